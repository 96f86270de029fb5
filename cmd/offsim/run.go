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
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"offsim/internal/outdir"
	"offsim/model"
	"offsim/results"
	"offsim/scenarios"
	"offsim/sim"
)

// Flag limits beyond which a value is a mistake, not a wish.
const (
	maxWorkers = 4096
	maxSeed    = math.MaxInt64 // a scenario file stores the seed as a TOML integer
)

// runFlags are the flags of offsim run.
type runFlags struct {
	outputFlags
	reps     int
	baseline string
	resume   bool
	shard    shard
	targetCI float64
	maxReps  int
	noPlots  bool
	plot     plotFlags
}

// check rejects flag values that cannot work, before anything runs;
// given names the flags the command line set.
func (f *runFlags) check(given map[string]bool) error {
	f.set = given
	switch {
	case f.set["reps"] && (f.reps < 1 || f.reps > results.MaxReplications):
		return fmt.Errorf("-reps must be in [1, %d], got %d", results.MaxReplications, f.reps)
	case f.set["seed"] && f.seed > maxSeed:
		return fmt.Errorf("-seed must be at most %d (2^63−1, the largest a scenario file can record), got %d", uint64(maxSeed), f.seed)
	case f.workers < 0 || f.workers > maxWorkers:
		return fmt.Errorf("-workers must be in [0, %d] (0: one per CPU), got %d", maxWorkers, f.workers)
	case !(f.targetCI >= 0 && f.targetCI < 1):
		return fmt.Errorf("-target-ci must be a share in [0, 1), got %g", f.targetCI)
	case f.targetCI > 0 && f.shard.n > 0:
		return errors.New("-target-ci cannot be combined with -shard: the number of replications would depend on the shard")
	case f.maxReps < 2 || f.maxReps > results.MaxReplications:
		return fmt.Errorf("-max-reps must be in [2, %d], got %d", results.MaxReplications, f.maxReps)
	case f.out == "":
		return errors.New("-out must name a folder")
	}
	return f.plot.options().Check()
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
	if !ok || err1 != nil || err2 != nil || n < 1 || n > results.MaxReplications || k < 0 || k >= n {
		return fmt.Errorf("want K/N with 0 <= K < N <= %d, got %q", results.MaxReplications, v)
	}
	s.k, s.n = k, n
	return nil
}

// owns reports whether replication index i belongs to this shard.
func (s *shard) owns(i int) bool { return s.n == 0 || i%s.n == s.k }

// missing returns the indices in [from, to) that this shard owns and that
// are not in have.
func (s *shard) missing(from, to int, have map[int]bool) []int {
	var out []int
	for i := from; i < to; i++ {
		if s.owns(i) && !have[i] {
			out = append(out, i)
		}
	}
	return out
}

func newRunFlagSet(stderr io.Writer, f *runFlags) *flag.FlagSet {
	fs := newFlagSet("run", fmt.Sprintf("Usage: offsim run [flags] [FILE|BUILTIN ...]\n\n"+
		"Simulates each scenario (a TOML file, or the name of a built-in; none: the built-in\n"+
		"defaults %s) and writes the results into the -out folder.\n\nFlags:\n",
		strings.Join(scenarios.DefaultNames(), ", ")), stderr)
	f.outputFlags.register(fs)
	fs.IntVar(&f.reps, "reps", 0, "replications per scenario (overrides [run] replications)")
	fs.StringVar(&f.baseline, "baseline", "", "scenario the others are compared with, paired by replication (default: the first)")
	fs.BoolVar(&f.resume, "resume", false, "continue an interrupted run in the same -out folder, reusing its saved replications")
	fs.Var(&f.shard, "shard", "K/N: run only the replications with index ≡ K (mod N), for offsim merge")
	fs.Float64Var(&f.targetCI, "target-ci", 0, "add replications until every headline metric's 95% CI half-width is below this share of its mean (e.g. 0.01)")
	fs.IntVar(&f.maxReps, "max-reps", 200, "most replications per scenario with -target-ci")
	fs.BoolVar(&f.noPlots, "no-plots", false, "write the results only, no charts or report.html")
	f.plot.register(fs)
	return fs
}

