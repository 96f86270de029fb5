package results

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"offsim/model"
)

// TestRowsRoundTrip: rows written by WriteRows read back equal through a
// sealed folder, a missing figure (NaN) as an empty cell and back.
func TestRowsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	nan := math.NaN()
	rows := Rows{
		Replications: []RepRow{{"a", 0, "all", "csat", 0.75}, {"a", 1, "NL", "csat", nan}},
		Timeseries:   []SeriesRow{{"a", "all", 1, "csat", 2, 0.7, 0.6, 0.7, 0.8}},
		Paired:       []PairedRow{{"b", "a", "csat", "share (0–1)", "whole run", 2, -0.1, 0.01, -0.2, 0}},
		Sweep:        []SweepRow{{"b", "sites.SR.costs.billing", "per_hour", "billing (SR costs)", "", "", 0.5}},
		Yearly:       []YearRow{{"a", 1, "domestic_wage_to_minimum", Stats{0, nan, nan, nan, nan, nan, nan, nan}}},
		YearlyReps:   []YearRepRow{{"a", 0, 1, "domestic_jobs", 1e-300}},
		Tenders:      []TenderRow{{"a", 0, 0, 0, "x, \"quoted\"", 1, 2, 3, 4, 5, 0.9}},
	}
	sum := model.BatchSummary{Scenarios: []model.ScenarioSummary{{Name: "a", Replications: 2,
		Metrics: map[string]model.Summary{"csat": {N: 2, Mean: 0.7}, "gone": {Mean: nan}}}}}
	names, err := WriteRows(dir, sum, &rows)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(names, ParametersCSV.File) || !slices.Contains(names, YearlyCSV.File) {
		t.Errorf("written: %v (parameters.csv has no rows, yearly.csv must be written)", names)
	}
	if err := Seal(dir); err != nil {
		t.Fatal(err)
	}
	set, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer set.Close()
	var got Rows
	if err := set.ReadRows(&got); err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(got.Replications[1].Value) || !math.IsNaN(got.Yearly[0].Mean) {
		t.Error("a missing figure did not read back as NaN")
	}
	got.Replications[1].Value, rows.Replications[1].Value = 0, 0
	got.Yearly[0], rows.Yearly[0] = YearRow{}, YearRow{}
	if !reflect.DeepEqual(got, rows) {
		t.Errorf("read back\n%+v\nwant\n%+v", got, rows)
	}
	data, err := set.ReadFile(SummaryJSON, MaxSummaryBytes)
	if err != nil {
		t.Fatal(err)
	}
	b, err := DecodeSummary(data)
	if err != nil || len(b.Scenarios[0].Metrics) != 1 {
		t.Errorf("summary.json: %v, metrics %v (the NaN one must be left out)", err, b.Scenarios[0].Metrics)
	}
	for _, name := range names {
		if d, _ := os.ReadFile(filepath.Join(dir, name)); strings.Contains(string(d), "NaN") {
			t.Errorf("%s holds NaN", name)
		}
	}
}

// TestManifestRefusesBadEntries: names that leave the folder, names twice,
// unknown groups or fields, and malformed checksums are refused.
func TestManifestRefusesBadEntries(t *testing.T) {
	sha := `"` + strings.Repeat("ab", 32) + `"`
	for _, files := range []string{
		`[{"name": "../x", "group": "results", "bytes": 1, "sha256": ` + sha + `}]`,
		`[{"name": "/etc/passwd", "group": "results", "bytes": 1, "sha256": ` + sha + `}]`,
		`[{"name": "a", "group": "results", "bytes": 1, "sha256": ` + sha + `}, {"name": "a", "group": "results", "bytes": 1, "sha256": ` + sha + `}]`,
		`[{"name": "a", "group": "mine", "bytes": 1, "sha256": ` + sha + `}]`,
		`[{"name": "a", "group": "results", "bytes": 1, "sha256": "xyz"}]`,
		`[{"name": "a", "group": "results", "bytes": -1}]`,
		`[{"name": "a", "group": "results", "bytes": 1, "extra": 1}]`,
		`[{"name": "offsim-manifest.json", "group": "results", "bytes": 1}]`,
	} {
		if _, err := DecodeManifest([]byte(`{"format": "offsim-manifest/1", "complete": true, "files": ` + files + `}`)); err == nil {
			t.Errorf("accepted %s", files)
		}
	}
}

