package plots

import (
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"offsim/model"
)

// timeseriesMetrics are the monthly metrics drawn over time (site "all").
var timeseriesMetrics = []string{"cost_total_eur", "headcount", "leavers", "service_level", "fcr", "csat", "mean_wage_to_minimum"}

// seriesInfo describes a monthly metric: flows are per month.
func seriesInfo(metric string) metricInfo {
	mi := info(metric)
	switch metric {
	case "cost_total_eur":
		mi.label, mi.short = "Client's cost (EUR per month)", "Client's cost per month"
	case "economic_cost_eur":
		mi.label, mi.short = "Economic cost: client's cost + lost customer value (EUR per month)", "Economic cost per month"
	case "leavers":
		mi.label, mi.short = "Leavers per month (quits and dismissals)", "Leavers per month"
	case "hires":
		mi.label, mi.short = "Hires per month", "Hires per month"
	}
	return mi
}

// band fills the area between lo and hi over xs.
type band struct {
	xs, lo, hi []float64
	col        color.Color
}

func (b *band) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	var pts []vg.Point
	for i := range b.xs {
		if isFinite(b.lo[i]) && isFinite(b.hi[i]) {
			pts = append(pts, vg.Point{X: trX(b.xs[i]), Y: trY(b.hi[i])})
		}
	}
	for i := len(b.xs) - 1; i >= 0; i-- {
		if isFinite(b.lo[i]) && isFinite(b.hi[i]) {
			pts = append(pts, vg.Point{X: trX(b.xs[i]), Y: trY(b.lo[i])})
		}
	}
	if len(pts) < 4 {
		return
	}
	c.FillPolygon(b.col, c.ClipPolygonXY(pts))
}

func (b *band) DataRange() (xmin, xmax, ymin, ymax float64) {
	bx, by := newBounds(), newBounds()
	bx.add(b.xs...)
	by.add(b.lo...)
	by.add(b.hi...)
	return bx.lo, bx.hi, by.lo, by.hi
}

// hline is a horizontal reference line with a label at its right end.
type hline struct {
	y     float64
	label string
	style draw.LineStyle
	// below puts the label under the line (where no data is: nothing is
	// paid below the minimum).
	below bool
}

func (h *hline) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	y := trY(h.y)
	if y < c.Min.Y || y > c.Max.Y {
		return
	}
	c.StrokeLine2(h.style, c.Min.X, y, c.Max.X, y)
	if h.label != "" {
		sty := textStyle(sans(8.5), textGrey)
		sty.XAlign = draw.XRight
		at := y + vg.Points(2)
		if h.below && y-sty.Height(h.label)-vg.Points(2) > c.Min.Y {
			sty.YAlign = draw.YTop
			at = y - vg.Points(2)
		}
		c.FillText(sty, vg.Point{X: c.Max.X - vg.Points(3), Y: at}, h.label)
	}
}

// medianLine draws a scenario's median with its glyph every few points,
// so the lines stay apart without colour.
type medianLine struct {
	xs, ys []float64
	col    color.NRGBA
	shape  draw.GlyphDrawer
	every  int
	offset int
	// dotCols, when set, colour each point's glyph (the variants of a
	// sweep along their ramp).
	dotCols []color.NRGBA
}

func (m *medianLine) style() draw.LineStyle {
	return draw.LineStyle{Color: m.col, Width: vg.Points(1.8)}
}

func (m *medianLine) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	var seg []vg.Point
	var segs [][]vg.Point
	for i := range m.xs {
		if !isFinite(m.ys[i]) {
			if len(seg) > 0 {
				segs = append(segs, seg)
			}
			seg = nil
			continue
		}
		seg = append(seg, vg.Point{X: trX(m.xs[i]), Y: trY(m.ys[i])})
	}
	if len(seg) > 0 {
		segs = append(segs, seg)
	}
	for _, s := range segs {
		c.StrokeLines(m.style(), c.ClipLinesXY(s)...)
	}
	every := max(m.every, 1)
	for i := range m.xs {
		if !isFinite(m.ys[i]) || (i+m.offset)%every != 0 && len(m.xs) > 1 {
			continue
		}
		pt := vg.Point{X: trX(m.xs[i]), Y: trY(m.ys[i])}
		if c.Contains(pt) {
			if m.dotCols != nil {
				drawOutlinedGlyph(&c, m.shape, pt, vg.Points(4.5), m.dotCols[i], color.White)
				continue
			}
			drawOutlinedGlyph(&c, m.shape, pt, vg.Points(3), m.col, color.White)
		}
	}
}

func (m *medianLine) DataRange() (xmin, xmax, ymin, ymax float64) {
	bx, by := newBounds(), newBounds()
	bx.add(m.xs...)
	by.add(m.ys...)
	return bx.lo, bx.hi, by.lo, by.hi
}

