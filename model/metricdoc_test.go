package model

import (
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/metrics.md from the metric dictionary")

// TestMetricDictionary checks that docs/metrics.md is the dictionary the
// code declares (go test ./model -run TestMetricDictionary -update
// regenerates it).
func TestMetricDictionary(t *testing.T) {
	path := filepath.Join("..", "docs", "metrics.md")
	want := MetricDictionary()
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s is not the dictionary of model/metricdoc.go: run go test ./model -run TestMetricDictionary -update", path)
	}
}

// tenderReplication is a replication of a two-bidder tender over two
// years: a Dutch incumbent whose jobs go offshore in the second year.
func tenderReplication() (*Scenario, *Replication) {
	sc := &Scenario{
		Sites: []Site{{Name: "NL"}, {Name: "SR", Country: "SR"}},
		Tender: &Tender{Bidders: []Bidder{
			{Name: "home", Sites: []int{0}}, {Name: "away", Sites: []int{1}}}},
	}
	sc.Demand.Customers.LifetimeValueEUR = 100
	r := &Replication{Months: make([][]Month, 24), Holders: make([]int, 24)}
	for m := range r.Months {
		r.Months[m] = make([]Month, 2)
		at := 0
		if m >= 12 {
			at, r.Holders[m] = 1, 1
		}
		mo := &r.Months[m][at]
		mo.Offered, mo.AnsweredInSL, mo.Handled, mo.FirstContacts, mo.FirstResolved = 100, 80, 90, 50, 40
		mo.JourneysEnded, mo.Satisfaction, mo.Churned = 40, 30, 2
		mo.EmployedAgentDays, mo.WageToMinimumAgentDays = 300, 330
		mo.Ledger[CostWages] = 1000
	}
	return sc, r
}

// TestEveryMetricHasARow: every metric offsim writes — per replication,
// per month, per year and the tender outcomes — has a row in the
// dictionary, and every row a unit, a period and a definition.
func TestEveryMetricHasARow(t *testing.T) {
	sc, r := tenderReplication()
	years := YearMetrics(sc, r)
	tables := map[MetricTable][][]Metric{
		RunTable:     {RunMetrics(&Stats{}, 0)},
		MonthTable:   {MonthMetrics(&Month{}, 0)},
		YearTable:    years,
		OutcomeTable: {OutcomeMetrics(sc, years)},
	}
	for tab, lists := range tables {
		for _, ms := range lists {
			if len(ms) == 0 {
				t.Errorf("table %d: no metrics", tab)
			}
			for _, m := range ms {
				if _, ok := LookupMetric(tab, m.Name); !ok {
					t.Errorf("metric %q (%s) has no row in model/metricdoc.go", m.Name, tableTitles[tab])
				}
			}
		}
	}
	seen := map[[2]any]bool{}
	for _, d := range MetricDocs() {
		if d.Unit == "" || d.Period == "" || d.Definition == "" || d.Scope == "" || !(d.Lo < d.Hi) {
			t.Errorf("row %q is incomplete: %+v", d.Name, d)
		}
		k := [2]any{d.Table, d.Name}
		if seen[k] {
			t.Errorf("row %q twice in one table", d.Name)
		}
		seen[k] = true
	}
}

// TestNotApplicable: what does not apply is NaN, what applies is a number.
func TestNotApplicable(t *testing.T) {
	get := func(ms []Metric, name string) float64 {
		t.Helper()
		for _, m := range ms {
			if m.Name == name {
				return m.Value
			}
		}
		t.Fatalf("no metric %q", name)
		return 0
	}
	var inHouse Stats // a site without agents, calls or a provider
	inHouse.Calls.WindowSeconds = 30 * SecondsPerDay
	ms := RunMetrics(&inHouse, 100)
	for _, n := range []string{"service_level", "fcr", "csat", "mean_wage_to_minimum", "headcount_end", "provider_margin_eur",
		"provider_margin_per_month_eur", "cost_per_resolved_issue_eur"} {
		if v := get(ms, n); !math.IsNaN(v) {
			t.Errorf("%s = %g without what it needs, want not applicable", n, v)
		}
	}
	for _, n := range []string{"calls_offered", "cost_total_eur", "economic_cost_eur", "cost_per_month_eur"} {
		if v := get(ms, n); math.IsNaN(v) {
			t.Errorf("%s is not applicable, want a number", n)
		}
	}
	s := Stats{}
	s.Calls.WindowSeconds = 2 * DaysPerMonth * SecondsPerDay
	s.Calls.Offered, s.Calls.AnsweredInSL = 10, 8
	s.Journeys.Ended, s.Journeys.Churned = 5, 2
	s.Workforce.EmployedAgentDays, s.Workforce.WageToMinimumAgentDays = 10, 12
	s.Workforce.RevenueEUR = 500
	s.Ledger[CostWages], s.Ledger[CostProviderMargin] = 400, 100
	ms = RunMetrics(&s, 50)
	for n, want := range map[string]float64{
		"service_level": 0.8, "mean_wage_to_minimum": 1.2, "provider_margin_eur": 100, "economic_cost_eur": 600,
		"cost_per_month_eur": 250, "economic_cost_per_month_eur": 300, "lost_customer_value_per_month_eur": 50,
		"provider_margin_per_month_eur": 50,
	} {
		if got := get(ms, n); math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %g, want %g", n, got, want)
		}
	}
	mo := MonthMetrics(&Month{}, 0)
	if v := get(mo, "headcount"); !math.IsNaN(v) {
		t.Errorf("month without agents: headcount = %g, want not applicable", v)
	}
}

