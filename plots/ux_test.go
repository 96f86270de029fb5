package plots

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"offsim/model"
)

// TestStylesStable: a scenario keeps its style whatever else the batch
// holds and in whatever order; the scenarios of a batch of up to seven
// differ in colour, and no two of a larger one look alike.
func TestStylesStable(t *testing.T) {
	defaults := []string{"nl-inhouse", "nl-outsourced", "sr-offshore", "hybrid", "good-employer"}
	race := []string{"race-to-the-bottom", "race-wage-floor", "race-quality", "race-no-per-contact", "race-monitoring-cap", "race-quality-floor",
		"race-domestic", "race-domestic-wage-floor", "race-domestic-no-per-contact"}
	mine := []string{"my-scenario", "sr, better paid", "hybrid 2"}
	styleOf := func(names []string) map[string]Style {
		out := map[string]Style{}
		for i, s := range Styles(names) {
			out[names[i]] = s
		}
		return out
	}
	same := func(a, b Style) bool {
		return a.Color == b.Color && fmt.Sprintf("%T%v", a.Shape, a.Shape) == fmt.Sprintf("%T%v", b.Shape, b.Shape)
	}
	full := styleOf(defaults)
	for _, batch := range [][]string{{"hybrid"}, {"sr-offshore", "hybrid", "nl-inhouse"}, {"good-employer", "hybrid", "nl-outsourced", "sr-offshore", "nl-inhouse"}} {
		for n, st := range styleOf(batch) {
			if !same(st, full[n]) {
				t.Errorf("%s looks different in the batch %v", n, batch)
			}
		}
	}
	a, b := styleOf(mine), styleOf([]string{mine[2], mine[0], mine[1]})
	for _, n := range mine {
		if !same(a[n], b[n]) {
			t.Errorf("%s changes with the order of the batch", n)
		}
	}
	for _, batch := range [][]string{defaults, race[:6], race[6:], mine, append(append([]string{}, defaults[:3]...), mine...)} {
		seen := map[any]string{}
		for n, st := range styleOf(batch) {
			if o, ok := seen[st.Color]; ok {
				t.Errorf("batch %v: %s and %s share a colour", batch, n, o)
			}
			seen[st.Color] = n
		}
	}
	looks := map[string]string{}
	for n, st := range styleOf(race) { // nine: colours repeat, looks do not
		k := fmt.Sprintf("%v %T%v", st.Color, st.Shape, st.Shape)
		if o, ok := looks[k]; ok {
			t.Errorf("race group: %s and %s look alike", n, o)
		}
		looks[k] = n
	}
	var many []string
	for i := range 30 {
		many = append(many, fmt.Sprintf("variant %d", i))
	}
	seen := map[string]string{}
	for n, st := range styleOf(many) {
		k := fmt.Sprintf("%v %T%v", st.Color, st.Shape, st.Shape)
		if o, ok := seen[k]; ok {
			t.Errorf("%s and %s look alike", n, o)
		}
		seen[k] = n
	}
}

// TestRenderManyScenarios: twelve scenarios get small multiples over time,
// their report tables turn (a row per scenario) and every chart is drawn.
func TestRenderManyScenarios(t *testing.T) {
	var scens []synthScenario
	for i := range 12 {
		sc := synthBatch[i%len(synthBatch)]
		sc.name = fmt.Sprintf("%s-%d", sc.name, i)
		sc.costMonth *= 1 + 0.02*float64(i)
		scens = append(scens, sc)
	}
	r := synthetic(scens, 4, 12, "", false)
	dir, _ := render(t, r, Options{CostAxis: CostEconomic})
	for _, c := range []string{"cost_vs_outcome", "cost_breakdown", "cost_distribution", "timeseries_headcount"} {
		checkPNG(t, filepath.Join(dir, c+".png"), c)
	}
	svg, _ := os.ReadFile(filepath.Join(dir, "timeseries_headcount.svg"))
	if !strings.Contains(string(svg), "one tile per scenario") {
		t.Error("12 scenarios over time: not one tile per scenario")
	}
	rep := checkReport(t, filepath.Join(dir, ReportFile), r, nil)
	for _, s := range []string{"Customers and workforce: customers", "Customers and workforce: workforce", ">per month<", ">whole run<",
		"Economic cost", "Where the money goes, customers lost included"} {
		if !strings.Contains(rep, s) {
			t.Errorf("report lacks %q", s)
		}
	}
	if strings.Contains(rep, "<th>KPI</th>") {
		t.Error("a table with a column per scenario for 12 scenarios")
	}
}

