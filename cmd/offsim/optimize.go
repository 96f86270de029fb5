package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"offsim/internal/outdir"
	"offsim/model"
	"offsim/optimize"
	"offsim/plots"
	"offsim/results"
	"offsim/scenarios"
	"offsim/sim"
)

const optimizeUsage = `Usage: offsim optimize [flags] FILE|BUILTIN

Answers the design question of the file's [optimize] table: the values of
its variables that minimise the objective while the constraints' means
hold, found by simulation with a stated guarantee (see README.md,
Optimisation). Writes into the -out folder:

  optimize.csv    every evaluated design: variables, replications, the mean
                  and confidence interval of every metric, feasible yes/no
  optimize.json   the problem, the replications spent, the returned design
                  and its guarantee
  best.toml       the returned design as a scenario file (offsim run best.toml);
                  not written when no design was shown feasible
  summary.json    the returned design's results over its replications, with
                  summary.csv, replications.csv and the other files of a run
  optimize.png    every design on the objective against each constrained metric,
  optimize.svg    the feasible region and the frontier marked

The search is adaptive (each stage chooses its designs from the outcomes of
the last), so it runs in one process: -shard and offsim merge do not apply.

Flags:
`

// optimizeFlags are the flags of offsim optimize.
type optimizeFlags struct {
	outputFlags
	budget  int
	noPlots bool
}

func newOptimizeFlagSet(stderr io.Writer, f *optimizeFlags) *flag.FlagSet {
	fs := newFlagSet("optimize", optimizeUsage, stderr)
	f.outputFlags.register(fs)
	fs.IntVar(&f.budget, "budget", 0, "replications the search may spend (overrides [optimize] budget_replications)")
	fs.BoolVar(&f.noPlots, "no-plots", false, "write the results only, no chart")
	return fs
}

// check rejects flag values that cannot work, before anything runs;
// given names the flags the command line set.
func (f *optimizeFlags) check(given map[string]bool) error {
	f.set = given
	switch {
	case f.set["seed"] && f.seed > maxSeed:
		return fmt.Errorf("-seed must be at most %d (2^63−1, the largest a scenario file can record), got %d", uint64(maxSeed), f.seed)
	case f.set["budget"] && (f.budget < optimize.MinBudget || f.budget > optimize.MaxBudget):
		return fmt.Errorf("-budget must be in [%d, %d] replications (%d: one design's variance estimated and tested), got %d",
			optimize.MinBudget, optimize.MaxBudget, optimize.MinBudget, f.budget)
	case f.workers < 0 || f.workers > maxWorkers:
		return fmt.Errorf("-workers must be in [0, %d] (0: one per CPU), got %d", maxWorkers, f.workers)
	case f.out == "":
		return errors.New("-out must name a folder")
	}
	return nil
}

