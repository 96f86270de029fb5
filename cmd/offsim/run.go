package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"offsim/internal/atomicfile"
	"offsim/model"
	"offsim/plots"
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
	resume   bool
	shard    shard
	targetCI float64
	maxReps  int
	noPlots  bool
	plot     plotFlags
	set      map[string]bool // flags given on the command line
}

// plotOptions returns the chart options, or nil with -no-plots.
func (f *runFlags) plotOptions() *plots.Options {
	if f.noPlots {
		return nil
	}
	o := f.plot.options()
	return &o
}

// check rejects flag values that cannot work.
func (f *runFlags) check() error {
	switch {
	case f.set["reps"] && f.reps < 1:
		return fmt.Errorf("-reps must be at least 1, got %d", f.reps)
	case f.workers < 0:
		return fmt.Errorf("-workers must be >= 0, got %d", f.workers)
	case f.targetCI < 0 || f.targetCI >= 1:
		return fmt.Errorf("-target-ci must be in [0,1), got %g", f.targetCI)
	case f.targetCI > 0 && f.shard.n > 0:
		return errors.New("-target-ci cannot be combined with -shard: the number of replications would depend on the shard")
	case f.maxReps < 2:
		return fmt.Errorf("-max-reps must be at least 2, got %d", f.maxReps)
	}
	return nil
}

// shard is the K/N of -shard: this process runs the replications whose
// index is K modulo N. The zero value runs them all.
type shard struct{ k, n int }

func (s *shard) String() string {
	if s.n == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.k, s.n)
}

func (s *shard) Set(v string) error {
	ks, ns, ok := strings.Cut(v, "/")
	k, err1 := strconv.Atoi(ks)
	n, err2 := strconv.Atoi(ns)
	if !ok || err1 != nil || err2 != nil || n < 1 || k < 0 || k >= n {
		return fmt.Errorf("want K/N with 0 <= K < N, got %q", v)
	}
	s.k, s.n = k, n
	return nil
}

// owns reports whether replication index i belongs to this shard.
func (s *shard) owns(i int) bool { return s.n == 0 || i%s.n == s.k }

