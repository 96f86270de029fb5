package plots

import (
	"bytes"
	"fmt"
	"image/color"
	"image/png"
	"math"
	"strconv"
	"strings"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Output sizes. Every chart is ChartWidth × ChartHeight (8 × 5 in; at
// DPI 150 the PNG is 1200 × 750 pixels, the SVG 576 × 360 pt) except the
// four-outcome panel, PanelWidth × PanelHeight (10 × 7 in: 1500 × 1050
// pixels, 720 × 504 pt).
const (
	DPI         = 150
	ChartWidth  = 8 * vg.Inch
	ChartHeight = 5 * vg.Inch
	PanelWidth  = 10 * vg.Inch
	PanelHeight = 7 * vg.Inch
)

// The Okabe–Ito palette, distinguishable with every common form of colour
// blindness.
var (
	oiBlack     = color.NRGBA{0x00, 0x00, 0x00, 0xff}
	oiOrange    = color.NRGBA{0xE6, 0x9F, 0x00, 0xff}
	oiSkyBlue   = color.NRGBA{0x56, 0xB4, 0xE9, 0xff}
	oiGreen     = color.NRGBA{0x00, 0x9E, 0x73, 0xff}
	oiYellow    = color.NRGBA{0xF0, 0xE4, 0x42, 0xff}
	oiBlue      = color.NRGBA{0x00, 0x72, 0xB2, 0xff}
	oiVermilion = color.NRGBA{0xD5, 0x5E, 0x00, 0xff}
	oiPurple    = color.NRGBA{0xCC, 0x79, 0xA7, 0xff}
	grey        = color.NRGBA{0x99, 0x99, 0x99, 0xff}
	lightGrey   = color.NRGBA{0xDD, 0xDD, 0xDD, 0xff}
	gridGrey    = color.NRGBA{0xE4, 0xE4, 0xE4, 0xff}
	textGrey    = color.NRGBA{0x44, 0x44, 0x44, 0xff}
)

// scenarioPalette orders the Okabe–Ito colours for scenarios: the pale
// yellow last, black not at all (it draws the frontier and the annotations).
var scenarioPalette = []color.NRGBA{oiBlue, oiOrange, oiGreen, oiVermilion, oiSkyBlue, oiPurple, oiYellow}

// scenarioShapes double the colour coding with a filled shape, so
// scenarios stay apart in grey-scale print too.
var scenarioShapes = []draw.GlyphDrawer{
	draw.CircleGlyph{}, draw.BoxGlyph{}, polyGlyph{n: 3, rot: math.Pi / 2, scale: 1.25}, polyGlyph{n: 4, rot: math.Pi / 2, scale: 1.25},
	polyGlyph{n: 3, rot: -math.Pi / 2, scale: 1.25}, polyGlyph{n: 6, scale: 1.1}, polyGlyph{n: 5, rot: math.Pi / 2, inner: 0.5, scale: 1.35},
}

// withAlpha returns c with opacity a in [0,1].
func withAlpha(c color.NRGBA, a float64) color.NRGBA {
	c.A = uint8(math.Round(255 * a))
	return c
}

// polyGlyph is a filled regular polygon of n corners, the first at angle
// rot; with inner > 0 a star whose inner corners lie at inner × the
// radius. scale enlarges it to look as big as a circle of the radius.
type polyGlyph struct {
	n     int
	rot   float64
	inner float64
	scale float64
}

func (g polyGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := float64(sty.Radius) * g.scale
	k := g.n
	if g.inner > 0 {
		k *= 2
	}
	var p vg.Path
	for i := range k {
		a := g.rot + 2*math.Pi*float64(i)/float64(k)
		ri := r
		if g.inner > 0 && i%2 == 1 {
			ri *= g.inner
		}
		q := vg.Point{X: pt.X + vg.Length(ri*math.Cos(a)), Y: pt.Y + vg.Length(ri*math.Sin(a))}
		if i == 0 {
			p.Move(q)
		} else {
			p.Line(q)
		}
	}
	p.Close()
	c.Fill(p)
}

// outlinedGlyph draws a glyph filled with Fill (nil: not filled) and
// outlined in Edge: the shape is drawn a little larger in the edge colour
// first, then the fill on top.
func drawOutlinedGlyph(c *draw.Canvas, shape draw.GlyphDrawer, pt vg.Point, r vg.Length, fill, edge color.Color) {
	outer := r + vg.Points(1.3)
	c.SetColor(edge)
	shape.DrawGlyph(c, draw.GlyphStyle{Color: edge, Radius: outer, Shape: shape}, pt)
	inner := fill
	if inner == nil {
		inner = color.White
	}
	c.SetColor(inner)
	shape.DrawGlyph(c, draw.GlyphStyle{Color: inner, Radius: r - vg.Points(0.2), Shape: shape}, pt)
}

// Fonts: Liberation Sans (embedded in gonum/plot, metric-compatible with
// Arial, which the SVGs name as the fallback).
func sans(size float64) font.Font {
	return font.Font{Typeface: "Liberation", Variant: "Sans", Size: font.Length(size)}
}

func sansBold(size float64) font.Font {
	f := sans(size)
	f.Weight = xfont.WeightBold
	return f
}

func textStyle(f font.Font, c color.Color) text.Style {
	return text.Style{Color: c, Font: f, XAlign: draw.XLeft, YAlign: draw.YBottom, Handler: plot.DefaultTextHandler}
}

// newPlot returns a plot without a title (the figure draws it), with sans
// fonts, light grid lines and the axis labels given.
func newPlot(xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = sans(11)
		a.Label.TextStyle.Color = textGrey
		a.Tick.Label.Font = sans(9.5)
		a.Tick.Label.Color = textGrey
		a.Tick.Length = vg.Points(4)
		a.Tick.LineStyle.Color = grey
		a.LineStyle.Color = grey
		a.Padding = vg.Points(2)
	}
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.X.Label.Padding = vg.Points(3)
	p.Y.Label.Padding = vg.Points(3)
	p.Title.TextStyle.Font = sansBold(11)
	p.Title.Padding = vg.Points(4)
	p.Legend.TextStyle.Font = sans(9.5)
	g := plotter.NewGrid()
	g.Vertical.Color = gridGrey
	g.Horizontal.Color = gridGrey
	g.Vertical.Width = vg.Points(0.5)
	g.Horizontal.Width = vg.Points(0.5)
	p.Add(g)
	return p
}

// legend returns an empty legend in the figure's style.
func newLegend() plot.Legend {
	l := plot.NewLegend()
	l.TextStyle.Font = sans(9.5)
	l.TextStyle.Color = color.Black
	l.Top, l.Left = true, true
	l.Padding = vg.Points(4)
	l.ThumbnailWidth = vg.Points(18)
	return l
}

// ---- ticks and number formats ----

// numFormat formats a tick value; step is the distance between labelled
// ticks, which sets the number of decimals.
type numFormat func(v, step float64) string

// niceTicker places at most Max labelled ticks at round values (1, 2, 2.5
// or 5 times a power of ten) and unlabelled minor ticks between them.
type niceTicker struct {
	Max    int
	Format numFormat
	// MinStep, when set, is the smallest step (1 for months).
	MinStep float64
}

func (t niceTicker) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return []plot.Tick{{Value: lo, Label: t.Format(lo, 1)}}
	}
	maxN := max(t.Max, 2)
	step, minor := niceStep(lo, hi, maxN)
	if t.MinStep > 0 && step < t.MinStep {
		step, minor = t.MinStep, 0
	}
	if t.MinStep > 0 && minor < t.MinStep {
		minor = 0
	}
	var ticks []plot.Tick
	first := math.Ceil(lo/step - 1e-9)
	for k := first; ; k++ {
		v := k * step
		if v > hi+step*1e-9 {
			break
		}
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: t.Format(v, step)})
	}
	if minor > 0 {
		mfirst := math.Ceil(lo/minor - 1e-9)
		for k := mfirst; ; k++ {
			v := k * minor
			if v > hi+minor*1e-9 {
				break
			}
			if r := math.Mod(math.Abs(v)/step, 1); r < 1e-6 || r > 1-1e-6 {
				continue
			}
			ticks = append(ticks, plot.Tick{Value: v})
		}
	}
	return ticks
}