// TestSweepLabelled: a sweep chart speaks the key's label, in percent for
// a fraction, marks the value in the file and shows the provider's margin
// beside the client's cost; a cost axis starts at zero.
func TestSweepLabelled(t *testing.T) {
	r := synthetic(synthSweep(), 4, 12, "sites.SR.workforce.wages.premium", false)
	for i := range r.Sweep {
		r.Sweep[i].Label, r.Sweep[i].Unit, r.Sweep[i].Doc, r.Sweep[i].Base = "premium (SR wages)", "fraction over the minimum", "wage = minimum × (1 + premium)", 0.25
	}
	dir, _ := render(t, r, Options{})
	svg, err := os.ReadFile(filepath.Join(dir, "sweep_cost_per_month_eur.svg"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"against premium (SR wages)", "% over the minimum", "as in the file: 25%", "wage = minimum × (1 + premium)", "€0"} {
		if !strings.Contains(string(svg), s) {
			t.Errorf("sweep chart lacks %q", s)
		}
	}
	if strings.Contains(string(svg), "sites.SR.workforce") {
		t.Error("the sweep chart names the key's path")
	}
	checkPNG(t, filepath.Join(dir, "sweep_cost_and_margin.png"), "sweep_cost_and_margin")
}

func TestIntegerTicksAndRanges(t *testing.T) {
	for _, m := range []string{"headcount", "leavers", "hires"} {
		if !integerMetric(model.MonthTable, m) {
			t.Errorf("%s does not tick at whole numbers", m)
		}
	}
	if integerMetric(model.MonthTable, "service_level") {
		t.Error("service level ticks at whole numbers")
	}
	for _, tk := range (niceTicker{Max: 7, Format: plainTick, MinStep: 1}).Ticks(76.5, 79.5) {
		if tk.Label != "" && strings.Contains(tk.Label, ".") {
			t.Errorf("integer ticks label %q", tk.Label)
		}
	}
	if lo, hi := sensibleRange(118_000, 123_000, cellEUR); lo != 0 || hi != 123_000 {
		t.Errorf("a cost from €118k to €123k on [%g, %g], want from 0", lo, hi)
	}
	if lo, hi := sensibleRange(0.95, 0.97, cellPct); hi-lo < 0.1-1e-9 || hi > 1 {
		t.Errorf("a share on [%g, %g], want 10 points within [0, 1]", lo, hi)
	}
}

// TestBoldOnlySignificant: a paired difference is bold exactly when its
// interval excludes zero.
func TestBoldOnlySignificant(t *testing.T) {
	r := synthetic(synthBatch[:3], 4, 6, "", false)
	sc := &r.Summary.Scenarios
	(*sc)[1].VsBaseline["csat"] = model.Summary{N: 4, Mean: 0.01, CI95Low: -0.002, CI95High: 0.022}
	(*sc)[2].VsBaseline["csat"] = model.Summary{N: 4, Mean: 0.01, CI95Low: 0.002, CI95High: 0.018}
	d := newDataset(r, Options{})
	cells, ok := d.cells("csat", d.scens[1:], true, true)
	if !ok || cells[0].Sig || !cells[1].Sig {
		t.Errorf("bold: %+v, want only the second", cells)
	}
}

// TestEveryCategoryDrawn: every ledger category has a colour and a label
// in the breakdown (a new category must not draw as an unnamed black box).
func TestEveryCategoryDrawn(t *testing.T) {
	for c := range model.NumCostCategories {
		if categoryColors[c] == nil || categoryLabels[c] == "" {
			t.Errorf("cost category %s has no colour or label in plots/breakdown.go", c)
		}
	}
}
