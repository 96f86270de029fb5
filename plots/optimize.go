package plots

import (
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"offsim/internal/atomicfile"
	"offsim/results"
)

// OptimizeChart is the base name of the chart of an offsim optimize
// folder: every evaluated design on the objective (x) against each
// constrained metric (y, a tile per metric), the feasible region shaded,
// the Pareto frontier of the designs' means dashed, the final stage's
// candidates with their confidence intervals and the returned design
// marked. Without constraints the y axis is the first variable.
const OptimizeChart = "optimize"

// Optimization is what the optimisation chart is drawn from: optimize.json
// and optimize.csv.
type Optimization struct {
	Report results.OptimizeReport
	Table  *results.OptimizeTable
}

// LoadOptimize reads the optimisation files offsim optimize wrote in dir,
// each checked against the folder's manifest (as Load).
func LoadOptimize(dir string) (*Optimization, error) {
	set, err := results.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	defer set.Close()
	data, err := set.ReadFile(results.OptimizeJSON, results.MaxOptimizeJSONBytes)
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	o := &Optimization{}
	if o.Report, err = results.DecodeOptimizeReport(data); err != nil {
		return nil, fmt.Errorf("plots: %s: %w", filepath.Join(dir, results.OptimizeJSON), err)
	}
	rc, err := set.Open(results.OptimizeCSV, results.MaxCSVBytes)
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	defer rc.Close()
	if o.Table, err = results.ReadOptimizeCSV(filepath.Join(dir, results.OptimizeCSV), rc); err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	return o, nil
}

