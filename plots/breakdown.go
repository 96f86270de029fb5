package plots

import (
	"fmt"
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

// categoryColors colour the ledger's categories, by model.CostCategory.
var categoryColors = [model.NumCostCategories]color.Color{
	model.CostWages:          oiBlue,
	model.CostOnCosts:        oiSkyBlue,
	model.CostShiftPremiums:  oiPurple,
	model.CostTrainingWages:  oiGreen,
	model.CostRecruitment:    oiOrange,
	model.CostSeats:          oiYellow,
	model.CostTelecom:        color.NRGBA{0xBB, 0xBB, 0xBB, 0xff},
	model.CostManagement:     oiVermilion,
	model.CostGovernance:     color.NRGBA{0x66, 0x66, 0x66, 0xff},
	model.CostProviderMargin: oiBlack,
	model.CostCover:          color.NRGBA{0x99, 0x66, 0x33, 0xff},
}

// categoryLabels name the categories in the legend.
var categoryLabels = [model.NumCostCategories]string{
	model.CostWages:          "Wages",
	model.CostOnCosts:        "Employer on-costs",
	model.CostShiftPremiums:  "Shift premiums",
	model.CostTrainingWages:  "Training wages",
	model.CostRecruitment:    "Recruitment",
	model.CostSeats:          "Seats, facilities",
	model.CostTelecom:        "Telecom",
	model.CostManagement:     "Management",
	model.CostGovernance:     "Offshore governance",
	model.CostProviderMargin: "Provider margin",
	model.CostCover:          "Overtime, agency cover",
}

func categoryMetric(c model.CostCategory) string { return "cost_" + c.String() + "_eur" }

// stackBars draws one stacked bar per scenario: positive parts stacked up
// from zero, negative parts (a provider's loss) down from zero, and the net
// total as a label above the bar (and a black tick when it differs from
// the top of the stack).
type stackBars struct {
	vals   [][]float64 // [scenario][category]
	cols   []color.Color
	width  float64 // in x units
	format func(float64) string
	// small draws the labels smaller, for many bars.
	small bool
}

func (b *stackBars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sep := draw.LineStyle{Color: color.White, Width: vg.Points(0.7)}
	lab := textStyle(sans(9), color.Black)
	if b.small {
		lab = textStyle(sans(7.5), color.Black)
	}
	lab.XAlign = draw.XCenter
	for i, row := range b.vals {
		x0, x1 := trX(float64(i)-b.width/2), trX(float64(i)+b.width/2)
		var pos, neg, net float64
		for k, v := range row {
			if v == 0 || !isFinite(v) {
				continue
			}
			var lo, hi float64
			if v > 0 {
				lo, hi = pos, pos+v
				pos = hi
			} else {
				lo, hi = neg+v, neg
				neg = lo
			}
			net += v
			r := []vg.Point{{X: x0, Y: trY(lo)}, {X: x1, Y: trY(lo)}, {X: x1, Y: trY(hi)}, {X: x0, Y: trY(hi)}}
			c.FillPolygon(b.cols[k], c.ClipPolygonXY(r))
			c.StrokeLines(sep, c.ClipLinesXY(append(r, r[0]))...)
		}
		if neg < 0 {
			netMarker(&c, x0-vg.Points(5), x1+vg.Points(5), trY(net))
		}
		c.FillText(lab, vg.Point{X: (x0 + x1) / 2, Y: trY(pos) + vg.Points(3)}, b.format(net))
	}
}

func (b *stackBars) DataRange() (xmin, xmax, ymin, ymax float64) {
	lo, hi := 0.0, 0.0
	for _, row := range b.vals {
		var pos, neg float64
		for _, v := range row {
			if !isFinite(v) {
				continue
			}
			if v > 0 {
				pos += v
			} else {
				neg += v
			}
		}
		lo, hi = math.Min(lo, neg), math.Max(hi, pos)
	}
	return -0.5, float64(len(b.vals)) - 0.5, lo, hi
}

// netMarker draws the net-total marker: a white bar outlined in black.
func netMarker(c *draw.Canvas, x0, x1, y vg.Length) {
	c.StrokeLine2(draw.LineStyle{Color: color.Black, Width: vg.Points(4.5)}, x0, y, x1, y)
	c.StrokeLine2(draw.LineStyle{Color: color.White, Width: vg.Points(2)}, x0+vg.Points(1.2), y, x1-vg.Points(1.2), y)
}

// lostValueCategory is the breakdown's segment beyond the ledger: the
// lost customer value, stacked on top on the economic cost axis.
const lostValueCategory = int(model.NumCostCategories)

// breakdownColors and breakdownLabels are the ledger's categories' and
// the lost customer value's.
var (
	breakdownColors = append(categoryColors[:], color.Color(color.NRGBA{0x88, 0x22, 0x55, 0xff}))
	breakdownLabels = append(categoryLabels[:], "Lost customer value")
)

// breakdownValues returns, per scenario and segment (the ledger's
// categories, then the lost customer value on the economic axis), the
// mean on the cost axis's scale: each replication's whole-run figure ×
// its cost on the axis ÷ its whole-run cost (EUR per month, per resolved
// issue, or over the run).
func (d *dataset) breakdownValues() ([][]float64, bool) {
	cm := d.costMetric()
	economic := cm == "economic_cost_per_month_eur" || cm == "economic_cost_eur"
	whole := "cost_total_eur"
	if economic {
		whole = "economic_cost_eur"
	}
	vals := make([][]float64, len(d.scens))
	any := false
	for i, s := range d.scens {
		vals[i] = make([]float64, len(breakdownColors))
		scale := map[int]float64{}
		tot := map[int]float64{}
		for _, v := range s.values(whole) {
			tot[v.rep] = v.v
		}
		for _, v := range s.values(cm) {
			if t, ok := tot[v.rep]; ok && t != 0 {
				scale[v.rep] = v.v / t
			}
		}
		summaryScale := math.NaN()
		if s.sum != nil {
			if t, ok := s.sum.Metrics[whole]; ok && t.Mean != 0 {
				if a, ok := s.summary(cm); ok {
					summaryScale = a.Mean / t.Mean
				}
			}
		}
		for k := range vals[i] {
			m := "lost_customer_value_eur"
			if k < lostValueCategory {
				m = categoryMetric(model.CostCategory(k))
			} else if !economic {
				continue
			}
			var sum float64
			n := 0
			for _, v := range s.values(m) {
				if f, ok := scale[v.rep]; ok && isFinite(v.v*f) {
					sum += v.v * f
					n++
				}
			}
			switch {
			case n > 0:
				vals[i][k] = sum / float64(n)
			case s.sum != nil && isFinite(summaryScale):
				// No replications: the summary's means.
				if sm, ok := s.sum.Metrics[m]; ok {
					vals[i][k] = sm.Mean * summaryScale
				}
			}
			if vals[i][k] != 0 {
				any = true
			}
		}
	}
	return vals, any
}

// breakdownFigure draws where the money goes; nil when no scenario has
// any cost.
func (d *dataset) breakdownFigure() *figure {
	vals, any := d.breakdownValues()
	if !any {
		return nil
	}
	cm := d.costMetric()
	ylabel := "Mean cost (EUR per month)"
	switch cm {
	case "cost_per_resolved_issue_eur":
		ylabel = "Mean cost per resolved issue (EUR)"
	case "cost_total_eur", "economic_cost_eur":
		ylabel = "Mean cost, whole run (EUR)"
	}
	title := "Where the money goes"
	if strings.HasPrefix(cm, "economic") {
		title = "Where the money goes, customers lost included"
	}
	sub := "mean over replications of each cost category, all sites; label: net total" + d.prefixNote()
	used := make([]bool, len(breakdownColors))
	neg := false
	for _, row := range vals {
		for k, v := range row {
			if v != 0 {
				used[k] = true
			}
			neg = neg || v < 0
		}
	}
	if neg {
		sub += "\nbelow zero: a provider's negative margin (a loss); white bar: the net total"
	}
	return &figure{
		name: "cost_breakdown", w: ChartWidth, h: ChartHeight,
		title: title,
		caption: "Mean cost per scenario split into the ledger's categories (on the economic axis, the lost customer value on top). " +
			"A negative provider margin (the provider loses money on the contract) is stacked below zero; the label gives the net total. " +
			capitalize(d.costNote()) + ".",
		draw: func(dc draw.Canvas) {
			p := newPlot("", ylabel)
			p.Y.Tick.Marker = niceTicker{Max: 7, Format: info(cm).format}
			names := d.labels()
			leg := newLegend()
			for k := len(breakdownColors) - 1; k >= 0; k-- {
				if used[k] {
					leg.Add(breakdownLabels[k], boxThumb(breakdownColors[k]))
				}
			}
			if neg {
				leg.Add("Net total", thumb(func(c *draw.Canvas) { netMarker(c, c.Min.X, c.Max.X, (c.Min.Y+c.Max.Y)/2) }))
			}
			c := frame(dc, title, sub, &leg, "Cost category")
			sb := &stackBars{vals: vals, cols: breakdownColors, width: 0.62, format: eurLabel}
			if len(d.scens) > 6 {
				sb.format = compactLabel
				sb.small = true
			}
			p.Add(sb)
			if neg {
				p.Add(&hline{y: 0, style: draw.LineStyle{Color: color.Black, Width: vg.Points(0.8)}})
			}
			_, _, lo, hi := sb.DataRange()
			setRange(&p.Y, lo, hi, 0.02)
			p.Y.Max += 0.07 * (p.Y.Max - p.Y.Min)
			setNominalX(p, names, c)
			p.Draw(c)
		},
	}
}

// distributionFigure draws a box plot of the cost per scenario over its
// replications, with the replications as dots. When the spread within the
// scenarios is too small to see on a shared axis, each scenario gets a
// tile with its own axis.
func (d *dataset) distributionFigure() *figure {
	cm := d.costMetric()
	mi := info(cm)
	title := "Distribution of " + lower(mi.short) + " over replications"
	sub := "box: quartiles and median · whiskers: furthest replication within 1.5 × the box height · dots: replications"
	all := newBounds()
	var maxIQR float64
	for _, s := range d.scens {
		vs := s.floats(cm)
		all.add(vs...)
		if len(vs) > 1 {
			slices.Sort(vs)
			maxIQR = math.Max(maxIQR, quantile(vs, 0.75)-quantile(vs, 0.25))
		}
	}
	shared := len(d.scens) == 1 || all.empty() || maxIQR >= 0.03*(all.hi-all.lo)
	if !shared {
		sub += "\neach scenario on its own scale: the spread within scenarios is small against the differences between them"
	} else if all.lo > 0.5*all.hi {
		sub += fmt.Sprintf("\nthe axis does not start at zero: the highest replication is %.1f%% above the lowest", 100*(all.hi/all.lo-1))
	}
	sub += d.prefixNote()
	return &figure{
		name: "cost_distribution", w: ChartWidth, h: ChartHeight,
		title:   title,
		caption: "How much the cost varies between replications of each scenario (uncertain parameters and randomness together). " + capitalize(d.costNote()) + ".",
		draw: func(dc draw.Canvas) {
			c := frame(dc, title, sub, nil, "")
			if shared {
				p := newPlot("", mi.label)
				p.Y.Tick.Marker = niceTicker{Max: 7, Format: mi.format}
				names := d.labels()
				by := newBounds()
				boxW := min(vg.Points(60), (c.Max.X-c.Min.X-vg.Points(60))/vg.Length(max(len(d.scens), 1))*0.45)
				for i, s := range d.scens {
					by.add(d.addBox(p, s, cm, float64(i), boxW)...)
				}
				setRange(&p.Y, by.lo, by.hi, 0.06)
				setNominalX(p, names, c)
				p.Draw(c)
				return
			}
			cols := min(len(d.scens), 5)
			grid := tileGrid(len(d.scens), cols)
			xf := mi.format
			if cm != "cost_per_resolved_issue_eur" {
				xf = eurCompactTick
			}
			for i, s := range d.scens {
				ylabel := ""
				if i%cols == 0 {
					ylabel = mi.label
				}
				p := newPlot("", ylabel)
				p.Y.Tick.Marker = niceTicker{Max: 6, Format: xf}
				p.X.Tick.Marker = nominalTicker{}
				p.X.Tick.Length = 0
				p.Title.Text = d.labels()[i]
				if vs := s.floats(cm); len(vs) > 1 {
					// Its own scale magnifies: say how small the spread is.
					sorted := slices.Clone(vs)
					slices.Sort(sorted)
					if med := quantile(sorted, 0.5); med != 0 {
						p.Title.Text += fmt.Sprintf("\n90%% within ±%s%%", strconv.FormatFloat(50*(quantile(sorted, 0.95)-quantile(sorted, 0.05))/math.Abs(med), 'f', 1, 64))
					}
				}
				p.Title.TextStyle.Font = sansBold(10)
				by := newBounds()
				by.add(d.addBox(p, s, cm, 0, vg.Points(34))...)
				setRange(&p.Y, by.lo, by.hi, 0.08)
				p.X.Min, p.X.Max = -0.5, 0.5
				grid[i/cols][i%cols] = p
			}
			drawTiles(c, grid, vg.Points(10), vg.Points(10))
		},
	}
}

// tileGrid returns the rows × cols tiles for n plots, cols a row, to be
// filled in by index k at [k/cols][k%cols].
func tileGrid(n, cols int) [][]*plot.Plot {
	grid := make([][]*plot.Plot, (n+cols-1)/cols)
	for j := range grid {
		grid[j] = make([]*plot.Plot, cols)
	}
	return grid
}

// drawTiles aligns the plots of grid in c, padX and padY apart, and draws
// them; a tile without a plot is drawn blank.
func drawTiles(c draw.Canvas, grid [][]*plot.Plot, padX, padY vg.Length) {
	for j := range grid {
		for i := range grid[j] {
			if grid[j][i] == nil {
				grid[j][i] = emptyPlot()
			}
		}
	}
	tiles := draw.Tiles{Rows: len(grid), Cols: len(grid[0]), PadX: padX, PadY: padY}
	canvases := plot.Align(grid, tiles, c)
	for j := range grid {
		for i := range grid[j] {
			grid[j][i].Draw(canvases[j][i])
		}
	}
}

// emptyPlot is a blank tile.
func emptyPlot() *plot.Plot {
	p := plot.New()
	p.HideAxes()
	return p
}

// addBox adds a scenario's box and dots at x and returns its values.
func (d *dataset) addBox(p *plot.Plot, s *scenario, cm string, x float64, boxW vg.Length) []float64 {
	vs := s.floats(cm)
	if len(vs) == 0 {
		return nil
	}
	col := s.style.Color
	bp, err := plotter.NewBoxPlot(boxW, x, plotter.Values(vs))
	if err != nil {
		return nil
	}
	bp.FillColor = withAlpha(col, 0.25)
	bp.BoxStyle = draw.LineStyle{Color: col, Width: vg.Points(1.4)}
	bp.MedianStyle = draw.LineStyle{Color: oiBlack, Width: vg.Points(2)}
	bp.WhiskerStyle = draw.LineStyle{Color: col, Width: vg.Points(1.2)}
	bp.GlyphStyle = draw.GlyphStyle{Radius: 0, Shape: draw.CircleGlyph{}}
	p.Add(bp)
	pts := make(plotter.XYs, len(vs))
	for k, v := range vs {
		j := 0.0
		if len(vs) > 1 {
			j = (float64(k)/float64(len(vs)-1) - 0.5) * 0.22
		}
		pts[k] = plotter.XY{X: x + j, Y: v}
	}
	if sc, err := plotter.NewScatter(pts); err == nil {
		sc.GlyphStyle = draw.GlyphStyle{Color: withAlpha(darken(col), 0.7), Radius: vg.Points(2.2), Shape: s.style.Shape}
		p.Add(sc)
	}
	return vs
}

// quantile interpolates the p-quantile of sorted values.
func quantile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	h := p * float64(len(sorted)-1)
	i := int(h)
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
}

// compactLabel formats a euro amount in three significant digits: "€142k",
// "€1.25M", "−€3.4k".
func compactLabel(v float64) string {
	a := math.Abs(v)
	unit, div := "", 1.0
	switch {
	case a >= 1e6:
		unit, div = "M", 1e6
	case a >= 1e3:
		unit, div = "k", 1e3
	}
	x := a / div
	dec := 2
	switch {
	case x >= 100:
		dec = 0
	case x >= 10:
		dec = 1
	}
	s := "€" + strconv.FormatFloat(x, 'f', dec, 64) + unit
	if v < 0 {
		return "−" + s
	}
	return s
}

// eurLabel formats a euro amount: cents below €100.
func eurLabel(v float64) string {
	if math.Abs(v) < 100 {
		return cellEUR.cell(v, 2)
	}
	return cellEUR.cell(v, 0)
}

// darken returns c at 75% brightness.
func darken(c color.NRGBA) color.NRGBA {
	c.R = uint8(float64(c.R) * 0.75)
	c.G = uint8(float64(c.G) * 0.75)
	c.B = uint8(float64(c.B) * 0.75)
	return c
}
