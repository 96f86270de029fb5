package plots

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"offsim/model"
)

// reportKPIs are the customer and workforce figures of the report's
// tables, in two groups (the columns of a table with a row per scenario).
var reportKPIs = [][]string{
	{"service_level", "abandon_rate", "asa_seconds", "fcr", "csat", "churn_rate"},
	{"repeat_contacts_per_issue", "cost_per_resolved_issue_eur", "headcount_end", "attrition_rate_annual",
		"mean_wage_to_minimum", "share_at_minimum_wage"},
}

// reportKPIGroups name the groups of reportKPIs.
var reportKPIGroups = []string{"Customers", "Workforce, and cost per resolved issue"}

// reportMoney are the money figures: each per month (with its CI) and over
// the whole run (its mean; the CI is the same relative to it).
var reportMoney = []struct{ label, perMonth, wholeRun string }{
	{"Client's cost", "cost_per_month_eur", "cost_total_eur"},
	{"Lost customer value", "lost_customer_value_per_month_eur", "lost_customer_value_eur"},
	{"Economic cost", "economic_cost_per_month_eur", "economic_cost_eur"},
	{"Provider margin", "provider_margin_per_month_eur", "provider_margin_eur"},
}

// reportTender are the tender outcomes of the report.
var reportTender = []string{"final_year_domestic_jobs", "final_year_offshore_share", "domestic_first_line_kept",
	"final_year_domestic_wage_to_minimum", "final_year_client_cost_eur"}

type reportCell struct {
	Mean, CI string
	// Sig marks a paired difference whose interval excludes zero.
	Sig bool
}

type reportRow struct {
	Label string
	Cells []reportCell
}

// reportGroup is a header cell spanning Span columns.
type reportGroup struct {
	Label string
	Span  int
}

// reportTable is one table: an optional first header row of groups, the
// column heads (the first heads the row labels) and the rows.
type reportTable struct {
	Title, Note string
	Groups      []reportGroup
	Head        []string
	Rows        []reportRow
}

type reportScenario struct {
	Name, Baseline string
	Replications   int
	Seed           string
	Months         string
}

type reportFigure struct {
	Name, Title, Caption string
	SVG                  template.HTML
}

type reportData struct {
	Scenarios     []reportScenario
	Tables        []reportTable
	Paired        []reportTable
	Tender        []reportTable
	Figures       []reportFigure
	Notes         []string
	CostNote      string
	Outcome       string
	ScenarioFiles []ScenarioFile
}

// report renders report.html: one page, no external resources, the charts'
// SVGs inline.
func (d *dataset) report(figs []*figure, svgs [][]byte, notes []string) ([]byte, error) {
	rd := reportData{Notes: notes, CostNote: capitalize(d.costNote()), Outcome: info(d.opt.Outcome).short, ScenarioFiles: d.r.ScenarioFiles}
	for _, s := range d.scens {
		rs := reportScenario{Name: s.name, Months: "–", Seed: "–"}
		if s.sum != nil {
			rs.Baseline = s.sum.Baseline
			rs.Replications = s.sum.Replications
			rs.Seed = strconv.FormatUint(s.sum.Seed, 10)
		} else {
			rs.Replications = len(s.reps["cost_total_eur"])
		}
		if s.months > 0 {
			rs.Months = strconv.Itoa(s.months)
		} else if s.sum != nil && s.sum.Months > 0 {
			rs.Months = strconv.Itoa(s.sum.Months)
		}
		rd.Scenarios = append(rd.Scenarios, rs)
	}
	rd.Tables = append(rd.Tables, d.moneyTable(d.scens, false))
	rd.Tables = append(rd.Tables, d.kpiTables(d.scens, false)...)
	var paired []*scenario
	for _, s := range d.scens {
		if s.sum != nil && s.sum.Baseline != "" {
			paired = append(paired, s)
		}
	}
	if len(paired) > 0 {
		rd.Paired = append(rd.Paired, d.moneyTable(paired, true))
		rd.Paired = append(rd.Paired, d.kpiTables(paired, true)...)
	}
	rd.Tender = d.tenderTables()
	for i, f := range figs {
		rd.Figures = append(rd.Figures, reportFigure{Name: f.name, Title: f.title, Caption: f.caption, SVG: inlineSVG(svgs[i], f.title)})
	}
	var buf bytes.Buffer
	if err := reportTemplate.Execute(&buf, rd); err != nil {
		return nil, fmt.Errorf("plots: report: %w", err)
	}
	return buf.Bytes(), nil
}

