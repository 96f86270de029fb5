package scenarios

import (
	"fmt"
	"math"
	"slices"

	"offsim/internal/tomlx"
	"offsim/model"
)

// This file declares and decodes the top level and [demand]: the arrivals
// (a rate, a weekly table or a weekly volume), the contact types and the
// customers' journeys.

var scenarioSchema = &schema{keys: []*key{
	{name: "name", unit: "string", req: true, rngs: "a name (see above)", at: field(func(s *model.Scenario) *string { return &s.Name }), doc: "the scenario's name in outputs and file names"},
	{name: "start_date", unit: "date", defs: "2026-01-01", doc: "day 0; dated values count from it, weekly profiles start on its weekday",
		dec: func(d *decoder, t *table, _ any, _ place) bool {
			if v, p, ok := t.get("start_date"); ok {
				if day, ok := d.date(p, v); ok {
					d.start = day
				}
			}
			return true
		},
		enc: func(*encoder, keyPath, any) any { return tomlx.Date(encodeStart) }},
	{name: "run", unit: "table", sub: runSchema, empty: true, at: field(func(s *model.Scenario) *model.Run { return &s.Run }), doc: "simulation control"},
	{name: "demand", unit: "table", sub: demandSchema, empty: true, at: field(func(s *model.Scenario) *model.Demand { return &s.Demand }), doc: "the contacts offered"},
	{name: "performance", unit: "table", sub: performanceSchema, defs: "defaults below", at: field(func(s *model.Scenario) *model.Performance { return &s.Performance }), doc: "how skill, language and monitoring change work"},
	{name: "policy", unit: "table", sub: policySchema, defs: "no switch on", at: field(func(s *model.Scenario) *model.Policy { return &s.Policy }), doc: "policy switches ([`[policy]`](#policy))", omit: func(_ *encoder, _ keyPath, src any) bool { return src.(*model.Scenario).Policy == model.Policy{} }},
	engagementKey,
	labourPoolsKey,
	{name: "sites", unit: "array of tables `[[sites]]`", list: listOf[model.Scenario, model.Site](func(s *model.Scenario) *[]model.Site { return &s.Sites }), sub: siteSchema, noun: "site", b: ints(1, maxSites), req: true, miss: " (add a [[sites]] table)", doc: "where agents answer"},
	routingKey,
	tenderKey,
	{name: "extends", unit: "string: a built-in's name or a path", defs: "none", doc: "the file this one overrides ([extends](#extends))", skip: true},
	{name: "sweep", unit: "table `{ \"<key path>\" = values or range }`", defs: "none", rngs: "at most 1000 variants, distinct names", doc: "the keys to vary ([Sweeps](#sweeps))", skip: true},
	{name: "optimize", unit: "table", defs: "none", rngs: "not with `sweep`", doc: "the design question `offsim optimize` answers ([Optimisation](#optimisation))", skip: true},
}}

var demandSchema = &schema{check: checkDemand, keys: []*key{
	{name: "arrivals_per_hour", unit: "calls per hour, or a table", group: "arrivals", req: true, defs: "required: exactly one of the two",
		rngs: "> 0, at most 100,000 (every interval)", doc: "first attempts (redials and repeats come on top)", val: decodeRate, enc: encodeRate,
		omit: func(e *encoder, p keyPath, _ any) bool {
			return e.has(p.Parent().Key("arrivals").Key("calls_per_week"))
		}},
	{name: "arrivals", unit: "table", group: "arrivals", doc: "the same as a weekly volume with shares", val: decodeVolume, enc: encodeVolume, omit: func(e *encoder, p keyPath, _ any) bool { return !e.has(p.Key("calls_per_week")) }},
	durationKey("patience", func(d *model.Demand) *model.Dist { return &d.Patience }, "none: nobody hangs up",
		"how long a caller waits before hanging up; its mean at most a day (86,400 s), beyond which a staffing plan would cost minutes: omit it instead (nobody hangs up, Erlang C)"),
	{name: "redial", unit: "table", sub: redialSchema, lazy: true, inline: true, defs: "none", doc: "what a caller who hung up does", at: field(func(d *model.Demand) *model.Redial { return &d.Redial }), omit: func(_ *encoder, _ keyPath, src any) bool { return src.(*model.Demand).Redial == model.Redial{} }},
	{name: "daily_cv", unit: "coefficient of variation", b: nonNeg(3), at: field(func(d *model.Demand) *float64 { return &d.DailyCV }), doc: "a day's volume multiplier (gamma, mean 1) varies with this CV"},
	{name: "incidents", unit: "table", sub: incidentsSchema, lazy: true, inline: true, defs: "none", doc: "media storms or outages that multiply arrivals", at: field(func(d *model.Demand) *model.Incidents { return &d.Incidents }), omit: func(_ *encoder, _ keyPath, src any) bool { return src.(*model.Demand).Incidents == model.Incidents{} }},
	{name: "contact_types", unit: "array of tables", list: listOf[model.Demand, model.ContactType](func(d *model.Demand) *[]model.ContactType { return &d.ContactTypes }),
		sub: contactTypeSchema, noun: "contact type", b: ints(1, maxContactTypes), defs: "one type, `default`, share 1, fcr 0.85", doc: "kinds of contact",
		init: func(dst any) {
			dst.(*model.Demand).ContactTypes = []model.ContactType{{Name: "default", Share: 1, FCR: DefaultFCR}}
		}},
	{name: "customers", unit: "table", sub: customersSchema, lazy: true, defs: "none: no repeat contacts, no journeys' satisfaction or churn", doc: "what unresolved customers do", at: field(func(d *model.Demand) *model.Customers { return &d.Customers }), omit: func(_ *encoder, _ keyPath, src any) bool { return src.(*model.Demand).Customers == model.Customers{} }},
}}

