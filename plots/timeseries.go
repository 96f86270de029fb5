package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// timeseriesMetrics are the monthly metrics drawn over time (site "all").
var timeseriesMetrics = []string{"cost_total_eur", "headcount", "leavers", "service_level", "fcr", "csat", "mean_wage_to_minimum"}

// seriesInfo describes a monthly metric: flows are per month.
func seriesInfo(metric string) metricInfo {
	mi := info(metric)
	switch metric {
	case "cost_total_eur":
		mi.label, mi.short = "Total cost (EUR per month)", "Total cost per month"
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
		c.FillText(sty, vg.Point{X: c.Max.X - vg.Points(3), Y: y + vg.Points(2)}, h.label)
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

// bandArrays collects n points of a band: x and the 5th, 50th and 95th
// percentiles of point i.
func bandArrays(n int, at func(i int) (x, p05, p50, p95 float64)) (xs, lo, hi, med []float64) {
	xs, lo, hi, med = make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range n {
		xs[i], lo[i], med[i], hi[i] = at(i)
	}
	return xs, lo, hi, med
}

// addBand adds scenario s's 5th–95th percentile band (error bars for a
// single point) to p and its bounds to by, and returns its median line,
// listed in leg, for the caller to draw above every band.
func addBand(p *plot.Plot, leg *plot.Legend, by *bounds, s *scenario, xs, lo, hi, med []float64, every int) *medianLine {
	by.add(lo...)
	by.add(hi...)
	col := scenarioColor(s.idx)
	p.Add(&band{xs: xs, lo: lo, hi: hi, col: withAlpha(col, 0.16)})
	if len(xs) == 1 {
		p.Add(&errBars{xs: xs, lo: lo, hi: hi, col: col})
	}
	ml := &medianLine{xs: xs, ys: med, col: col, shape: scenarioShape(s.idx), every: every, offset: s.idx}
	leg.Add(s.name, ml)
	return ml
}

// timeseriesFigure draws one monthly metric: per scenario the median over
// replications and the 5th–95th percentile band. Nil when no scenario has
// the metric.
func (d *dataset) timeseriesFigure(metric string) *figure {
	any := false
	maxMonth := 0
	for _, s := range d.scens {
		if rows := d.seriesOf(s, metric); len(rows) > 0 {
			any = true
			maxMonth = max(maxMonth, rows[len(rows)-1].Month)
		}
	}
	if !any {
		return nil
	}
	mi := seriesInfo(metric)
	title := mi.short + " over time"
	sub := "line: monthly median over replications · band: 5th–95th percentile · all sites together"
	return &figure{
		name: "timeseries_" + metric, w: ChartWidth, h: ChartHeight,
		title:   title,
		caption: "Per scenario, the month's median over the replications (line) and the range holding 90% of them (band).",
		draw: func(dc draw.Canvas) {
			p := newPlot("Month", mi.label)
			p.X.Tick.Marker = niceTicker{Max: 13, Format: plainTick, MinStep: 1}
			p.Y.Tick.Marker = niceTicker{Max: 7, Format: mi.format}
			leg := newLegend()
			by := newBounds()
			every := max(1, int(math.Ceil(float64(maxMonth)/8)))
			var lines []plot.Plotter
			for _, s := range d.scens {
				rows := d.seriesOf(s, metric)
				if len(rows) == 0 {
					continue
				}
				xs, lo, hi, med := bandArrays(len(rows), func(i int) (x, p05, p50, p95 float64) {
					r := rows[i]
					return float64(r.Month), r.P05, r.P50, r.P95
				})
				by.add(med...)
				lines = append(lines, addBand(p, &leg, &by, s, xs, lo, hi, med, every))
			}
			p.Add(lines...)
			if metric == "mean_wage_to_minimum" && !by.empty() {
				by.add(1)
				p.Add(&hline{y: 1, label: "statutory minimum wage", style: draw.LineStyle{Color: grey, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}})
			}
			if metric == "leavers" || metric == "cost_total_eur" {
				by.add(0)
			}
			setRange(&p.X, 1, float64(max(maxMonth, 1)), 0.01)
			setRange(&p.Y, by.lo, by.hi, 0.05)
			c := frame(dc, title, sub, &leg, "Scenario")
			p.Draw(c)
		},
	}
}
