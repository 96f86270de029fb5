package plots

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"offsim/model"
)

// metricInfo describes how a metric is labelled and formatted.
type metricInfo struct {
	// label is the axis label, with the unit.
	label string
	// short names the metric in titles and tables.
	short string
	// format formats tick labels.
	format numFormat
	// kind says how tables show values.
	kind cellKind
	// better is +1 when more is better for the customer, −1 when less is,
	// 0 when neither.
	better int
}

// cellKind is the unit of a table cell.
type cellKind uint8

const (
	cellNum cellKind = iota
	cellPct
	cellEUR
	cellRatio
)

// cell formats v with d decimals (of the unit shown: percent points for
// percentages).
func (k cellKind) cell(v float64, d int) string {
	switch k {
	case cellPct:
		return groupThousands(100*v, d) + "%"
	case cellEUR:
		return eurTick(v, math.Pow10(-d))
	case cellRatio:
		return groupThousands(v, d) + "×"
	}
	return groupThousands(v, d)
}

// diff formats a difference: percentage points for percentages, a plain
// number for ratios.
func (k cellKind) diff(v float64, d int) string {
	switch k {
	case cellPct:
		return groupThousands(100*v, d) + " pp"
	case cellRatio:
		return groupThousands(v, d)
	}
	return k.cell(v, d)
}

// decimals picks the decimals for a table row: enough to show the
// narrowest confidence interval's half-width to one significant digit
// (or, without intervals, the smallest value), within the kind's limits.
func (k cellKind) decimals(halfWidths, values []float64) int {
	scale := 1.0
	if k == cellPct {
		scale = 100
	}
	lo, hi := 0, 4
	switch k {
	case cellEUR:
		hi = 2
		big := false
		for _, v := range values {
			big = big || math.Abs(v) >= 100
		}
		if !big {
			lo = 2
		}
	case cellRatio:
		lo = 2
	case cellPct:
		lo = 1
	}
	p := math.Inf(1)
	for _, h := range halfWidths {
		if h > 0 && isFinite(h) {
			p = math.Min(p, h*scale)
		}
	}
	if math.IsInf(p, 1) {
		for _, v := range values {
			if v != 0 && isFinite(v) {
				p = math.Min(p, math.Abs(v)*scale/10)
			}
		}
	}
	d := lo
	if !math.IsInf(p, 1) {
		d = int(math.Ceil(-math.Log10(p) - 1e-9))
	}
	return min(max(d, lo), hi)
}