func (m *medianLine) Thumbnail(c *draw.Canvas) {
	y := (c.Min.Y + c.Max.Y) / 2
	h := c.Max.Y - c.Min.Y
	r := vg.Rectangle{Min: vg.Point{X: c.Min.X, Y: y - h/2}, Max: vg.Point{X: c.Max.X, Y: y + h/2}}
	c.SetColor(withAlpha(m.col, 0.2))
	c.Fill(r.Path())
	c.StrokeLine2(m.style(), c.Min.X, y, c.Max.X, y)
	drawOutlinedGlyph(c, m.shape, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: y}, vg.Points(3), m.col, color.White)
}

// bands returns the band series of the scenarios with rows (rowsOf: in
// period order; at: a row's period and its 5th, 50th and 95th
// percentiles) and the last period of any.
func bands[R any](d *dataset, rowsOf func(*scenario) []R, at func(R) (x, p05, p50, p95 float64)) (series []bandSeries, maxX int) {
	for _, s := range d.scens {
		rows := rowsOf(s)
		if len(rows) == 0 {
			continue
		}
		n := len(rows)
		bs := bandSeries{s, d.label(s), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)}
		for i, r := range rows {
			bs.xs[i], bs.lo[i], bs.med[i], bs.hi[i] = at(r)
		}
		maxX = max(maxX, int(bs.xs[n-1]))
		series = append(series, bs)
	}
	return series, maxX
}

// bandSeries is one scenario's band over time: x (month or year) and the
// 5th, 50th and 95th percentiles over replications.
type bandSeries struct {
	s               *scenario
	label           string // the scenario's name for a tile
	xs, lo, hi, med []float64
}

// bandChart describes a chart of bands over time.
type bandChart struct {
	title, sub, xLabel string
	mi                 metricInfo
	series             []bandSeries
	maxX               int
	// integer ticks the y axis at whole numbers (counts of people).
	integer bool
	// zero includes 0 in the y range; minimum draws the statutory
	// minimum (1×) as a reference line.
	zero, minimum bool
	// every draws a median's glyph every so many points.
	every int
	// dodge shifts each scenario's median this far along x from the
	// next, so that scenarios with equal figures stay visible side by side.
	dodge float64
}

// manyScenarios is the most scenarios drawn on one chart of bands; past
// it, bands get a tile each (small multiples).
const manyScenarios = 6

// draw draws the chart: one plot with every scenario's band and median
// when there are few, readable where they overlap (light fills, edges
// drawn as thin lines); past manyScenarios a tile per scenario, its band
// and median in colour over the others' medians in grey.
func (b *bandChart) draw(dc draw.Canvas) {
	yTick := niceTicker{Max: 7, Format: b.mi.format}
	if b.integer {
		yTick.MinStep = 1
	}
	xTick := niceTicker{Max: 13, Format: plainTick, MinStep: 1}
	by := newBounds()
	for _, bs := range b.series {
		by.add(bs.lo...)
		by.add(bs.hi...)
		by.add(bs.med...)
	}
	if b.zero {
		by.add(0)
	}
	if b.minimum && !by.empty() {
		by.add(1)
		by.add(1 - 0.06*(by.hi-1)) // room for the label under the line
	}
	refLine := func(p *plot.Plot, label string) {
		if b.minimum {
			p.Add(&hline{y: 1, label: label, below: true, style: draw.LineStyle{Color: textGrey, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}})
		}
	}
	if len(b.series) <= manyScenarios {
		p := newPlot(b.xLabel, b.mi.label)
		p.X.Tick.Marker, p.Y.Tick.Marker = xTick, yTick
		leg := newLegend()
		// Light fills, lighter the more there are: bands that coincide (a
		// policy that changes nothing) add up to a grey, not to mud.
		alpha := math.Min(0.18, 0.32/float64(len(b.series)))
		var lines []plot.Plotter
		for k, bs := range b.series {
			col := bs.s.style.Color
			mx := bs.xs
			if b.dodge > 0 {
				mx = make([]float64, len(bs.xs))
				for i, x := range bs.xs {
					mx[i] = x + (float64(k)-float64(len(b.series)-1)/2)*b.dodge
				}
			}
			p.Add(&band{xs: bs.xs, lo: bs.lo, hi: bs.hi, col: withAlpha(col, alpha)})
			if len(b.series) > 2 {
				edge := draw.LineStyle{Color: withAlpha(col, 0.7), Width: vg.Points(0.7), Dashes: []vg.Length{vg.Points(2), vg.Points(2)}}
				p.Add(&edgeLine{xs: bs.xs, ys: bs.lo, style: edge}, &edgeLine{xs: bs.xs, ys: bs.hi, style: edge})
			}
			if len(bs.xs) == 1 {
				p.Add(&errBars{xs: bs.xs, lo: bs.lo, hi: bs.hi, col: col})
			}
			ml := &medianLine{xs: mx, ys: bs.med, col: col, shape: bs.s.style.Shape, every: b.every, offset: bs.s.idx}
			leg.Add(bs.s.name, ml)
			lines = append(lines, ml)
		}
		refLine(p, "statutory minimum wage")
		p.Add(lines...)
		spread := b.dodge*float64(len(b.series)-1)/2 + b.dodge
		setRange(&p.X, 1-spread, float64(max(b.maxX, 1))+spread, 0.01)
		setRange(&p.Y, by.lo, by.hi, 0.05)
		c := frame(dc, b.title, b.sub, &leg, "Scenario")
		p.Draw(c)
		return
	}
	sub := strings.Replace(b.sub, " (shifted a little per scenario, so equal ones stay visible)", "", 1)
	minNote := ""
	if b.minimum {
		minNote = " · dashed: the statutory minimum wage"
	}
	c := frame(dc, b.title, sub+"\none tile per scenario: its band and median in colour, the other scenarios' medians in grey\ny: "+lower(b.mi.label)+minNote, nil, "")
	cols := 4
	if len(b.series) <= 9 {
		cols = 3
	}
	grid := tileGrid(len(b.series), cols)
	rows := len(grid)
	small := niceTicker{Max: 4, Format: b.mi.format, MinStep: yTick.MinStep}
	if b.mi.format == nil {
		small.Format = plainTick
	}
	for i, bs := range b.series {
		xl := ""
		if i/cols == rows-1 || i+cols >= len(b.series) {
			xl = b.xLabel
		}
		p := newPlot(xl, "") // the subtitle says what y is: tiles are short
		p.X.Tick.Marker = niceTicker{Max: 5, Format: plainTick, MinStep: 1}
		p.Y.Tick.Marker = small
		p.X.Tick.Label.Font = sans(8)
		p.Y.Tick.Label.Font = sans(8)
		p.X.Label.TextStyle.Font = sans(9)
		p.Y.Label.TextStyle.Font = sans(9)
		p.Title.Text = bs.label
		p.Title.TextStyle.Font = sansBold(9)
		p.Title.TextStyle.Color = color.Black
		for _, o := range b.series {
			if o.s != bs.s {
				p.Add(&edgeLine{xs: o.xs, ys: o.med, style: draw.LineStyle{Color: lightGrey, Width: vg.Points(0.9)}})
			}
		}
		p.Add(&band{xs: bs.xs, lo: bs.lo, hi: bs.hi, col: withAlpha(bs.s.style.Color, 0.25)})
		refLine(p, "") // the subtitle names the dashed line
		p.Add(&edgeLine{xs: bs.xs, ys: bs.med, style: draw.LineStyle{Color: bs.s.style.Color, Width: vg.Points(1.6)}})
		setRange(&p.X, 1, float64(max(b.maxX, 1)), 0.02)
		setRange(&p.Y, by.lo, by.hi, 0.05)
		grid[i/cols][i%cols] = p
	}
	drawTiles(c, grid, vg.Points(8), vg.Points(6))
}