// rowName is a scenario's row label: with paired differences, against its
// baseline.
func rowName(s *scenario, paired bool) string {
	if paired && s.sum != nil {
		return s.name + " − " + s.sum.Baseline
	}
	return s.name
}

// cells returns the cells of a metric for the scenarios: its mean (or, when
// paired, the mean difference to the baseline) and 95% CI, with as many
// decimals as the narrowest CI needs; ci false leaves the interval out.
func (d *dataset) cells(metric string, scens []*scenario, paired, ci bool) ([]reportCell, bool) {
	mi := info(metric)
	sums := make([]model.Summary, len(scens))
	has := make([]bool, len(scens))
	var hw, vals []float64
	for i, s := range scens {
		if paired {
			sums[i], _, has[i] = d.paired(s, metric)
		} else {
			sums[i], has[i] = s.summary(metric)
		}
		if has[i] {
			hw = append(hw, (sums[i].CI95High-sums[i].CI95Low)/2)
			vals = append(vals, sums[i].Mean)
		}
	}
	if len(vals) == 0 {
		return nil, false
	}
	dec := mi.kind.decimals(hw, vals)
	f := func(v float64) string { return mi.kind.cell(v, dec) }
	if paired {
		f = func(v float64) string { return signed(v, func(v float64) string { return mi.kind.diff(v, dec) }) }
	}
	out := make([]reportCell, len(scens))
	for i, sm := range sums {
		switch {
		case !has[i]:
			out[i] = reportCell{Mean: "–"}
		case metric == "domestic_first_line_kept" && !paired:
			out[i] = reportCell{Mean: shareText(sm), CI: wilsonText(sm)}
		default:
			out[i] = reportCell{Mean: f(sm.Mean)}
			if ci {
				out[i].CI = ciText(sm, f)
			}
			out[i].Sig = paired && sm.N > 1 && (sm.CI95Low > 0 || sm.CI95High < 0)
		}
	}
	return out, true
}

// compactEUR rewrites a whole-euro amount ("€9,821,850", "−€12,345") in
// thousands or millions ("€9.82M", "−€12.3k"), three significant digits.
func compactEUR(s string) string {
	t := strings.TrimPrefix(strings.TrimPrefix(s, "+"), "−")
	t = strings.TrimPrefix(t, "€")
	v, err := strconv.ParseFloat(strings.ReplaceAll(t, ",", ""), 64)
	if err != nil || math.Abs(v) < 10_000 {
		return s
	}
	sign := s[:len(s)-len(strings.TrimLeft(s, "+−"))]
	return sign + compactLabel(v)
}

// shareText says an all-or-nothing outcome as k of n replications.
func shareText(s model.Summary) string {
	return fmt.Sprintf("%d of %d", int(math.Round(s.Mean*float64(s.N))), s.N)
}

// wilsonText is its Wilson interval.
func wilsonText(s model.Summary) string {
	if s.N < 2 {
		return ""
	}
	return fmt.Sprintf("[%.0f%%, %.0f%%]", 100*s.CI95Low, 100*s.CI95High)
}