// niceStep returns the smallest round step giving at most n labelled
// ticks in [lo, hi], and the step of the minor ticks.
func niceStep(lo, hi float64, n int) (step, minor float64) {
	span := hi - lo
	mag := math.Pow(10, math.Floor(math.Log10(span/float64(n))))
	for _, m := range []float64{1, 2, 2.5, 5, 10, 20, 25, 50, 100} {
		step = m * mag
		count := math.Floor(hi/step+1e-9) - math.Ceil(lo/step-1e-9) + 1
		if count <= float64(n) {
			break
		}
	}
	switch r := step / math.Pow(10, math.Floor(math.Log10(step)+1e-9)); {
	case math.Abs(r-2) < 1e-6:
		minor = step / 2
	case math.Abs(r-2.5) < 1e-6:
		minor = step / 5
	case math.Abs(r-5) < 1e-6, math.Abs(r-1) < 1e-6:
		minor = step / 2
	}
	return step, minor
}

// decimals returns how many decimals label ticks step apart.
func decimals(step float64) int {
	if step <= 0 || math.IsNaN(step) || math.IsInf(step, 0) {
		return 0
	}
	d := 0
	for s := step; d < 6 && math.Abs(s-math.Round(s)) > 1e-6*math.Max(1, math.Abs(s)); s *= 10 {
		d++
	}
	return d
}

