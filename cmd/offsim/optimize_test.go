package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"offsim/model"
	"offsim/optimize"
	"offsim/results"
	"offsim/scenarios"
)

// erlangOptimize is one site under Erlang A conditions (Poisson arrivals,
// exponential handle times and patience, identical agents that never
// change) and the question offsim erlang -target answers: the fewest
// agents with a service level of at least 80%.
var erlangOptimize = testdata("erlang-optimize.toml")

// twoSites is two sites behind a 50/50 share route, billed per
// productive hour: site A at EUR 20 an hour with a 240 s handle time,
// site B at EUR 30 with 180 s. Staffing both costs the agents × hours ×
// price, a day exactly; the service level over both must reach 80%.
// Which mix is cheapest is a trade-off (Erlang A: 11 and 7 agents).
var twoSites = testdata("two-sites.toml")

// readReport reads optimize.json of an output folder.
func readReport(t *testing.T, dir string) results.OptimizeReport {
	t.Helper()
	r, err := results.DecodeOptimizeReport(readFile(t, filepath.Join(dir, results.OptimizeJSON)))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// optimizeBest runs offsim optimize on file with seed and returns its
// report, failing the test when it returns no design.
func optimizeBest(t *testing.T, file, seed string) results.OptimizeReport {
	t.Helper()
	dir := t.TempDir()
	mustRun(t, "optimize", "-quiet", "-no-plots", "-seed", seed, "-out", dir, file)
	r := readReport(t, dir)
	if r.Best == nil {
		t.Fatalf("no design returned: %s", r.Guarantee.Statement)
	}
	return r
}

// TestOptimizeErlangA: for every seed of a table, offsim optimize returns
// the staffing of offsim erlang -target 0.8 (model.StaffFor), ±1 agent,
// within its budget.
func TestOptimizeErlangA(t *testing.T) {
	t.Parallel()
	want, _, err := model.StaffFor(model.Queue{ArrivalsPerHour: 180, AHTSeconds: 300, PatienceSeconds: 180}, 20, 0.8, 0)
	if err != nil {
		t.Fatal(err)
	}
	file := writeTemp(t, "erlang.toml", erlangOptimize)
	for _, seed := range []string{"1", "2", "3", "4", "5"} {
		t.Run("seed "+seed, func(t *testing.T) {
			t.Parallel()
			r := optimizeBest(t, file, seed)
			got := r.Best.Values[0]
			t.Logf("seed %s: %g agents (Erlang A: %d), %d replications on %d designs", seed, got, want, r.SpentReplications, r.Designs)
			if math.Abs(got-float64(want)) > 1 {
				t.Errorf("seed %s: %g agents, Erlang A staffs %d", seed, got, want)
			}
			if r.SpentReplications > r.BudgetReplications {
				t.Errorf("spent %d of a budget of %d", r.SpentReplications, r.BudgetReplications)
			}
		})
	}
}

// TestOptimizeBruteForce: a brute-force sweep of the two-site mix (every
// design of the grid, sweepReps replications each on the same common
// random numbers) finds the cheapest design whose mean service level
// reaches 80%; offsim optimize, spending at most a quarter of the sweep's
// replications, returns a design whose cost is within the indifference
// zone of it, and whose service level the sweep finds feasible (within
// its sampling error), for every seed of a table.
func TestOptimizeBruteForce(t *testing.T) {
	t.Parallel()
	const sweepReps = 20
	file := writeTemp(t, "two.toml", twoSites)
	o, err := scenarios.LoadOptimization(file)
	if err != nil {
		t.Fatal(err)
	}
	p := o.Problem
	cost, sl := slices.Index(p.Metrics, "cost_total_eur"), slices.Index(p.Metrics, "service_level")
	ev := newDesignEvaluator(o, o.Base.Run.Seed, 0, nil)
	type point struct{ cost, sl, slSE float64 }
	sweep := map[[2]float64]point{}
	var best [2]float64
	bestCost := math.Inf(1)
	spent := 0
	for a := p.Variables[0].From; a <= p.Variables[0].To; a++ {
		for b := p.Variables[1].From; b <= p.Variables[1].To; b++ {
			rows, err := ev.Evaluate(context.Background(), []float64{a, b}, indicesUpTo(sweepReps))
			if err != nil {
				t.Fatal(err)
			}
			spent += len(rows)
			var c, s, ss float64
			for _, r := range rows {
				c += r[cost] / sweepReps
				s += r[sl] / sweepReps
			}
			for _, r := range rows {
				ss += (r[sl] - s) * (r[sl] - s)
			}
			sweep[[2]float64{a, b}] = point{c, s, math.Sqrt(ss / (sweepReps - 1) / sweepReps)}
			if s >= 0.8 && c < bestCost {
				best, bestCost = [2]float64{a, b}, c
			}
		}
	}
	t.Logf("sweep: %d designs, %d replications: cheapest feasible %v at EUR %.0f", len(sweep), spent, best, bestCost)
	if p.BudgetReplications > spent/4 {
		t.Fatalf("the budget %d is more than a quarter of the sweep's %d replications", p.BudgetReplications, spent)
	}
	for _, seed := range []string{"1", "2", "3"} {
		t.Run("seed "+seed, func(t *testing.T) {
			t.Parallel()
			r := optimizeBest(t, file, seed)
			got := sweep[[2]float64{r.Best.Values[0], r.Best.Values[1]}]
			t.Logf("seed %s: %v at EUR %.0f (service level %.3f), %d replications", seed, r.Best.Values, got.cost, got.sl, r.SpentReplications)
			if r.SpentReplications > spent/4 {
				t.Errorf("spent %d replications, more than a quarter of the sweep's %d", r.SpentReplications, spent)
			}
			if got.cost > (bestCost+p.IndifferenceZone)*(1+1e-9) { // sums of floats: not exact
				t.Errorf("returned %v at EUR %.0f, more than the indifference zone %g above the sweep's %v at EUR %.0f",
					r.Best.Values, got.cost, p.IndifferenceZone, best, bestCost)
			}
			if got.sl < 0.8-3*got.slSE {
				t.Errorf("returned %v, whose service level in the sweep is %.4f ± %.4f: below 0.8", r.Best.Values, got.sl, got.slSE)
			}
		})
	}
}

func indicesUpTo(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// smallTwoSites is twoSites with a small budget, for the tests of the
// outputs.
var smallTwoSites = strings.Replace(twoSites, "budget_replications = 405", "budget_replications = 80", 1)

// optimizeFiles are the files whose bytes must not depend on the workers.
var optimizeFiles = []string{results.OptimizeCSV, results.OptimizeJSON, results.BestTOML, results.SummaryJSON,
	"replications.csv", "optimize.png", "optimize.svg"}

// TestOptimizeDeterministic: the same file and seed give byte-identical
// outputs, chart included, for any number of workers.
func TestOptimizeDeterministic(t *testing.T) {
	t.Parallel()
	file := writeTemp(t, "two.toml", smallTwoSites)
	var want map[string][]byte
	for _, w := range []string{"1", "3"} {
		dir := t.TempDir()
		mustRun(t, "optimize", "-quiet", "-workers", w, "-out", dir, file)
		got := map[string][]byte{}
		for _, f := range optimizeFiles {
			got[f] = readFile(t, filepath.Join(dir, f))
		}
		if want == nil {
			want = got
			continue
		}
		for _, f := range optimizeFiles {
			if !bytes.Equal(got[f], want[f]) {
				t.Errorf("%s differs between -workers 1 and %s", f, w)
			}
		}
	}
}

// TestOptimizeOutputs: the folder holds what the manifest lists; best.toml
// is the returned design, runnable with offsim run; its summary counts
// the design's replications; optimize.csv has a row per design, the
// returned one marked.
func TestOptimizeOutputs(t *testing.T) {
	t.Parallel()
	file := writeTemp(t, "two.toml", smallTwoSites)
	dir := t.TempDir()
	stdout := mustRun(t, "optimize", "-out", dir, file)
	for _, want := range []string{"minimise cost_total_eur subject to service_level >= 0.8", "returned design", "With probability ≥ 0.95"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	r := readReport(t, dir)
	if r.Best == nil {
		t.Fatalf("no design returned: %s", r.Guarantee.Statement)
	}
	set, err := results.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer set.Close()
	for _, f := range []string{results.OptimizeCSV, results.OptimizeJSON, results.BestTOML, results.SummaryJSON, "summary.csv"} {
		if !set.Has(f) {
			t.Errorf("the manifest does not list %s", f)
		}
	}
	rc, err := set.Open(results.OptimizeCSV, results.MaxCSVBytes)
	if err != nil {
		t.Fatal(err)
	}
	table, err := results.ReadOptimizeCSV("optimize.csv", rc)
	rc.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(table.Designs) != r.Designs || !table.Designs[r.Best.Row].Best || !slices.Equal(table.Designs[r.Best.Row].Values, r.Best.Values) {
		t.Errorf("optimize.csv: %d designs, row %d does not hold the returned design %v", len(table.Designs), r.Best.Row, r.Best.Values)
	}
	if !slices.Equal(table.Variables, []string{"sites.A.agents", "sites.B.agents"}) || table.Metric("service_level") < 0 {
		t.Errorf("optimize.csv: variables %q, metrics %q", table.Variables, table.Metrics)
	}
	sum, err := results.DecodeSummary(readFile(t, filepath.Join(dir, results.SummaryJSON)))
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Scenarios) != 1 || sum.Scenarios[0].Replications != r.Best.Replications || sum.Scenarios[0].Name != r.Best.Scenario {
		t.Errorf("summary.json: %+v, want the returned design %q over %d replications", sum.Scenarios, r.Best.Scenario, r.Best.Replications)
	}
	best := filepath.Join(dir, results.BestTOML)
	sc, err := scenarios.Load(best)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Name != r.Best.Scenario || sc.Sites[0].Staffing.Max() != int(r.Best.Values[0]) || sc.Sites[1].Staffing.Max() != int(r.Best.Values[1]) {
		t.Errorf("best.toml: %q with %d and %d agents, want %q", sc.Name, sc.Sites[0].Staffing.Max(), sc.Sites[1].Staffing.Max(), r.Best.Scenario)
	}
	mustRun(t, "run", "-quiet", "-no-plots", "-reps", "2", "-out", t.TempDir(), best)
}

// TestOptimizeNoDesign: when no design can meet the constraints, offsim
// optimize says so, exits 1 and writes no best.toml (nor the summary of a
// design), removing those of an earlier run in the folder; optimize.csv
// still lists every design evaluated.
func TestOptimizeNoDesign(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	mustRun(t, "optimize", "-quiet", "-no-plots", "-out", dir, writeTemp(t, "two.toml", smallTwoSites))
	impossible := strings.Replace(smallTwoSites, "service_level = { min = 0.8, tolerance = 0.02 }", "service_level = { min = 0.9999 }", 1)
	code, _, stderr := runCLI(t, "optimize", "-quiet", "-no-plots", "-budget", "40", "-out", dir, writeTemp(t, "impossible.toml", impossible))
	if code != 1 || !strings.Contains(stderr, "no design was shown to meet the constraints") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, f := range []string{results.BestTOML, results.SummaryJSON, "summary.csv"} {
		if _, err := os.Stat(filepath.Join(dir, f)); !os.IsNotExist(err) {
			t.Errorf("%s: %v, want none", f, err)
		}
	}
	r := readReport(t, dir)
	if r.Best != nil || r.Designs == 0 {
		t.Errorf("optimize.json: best %+v, %d designs", r.Best, r.Designs)
	}
}

// TestOptimizeRefuses: bad flags, a file without [optimize], an invalid
// problem and a folder holding files offsim did not write are refused
// before anything runs.
func TestOptimizeRefuses(t *testing.T) {
	t.Parallel()
	plain := writeTemp(t, "w1.toml", tiny)
	badBudget := writeTemp(t, "bad.toml", strings.Replace(smallTwoSites, "budget_replications = 80", "budget_replications = 10", 1))
	foreign := t.TempDir()
	if err := os.WriteFile(filepath.Join(foreign, results.OptimizeCSV), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	file := writeTemp(t, "two.toml", smallTwoSites)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"optimize"}, 2, "Usage: offsim optimize"},
		{[]string{"optimize", "-budget", "5", file}, 2, "-budget must be in [20,"},
		{[]string{"optimize", "-seed", "9223372036854775808", file}, 2, "-seed must be at most"},
		{[]string{"optimize", "-out", t.TempDir(), plain}, 1, "no [optimize] table"},
		{[]string{"optimize", "-out", t.TempDir(), badBudget}, 1, "bad.toml:" + fmt.Sprint(strings.Count(smallTwoSites[:strings.Index(smallTwoSites, "budget_replications")], "\n")+1) +
			": optimize.budget_replications: must be at least 20, got 10: too small to evaluate even one design"},
		{[]string{"optimize", "-out", foreign, file}, 1, "optimize.csv"},
	} {
		code, _, stderr := runCLI(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("offsim %v: exit %d, want %d with %q:\n%s", c.args, code, c.code, c.want, stderr)
		}
	}
	if got := string(readFile(t, filepath.Join(foreign, results.OptimizeCSV))); got != "mine" {
		t.Errorf("a file offsim did not write was overwritten: %q", got)
	}
}

