package plots

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// meanCross draws a scenario's mean as a large glyph with its 95%
// confidence intervals as error bars in both directions.
type meanCross struct {
	x, xlo, xhi float64
	y, ylo, yhi float64
	col         color.NRGBA
	shape       draw.GlyphDrawer
	// hollow marks a dominated scenario: the glyph is white inside.
	hollow bool
	// thin draws the intervals thin (many scenarios on one chart).
	thin bool
}

const (
	crossRadius = 5.5 // points
	crossCap    = 4   // points, half the cap's width
)

func (m *meanCross) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	x, y := trX(m.x), trY(m.y)
	halo := draw.LineStyle{Color: color.White, Width: vg.Points(3.6)}
	line := draw.LineStyle{Color: m.col, Width: vg.Points(1.8)}
	if m.thin {
		line.Width = vg.Points(1)
	}
	cp := vg.Points(crossCap)
	var segs [][]vg.Point
	if isFinite(m.xlo) && isFinite(m.xhi) {
		xl, xh := trX(m.xlo), trX(m.xhi)
		segs = append(segs, []vg.Point{{X: xl, Y: y}, {X: xh, Y: y}},
			[]vg.Point{{X: xl, Y: y - cp}, {X: xl, Y: y + cp}}, []vg.Point{{X: xh, Y: y - cp}, {X: xh, Y: y + cp}})
	}
	if isFinite(m.ylo) && isFinite(m.yhi) {
		yl, yh := trY(m.ylo), trY(m.yhi)
		segs = append(segs, []vg.Point{{X: x, Y: yl}, {X: x, Y: yh}},
			[]vg.Point{{X: x - cp, Y: yl}, {X: x + cp, Y: yl}}, []vg.Point{{X: x - cp, Y: yh}, {X: x + cp, Y: yh}})
	}
	for _, s := range segs {
		c.StrokeLines(halo, c.ClipLinesXY(s)...)
	}
	for _, s := range segs {
		c.StrokeLines(line, c.ClipLinesXY(s)...)
	}
	pt := vg.Point{X: x, Y: y}
	if c.Contains(pt) {
		m.glyph(&c, pt, vg.Points(crossRadius))
	}
}

func (m *meanCross) glyph(c *draw.Canvas, pt vg.Point, r vg.Length) {
	if m.hollow {
		drawOutlinedGlyph(c, m.shape, pt, r, color.White, m.col)
		return
	}
	drawOutlinedGlyph(c, m.shape, pt, r, m.col, color.Black)
}

func (m *meanCross) DataRange() (xmin, xmax, ymin, ymax float64) {
	bx, by := newBounds(), newBounds()
	bx.add(m.x, m.xlo, m.xhi)
	by.add(m.y, m.ylo, m.yhi)
	return bx.lo, bx.hi, by.lo, by.hi
}

func (m *meanCross) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	r := vg.Points(crossRadius + 2)
	return []plot.GlyphBox{{
		X: p.X.Norm(m.x), Y: p.Y.Norm(m.y),
		Rectangle: vg.Rectangle{Min: vg.Point{X: -r, Y: -r}, Max: vg.Point{X: r, Y: r}},
	}}
}

// Thumbnail draws a small cross with the glyph, for the legend.
func (m *meanCross) Thumbnail(c *draw.Canvas) {
	cx, cy := (c.Min.X+c.Max.X)/2, (c.Min.Y+c.Max.Y)/2
	h := (c.Max.Y - c.Min.Y) / 2
	line := draw.LineStyle{Color: m.col, Width: vg.Points(1.5)}
	c.StrokeLine2(line, cx-1.6*h, cy, cx+1.6*h, cy)
	c.StrokeLine2(line, cx, cy-h-vg.Points(1), cx, cy+h+vg.Points(1))
	m.glyph(c, vg.Point{X: cx, Y: cy}, vg.Points(4))
}

