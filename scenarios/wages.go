package scenarios

import (
	sch "offsim/internal/tomlschema"
	"offsim/model"
)

// This file declares and decodes [sites.workforce.wages]: the wage policy
// and the values that change over time, minimum wages and exchange rates
// (a number, a dated path, or for a rate a random walk).

var wagesSchema = &schema{Check: checkWages, Keys: []*key{
	{Name: "currency", Unit: "string", Def: "EUR", Defs: "`\"EUR\"`", Rngs: "a name (see above)", At: sch.Field(func(w *model.Wages) *string { return &w.Currency }), Doc: "local currency code"},
	{Name: "minimum_per_hour", Unit: "local currency per hour, or a dated path", Req: true, B: sch.Positive(maxLocal), Val: decodeMinimum, Doc: "the statutory minimum wage", Enc: func(e *encoder, p keyPath, src any) any { return e.Path(p, src.(*model.Wages).MinimumPerHour) }},
	sch.EnumKey(&key{Name: "policy", Rngs: `"minimum", "premium", "fixed", "scale"`, Doc: "how the site sets its wage"},
		model.ParseWagePolicyKind, func(w *model.Wages) *model.WagePolicyKind { return &w.Policy.Kind }, "minimum"),
	{Name: "premium", Unit: "fraction over the minimum", B: sch.NonNeg(maxFactor), Defs: "required with `\"premium\"`, else not allowed", Only: wagePolicy.Only(model.WagePremium), Omit: wagePolicy.Omit(model.WagePremium), Need: wagePolicy.Need(model.WagePremium), At: sch.Field(func(w *model.Wages) *float64 { return &w.Policy.Premium }), Doc: "wage = minimum × (1 + premium)"},
	{Name: "fixed_per_hour", Unit: "local currency per hour", B: sch.Positive(maxLocal), Defs: "required with `\"fixed\"`, else not allowed", Only: wagePolicy.Only(model.WageFixed), Omit: wagePolicy.Omit(model.WageFixed), Need: wagePolicy.Need(model.WageFixed), At: sch.Field(func(w *model.Wages) *float64 { return &w.Policy.FixedPerHour }), Doc: "the starting wage..."},
	{Name: "annual_raise", Unit: "rate", B: sch.Above(-1, maxRateOfChange), Defs: "0; only with `\"fixed\"`", Only: wagePolicy.Only(model.WageFixed), Omit: wagePolicy.Omit(model.WageFixed), At: sch.Field(func(w *model.Wages) *float64 { return &w.Policy.AnnualRaise }), Doc: "...raised by this each full year"},
	{Name: "scale", Unit: "array of `{ from_tenure_days, premium }`", Defs: "required with `\"scale\"`, else not allowed", Rngs: "the first from 0, increasing", List: listOf[model.Wages, model.ScaleStep](func(w *model.Wages) *[]model.ScaleStep { return &w.Policy.Scale }), Sub: scaleSchema, Noun: "step", B: sch.Ints(1, 1000), Inline: true, Only: wagePolicy.Only(model.WageScale), Omit: wagePolicy.Omit(model.WageScale), Need: wagePolicy.Need(model.WageScale), Doc: "wage = minimum × (1 + the premium of the agent's tenure step)"},
	{Name: "fx_local_per_eur", Unit: "local units per EUR: number, dated path or random walk", B: sch.Positive(maxLocal), Val: decodeFX, Enc: encodeFX, Defs: "1; required unless the currency is EUR (which must keep 1)", Doc: "the exchange rate", Init: func(dst any) { dst.(*model.Wages).FX = model.FXPath{Path: model.ConstantPath(1)} },
		Need: func(d *decoder, t *table, dst any) string {
			if c := dst.(*model.Wages).Currency; c != "EUR" {
				return "required for currency \"" + c + "\": local units per EUR"
			}
			return ""
		}},
	{Name: "minimum_tracks_fx", Unit: "boolean", Def: false, At: sch.Field(func(w *model.Wages) *bool { return &w.MinimumTracksFX }),
		Src: "a wage council that follows prices follows a currency that loses value with them (Suriname: the minimum follows the poverty line, VSB 2026; docs/calibration.md 4.4)",
		Doc: "the minimum's `index_rate` is its real growth in EUR: each step also multiplies it by e^(`drift_per_year` × step ÷ 365) of a random-walk `fx_local_per_eur`"},
	{Name: "on_cost_rate", Unit: "share of gross wages", Def: 0.35, B: sch.NonNeg(maxFactor), At: sch.Field(func(w *model.Wages) *float64 { return &w.OnCostRate }), Src: "employer social charges 20–35% plus 8% holiday pay (ikgastarten.nl 2021, debreed.nl)", Doc: "employer on-costs"},
	{Name: "night_premium", Unit: "share of the wage", B: sch.NonNeg(maxFactor), At: sch.Field(func(w *model.Wages) *float64 { return &w.NightPremium }), Doc: "extra pay for hours in the site's local night"},
	{Name: "night_start_hour", Unit: "hour, local time", Def: 22.0, B: sch.Between(0, 24), At: sch.Field(func(w *model.Wages) *float64 { return &w.NightStartHour }), Doc: "the night starts..."},
	{Name: "night_end_hour", Unit: "hour, local time", Def: 6.0, B: sch.Between(0, 24), At: sch.Field(func(w *model.Wages) *float64 { return &w.NightEndHour }), Doc: "...and ends"},
	{Name: "utc_offset_hours", Unit: "hours", B: sch.Between(-24, 24), At: sch.Field(func(w *model.Wages) *float64 { return &w.UTCOffsetHours }), Doc: "site local time minus the client's time (Paramaribo −4)"},
}}