// missing returns the indices below total that this shard owns and that
// are not among done.
func (s *shard) missing(total int, done []model.Replication) []int {
	have := make(map[int]bool, len(done))
	for _, r := range done {
		have[r.Index] = true
	}
	var out []int
	for i := range total {
		if s.owns(i) && !have[i] {
			out = append(out, i)
		}
	}
	return out
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
	fs.BoolVar(&f.resume, "resume", false, "continue an interrupted run in the same -out directory, reusing its saved replications")
	fs.Var(&f.shard, "shard", "K/N: run only the replications with index ≡ K (mod N), for offsim merge")
	fs.Float64Var(&f.targetCI, "target-ci", 0, "add replications until every headline metric's 95% CI half-width is below this share of its mean (e.g. 0.01)")
	fs.IntVar(&f.maxReps, "max-reps", 200, "most replications per scenario with -target-ci")
	fs.BoolVar(&f.noPlots, "no-plots", false, "write the results only, no charts or report.html")
	f.plot.register(fs)
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
	if err := f.check(); err != nil {
		fmt.Fprintf(stderr, "offsim run: %v\n", err)
		return 2
	}
	if len(names) == 0 {
		names = scenarios.DefaultNames()
	}
	names = expandGroups(names)
	if f.quiet {
		stdout = io.Discard
	}

	var failed []string
	var batch []positioned
	k := 0 // position of each scenario variant, in command-line order
	for _, name := range names {
		variants, err := scenarios.LoadAll(name)
		if err != nil {
			fmt.Fprintf(stderr, "offsim run: %v\n", err)
			failed = append(failed, name)
			k++
			continue
		}
		for _, sc := range variants {
			if f.set["reps"] {
				sc.Run.Replications = f.reps
			}
			if f.set["seed"] {
				sc.Run.Seed = f.seed
			}
			batch = append(batch, positioned{k, sc})
			k++
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	progress := newProgress(batch, f, stderr)
	start := time.Now()
	var runs []scenarioRun
	for _, b := range batch {
		reps, err := runScenario(ctx, b, &f, progress)
		if err != nil && ctx.Err() == nil {
			fmt.Fprintf(stderr, "offsim run: scenario %q: %v\n", b.sc.Name, err)
			failed = append(failed, b.sc.Name)
			continue
		}
		if len(reps) > 0 {
			runs = append(runs, scenarioRun{sc: b.sc, reps: reps})
		}
		if ctx.Err() != nil {
			break
		}
	}
	progress.Finish()
	elapsed := time.Since(start)

	if f.shard.n > 0 {
		fmt.Fprintf(stdout, "shard %d/%d: %d scenario(s) in %.2f s; replications saved under %s; combine the shards with offsim merge\n",
			f.shard.k, f.shard.n, len(runs), elapsed.Seconds(), filepath.Join(f.out, stateDirName))
	} else if len(runs) > 0 {
		if code := report(runs, f.baseline, f.out, f.plotOptions(), stdout, stderr, elapsed); code != 0 {
			return code
		}
	}
	if ctx.Err() != nil {
		fmt.Fprintf(stderr, "\noffsim run: interrupted; the finished replications are saved in %s: run again with -resume to complete\n",
			filepath.Join(f.out, stateDirName))
		return 130
	}
	if len(failed) > 0 {
		fmt.Fprintf(stderr, "offsim run: %d scenario(s) failed: %s\n", len(failed), strings.Join(failed, ", "))
		return 1
	}
	return 0
}

// positioned is a scenario with its position on the command line, which
// names its state directory (shards of one run agree on it).
type positioned struct {
	k  int
	sc *model.Scenario
}

// report summarises the runs, writes every output file, draws the charts
// (unless plot is nil) and prints the headline; it returns a non-zero exit
// code on failure.
func report(runs []scenarioRun, baseline, out string, plot *plots.Options, stdout, stderr io.Writer, elapsed time.Duration) int {
	summary, err := summarize(runs, baseline)
	if err != nil {
		fmt.Fprintf(stderr, "offsim: %v\n", err)
		return 2
	}
	paths, err := writeOutputs(out, summary, runs)
	if err != nil {
		fmt.Fprintf(stderr, "offsim: %v\n", err)
		return 1
	}
	printHeadline(stdout, summary)
	fmt.Fprintf(stdout, "\n%d scenario(s) in %.2f s; wrote %s\n", len(summary.Scenarios), elapsed.Seconds(), strings.Join(paths, ", "))
	if plot != nil {
		charts, err := renderPlots(out, out, *plot)
		if err != nil {
			fmt.Fprintf(stderr, "offsim: the results are saved, but drawing the charts failed: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "charts and report: %s (%d files)\n", filepath.Join(out, "report.html"), len(charts))
	}
	return 0
}

// runScenario runs the replications of one scenario that this invocation
// owns (all, or one shard's), reusing saved ones with -resume, and with
// -target-ci adds replications until the headline metrics are precise
// enough. Every finished replication is saved at once.
func runScenario(ctx context.Context, b positioned, f *runFlags, progress *progressbar.ProgressBar) ([]model.Replication, error) {
	sc := b.sc
	fp, err := fingerprint(sc)
	if err != nil {
		return nil, err
	}
	dir := scenarioDir(f.out, b.k, sc)
	var reps []model.Replication
	if f.resume {
		if reps, err = loadResumable(f.out, b.k, sc, fp); err != nil {
			return nil, err
		}
		progress.Add(len(reps))
	} else if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	if err := saveScenario(dir, scenarioState{Position: b.k, Fingerprint: fp, Scenario: sc}); err != nil {
		return nil, err
	}
	var saveErr error
	var mu sync.Mutex
	done := func(r model.Replication) {
		if err := saveReplication(dir, &r); err != nil {
			mu.Lock()
			saveErr = errors.Join(saveErr, err)
			mu.Unlock()
		}
		progress.Add(1)
	}
	total := sc.Run.Replications
	for {
		todo := f.shard.missing(total, reps)
		more, err := sim.RunReplications(ctx, sc, todo, sim.RunOptions{Workers: f.workers, Done: done})
		reps = mergeReps(reps, more)
		if err != nil || saveErr != nil {
			return reps, errors.Join(err, saveErr)
		}
		if f.targetCI <= 0 || total >= f.maxReps || precise(sc, reps, f.targetCI) {
			return reps, nil
		}
		total = min(total+sc.Run.Replications, f.maxReps)
		progress.ChangeMax(progress.GetMax() + total - len(reps))
	}
}

// mergeReps combines two sets of replications, sorted by index.
func mergeReps(a, b []model.Replication) []model.Replication {
	out := append(a, b...)
	slices.SortFunc(out, func(x, y model.Replication) int { return x.Index - y.Index })
	return out
}

// headlineMetrics are the metrics -target-ci makes precise.
var headlineMetrics = []string{"service_level", "abandon_rate", "fcr", "csat", "churn_rate", "cost_total_eur"}

// precise reports whether every headline metric (with a non-zero mean) has a
// 95% CI half-width below target × |mean|.
func precise(sc *model.Scenario, reps []model.Replication, target float64) bool {
	if len(reps) < 2 {
		return false
	}
	m := model.SummarizeScenario(sc, reps).Metrics
	for _, name := range headlineMetrics {
		s := m[name]
		if s.Mean != 0 && (s.CI95High-s.Mean) > target*math.Abs(s.Mean) {
			return false
		}
	}
	return true
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

// resolvedDirName holds the scenarios of a run as resolved: every default
// filled in, so the run can be reproduced from these files alone.
const resolvedDirName = "scenarios"

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
		{"parameters.csv", parametersCSV(runs)},
		{"sweep.csv", sweepCSV(runs)},
		{"yearly.csv", yearlyCSV(runs)},
		{"yearly_replications.csv", yearlyReplicationsCSV(runs)},
		{"tenders.csv", tendersCSV(runs)},
	}
	for i, run := range runs {
		src, err := scenarios.Encode(run.sc)
		if err != nil {
			return nil, fmt.Errorf("scenario %q: %w", run.sc.Name, err)
		}
		files = append(files, struct {
			name string
			data []byte
		}{filepath.Join(resolvedDirName, fmt.Sprintf("%02d-%s.toml", i, slug(run.sc.Name))), src})
	}
	if err := os.RemoveAll(filepath.Join(dir, resolvedDirName)); err != nil {
		return nil, err
	}
	var paths []string
	resolved := 0
	for _, f := range files {
		if f.data == nil { // an optional file this run has no data for: drop a stale one
			if err := os.Remove(filepath.Join(dir, f.name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, err
			}
			continue
		}
		p := filepath.Join(dir, f.name)
		if err := atomicfile.WriteFile(p, f.data); err != nil {
			return nil, fmt.Errorf("writing %s: %w", p, err)
		}
		if strings.HasPrefix(f.name, resolvedDirName+string(filepath.Separator)) {
			resolved++
			continue
		}
		paths = append(paths, p)
	}
	paths = append(paths, fmt.Sprintf("%s (%d resolved scenario files)", filepath.Join(dir, resolvedDirName), resolved))
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
func newProgress(batch []positioned, fl runFlags, stderr io.Writer) *progressbar.ProgressBar {
	total := 0
	for _, b := range batch {
		total += len(fl.shard.missing(b.sc.Run.Replications, nil))
	}
	f, isFile := stderr.(*os.File)
	if fl.quiet || !isFile || !term.IsTerminal(int(f.Fd())) {
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

// expandGroups replaces each built-in group name ("race") by the
// built-ins it stands for, unless a file of that name exists.
func expandGroups(names []string) []string {
	var out []string
	for _, n := range names {
		g, ok := scenarios.BuiltinGroup(n)
		if fi, err := os.Stat(n); ok && (err != nil || fi.IsDir()) {
			out = append(out, g...)
			continue
		}
		out = append(out, n)
	}
	return out
}