// TestOptimizeReportJSON: optimize.json names the problem as the file
// states it, in the file's order.
func TestOptimizeReportJSON(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	mustRun(t, "optimize", "-quiet", "-no-plots", "-out", dir, writeTemp(t, "two.toml", smallTwoSites))
	var raw map[string]any
	if err := json.Unmarshal(readFile(t, filepath.Join(dir, results.OptimizeJSON)), &raw); err != nil {
		t.Fatal(err)
	}
	r := readReport(t, dir)
	if r.Minimize != "cost_total_eur" || len(r.Variables) != 2 || r.Variables[0].Key != "sites.A.agents" ||
		len(r.Constraints) != 1 || r.Constraints[0].Min == nil || *r.Constraints[0].Min != 0.8 || r.Constraints[0].Max != nil ||
		r.IndifferenceZone != 480 || r.Confidence != 0.95 || r.BudgetReplications != 80 || r.Seed != 1 {
		t.Errorf("optimize.json: %+v", r)
	}
	if r.SpentReplications > r.BudgetReplications || r.SpentReplications < optimize.MinBudget {
		t.Errorf("spent %d of %d", r.SpentReplications, r.BudgetReplications)
	}
}

// TestOptimizePlot: offsim plot redraws the optimisation chart of an
// offsim optimize folder (with the charts of the returned design's
// summary when there is one), and does not delete it.
func TestOptimizePlot(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	mustRun(t, "optimize", "-quiet", "-budget", "40", "-out", dir, writeTemp(t, "two.toml", smallTwoSites))
	before := readFile(t, filepath.Join(dir, "optimize.png"))
	mustRun(t, "plot", dir)
	if got := readFile(t, filepath.Join(dir, "optimize.png")); !bytes.Equal(got, before) {
		t.Errorf("offsim plot drew another optimize.png")
	}
	if _, err := os.Stat(filepath.Join(dir, "report.html")); err != nil {
		t.Errorf("no report of the returned design: %v", err)
	}

	none := t.TempDir()
	impossible := strings.Replace(smallTwoSites, "service_level = { min = 0.8, tolerance = 0.02 }", "service_level = { min = 0.9999 }", 1)
	if code, _, stderr := runCLI(t, "optimize", "-quiet", "-budget", "40", "-out", none, writeTemp(t, "impossible.toml", impossible)); code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if err := os.Remove(filepath.Join(none, "optimize.png")); err != nil {
		t.Fatal(err)
	}
	mustRun(t, "plot", none)
	if _, err := os.Stat(filepath.Join(none, "optimize.png")); err != nil {
		t.Errorf("offsim plot of a folder without a returned design: %v", err)
	}
}
