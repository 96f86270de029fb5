package plots

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image"
	"image/draw"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"offsim/model"
)

// batchCharts are the charts of a batch with parameters (no sweep).
var batchCharts = []string{
	"cost_vs_outcome", "cost_vs_outcomes_panel", "cost_breakdown", "cost_distribution",
	"timeseries_cost_total_eur", "timeseries_headcount", "timeseries_leavers", "timeseries_service_level",
	"timeseries_fcr", "timeseries_csat", "timeseries_mean_wage_to_minimum", "tornado",
}

// sweepCharts are the sweep charts of a sweep (beside the batch charts).
var sweepCharts = []string{
	"sweep_cost_per_month_eur", "sweep_service_level", "sweep_fcr", "sweep_csat", "sweep_churn_rate",
	"sweep_attrition_rate_annual", "sweep_mean_wage_to_minimum",
}

// size returns the PNG pixel and SVG point size of a chart.
func size(name string) (px, py int, w, h string) {
	switch name {
	case "cost_vs_outcomes_panel":
		return 1500, 1050, "720pt", "504pt"
	case "race":
		return 1500, 750, "720pt", "360pt"
	}
	return 1200, 750, "576pt", "360pt"
}

func render(t *testing.T, r *Results, opt Options) (string, []string) {
	t.Helper()
	dir := t.TempDir()
	paths, err := Render(r, dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	return dir, paths
}

func TestRenderBatch(t *testing.T) {
	r := synthetic(synthBatch, 10, 24, "", true)
	dir, paths := render(t, r, Options{})
	var want []string
	for _, c := range batchCharts {
		want = append(want, filepath.Join(dir, c+".png"), filepath.Join(dir, c+".svg"))
	}
	want = append(want, filepath.Join(dir, ReportFile))
	if !equalSets(paths, want) {
		t.Errorf("Render wrote\n%v\nwant\n%v", paths, want)
	}
	for _, c := range batchCharts {
		checkPNG(t, filepath.Join(dir, c+".png"), c)
		checkSVG(t, filepath.Join(dir, c+".svg"), c)
	}
	rep := checkReport(t, filepath.Join(dir, ReportFile), r, batchCharts)
	for _, s := range []string{"No sweep.csv", "Differences to the baseline", "nl-outsourced − nl-inhouse",
		"<details><summary>nl-inhouse.toml</summary>", "# &lt;&amp;&gt; escaped", "Provider margin"} {
		if !strings.Contains(rep, s) {
			t.Errorf("report.html lacks %q", s)
		}
	}
	// Nothing but the outputs: no temporary files left behind.
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != len(paths) {
		t.Errorf("%d files in the directory, %d written", len(ents), len(paths))
	}
}

func TestRenderSweep(t *testing.T) {
	r := synthetic(synthSweep(), 6, 12, "sites.SR.wage.premium", false)
	dir, _ := render(t, r, Options{Outcome: "fcr"})
	for _, c := range sweepCharts {
		checkPNG(t, filepath.Join(dir, c+".png"), c)
		checkSVG(t, filepath.Join(dir, c+".svg"), c)
	}
	rep := checkReport(t, filepath.Join(dir, ReportFile), r, sweepCharts)
	if !strings.Contains(rep, "No parameters.csv") {
		t.Error("report does not say the tornado chart was left out")
	}
	if _, err := os.Stat(filepath.Join(dir, "tornado.png")); err == nil {
		t.Error("tornado.png drawn without parameters")
	}
}

// TestRenderSweepGrid sweeps two keys, one of them with named values, over
// nine scenarios (more than the palette's colours), one with markup in
// its name; and two sweeps of different keys in one batch.
func TestRenderSweepGrid(t *testing.T) {
	r := synthGrid()
	odd := "per_hour <&> 0"
	rename(r, r.Summary.Scenarios[0].Name, odd)
	dir, _ := render(t, r, Options{})
	for _, c := range append(slices.Clone(sweepCharts), "cost_vs_outcome", "cost_vs_outcomes_panel", "cost_breakdown") {
		checkPNG(t, filepath.Join(dir, c+".png"), c)
		checkSVG(t, filepath.Join(dir, c+".svg"), c)
	}
	rep := checkReport(t, filepath.Join(dir, ReportFile), &Results{}, sweepCharts)
	if !strings.Contains(rep, "per_hour &lt;&amp;&gt; 0") {
		t.Error("the report lacks the escaped scenario name")
	}

	// Two sweeps: the premium for some scenarios, the billing model for others.
	r = synthGrid()
	var sw []SweepRow
	for i, row := range r.Sweep {
		if (i/2 < 4) == (row.Key == "sites.SR.wage.premium") {
			sw = append(sw, row)
		}
	}
	r.Sweep = sw
	dir, _ = render(t, r, Options{})
	for _, c := range []string{"sweep_sites_SR_wage_premium_csat", "sweep_sites_SR_costs_billing_csat"} {
		checkPNG(t, filepath.Join(dir, c+".png"), c)
	}
}

// rename renames a scenario everywhere in r.
func rename(r *Results, from, to string) {
	for i := range r.Summary.Scenarios {
		if r.Summary.Scenarios[i].Name == from {
			r.Summary.Scenarios[i].Name = to
		}
		if r.Summary.Scenarios[i].Baseline == from {
			r.Summary.Scenarios[i].Baseline = to
		}
	}
	for i := range r.Replications {
		if r.Replications[i].Scenario == from {
			r.Replications[i].Scenario = to
		}
	}
	for i := range r.Timeseries {
		if r.Timeseries[i].Scenario == from {
			r.Timeseries[i].Scenario = to
		}
	}
	for i := range r.Sweep {
		if r.Sweep[i].Scenario == from {
			r.Sweep[i].Scenario = to
		}
	}
}

func TestRenderPerResolvedAndOutcomes(t *testing.T) {
	r := synthetic(synthBatch[:3], 4, 6, "", false)
	dir, _ := render(t, r, Options{CostAxis: CostPerResolved, Outcome: "churn_rate"})
	for _, c := range []string{"cost_vs_outcome", "cost_breakdown", "cost_distribution"} {
		checkPNG(t, filepath.Join(dir, c+".png"), c)
	}
	rep, _ := os.ReadFile(filepath.Join(dir, ReportFile))
	if !bytes.Contains(rep, []byte("Cost per resolved issue against churn")) {
		t.Error("the headline chart is not cost per resolved issue against churn")
	}
	for _, o := range outcomeMetrics {
		if _, err := (Options{Outcome: o}).normalize(); err != nil {
			t.Errorf("outcome %s: %v", o, err)
		}
	}
	if _, err := Render(r, t.TempDir(), Options{Outcome: "happiness"}); err == nil || !strings.Contains(err.Error(), "happiness") {
		t.Errorf("unknown outcome: err = %v", err)
	}
	if _, err := Render(r, t.TempDir(), Options{CostAxis: "per_call"}); err == nil {
		t.Error("unknown cost axis accepted")
	}
}

// TestDeterministic re-renders the same results, in memory and after a
// round trip through the saved files, and wants byte-identical files.
func TestDeterministic(t *testing.T) {
	r := synthetic(synthBatch, 10, 24, "", true)
	src := t.TempDir()
	save(t, src, r)
	loaded, err := Load(src)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(loaded, r) {
		t.Fatal("Load does not read back the saved results exactly")
	}
	a, pa := render(t, r, Options{})
	b, pb := render(t, loaded, Options{})
	if len(pa) != len(pb) {
		t.Fatalf("%d files, then %d", len(pa), len(pb))
	}
	for i := range pa {
		x, err := os.ReadFile(pa[i])
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, strings.TrimPrefix(pa[i], a)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between renderings", filepath.Base(pa[i]))
		}
	}
	_ = pb
}

