package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"offsim/model"
	"offsim/scenarios"
	"offsim/sim"
)

// parseInterspersed parses flags that may stand before, between or after
// the positional arguments (offsim run w1.toml -reps 1 works as expected).
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// runFlags are the flags of offsim run.
type runFlags struct {
	reps     int
	seed     uint64
	workers  int
	out      string
	quiet    bool
	baseline string
	set      map[string]bool // flags given on the command line
}

func newRunFlagSet(stderr io.Writer, f *runFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&f.reps, "reps", 0, "replications per scenario (overrides [run] replications)")
	fs.Uint64Var(&f.seed, "seed", 0, "root random seed (overrides [run] seed)")
	fs.IntVar(&f.workers, "workers", 0, "replications run in parallel (0: one per CPU); results do not depend on it")
	fs.StringVar(&f.out, "out", "out", "directory for summary.json and summary.csv")
	fs.BoolVar(&f.quiet, "quiet", false, "print nothing but errors")
	fs.StringVar(&f.baseline, "baseline", "", "scenario the others are compared with, paired by replication (default: the first)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: offsim run [flags] [FILE|BUILTIN ...]\n\n"+
			"Simulates each scenario (a TOML file, or the name of a built-in; none: the built-in\n"+
			"defaults %s) and writes DIR/summary.json and DIR/summary.csv.\n\nFlags:\n",
			strings.Join(scenarios.DefaultNames(), ", "))
		fs.PrintDefaults()
	}
	return fs
}

func cmdRun(args []string, stdout, stderr io.Writer) int {
	var f runFlags
	fs := newRunFlagSet(stderr, &f)
	names, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	f.set = map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { f.set[fl.Name] = true })
	if f.set["reps"] && f.reps < 1 {
		fmt.Fprintf(stderr, "offsim run: -reps must be at least 1, got %d\n", f.reps)
		return 2
	}
	if f.workers < 0 {
		fmt.Fprintf(stderr, "offsim run: -workers must be >= 0, got %d\n", f.workers)
		return 2
	}
	if len(names) == 0 {
		names = scenarios.DefaultNames()
	}
	if f.quiet {
		stdout = io.Discard
	}

	var failed []string
	var batch []*model.Scenario
	for _, name := range names {
		sc, err := scenarios.Load(name)
		if err != nil {
			fmt.Fprintf(stderr, "offsim run: %v\n", err)
			failed = append(failed, name)
			continue
		}
		if f.set["reps"] {
			sc.Run.Replications = f.reps
		}
		if f.set["seed"] {
			sc.Run.Seed = f.seed
		}
		batch = append(batch, sc)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	progress := newProgress(batch, f.quiet, stderr)
	start := time.Now()
	var runs []scenarioRun
	for _, sc := range batch {
		reps, err := sim.RunReplications(ctx, sc, sim.Indices(sc.Run.Replications), sim.RunOptions{
			Workers: f.workers,
			Done:    func(model.Replication) { progress.Add(1) },
		})
		if ctx.Err() != nil {
			progress.Exit()
			fmt.Fprintf(stderr, "\noffsim run: interrupted; no results written\n")
			return 130
		}
		if err != nil {
			fmt.Fprintf(stderr, "offsim run: %v\n", err)
			failed = append(failed, sc.Name)
			continue
		}
		runs = append(runs, scenarioRun{sc: sc, reps: reps})
	}
	progress.Finish()
	elapsed := time.Since(start)

	summary, err := summarize(runs, f.baseline)
	if err != nil {
		fmt.Fprintf(stderr, "offsim run: %v\n", err)
		return 2
	}
	if len(summary.Scenarios) > 0 {
		paths, err := writeOutputs(f.out, summary, runs)
		if err != nil {
			fmt.Fprintf(stderr, "offsim run: %v\n", err)
			return 1
		}
		printHeadline(stdout, summary)
		fmt.Fprintf(stdout, "\n%d scenario(s) in %.2f s; wrote %s\n", len(summary.Scenarios), elapsed.Seconds(), strings.Join(paths, ", "))
	}
	if len(failed) > 0 {
		fmt.Fprintf(stderr, "offsim run: %d scenario(s) failed: %s\n", len(failed), strings.Join(failed, ", "))
		return 1
	}
	return 0
}

