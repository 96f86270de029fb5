package scenarios

import (
	"math"

	"offsim/internal/tomlx"
	"offsim/model"
)

// This file declares and decodes [sites.workforce.wages]: the wage policy
// and the values that change over time, minimum wages and exchange rates
// (a number, a dated path, or for a rate a random walk).

// maxPathValues bounds the values of a dated path.
const maxPathValues = 10_000

var wagesSchema = &schema{check: checkWages, keys: []*key{
	{name: "currency", unit: "string", def: "EUR", defs: "`\"EUR\"`", rngs: "a name (see above)", at: field(func(w *model.Wages) *string { return &w.Currency }), doc: "local currency code"},
	{name: "minimum_per_hour", unit: "local currency per hour, or a dated path", req: true, b: positive(maxLocal), val: decodeMinimum, doc: "the statutory minimum wage", enc: func(e *encoder, p keyPath, src any) any { return e.path(p, src.(*model.Wages).MinimumPerHour) }},
	enumKey(&key{name: "policy", rngs: `"minimum", "premium", "fixed", "scale"`, doc: "how the site sets its wage"},
		model.ParseWagePolicyKind, func(w *model.Wages) *model.WagePolicyKind { return &w.Policy.Kind }, "minimum"),
	{name: "premium", unit: "fraction over the minimum", b: nonNeg(maxFactor), defs: "required with `\"premium\"`, else not allowed", only: wagePolicy.only(model.WagePremium), omit: wagePolicy.omit(model.WagePremium), need: wagePolicy.need(model.WagePremium), at: field(func(w *model.Wages) *float64 { return &w.Policy.Premium }), doc: "wage = minimum × (1 + premium)"},
	{name: "fixed_per_hour", unit: "local currency per hour", b: positive(maxLocal), defs: "required with `\"fixed\"`, else not allowed", only: wagePolicy.only(model.WageFixed), omit: wagePolicy.omit(model.WageFixed), need: wagePolicy.need(model.WageFixed), at: field(func(w *model.Wages) *float64 { return &w.Policy.FixedPerHour }), doc: "the starting wage..."},
	{name: "annual_raise", unit: "rate", b: above(-1, maxRateOfChange), defs: "0; only with `\"fixed\"`", only: wagePolicy.only(model.WageFixed), omit: wagePolicy.omit(model.WageFixed), at: field(func(w *model.Wages) *float64 { return &w.Policy.AnnualRaise }), doc: "...raised by this each full year"},
	{name: "scale", unit: "array of `{ from_tenure_days, premium }`", defs: "required with `\"scale\"`, else not allowed", rngs: "the first from 0, increasing", list: listOf[model.Wages, model.ScaleStep](func(w *model.Wages) *[]model.ScaleStep { return &w.Policy.Scale }), sub: scaleSchema, noun: "step", b: ints(1, 1000), inline: true, only: wagePolicy.only(model.WageScale), omit: wagePolicy.omit(model.WageScale), need: wagePolicy.need(model.WageScale), doc: "wage = minimum × (1 + the premium of the agent's tenure step)"},
	{name: "fx_local_per_eur", unit: "local units per EUR: number, dated path or random walk", b: positive(maxLocal), val: decodeFX, enc: encodeFX, defs: "1; required unless the currency is EUR (which must keep 1)", doc: "the exchange rate", init: func(dst any) { dst.(*model.Wages).FX = model.FXPath{Path: model.ConstantPath(1)} },
		need: func(d *decoder, t *table, dst any) string {
			if c := dst.(*model.Wages).Currency; c != "EUR" {
				return "required for currency \"" + c + "\": local units per EUR"
			}
			return ""
		}},
	{name: "minimum_tracks_fx", unit: "boolean", def: false, at: field(func(w *model.Wages) *bool { return &w.MinimumTracksFX }),
		src: "a wage council that follows prices follows a currency that loses value with them (Suriname: the minimum follows the poverty line, VSB 2026; docs/calibration.md 4.4)",
		doc: "the minimum's `index_rate` is its real growth in EUR: each step also multiplies it by e^(`drift_per_year` × step ÷ 365) of a random-walk `fx_local_per_eur`"},
	{name: "on_cost_rate", unit: "share of gross wages", def: 0.35, b: nonNeg(maxFactor), at: field(func(w *model.Wages) *float64 { return &w.OnCostRate }), src: "employer social charges 20–35% plus 8% holiday pay (ikgastarten.nl 2021, debreed.nl)", doc: "employer on-costs"},
	{name: "night_premium", unit: "share of the wage", b: nonNeg(maxFactor), at: field(func(w *model.Wages) *float64 { return &w.NightPremium }), doc: "extra pay for hours in the site's local night"},
	{name: "night_start_hour", unit: "hour, local time", def: 22.0, b: between(0, 24), at: field(func(w *model.Wages) *float64 { return &w.NightStartHour }), doc: "the night starts..."},
	{name: "night_end_hour", unit: "hour, local time", def: 6.0, b: between(0, 24), at: field(func(w *model.Wages) *float64 { return &w.NightEndHour }), doc: "...and ends"},
	{name: "utc_offset_hours", unit: "hours", b: between(-24, 24), at: field(func(w *model.Wages) *float64 { return &w.UTCOffsetHours }), doc: "site local time minus the client's time (Paramaribo −4)"},
}}

