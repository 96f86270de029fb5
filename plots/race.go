package plots

import (
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"offsim/model"
)

// The race to the bottom: charts from yearly.csv, yearly_replications.csv
// and tenders.csv (written for every run; tenders.csv only with a tender).

// yearlyMetrics are the yearly trajectories drawn, in the report's order.
var yearlyMetrics = []string{"client_cost_eur", "provider_margin_eur", "mean_wage_to_minimum", "domestic_wage_to_minimum",
	"share_at_minimum_wage", "offshore_share", "domestic_jobs", "attrition_rate_annual", "fcr", "csat", "churn_rate"}

// yearInfos describe the yearly metrics whose labels differ from
// metricInfos' (the period is a year).
var yearInfos = map[string]metricInfo{
	"client_cost_eur":          {"Client's cost (EUR per year)", "Client's cost per year", eurTick, cellEUR, -1},
	"economic_cost_eur":        {"Economic cost: client's cost + lost customer value (EUR per year)", "Economic cost per year", eurTick, cellEUR, -1},
	"lost_customer_value_eur":  {"Lost customer value (EUR per year)", "Lost customer value per year", eurTick, cellEUR, -1},
	"provider_margin_eur":      {"Providers' margin (EUR per year)", "Providers' margin per year", eurTick, cellEUR, 0},
	"mean_wage_to_minimum":     {"Mean wage ÷ local minimum wage (first line)", "Wage ÷ minimum", ratioTick, cellRatio, 0},
	"domestic_wage_to_minimum": {"Mean wage ÷ minimum wage at Dutch first-line sites", "Dutch wage ÷ minimum", ratioTick, cellRatio, 0},
	"share_at_minimum_wage":    {"First-line agents paid the minimum (%)", "Share at minimum wage", pctTick, cellPct, 0},
	"offshore_share":           {"Contacts handled offshore (%)", "Offshore share", pctTick, cellPct, 0},
	"domestic_jobs":            {"Dutch first-line jobs (mean agents employed)", "Dutch jobs", plainTick, cellNum, 0},
}

// yearInfo describes a yearly metric.
func yearInfo(metric string) metricInfo { return lookupInfo(metric, yearInfos, metricInfos) }

// yearsOf returns scenario s's rows of a yearly metric, by year.
func (d *dataset) yearsOf(s *scenario, metric string) []YearRow {
	return d.yearly[s.name][metric]
}

// maxYears is the most years any scenario has.
func (d *dataset) maxYears() int {
	n := 0
	for _, bm := range d.yearly {
		for _, rows := range bm {
			if len(rows) > 0 {
				n = max(n, rows[len(rows)-1].Year)
			}
		}
	}
	return n
}

// raceFigures are the race-to-the-bottom charts the data allow: lead,
// the policy chart and the tender winners when a scenario has a tender
// (the report shows them right after the headline), and the yearly
// trajectories when some scenario runs 3 years or more.
func (d *dataset) raceFigures() (lead, yearly []*figure, notes []string) {
	if len(d.r.Tenders) > 0 {
		if f := d.raceFigure(); f != nil {
			lead = append(lead, f)
		}
		lead = append(lead, d.winnersFigure())
	}
	if d.maxYears() < 3 {
		if len(d.r.Yearly) > 0 {
			notes = append(notes, "Fewer than 3 years: the yearly trajectories are left out.")
		}
		return lead, nil, notes
	}
	for _, m := range yearlyMetrics {
		if f := d.yearlyFigure(m); f != nil {
			yearly = append(yearly, f)
		}
	}
	return lead, yearly, notes
}