// groupThousands formats v with d decimals and commas between thousands,
// with a true minus sign.
func groupThousands(v float64, d int) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', d, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	out := b.String()
	if v < 0 && strings.Trim(out, "0.,") != "" {
		return "−" + out
	}
	return out
}

// eurTick formats euros: "€1,250,000", "€8.50", "−€2,000".
func eurTick(v, step float64) string {
	s := groupThousands(v, decimals(step))
	if rest, ok := strings.CutPrefix(s, "−"); ok {
		return "−€" + rest
	}
	return "€" + s
}

// eurCompactTick formats euros in thousands or millions, chosen by the
// step so that one axis uses one unit: "€150k", "€356.5k", "€1.25M".
func eurCompactTick(v, step float64) string {
	unit, div := "", 1.0
	switch {
	case v == 0:
	case math.Abs(step) >= 2.5e5:
		unit, div = "M", 1e6
	case math.Abs(step) >= 100:
		unit, div = "k", 1e3
	}
	return eurTick(v/div, step/div) + unit
}

// pctTick formats a fraction as a percentage: 0.85 → "85%".
func pctTick(v, step float64) string {
	return groupThousands(100*v, decimals(100*step)) + "%"
}

// plainTick formats a number with thousands separators.
func plainTick(v, step float64) string { return groupThousands(v, decimals(step)) }

// ratioTick formats a ratio to the minimum wage: "1.20×".
func ratioTick(v, step float64) string {
	return strconv.FormatFloat(v, 'f', max(decimals(step), 1), 64) + "×"
}

// nominalTicker labels the integer positions 0..n-1 with names.
type nominalTicker []string

func (t nominalTicker) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	for i, n := range t {
		if float64(i) >= lo-1e-9 && float64(i) <= hi+1e-9 {
			out = append(out, plot.Tick{Value: float64(i), Label: n})
		}
	}
	return out
}