// positioned is a scenario of the batch with its position on the command
// line (which names its state folder: shards of one run agree on it),
// its identity in the state folder, its resolved file, and once run its
// collected replications.
type positioned struct {
	sc   *model.Scenario
	rs   savedScenario
	toml []byte
	// have are the indices of the replications saved before (-resume),
	// verified, sorted.
	have []int
	col  *results.Collector
}

func cmdRun(args []string, stdout, stderr io.Writer) int {
	var f runFlags
	fs := newRunFlagSet(stderr, &f)
	names, code, ok := parseFlags(fs, args, 0, -1, f.check)
	if !ok {
		return code
	}
	if len(names) == 0 {
		names = scenarios.DefaultNames()
	}
	if f.quiet {
		stdout = io.Discard
	}
	names = expandGroups(names)
	if !f.quiet {
		fmt.Fprintf(stderr, "offsim run: reading and planning %d scenario file(s): %s\n", len(names), strings.Join(names, ", "))
	}
	batch, failed := loadBatch(names, &f, stderr)
	if err := checkBatch(batch, f.baseline); err != nil {
		fmt.Fprintf(stderr, "offsim run: %v\n", err)
		return 2
	}
	if len(batch) == 0 {
		fmt.Fprintf(stderr, "offsim run: no scenario to run\n")
		return 1
	}
	dir, err := outdir.Open(f.out, outdir.Options{Force: *f.force, State: isStateFile})
	if err != nil {
		fmt.Fprintf(stderr, "offsim run: %v\n", err)
		return 1
	}
	defer dir.Close()
	if err := dir.CheckWritable(planned(batch)); err != nil && f.shard.n == 0 {
		fmt.Fprintf(stderr, "offsim run: %v\n", err)
		return 1
	}
	err = dir.MarkIncomplete()
	var saved *savedRun
	if err == nil {
		saved, err = prepareState(dir, batch, f.resume)
	}
	if err != nil {
		fmt.Fprintf(stderr, "offsim run: %v\n", err)
		return 1
	}
	defer saved.Close()

	sig := watchSignals(stderr)
	defer sig.release()
	progress := startProgress(batch, &f, stderr)
	start := time.Now()
	var done []*positioned
	for _, b := range batch {
		err := runScenario(sig.ctx, b, &f, saved, &sig.stop, progress)
		progress.finishScenario()
		if sig.stop.Load() {
			break
		}
		if err != nil && sig.ctx.Err() == nil {
			fmt.Fprintf(stderr, "offsim run: scenario %q: %v\n", b.sc.Name, err)
			failed = append(failed, b.sc.Name)
			continue
		}
		if b.col != nil && b.col.Len() > 0 {
			done = append(done, b)
		}
		if sig.ctx.Err() != nil {
			break
		}
	}
	progress.Finish()
	stateAt := filepath.Join(f.out, results.StateDir)
	if sig.stop.Load() {
		fmt.Fprintf(stderr, "offsim run: stopped; the finished replications are saved in %s: run again with -resume to complete\n", stateAt)
		return 130
	}
	elapsed := time.Since(start)
	if f.shard.n > 0 {
		if err := dir.Publish(nil, nil, results.GroupResults, results.GroupCharts); err != nil {
			fmt.Fprintf(stderr, "offsim run: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "shard %d/%d: %d scenario(s) in %.2f s; replications saved under %s; combine the shards with offsim merge\n",
			f.shard.k, f.shard.n, len(batch)-len(failed), elapsed.Seconds(), stateAt)
	} else {
		if !f.quiet {
			what := "writing the results"
			if !f.noPlots {
				what += " and drawing the charts"
			}
			fmt.Fprintf(stderr, "offsim run: %s into %s\n", what, f.out)
		}
		if code := report(dir, done, f.baseline, f.plot.unless(f.noPlots), stdout, stderr, elapsed); code != 0 {
			return code
		}
	}
	if sig.ctx.Err() != nil {
		fmt.Fprintf(stderr, "\noffsim run: interrupted; the finished replications are saved in %s: run again with -resume to complete\n", stateAt)
		return 130
	}
	if len(failed) > 0 {
		fmt.Fprintf(stderr, "offsim run: %d scenario(s) failed: %s\n", len(failed), strings.Join(failed, ", "))
		return 1
	}
	return 0
}

// loadBatch loads every scenario named, applying -reps and -seed; a file
// that does not load is reported and named in failed, the others run.
func loadBatch(names []string, f *runFlags, stderr io.Writer) (batch []*positioned, failed []string) {
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
			batch = append(batch, &positioned{sc: sc, rs: savedScenario{Position: k, Name: sc.Name}})
			k++
		}
	}
	return batch, failed
}