// TestBandExactThenBounded: up to ExactBandReplications values a Band's
// percentiles are model.Summarize's exactly; past them each estimate lies
// within the distribution-free 95% confidence interval of the quantile
// from the same sample (order statistics chosen by the binomial), so it
// is as good an estimate as the sample's own quantile; and the result
// depends only on the values, in order.
func TestBandExactThenBounded(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var b Band
	var all []float64
	for n := 1; n <= 5000; n++ {
		v := rng.ExpFloat64() * 100
		all = append(all, v)
		b.Add(v)
		got := b.Summary()
		if n <= ExactBandReplications {
			s := model.Summarize(all)
			if got != (model.Summary{N: n, Mean: s.Mean, P05: s.P05, P50: s.P50, P95: s.P95}) {
				t.Fatalf("n=%d: band %+v, exact %+v", n, got, s)
			}
			continue
		}
		if n%500 != 0 {
			continue
		}
		sorted := slices.Clone(all)
		slices.Sort(sorted)
		for p, q := range map[float64]float64{0.05: got.P05, 0.5: got.P50, 0.95: got.P95} {
			bin := distuv.Binomial{N: float64(n), P: p}
			lo, hi := int(binomialQuantile(bin, 0.025)), int(binomialQuantile(bin, 0.975))
			if q < sorted[max(lo-1, 0)] || q > sorted[min(hi, n-1)] {
				t.Errorf("n=%d p=%g: estimate %g outside [%g, %g]", n, p, q, sorted[max(lo-1, 0)], sorted[min(hi, n-1)])
			}
		}
	}
	var again Band
	for _, v := range all {
		again.Add(v)
	}
	if again.Summary() != b.Summary() {
		t.Error("the same values gave another band")
	}
	b.Add(math.NaN())
	b.Add(math.Inf(1))
	if b.Summary().N != len(all) {
		t.Error("a value that is not finite was counted")
	}
}

// binomialQuantile is the smallest k with P(X <= k) >= p.
func binomialQuantile(b distuv.Binomial, p float64) float64 {
	for k := 0.0; k <= b.N; k++ {
		if b.CDF(k) >= p {
			return k
		}
	}
	return b.N
}

// TestCollectorMemoryPerReplication: a Collector keeps per replication
// only its per-metric figures (one float64 each, total and per site, per
// year and parameter), never the replication and its monthly and daily
// grids: the heap grows by about that much per replication, whatever the
// length of the horizon (past ExactBandReplications, the monthly series
// take no more).
func TestCollectorMemoryPerReplication(t *testing.T) {
	sc, r := syntheticReplication(24, 3)
	heap := func(n int) (uint64, *Collector) {
		c := NewCollector(sc)
		for i := range n {
			r.Index = i
			if err := c.Add(&r); err != nil {
				t.Fatal(err)
			}
		}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc, c
	}
	const n1, n2 = 150, 650
	h1, c1 := heap(n1)
	runtime.KeepAlive(c1)
	c1 = nil
	h2, c2 := heap(n2)
	runtime.KeepAlive(c2)
	perRep := (float64(h2) - float64(h1)) / float64(n2-n1)
	values := len(c2.names) * (1 + len(c2.sites))
	for _, y := range c2.years {
		values += len(y)
	}
	// append doubles a column's capacity: at most twice the values.
	limit := 2 * 8 * float64(values)
	months := len(r.Months) * len(r.Months[0]) * int(reflect.TypeFor[model.Month]().Size())
	t.Logf("heap per replication: %.0f bytes (%d values; the replication's monthly grid alone: %d bytes)", perRep, values, months)
	if perRep > limit {
		t.Errorf("heap grows by %.0f bytes per replication, more than %.0f for its %d values", perRep, limit, values)
	}
}

// syntheticReplication makes a scenario of sites and months and one
// replication of it with every figure set.
func syntheticReplication(months, sites int) (*model.Scenario, model.Replication) {
	sc := &model.Scenario{Name: "mem", Run: model.Run{Seed: 1}}
	r := model.Replication{Sites: make([]model.Stats, sites)}
	for s := range sites {
		sc.Sites = append(sc.Sites, model.Site{Name: string(rune('A' + s))})
		r.Sites[s].Calls.Offered = 100
		r.Sites[s].Ledger[0] = 1000
	}
	for m := range months {
		row := make([]model.Month, sites)
		for s := range row {
			row[s] = model.Month{Offered: int64(100 + m), Handled: 90,
				WorkforceSums: model.WorkforceSums{EmployedAgentDays: 300, WageToMinimumAgentDays: 330}}
		}
		r.Months = append(r.Months, row)
	}
	r.Days = make([][]model.Day, months*30)
	for d := range r.Days {
		r.Days[d] = make([]model.Day, sites)
	}
	return sc, r
}

// TestOptionalColumns: a file written before an optional column existed
// reads, the column empty (a string) or NaN (a number); a required column
// missing is still an error.
func TestOptionalColumns(t *testing.T) {
	var got []SweepRow
	err := SweepCSV.Read("sweep.csv", strings.NewReader("scenario,key,value\ns,k,0.5\n"), func(r SweepRow) error {
		got = append(got, r)
		return nil
	})
	if err != nil || len(got) != 1 || got[0].Label != "" || !math.IsNaN(got[0].Base) || got[0].Value != "0.5" {
		t.Errorf("old sweep.csv: %+v, %v", got, err)
	}
	err = SweepCSV.Read("sweep.csv", strings.NewReader("scenario,value\ns,0.5\n"), func(SweepRow) error { return nil })
	if err == nil || !strings.Contains(err.Error(), `header lacks column "key"`) {
		t.Errorf("a missing required column: %v", err)
	}
}