// moneyTable has a row per scenario and, per money figure, a column per
// month (with its CI) and one over the whole run.
func (d *dataset) moneyTable(scens []*scenario, paired bool) reportTable {
	t := reportTable{Title: "Money (EUR)", Head: []string{"Scenario"}}
	if paired {
		t.Title = "Money (EUR): scenario minus baseline"
	}
	t.Note = "Economic cost: the client's cost + lost customer value. Per month: the whole run's amount ÷ its months, with the 95% confidence interval of the mean; whole run: the mean over the run, " +
		"in thousands (k) or millions (M) of euros (its interval is the per-month one times the months)."
	for _, s := range scens {
		t.Rows = append(t.Rows, reportRow{Label: rowName(s, paired)})
	}
	for _, m := range reportMoney {
		pm, ok1 := d.cells(m.perMonth, scens, paired, true)
		wr, ok2 := d.cells(m.wholeRun, scens, paired, false)
		for i := range wr {
			wr[i].Mean = compactEUR(wr[i].Mean) // the whole run in thousands or millions
		}
		if !ok1 && !ok2 {
			continue
		}
		t.Groups = append(t.Groups, reportGroup{m.label, 2})
		t.Head = append(t.Head, "per month", "whole run")
		for i := range t.Rows {
			c1, c2 := reportCell{Mean: "–"}, reportCell{Mean: "–"}
			if ok1 {
				c1 = pm[i]
			}
			if ok2 {
				c2 = wr[i]
			}
			t.Rows[i].Cells = append(t.Rows[i].Cells, c1, c2)
		}
	}
	return t
}

// kpiTables are the customer and workforce figures: a row per figure and
// a column per scenario when there are few scenarios; with more, a row per
// scenario and a table per group of figures, so that no table grows wider
// than the page.
func (d *dataset) kpiTables(scens []*scenario, paired bool) []reportTable {
	title := "Customers and workforce"
	if paired {
		title = "Customers and workforce: scenario minus baseline (pp: percentage points)"
	}
	if len(scens) <= manyScenarios {
		t := reportTable{Title: title, Head: []string{"KPI"}}
		for _, s := range scens {
			t.Head = append(t.Head, rowName(s, paired))
		}
		for _, g := range reportKPIs {
			for _, m := range g {
				if cs, ok := d.cells(m, scens, paired, true); ok {
					t.Rows = append(t.Rows, reportRow{Label: kpiLabel(m), Cells: cs})
				}
			}
		}
		return []reportTable{t}
	}
	var out []reportTable
	for gi, g := range reportKPIs {
		t := reportTable{Title: title + ": " + lower(reportKPIGroups[gi]), Head: []string{"Scenario"}}
		for _, s := range scens {
			t.Rows = append(t.Rows, reportRow{Label: rowName(s, paired)})
		}
		for _, m := range g {
			cs, ok := d.cells(m, scens, paired, true)
			if !ok {
				continue
			}
			t.Head = append(t.Head, kpiLabel(m))
			for i := range t.Rows {
				t.Rows[i].Cells = append(t.Rows[i].Cells, cs[i])
			}
		}
		if len(t.Head) > 1 {
			out = append(out, t)
		}
	}
	return out
}

// kpiLabel names a KPI in a table, with its period where it has one.
func kpiLabel(m string) string {
	switch m {
	case "attrition_rate_annual":
		return "Attrition per year"
	case "headcount_end":
		return "Headcount at the end"
	case "cost_per_resolved_issue_eur":
		return "Cost per resolved issue (EUR)"
	}
	return info(m).short
}