// checkBatch refuses, before anything runs, what would fail after: two
// scenarios of one name (results are keyed by name), an unknown
// -baseline, and a scenario that cannot be saved as a scenario file or
// fingerprinted.
func checkBatch(batch []*positioned, baseline string) error {
	seen := map[string]bool{}
	for _, b := range batch {
		if seen[b.sc.Name] {
			return fmt.Errorf("two scenarios are named %q: names must differ, the results are keyed by them", b.sc.Name)
		}
		seen[b.sc.Name] = true
		var err error
		if b.rs.Fingerprint, err = fingerprint(b.sc); err != nil {
			return err
		}
		if b.toml, err = encodeScenario(b.sc); err != nil {
			return err
		}
	}
	if baseline != "" && !seen[baseline] {
		var names []string
		for _, b := range batch {
			names = append(names, fmt.Sprintf("%q", b.sc.Name))
		}
		return fmt.Errorf("-baseline %q is not a scenario of this batch (%s)", baseline, strings.Join(names, ", "))
	}
	return nil
}

// encodeScenario renders the resolved scenario file of sc.
func encodeScenario(sc *model.Scenario) ([]byte, error) {
	data, err := scenarios.Encode(sc)
	if err != nil {
		return nil, fmt.Errorf("scenario %q cannot be saved as a scenario file: %w", sc.Name, err)
	}
	return data, nil
}

// prepareState makes the state folder ready: with -resume, the saved run
// must be of this very batch and every saved replication must verify
// (each scenario's are set in its have); otherwise the saved state of an
// earlier run is cleared and this run's written. It returns the folder
// opened for reading.
func prepareState(dir *outdir.Dir, batch []*positioned, resume bool) (*savedRun, error) {
	want := runState{}
	for _, b := range batch {
		want.Scenarios = append(want.Scenarios, b.rs)
	}
	if resume && dir.HasState() {
		saved, err := openSaved(dir.Path)
		if err == nil {
			if err = saved.matches(want); err == nil {
				for _, b := range batch {
					if b.have, err = saved.replicationFiles(b.rs); err != nil {
						break
					}
				}
			}
			if err == nil {
				return saved, nil
			}
			saved.Close()
		}
		if !errors.Is(err, errNoState) {
			return nil, fmt.Errorf("-resume: %w", err)
		}
	}
	st := newStateDir(dir.Path)
	if err := st.clear(dir.Protected); err != nil {
		return nil, err
	}
	if err := st.writeRun(want); err != nil {
		return nil, err
	}
	for _, b := range batch {
		if err := st.writeScenario(b.rs, b.sc); err != nil {
			return nil, err
		}
	}
	return openSaved(dir.Path)
}

// matches checks that the saved run is of the batch want and that every
// saved replication verifies.
func (s *savedRun) matches(want runState) error {
	if !slices.Equal(s.run.Scenarios, want.Scenarios) {
		return fmt.Errorf("%s holds a run of other scenarios, or of other -reps or -seed (%s): "+
			"run without -resume to start afresh, or with another -out", s.dir, describeRun(s.run))
	}
	if err := s.checkListed(); err != nil {
		return err
	}
	for _, rs := range s.run.Scenarios {
		sc, err := s.scenario(rs)
		if err != nil {
			return err
		}
		idx, err := s.replicationFiles(rs)
		if err != nil {
			return err
		}
		for _, i := range idx {
			if _, _, err := s.readReplication(rs, sc, i, false); err != nil {
				return err
			}
		}
	}
	return nil
}