// RenderOptimize draws the optimisation chart into dir as
// OptimizeChart.png and .svg, each written atomically, and returns their
// paths.
func RenderOptimize(o *Optimization, dir string) ([]string, error) {
	f, err := o.figure()
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	png, err := f.png()
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	svg, err := f.svg()
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	var paths []string
	for _, w := range []struct {
		ext  string
		data []byte
	}{{".png", png}, {".svg", svg}} {
		p := filepath.Join(dir, f.name+w.ext)
		if err := atomicfile.WriteFile(p, w.data); err != nil {
			return paths, fmt.Errorf("plots: %w", err)
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// optAxis is one axis of the chart: a metric's means with their
// confidence intervals, or a variable's values.
type optAxis struct {
	label           string
	format          numFormat
	compact         numFormat // for a narrow tile; nil: format
	v, lo, hi       []float64 // per design
	better          int       // +1: more is better, −1: less, 0: neither
	bound           float64
	upper, hasBound bool // a constraint's side, when hasBound
}

// axisOf returns the axis of a metric or variable name, and whether the
// table has it.
func (o *Optimization) axisOf(name string) (optAxis, bool) {
	t := o.Table
	a := optAxis{}
	if m := t.Metric(name); m >= 0 {
		mi := info(name)
		a.label, a.format, a.better = mi.label, mi.format, mi.better
		if strings.HasSuffix(name, "_eur") {
			a.compact = eurCompactTick
		}
		for _, d := range t.Designs {
			a.v = append(a.v, d.Mean[m])
			a.lo = append(a.lo, d.CILow[m])
			a.hi = append(a.hi, d.CIHigh[m])
		}
		return a, true
	}
	if i := slices.Index(t.Variables, name); i >= 0 {
		a.label, a.format = name, plainTick
		for _, d := range t.Designs {
			a.v = append(a.v, d.Values[i])
			a.lo = append(a.lo, d.Values[i])
			a.hi = append(a.hi, d.Values[i])
		}
		return a, true
	}
	return a, false
}

// figure returns the chart: one tile per constrained metric (at most
// four), side by side for two, in a 2 × 2 grid for three or four.
func (o *Optimization) figure() (*figure, error) {
	rep := o.Report
	x, ok := o.axisOf(rep.Minimize)
	if !ok {
		return nil, fmt.Errorf("%s: the objective %q is not a column of %s", results.OptimizeJSON, rep.Minimize, results.OptimizeCSV)
	}
	x.better = -1 // minimised
	var ys []optAxis
	var names []string
	for _, c := range rep.Constraints {
		if slices.Contains(names, c.Metric) || len(ys) == 4 {
			continue
		}
		y, ok := o.axisOf(c.Metric)
		if !ok {
			return nil, fmt.Errorf("%s: the constrained metric %q is not a column of %s", results.OptimizeJSON, c.Metric, results.OptimizeCSV)
		}
		y.bounds(rep.Constraints, c.Metric)
		ys, names = append(ys, y), append(names, c.Metric)
	}
	if len(ys) == 0 && len(o.Table.Variables) > 0 {
		y, _ := o.axisOf(o.Table.Variables[0])
		ys, names = append(ys, y), append(names, o.Table.Variables[0])
	}
	w, h := ChartWidth, ChartHeight
	switch {
	case len(ys) == 2:
		w = PanelWidth
	case len(ys) > 2:
		w, h = PanelWidth, PanelHeight
	}
	shown := 0
	for _, d := range o.Table.Designs {
		if d.Feasible {
			shown++
		}
	}
	title := fmt.Sprintf("Every design evaluated: %s against %s", lower(shortName(rep.Minimize)), lowerList(names))
	sub := fmt.Sprintf("%d designs, %d of %d replications · dots: means · shaded: the constraint met · dashed: Pareto frontier of the means",
		len(o.Table.Designs), rep.SpentReplications, rep.BudgetReplications)
	sub += "\n" + fmt.Sprintf("filled: shown feasible (%d) · hollow: not shown feasible · bars: 95%% CIs of the final-stage candidates", shown)
	if rep.Best != nil {
		sub += " · star: the returned design"
	}
	return &figure{
		name: OptimizeChart, w: w, h: h, title: title,
		caption: "Every design the search evaluated, on the objective against each constrained metric. " +
			"Shaded: where the constraint is met; dashed: the designs no other beats on both; the star is the returned design.",
		draw: func(dc draw.Canvas) {
			leg := optimizeLegend(rep.Best != nil)
			c := frame(dc, title, sub, &leg, "Design")
			tiles := make([]*plot.Plot, len(ys))
			for i := range ys {
				tiles[i] = o.tile(x, ys[i], len(ys) > 1)
			}
			switch len(tiles) {
			case 1:
				tiles[0].Draw(c)
			case 2:
				rows := [][]*plot.Plot{{tiles[0], tiles[1]}}
				cs := plot.Align(rows, draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Points(16)}, c)
				tiles[0].Draw(cs[0][0])
				tiles[1].Draw(cs[0][1])
			default:
				for len(tiles) < 4 {
					tiles = append(tiles, nil)
				}
				rows := [][]*plot.Plot{{tiles[0], tiles[1]}, {tiles[2], tiles[3]}}
				cs := plot.Align(rows, draw.Tiles{Rows: 2, Cols: 2, PadX: vg.Points(16), PadY: vg.Points(14)}, c)
				for j := range rows {
					for i := range rows[j] {
						if rows[j][i] != nil {
							rows[j][i].Draw(cs[j][i])
						}
					}
				}
			}
		},
	}, nil
}

// bounds records the constraint on metric among cs on the axis (the first
// side given: a min, else a max).
func (a *optAxis) bounds(cs []results.OptimizeConstraint, metric string) {
	for _, c := range cs {
		if c.Metric != metric {
			continue
		}
		switch {
		case c.Min != nil:
			a.bound, a.hasBound, a.upper = *c.Min, true, false
		case c.Max != nil:
			a.bound, a.hasBound, a.upper = *c.Max, true, true
		}
		if a.better == 0 {
			a.better = map[bool]int{true: -1, false: 1}[a.upper]
		}
		return
	}
}

// shortName is a metric's short name, or a key as it is.
func shortName(name string) string {
	if _, ok := metricInfos[name]; ok {
		return info(name).short
	}
	return name
}

// lowerList names metrics in a sentence: "a", "a and b", "a, b and c".
func lowerList(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = lower(shortName(n))
	}
	if len(out) < 2 {
		return strings.Join(out, "")
	}
	return strings.Join(out[:len(out)-1], ", ") + " and " + out[len(out)-1]
}

// Styles of the chart's designs.
var (
	optFeasible   = oiBlue
	optInfeasible = grey
	optCandidate  = oiOrange
	optBest       = oiVermilion
	optRegion     = withAlpha(oiGreen, 0.13)
)

// tile draws one tile: x the objective, y a constrained metric.
func (o *Optimization) tile(x, y optAxis, small bool) *plot.Plot {
	p := newPlot(x.label, y.label)
	xf := x.format
	if small && x.compact != nil {
		xf = x.compact
	}
	p.X.Tick.Marker = niceTicker{Max: 6, Format: xf}
	p.Y.Tick.Marker = niceTicker{Max: 7, Format: y.format}
	bx, by := newBounds(), newBounds()
	designs := o.Table.Designs
	for i, d := range designs {
		bx.add(x.v[i])
		by.add(y.v[i])
		if d.Candidate || d.Best {
			bx.add(x.lo[i], x.hi[i])
			by.add(y.lo[i], y.hi[i])
		}
	}
	if y.hasBound {
		by.add(y.bound)
	}
	if bx.empty() || by.empty() {
		return p
	}
	setRange(&p.X, bx.lo, bx.hi, 0.04)
	setRange(&p.Y, by.lo, by.hi, 0.06)
	if y.hasBound {
		p.Add(&region{bound: y.bound, upper: y.upper})
		p.Add(&hline{y: y.bound, style: draw.LineStyle{Color: oiGreen, Width: vg.Points(1.2)}, label: "constraint"})
	}
	front := frontier(x.v, y.v, y.better)
	if len(front) > 1 {
		pts := make(plotter.XYs, len(front))
		for k, i := range front {
			pts[k] = plotter.XY{X: x.v[i], Y: y.v[i]}
		}
		if l, err := plotter.NewLine(pts); err == nil {
			l.LineStyle = frontierStyle()
			p.Add(l)
		}
	}
	p.Add(&designDots{x: x, y: y, designs: designs})
	return p
}

// region shades the part of the plot where a constraint is met: above
// bound for a minimum, below it for a maximum.
type region struct {
	bound float64
	upper bool
}

func (r *region) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	y := trY(r.bound)
	lo, hi := y, c.Max.Y
	if r.upper {
		lo, hi = c.Min.Y, y
	}
	lo, hi = max(lo, c.Min.Y), min(hi, c.Max.Y)
	if hi <= lo {
		return
	}
	rect := vg.Rectangle{Min: vg.Point{X: c.Min.X, Y: lo}, Max: vg.Point{X: c.Max.X, Y: hi}}
	c.SetColor(optRegion)
	c.Fill(rect.Path())
}