// tenderTables are, with a tender, the final year's outcomes per scenario
// and who held each contract.
func (d *dataset) tenderTables() []reportTable {
	var scens []*scenario
	for _, s := range d.scens {
		if s.sum != nil && len(s.sum.Tenders) > 0 {
			scens = append(scens, s)
		}
	}
	if len(scens) == 0 {
		return nil
	}
	out := reportTable{Title: "What is left in the final year", Head: []string{"Scenario", "Final year"},
		Note: "Mean over replications with its 95% confidence interval; the Dutch first line is kept when the final year has at least half " +
			"the first year's Dutch first-line jobs, counted in replications with the 95% Wilson interval of the share."}
	for _, s := range scens {
		year := "–"
		if s.sum.Months > 0 {
			year = strconv.Itoa((s.sum.Months + model.MonthsPerYear - 1) / model.MonthsPerYear)
		}
		out.Rows = append(out.Rows, reportRow{Label: s.name, Cells: []reportCell{{Mean: year}}})
	}
	for _, m := range reportTender {
		cs, ok := d.cells(m, scens, false, true)
		if !ok {
			continue
		}
		head := info(m).short
		if m == "final_year_client_cost_eur" {
			head = "Client's cost, final year (EUR per year)"
		}
		out.Head = append(out.Head, head)
		for i := range out.Rows {
			out.Rows[i].Cells = append(out.Rows[i].Cells, cs[i])
		}
	}
	holders := reportTable{Title: "Who held each contract", Head: []string{"Scenario"},
		Note: "Replications in which each bidder won the contract; in brackets the 95% Wilson interval of the most frequent holder's share."}
	maxContracts := 0
	for _, s := range scens {
		maxContracts = max(maxContracts, len(s.sum.Tenders))
	}
	for k := range maxContracts {
		head := fmt.Sprintf("contract %d", k+1)
		for _, s := range scens {
			if k < len(s.sum.Tenders) {
				head = fmt.Sprintf("from year %d", int(s.sum.Tenders[k].StartDay/model.DaysPerYear)+1)
				break
			}
		}
		holders.Head = append(holders.Head, head)
	}
	for _, s := range scens {
		row := reportRow{Label: s.name}
		for k := range maxContracts {
			c := reportCell{Mean: "–"}
			if k < len(s.sum.Tenders) {
				c = holderCell(s.sum.Replications, s.sum.Tenders[k])
			}
			row.Cells = append(row.Cells, c)
		}
		holders.Rows = append(holders.Rows, row)
	}
	return []reportTable{out, holders}
}