// yearlyFigure draws one yearly metric: per scenario the median over
// replications and the 5th–95th percentile band. Nil when no scenario has
// a non-zero value.
func (d *dataset) yearlyFigure(metric string) *figure {
	series, maxYear := bands(d, func(s *scenario) []YearRow { return d.yearsOf(s, metric) },
		func(r YearRow) (x, p05, p50, p95 float64) { return float64(r.Year), r.P05, r.P50, r.P95 })
	nonZero := false
	for _, bs := range series {
		for i := range bs.xs {
			nonZero = nonZero || isFinite(bs.hi[i]) && bs.hi[i] != 0 || isFinite(bs.lo[i]) && bs.lo[i] != 0
		}
	}
	if !nonZero {
		return nil
	}
	mi := yearInfo(metric)
	title := strings.TrimSuffix(mi.short, " per year") + ", year by year" // the axis says per year
	bc := &bandChart{
		title: title, sub: "line: yearly median over replications (shifted a little per scenario, so equal ones stay visible) · band: 5th–95th percentile" + d.tileNote(),
		xLabel: "Year", mi: mi, series: series, maxX: maxYear,
		integer: integerMetric(model.YearTable, metric),
		zero:    metric == "domestic_jobs" || metric == "client_cost_eur",
		minimum: metric == "mean_wage_to_minimum" || metric == "domestic_wage_to_minimum",
		every:   1,
		dodge:   0.07,
	}
	return &figure{
		name: "yearly_" + metric, w: ChartWidth, h: ChartHeight,
		title:   title,
		caption: "Per scenario, the year's median over the replications (line) and the range holding 90% of them (band).",
		draw:    bc.draw,
	}
}

// tenderScenario is one scenario's tenders: bidders in first-seen order
// and, per contract, each bidder's share of wins.
type tenderScenario struct {
	name      string
	idx       int
	bidders   []string
	startDays []float64
	won       [][]float64 // [contract][bidder]
}

func (d *dataset) tenderScenarios() []tenderScenario {
	var out []tenderScenario
	for _, s := range d.scens {
		var ts tenderScenario
		for _, r := range d.r.Tenders {
			if r.Scenario != s.name {
				continue
			}
			b := slices.Index(ts.bidders, r.Bidder)
			if b < 0 {
				ts.bidders = append(ts.bidders, r.Bidder)
				b = len(ts.bidders) - 1
			}
			for len(ts.won) <= r.Tender {
				ts.won = append(ts.won, nil)
				ts.startDays = append(ts.startDays, 0)
			}
			for len(ts.won[r.Tender]) <= b {
				ts.won[r.Tender] = append(ts.won[r.Tender], 0)
			}
			ts.won[r.Tender][b] = r.WonShare
			ts.startDays[r.Tender] = r.StartDay
		}
		if len(ts.won) > 0 {
			ts.name, ts.idx = s.name, s.idx
			out = append(out, ts)
		}
	}
	return out
}

// bidderPalette colours bidders, distinct from the scenarios' markers.
var bidderPalette = []color.NRGBA{
	{0x1b, 0x9e, 0x77, 0xff}, {0xd9, 0x5f, 0x02, 0xff}, {0x75, 0x70, 0xb3, 0xff},
	{0xe7, 0x29, 0x8a, 0xff}, {0x66, 0xa6, 0x1e, 0xff}, {0xa6, 0x76, 0x1d, 0xff},
}

// winnersFigure draws, per tender scenario, a stacked bar per contract:
// the share of replications each bidder won it.
func (d *dataset) winnersFigure() *figure {
	tss := d.tenderScenarios()
	var bidders []string
	for _, ts := range tss {
		for _, b := range ts.bidders {
			if !slices.Contains(bidders, b) {
				bidders = append(bidders, b)
			}
		}
	}
	title := "Who won each tender"
	return &figure{
		name: "tender_winners", w: ChartWidth, h: ChartHeight,
		title: title,
		caption: "Per scenario with a tender, one bar per contract (the first, from day 0, is the incumbent's): " +
			"the share of replications each bidder won it.",
		draw: func(dc draw.Canvas) {
			leg := newLegend()
			for i, b := range bidders {
				leg.Add(b, boxThumb(bidderPalette[i%len(bidderPalette)]))
			}
			c := frame(dc, title, "bar: one contract, labelled by the year it starts · height: share of replications won", &leg, "Bidder")
			cols := min(len(tss), 3)
			grid := tileGrid(len(tss), cols)
			rows := len(grid)
			for k, ts := range tss {
				p := newPlot("", "won (%)")
				p.Title.Text = ts.name
				p.Title.TextStyle.Font = sansBold(10)
				p.Y.Tick.Marker = niceTicker{Max: 5, Format: pctTick}
				if rows > 2 { // short tiles: fewer ticks, the x label once at the bottom
					p.Y.Tick.Marker = niceTicker{Max: 3, Format: pctTick}
					p.Y.Label.Text = ""
				}
				p.X.Label.Text = "contract from year"
				if rows > 2 && k/cols < rows-1 {
					p.X.Label.Text = ""
				}
				var names []string
				for i, sd := range ts.startDays {
					names = append(names, strconv.Itoa(int(math.Floor(sd/model.DaysPerYear))+1))
					base := 0.0
					for b, share := range ts.won[i] {
						if share <= 0 {
							continue
						}
						bi := slices.Index(bidders, ts.bidders[b])
						p.Add(&stackSeg{x: float64(i), y0: base, y1: base + share, col: bidderPalette[bi%len(bidderPalette)]})
						base += share
					}
				}
				p.X.Min, p.X.Max = -0.6, float64(len(names))-0.4
				p.Y.Min, p.Y.Max = 0, 1
				p.X.Tick.Marker = nominalTicker(names)
				grid[k/cols][k%cols] = p
			}
			drawTiles(c, grid, vg.Points(14), vg.Points(14))
		},
	}
}