// metricInfos catalogues the metrics the charts and tables show. Every
// money label says its period: per month, per year, whole run.
var metricInfos = map[string]metricInfo{
	"cost_per_month_eur":                {"Client's cost (EUR per month)", "Client's cost per month", eurTick, cellEUR, -1},
	"economic_cost_per_month_eur":       {"Economic cost: client's cost + lost customer value (EUR per month)", "Economic cost per month", eurTick, cellEUR, -1},
	"lost_customer_value_per_month_eur": {"Lost customer value (EUR per month)", "Lost customer value per month", eurTick, cellEUR, -1},
	"provider_margin_per_month_eur":     {"Provider margin (EUR per month)", "Provider margin per month", eurTick, cellEUR, 0},
	"cost_total_eur":                    {"Client's cost, whole run (EUR)", "Client's cost, whole run", eurTick, cellEUR, -1},
	"economic_cost_eur":                 {"Economic cost, whole run (EUR)", "Economic cost, whole run", eurTick, cellEUR, -1},
	"cost_per_resolved_issue_eur":       {"Client's cost per resolved issue (EUR)", "Cost per resolved issue", eurTick, cellEUR, -1},
	"cost_per_contact_eur":              {"Client's cost per handled contact (EUR)", "Cost per contact", eurTick, cellEUR, -1},
	"service_level":                     {"Service level (% answered within threshold)", "Service level", pctTick, cellPct, 1},
	"abandon_rate":                      {"Abandoned calls (% of offered)", "Abandonment", pctTick, cellPct, -1},
	"asa_seconds":                       {"Average speed of answer (s)", "ASA (s)", plainTick, cellNum, -1},
	"fcr":                               {"First-contact resolution (%)", "First-contact resolution", pctTick, cellPct, 1},
	"csat":                              {"Customer satisfaction (CSAT, %)", "Satisfaction", pctTick, cellPct, 1},
	"churn_rate":                        {"Churn risk per issue (% of customers)", "Churn", pctTick, cellPct, -1},
	"repeat_contacts_per_issue":         {"Repeat contacts per issue", "Repeat contacts per issue", plainTick, cellNum, -1},
	"lost_customer_value_eur":           {"Lost customer value, whole run (EUR)", "Lost customer value, whole run", eurTick, cellEUR, -1},
	"headcount_end":                     {"Agents employed at the end", "Headcount at the end", plainTick, cellNum, 0},
	"headcount":                         {"Agents employed (end of month)", "Headcount", plainTick, cellNum, 0},
	"hires":                             {"Hires", "Hires", plainTick, cellNum, 0},
	"leavers":                           {"Leavers (quits and dismissals)", "Leavers", plainTick, cellNum, 0},
	"attrition_rate_annual":             {"Turnover (leavers per year ÷ average headcount, %)", "Turnover per year", pctTick, cellPct, 0},
	"turnover_annual":                   {"Turnover (leavers per year ÷ average headcount, %)", "Turnover per year", pctTick, cellPct, 0},
	"mean_wage_to_minimum":              {"Mean wage ÷ statutory minimum wage", "Wage ÷ minimum", ratioTick, cellRatio, 0},
	"share_at_minimum_wage":             {"Agents paid the minimum wage (%)", "Share at minimum wage", pctTick, cellPct, 0},
	"provider_margin_eur":               {"Provider margin, whole run (EUR)", "Provider margin, whole run", eurTick, cellEUR, 0},
	"cost_per_productive_hour_eur":      {"Client's cost per productive hour (EUR)", "Cost per productive hour", eurTick, cellEUR, -1},
	"occupancy":                         {"Occupancy (%)", "Occupancy", pctTick, cellPct, 0},
	"calls_offered":                     {"Calls offered", "Calls offered", plainTick, cellNum, 0},
	"final_year_domestic_jobs":          {"Dutch first-line jobs in the final year", "Dutch first-line jobs, final year", plainTick, cellNum, 0},
	"final_year_offshore_share":         {"Contacts handled offshore in the final year (%)", "Offshore share, final year", pctTick, cellPct, 0},
	"final_year_domestic_wage_to_minimum": {"Dutch first-line pay ÷ minimum in the final year", "Dutch pay ÷ minimum, final year",
		ratioTick, cellRatio, 0},
	"domestic_first_line_kept": {"Replications keeping the Dutch first line (%)", "Dutch first line kept", pctTick, cellPct, 0},
}

// info returns the description of a metric, a plain one for unknown names.
func info(metric string) metricInfo { return lookupInfo(metric, metricInfos) }

// lookupInfo returns the description of a metric in the first catalogue
// that has it, a plain one for unknown names.
func lookupInfo(metric string, catalogues ...map[string]metricInfo) metricInfo {
	for _, c := range catalogues {
		if m, ok := c[metric]; ok {
			return m
		}
	}
	return metricInfo{label: metric, short: metric, format: plainTick, kind: cellNum}
}

// Outcomes the headline chart may put on its y axis.
var outcomeMetrics = []string{"csat", "service_level", "fcr", "churn_rate"}

// panelOutcomes are the four outcomes of the panel, in reading order.
var panelOutcomes = []string{"service_level", "fcr", "csat", "churn_rate"}

// scenario gathers what the charts need of one scenario.
type scenario struct {
	name string
	// idx is its position in the batch.
	idx int
	// style is its colour and marker (Styles, or a ramp along a sweep,
	// then ramped is true).
	style  Style
	ramped bool
	sum    *model.ScenarioSummary
	// months is the number of months of its series (0 when unknown).
	months int
	// reps maps a total ("all") metric to its values by replication.
	reps map[string][]repValue
}

type repValue struct {
	rep int
	v   float64
}