// TestOutcomeMetrics: the Dutch first line moved offshore in year 2 is not
// kept; kept when it stays.
func TestOutcomeMetrics(t *testing.T) {
	sc, r := tenderReplication()
	out := OutcomeMetrics(sc, YearMetrics(sc, r))
	want := map[string]float64{
		"final_year_domestic_jobs": 0, "final_year_offshore_share": 1, "domestic_first_line_kept": 0,
		"final_year_client_cost_eur": 12000,
	}
	for _, m := range out {
		if w, ok := want[m.Name]; ok && m.Value != w {
			t.Errorf("%s = %g, want %g", m.Name, m.Value, w)
		}
		if m.Name == "final_year_domestic_wage_to_minimum" && !math.IsNaN(m.Value) {
			t.Errorf("no Dutch agents in the final year: Dutch pay = %g, want not applicable", m.Value)
		}
	}
	for m := 12; m < 24; m++ { // the incumbent keeps the work
		r.Months[m][0], r.Months[m][1] = r.Months[m][1], Month{}
	}
	for _, m := range OutcomeMetrics(sc, YearMetrics(sc, r)) {
		if m.Name == "domestic_first_line_kept" && m.Value != 1 {
			t.Errorf("kept = %g, want 1", m.Value)
		}
	}
	if OutcomeMetrics(&Scenario{}, nil) != nil {
		t.Error("outcomes without a tender")
	}
}

func TestWilson(t *testing.T) {
	for _, tc := range []struct {
		k, n   int
		lo, hi float64
	}{
		// Reference values from the closed form with z = 1.959964.
		{8, 10, 0.4901624715, 0.9433178485},
		{0, 10, 0, 0.2775327999},
		{10, 10, 0.7224672001, 1},
		{1, 2, 0.0945312057, 0.9054687943},
	} {
		lo, hi := Wilson(tc.k, tc.n)
		if math.Abs(lo-tc.lo) > 1e-9 || math.Abs(hi-tc.hi) > 1e-9 {
			t.Errorf("Wilson(%d, %d) = [%.10f, %.10f], want [%.10f, %.10f]", tc.k, tc.n, lo, hi, tc.lo, tc.hi)
		}
	}
}

// TestSummarizeMetricBounds: intervals stay in the metric's range; an
// all-or-nothing outcome gets the Wilson interval of its share.
func TestSummarizeMetricBounds(t *testing.T) {
	share, _ := LookupMetric(RunTable, "service_level")
	s := SummarizeMetric(share, []float64{1, 1, 1, 0.9})
	if s.CI95High > 1 || s.CI95Low < 0 {
		t.Errorf("service level CI [%g, %g] leaves [0, 1]", s.CI95Low, s.CI95High)
	}
	if raw := Summarize([]float64{1, 1, 1, 0.9}); !(raw.CI95High > 1) {
		t.Fatalf("the test needs an unclipped interval beyond 1, got %g", raw.CI95High)
	}
	kept, _ := LookupMetric(OutcomeTable, "domestic_first_line_kept")
	s = SummarizeMetric(kept, []float64{1, 1, 1, 1, 1, 1, 1, 1, 0, 0})
	if lo, hi := Wilson(8, 10); s.Mean != 0.8 || s.CI95Low != lo || s.CI95High != hi {
		t.Errorf("kept in 8 of 10: %+v, want mean 0.8 and [%g, %g]", s, lo, hi)
	}
	jobs, _ := LookupMetric(OutcomeTable, "final_year_domestic_jobs")
	s = SummarizeMetric(jobs, []float64{63, 62, 63, 63, 62, 63, 63, 62, 0, 0})
	if s.CI95Low < 0 {
		t.Errorf("jobs CI low %g < 0", s.CI95Low)
	}
	d := SummarizeDifference(share, []float64{-1, 1, -1, 1})
	if d.CI95Low < -1 || d.CI95High > 1 {
		t.Errorf("difference CI [%g, %g] leaves [−1, 1]", d.CI95Low, d.CI95High)
	}
}

// TestEveryCategoryDefined: every ledger category has its definition.
func TestEveryCategoryDefined(t *testing.T) {
	for c := range NumCostCategories {
		if costCategoryDocs[c] == "" {
			t.Errorf("cost category %s has no definition in model/metricdoc.go", c)
		}
	}
}
