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
	// label, unit and doc say what the key is (sweep.csv); base is its
	// value before the sweep (NaN: not known).
	label, unit, doc string
	base             float64
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
	about := map[string]SweepRow{}
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
		if _, ok := about[r.Key]; !ok {
			about[r.Key] = r
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
			a := about[keys[0]]
			g = &sweep{key: keys[0], others: keys[1:], numeric: true, label: a.Label, unit: a.Unit, doc: a.Doc, base: a.Base}
			if g.label == "" {
				g.label = g.key
			}
			if g.doc == "" && a.Label == "" {
				g.base = math.NaN() // sweep.csv of before the labels: no base either
			}
			groups[id] = g
			out = append(out, g)
		}
		vals := map[string]string{}
		for _, x := range kvs {
			vals[x.k] = x.v
		}
		var parts []string
		for _, o := range g.others {
			l := about[o].Label
			if l == "" {
				l = o
			}
			parts = append(parts, l+" = "+vals[o])
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

// values returns the distinct values of the swept key, sorted.
func (g *sweep) values() []float64 {
	var out []float64
	for _, s := range g.series {
		for _, x := range s.xs {
			if !slices.Contains(out, x) {
				out = append(out, x)
			}
		}
	}
	slices.Sort(out)
	return out
}

// has reports whether the scenario is a variant of the sweep.
func (g *sweep) has(s *scenario) bool {
	for _, se := range g.series {
		if slices.Contains(se.scens, s) {
			return true
		}
	}
	return false
}

// fraction reports whether the swept key is a fraction or a share, shown
// in percent.
func (g *sweep) fraction() bool {
	u := strings.ToLower(g.unit)
	return g.numeric && (strings.Contains(u, "fraction") || strings.HasPrefix(u, "share") || strings.Contains(u, "probability"))
}

// axisLabel is the swept key's label with its unit, fractions in percent.
func (g *sweep) axisLabel() string {
	u := g.unit
	if g.fraction() {
		u = strings.Replace(strings.Replace(u, "fraction", "%", 1), "share", "%", 1)
	}
	if u == "" || u == "number" {
		return g.label
	}
	return g.label + ", " + u
}

// tick formats the swept values on the x axis.
func (g *sweep) tick() numFormat {
	if g.fraction() {
		return pctTick
	}
	return plainTick
}

// errBars draws vertical 95% CI bars at points.
type errBars struct {
	xs, lo, hi []float64
	col        color.Color
	// cols, when set, colour each bar.
	cols []color.NRGBA
}

func (e *errBars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	cp := vg.Points(3)
	for i := range e.xs {
		if !isFinite(e.lo[i]) || !isFinite(e.hi[i]) {
			continue
		}
		col := e.col
		if e.cols != nil {
			col = e.cols[i]
		}
		ls := draw.LineStyle{Color: col, Width: vg.Points(1.2)}
		x, l, h := trX(e.xs[i]), trY(e.lo[i]), trY(e.hi[i])
		c.StrokeLines(ls, c.ClipLinesXY([]vg.Point{{X: x, Y: l}, {X: x, Y: h}}, []vg.Point{{X: x - cp, Y: l}, {X: x + cp, Y: l}},
			[]vg.Point{{X: x - cp, Y: h}, {X: x + cp, Y: h}})...)
	}
}

// sweepFigures draws each headline metric against the swept value, and the
// client's cost with the provider's margin where there is a provider;
// when there is no sweep.csv it returns a note instead.
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
		prefix := "sweep_"
		if len(groups) > 1 {
			prefix = "sweep_" + fileSafe(g.key) + "_"
		}
		for _, m := range metrics {
			if g.hasMetric(m) {
				figs = append(figs, d.sweepFigure(g, m, prefix+m))
			}
		}
		if g.hasMetric("provider_margin_per_month_eur") && g.hasMetric("cost_per_month_eur") {
			figs = append(figs, d.sweepMoneyFigure(g, prefix+"cost_and_margin"))
		}
	}
	return figs, ""
}