// dataset indexes Results for the charts.
type dataset struct {
	r      *Results
	opt    Options
	scens  []*scenario
	byName map[string]*scenario
	// series maps scenario → metric → the site-"all" rows by month.
	series map[string]map[string][]SeriesRow
	// yearly maps scenario → yearly metric → rows by year.
	yearly map[string]map[string][]YearRow
}

// byScenarioMetric groups rows by scenario and metric (key), each group in
// the order of its period (month or year), rows of one period in input
// order.
func byScenarioMetric[R any](rows []R, key func(R) (scenario, metric string, period int)) map[string]map[string][]R {
	out := map[string]map[string][]R{}
	for _, row := range rows {
		sc, m, _ := key(row)
		if out[sc] == nil {
			out[sc] = map[string][]R{}
		}
		out[sc][m] = append(out[sc][m], row)
	}
	for _, bm := range out {
		for _, rs := range bm {
			slices.SortStableFunc(rs, func(a, b R) int {
				_, _, pa := key(a)
				_, _, pb := key(b)
				return cmp.Compare(pa, pb)
			})
		}
	}
	return out
}

func newDataset(r *Results, opt Options) *dataset {
	d := &dataset{r: r, opt: opt, byName: map[string]*scenario{}}
	add := func(name string) *scenario {
		if s, ok := d.byName[name]; ok {
			return s
		}
		s := &scenario{name: name, idx: len(d.scens), reps: map[string][]repValue{}}
		d.scens = append(d.scens, s)
		d.byName[name] = s
		return s
	}
	for i := range r.Summary.Scenarios {
		add(r.Summary.Scenarios[i].Name).sum = &r.Summary.Scenarios[i]
	}
	for _, row := range r.Replications {
		if row.Site != "all" {
			continue
		}
		s := add(row.Scenario)
		s.reps[row.Metric] = append(s.reps[row.Metric], repValue{row.Replication, row.Value})
	}
	for _, s := range d.scens {
		for m, vs := range s.reps {
			slices.SortStableFunc(vs, func(a, b repValue) int { return cmp.Compare(a.rep, b.rep) })
			s.reps[m] = vs
		}
	}
	var all []SeriesRow
	for _, row := range r.Timeseries {
		if row.Site != "all" {
			continue
		}
		s := add(row.Scenario)
		s.months = max(s.months, row.Month)
		all = append(all, row)
	}
	d.series = byScenarioMetric(all, func(r SeriesRow) (string, string, int) { return r.Scenario, r.Metric, r.Month })
	d.yearly = byScenarioMetric(r.Yearly, func(r YearRow) (string, string, int) { return r.Scenario, r.Metric, r.Year })
	d.setStyles()
	return d
}

// namePrefix returns the start all scenario names share, up to a space,
// when there are three or more scenarios ("sr-premium " of the variants
// of a sweep): tight places (axis labels, tiles) leave it out.
func (d *dataset) namePrefix() string {
	if len(d.scens) < 3 {
		return ""
	}
	p := d.scens[0].name
	for _, s := range d.scens[1:] {
		for !strings.HasPrefix(s.name, p) {
			p = p[:len(p)-1]
		}
	}
	i := strings.LastIndex(p, " ")
	if i < 0 {
		return ""
	}
	return p[:i+1]
}

// label is a scenario's name for tight places: without the prefix all
// share, and without the brackets of a sweep variant's values.
func (d *dataset) label(s *scenario) string {
	l := strings.TrimPrefix(s.name, d.namePrefix())
	if strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]") && d.namePrefix() != "" {
		l = l[1 : len(l)-1]
	}
	return l
}

// labels are the scenarios' labels, in order.
func (d *dataset) labels() []string {
	out := make([]string, len(d.scens))
	for i, s := range d.scens {
		out[i] = d.label(s)
	}
	return out
}

// prefixNote says which prefix the labels leave out ("" when none).
func (d *dataset) prefixNote() string {
	if p := d.namePrefix(); p != "" {
		return "\nscenarios " + strings.TrimSpace(p) + " [...]: the values in brackets label them"
	}
	return ""
}

