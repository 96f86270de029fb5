package plots

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// sweepMetrics are drawn against the swept value (the cost metric first).
var sweepMetrics = []string{"service_level", "fcr", "csat", "churn_rate", "attrition_rate_annual", "mean_wage_to_minimum"}

// sweep is a group of scenarios that set the same keys: x is the first
// key; each combination of the other keys' values is a series.
type sweep struct {
	key     string
	others  []string
	numeric bool
	// cats are the x values in order of appearance, for non-numeric keys.
	cats   []string
	series []sweepSeries
}

type sweepSeries struct {
	name  string
	scens []*scenario
	xs    []float64
}

// sweeps groups the scenarios of sweep.csv.
func (d *dataset) sweeps() []*sweep {
	type kv struct{ k, v string }
	byScen := map[string][]kv{}
	var order []string
	for _, r := range d.r.Sweep {
		if _, ok := d.byName[r.Scenario]; !ok {
			continue
		}
		if _, ok := byScen[r.Scenario]; !ok {
			order = append(order, r.Scenario)
		}
		if !slices.ContainsFunc(byScen[r.Scenario], func(x kv) bool { return x.k == r.Key }) {
			byScen[r.Scenario] = append(byScen[r.Scenario], kv{r.Key, r.Value})
		}
	}
	// Scenarios in the batch's order.
	slices.SortStableFunc(order, func(a, b string) int { return cmp.Compare(d.byName[a].idx, d.byName[b].idx) })
	groups := map[string]*sweep{}
	var out []*sweep
	for _, name := range order {
		kvs := byScen[name]
		keys := make([]string, len(kvs))
		for i, x := range kvs {
			keys[i] = x.k
		}
		sig := slices.Clone(keys)
		slices.Sort(sig)
		id := strings.Join(sig, "\x00")
		g, ok := groups[id]
		if !ok {
			g = &sweep{key: keys[0], others: keys[1:], numeric: true}
			groups[id] = g
			out = append(out, g)
		}
		vals := map[string]string{}
		for _, x := range kvs {
			vals[x.k] = x.v
		}
		var parts []string
		for _, o := range g.others {
			parts = append(parts, o+" = "+vals[o])
		}
		sname := strings.Join(parts, ", ")
		i := slices.IndexFunc(g.series, func(s sweepSeries) bool { return s.name == sname })
		if i < 0 {
			g.series = append(g.series, sweepSeries{name: sname})
			i = len(g.series) - 1
		}
		v := vals[g.key]
		if !slices.Contains(g.cats, v) {
			g.cats = append(g.cats, v)
		}
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			g.numeric = false
		}
		g.series[i].scens = append(g.series[i].scens, d.byName[name])
		g.series[i].xs = append(g.series[i].xs, 0)
	}
	for _, g := range out {
		for si := range g.series {
			s := &g.series[si]
			for k, sc := range s.scens {
				var v string
				for _, x := range byScen[sc.name] {
					if x.k == g.key {
						v = x.v
					}
				}
				if g.numeric {
					s.xs[k], _ = strconv.ParseFloat(v, 64)
				} else {
					s.xs[k] = float64(slices.Index(g.cats, v))
				}
			}
			idx := make([]int, len(s.xs))
			for k := range idx {
				idx[k] = k
			}
			slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(s.xs[a], s.xs[b]) })
			xs, scs := make([]float64, len(idx)), make([]*scenario, len(idx))
			for k, j := range idx {
				xs[k], scs[k] = s.xs[j], s.scens[j]
			}
			s.xs, s.scens = xs, scs
		}
	}
	return out
}

// errBars draws vertical 95% CI bars at points.
type errBars struct {
	xs, lo, hi []float64
	col        color.Color
}

func (e *errBars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	ls := draw.LineStyle{Color: e.col, Width: vg.Points(1.2)}
	cp := vg.Points(3)
	for i := range e.xs {
		if !isFinite(e.lo[i]) || !isFinite(e.hi[i]) {
			continue
		}
		x, l, h := trX(e.xs[i]), trY(e.lo[i]), trY(e.hi[i])
		c.StrokeLines(ls, c.ClipLinesXY([]vg.Point{{X: x, Y: l}, {X: x, Y: h}}, []vg.Point{{X: x - cp, Y: l}, {X: x + cp, Y: l}},
			[]vg.Point{{X: x - cp, Y: h}, {X: x + cp, Y: h}})...)
	}
}

// sweepFigures draws each headline metric against the swept value; when
// there is no sweep.csv it returns a note instead.
func (d *dataset) sweepFigures() ([]*figure, string) {
	if len(d.r.Sweep) == 0 {
		return nil, "No sweep.csv: the sweep charts are left out."
	}
	groups := d.sweeps()
	if len(groups) == 0 {
		return nil, "sweep.csv names none of the scenarios: the sweep charts are left out."
	}
	var figs []*figure
	metrics := append([]string{d.costMetric()}, sweepMetrics...)
	for _, g := range groups {
		for _, m := range metrics {
			ok := false
			for _, s := range g.series {
				for _, sc := range s.scens {
					if _, has := sc.summary(m); has {
						ok = true
					}
				}
			}
			if !ok {
				continue
			}
			name := "sweep_" + m
			if len(groups) > 1 {
				name = "sweep_" + fileSafe(g.key) + "_" + m
			}
			figs = append(figs, d.sweepFigure(g, m, name))
		}
	}
	return figs, ""
}