// holderCell says who won one contract in how many replications.
func holderCell(reps int, t model.TenderSummary) reportCell {
	n := t.Replications
	if n == 0 {
		n = reps
	}
	names := make([]string, 0, len(t.Winners))
	for name := range t.Winners {
		names = append(names, name)
	}
	sort.SliceStable(names, func(a, b int) bool {
		if t.Winners[names[a]] != t.Winners[names[b]] {
			return t.Winners[names[a]] > t.Winners[names[b]]
		}
		return names[a] < names[b]
	})
	var parts []string
	ci := ""
	for i, name := range names {
		if t.Winners[name] <= 0 {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %d/%d", name, int(math.Round(t.Winners[name]*float64(n))), n))
		if w, ok := t.WinnersCI95[name]; ok && i == 0 && n > 1 {
			ci = fmt.Sprintf("[%.0f%%, %.0f%%]", 100*w[0], 100*w[1])
		}
	}
	return reportCell{Mean: strings.Join(parts, ", "), CI: ci}
}

func ciText(sm model.Summary, f func(float64) string) string {
	if sm.N < 2 || !isFinite(sm.CI95Low) || !isFinite(sm.CI95High) || sm.CI95Low == sm.CI95High {
		return ""
	}
	return "[" + f(sm.CI95Low) + ", " + f(sm.CI95High) + "]"
}

// signed prefixes a plus sign to positive differences.
func signed(v float64, f func(float64) string) string {
	s := f(v)
	if v > 0 && !math.IsInf(v, 0) && s != f(0) {
		return "+" + s
	}
	return s
}

var (
	svgPrelude = regexp.MustCompile(`(?s)^.*?<svg `)
	svgSize    = regexp.MustCompile(`^<svg width="([0-9.]+)pt" height="([0-9.]+)pt"`)
)

// inlineSVG prepares an SVG file for inlining into HTML: no XML prelude,
// scaled to the page's width.
func inlineSVG(svg []byte, title string) template.HTML {
	s := svgPrelude.ReplaceAll(svg, []byte("<svg "))
	s = svgSize.ReplaceAllFunc(s, func(m []byte) []byte {
		w := svgSize.FindSubmatch(m)[1]
		return fmt.Appendf(nil, `<svg role="img" aria-label="%s" style="width:100%%;height:auto;max-width:%spt"`,
			template.HTMLEscapeString(title), w)
	})
	return template.HTML(s) //nolint:gosec // our own SVG output
}

var reportTemplate = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>offsim report</title>
<style>
body{font-family:Arial,Helvetica,"Liberation Sans",sans-serif;color:#222;max-width:1100px;margin:0 auto;padding:1em 1.5em 3em;line-height:1.4}
h1{font-size:1.6em;margin-bottom:.2em}
h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
h3{font-size:1.05em;margin:1.5em 0 .3em}
table{border-collapse:collapse;font-size:.84em;margin:.5em 0;display:block;max-width:100%;overflow-x:auto}
th,td{padding:.3em .5em;border-bottom:1px solid #e4e4e4;text-align:right;vertical-align:top;white-space:nowrap}
th:first-child,td:first-child{text-align:left;white-space:normal;overflow-wrap:anywhere;min-width:9em;max-width:18em}
thead th{border-bottom:2px solid #999;white-space:normal;min-width:4.5em;vertical-align:bottom}
thead tr.groups th{border-bottom:1px solid #bbb;text-align:center}
td small{color:#666}
td.sig{font-weight:bold}
figure{margin:0 0 1.5em}
figcaption{font-size:.88em;color:#444;max-width:60em}
.muted{color:#666;font-size:.9em}
details{margin:.4em 0}
pre{background:#f6f6f6;padding:.8em;overflow-x:auto;font-size:.85em}
nav a{margin-right:.8em;display:inline-block}
</style>
</head>
<body>
<h1>offsim results</h1>
<p class="muted">{{len .Scenarios}} scenario(s). {{.CostNote}}. Headline outcome: {{.Outcome}}. Every money figure says its period: per month, per year or the whole run. What a metric means: docs/metrics.md. Everything on this page is computed from the saved results; it needs no network.</p>
<nav>{{range .Figures}}<a href="#{{.Name}}">{{.Title}}</a> {{end}}</nav>

<h2>Scenarios</h2>
<table>
<thead><tr><th>Scenario</th><th>Replications</th><th>Seed</th><th>Months</th><th>Compared with</th></tr></thead>
<tbody>
{{range .Scenarios}}<tr><td>{{.Name}}</td><td>{{.Replications}}</td><td>{{.Seed}}</td><td>{{.Months}}</td><td>{{if .Baseline}}{{.Baseline}}{{else}}(baseline){{end}}</td></tr>
{{end}}</tbody>
</table>
{{define "table"}}<h3>{{.Title}}</h3>
{{if .Note}}<p class="muted">{{.Note}}</p>{{end}}
<table>
<thead>{{if .Groups}}<tr class="groups"><th></th>{{range .Groups}}<th colspan="{{.Span}}">{{.Label}}</th>{{end}}</tr>{{end}}
<tr>{{range .Head}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr><td>{{.Label}}</td>{{range .Cells}}<td{{if .Sig}} class="sig"{{end}}>{{.Mean}}{{if .CI}}<br><small>{{.CI}}</small>{{end}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
{{end}}
<h2>Key figures</h2>
<p class="muted">Mean over replications, with the 95% confidence interval of the mean in brackets (within each metric's range: a share stays in [0, 100%]).</p>
{{range .Tables}}{{template "table" .}}{{end}}
{{if .Tender}}<h2>Tenders</h2>
{{range .Tender}}{{template "table" .}}{{end}}{{end}}
{{if .Paired}}
<h2>Differences to the baseline</h2>
<p class="muted">Scenario minus baseline, paired by replication (common random numbers): mean difference and its 95% confidence interval; pp = percentage points. Bold: the interval excludes zero.</p>
{{range .Paired}}{{template "table" .}}{{end}}
{{end}}
<h2>Charts</h2>
{{range .Figures}}<figure id="{{.Name}}">
<h3>{{.Title}}</h3>
{{.SVG}}
<figcaption>{{.Caption}} Files: <a href="{{.Name}}.png">{{.Name}}.png</a>, <a href="{{.Name}}.svg">{{.Name}}.svg</a>.</figcaption>
</figure>
{{end}}
{{if .Notes}}<h2>Left out</h2>
<ul>{{range .Notes}}<li>{{.}}</li>{{end}}</ul>
{{end}}
{{if .ScenarioFiles}}<h2>Scenario files</h2>
<p class="muted">The resolved scenarios as run.</p>
{{range .ScenarioFiles}}<details><summary>{{.Name}}</summary><pre>{{.Text}}</pre></details>
{{end}}{{end}}
</body>
</html>
`))