var scaleSchema = &schema{Keys: []*key{
	{Name: "from_tenure_days", Unit: "days", Req: true, B: sch.NonNeg(36500), Fixed: "the steps of a scale are fixed, in order", At: sch.Field(func(s *model.ScaleStep) *float64 { return &s.FromTenureDays }), Doc: "where a `scale` step starts"},
	{Name: "premium", Unit: "fraction over the minimum", Req: true, B: sch.NonNeg(maxFactor), At: sch.Field(func(s *model.ScaleStep) *float64 { return &s.Premium }), Doc: "the step's premium"},
}}

// wagePolicy allows, requires and writes a wage key by the wage policy.
var wagePolicy = choice[model.WagePolicyKind]{Key: "policy", Of: func(dst any) model.WagePolicyKind { return dst.(*model.Wages).Policy.Kind }, Say: true}

// checkWages checks the wage scale, and that a minimum tracking the
// exchange rate has a random walk to track.
func checkWages(d *decoder, t *table, dst any, at place) {
	checkScale(d, t, dst, at)
	w := dst.(*model.Wages)
	if fp := t.Path.Key("fx_local_per_eur"); w.MinimumTracksFX && !d.BadUnder(fp) && !w.FX.Random() && !d.UncertainUnder(fp) {
		d.Errorf(t.Path.Key("minimum_tracks_fx"), "needs fx_local_per_eur to be a random walk with a drift_per_year to track")
	}
}

// checkScale checks that a wage scale's steps start at 0 and increase.
func checkScale(d *decoder, t *table, dst any, _ place) {
	steps := dst.(*model.Wages).Policy.Scale
	sp := t.Path.Key("scale")
	for i := range steps {
		fp := sp.Index(i).Key("from_tenure_days")
		switch {
		case d.Bad[fp] || d.Bad[sp.Index(i)] || d.Bad[sp]:
		case i == 0 && steps[0].FromTenureDays != 0:
			d.Errorf(fp, "must be 0: the first step starts at hire, got %s", sch.Num(steps[0].FromTenureDays))
		case i > 0 && !d.Bad[sp.Index(i-1).Key("from_tenure_days")] && !(steps[i].FromTenureDays > steps[i-1].FromTenureDays):
			d.Errorf(fp, "must be more than %s (%s)", sp.Index(i-1).Key("from_tenure_days"), sch.Num(steps[i-1].FromTenureDays))
		}
	}
}

// decodeMinimum decodes a minimum wage: a positive number, a distribution
// of one, or a dated path.
func decodeMinimum(d *decoder, p keyPath, v any, dst any, at place) {
	d.Path(p, v, &dst.(*model.Wages).MinimumPerHour, sch.Within(at, sch.Field(func(w *model.Wages) *model.Path { return &w.MinimumPerHour })))
}