// setStyles gives each scenario its style: the one its name has in every
// run (Styles) or, for the variants of a sweep of three or more, a colour
// of an ordered ramp along the swept value (and a marker per series of a
// sweep of several keys).
func (d *dataset) setStyles() {
	names := make([]string, len(d.scens))
	for i, s := range d.scens {
		names[i] = s.name
	}
	for i, st := range Styles(names) {
		d.scens[i].style = st
	}
	for _, g := range d.sweeps() {
		vals := g.values()
		if len(vals) < 3 {
			continue
		}
		for si, series := range g.series {
			for k, sc := range series.scens {
				rank := slices.Index(vals, series.xs[k])
				sc.style = Style{ramp(float64(rank) / float64(len(vals)-1)), scenarioShapes[si%len(scenarioShapes)]}
				sc.ramped = true
			}
		}
	}
}

// monthsKnown reports whether every scenario's monthly means are known:
// in the results, or from the months of its series.
func (d *dataset) monthsKnown() bool {
	for _, s := range d.scens {
		if s.months == 0 && !s.has("cost_per_month_eur") {
			return false
		}
	}
	return len(d.scens) > 0
}

// costMetric is the name of the cost the charts put on their cost axis:
// cost_per_month_eur (the client's cost ÷ the months of the window),
// economic_cost_per_month_eur (the same with the lost customer value
// added), or cost_per_resolved_issue_eur; the whole-run figure when the
// months are not known (results written before the monthly means).
func (d *dataset) costMetric() string {
	switch d.opt.CostAxis {
	case CostPerResolved:
		return "cost_per_resolved_issue_eur"
	case CostEconomic:
		if d.monthsKnown() {
			return "economic_cost_per_month_eur"
		}
		return "economic_cost_eur"
	}
	if d.monthsKnown() {
		return "cost_per_month_eur"
	}
	return "cost_total_eur"
}

// perMonthSource names the whole-run metric a per-month mean derives from.
var perMonthSource = map[string]string{
	"cost_per_month_eur":                "cost_total_eur",
	"economic_cost_per_month_eur":       "economic_cost_eur",
	"lost_customer_value_per_month_eur": "lost_customer_value_eur",
	"provider_margin_per_month_eur":     "provider_margin_eur",
}

// derived returns the source metric and the factor turning it into the
// metric name: itself when the results have it; a per-month mean the
// results lack (written before they had them) from its whole-run figure
// ÷ the months of the series.
func (s *scenario) derived(metric string) (string, float64) {
	src, ok := perMonthSource[metric]
	if !ok || s.has(metric) {
		return metric, 1
	}
	if s.months == 0 {
		return src, math.NaN()
	}
	return src, 1 / float64(s.months)
}

// has reports whether the results hold the metric for the scenario.
func (s *scenario) has(metric string) bool {
	if len(s.reps[metric]) > 0 {
		return true
	}
	if s.sum != nil {
		_, ok := s.sum.Metrics[metric]
		return ok
	}
	return false
}

// values returns the metric's total values by replication.
func (s *scenario) values(metric string) []repValue {
	src, f := s.derived(metric)
	vs := s.reps[src]
	if f == 1 {
		return vs
	}
	out := make([]repValue, len(vs))
	for i, v := range vs {
		out[i] = repValue{v.rep, v.v * f}
	}
	return out
}

// floats returns the finite values of the metric.
func (s *scenario) floats(metric string) []float64 {
	var out []float64
	for _, v := range s.values(metric) {
		if isFinite(v.v) {
			out = append(out, v.v)
		}
	}
	return out
}

// summary returns the metric's summary over replications: from
// summary.json, else computed from the replications.
func (s *scenario) summary(metric string) (model.Summary, bool) {
	src, f := s.derived(metric)
	if s.sum != nil {
		if m, ok := s.sum.Metrics[src]; ok && m.N > 0 {
			return scaleSummary(m, f), true
		}
	}
	vs := s.floats(metric)
	if len(vs) == 0 {
		return model.Summary{}, false
	}
	return model.Summarize(vs), true
}