var scaleSchema = &schema{keys: []*key{
	{name: "from_tenure_days", unit: "days", req: true, b: nonNeg(36500), fixed: "the steps of a scale are fixed, in order", at: field(func(s *model.ScaleStep) *float64 { return &s.FromTenureDays }), doc: "where a `scale` step starts"},
	{name: "premium", unit: "fraction over the minimum", req: true, b: nonNeg(maxFactor), at: field(func(s *model.ScaleStep) *float64 { return &s.Premium }), doc: "the step's premium"},
}}

// wagePolicy allows, requires and writes a wage key by the wage policy.
var wagePolicy = choice[model.WagePolicyKind]{key: "policy", of: func(dst any) model.WagePolicyKind { return dst.(*model.Wages).Policy.Kind }, say: true}

// checkWages checks the wage scale, and that a minimum tracking the
// exchange rate has a random walk to track.
func checkWages(d *decoder, t *table, dst any, at place) {
	checkScale(d, t, dst, at)
	w := dst.(*model.Wages)
	if fp := t.path.Key("fx_local_per_eur"); w.MinimumTracksFX && !d.badUnder(fp) && !w.FX.Random() && !d.uncertainUnder(fp) {
		d.errorf(t.path.Key("minimum_tracks_fx"), "needs fx_local_per_eur to be a random walk with a drift_per_year to track")
	}
}

// checkScale checks that a wage scale's steps start at 0 and increase.
func checkScale(d *decoder, t *table, dst any, _ place) {
	steps := dst.(*model.Wages).Policy.Scale
	sp := t.path.Key("scale")
	for i := range steps {
		fp := sp.Index(i).Key("from_tenure_days")
		switch {
		case d.bad[fp] || d.bad[sp.Index(i)] || d.bad[sp]:
		case i == 0 && steps[0].FromTenureDays != 0:
			d.errorf(fp, "must be 0: the first step starts at hire, got %s", num(steps[0].FromTenureDays))
		case i > 0 && !d.bad[sp.Index(i-1).Key("from_tenure_days")] && !(steps[i].FromTenureDays > steps[i-1].FromTenureDays):
			d.errorf(fp, "must be more than %s (%s)", sp.Index(i-1).Key("from_tenure_days"), num(steps[i-1].FromTenureDays))
		}
	}
}

