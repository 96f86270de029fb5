package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"offsim/internal/outdir"
	"offsim/plots"
	"offsim/results"
)

// cmdPlot redraws every chart and report.html from the saved results of a
// run, without simulating again.
func cmdPlot(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("plot", "Usage: offsim plot [flags] DIR\n\nRedraws the charts and report.html from the results offsim run wrote to DIR.\n\nFlags:\n", stderr)
	var opt plotFlags
	opt.register(fs)
	into := fs.String("o", "", "folder for the charts and report (default: DIR itself)")
	force := forceFlag(fs, "-o")
	args, code, ok := parseFlags(fs, args, 1, 1, opt.check)
	if !ok {
		return code
	}
	dir := args[0]
	if *into == "" {
		*into = dir
	}
	paths, err := redraw(dir, *into, *force, opt.options())
	if err != nil {
		fmt.Fprintf(stderr, "offsim plot: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %s\n", strings.Join(paths, ", "))
	return 0
}

// redraw draws the charts of the results in dir into the folder into,
// replacing the charts offsim drew there before. It locks into first, so
// that the results read are not being replaced meanwhile when into is dir.
func redraw(dir, into string, force bool, opt plots.Options) ([]string, error) {
	out, err := outdir.Open(into, outdir.Options{Force: force, State: isStateFile})
	if err != nil {
		return nil, err
	}
	defer out.Close()
	if m := out.ReadManifest(); !same(dir, into) && m != nil && hasResults(m) {
		return nil, fmt.Errorf("%s holds the results of another run: draw into an empty folder, or into %s itself", into, dir)
	}
	optimized, hasSummary, err := optimizedFolder(dir)
	if err != nil {
		return nil, err
	}
	var res *plots.Results
	if hasSummary {
		if res, err = plots.Load(dir); err != nil {
			return nil, err
		}
	}
	stage, err := out.Stage()
	if err != nil {
		return nil, err
	}
	if res != nil {
		if _, err := plots.Render(res, stage, opt); err != nil {
			return nil, err
		}
	}
	if optimized != nil {
		if _, err := plots.RenderOptimize(optimized, stage); err != nil {
			return nil, err
		}
	}
	staged, err := out.Staged()
	if err != nil {
		return nil, err
	}
	charts := func(string) string { return results.GroupCharts }
	if err := out.Publish(staged, charts, results.GroupCharts); err != nil {
		return nil, err
	}
	paths := make([]string, len(staged))
	for i, n := range staged {
		paths[i] = filepath.Join(into, filepath.FromSlash(n))
	}
	return paths, nil
}

// hasResults reports whether a manifest lists results files.
func hasResults(m *results.Manifest) bool {
	for _, e := range m.Files {
		if e.Group == results.GroupResults {
			return true
		}
	}
	return false
}

// plotFlags choose the axes of the headline chart.
type plotFlags struct{ cost, outcome string }

func (p *plotFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&p.cost, "cost", plots.CostTotal, "cost axis of the charts: total (the client's cost, EUR per month), economic (the client's cost + lost customer value, EUR per month) or per_resolved (EUR per resolved issue)")
	fs.StringVar(&p.outcome, "outcome", "csat", "y axis of the headline chart: csat, service_level, fcr or churn_rate")
}

func (p *plotFlags) options() plots.Options {
	return plots.Options{CostAxis: p.cost, Outcome: p.outcome}
}

// unless returns the chart options, or nil (no charts) when noPlots.
func (p *plotFlags) unless(noPlots bool) *plots.Options {
	if noPlots {
		return nil
	}
	o := p.options()
	return &o
}

// check rejects axes the charts do not know.
func (p *plotFlags) check(map[string]bool) error { return p.options().Check() }
