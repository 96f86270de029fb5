package plots

import (
	"hash/fnv"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot/vg/draw"
)

// Style is how one scenario is drawn in every chart: its colour and its
// marker (which doubles the colour for grey-scale print and colour
// blindness).
type Style struct {
	Color color.NRGBA
	Shape draw.GlyphDrawer
}

// fixedStyles keep the built-in scenarios' looks whatever else a batch
// holds: palette colour and shape indices, distinct within the default
// batch and within the race group.
var fixedStyles = map[string][2]int{
	"nl-inhouse":     {0, 0},
	"nl-outsourced":  {1, 1},
	"sr-offshore":    {2, 2},
	"hybrid":         {3, 3},
	"good-employer":  {4, 4},
	"nl-sr-overflow": {5, 5},

	"race-to-the-bottom":  {0, 0},
	"race-wage-floor":     {1, 1},
	"race-quality":        {2, 2},
	"race-no-per-contact": {3, 3},
	"race-monitoring-cap": {4, 4},
	"race-quality-floor":  {5, 5},
	// The race for a Dutch-only first line: the star, in the colour of
	// the policy it shares with the race above.
	"race-domestic":                {6, 6},
	"race-domestic-wage-floor":     {1, 6},
	"race-domestic-no-per-contact": {3, 6},
	"race-paramaribo":              {6, 0},
}

// Styles returns the style of each scenario of a batch, by name, so that
// a scenario looks the same in every run and every chart: a built-in has
// its fixed style; any other name gets the palette colour its name hashes
// to or, when a scenario of the batch has that colour already, the next
// free one (past seven scenarios the colours repeat with other markers).
// The result does not depend on the order of names. Charts of another
// package (an optimiser's) use it to draw scenarios as these charts do.
func Styles(names []string) []Style {
	out := make([]Style, len(names))
	usedColor := map[int]bool{}
	usedPair := map[[2]int]bool{}
	set := func(i, c, sh int) {
		out[i] = Style{scenarioPalette[c], scenarioShapes[sh]}
		usedColor[c] = true
		usedPair[[2]int{c, sh}] = true
	}
	var rest []int
	for i, n := range names {
		if f, ok := fixedStyles[n]; ok && !usedPair[f] {
			set(i, f[0], f[1])
			continue
		}
		rest = append(rest, i)
	}
	slices.SortStableFunc(rest, func(a, b int) int {
		switch {
		case names[a] < names[b]:
			return -1
		case names[a] > names[b]:
			return 1
		}
		return 0
	})
	nc, ns := len(scenarioPalette), len(scenarioShapes)
	for _, i := range rest {
		h := fnv.New64a()
		h.Write([]byte(names[i]))
		sum := h.Sum64()
		c, sh := int(sum%uint64(nc)), int(sum/uint64(nc)%uint64(ns))
		for k := range nc {
			if cc := (c + k) % nc; !usedColor[cc] {
				c = cc
				break
			}
		}
		for k := range ns * nc {
			pair := [2]int{(c + k/ns) % nc, (sh + k) % ns}
			if !usedPair[pair] {
				c, sh = pair[0], pair[1]
				break
			}
		}
		set(i, c, sh)
	}
	return out
}

// ramp returns the colour at t in [0, 1] of an ordered, colour-blind-safe
// sequential ramp (viridis from dark purple to green-yellow, its pale
// end left out so every colour reads on white): for scenarios ordered by
// a swept value.
func ramp(t float64) color.NRGBA {
	stops := [...]color.NRGBA{
		{0x44, 0x01, 0x54, 0xff}, {0x46, 0x33, 0x7e, 0xff}, {0x36, 0x5c, 0x8d, 0xff}, {0x27, 0x7f, 0x8e, 0xff},
		{0x1f, 0xa1, 0x87, 0xff}, {0x4a, 0xc1, 0x6d, 0xff}, {0x9f, 0xda, 0x3a, 0xff},
	}
	t = math.Min(math.Max(t, 0), 1) * float64(len(stops)-1)
	i := min(int(t), len(stops)-2)
	f := t - float64(i)
	mix := func(a, b uint8) uint8 { return uint8(math.Round(float64(a) + f*(float64(b)-float64(a)))) }
	a, b := stops[i], stops[i+1]
	return color.NRGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}