func cmdOptimize(args []string, stdout, stderr io.Writer) int {
	var f optimizeFlags
	fs := newOptimizeFlagSet(stderr, &f)
	names, code, ok := parseFlags(fs, args, 0, -1, f.check)
	if !ok {
		return code
	}
	if len(names) != 1 {
		fmt.Fprintln(stderr, "Usage: offsim optimize [flags] FILE|BUILTIN   (offsim optimize -h for the flags)")
		return 2
	}
	if f.quiet {
		stdout = io.Discard
	}
	o, err := scenarios.LoadOptimization(names[0])
	if err != nil {
		fmt.Fprintf(stderr, "offsim optimize: %v\n", err)
		return 1
	}
	seed := o.Base.Run.Seed
	if f.set["seed"] {
		seed = f.seed
	}
	p := o.Problem
	if f.set["budget"] {
		p.BudgetReplications = f.budget
	}
	dir, err := outdir.Open(f.out, outdir.Options{Force: *f.force})
	if err != nil {
		fmt.Fprintf(stderr, "offsim optimize: %v\n", err)
		return 1
	}
	defer dir.Close()
	if err := dir.CheckWritable(plannedOptimize(o.Base)); err != nil {
		fmt.Fprintf(stderr, "offsim optimize: %v\n", err)
		return 1
	}

	sig := watchSignals(stderr)
	defer sig.release()
	ev := newDesignEvaluator(o, seed, f.workers, &sig.stop)
	bar := newBudgetBar(p.BudgetReplications, f.quiet, stderr)
	start := time.Now()
	res, err := optimize.Run(sig.ctx, p, ev, optimize.Options{Seed: seed, Workers: workersOf(f.workers),
		Progress: func(spent, _ int) { bar.Set(spent) }})
	if sig.ctx.Err() != nil || sig.stop.Load() {
		bar.Exit()
		fmt.Fprintln(stderr, "offsim optimize: interrupted: nothing written (the search is adaptive: it cannot resume)")
		return 130
	}
	if err != nil {
		bar.Exit()
		fmt.Fprintf(stderr, "offsim optimize: %v\n", err)
		return 1
	}
	out := optimizeOutput{o: o, p: p, res: &res, seed: seed, ev: ev}
	if res.Best >= 0 {
		if out.best, err = ev.bestReplications(sig.ctx, &res, bar); err != nil {
			bar.Exit()
			if sig.ctx.Err() != nil || sig.stop.Load() {
				fmt.Fprintln(stderr, "offsim optimize: interrupted: nothing written")
				return 130
			}
			fmt.Fprintf(stderr, "offsim optimize: the returned design: %v\n", err)
			return 1
		}
	}
	bar.Finish()
	elapsed := time.Since(start)
	written, chartErr, err := out.publish(dir, !f.noPlots)
	if err != nil {
		fmt.Fprintf(stderr, "offsim optimize: %v\n", err)
		return 1
	}
	out.print(stdout, elapsed)
	paths := make([]string, len(written))
	for i, n := range written {
		paths[i] = filepath.Join(dir.Path, filepath.FromSlash(n))
	}
	fmt.Fprintf(stdout, "wrote %s\n", strings.Join(paths, ", "))
	switch {
	case chartErr != nil:
		fmt.Fprintf(stderr, "offsim optimize: the results are saved, but drawing the chart failed: %v\n", chartErr)
		return 1
	case res.Best < 0:
		fmt.Fprintf(stderr, "offsim optimize: no design was shown to meet the constraints at %g confidence: no best.toml; "+
			"raise budget_replications, widen the ranges or relax the constraints\n", p.Confidence)
		return 1
	}
	return 0
}

// workersOf returns the number of workers -workers asks for.
func workersOf(w int) int {
	if w <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return w
}

// plannedOptimize returns the files offsim optimize may write for a
// scenario like base.
func plannedOptimize(base *model.Scenario) []string {
	names := []string{results.OptimizeCSV, results.OptimizeJSON, results.BestTOML}
	names = append(names, results.Planned([]*model.Scenario{base})...)
	return append(names, plots.OptimizeChart+".png", plots.OptimizeChart+".svg")
}