// TestRenderSparse draws what short runs give: one scenario and one month;
// a queueing check that prices nothing (every cost zero); and results with
// only summary.json.
func TestRenderSparse(t *testing.T) {
	r := synthetic(synthBatch[:1], 2, 1, "", false)
	dir, _ := render(t, r, Options{})
	for _, c := range []string{"cost_vs_outcome", "cost_breakdown", "timeseries_fcr"} {
		checkPNGFrac(t, filepath.Join(dir, c+".png"), c, 0.015) // one month: a point and its bar
		checkSVG(t, filepath.Join(dir, c+".svg"), c)
	}

	for i := range r.Replications {
		if strings.HasPrefix(r.Replications[i].Metric, "cost_") {
			r.Replications[i].Value = 0
		}
	}
	for i := range r.Timeseries {
		if strings.HasPrefix(r.Timeseries[i].Metric, "cost_") || r.Timeseries[i].Metric == "headcount" {
			r.Timeseries[i] = SeriesRow{Scenario: r.Timeseries[i].Scenario, Site: "all", Month: r.Timeseries[i].Month, Metric: r.Timeseries[i].Metric, N: 2}
		}
	}
	for m := range r.Summary.Scenarios[0].Metrics {
		if strings.HasPrefix(m, "cost_") {
			r.Summary.Scenarios[0].Metrics[m] = model.Summary{N: 2}
		}
	}
	dir, paths := render(t, r, Options{})
	for _, p := range paths {
		if b := filepath.Base(p); strings.HasPrefix(b, "cost_") || strings.HasPrefix(b, "timeseries_headcount") {
			t.Errorf("%s drawn from zeros", b)
		}
	}
	rep, _ := os.ReadFile(filepath.Join(dir, ReportFile))
	if !bytes.Contains(rep, []byte("Every cost is zero")) || !bytes.Contains(rep, []byte("cost_total_eur, headcount")) {
		t.Error("the report does not say why the cost charts were left out")
	}

	only := &Results{Summary: synthetic(synthBatch[:2], 2, 1, "", false).Summary}
	dir, paths = render(t, only, Options{})
	if paths[len(paths)-1] != filepath.Join(dir, ReportFile) {
		t.Errorf("paths = %v", paths)
	}
	rep, _ = os.ReadFile(filepath.Join(dir, ReportFile))
	if !bytes.Contains(rep, []byte("No replications.csv")) || !bytes.Contains(rep, []byte("No timeseries.csv")) {
		t.Error("the report does not say which charts were left out")
	}

	if _, err := Render(&Results{}, t.TempDir(), Options{}); err != nil {
		t.Errorf("no scenarios: %v", err)
	}
}