// setNominalX labels the x axis with names at 0..n-1, rotated when
// neighbouring names would touch on canvas c (call it last, with the y
// axis set).
func setNominalX(p *plot.Plot, names []string, c draw.Canvas) {
	p.X.Tick.Marker = nominalTicker(names)
	p.X.Min, p.X.Max = -0.6, float64(len(names))-0.4
	p.X.Tick.Length = 0
	dc := p.DataCanvas(c)
	slot := (dc.Max.X - dc.Min.X) / vg.Length(p.X.Max-p.X.Min)
	for i := 1; i < len(names); i++ {
		// A fallback font may be some 12% wider than Liberation Sans.
		need := (p.X.Tick.Label.Width(names[i-1])+p.X.Tick.Label.Width(names[i]))/2*1.12 + vg.Points(6)
		if need > slot {
			p.X.Tick.Label.Rotation = math.Pi / 6
			p.X.Tick.Label.XAlign = draw.XRight
			p.X.Tick.Label.YAlign = draw.YCenter
			return
		}
	}
}

// setRange sets an axis to [lo, hi] widened by pad of its span on both
// sides (and to a unit span around a single value).
func setRange(a *plot.Axis, lo, hi, pad float64) {
	if math.IsInf(lo, 0) || math.IsInf(hi, 0) || math.IsNaN(lo) || math.IsNaN(hi) {
		lo, hi = 0, 1
	}
	if hi <= lo {
		d := math.Max(math.Abs(lo)*0.05, 1e-9)
		if lo == 0 {
			d = 1
		}
		lo, hi = lo-d, hi+d
	}
	span := hi - lo
	a.Min, a.Max = lo-pad*span, hi+pad*span
}

// bounds accumulates the range of values, ignoring non-finite ones.
type bounds struct{ lo, hi float64 }

func newBounds() bounds { return bounds{math.Inf(1), math.Inf(-1)} }

func (b *bounds) add(vs ...float64) {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		b.lo = math.Min(b.lo, v)
		b.hi = math.Max(b.hi, v)
	}
}

func (b bounds) empty() bool { return b.lo > b.hi }

// ---- figures ----

// figure is one chart: a name (the file's base name without extension),
// a fixed size and a function that draws it on a canvas of that size.
type figure struct {
	name string
	w, h vg.Length
	draw func(dc draw.Canvas)
	// caption says how to read the chart, in the report.
	title, caption string
}

// png renders the figure as a PNG at DPI dots per inch.
func (f *figure) png() ([]byte, error) {
	c := vgimg.NewWith(vgimg.UseWH(f.w, f.h), vgimg.UseDPI(DPI), vgimg.UseBackgroundColor(color.White))
	if err := f.paint(draw.New(c)); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.DefaultCompression}
	if err := enc.Encode(&buf, c.Image()); err != nil {
		return nil, fmt.Errorf("%s.png: %w", f.name, err)
	}
	return buf.Bytes(), nil
}

// svg renders the figure as SVG text. The fonts are not embedded; the
// font family falls back to Arial (the same metrics) and any sans-serif.
func (f *figure) svg() ([]byte, error) {
	c := vgsvg.New(f.w, f.h)
	if err := f.paint(draw.New(c)); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("%s.svg: %w", f.name, err)
	}
	out := bytes.ReplaceAll(buf.Bytes(), []byte("font-family:Liberation Sans;"),
		[]byte(svgFontFamily))
	return out, nil
}

// svgFontFamily names Liberation Sans and the fonts with its metrics
// (Arial, Helvetica, Arimo, Nimbus Sans) before the generic sans-serif.
const svgFontFamily = "font-family:'Liberation Sans',Arial,Helvetica,Arimo,'Nimbus Sans',sans-serif;"

// paint draws the figure, turning a panic of the plotting library into
// an error.
func (f *figure) paint(dc draw.Canvas) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: drawing failed: %v", f.name, r)
		}
	}()
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	f.draw(dc)
	return nil
}