func describeRun(r runState) string {
	var names []string
	for _, s := range r.Scenarios {
		names = append(names, fmt.Sprintf("%q", s.Name))
	}
	return strings.Join(names, ", ")
}

// runScenario runs the replications of one scenario that this invocation
// owns (all, or one shard's), reusing the saved ones, and with -target-ci
// adds replications until the headline metrics are precise enough. Every
// finished replication is saved at once; unless this is a shard, every
// replication, saved or new, goes in index order into the scenario's
// collector.
func runScenario(ctx context.Context, b *positioned, f *runFlags, saved *savedRun, stop *atomic.Bool, progress *progress) error {
	sc, have := b.sc, b.have
	haveSet := map[int]bool{}
	for _, i := range have {
		haveSet[i] = true
	}
	if f.shard.n == 0 {
		b.col = results.NewCollector(sc)
	}
	next := 0 // the next saved replication to collect
	collectSaved := func(below int) error {
		for ; next < len(have) && have[next] < below; next++ {
			r, _, err := saved.readReplication(b.rs, sc, have[next], true)
			if err != nil {
				return err
			}
			if err := b.col.Add(&r); err != nil {
				return err
			}
		}
		return nil
	}
	st := newStateDir(saved.dir)
	opt := sim.RunOptions{Workers: f.workers, Stop: stop,
		Finished: func(r *model.Replication) error {
			defer progress.replicationDone()
			return st.saveReplication(b.rs, sc.Run.Seed, r)
		},
	}
	if b.col != nil {
		opt.Done = func(r *model.Replication) error {
			if err := collectSaved(r.Index); err != nil {
				return err
			}
			return b.col.Add(r)
		}
	}
	from, total := 0, sc.Run.Replications
	progress.startScenario(sc.Name, len(f.shard.missing(from, total, haveSet)), replicationMonths(sc))
	for {
		todo := f.shard.missing(from, total, haveSet)
		err := sim.Replicate(ctx, sc, todo, opt)
		if b.col != nil && !stop.Load() {
			err = errors.Join(err, collectSaved(total))
		}
		if err != nil || f.targetCI <= 0 || total >= f.maxReps || precise(b.col, f.targetCI) {
			return err
		}
		from, total = total, min(total+sc.Run.Replications, f.maxReps)
		progress.addReplications(len(f.shard.missing(from, total, haveSet)))
	}
}

// headlineMetrics are the metrics -target-ci makes precise.
var headlineMetrics = []string{"service_level", "abandon_rate", "fcr", "csat", "churn_rate", "cost_total_eur"}

// precise reports whether every headline metric (with a non-zero mean) has a
// 95% CI half-width below target × |mean|.
func precise(col *results.Collector, target float64) bool {
	if col.Len() < 2 {
		return false
	}
	m := col.Summary().Metrics
	for _, name := range headlineMetrics {
		s, ok := m[name]
		if ok && s.Mean != 0 && (s.CI95High-s.Mean) > target*math.Abs(s.Mean) {
			return false
		}
	}
	return true
}

// startProgress says what the batch will run and starts reporting its
// progress on stderr (nothing with -quiet).
func startProgress(batch []*positioned, fl *runFlags, stderr io.Writer) *progress {
	reps := 0
	months := 0.0
	for _, b := range batch {
		haveSet := map[int]bool{}
		for _, i := range b.have {
			haveSet[i] = true
		}
		n := len(fl.shard.missing(0, b.sc.Run.Replications, haveSet))
		reps += n
		months += float64(n) * replicationMonths(b.sc)
	}
	if !fl.quiet {
		fmt.Fprintf(stderr, "offsim run: %d scenario(s), %d replication(s) to run, %s simulated months, %d worker(s); results into %s\n",
			len(batch), reps, groupInt(months), workersOf(fl.workers), fl.out)
	}
	return newProgress(stderr, fl.quiet, len(batch), months)
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