// pathSchema is a dated path, model.Path: the form of minimum_per_hour
// and fx_local_per_eur that changes over time.
var pathSchema = &schema{check: checkPath, keys: []*key{
	{name: "dates", unit: "array of dates", group: "dates", req: true, defs: "required: one of `dates`, `days`", rngs: "increasing; the first on or before `start_date`", val: decodeDates, doc: "from when each value holds"},
	{name: "days", unit: "array of days since `start_date`", group: "dates", rngs: "the first 0 or less, increasing", val: decodeDays, doc: "the same, as resolved files give it"},
	{name: "values", unit: "array", req: true, rngs: "> 0, one per date", val: decodePathValues, doc: "the value from each date"},
	{name: "index_every_months", unit: "months", group: "every", factor: model.DaysPerMonth, b: positive(12 * 100).atLeast(1 / model.DaysPerMonth), defs: "no indexation; required with `index_rate`; at most one of the two", at: field(func(p *model.Path) *float64 { return &p.IndexEveryDays }), doc: "after the last date the value rises by `index_rate`..."},
	{name: "index_every_days", unit: "days", group: "every", b: positive(36500).atLeast(1), at: field(func(p *model.Path) *float64 { return &p.IndexEveryDays }), doc: "the same, in days"},
	{name: "index_rate", unit: "rate", b: above(-1, maxRateOfChange), defs: "required with `index_every_months` or `index_every_days`",
		at: field(func(p *model.Path) *float64 { return &p.IndexRate }), doc: "...every `index_every_months`",
		need: func(d *decoder, t *table, _ any) string {
			for _, k := range []string{"index_every_months", "index_every_days"} {
				if _, given := t.m[k]; given {
					return "required with " + k
				}
			}
			return ""
		}},
}}

// decodeMinimum decodes a minimum wage: a positive number, a distribution
// of one, or a dated path.
func decodeMinimum(d *decoder, p keyPath, v any, dst any, at place) {
	d.path(p, v, &dst.(*model.Wages).MinimumPerHour, within(at, field(func(w *model.Wages) *model.Path { return &w.MinimumPerHour })))
}

// path decodes a value that may change over time into dst, found in a
// scenario at at: a positive number, a distribution of one, or a dated
// path.
func (d *decoder) path(p keyPath, v any, dst *model.Path, at place) bool {
	b := positive(maxLocal)
	switch v.(type) {
	case int64, float64:
		x, _, ok := d.number(p, v, b)
		*dst = model.ConstantPath(x)
		return ok
	case map[string]any:
		if hasDist(v) {
			x, pd, ok := d.number(p, v, b)
			*dst = model.ConstantPath(x)
			d.bind(p, pd, b, func(sc *model.Scenario, x float64) { at(sc).(*model.Path).Values[0] = x })
			return ok
		}
		t, _ := d.table(p, v)
		n := len(d.errs)
		*dst = model.Path{}
		d.decodeTable(t, pathSchema, dst, at)
		return len(d.errs) == n
	}
	d.errorf(p, "must be a number, a distribution or a table { dates, values }, got %s", tomlx.Describe(v))
	return false
}

// decodeDates decodes a path's dates: their day numbers go to Days, until
// checkPath makes them days since start_date.
func decodeDates(d *decoder, p keyPath, v any, dst any, _ place) {
	a, ok := d.arrayOf(p, v)
	switch {
	case !ok:
		return
	case len(a) == 0:
		d.errorf(p, "must give at least one date")
		return
	case len(a) > maxPathValues:
		d.errorf(p, "has %d dates, at most %d", len(a), maxPathValues)
		return
	}
	days := make([]float64, len(a))
	for i, e := range a {
		day, good := d.date(p.Index(i), e)
		switch {
		case !good:
			ok = false
		case i > 0 && ok && float64(day) <= days[i-1]:
			d.errorf(p.Index(i), "must be after %s (%s)", p.Index(i-1), formatDay(int64(days[i-1])))
			ok = false
		}
		days[i] = float64(day)
	}
	if ok && int64(days[0]) > d.start {
		d.errorf(p.Index(0), "is after start_date (%s): no value would hold at the start", formatDay(d.start))
		ok = false
	}
	if ok {
		dst.(*model.Path).Days = days
	}
}

// decodeDays decodes a path's days since start_date.
func decodeDays(d *decoder, p keyPath, v any, dst any, _ place) {
	days, ok := d.values(p, v, -1, "", d.numberIn(between(-36500*10, 36500*10)))
	if ok && len(days) == 0 {
		d.errorf(p, "must give at least one day")
		return
	}
	for i := range days {
		switch {
		case !ok:
			return
		case i == 0 && days[0] > 0:
			d.errorf(p.Index(0), "must be 0 or less: the first value holds from start_date or before, got %s", num(days[0]))
			ok = false
		case i > 0 && !(days[i] > days[i-1]):
			d.errorf(p.Index(i), "must be more than %s (%s)", p.Index(i-1), num(days[i-1]))
			ok = false
		}
	}
	if ok {
		dst.(*model.Path).Days = days
	}
}