// weekSchema is a weekly table: of arrivals_per_hour (calls per hour) or
// of a site's agents (integers, without day_factors); weekTable reads it.
var weekSchema = &schema{keys: []*key{
	{name: "interval_minutes", unit: "integer, minutes", defs: "required", rngs: "15, 30 or 60", doc: "the length of an interval"},
	{name: "daily", unit: "array", defs: "one of `daily`, `weekly`", rngs: ">= 0, one per interval of a day", doc: "the value of each interval of a day, from 00:00"},
	{name: "day_factors", unit: "array", defs: "all 1 (only with `daily`; not for agents)", rngs: ">= 0, 7 values", doc: "the day's multiplier of `daily`, Monday to Sunday"},
	{name: "weekly", unit: "array", rngs: ">= 0, one per interval of a week", doc: "the value of each interval, from Monday 00:00"},
}}

// volumeSchema is demand.arrivals, a weekly volume (decodeVolume reads it).
var volumeSchema = &schema{keys: []*key{
	{name: "calls_per_week", unit: "calls", defs: "required", rngs: "> 0, at most 100,000 calls an hour in the busiest interval", doc: "first attempts in a week"},
	{name: "interval_minutes", unit: "integer, minutes", defs: "required", rngs: "15, 30 or 60", doc: "the length of an interval"},
	{name: "day_shares", unit: "array", defs: "required", rngs: ">= 0, not all 0, 7 values", doc: "Monday to Sunday"},
	{name: "intraday_shares", unit: "array", defs: "required", rngs: ">= 0, not all 0, one per interval of a day", doc: "from 00:00"},
}}

// maxPatienceSeconds bounds the mean patience: an Erlang A staffing plan
// sums queue states by the square root of (calls per second × patience),
// so a year's patience at 90,000 calls an hour costs seconds per site.
const maxPatienceSeconds = model.SecondsPerDay

// checkDemand checks what involves several keys of [demand].
func checkDemand(d *decoder, t *table, dst any, _ place) {
	if p := dst.(*model.Demand).Patience; p.Kind != model.None && p.MeanSeconds > maxPatienceSeconds {
		d.errorf(t.path.Key("patience").Key("mean_seconds"), "a mean patience above %g s (a day) is not planned: omit patience (nobody hangs up, Erlang C), got %g", maxPatienceSeconds, p.MeanSeconds)
	}
	checkContactTypes(d, t, dst)
}

// checkContactTypes checks the contact types together: their shares sum
// to 1, and some contact reaches an agent.
func checkContactTypes(d *decoder, t *table, dst any) {
	v, p, given := t.get("contact_types")
	types := d.names("contact type")
	if !given {
		types.add("default")
		return
	}
	a, _ := namedOrNot(v) // not an array of tables: reported by the decoder
	if len(a) == 0 || len(a) > maxContactTypes {
		return
	}
	var sum, live float64
	for i, ct := range dst.(*model.Demand).ContactTypes {
		ep := p.Index(i)
		if _, hasShare := a[i]["share"]; !hasShare || d.bad[ep] || d.bad[ep.Key("share")] || d.bad[ep.Key("deflection")] {
			return
		}
		sum += ct.Share
		live += ct.Share * (1 - ct.Deflection)
	}
	if math.Abs(sum-1) > 1e-9 {
		d.errorf(p, "shares sum to %.10g, not 1", sum)
	} else if live == 0 {
		d.errorf(p, "self-service deflects every contact: no call would ever reach an agent")
	}
}

