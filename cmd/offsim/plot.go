package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"offsim/plots"
)

// cmdPlot redraws every chart and report.html from the saved results of a
// run, without simulating again.
func cmdPlot(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("plot", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opt plotFlags
	opt.register(fs)
	into := fs.String("o", "", "directory for the charts and report (default: DIR itself)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: offsim plot [flags] DIR\n\nRedraws the charts and report.html from the results offsim run wrote to DIR.\n\nFlags:")
		fs.PrintDefaults()
	}
	args, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(args) != 1 {
		fs.Usage()
		return 2
	}
	dir := args[0]
	if *into == "" {
		*into = dir
	}
	paths, err := renderPlots(dir, *into, opt.options())
	if err != nil {
		fmt.Fprintf(stderr, "offsim plot: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %s\n", strings.Join(paths, ", "))
	return 0
}

// plotFlags choose the axes of the headline chart.
type plotFlags struct{ cost, outcome string }

func (p *plotFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&p.cost, "cost", plots.CostTotal, "x axis of the headline chart: total (EUR per month) or per_resolved (EUR per resolved issue)")
	fs.StringVar(&p.outcome, "outcome", "csat", "y axis of the headline chart: csat, service_level, fcr or churn_rate")
}

func (p *plotFlags) options() plots.Options {
	return plots.Options{CostAxis: p.cost, Outcome: p.outcome}
}

// renderPlots loads the results in dir and draws every chart into into.
func renderPlots(dir, into string, opt plots.Options) ([]string, error) {
	res, err := plots.Load(dir)
	if err != nil {
		return nil, err
	}
	return plots.Render(res, into, opt)
}