func decodePathValues(d *decoder, p keyPath, v any, dst any, _ place) {
	path := dst.(*model.Path)
	values, ok := d.values(p, v, len(path.Days), "one per date", d.numberIn(positive(maxLocal)))
	if ok {
		path.Values = values
	}
}

// checkPath completes a dated path: the other direction of index_rate's
// requirement, dates made days since start_date, and an indexation that
// stays finite over the longest horizon.
func checkPath(d *decoder, t *table, dst any, _ place) {
	path := dst.(*model.Path)
	_, hasRate := t.m["index_rate"]
	_, m := t.m["index_every_months"]
	_, dd := t.m["index_every_days"]
	if hasRate && !m && !dd {
		d.errorf(t.path.Key("index_every_months"), "required with index_rate")
		return
	}
	if len(path.Values) == 0 || len(path.Days) != len(path.Values) || d.badUnder(t.path) {
		*path = model.Path{}
		return
	}
	if _, dated := t.m["dates"]; dated {
		p, ok := startPath(d.start, path.Days, path.Values, path.IndexEveryDays, path.IndexRate)
		if !ok {
			d.errorf(t.path.Key("index_rate"), "indexation from %s to start_date (%s) takes the value out of range", formatDay(int64(path.Days[len(path.Days)-1])), formatDay(d.start))
			return
		}
		*path = p
	}
	if path.IndexRate != 0 && path.IndexEveryDays > 0 {
		steps := math.Ceil(maxHorizonHours / 24 / path.IndexEveryDays)
		last := path.Values[len(path.Values)-1]
		if v := last * math.Pow(1+path.IndexRate, steps); !(v <= maxLocal && v >= 1/maxLocal) {
			d.errorf(t.path.Key("index_rate"), "indexation takes the value from %s to %.4g in %d years (%s steps), beyond [%s, %s]",
				num(last), v, maxHorizonHours/8760, num(steps), num(1/maxLocal), num(maxLocal))
		}
	}
}

// badUnder reports whether a problem was reported at p or inside it.
func (d *decoder) badUnder(p keyPath) bool {
	for b := range d.bad {
		if under(string(b), p) {
			return true
		}
	}
	return false
}

// startPath turns values on days (day numbers, increasing, the first on
// or before start) into a model.Path in days since start. Values before
// the start give way to the last of them, which holds from day 0; when
// that is the last value and it is indexed, it keeps its own date (before
// day 0), from which its indexation steps count. ok is false when the
// value at the start is not finite or not positive.
func startPath(start int64, days, values []float64, everyDays, rate float64) (model.Path, bool) {
	first := 0
	for first+1 < len(days) && days[first+1] <= float64(start) {
		first++
	}
	p := model.Path{IndexEveryDays: everyDays, IndexRate: rate}
	for i := first; i < len(days); i++ {
		p.Days = append(p.Days, max(days[i]-float64(start), 0))
		p.Values = append(p.Values, values[i])
	}
	before := float64(start) - days[first] // days the first kept value held before the start
	if len(p.Days) > 1 || before == 0 || everyDays <= 0 {
		return p, true
	}
	// One value, dated before the start and indexed (whatever the rate:
	// a drawn one may differ from the expected one): it keeps its date (a
	// day before 0), so that its steps fall on their dates and follow the
	// rate a replication draws.
	p.Days[0] = -before
	v := values[first] * math.Pow(1+rate, math.Floor(before/everyDays))
	return p, v > 0 && !math.IsInf(v, 0)
}