// summarize builds the batch summary; every scenario but the baseline
// carries its paired difference to the baseline.
func summarize(runs []scenarioRun, baseline string) (model.BatchSummary, error) {
	var b model.BatchSummary
	if len(runs) == 0 {
		return b, nil
	}
	base := &runs[0]
	if baseline != "" {
		base = nil
		for i := range runs {
			if runs[i].sc.Name == baseline {
				base = &runs[i]
			}
		}
		if base == nil {
			return b, fmt.Errorf("-baseline %q is not a scenario of this batch", baseline)
		}
	}
	for i := range runs {
		s := model.SummarizeScenario(runs[i].sc, runs[i].reps)
		if &runs[i] != base {
			s.Baseline = base.sc.Name
			s.VsBaseline = model.PairedDifference(base.sc, base.reps, runs[i].sc, runs[i].reps)
		}
		b.Scenarios = append(b.Scenarios, s)
	}
	return b, nil
}

// writeOutputs writes every output file into dir, each atomically, and
// returns their paths.
func writeOutputs(dir string, b model.BatchSummary, runs []scenarioRun) ([]string, error) {
	js, err := summaryJSON(b)
	if err != nil {
		return nil, err
	}
	cs, err := summaryCSV(b)
	if err != nil {
		return nil, err
	}
	files := []struct {
		name string
		data []byte
	}{
		{"summary.json", js},
		{"summary.csv", cs},
		{"paired.csv", pairedCSV(b)},
		{"replications.csv", replicationsCSV(runs)},
		{"timeseries.csv", timeseriesCSV(runs)},
	}
	var paths []string
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		if err := writeFileAtomic(p, f.data); err != nil {
			return nil, fmt.Errorf("writing %s: %w", p, err)
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// printHeadline prints the headline metrics of each scenario as a table:
// means with their 95% CI half-width.
func printHeadline(w io.Writer, b model.BatchSummary) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\treps\toffered\tservice level\tabandoned\tASA s\tFCR\tCSAT\tcost EUR\tper resolved issue\t")
	for _, sc := range b.Scenarios {
		m := sc.Metrics
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%s\t%s\t%.1f\t%s\t%s\t%s\t%s\t\n", sc.Name, sc.Replications,
			m["calls_offered"].Mean, pct(m["service_level"]), pct(m["abandon_rate"]),
			m["asa_seconds"].Mean, pct(m["fcr"]), pct(m["csat"]), eur(m["cost_total_eur"].Mean),
			eur(m["cost_per_resolved_issue_eur"].Mean))
	}
	tw.Flush()
}

// eur formats an amount in whole euros with thousands separators.
func eur(v float64) string {
	neg := v < 0
	s := strconv.FormatFloat(math.Abs(math.Round(v)), 'f', 0, 64)
	if math.Abs(v) < 100 {
		s = strconv.FormatFloat(math.Abs(v), 'f', 2, 64)
	}
	intPart, frac, _ := strings.Cut(s, ".")
	var out []byte
	for i, c := range []byte(intPart) {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, c)
	}
	if frac != "" {
		out = append(append(out, '.'), frac...)
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

// pct formats a fraction's mean with its 95% CI half-width in percent.
func pct(s model.Summary) string {
	return fmt.Sprintf("%.1f%% ±%.1f", 100*s.Mean, 100*(s.CI95High-s.Mean))
}

// newProgress returns a progress bar over all replications of the batch,
// drawn on stderr only when it is a terminal and -quiet is off.
func newProgress(batch []*model.Scenario, quiet bool, stderr io.Writer) *progressbar.ProgressBar {
	total := 0
	for _, sc := range batch {
		total += sc.Run.Replications
	}
	f, isFile := stderr.(*os.File)
	if quiet || !isFile || !term.IsTerminal(int(f.Fd())) {
		return progressbar.DefaultSilent(int64(total))
	}
	return progressbar.NewOptions(total,
		progressbar.OptionSetWriter(stderr),
		progressbar.OptionSetDescription("replications"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("rep"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
}
