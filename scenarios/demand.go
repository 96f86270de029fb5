package scenarios

import (
	"fmt"
	"slices"

	sch "offsim/internal/tomlschema"
	"offsim/internal/tomlx"
	"offsim/model"
)

// This file declares and decodes the top level and [demand]: the arrivals
// (a rate, a weekly table or a weekly volume), the contact types and the
// customers' journeys.

var scenarioSchema = &schema{Keys: []*key{
	{Name: "name", Unit: "string", Req: true, Rngs: "a name (see above)", At: sch.Field(func(s *model.Scenario) *string { return &s.Name }), Doc: "the scenario's name in outputs and file names"},
	{Name: "start_date", Unit: "date", Defs: "2026-01-01", Doc: "day 0; dated values count from it, weekly profiles start on its weekday",
		Dec: func(d *decoder, t *table, _ any, _ place) bool {
			if v, p, ok := t.Get("start_date"); ok {
				if day, ok := d.Date(p, v); ok {
					d.Start = day
				}
			}
			return true
		},
		Enc: func(*encoder, keyPath, any) any { return tomlx.Date(encodeStart) }},
	{Name: "run", Unit: "table", Sub: runSchema, Empty: true, At: sch.Field(func(s *model.Scenario) *model.Run { return &s.Run }), Doc: "simulation control"},
	{Name: "demand", Unit: "table", Sub: demandSchema, Empty: true, At: sch.Field(func(s *model.Scenario) *model.Demand { return &s.Demand }), Doc: "the contacts offered"},
	{Name: "performance", Unit: "table", Sub: performanceSchema, Defs: "defaults below", At: sch.Field(func(s *model.Scenario) *model.Performance { return &s.Performance }), Doc: "how skill, language and monitoring change work"},
	{Name: "policy", Unit: "table", Sub: policySchema, Defs: "no switch on", At: sch.Field(func(s *model.Scenario) *model.Policy { return &s.Policy }), Doc: "policy switches ([`[policy]`](#policy))", Omit: func(_ *encoder, _ keyPath, src any) bool { return src.(*model.Scenario).Policy == model.Policy{} }},
	engagementKey,
	labourPoolsKey,
	{Name: "sites", Unit: "array of tables `[[sites]]`", List: listOf[model.Scenario, model.Site](func(s *model.Scenario) *[]model.Site { return &s.Sites }), Sub: siteSchema, Noun: "site", B: sch.Ints(1, maxSites), Req: true, Miss: " (add a [[sites]] table)", Doc: "where agents answer", Len: siteTypes},
	routingKey,
	tenderKey,
	{Name: "extends", Unit: "string: a built-in's name or a path", Defs: "none", Doc: "the file this one overrides ([extends](#extends))", Skip: true},
	{Name: "sweep", Unit: "table `{ \"<key path>\" = values or range }`", Defs: "none", Rngs: "at most 1000 variants, distinct names", Doc: "the keys to vary ([Sweeps](#sweeps))", Skip: true},
	{Name: "optimize", Unit: "table", Defs: "none", Rngs: "not with `sweep`", Doc: "the design question `offsim optimize` answers ([Optimisation](#optimisation))", Skip: true},
}}

// siteTypes refuses more sites × contact types than the plans and the
// statistics, which grow with the product, may hold.
func siteTypes(d *decoder, n int) string {
	if nt := len(d.Names("contact type").List); n*nt > maxSiteTypes {
		return fmt.Sprintf("%d sites × %d contact types = %d, at most %d (the plans and statistics grow with the product)", n, nt, n*nt, maxSiteTypes)
	}
	return ""
}