// edgeLine is a plain line through the finite points.
type edgeLine struct {
	xs, ys []float64
	style  draw.LineStyle
}

func (e *edgeLine) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	var seg []vg.Point
	flush := func() {
		if len(seg) > 1 {
			c.StrokeLines(e.style, c.ClipLinesXY(seg)...)
		}
		seg = nil
	}
	for i := range e.xs {
		if !isFinite(e.ys[i]) {
			flush()
			continue
		}
		seg = append(seg, vg.Point{X: trX(e.xs[i]), Y: trY(e.ys[i])})
	}
	flush()
}

// integerMetric reports whether a metric counts people or things: its
// axis ticks at whole numbers.
func integerMetric(t model.MetricTable, metric string) bool {
	d, ok := model.LookupMetric(t, metric)
	return ok && (d.Integer || strings.HasPrefix(d.Unit, "agents"))
}

// timeseriesFigure draws one monthly metric: per scenario the median over
// replications and the 5th–95th percentile band. Nil when no scenario has
// the metric.
func (d *dataset) timeseriesFigure(metric string) *figure {
	series, maxMonth := bands(d, func(s *scenario) []SeriesRow { return d.seriesOf(s, metric) },
		func(r SeriesRow) (x, p05, p50, p95 float64) { return float64(r.Month), r.P05, r.P50, r.P95 })
	if len(series) == 0 {
		return nil
	}
	mi := seriesInfo(metric)
	title := mi.short + " over time"
	bc := &bandChart{
		title: title, sub: "line: monthly median over replications · band: 5th–95th percentile · all sites together" + d.tileNote(),
		xLabel: "Month", mi: mi, series: series, maxX: maxMonth,
		integer: integerMetric(model.MonthTable, metric),
		zero:    metric == "leavers" || metric == "cost_total_eur" || metric == "hires",
		minimum: metric == "mean_wage_to_minimum",
		every:   max(1, int(math.Ceil(float64(maxMonth)/8))),
	}
	return &figure{
		name: "timeseries_" + metric, w: ChartWidth, h: ChartHeight,
		title:   title,
		caption: "Per scenario, the month's median over the replications (line) and the range holding 90% of them (band).",
		draw:    bc.draw,
	}
}

// tileNote is the prefix note of charts that turn into tiles.
func (d *dataset) tileNote() string {
	if len(d.scens) > manyScenarios {
		return d.prefixNote()
	}
	return ""
}