// newBudgetBar returns a progress bar over the budget's replications,
// drawn on stderr only when it is a terminal and -quiet is off.
func newBudgetBar(budget int, quiet bool, stderr io.Writer) *progressbar.ProgressBar {
	f, isFile := stderr.(*os.File)
	if quiet || !isFile || !term.IsTerminal(int(f.Fd())) {
		return progressbar.DefaultSilent(int64(budget))
	}
	return progressbar.NewOptions(budget,
		progressbar.OptionSetWriter(stderr),
		progressbar.OptionSetDescription("replications of the budget"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("rep"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
}

// designEvaluator runs replications of designs for optimize.Run: each
// design's scenario is decoded once (Optimization.Design) and cached;
// replication r of any design draws from the streams of (seed, r), so
// designs are compared on common random numbers.
type designEvaluator struct {
	o       *scenarios.Optimization
	seed    uint64
	workers int
	stop    *atomic.Bool
	metrics []string

	mu    sync.Mutex
	cache map[string]*designScenario
}

// designScenario is a design's scenario, decoded once.
type designScenario struct {
	once sync.Once
	sc   *model.Scenario
	err  error
}

func newDesignEvaluator(o *scenarios.Optimization, seed uint64, workers int, stop *atomic.Bool) *designEvaluator {
	return &designEvaluator{o: o, seed: seed, workers: workers, stop: stop, metrics: o.Problem.Metrics, cache: map[string]*designScenario{}}
}

// scenario returns the scenario of a design.
func (e *designEvaluator) scenario(values []float64) (*model.Scenario, error) {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = strconv.FormatFloat(v, 'g', -1, 64)
	}
	key := strings.Join(parts, ",")
	e.mu.Lock()
	c := e.cache[key]
	if c == nil {
		c = &designScenario{}
		e.cache[key] = c
	}
	e.mu.Unlock()
	c.once.Do(func() {
		if c.sc, c.err = e.o.Design(values); c.err == nil {
			c.sc.Run.Seed = e.seed
		}
	})
	return c.sc, c.err
}

// Evaluate runs replications reps of a design and returns, per
// replication, its total metrics in the order of Problem.Metrics.
func (e *designEvaluator) Evaluate(ctx context.Context, design []float64, reps []int) ([][]float64, error) {
	sc, err := e.scenario(design)
	if err != nil {
		return nil, err
	}
	rows := make([][]float64, 0, len(reps))
	err = sim.Replicate(ctx, sc, reps, sim.RunOptions{Workers: e.workers, Stop: e.stop,
		Done: func(r *model.Replication) error {
			row, err := e.row(sc, r)
			rows = append(rows, row)
			return err
		}})
	return rows, err
}

// row returns a replication's total metrics in the order of e.metrics.
func (e *designEvaluator) row(sc *model.Scenario, r *model.Replication) ([]float64, error) {
	total, _ := model.ReplicationMetrics(sc, r)
	if len(total) != len(e.metrics) {
		return nil, fmt.Errorf("replication %d: %d metrics, want %d", r.Index, len(total), len(e.metrics))
	}
	row := make([]float64, len(total))
	for j, m := range total {
		if m.Name != e.metrics[j] {
			return nil, fmt.Errorf("replication %d: metric %q where %q was expected", r.Index, m.Name, e.metrics[j])
		}
		row[j] = m.Value
	}
	return row, nil
}

// bestReplications runs again the replications of the returned design
// (the same indices, so the same results) into a collector, for its
// summary files.
func (e *designEvaluator) bestReplications(ctx context.Context, res *optimize.Result, bar *progressbar.ProgressBar) (*results.Collector, error) {
	d := res.Designs[res.Best]
	sc, err := e.scenario(d.Values)
	if err != nil {
		return nil, err
	}
	idx := slices.Clone(d.Indices)
	slices.Sort(idx)
	idx = slices.Compact(idx)
	bar.ChangeMax(res.Spent + len(idx))
	bar.Set(res.Spent)
	col := results.NewCollector(sc)
	err = sim.Replicate(ctx, sc, idx, sim.RunOptions{Workers: e.workers, Stop: e.stop,
		Finished: func(*model.Replication) error { return bar.Add(1) },
		Done:     col.Add})
	return col, err
}

// optimizeOutput is what offsim optimize writes and prints.
type optimizeOutput struct {
	o    *scenarios.Optimization
	p    optimize.Problem
	res  *optimize.Result
	seed uint64
	ev   *designEvaluator
	best *results.Collector // the returned design's replications; nil: none
}

// report returns optimize.json's content.
func (out *optimizeOutput) report() results.OptimizeReport {
	p, res := out.p, out.res
	r := results.OptimizeReport{
		Scenario: out.o.Base.Name, Seed: out.seed, Minimize: p.Minimize,
		BudgetReplications: p.BudgetReplications, SpentReplications: res.Spent,
		Confidence: p.Confidence, IndifferenceZone: p.IndifferenceZone, Designs: len(res.Designs),
		Variables: []results.OptimizeVariable{}, Constraints: []results.OptimizeConstraint{},
	}
	for _, v := range p.Variables {
		r.Variables = append(r.Variables, results.OptimizeVariable{Key: v.Key, From: v.From, To: v.To, Step: v.Step})
	}
	for _, c := range p.Constraints {
		rc := results.OptimizeConstraint{Metric: c.Metric, Tolerance: c.Tolerance}
		if c.HasMin {
			rc.Min = results.FinitePtr(c.Min)
		}
		if c.HasMax {
			rc.Max = results.FinitePtr(c.Max)
		}
		r.Constraints = append(r.Constraints, rc)
	}
	g := res.Guarantee
	r.Guarantee = results.OptimizeGuarantee{Statement: g.Statement, Candidates: g.Candidates,
		IndifferenceZone: results.FinitePtr(g.IndifferenceZone), TargetsMet: g.TargetsMet, Bounds: []results.OptimizeBound{}}
	for _, b := range g.Bounds {
		r.Guarantee.Bounds = append(r.Guarantee.Bounds, results.OptimizeBound{Metric: b.Metric, Limit: b.Limit, Upper: b.Upper, Tolerance: results.FinitePtr(b.Tolerance)})
	}
	if res.Best >= 0 {
		d := res.Designs[res.Best]
		obj := d.Objective
		if d.Final != nil {
			obj = d.Final.Objective
		}
		r.Best = &results.OptimizeBest{Row: res.Best, Values: d.Values, Objective: results.FinitePtr(obj), Replications: d.Replications}
		if out.best != nil {
			r.Best.Scenario = out.best.Scenario().Name
		}
	}
	return r
}

// publish stages optimize.csv, optimize.json and, with a returned design,
// best.toml and its summary files, draws the chart from the staged files
// (unless plot is false) and publishes them all. A failure to draw is
// returned apart: the results are published without the chart.
func (out *optimizeOutput) publish(dir *outdir.Dir, plot bool) (written []string, chartErr, err error) {
	stage, err := dir.Stage()
	if err != nil {
		return nil, nil, err
	}
	write := func(name string, fill func(io.Writer) error) error {
		f, err := os.Create(filepath.Join(stage, name))
		if err != nil {
			return err
		}
		err = fill(f)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("writing %s: %w", name, err)
		}
		written = append(written, name)
		return nil
	}
	if err := write(results.OptimizeCSV, out.res.WriteCSV); err != nil {
		return nil, nil, err
	}
	data, err := results.EncodeOptimizeReport(out.report())
	if err != nil {
		return nil, nil, err
	}
	if err := write(results.OptimizeJSON, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
		return nil, nil, err
	}
	if out.best != nil {
		toml, err := out.bestTOML()
		if err != nil {
			return nil, nil, err
		}
		if err := write(results.BestTOML, func(w io.Writer) error { _, err := w.Write(toml); return err }); err != nil {
			return nil, nil, err
		}
		batch := results.Batch{Scenarios: []*results.Collector{out.best}}
		names, err := batch.WriteDir(stage)
		if err != nil {
			return nil, nil, err
		}
		written = append(written, names...)
	}
	var drawCharts func() error
	if plot {
		drawCharts = func() error { return drawOptimize(stage) }
	}
	chartErr, err = publishWithCharts(dir, written, drawCharts)
	return written, chartErr, err
}

// drawOptimize draws the optimisation chart of the files staged in stage,
// reading them back as offsim plot would.
func drawOptimize(stage string) error {
	o, err := readStaged(stage, plots.LoadOptimize)
	if err != nil {
		return err
	}
	_, err = plots.RenderOptimize(o, stage)
	return err
}

// optimizedFolder returns the data of the optimisation chart when dir
// holds offsim optimize's results (nil otherwise), and whether it holds a
// summary.json to draw the charts of a run from (a run's folder does; an
// optimisation's when it returned a design).
func optimizedFolder(dir string) (*plots.Optimization, bool, error) {
	set, err := results.Open(dir)
	if err != nil {
		return nil, true, nil // plots.Load says what is wrong
	}
	hasOpt, hasSummary := set.Has(results.OptimizeJSON), set.Has(results.SummaryJSON)
	set.Close()
	if !hasOpt {
		return nil, true, nil
	}
	o, err := plots.LoadOptimize(dir)
	return o, hasSummary, err
}

// bestTOML returns best.toml: the returned design's resolved scenario,
// headed by what was asked and what is guaranteed.
func (out *optimizeOutput) bestTOML() ([]byte, error) {
	sc := out.best.Scenario()
	data, err := encodeScenario(sc)
	if err != nil {
		return nil, err
	}
	d := out.res.Designs[out.res.Best]
	var b strings.Builder
	fmt.Fprintf(&b, "# The design offsim optimize returned for %q (seed %d, %d of %d replications spent):\n",
		out.o.Base.Name, out.seed, out.res.Spent, out.res.Budget)
	fmt.Fprintf(&b, "#   %s\n", out.o.Label(d.Values))
	for _, line := range wrap(out.res.Guarantee.Statement, 74) {
		fmt.Fprintf(&b, "# %s\n", line)
	}
	b.WriteString("# Run it with offsim run best.toml.\n#\n")
	return append([]byte(b.String()), data...), nil
}

// wrap splits s into lines of at most width bytes at spaces.
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// print writes the outcome: the problem, the spending, the returned
// design with its objective and constrained metrics, and the guarantee.
func (out *optimizeOutput) print(w io.Writer, elapsed time.Duration) {
	p, res := out.p, out.res
	var cons []string
	for _, c := range p.Constraints {
		if c.HasMin {
			cons = append(cons, fmt.Sprintf("%s >= %g", c.Metric, c.Min))
		}
		if c.HasMax {
			cons = append(cons, fmt.Sprintf("%s <= %g", c.Metric, c.Max))
		}
	}
	subject := ""
	if len(cons) > 0 {
		subject = " subject to " + strings.Join(cons, ", ")
	}
	fmt.Fprintf(w, "%s: minimise %s%s over %d variable(s)\n", out.o.Base.Name, p.Minimize, subject, len(p.Variables))
	fmt.Fprintf(w, "%d of %d replications on %d designs in %s\n", res.Spent, res.Budget, len(res.Designs), elapsed.Round(100*time.Millisecond))
	if res.Best < 0 {
		fmt.Fprintf(w, "no design returned: %s\n", res.Guarantee.Statement)
		return
	}
	d := res.Designs[res.Best]
	fmt.Fprintf(w, "\nreturned design (%d replications):\n", d.Replications)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for i, v := range p.Variables {
		fmt.Fprintf(tw, "  %s\t%g\t\n", v.Key, d.Values[i])
	}
	tw.Flush()
	if out.best != nil {
		m := out.best.Summary().Metrics
		names := []string{}
		if slices.Contains(p.Metrics, p.Minimize) {
			names = append(names, p.Minimize)
		}
		for _, c := range p.Constraints {
			if !slices.Contains(names, c.Metric) {
				names = append(names, c.Metric)
			}
		}
		if len(names) > 0 {
			fmt.Fprintf(w, "\nover its %d replications (mean, 95%% CI):\n", d.Replications)
			tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
			for _, n := range names {
				s := m[n]
				fmt.Fprintf(tw, "  %s\t%s\t[%s, %s]\t\n", n, short(s.Mean), short(s.CI95Low), short(s.CI95High))
			}
			tw.Flush()
		}
	}
	fmt.Fprintf(w, "\n%s\n\n", res.Guarantee.Statement)
}

// short formats a metric's value for the terminal.
func short(x float64) string {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return "–"
	case math.Abs(x) >= 1000:
		return eur(x)
	}
	return strconv.FormatFloat(x, 'g', 4, 64)
}