// frame draws the figure's title and subtitle at the top of dc and, when
// the legend has entries, the legend in a column at the right (outside the
// data, so it never hides any). It returns the canvas left for the plot.
func frame(dc draw.Canvas, title, subtitle string, leg *plot.Legend, legendTitle string) draw.Canvas {
	const margin = 8
	m := vg.Points(margin)
	c := dc
	c.Min.X += m
	c.Max.X -= m
	c.Min.Y += m
	c.Max.Y -= m
	titleSty := textStyle(sansBold(13), color.Black)
	titleSty.YAlign = draw.YTop
	c.FillText(titleSty, vg.Point{X: c.Min.X, Y: c.Max.Y}, title)
	c.Max.Y -= titleSty.Height(title) + vg.Points(3)
	if subtitle != "" {
		sub := textStyle(sans(9.5), textGrey)
		sub.YAlign = draw.YTop
		c.FillText(sub, vg.Point{X: c.Min.X, Y: c.Max.Y}, subtitle)
		c.Max.Y -= sub.Height(subtitle) + vg.Points(4)
	}
	c.Max.Y -= vg.Points(4)
	if leg == nil {
		return c
	}
	lw := leg.Rectangle(c).Size().X
	lt := textStyle(sansBold(9.5), color.Black)
	lt.YAlign = draw.YTop
	if legendTitle != "" {
		lw = max(lw, lt.Width(legendTitle))
	}
	// Slack for the SVG read with a wider fallback font than Liberation
	// Sans or Arial (DejaVu Sans is about 12% wider).
	lw += (lw - leg.ThumbnailWidth) * 0.14
	lc := c
	lc.Min.X = c.Max.X - lw
	if legendTitle != "" {
		lc.FillText(lt, vg.Point{X: lc.Min.X, Y: lc.Max.Y}, legendTitle)
		lc.Max.Y -= lt.Height(legendTitle) + vg.Points(4)
	}
	leg.Draw(lc)
	c.Max.X = lc.Min.X - vg.Points(12)
	return c
}

// legendEntry is one entry of a bottom legend.
type legendEntry struct {
	name  string
	thumb plot.Thumbnailer
}

// frameBottom is frame with the legend in columns along the bottom
// instead of a column at the right: for charts of several tiles side by
// side and many scenarios, whose width the tiles need.
func frameBottom(dc draw.Canvas, title, subtitle string, entries []legendEntry, cols int) draw.Canvas {
	c := frame(dc, title, subtitle, nil, "")
	if len(entries) == 0 {
		return c
	}
	cols = max(1, min(cols, len(entries)))
	rows := (len(entries) + cols - 1) / cols
	sty := textStyle(sans(9.5), color.Black)
	rowH := sty.Height("Xg") + vg.Points(3)
	h := vg.Length(rows)*rowH + vg.Points(8)
	colW := (c.Max.X - c.Min.X) / vg.Length(cols)
	for k, e := range entries {
		col, row := k/rows, k%rows
		x := c.Min.X + vg.Length(col)*colW
		y := c.Min.Y + h - vg.Points(4) - vg.Length(row+1)*rowH
		tc := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: x, Y: y + vg.Points(1)}, Max: vg.Point{X: x + vg.Points(18), Y: y + rowH - vg.Points(2)}}}
		e.thumb.Thumbnail(&tc)
		c.FillText(sty, vg.Point{X: x + vg.Points(24), Y: y + vg.Points(2)}, e.name)
	}
	c.Min.Y += h + vg.Points(6)
	return c
}

// thumb is a legend thumbnail drawn by a function.
type thumb func(c *draw.Canvas)

func (t thumb) Thumbnail(c *draw.Canvas) { t(c) }

// boxThumb is a filled square legend thumbnail.
func boxThumb(fill color.Color) thumb {
	return func(c *draw.Canvas) {
		h := c.Max.Y - c.Min.Y
		x := c.Min.X + (c.Max.X-c.Min.X-h)/2
		r := vg.Rectangle{Min: vg.Point{X: x, Y: c.Min.Y}, Max: vg.Point{X: x + h, Y: c.Max.Y}}
		c.SetColor(fill)
		c.Fill(r.Path())
	}
}

// lineThumb is a line legend thumbnail.
func lineThumb(sty draw.LineStyle) thumb {
	return func(c *draw.Canvas) {
		y := (c.Min.Y + c.Max.Y) / 2
		c.StrokeLine2(sty, c.Min.X, y, c.Max.X, y)
	}
}