// TestCompactEUR: the report's and the charts' compact euro amounts keep
// three significant digits and the sign.
func TestCompactEUR(t *testing.T) {
	for in, want := range map[string]string{
		"€9,821,850": "€9.82M", "−€12,345": "−€12.3k", "+€12,345": "+€12.3k",
		"€123,456": "€123k", "€9,999": "€9,999", "n/a": "n/a",
	} {
		if got := compactEUR(in); got != want {
			t.Errorf("compactEUR(%q) = %q, want %q", in, got, want)
		}
	}
	for v, want := range map[float64]string{142000: "€142k", 1.25e6: "€1.25M", -3400: "−€3.40k", 999: "€999"} {
		if got := compactLabel(v); got != want {
			t.Errorf("compactLabel(%g) = %q, want %q", v, got, want)
		}
	}
}

func TestTicks(t *testing.T) {
	for _, c := range []struct {
		v, step float64
		f       numFormat
		want    string
	}{
		{1250000, 250000, eurTick, "€1,250,000"},
		{-2000, 1000, eurTick, "−€2,000"},
		{8.5, 0.5, eurTick, "€8.5"},
		{8.25, 0.25, eurTick, "€8.25"},
		{0, 100, eurTick, "€0"},
		{150000, 50000, eurCompactTick, "€150k"},
		{1.25e6, 0.25e6, eurCompactTick, "€1.25M"},
		{0, 0.25e6, eurCompactTick, "€0"},
		{15e6, 5e6, eurCompactTick, "€15M"},
		{356500, 500, eurCompactTick, "€356.5k"},
		{0.85, 0.05, pctTick, "85%"},
		{0.0055, 0.0005, pctTick, "0.55%"},
		{1.2, 0.1, ratioTick, "1.2×"},
		{12345, 5000, plainTick, "12,345"},
	} {
		if got := c.f(c.v, c.step); got != c.want {
			t.Errorf("format(%g, %g) = %q, want %q", c.v, c.step, got, c.want)
		}
	}
	for _, span := range [][2]float64{{0, 1}, {121937, 378629}, {0.0049, 0.0077}, {-3e5, 2e4}, {1, 24}, {356600, 357150}} {
		for _, n := range []int{4, 6, 7} {
			ticks := niceTicker{Max: n, Format: plainTick}.Ticks(span[0], span[1])
			major := 0
			for _, tk := range ticks {
				if !tk.IsMinor() {
					major++
				}
				if tk.Value < span[0]-1e-9*math.Abs(span[0]) || tk.Value > span[1]+1e-9*math.Abs(span[1]) {
					t.Errorf("%v: tick %g out of range", span, tk.Value)
				}
			}
			if major < 2 || major > n {
				t.Errorf("%v max %d: %d labelled ticks", span, n, major)
			}
		}
	}
}