// decodeRate decodes demand.arrivals_per_hour: a constant rate, a
// distribution of a constant rate, or a weekly table.
func decodeRate(d *decoder, p keyPath, v any, dst any, at place) {
	dm := dst.(*model.Demand)
	switch x := v.(type) {
	case map[string]any:
		if hasDist(v) {
			b := positive(maxRate)
			if r, pd, ok := d.number(p, v, b); ok {
				dm.Arrivals = model.RateProfile{PerHour: []float64{r}}
				d.bind(p, pd, b, func(sc *model.Scenario, x float64) { at(sc).(*model.Demand).Arrivals.PerHour[0] = x })
			}
			return
		}
		t := &table{path: p, m: x}
		interval, week, ok := d.weekTable(t, true, d.numberIn(nonNeg(maxRate)))
		d.done(t)
		if ok && slices.Max(week) == 0 {
			d.errorf(p, "all rates are zero: no call would ever arrive")
		} else if ok {
			dm.Arrivals = model.RateProfile{IntervalSeconds: interval, PerHour: week}
		}
	case int64, float64:
		r, _, ok := d.number(p, v, nonNeg(maxRate))
		if ok && r == 0 {
			d.errorf(p, "must be positive: at 0 no call would ever arrive")
		}
		dm.Arrivals = model.RateProfile{PerHour: []float64{r}}
	default:
		d.errorf(p, "must be a number (calls per hour), a table { interval_minutes, daily | weekly } or a distribution { dist = ... }, got %s", tomlx.Describe(v))
	}
}

// weekTable decodes { interval_minutes = 15|30|60, daily = [...] } (with
// optional day_factors when factors is set) or { interval_minutes, weekly =
// [...] } into one value per interval of the week. The file gives the week
// from Monday 00:00; the result starts at 00:00 of start_date's weekday.
// elem decodes and checks one value. ok is false when a problem was
// reported.
func (d *decoder) weekTable(t *table, factors bool, elem func(keyPath, any) (float64, bool)) (intervalSeconds float64, week []float64, ok bool) {
	perDay, intervalSeconds, ok := d.interval(t)
	dv, dp, hasDaily := t.get("daily")
	wv, wp, hasWeekly := t.get("weekly")
	var fv any
	var fp keyPath
	hasFactors := false
	if factors {
		fv, fp, hasFactors = t.get("day_factors")
	}
	switch {
	case hasDaily && hasWeekly:
		d.errorf(wp, "give daily or weekly, not both")
		ok = false
	case !hasDaily && !hasWeekly:
		d.errorf(t.path.Key("daily"), "required key is missing (give daily or weekly)")
		ok = false
	case hasWeekly && hasFactors:
		d.errorf(fp, "only allowed with daily")
		ok = false
	}
	minutes := 24 * 60 / max(perDay, 1)
	var daily, weekly, dayFactors []float64
	good := true
	if hasDaily {
		daily, good = d.values(dp, dv, perDay, fmt.Sprintf("one per %d-minute interval of a day", minutes), elem)
		ok = ok && good
	}
	if hasWeekly {
		weekly, good = d.values(wp, wv, 7*perDay, fmt.Sprintf("one per %d-minute interval of a week", minutes), elem)
		ok = ok && good
	}
	if hasFactors {
		dayFactors, good = d.values(fp, fv, 7, "Monday to Sunday", d.numberIn(nonNeg(maxFactor)))
		ok = ok && good
	}
	if !ok {
		return 0, nil, false
	}
	if hasWeekly {
		return intervalSeconds, rotateWeek(weekly, weekday(d.start)), true
	}
	week = make([]float64, 0, 7*perDay)
	for day := range 7 {
		f := 1.0
		if dayFactors != nil {
			f = dayFactors[day]
		}
		for _, x := range daily {
			week = append(week, x*f)
		}
	}
	if m := slices.Max(week); hasFactors && m > maxRate {
		d.errorf(fp, "takes the busiest interval to %s calls per hour, more than %s", num(m), num(maxRate))
		return 0, nil, false
	}
	return intervalSeconds, rotateWeek(week, weekday(d.start)), true
}