// costOutcome draws cost (x) against one outcome (y): a dot per
// replication, a cross per scenario mean with 95% CIs and the Pareto
// frontier of the means. It returns the plot and, per scenario (in
// d.scens order), its cross and whether it is dominated.
func (d *dataset) costOutcome(outcome string, small bool) (*plot.Plot, []*meanCross, bool) {
	cm := d.costMetric()
	xi, yi := info(cm), info(outcome)
	p := newPlot(xi.label, yi.label)
	p.X.Tick.Marker = niceTicker{Max: 7, Format: xi.format}
	p.Y.Tick.Marker = niceTicker{Max: 7, Format: yi.format}
	if small {
		p.Y.Label.Text = panelLabels[outcome]
		xf := xi.format
		if cm != "cost_per_resolved_issue_eur" {
			xf = eurCompactTick
		}
		p.X.Tick.Marker = niceTicker{Max: 6, Format: xf}
		p.Y.Tick.Marker = niceTicker{Max: 6, Format: yi.format}
	}
	bx, by := newBounds(), newBounds()
	crosses := make([]*meanCross, len(d.scens))
	var mx, my []float64
	var dotPlotters []plot.Plotter
	for i, s := range d.scens {
		xs, ys := s.pairs(cm, outcome)
		bx.add(xs...)
		by.add(ys...)
		if len(xs) > 0 {
			pts := make(plotter.XYs, len(xs))
			for k := range xs {
				pts[k] = plotter.XY{X: xs[k], Y: ys[k]}
			}
			sc, err := plotter.NewScatter(pts)
			if err == nil {
				sc.GlyphStyle = d.dotStyle(s)
				dotPlotters = append(dotPlotters, sc)
			}
		}
		xsum, okx := s.summary(cm)
		ysum, oky := s.summary(outcome)
		if !okx || !oky || !isFinite(xsum.Mean) || !isFinite(ysum.Mean) {
			mx = append(mx, nan())
			my = append(my, nan())
			continue
		}
		crosses[i] = &meanCross{x: xsum.Mean, xlo: xsum.CI95Low, xhi: xsum.CI95High,
			y: ysum.Mean, ylo: ysum.CI95Low, yhi: ysum.CI95High,
			col: s.style.Color, shape: s.style.Shape, thin: len(d.scens) > manyScenarios}
		bx.add(xsum.Mean, xsum.CI95Low, xsum.CI95High)
		by.add(ysum.Mean, ysum.CI95Low, ysum.CI95High)
		mx = append(mx, xsum.Mean)
		my = append(my, ysum.Mean)
	}
	if bx.empty() || by.empty() {
		return p, crosses, false
	}
	p.Add(dotPlotters...)
	p.Add(d.sweepPaths(mx, my)...)
	front := frontier(mx, my, yi.better)
	onFront := map[int]bool{}
	for _, i := range front {
		onFront[i] = true
	}
	if len(front) > 1 {
		pts := make(plotter.XYs, len(front))
		for k, i := range front {
			pts[k] = plotter.XY{X: mx[i], Y: my[i]}
		}
		l, err := plotter.NewLine(pts)
		if err == nil {
			l.LineStyle = frontierStyle()
			p.Add(l)
		}
	}
	for i, c := range crosses {
		if c != nil {
			c.hollow = !onFront[i]
			p.Add(c)
		}
	}
	setRange(&p.X, bx.lo, bx.hi, 0.04)
	setRange(&p.Y, by.lo, by.hi, 0.06)
	return p, crosses, true
}

// dotStyle is the style of a replication's dot: smaller and lighter when
// many scenarios share the chart.
func (d *dataset) dotStyle(s *scenario) draw.GlyphStyle {
	if len(d.scens) > manyScenarios {
		return draw.GlyphStyle{Color: withAlpha(s.style.Color, 0.28), Radius: vg.Points(2), Shape: s.style.Shape}
	}
	return draw.GlyphStyle{Color: withAlpha(s.style.Color, 0.45), Radius: vg.Points(2.8), Shape: s.style.Shape}
}