func TestFrontier(t *testing.T) {
	xs := []float64{356, 350, 122, 282, 378}
	ys := []float64{0.78, 0.735, 0.73, 0.753, 0.79}
	if got, want := frontier(xs, ys, 1), []int{2, 3, 0, 4}; !slices.Equal(got, want) {
		t.Errorf("frontier (higher better) = %v, want %v", got, want)
	}
	churn := []float64{0.0055, 0.0073, 0.0071, 0.0063, 0.0052}
	if got, want := frontier(xs, churn, -1), []int{2, 3, 0, 4}; !slices.Equal(got, want) {
		t.Errorf("frontier (lower better) = %v, want %v", got, want)
	}
	if got := frontier([]float64{1, math.NaN()}, []float64{1, 2}, 1); !slices.Equal(got, []int{0}) {
		t.Errorf("frontier with NaN = %v", got)
	}
	// Two scenarios with equal results (a policy that changes nothing):
	// neither beats the other, both are on the frontier.
	if got := frontier([]float64{2, 1, 2}, []float64{0.9, 0.5, 0.9}, 1); !slices.Equal(got, []int{1, 0, 2}) {
		t.Errorf("frontier with a tie = %v, want [1 0 2]", got)
	}
}

// checkPNG wants a PNG of the chart's size with real content: many
// colours and a good share of non-white pixels.
func checkPNG(t *testing.T, path, chart string) { checkPNGFrac(t, path, chart, 0.03) }

// checkPNGFrac is checkPNG with at least minFrac of the pixels non-white.
func checkPNGFrac(t *testing.T, path, chart string, minFrac float64) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	px, py, _, _ := size(chart)
	if cfg.Width != px || cfg.Height != py {
		t.Errorf("%s: %d×%d, want %d×%d", filepath.Base(path), cfg.Width, cfg.Height, px, py)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	colours := map[uint32]bool{}
	nonWhite, n := 0, 0
	b := img.Bounds()
	rgba := image.NewRGBA(b)
	draw.Draw(rgba, b, img, b.Min, draw.Src)
	for i := 0; i+3 < len(rgba.Pix); i += 4 * 3 { // every third pixel
		r, g, bl := rgba.Pix[i], rgba.Pix[i+1], rgba.Pix[i+2]
		colours[uint32(r)<<16|uint32(g)<<8|uint32(bl)] = true
		if r < 0xf0 || g < 0xf0 || bl < 0xf0 {
			nonWhite++
		}
		n++
	}
	frac := float64(nonWhite) / float64(n)
	if len(colours) < 50 || frac < minFrac {
		t.Errorf("%s looks blank: %d colours, %.1f%% non-white", filepath.Base(path), len(colours), 100*frac)
	}
}

// checkSVG wants well-formed XML with an svg root of the chart's size and
// text in it.
func checkSVG(t *testing.T, path, chart string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	var root *xml.StartElement
	texts, paths := 0, 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(path), err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if root == nil {
				s := se.Copy()
				root = &s
			}
			switch se.Name.Local {
			case "text":
				texts++
			case "path":
				paths++
			}
		}
	}
	if root == nil || root.Name.Local != "svg" {
		t.Fatalf("%s: root is not svg", filepath.Base(path))
	}
	_, _, w, h := size(chart)
	attr := map[string]string{}
	for _, a := range root.Attr {
		attr[a.Name.Local] = a.Value
	}
	if attr["width"] != w || attr["height"] != h {
		t.Errorf("%s: %s × %s, want %s × %s", filepath.Base(path), attr["width"], attr["height"], w, h)
	}
	if texts < 5 || paths < 20 {
		t.Errorf("%s: only %d texts and %d paths", filepath.Base(path), texts, paths)
	}
	if bytes.Contains(data, []byte("font-family:Liberation Sans;")) {
		t.Errorf("%s: font family without fallback", filepath.Base(path))
	}
}

// checkReport wants a self-contained page with every scenario and chart.
func checkReport(t *testing.T, path string, r *Results, charts []string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for _, sc := range r.Summary.Scenarios {
		if !strings.Contains(s, ">"+sc.Name+"<") {
			t.Errorf("report lacks scenario %s", sc.Name)
		}
	}
	for _, c := range charts {
		if !strings.Contains(s, `<figure id="`+c+`">`) {
			t.Errorf("report lacks chart %s", c)
		}
	}
	if n := strings.Count(s, "<svg "); n < len(charts) {
		t.Errorf("report has %d inline SVGs, want at least %d", n, len(charts))
	}
	// Offline: no fetched resource. The SVG namespaces are names, not fetches.
	stripped := strings.NewReplacer(`xmlns="http://www.w3.org/2000/svg"`, "", `xmlns:xlink="http://www.w3.org/1999/xlink"`, "").Replace(s)
	for _, bad := range []string{"http://", "https://", "<link", "<script", "@import", "url(", "src="} {
		if strings.Contains(stripped, bad) {
			t.Errorf("report contains %q: not self-contained", bad)
		}
	}
	if strings.Contains(s, "<?xml") {
		t.Error("report contains an XML prelude")
	}
	return s
}

func equalSets(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