// paired returns the summary of scenario − baseline for the metric, and
// the baseline's name.
func (d *dataset) paired(s *scenario, metric string) (model.Summary, string, bool) {
	src, f := s.derived(metric)
	if s.sum == nil || s.sum.Baseline == "" {
		return model.Summary{}, "", false
	}
	if b, ok := d.byName[s.sum.Baseline]; ok && src != metric && b.months != s.months {
		return model.Summary{}, "", false // different windows: a monthly difference is not paired
	}
	if m, ok := s.sum.VsBaseline[src]; ok {
		return scaleSummary(m, f), s.sum.Baseline, true
	}
	for _, p := range d.r.Paired {
		if p.Scenario == s.name && p.Metric == src {
			m := model.Summary{N: p.N, Mean: p.Mean, SD: p.SD, CI95Low: p.CI95Low, CI95High: p.CI95High}
			return scaleSummary(m, f), p.Baseline, true
		}
	}
	return model.Summary{}, "", false
}

func scaleSummary(m model.Summary, f float64) model.Summary {
	if f == 1 {
		return m
	}
	m.Mean *= f
	m.SD *= math.Abs(f)
	m.CI95Low *= f
	m.CI95High *= f
	m.P05 *= f
	m.P50 *= f
	m.P95 *= f
	if f < 0 {
		m.CI95Low, m.CI95High = m.CI95High, m.CI95Low
		m.P05, m.P95 = m.P95, m.P05
	}
	return m
}

// pairs returns, by replication, the values of two metrics where both are
// finite.
func (s *scenario) pairs(xm, ym string) (xs, ys []float64) {
	ys0 := map[int]float64{}
	for _, v := range s.values(ym) {
		ys0[v.rep] = v.v
	}
	for _, v := range s.values(xm) {
		y, ok := ys0[v.rep]
		if ok && isFinite(v.v) && isFinite(y) {
			xs = append(xs, v.v)
			ys = append(ys, y)
		}
	}
	return xs, ys
}

// seriesOf returns the scenario's site-"all" rows of a monthly metric.
func (d *dataset) seriesOf(s *scenario, metric string) []SeriesRow {
	return d.series[s.name][metric]
}

// hasMetric reports whether any scenario has replications of the metric.
func (d *dataset) hasMetric(metric string) bool {
	for _, s := range d.scens {
		if len(s.floats(metric)) > 0 {
			return true
		}
	}
	return false
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// frontier returns the indices of the non-dominated points, sorted by x:
// lower x is better; higher y is better when better > 0, lower when < 0.
func frontier(xs, ys []float64, better int) []int {
	idx := make([]int, 0, len(xs))
	for i := range xs {
		if isFinite(xs[i]) && isFinite(ys[i]) {
			idx = append(idx, i)
		}
	}
	sign := 1.0
	if better < 0 {
		sign = -1
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if c := cmp.Compare(xs[a], xs[b]); c != 0 {
			return c
		}
		return cmp.Compare(sign*ys[b], sign*ys[a])
	})
	var out []int
	best, lastX := math.Inf(-1), math.NaN()
	for _, i := range idx {
		switch {
		case sign*ys[i] > best:
			out = append(out, i)
			best, lastX = sign*ys[i], xs[i]
		case sign*ys[i] == best && xs[i] == lastX:
			out = append(out, i) // equal to a point of the frontier: not beaten by it
		}
	}
	return out
}

// costNote explains the cost axis in a subtitle.
func (d *dataset) costNote() string {
	switch d.costMetric() {
	case "cost_per_month_eur":
		return "cost = the client's cost over the whole run ÷ its months"
	case "economic_cost_per_month_eur":
		return "economic cost = (the client's cost + lost customer value) over the whole run ÷ its months"
	case "cost_total_eur":
		return "cost = the client's cost over the whole run (months unknown)"
	case "economic_cost_eur":
		return "economic cost = the client's cost + lost customer value over the whole run (months unknown)"
	}
	return "cost = the client's cost over the whole run ÷ resolved issues"
}

// costUnit is the unit of a cost metric.
func costUnit(metric string) string {
	switch metric {
	case "cost_per_month_eur", "economic_cost_per_month_eur":
		return "EUR per month"
	case "cost_per_resolved_issue_eur":
		return "EUR per resolved issue"
	}
	return "EUR, whole run"
}