// fileSafe turns a key into a file-name part.
func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		}
		return '_'
	}, s)
}

func (d *dataset) sweepFigure(g *sweep, metric, name string) *figure {
	mi := info(metric)
	title := fmt.Sprintf("%s against %s", mi.short, g.key)
	sub := "line: mean over replications · band and bars: 95% confidence interval of the mean"
	if metric == "cost_per_month_eur" {
		sub += " · " + d.costNote()
	}
	return &figure{
		name: name, w: ChartWidth, h: ChartHeight,
		title:   title,
		caption: fmt.Sprintf("How %s changes with the swept %s: the mean of each scenario with the 95%% confidence interval of that mean.", lower(mi.short), g.key),
		draw: func(dc draw.Canvas) {
			p := newPlot(g.key, mi.label)
			p.Y.Tick.Marker = niceTicker{Max: 7, Format: mi.format}
			bx, by := newBounds(), newBounds()
			var leg *plot.Legend
			if len(g.series) > 1 {
				l := newLegend()
				leg = &l
			}
			var fronts []plot.Plotter
			for si, s := range g.series {
				col := scenarioColor(si)
				if len(g.series) == 1 {
					col = oiBlue
				}
				var xs, mean, lo, hi []float64
				for k, sc := range s.scens {
					sm, ok := sc.summary(metric)
					if !ok {
						continue
					}
					xs = append(xs, s.xs[k])
					mean = append(mean, sm.Mean)
					lo = append(lo, sm.CI95Low)
					hi = append(hi, sm.CI95High)
				}
				bx.add(xs...)
				by.add(mean...)
				by.add(lo...)
				by.add(hi...)
				p.Add(&band{xs: xs, lo: lo, hi: hi, col: withAlpha(col, 0.18)})
				ml := &medianLine{xs: xs, ys: mean, col: col, shape: scenarioShape(si), every: 1}
				fronts = append(fronts, &errBars{xs: xs, lo: lo, hi: hi, col: col}, ml)
				if leg != nil {
					leg.Add(s.name, ml)
				}
			}
			p.Add(fronts...)
			if g.numeric {
				p.X.Tick.Marker = niceTicker{Max: 9, Format: plainTick}
				setRange(&p.X, bx.lo, bx.hi, 0.04)
			} else {
				p.X.Tick.Marker = nominalTicker(g.cats)
				p.X.Min, p.X.Max = -0.3, float64(len(g.cats))-0.7
			}
			setRange(&p.Y, by.lo, by.hi, 0.06)
			legTitle := ""
			if leg != nil {
				legTitle = "Series"
			}
			c := frame(dc, title, sub, leg, legTitle)
			p.Draw(c)
		},
	}
}