// designDots draws every design: not shown feasible hollow grey, shown
// feasible filled blue, the candidates with their 95% CIs both ways, the
// returned design as a star, on top.
type designDots struct {
	x, y    optAxis
	designs []results.OptimizeRow
}

func (d *designDots) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	at := func(i int) (vg.Point, bool) {
		if !isFinite(d.x.v[i]) || !isFinite(d.y.v[i]) {
			return vg.Point{}, false
		}
		pt := vg.Point{X: trX(d.x.v[i]), Y: trY(d.y.v[i])}
		return pt, c.Contains(pt)
	}
	r := vg.Points(2.6)
	for _, pass := range []func(results.OptimizeRow) bool{
		func(row results.OptimizeRow) bool { return !row.Feasible && !row.Candidate && !row.Best },
		func(row results.OptimizeRow) bool { return row.Feasible && !row.Candidate && !row.Best },
	} {
		for i, row := range d.designs {
			pt, ok := at(i)
			if !ok || !pass(row) {
				continue
			}
			if row.Feasible {
				drawOutlinedGlyph(&c, draw.CircleGlyph{}, pt, r, optFeasible, color.White)
			} else {
				drawOutlinedGlyph(&c, draw.CircleGlyph{}, pt, r-vg.Points(0.6), nil, optInfeasible)
			}
		}
	}
	for i, row := range d.designs {
		if !row.Candidate || row.Best {
			continue
		}
		d.cross(&c, trX, trY, i, optCandidate)
		if pt, ok := at(i); ok {
			fill := color.Color(optCandidate)
			if !row.Feasible {
				fill = nil
			}
			drawOutlinedGlyph(&c, draw.BoxGlyph{}, pt, vg.Points(3.6), fill, optCandidate)
		}
	}
	for i, row := range d.designs {
		if !row.Best {
			continue
		}
		d.cross(&c, trX, trY, i, optBest)
		if pt, ok := at(i); ok {
			drawOutlinedGlyph(&c, starGlyph, pt, vg.Points(7), optBest, color.Black)
		}
	}
}