// sweepPaths joins the means of each sweep series in the order of the
// swept value (xs, ys: the scenarios' means in d.scens order), so that a
// sweep reads as a path through the chart.
func (d *dataset) sweepPaths(xs, ys []float64) []plot.Plotter {
	var out []plot.Plotter
	for _, g := range d.sweeps() {
		for _, se := range g.series {
			var px, py []float64
			for _, sc := range se.scens {
				if i := sc.idx; i < len(xs) && isFinite(xs[i]) && isFinite(ys[i]) {
					px, py = append(px, xs[i]), append(py, ys[i])
				}
			}
			if len(px) > 1 {
				out = append(out, &edgeLine{xs: px, ys: py, style: draw.LineStyle{Color: grey, Width: vg.Points(1)}})
			}
		}
	}
	return out
}

func frontierStyle() draw.LineStyle {
	return draw.LineStyle{Color: color.Black, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}
}

// scenarioLegend lists the scenarios with their crosses; dominated ones
// are marked when mark is true.
func (d *dataset) scenarioLegend(crosses []*meanCross, mark bool) plot.Legend {
	leg := newLegend()
	for i, s := range d.scens {
		c := &meanCross{col: s.style.Color, shape: s.style.Shape}
		if crosses[i] != nil && mark {
			c.hollow = crosses[i].hollow
		}
		name := s.name
		if mark && c.hollow {
			name += " (dominated)"
		}
		leg.Add(name, c)
	}
	leg.Add("Pareto frontier", lineThumb(frontierStyle()))
	return leg
}

// panelLabels are the short y labels of the panel's tiles.
var panelLabels = map[string]string{
	"service_level": "Service level (%)",
	"fcr":           "First-contact resolution (%)",
	"csat":          "Satisfaction (CSAT, %)",
	"churn_rate":    "Churn risk per issue (%)",
}

const readCross = "dots: replications · cross: mean with 95% CI · dashed: Pareto frontier of the means · hollow: dominated"

// costOutcomeFigure is the headline chart.
func (d *dataset) costOutcomeFigure() *figure {
	outcome := d.opt.Outcome
	yi := info(outcome)
	cm := d.costMetric()
	title := fmt.Sprintf("%s against %s", info(cm).short, lower(yi.short))
	better := "higher is better"
	if yi.better < 0 {
		better = "lower is better"
	}
	return &figure{
		name: "cost_vs_outcome", w: ChartWidth, h: ChartHeight,
		title: title,
		caption: fmt.Sprintf("Each dot is one replication; each cross a scenario's mean with its 95%% confidence intervals. "+
			"The dashed line joins the scenarios no other beats on both cost and %s (%s); hollow markers are dominated. %s.",
			lower(yi.short), better, capitalize(d.costNote())),
		draw: func(dc draw.Canvas) {
			p, crosses, _ := d.costOutcome(outcome, false)
			leg := d.scenarioLegend(crosses, true)
			c := frame(dc, title, readCross+"\n"+d.costNote()+"; "+better+" for "+lower(yi.short), &leg, "Scenario")
			p.Draw(c)
		},
	}
}

// panelFigure draws cost against the four outcomes in a 2 × 2 grid.
func (d *dataset) panelFigure() *figure {
	cm := d.costMetric()
	title := info(cm).short + " against four customer outcomes"
	return &figure{
		name: "cost_vs_outcomes_panel", w: PanelWidth, h: PanelHeight,
		title: title,
		caption: "The headline chart for service level, first-contact resolution, satisfaction and churn (lower is better for churn). " +
			"Hollow markers are dominated on that outcome. " + capitalize(d.costNote()) + ".",
		draw: func(dc draw.Canvas) {
			var crosses []*meanCross
			rows := [][]*plot.Plot{{nil, nil}, {nil, nil}}
			for k, o := range panelOutcomes {
				p, cr, _ := d.costOutcome(o, true)
				p.Title.Text = info(o).short
				if info(o).better < 0 {
					p.Title.Text += " (lower is better)"
				}
				p.Title.TextStyle.Font = sansBold(11)
				rows[k/2][k%2] = p
				if crosses == nil {
					crosses = cr
				}
			}
			leg := d.scenarioLegend(crosses, false)
			c := frame(dc, title, readCross+"\n"+d.costNote(), &leg, "Scenario")
			drawTiles(c, rows, vg.Points(16), vg.Points(14))
		},
	}
}