// interval decodes interval_minutes = 15|30|60 of t into the number of
// intervals per day and their length in seconds.
func (d *decoder) interval(t *table) (perDay int, seconds float64, ok bool) {
	v, p, present := t.get("interval_minutes")
	if !present {
		d.errorf(p, "required key is missing")
		return 0, 0, false
	}
	n, ok := v.(int64)
	switch {
	case !ok:
		d.errorf(p, "must be an integer, got %s", tomlx.Describe(v))
	case n == 15 || n == 30 || n == 60:
		return 24 * 60 / int(n), float64(n) * 60, true
	default:
		d.errorf(p, "must be 15, 30 or 60, got %d", n)
	}
	return 0, 0, false
}

// values decodes an array of n values: any length up to maxPathValues
// when n < 0; when n is 0 the expected length is unknown because of
// another problem, and ok is false.
func (d *decoder) values(p keyPath, v any, n int, what string, elem func(keyPath, any) (float64, bool)) ([]float64, bool) {
	a, ok := d.arrayOf(p, v)
	if !ok {
		return nil, false
	}
	if n > 0 && len(a) != n {
		d.errorf(p, "needs %d values (%s), got %d", n, what, len(a))
		ok = false
	}
	if n <= 0 && len(a) > maxPathValues {
		d.errorf(p, "has %d values, at most %d", len(a), maxPathValues)
		return nil, false
	}
	out := make([]float64, len(a))
	defer d.fix("the elements of an array are fixed values")()
	for i, e := range a {
		x, good := elem(p.Index(i), e)
		out[i] = x
		ok = ok && good
	}
	return out, ok && n != 0
}

// decodeVolume decodes demand.arrivals = { calls_per_week,
// interval_minutes, day_shares, intraday_shares }: the rate of interval k
// of day d, in calls per hour, is calls_per_week × day_share[d] ×
// intraday_share[k] ÷ the interval in hours, with both lists of shares
// normalised to sum to 1. calls_per_week may be a distribution: a
// replication scales the whole profile to its draw.
func decodeVolume(d *decoder, p keyPath, v any, dst any, at place) {
	t, ok := d.table(p, v)
	if !ok {
		return
	}
	cv, cp, hasCalls := t.get("calls_per_week")
	perDay, intervalSeconds, ok := d.interval(t)
	days, good := d.profileShares(t, "day_shares", 7, "Monday to Sunday")
	ok = ok && good
	intraday, good := d.profileShares(t, "intraday_shares", perDay,
		fmt.Sprintf("one per %d-minute interval of a day, from 00:00", 24*60/max(perDay, 1)))
	ok = ok && good
	hours, wd := intervalSeconds/model.SecondsPerHour, weekday(d.start)
	b := positive(maxRate * 168)
	if ok { // no draw may take an interval past maxRate
		b.max = min(b.max, maxRate/slices.Max(volumeWeek(1, days, intraday, hours, wd)))
	}
	var perWeek float64
	var pd *model.ParamDist
	if !hasCalls {
		d.errorf(cp, "required key is missing")
	} else {
		perWeek, pd, good = d.number(cp, cv, b)
		ok = ok && good
	}
	d.done(t)
	if ok && hasCalls {
		dst.(*model.Demand).Arrivals = model.RateProfile{IntervalSeconds: intervalSeconds, PerHour: volumeWeek(perWeek, days, intraday, hours, wd)}
		d.bind(cp, pd, b, func(sc *model.Scenario, x float64) {
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
	return rotateWeek(week, wd)
}

// profileShares decodes the required list name of t: n shares >= 0, not
// all zero, returned normalised to sum to 1. n is 0 when the length is
// unknown because of another problem.
func (d *decoder) profileShares(t *table, name string, n int, what string) ([]float64, bool) {
	v, p, ok := t.get(name)
	if !ok {
		d.errorf(p, "required key is missing")
		return nil, false
	}
	shares, ok := d.values(p, v, n, what, d.numberIn(nonNeg(1e12)))
	if !ok {
		return nil, false
	}
	var sum float64
	for _, s := range shares {
		sum += s
	}
	if sum == 0 {
		d.errorf(p, "all shares are zero")
		return nil, false
	}
	for i := range shares {
		shares[i] /= sum
	}
	return shares, true
}