// starGlyph is the returned design's mark.
var starGlyph = polyGlyph{n: 5, rot: math.Pi / 2, inner: 0.45, scale: 1.35}

// cross draws design i's 95% confidence intervals in both directions.
func (d *designDots) cross(c *draw.Canvas, trX, trY func(float64) vg.Length, i int, col color.Color) {
	x, y := trX(d.x.v[i]), trY(d.y.v[i])
	ls := draw.LineStyle{Color: col, Width: vg.Points(1.2)}
	cp := vg.Points(3)
	var segs [][]vg.Point
	if isFinite(d.x.lo[i]) && isFinite(d.x.hi[i]) && d.x.lo[i] != d.x.hi[i] {
		xl, xh := trX(d.x.lo[i]), trX(d.x.hi[i])
		segs = append(segs, []vg.Point{{X: xl, Y: y}, {X: xh, Y: y}},
			[]vg.Point{{X: xl, Y: y - cp}, {X: xl, Y: y + cp}}, []vg.Point{{X: xh, Y: y - cp}, {X: xh, Y: y + cp}})
	}
	if isFinite(d.y.lo[i]) && isFinite(d.y.hi[i]) && d.y.lo[i] != d.y.hi[i] {
		yl, yh := trY(d.y.lo[i]), trY(d.y.hi[i])
		segs = append(segs, []vg.Point{{X: x, Y: yl}, {X: x, Y: yh}},
			[]vg.Point{{X: x - cp, Y: yl}, {X: x + cp, Y: yl}}, []vg.Point{{X: x - cp, Y: yh}, {X: x + cp, Y: yh}})
	}
	for _, s := range segs {
		c.StrokeLines(ls, c.ClipLinesXY(s)...)
	}
}

func (d *designDots) DataRange() (xmin, xmax, ymin, ymax float64) {
	bx, by := newBounds(), newBounds()
	bx.add(d.x.v...)
	by.add(d.y.v...)
	return bx.lo, bx.hi, by.lo, by.hi
}

// optimizeLegend explains the marks.
func optimizeLegend(best bool) plot.Legend {
	leg := newLegend()
	dot := func(fill, edge color.Color, shape draw.GlyphDrawer, r float64) thumb {
		return func(c *draw.Canvas) {
			pt := vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: (c.Min.Y + c.Max.Y) / 2}
			drawOutlinedGlyph(c, shape, pt, vg.Points(r), fill, edge)
		}
	}
	leg.Add("shown feasible", dot(optFeasible, color.White, draw.CircleGlyph{}, 3))
	leg.Add("not shown feasible", dot(nil, optInfeasible, draw.CircleGlyph{}, 2.4))
	leg.Add("final-stage candidate", dot(optCandidate, optCandidate, draw.BoxGlyph{}, 3.4))
	if best {
		leg.Add("returned design", dot(optBest, color.Black, starGlyph, 5))
	}
	leg.Add("constraint met", boxThumb(optRegion))
	leg.Add("Pareto frontier", lineThumb(frontierStyle()))
	return leg
}