var demandSchema = &schema{Check: checkDemand, Keys: []*key{
	{Name: "arrivals_per_hour", Unit: "calls per hour, or a table", Group: "arrivals", Req: true, Defs: "required: exactly one of the two",
		Rngs: "> 0, at most 100,000 (every interval)", Doc: "first attempts (redials and repeats come on top)", Val: decodeRate, Enc: encodeRate,
		Omit: func(e *encoder, p keyPath, _ any) bool {
			return e.Has(p.Parent().Key("arrivals").Key("calls_per_week"))
		}},
	{Name: "arrivals", Unit: "table", Group: "arrivals", Doc: "the same as a weekly volume with shares", Val: decodeVolume, Enc: encodeVolume, Omit: func(e *encoder, p keyPath, _ any) bool { return !e.Has(p.Key("calls_per_week")) }},
	durationKey("patience", func(d *model.Demand) *model.Dist { return &d.Patience }, "none: nobody hangs up",
		"how long a caller waits before hanging up; its mean at most a day (86,400 s), beyond which a staffing plan would cost minutes: omit it instead (nobody hangs up, Erlang C)"),
	{Name: "redial", Unit: "table", Sub: redialSchema, Lazy: true, Inline: true, Defs: "none", Doc: "what a caller who hung up does", At: sch.Field(func(d *model.Demand) *model.Redial { return &d.Redial }), Omit: func(_ *encoder, _ keyPath, src any) bool { return src.(*model.Demand).Redial == model.Redial{} }},
	{Name: "daily_cv", Unit: "coefficient of variation", B: sch.NonNeg(3), At: sch.Field(func(d *model.Demand) *float64 { return &d.DailyCV }), Doc: "a day's volume multiplier (gamma, mean 1) varies with this CV"},
	{Name: "incidents", Unit: "table", Sub: incidentsSchema, Lazy: true, Inline: true, Defs: "none", Doc: "media storms or outages that multiply arrivals", At: sch.Field(func(d *model.Demand) *model.Incidents { return &d.Incidents }), Omit: func(_ *encoder, _ keyPath, src any) bool { return src.(*model.Demand).Incidents == model.Incidents{} }},
	{Name: "contact_types", Unit: "array of tables", List: listOf[model.Demand, model.ContactType](func(d *model.Demand) *[]model.ContactType { return &d.ContactTypes }),
		Sub: contactTypeSchema, Noun: "contact type", B: sch.Ints(1, maxContactTypes), Defs: "one type, `default`, share 1, fcr 0.85", Doc: "kinds of contact",
		Init: func(dst any) {
			dst.(*model.Demand).ContactTypes = []model.ContactType{{Name: "default", Share: 1, FCR: DefaultFCR}}
		}},
	{Name: "customers", Unit: "table", Sub: customersSchema, Lazy: true, Defs: "none: no repeat contacts, no journeys' satisfaction or churn", Doc: "what unresolved customers do", At: sch.Field(func(d *model.Demand) *model.Customers { return &d.Customers }), Omit: func(_ *encoder, _ keyPath, src any) bool { return src.(*model.Demand).Customers == model.Customers{} }},
}}

// volumeSchema is demand.arrivals, a weekly volume (decodeVolume reads it).
var volumeSchema = &schema{Keys: []*key{
	{Name: "calls_per_week", Unit: "calls", Defs: "required", Rngs: "> 0, at most 100,000 calls an hour in the busiest interval", Doc: "first attempts in a week"},
	{Name: "interval_minutes", Unit: "integer, minutes", Defs: "required", Rngs: "15, 30 or 60", Doc: "the length of an interval"},
	{Name: "day_shares", Unit: "array", Defs: "required", Rngs: ">= 0, not all 0, 7 values", Doc: "Monday to Sunday"},
	{Name: "intraday_shares", Unit: "array", Defs: "required", Rngs: ">= 0, not all 0, one per interval of a day", Doc: "from 00:00"},
}}

// maxPatienceSeconds bounds the mean patience: an Erlang A staffing plan
// sums queue states by the square root of (calls per second × patience),
// so a year's patience at 90,000 calls an hour costs seconds per site.
const maxPatienceSeconds = model.SecondsPerDay

// checkDemand checks what involves several keys of [demand].
func checkDemand(d *decoder, t *table, dst any, _ place) {
	if p := dst.(*model.Demand).Patience; p.Kind != model.None && p.MeanSeconds > maxPatienceSeconds {
		d.Errorf(t.Path.Key("patience").Key("mean_seconds"), "a mean patience above %g s (a day) is not planned: omit patience (nobody hangs up, Erlang C), got %g", maxPatienceSeconds, p.MeanSeconds)
	}
	checkContactTypes(d, t, dst)
}

// checkContactTypes checks the contact types together: their shares sum
// to 1, and some contact reaches an agent.
func checkContactTypes(d *decoder, t *table, dst any) {
	v, p, given := t.Get("contact_types")
	types := d.Names("contact type")
	if !given {
		types.Add("default")
		return
	}
	a, _ := sch.NamedOrNot(v) // not an array of tables: reported by the decoder
	if len(a) == 0 || len(a) > maxContactTypes {
		return
	}
	var sum, live float64
	for i, ct := range dst.(*model.Demand).ContactTypes {
		ep := p.Index(i)
		if _, hasShare := a[i]["share"]; !hasShare || d.Bad[ep] || d.Bad[ep.Key("share")] || d.Bad[ep.Key("deflection")] {
			return
		}
		sum += ct.Share
		live += ct.Share * (1 - ct.Deflection)
	}
	if !model.SumsToOne(sum) {
		d.Errorf(p, "shares sum to %.10g, not 1", sum)
	} else if live == 0 {
		d.Errorf(p, "self-service deflects every contact: no call would ever reach an agent")
	}
}