// stackSeg is one segment of a stacked bar centred on x.
type stackSeg struct {
	x, y0, y1 float64
	col       color.Color
}

func (s *stackSeg) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	w := (trX(1) - trX(0)) * 0.35
	x := trX(s.x)
	r := vg.Rectangle{Min: vg.Point{X: x - w, Y: trY(s.y0)}, Max: vg.Point{X: x + w, Y: trY(s.y1)}}
	c.SetColor(s.col)
	c.Fill(r.Path())
	c.SetLineStyle(draw.LineStyle{Color: color.White, Width: vg.Points(0.8)})
	c.Stroke(r.Path())
}

func (s *stackSeg) DataRange() (xmin, xmax, ymin, ymax float64) {
	return s.x - 0.5, s.x + 0.5, s.y0, s.y1
}

// finalYear returns, per replication, scenario s's value of a yearly
// metric in its last year.
func (d *dataset) finalYear(s string, metric string) map[int]float64 {
	last := 0
	for _, r := range d.r.YearlyReps {
		if r.Scenario == s && r.Metric == metric {
			last = max(last, r.Year)
		}
	}
	out := map[int]float64{}
	for _, r := range d.r.YearlyReps {
		if r.Scenario == s && r.Metric == metric && r.Year == last {
			out[r.Replication] = r.Value
		}
	}
	return out
}

// raceOutcomes are the panels of the race chart: whether the Dutch first
// line is kept (the share of replications; results without that outcome:
// final-year Dutch jobs), Dutch wage ÷ minimum and satisfaction, each
// against the client's cost.
var raceOutcomes = []string{"domestic_first_line_kept", "domestic_wage_to_minimum", "csat"}

// raceFigure is the one chart that answers "which policy stops the race,
// and at what cost?": per replication, the client's cost over the horizon
// against final-year Dutch jobs, Dutch pay over the minimum and
// satisfaction. Nil without per-replication yearly figures.
func (d *dataset) raceFigure() *figure {
	if len(d.r.YearlyReps) == 0 || !d.hasMetric("cost_total_eur") {
		return nil
	}
	title := "Which policy stops the race to the bottom, and at what cost?"
	return &figure{
		name: "race", w: PanelWidth, h: ChartHeight,
		title: title,
		caption: "Each dot is one replication: the client's total cost over the horizon against, in the final year, " +
			"whether the Dutch first line is kept (at least half the first year's Dutch first-line jobs; the cross is the share of replications " +
			"that keep it, with its 95% Wilson interval), the Dutch agents' mean wage over the minimum (replications without Dutch jobs left out) and " +
			"customer satisfaction; crosses are means with 95% confidence intervals. Scenarios whose policy changes nothing lie on top of each other.",
		draw: func(dc draw.Canvas) {
			var crosses []*meanCross
			row := make([]*plot.Plot, len(raceOutcomes))
			for k, o := range raceOutcomes {
				if o == "domestic_first_line_kept" && !d.hasMetric(o) {
					o = "domestic_jobs" // results written before the outcome existed
				}
				p, cr := d.raceTile(o)
				row[k] = p
				if crosses == nil {
					crosses = cr
				}
			}
			var entries []legendEntry
			for _, s := range d.scens {
				entries = append(entries, legendEntry{s.name, &meanCross{col: s.style.Color, shape: s.style.Shape}})
			}
			c := frameBottom(dc, title, "dots: replications · cross: mean with 95% CI · x: client's cost over the whole horizon · y: final year", entries, 3)
			drawTiles(c, [][]*plot.Plot{row}, vg.Points(18), 0)
		},
	}
}