// walkSchema is the random-walk form of an exchange rate, model.FXPath.
var walkSchema = &schema{Keys: []*key{
	{Name: "start", Unit: "local units per EUR", Req: true, B: sch.Positive(maxLocal), Val: decodeWalkStart, Doc: "the rate at day 0", Enc: func(e *encoder, p keyPath, src any) any { return e.Number(p, src.(*model.FXPath).Values[0], 1) }},
	{Name: "drift_per_year", Unit: "growth rate a year", B: sch.AnyNumber(-1, 1), At: sch.Field(func(f *model.FXPath) *float64 { return &f.DriftPerYear }), Rngs: "[−1, 1]", Doc: "the expected rate grows as e^(drift·years); positive: the local currency weakens"},
	{Name: "volatility_per_year", Unit: "standard deviation a year", B: sch.NonNeg(1), At: sch.Field(func(f *model.FXPath) *float64 { return &f.VolatilityPerYear }), Doc: "of the log-change"},
	{Name: "jump_probability_per_year", Unit: "rate a year", B: sch.NonNeg(12), At: sch.Field(func(f *model.FXPath) *float64 { return &f.JumpProbabilityPerYear }), Doc: "devaluation jumps"},
	{Name: "jump_size", Unit: "factor", B: sch.Above(-1, maxRateOfChange).AtLeast(-0.9), At: sch.Field(func(f *model.FXPath) *float64 { return &f.JumpSize }),
		Defs: "required when jumps happen", Doc: "the rate × (1 + jump_size) at a jump",
		Need: func(d *decoder, t *table, dst any) string {
			if d.BadUnder(t.Path) || !(dst.(*model.FXPath).JumpProbabilityPerYear > 0) {
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
	for _, k := range sch.SortedKeys(m) { // in a fixed order: the first problem is reported
		v := m[k]
		switch {
		case k == "start":
			d.Errorf(p.Key(k), "give start or a history { dates, values }, not both: the walk starts from the value in force at start_date")
			return false
		case k == "index_every_months" || k == "index_every_days" || k == "index_rate":
			d.Errorf(p.Key(k), "not allowed in a random walk: it moves by drift_per_year, volatility_per_year and jumps")
			return false
		case forms.Path.Has(k):
			hist[k] = v
		default:
			walk[k] = v
		}
	}
	n := len(d.Errs)
	if !d.Path(p, hist, &f.Path, sch.Within(at, sch.Field(func(f *model.FXPath) *model.Path { return &f.Path }))) {
		return false
	}
	if f.Days[len(f.Days)-1] > 0 {
		d.Errorf(p.Key("dates"), "a random walk's history must end by start_date; the walk takes over from there")
		return false
	}
	d.DecodeTable(&table{Path: p, M: walk}, walkAfterHistory, f, at)
	return len(d.Errs) == n
}

// walkAfterHistory is walkSchema without its start.
var walkAfterHistory = &schema{Keys: walkSchema.Keys[1:]}

// decodeWalkStart decodes a random walk's start: its path's one value.
func decodeWalkStart(d *decoder, p keyPath, v any, dst any, at place) {
	f := dst.(*model.FXPath)
	b := sch.Positive(maxLocal)
	x, pd, ok := d.Number(p, v, b)
	if ok {
		f.Path = model.ConstantPath(x)
		d.Bind(p, pd, b, func(sc *model.Scenario, x float64) { at(sc).(*model.FXPath).Values[0] = x })
	}
}

// decodeFX decodes fx_local_per_eur: a positive number (or a distribution
// of one), a dated path or a random walk.
func decodeFX(d *decoder, p keyPath, v any, dst any, at place) {
	w := dst.(*model.Wages)
	fxAt := sch.Within(at, sch.Field(func(w *model.Wages) *model.FXPath { return &w.FX }))
	w.FX = model.FXPath{}
	m, isTable := v.(map[string]any)
	walk, dated := false, false
	for k := range m {
		walk = walk || k != "dist" && walkSchema.Has(k)
		dated = dated || forms.Path.Has(k)
	}
	ok := true
	switch {
	case !isTable || sch.HasDist(v) || !walk:
		ok = d.Path(p, v, &w.FX.Path, sch.Within(fxAt, sch.Field(func(f *model.FXPath) *model.Path { return &f.Path })))
	case dated:
		ok = d.walkWithHistory(p, m, &w.FX, fxAt)
	default:
		n := len(d.Errs)
		d.DecodeTable(&table{Path: p, M: m}, walkSchema, &w.FX, fxAt)
		ok = len(d.Errs) == n
	}
	fx := &w.FX
	if ok && w.Currency == "EUR" && (fx.Random() || len(fx.Values) > 1 || fx.Values[0] != 1 || fx.IndexRate != 0 || d.UncertainUnder(p)) {
		d.Errorf(p, `must be 1 for currency "EUR" (set currency to the site's own)`)
	}
}