// decodeRate decodes demand.arrivals_per_hour: a constant rate, a
// distribution of a constant rate, or a weekly table.
func decodeRate(d *decoder, p keyPath, v any, dst any, at place) {
	dm := dst.(*model.Demand)
	switch x := v.(type) {
	case map[string]any:
		if sch.HasDist(v) {
			b := sch.Positive(maxRate)
			if r, pd, ok := d.Number(p, v, b); ok {
				dm.Arrivals = model.RateProfile{PerHour: []float64{r}}
				d.Bind(p, pd, b, func(sc *model.Scenario, x float64) { at(sc).(*model.Demand).Arrivals.PerHour[0] = x })
			}
			return
		}
		t := &table{Path: p, M: x}
		interval, week, ok := d.WeekTable(t, true, d.NumberIn(sch.NonNeg(maxRate)))
		d.Done(t)
		if ok && slices.Max(week) == 0 {
			d.Errorf(p, "all rates are zero: no call would ever arrive")
		} else if ok {
			dm.Arrivals = model.RateProfile{IntervalSeconds: interval, PerHour: week}
		}
	case int64, float64:
		r, _, ok := d.Number(p, v, sch.NonNeg(maxRate))
		if ok && r == 0 {
			d.Errorf(p, "must be positive: at 0 no call would ever arrive")
		}
		dm.Arrivals = model.RateProfile{PerHour: []float64{r}}
	default:
		d.Errorf(p, "must be a number (calls per hour), a table { interval_minutes, daily | weekly } or a distribution { dist = ... }, got %s", tomlx.Describe(v))
	}
}

// decodeVolume decodes demand.arrivals = { calls_per_week,
// interval_minutes, day_shares, intraday_shares }: the rate of interval k
// of day d, in calls per hour, is calls_per_week × day_share[d] ×
// intraday_share[k] ÷ the interval in hours, with both lists of shares
// normalised to sum to 1. calls_per_week may be a distribution: a
// replication scales the whole profile to its draw.
func decodeVolume(d *decoder, p keyPath, v any, dst any, at place) {
	t, ok := d.Table(p, v)
	if !ok {
		return
	}
	cv, cp, hasCalls := t.Get("calls_per_week")
	perDay, intervalSeconds, ok := d.Interval(t)
	days, good := d.profileShares(t, "day_shares", 7, "Monday to Sunday")
	ok = ok && good
	intraday, good := d.profileShares(t, "intraday_shares", perDay,
		fmt.Sprintf("one per %d-minute interval of a day, from 00:00", 24*60/max(perDay, 1)))
	ok = ok && good
	hours, wd := intervalSeconds/model.SecondsPerHour, sch.Weekday(d.Start)
	b := sch.Positive(maxRate * 168)
	if ok { // no draw may take an interval past maxRate
		b.Max = min(b.Max, maxRate/slices.Max(volumeWeek(1, days, intraday, hours, wd)))
	}
	var perWeek float64
	var pd *model.ParamDist
	if !hasCalls {
		d.Errorf(cp, "required key is missing")
	} else {
		perWeek, pd, good = d.Number(cp, cv, b)
		ok = ok && good
	}
	d.Done(t)
	if ok && hasCalls {
		dst.(*model.Demand).Arrivals = model.RateProfile{IntervalSeconds: intervalSeconds, PerHour: volumeWeek(perWeek, days, intraday, hours, wd)}
		d.Bind(cp, pd, b, func(sc *model.Scenario, x float64) {
			at(sc).(*model.Demand).Arrivals.PerHour = volumeWeek(x, days, intraday, hours, wd)
		})
	}
}

// volumeWeek returns the rates of a weekly volume: perWeek × days[d] ×
// intraday[k] ÷ hours for interval k of day d, rotated to start on weekday
// wd.
func volumeWeek(perWeek float64, days, intraday []float64, hours float64, wd int) []float64 {
	week := make([]float64, 0, len(days)*len(intraday))
	for _, ds := range days {
		for _, is := range intraday {
			week = append(week, perWeek*ds*is/hours)
		}
	}
	return sch.RotateWeek(week, wd)
}

// profileShares decodes the required list name of t: n shares >= 0, not
// all zero, returned normalised to sum to 1. n is 0 when the length is
// unknown because of another problem.
func (d *decoder) profileShares(t *table, name string, n int, what string) ([]float64, bool) {
	v, p, ok := t.Get(name)
	if !ok {
		d.Errorf(p, "required key is missing")
		return nil, false
	}
	shares, ok := d.Values(p, v, n, what, d.NumberIn(sch.NonNeg(1e12)))
	if !ok {
		return nil, false
	}
	var sum float64
	for _, s := range shares {
		sum += s
	}
	if sum == 0 {
		d.Errorf(p, "all shares are zero")
		return nil, false
	}
	for i := range shares {
		shares[i] /= sum
	}
	return shares, true
}