// tornadoFigure draws which uncertain parameters move the cost most. For
// each parameter and scenario, the replications are split into thirds by
// the parameter's draw; the bars show the mean cost of the bottom and top
// thirds minus the scenario's mean, averaged over scenarios (weighted by
// replications). Nil, with a note, when there is no parameters.csv.
func (d *dataset) tornadoFigure() (*figure, string) {
	if len(d.r.Parameters) == 0 {
		return nil, "No parameters.csv: the tornado chart of uncertain parameters is left out."
	}
	cm := d.costMetric()
	type acc struct{ low, high, w float64 }
	accs := map[string]*acc{}
	var names []string
	scens := map[string]bool{}
	reps := 0
	byScen := map[string]map[string][]repValue{}
	for _, r := range d.r.Parameters {
		m := byScen[r.Scenario]
		if m == nil {
			m = map[string][]repValue{}
			byScen[r.Scenario] = m
		}
		m[r.Parameter] = append(m[r.Parameter], repValue{r.Replication, r.Value})
	}
	for _, s := range d.scens {
		params := byScen[s.name]
		if len(params) == 0 {
			continue
		}
		cost := map[int]float64{}
		var sum float64
		for _, v := range s.values(cm) {
			if isFinite(v.v) {
				cost[v.rep] = v.v
				sum += v.v
			}
		}
		if len(cost) < 3 {
			continue
		}
		mean := sum / float64(len(cost))
		pnames := make([]string, 0, len(params))
		for p := range params {
			pnames = append(pnames, p)
		}
		slices.Sort(pnames)
		used := false
		for _, pn := range pnames {
			type obs struct{ value, dev float64 } // the parameter's draw, the cost's deviation
			var pts []obs
			for _, v := range params[pn] {
				if c, ok := cost[v.rep]; ok && isFinite(v.v) {
					pts = append(pts, obs{v.v, c - mean})
				}
			}
			k := len(pts) / 3
			if k == 0 {
				continue
			}
			slices.SortStableFunc(pts, func(a, b obs) int { return cmp.Compare(a.value, b.value) })
			if pts[0].value == pts[len(pts)-1].value {
				continue // not uncertain in this scenario
			}
			var lo, hi float64
			for j := range k {
				lo += pts[j].dev
				hi += pts[len(pts)-1-j].dev
			}
			a := accs[pn]
			if a == nil {
				a = &acc{}
				accs[pn] = a
				names = append(names, pn)
			}
			w := float64(len(pts))
			a.low += lo / float64(k) * w
			a.high += hi / float64(k) * w
			a.w += w
			used = true
		}
		if used {
			scens[s.name] = true
			reps += len(cost)
		}
	}
	if len(names) == 0 {
		return nil, "parameters.csv has no parameter that varies over at least three replications with a cost: the tornado chart is left out."
	}
	type bar struct {
		name      string
		low, high float64
	}
	bars := make([]bar, len(names))
	for i, n := range names {
		a := accs[n]
		bars[i] = bar{n, a.low / a.w, a.high / a.w}
	}
	slices.SortStableFunc(bars, func(a, b bar) int {
		if c := cmp.Compare(math.Abs(b.high-b.low), math.Abs(a.high-a.low)); c != 0 {
			return c
		}
		return cmp.Compare(a.name, b.name)
	})
	const maxBars = 15
	dropped := 0
	if len(bars) > maxBars {
		dropped = len(bars) - maxBars
		bars = bars[:maxBars]
	}
	mi := info(cm)
	unit := costUnit(cm)
	title := "Which uncertain parameters move " + lower(mi.short)
	sub := fmt.Sprintf("mean %s of the replications with the parameter in its bottom or top third of draws, minus the scenario's mean\n"+
		"%d scenario(s), %d replications", lower(mi.short), len(scens), reps)
	if dropped > 0 {
		sub += fmt.Sprintf("; the %d parameters with the smallest swing are left out", dropped)
	}
	labels := make([]string, len(bars))
	for i, b := range bars {
		labels[len(bars)-1-i] = b.name
	}
	return &figure{
		name: "tornado", w: ChartWidth, h: ChartHeight,
		title: title,
		caption: "Uncertain parameters sorted by how far apart the mean cost lies between replications that drew them low " +
			"(bottom third) and high (top third). Long bars mark the assumptions the answer depends on most.",
		draw: func(dc draw.Canvas) {
			p := newPlot("Their mean cost minus the scenario's mean ("+unit+")", "")
			p.X.Tick.Marker = niceTicker{Max: 7, Format: mi.format}
			p.Y.Tick.Marker = nominalTicker(labels)
			p.Y.Tick.Length = 0
			p.Y.Min, p.Y.Max = -0.6, float64(len(bars))-0.4
			leg := newLegend()
			leg.Add("low draws (bottom third)", boxThumb(oiBlue))
			leg.Add("high draws (top third)", boxThumb(oiOrange))
			bx := newBounds()
			bx.add(0)
			tb := &tornadoBars{}
			for i, b := range bars {
				y := float64(len(bars) - 1 - i)
				tb.ys = append(tb.ys, y)
				tb.low = append(tb.low, b.low)
				tb.high = append(tb.high, b.high)
				bx.add(b.low, b.high)
			}
			p.Add(tb, &vline{x: 0})
			setRange(&p.X, bx.lo, bx.hi, 0.05)
			c := frame(dc, title, sub, &leg, "Replications with")
			p.Draw(c)
		},
	}, ""
}

// tornadoBars draws per row a bar to the low-third deviation (lower half
// of the row) and one to the high-third deviation (upper half).
type tornadoBars struct {
	ys, low, high []float64
}

func (t *tornadoBars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i, y := range t.ys {
		for _, b := range []struct {
			v       float64
			y0, y1  float64
			fill    color.Color
			isUpper bool
		}{{t.low[i], y - 0.36, y, oiBlue, false}, {t.high[i], y, y + 0.36, oiOrange, true}} {
			x0, x1 := trX(0), trX(b.v)
			r := []vg.Point{{X: x0, Y: trY(b.y0)}, {X: x1, Y: trY(b.y0)}, {X: x1, Y: trY(b.y1)}, {X: x0, Y: trY(b.y1)}}
			c.FillPolygon(b.fill, c.ClipPolygonXY(r))
		}
	}
}

// vline is a vertical reference line.
type vline struct{ x float64 }

func (v *vline) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(v.x)
	if x >= c.Min.X && x <= c.Max.X {
		c.StrokeLine2(draw.LineStyle{Color: color.Black, Width: vg.Points(0.8)}, x, c.Min.Y, x, c.Max.Y)
	}
}
