package plots

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"regexp"
	"strconv"

	"offsim/model"
)

// reportKPIs are the rows of the report's tables, after the cost metrics.
var reportKPIs = []string{
	"service_level", "abandon_rate", "asa_seconds", "fcr", "csat", "churn_rate",
	"repeat_contacts_per_issue", "lost_customer_value_eur", "headcount_end", "attrition_rate_annual",
	"mean_wage_to_minimum", "share_at_minimum_wage", "provider_margin_eur",
}

type reportCell struct {
	Mean, CI string
	// Sig marks a paired difference whose interval excludes zero.
	Sig bool
}

type reportRow struct {
	Label string
	Cells []reportCell
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
	Names         []string
	KPIs          []reportRow
	PairedNames   []string
	Paired        []reportRow
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
		}
		rd.Scenarios = append(rd.Scenarios, rs)
		rd.Names = append(rd.Names, s.name)
	}
	kpis := []string{d.costMetric()}
	if d.costMetric() != "cost_per_resolved_issue_eur" {
		kpis = append(kpis, "cost_per_resolved_issue_eur")
	} else if d.monthsKnown() {
		kpis = append(kpis, "cost_per_month_eur")
	}
	kpis = append(kpis, reportKPIs...)
	var pairedScens []*scenario
	for _, s := range d.scens {
		if s.sum != nil && s.sum.Baseline != "" {
			pairedScens = append(pairedScens, s)
			rd.PairedNames = append(rd.PairedNames, s.name+" − "+s.sum.Baseline)
		}
	}
	for _, m := range kpis {
		mi := info(m)
		sums := make([]model.Summary, len(d.scens))
		has := make([]bool, len(d.scens))
		var hw, vals []float64
		for i, s := range d.scens {
			sums[i], has[i] = s.summary(m)
			if has[i] {
				hw = append(hw, (sums[i].CI95High-sums[i].CI95Low)/2)
				vals = append(vals, sums[i].Mean)
			}
		}
		if len(vals) == 0 {
			continue
		}
		dec := mi.kind.decimals(hw, vals)
		f := func(v float64) string { return mi.kind.cell(v, dec) }
		row := reportRow{Label: mi.short}
		for i := range d.scens {
			if !has[i] {
				row.Cells = append(row.Cells, reportCell{Mean: "–"})
				continue
			}
			row.Cells = append(row.Cells, reportCell{Mean: f(sums[i].Mean), CI: ciText(sums[i], f)})
		}
		rd.KPIs = append(rd.KPIs, row)
		if len(pairedScens) == 0 {
			continue
		}
		diffs := make([]model.Summary, len(pairedScens))
		ok := make([]bool, len(pairedScens))
		hw, vals = nil, nil
		for i, s := range pairedScens {
			diffs[i], _, ok[i] = d.paired(s, m)
			if ok[i] {
				hw = append(hw, (diffs[i].CI95High-diffs[i].CI95Low)/2)
				vals = append(vals, diffs[i].Mean)
			}
		}
		dec = mi.kind.decimals(hw, vals)
		g := func(v float64) string { return signed(v, func(v float64) string { return mi.kind.diff(v, dec) }) }
		prow := reportRow{Label: mi.short}
		for i := range pairedScens {
			if !ok[i] {
				prow.Cells = append(prow.Cells, reportCell{Mean: "–"})
				continue
			}
			sm := diffs[i]
			prow.Cells = append(prow.Cells, reportCell{Mean: g(sm.Mean), CI: ciText(sm, g),
				Sig: sm.N > 1 && (sm.CI95Low > 0 || sm.CI95High < 0)})
		}
		rd.Paired = append(rd.Paired, prow)
	}
	for i, f := range figs {
		rd.Figures = append(rd.Figures, reportFigure{Name: f.name, Title: f.title, Caption: f.caption, SVG: inlineSVG(svgs[i], f.title)})
	}
	var buf bytes.Buffer
	if err := reportTemplate.Execute(&buf, rd); err != nil {
		return nil, fmt.Errorf("plots: report: %w", err)
	}
	return buf.Bytes(), nil
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
table{border-collapse:collapse;font-size:.88em;margin:.5em 0;display:block;overflow-x:auto}
th,td{padding:.3em .6em;border-bottom:1px solid #e4e4e4;text-align:right;vertical-align:top;white-space:nowrap}
th:first-child,td:first-child{text-align:left}
thead th{border-bottom:2px solid #999}
td small{color:#666}
td.sig{font-weight:bold}
figure{margin:0 0 1.5em}
figcaption{font-size:.88em;color:#444;max-width:60em}
.muted{color:#666;font-size:.9em}
details{margin:.4em 0}
pre{background:#f6f6f6;padding:.8em;overflow-x:auto;font-size:.85em}
nav a{margin-right:.8em}
</style>
</head>
<body>
<h1>offsim results</h1>
<p class="muted">{{len .Scenarios}} scenario(s). {{.CostNote}}. Headline outcome: {{.Outcome}}. Everything on this page is computed from the saved results; it needs no network.</p>
<nav>{{range .Figures}}<a href="#{{.Name}}">{{.Title}}</a> {{end}}</nav>

<h2>Scenarios</h2>
<table>
<thead><tr><th>Scenario</th><th>Replications</th><th>Seed</th><th>Months</th><th>Compared with</th></tr></thead>
<tbody>
{{range .Scenarios}}<tr><td>{{.Name}}</td><td>{{.Replications}}</td><td>{{.Seed}}</td><td>{{.Months}}</td><td>{{if .Baseline}}{{.Baseline}}{{else}}(baseline){{end}}</td></tr>
{{end}}</tbody>
</table>

<h2>Key figures</h2>
<p class="muted">Mean over replications, with the 95% confidence interval of the mean in brackets.</p>
<table>
<thead><tr><th>KPI</th>{{range .Names}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .KPIs}}<tr><td>{{.Label}}</td>{{range .Cells}}<td>{{.Mean}}{{if .CI}}<br><small>{{.CI}}</small>{{end}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
{{if .Paired}}
<h2>Differences to the baseline</h2>
<p class="muted">Scenario minus baseline, paired by replication (common random numbers): mean difference and its 95% confidence interval; pp = percentage points. Bold: the interval excludes zero.</p>
<table>
<thead><tr><th>KPI</th>{{range .PairedNames}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Paired}}<tr><td>{{.Label}}</td>{{range .Cells}}<td{{if .Sig}} class="sig"{{end}}>{{.Mean}}{{if .CI}}<br><small>{{.CI}}</small>{{end}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
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