// hasMetric reports whether a variant of the sweep has the metric.
func (g *sweep) hasMetric(m string) bool {
	for _, s := range g.series {
		for _, sc := range s.scens {
			if _, has := sc.summary(m); has {
				return true
			}
		}
	}
	return false
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

// sweepPoints are one series' means and 95% CIs of a metric.
type sweepPoints struct {
	xs, mean, lo, hi []float64
	cols             []color.NRGBA
}

func (s *sweepSeries) points(metric string) sweepPoints {
	var p sweepPoints
	for k, sc := range s.scens {
		sm, ok := sc.summary(metric)
		if !ok {
			continue
		}
		p.xs = append(p.xs, s.xs[k])
		p.mean = append(p.mean, sm.Mean)
		p.lo = append(p.lo, sm.CI95Low)
		p.hi = append(p.hi, sm.CI95High)
		p.cols = append(p.cols, sc.style.Color)
	}
	return p
}

// sensibleRange widens a y range so that a small change does not look
// steep: money and counts start at zero; shares span at least 10
// percentage points, ratios 0.2, anything else 10% of its level.
func sensibleRange(lo, hi float64, kind cellKind) (float64, float64) {
	if !isFinite(lo) || !isFinite(hi) {
		return lo, hi
	}
	switch kind {
	case cellEUR, cellNum:
		if lo > 0 {
			lo = 0
		}
		if hi < 0 {
			hi = 0
		}
		return lo, hi
	}
	minSpan := 0.1 * math.Max(math.Abs(lo), math.Abs(hi))
	switch kind {
	case cellPct:
		minSpan = 0.1
	case cellRatio:
		minSpan = 0.2
	}
	if span := hi - lo; span < minSpan {
		mid := (lo + hi) / 2
		lo, hi = mid-minSpan/2, mid+minSpan/2
		if kind == cellPct {
			if lo < 0 {
				lo, hi = 0, minSpan
			}
			if hi > 1 {
				lo, hi = 1-minSpan, 1
			}
		}
	}
	return lo, hi
}

// change describes how much a series' mean moves over the sweep.
func change(p sweepPoints, mi metricInfo) string {
	if len(p.mean) < 2 {
		return ""
	}
	a, b := p.mean[0], p.mean[len(p.mean)-1]
	dec := mi.kind.decimals(nil, []float64{a, b})
	s := fmt.Sprintf("from %s to %s", mi.kind.cell(a, dec), mi.kind.cell(b, dec))
	switch {
	case mi.kind == cellPct:
		s += fmt.Sprintf(" (%+.1f pp)", 100*(b-a))
	case a != 0 && (mi.kind == cellEUR || mi.kind == cellNum || mi.kind == cellRatio):
		s += fmt.Sprintf(" (%+.1f%%)", 100*(b/a-1))
	}
	return strings.ReplaceAll(s, "-", "−")
}

// sweepReferences adds the reference lines of a sweep chart: the key's
// value before the sweep (vertical), and the batch's baseline when it is
// not a variant of the sweep (horizontal, its mean).
func (d *dataset) sweepReferences(p *plot.Plot, g *sweep, metric string, by *bounds) {
	ref := draw.LineStyle{Color: textGrey, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
	if g.numeric && isFinite(g.base) {
		p.Add(&vref{x: g.base, label: "as in the file: " + g.tick()(g.base, g.step()), style: ref})
	}
	if b := d.baseline(); b != nil && !g.has(b) {
		if sm, ok := b.summary(metric); ok {
			mi := info(metric)
			p.Add(&hline{y: sm.Mean, label: "baseline " + b.name + ": " + mi.kind.cell(sm.Mean, mi.kind.decimals(nil, []float64{sm.Mean})), style: ref})
			by.add(sm.Mean)
		}
	}
}

// step is the smallest distance between two swept values (for labels).
func (g *sweep) step() float64 {
	vs := g.values()
	st := math.Inf(1)
	for i := 1; i < len(vs); i++ {
		st = math.Min(st, vs[i]-vs[i-1])
	}
	if math.IsInf(st, 1) {
		return 1
	}
	return st
}

// baseline returns the batch's baseline scenario (the one the others
// are compared with), nil when unknown.
func (d *dataset) baseline() *scenario {
	for _, s := range d.scens {
		if s.sum != nil && s.sum.Baseline != "" {
			return d.byName[s.sum.Baseline]
		}
	}
	return nil
}

// setSweepX sets the x axis of a sweep chart.
func setSweepX(p *plot.Plot, g *sweep, bx bounds) {
	if g.numeric {
		p.X.Tick.Marker = niceTicker{Max: 9, Format: g.tick()}
		if isFinite(g.base) {
			bx.add(g.base)
		}
		setRange(&p.X, bx.lo, bx.hi, 0.04)
		return
	}
	p.X.Tick.Marker = nominalTicker(g.cats)
	p.X.Min, p.X.Max = -0.3, float64(len(g.cats))-0.7
}

func (d *dataset) sweepFigure(g *sweep, metric, name string) *figure {
	mi := info(metric)
	title := fmt.Sprintf("%s against %s", mi.short, g.label)
	sub := "dots: mean over replications, coloured along the sweep · bars and band: 95% confidence interval of the mean"
	if g.doc != "" {
		sub = g.label + ": " + g.doc + "\n" + sub
	}
	sub += d.drawnNote()
	if len(g.series) == 1 {
		if c := change(g.series[0].points(metric), mi); c != "" {
			sub += "\n" + lower(mi.short) + " " + c + " over the sweep"
		}
	}
	return &figure{
		name: name, w: ChartWidth, h: ChartHeight,
		title: title,
		caption: fmt.Sprintf("How %s changes with %s: the mean of each variant with the 95%% confidence interval of that mean; "+
			"the dashed lines mark the key's value before the sweep and the baseline scenario.", lower(mi.short), g.label),
		draw: func(dc draw.Canvas) {
			p := newPlot(g.axisLabel(), mi.label)
			p.Y.Tick.Marker = niceTicker{Max: 7, Format: mi.format}
			bx, by := newBounds(), newBounds()
			var leg *plot.Legend
			if len(g.series) > 1 {
				l := newLegend()
				leg = &l
			}
			var fronts []plot.Plotter
			for si, s := range g.series {
				col := darkGreyBlue
				if len(g.series) > 1 {
					col = scenarioPalette[si%len(scenarioPalette)]
				}
				pt := s.points(metric)
				bx.add(pt.xs...)
				by.add(pt.mean...)
				by.add(pt.lo...)
				by.add(pt.hi...)
				p.Add(&band{xs: pt.xs, lo: pt.lo, hi: pt.hi, col: withAlpha(col, 0.14)})
				ml := &medianLine{xs: pt.xs, ys: pt.mean, col: col, shape: scenarioShapes[si%len(scenarioShapes)], every: 1}
				if len(g.series) == 1 {
					ml.dotCols = pt.cols
				}
				fronts = append(fronts, &errBars{xs: pt.xs, lo: pt.lo, hi: pt.hi, col: col}, ml)
				if leg != nil {
					leg.Add(s.name, ml)
				}
			}
			d.sweepReferences(p, g, metric, &by)
			p.Add(fronts...)
			setSweepX(p, g, bx)
			lo, hi := sensibleRange(by.lo, by.hi, mi.kind)
			setRange(&p.Y, lo, hi, 0.06)
			legTitle := ""
			if leg != nil {
				legTitle = "Series"
			}
			c := frame(dc, title, sub, leg, legTitle)
			p.Draw(c)
		},
	}
}

// sweepMoneyFigure draws the client's cost and the providers' margin per
// month against the swept value on one axis: where a wage or a price is
// swept, who bears the change.
func (d *dataset) sweepMoneyFigure(g *sweep, name string) *figure {
	title := "Client's cost and provider margin against " + g.label
	sub := "per month, mean over replications with the 95% confidence interval of the mean · both on one axis: who bears the change"
	if g.doc != "" {
		sub = g.label + ": " + g.doc + "\n" + sub
	}
	sub += d.drawnNote()
	if len(g.series) == 1 {
		cost := change(g.series[0].points("cost_per_month_eur"), info("cost_per_month_eur"))
		margin := change(g.series[0].points("provider_margin_per_month_eur"), info("provider_margin_per_month_eur"))
		if cost != "" && margin != "" {
			sub += "\nclient's cost " + cost + "; margin " + margin
		}
	}
	return &figure{
		name: name, w: ChartWidth, h: ChartHeight,
		title: title,
		caption: "The client's cost and the outsourced providers' margin, both in EUR per month, against the swept value: " +
			"a wage rise the price does not pass on shows as a falling margin and a flat cost.",
		draw: func(dc draw.Canvas) {
			p := newPlot(g.axisLabel(), "EUR per month")
			p.Y.Tick.Marker = niceTicker{Max: 7, Format: eurTick}
			bx, by := newBounds(), newBounds()
			by.add(0)
			leg := newLegend()
			var fronts []plot.Plotter
			for k, m := range []string{"cost_per_month_eur", "provider_margin_per_month_eur"} {
				col := []color.NRGBA{oiBlue, oiVermilion}[k]
				for si, s := range g.series {
					pt := s.points(m)
					bx.add(pt.xs...)
					by.add(pt.lo...)
					by.add(pt.hi...)
					p.Add(&band{xs: pt.xs, lo: pt.lo, hi: pt.hi, col: withAlpha(col, 0.16)})
					ml := &medianLine{xs: pt.xs, ys: pt.mean, col: col, shape: scenarioShapes[(2*si+k)%len(scenarioShapes)], every: 1}
					fronts = append(fronts, &errBars{xs: pt.xs, lo: pt.lo, hi: pt.hi, col: col}, ml)
					label := []string{"Client's cost", "Provider margin"}[k]
					if len(g.series) > 1 {
						label += " (" + s.name + ")"
					}
					leg.Add(label, ml)
				}
			}
			ref := draw.LineStyle{Color: textGrey, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
			if g.numeric && isFinite(g.base) {
				p.Add(&vref{x: g.base, label: "as in the file: " + g.tick()(g.base, g.step()), style: ref})
			}
			p.Add(&hline{y: 0, style: draw.LineStyle{Color: grey, Width: vg.Points(0.8)}})
			p.Add(fronts...)
			setSweepX(p, g, bx)
			setRange(&p.Y, by.lo, by.hi, 0.06)
			c := frame(dc, title, sub, &leg, "Per month")
			p.Draw(c)
		},
	}
}

// drawnNote says, when parameters are drawn per replication, that the
// intervals hold their uncertainty while the paired differences do not.
func (d *dataset) drawnNote() string {
	if len(d.r.Parameters) == 0 {
		return ""
	}
	return "\nthe intervals include the uncertain parameters, drawn alike in every variant: the paired differences (report, paired.csv) are much tighter"
}

// darkGreyBlue draws a single series whose dots carry the variants' colours.
var darkGreyBlue = color.NRGBA{0x44, 0x55, 0x66, 0xff}

// vref is a vertical reference line with a label at its top.
type vref struct {
	x     float64
	label string
	style draw.LineStyle
}

func (v *vref) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(v.x)
	if x < c.Min.X || x > c.Max.X {
		return
	}
	c.StrokeLine2(v.style, x, c.Min.Y, x, c.Max.Y)
	if v.label != "" {
		sty := textStyle(sans(8.5), textGrey)
		sty.YAlign = draw.YTop
		if x > (c.Min.X+c.Max.X)/2 {
			sty.XAlign = draw.XRight
			x -= vg.Points(3)
		} else {
			x += vg.Points(3)
		}
		c.FillText(sty, vg.Point{X: x, Y: c.Max.Y - vg.Points(2)}, v.label)
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
			xf := mi.format
			if mi.kind == cellEUR && cm != "cost_per_resolved_issue_eur" {
				xf = eurCompactTick
			}
			p.X.Tick.Marker = niceTicker{Max: 6, Format: xf}
			p.Y.Tick.Marker = nominalTicker(labels)
			p.Y.Tick.Label.Font = sans(8.5)
			p.Y.Tick.Length = 0
			p.Y.Min, p.Y.Max = -0.6, float64(len(bars))-0.4
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
			// The key is said in the subtitle, not in a column beside the
			// plot: the parameters' names take the width.
			c := frame(dc, title, sub+"\nblue: replications with low draws (bottom third) · orange: with high draws (top third)", nil, "")
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