// walkSchema is the random-walk form of an exchange rate, model.FXPath.
var walkSchema = &schema{keys: []*key{
	{name: "start", unit: "local units per EUR", req: true, b: positive(maxLocal), val: decodeWalkStart, doc: "the rate at day 0", enc: func(e *encoder, p keyPath, src any) any { return e.number(p, src.(*model.FXPath).Values[0], 1) }},
	{name: "drift_per_year", unit: "growth rate a year", b: anyNumber(-1, 1), at: field(func(f *model.FXPath) *float64 { return &f.DriftPerYear }), rngs: "[−1, 1]", doc: "the expected rate grows as e^(drift·years); positive: the local currency weakens"},
	{name: "volatility_per_year", unit: "standard deviation a year", b: nonNeg(1), at: field(func(f *model.FXPath) *float64 { return &f.VolatilityPerYear }), doc: "of the log-change"},
	{name: "jump_probability_per_year", unit: "rate a year", b: nonNeg(12), at: field(func(f *model.FXPath) *float64 { return &f.JumpProbabilityPerYear }), doc: "devaluation jumps"},
	{name: "jump_size", unit: "factor", b: above(-1, maxRateOfChange).atLeast(-0.9), at: field(func(f *model.FXPath) *float64 { return &f.JumpSize }),
		defs: "required when jumps happen", doc: "the rate × (1 + jump_size) at a jump",
		need: func(d *decoder, t *table, dst any) string {
			if d.badUnder(t.path) || !(dst.(*model.FXPath).JumpProbabilityPerYear > 0) {
				return ""
			}
			return "required when jump_probability_per_year > 0"
		}},
}}

// walkWithHistory decodes a random walk that starts from a dated
// history: { dates, values } up to start_date (no indexation, no start),
// then the walk's keys; the walk starts from the value in force on day 0.
func (d *decoder) walkWithHistory(p keyPath, m map[string]any, f *model.FXPath, at place) bool {
	hist, walk := map[string]any{}, map[string]any{}
	for _, k := range sortedKeys(m) { // in a fixed order: the first problem is reported
		v := m[k]
		switch {
		case k == "start":
			d.errorf(p.Key(k), "give start or a history { dates, values }, not both: the walk starts from the value in force at start_date")
			return false
		case k == "index_every_months" || k == "index_every_days" || k == "index_rate":
			d.errorf(p.Key(k), "not allowed in a random walk: it moves by drift_per_year, volatility_per_year and jumps")
			return false
		case pathSchema.has(k):
			hist[k] = v
		default:
			walk[k] = v
		}
	}
	n := len(d.errs)
	if !d.path(p, hist, &f.Path, within(at, field(func(f *model.FXPath) *model.Path { return &f.Path }))) {
		return false
	}
	if f.Days[len(f.Days)-1] > 0 {
		d.errorf(p.Key("dates"), "a random walk's history must end by start_date; the walk takes over from there")
		return false
	}
	d.decodeTable(&table{path: p, m: walk}, walkAfterHistory, f, at)
	return len(d.errs) == n
}

// walkAfterHistory is walkSchema without its start.
var walkAfterHistory = &schema{keys: walkSchema.keys[1:]}

// decodeWalkStart decodes a random walk's start: its path's one value.
func decodeWalkStart(d *decoder, p keyPath, v any, dst any, at place) {
	f := dst.(*model.FXPath)
	b := positive(maxLocal)
	x, pd, ok := d.number(p, v, b)
	if ok {
		f.Path = model.ConstantPath(x)
		d.bind(p, pd, b, func(sc *model.Scenario, x float64) { at(sc).(*model.FXPath).Values[0] = x })
	}
}

// decodeFX decodes fx_local_per_eur: a positive number (or a distribution
// of one), a dated path or a random walk.
func decodeFX(d *decoder, p keyPath, v any, dst any, at place) {
	w := dst.(*model.Wages)
	fxAt := within(at, field(func(w *model.Wages) *model.FXPath { return &w.FX }))
	w.FX = model.FXPath{}
	m, isTable := v.(map[string]any)
	walk, dated := false, false
	for k := range m {
		walk = walk || k != "dist" && walkSchema.has(k)
		dated = dated || pathSchema.has(k)
	}
	ok := true
	switch {
	case !isTable || hasDist(v) || !walk:
		ok = d.path(p, v, &w.FX.Path, within(fxAt, field(func(f *model.FXPath) *model.Path { return &f.Path })))
	case dated:
		ok = d.walkWithHistory(p, m, &w.FX, fxAt)
	default:
		n := len(d.errs)
		d.decodeTable(&table{path: p, m: m}, walkSchema, &w.FX, fxAt)
		ok = len(d.errs) == n
	}
	fx := &w.FX
	if ok && w.Currency == "EUR" && (fx.Random() || len(fx.Values) > 1 || fx.Values[0] != 1 || fx.IndexRate != 0 || d.uncertainUnder(p)) {
		d.errorf(p, `must be 1 for currency "EUR" (set currency to the site's own)`)
	}
}