// raceTile draws the client's cost against one final-year outcome.
func (d *dataset) raceTile(outcome string) (*plot.Plot, []*meanCross) {
	yi := yearInfo(outcome)
	kept := outcome == "domestic_first_line_kept"
	p := newPlot("Client's cost, whole run (EUR)", yi.short+", final year")
	if kept {
		yi = info(outcome)
		p.Y.Label.Text = "Replications keeping it (%)"
	}
	p.Title.Text = yi.short
	p.Title.TextStyle.Font = sansBold(11)
	p.X.Tick.Marker = niceTicker{Max: 3, Format: eurCompactTick}
	p.Y.Tick.Marker = niceTicker{Max: 6, Format: yi.format}
	bx, by := newBounds(), newBounds()
	if outcome == "domestic_jobs" {
		by.add(0) // jobs count from none
	}
	if kept {
		by.add(0, 1)
	}
	var crosses []*meanCross
	for _, s := range d.scens {
		var final map[int]float64
		if kept {
			final = map[int]float64{}
			for _, rv := range s.reps[outcome] {
				final[rv.rep] = rv.v
			}
		} else {
			final = d.finalYear(s.name, outcome)
		}
		var xs, ys []float64
		for _, rv := range s.reps["cost_total_eur"] {
			y, ok := final[rv.rep]
			if !ok || !isFinite(y) {
				continue
			}
			xs = append(xs, rv.v)
			ys = append(ys, y)
		}
		if len(xs) == 0 {
			crosses = append(crosses, nil)
			continue
		}
		pts := make(plotter.XYs, len(xs))
		for k := range xs {
			pts[k] = plotter.XY{X: xs[k], Y: ys[k]}
		}
		if sc, err := plotter.NewScatter(pts); err == nil {
			sc.GlyphStyle = d.dotStyle(s)
			p.Add(sc)
		}
		mx, my := model.Summarize(xs), model.Summarize(ys)
		if doc, ok := model.LookupMetric(model.YearTable, outcome); ok {
			my = model.SummarizeMetric(doc, ys) // its interval within the metric's range
		}
		if doc, ok := model.LookupMetric(model.OutcomeTable, outcome); ok && kept {
			my = model.SummarizeMetric(doc, ys) // the share of replications, its Wilson interval
		}
		cr := &meanCross{x: mx.Mean, xlo: mx.CI95Low, xhi: mx.CI95High, y: my.Mean, ylo: my.CI95Low, yhi: my.CI95High,
			col: s.style.Color, shape: s.style.Shape}
		crosses = append(crosses, cr)
		bx.add(xs...)
		by.add(ys...)
		bx.add(cr.xlo, cr.xhi)
		by.add(cr.ylo, cr.yhi)
	}
	for _, cr := range crosses {
		if cr != nil {
			p.Add(cr)
		}
	}
	if bx.empty() {
		p.HideAxes()
		p.X.Label.Text, p.Y.Label.Text = "", ""
		p.Add(&note{text: "no Dutch first-line jobs left\nin the final year"})
		return p, crosses
	}
	if outcome == "domestic_wage_to_minimum" {
		by.add(1)
		p.Add(&hline{y: 1, label: "minimum", below: true, style: draw.LineStyle{Color: textGrey, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}})
	}
	if by.lo == by.hi {
		by.add(by.hi + 1)
	}
	setRange(&p.X, bx.lo, bx.hi, 0.05)
	setRange(&p.Y, by.lo, by.hi, 0.08)
	return p, crosses
}

// note writes a message in the middle of an empty plot.
type note struct{ text string }

func (n *note) Plot(c draw.Canvas, p *plot.Plot) {
	sty := textStyle(sans(11), textGrey)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	c.FillText(sty, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: (c.Min.Y + c.Max.Y) / 2}, n.text)
}
