package tomlschema

import (
	"fmt"
	"math"
	"slices"
	"time"

	"offsim/internal/tomlx"
	"offsim/model"
)

// defaultStart is the start_date of a file without one: 2026-01-01.
var defaultStart = civilDay(2026, time.January, 1)

func civilDay(y int, m time.Month, d int) int64 {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// formatDay returns day number n as YYYY-MM-DD.
func formatDay(n int64) string {
	return time.Unix(n*86400, 0).UTC().Format(time.DateOnly)
}

// Date decodes a TOML local date or a string "YYYY-MM-DD" into its day
// number.
func (d *Decoder[X]) Date(p Path, v any) (int64, bool) {
	switch x := v.(type) {
	case string:
		if t, err := time.Parse(time.DateOnly, x); err == nil {
			return t.Unix() / 86400, true
		}
	case time.Time:
		// BurntSushi/toml gives a local date the location "date-local";
		// a date-time or a time of day is not a date.
		if x.Location().String() == "date-local" {
			return civilDay(x.Year(), x.Month(), x.Day()), true
		}
	}
	d.Errorf(p, "must be a date YYYY-MM-DD, got %s", tomlx.Describe(v))
	return 0, false
}

// Weekday returns the weekday of a day number, Monday 0 to Sunday 6.
func Weekday(day int64) int {
	return int(((day+3)%7 + 7) % 7) // 1970-01-01 was a Thursday
}

// RotateWeek returns week (values from Monday 00:00) rotated to start on
// weekday wd (Monday 0).
func RotateWeek[T any](week []T, wd int) []T {
	n := len(week)
	if n%7 != 0 || wd == 0 {
		return week
	}
	off := wd * n / 7
	return append(slices.Clone(week[off:]), week[:off]...)
}

// weekSchema is a weekly table: of arrivals_per_hour (calls per hour) or
// of a site's agents (integers, without day_factors); WeekTable reads it.
func weekSchema[X any]() *Schema[X] {
	return &Schema[X]{Keys: []*Key[X]{
		{Name: "interval_minutes", Unit: "integer, minutes", Defs: "required", Rngs: "15, 30 or 60", Doc: "the length of an interval"},
		{Name: "daily", Unit: "array", Defs: "one of `daily`, `weekly`", Rngs: ">= 0, one per interval of a day", Doc: "the value of each interval of a day, from 00:00"},
		{Name: "day_factors", Unit: "array", Defs: "all 1 (only with `daily`; not for agents)", Rngs: ">= 0, 7 values", Doc: "the day's multiplier of `daily`, Monday to Sunday"},
		{Name: "weekly", Unit: "array", Rngs: ">= 0, one per interval of a week", Doc: "the value of each interval, from Monday 00:00"},
	}}
}

// WeekTable decodes { interval_minutes = 15|30|60, daily = [...] } (with
// optional day_factors when factors is set) or { interval_minutes, weekly =
// [...] } into one value per interval of the week. The file gives the week
// from Monday 00:00; the result starts at 00:00 of start_date's weekday.
// elem decodes and checks one value. ok is false when a problem was
// reported.
func (d *Decoder[X]) WeekTable(t *Table, factors bool, elem func(Path, any) (float64, bool)) (intervalSeconds float64, week []float64, ok bool) {
	perDay, intervalSeconds, ok := d.Interval(t)
	dv, dp, hasDaily := t.Get("daily")
	wv, wp, hasWeekly := t.Get("weekly")
	var fv any
	var fp Path
	hasFactors := false
	if factors {
		fv, fp, hasFactors = t.Get("day_factors")
	}
	switch {
	case hasDaily && hasWeekly:
		d.Errorf(wp, "give daily or weekly, not both")
		ok = false
	case !hasDaily && !hasWeekly:
		d.Errorf(t.Path.Key("daily"), "required key is missing (give daily or weekly)")
		ok = false
	case hasWeekly && hasFactors:
		d.Errorf(fp, "only allowed with daily")
		ok = false
	}
	minutes := 24 * 60 / max(perDay, 1)
	var daily, weekly, dayFactors []float64
	good := true
	if hasDaily {
		daily, good = d.Values(dp, dv, perDay, fmt.Sprintf("one per %d-minute interval of a day", minutes), elem)
		ok = ok && good
	}
	if hasWeekly {
		weekly, good = d.Values(wp, wv, 7*perDay, fmt.Sprintf("one per %d-minute interval of a week", minutes), elem)
		ok = ok && good
	}
	if hasFactors {
		dayFactors, good = d.Values(fp, fv, 7, "Monday to Sunday", d.NumberIn(NonNeg(MaxFactor)))
		ok = ok && good
	}
	if !ok {
		return 0, nil, false
	}
	if hasWeekly {
		return intervalSeconds, RotateWeek(weekly, Weekday(d.Start)), true
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
	if m := slices.Max(week); hasFactors && m > MaxRate {
		d.Errorf(fp, "takes the busiest interval to %s calls per hour, more than %s", Num(m), Num(MaxRate))
		return 0, nil, false
	}
	return intervalSeconds, RotateWeek(week, Weekday(d.Start)), true
}

// Interval decodes interval_minutes = 15|30|60 of t into the number of
// intervals per day and their length in seconds.
func (d *Decoder[X]) Interval(t *Table) (perDay int, seconds float64, ok bool) {
	v, p, present := t.Get("interval_minutes")
	if !present {
		d.Errorf(p, "required key is missing")
		return 0, 0, false
	}
	n, ok := v.(int64)
	switch {
	case !ok:
		d.Errorf(p, "must be an integer, got %s", tomlx.Describe(v))
	case n == 15 || n == 30 || n == 60:
		return 24 * 60 / int(n), float64(n) * 60, true
	default:
		d.Errorf(p, "must be 15, 30 or 60, got %d", n)
	}
	return 0, 0, false
}

// Values decodes an array of n values: any length up to MaxPathValues
// when n < 0; when n is 0 the expected length is unknown because of
// another problem, and ok is false.
func (d *Decoder[X]) Values(p Path, v any, n int, what string, elem func(Path, any) (float64, bool)) ([]float64, bool) {
	a, ok := d.ArrayOf(p, v)
	if !ok {
		return nil, false
	}
	if n > 0 && len(a) != n {
		d.Errorf(p, "needs %d values (%s), got %d", n, what, len(a))
		ok = false
	}
	if n <= 0 && len(a) > MaxPathValues {
		d.Errorf(p, "has %d values, at most %d", len(a), MaxPathValues)
		return nil, false
	}
	out := make([]float64, len(a))
	defer d.Fix("the elements of an array are fixed values")()
	for i, e := range a {
		x, good := elem(p.Index(i), e)
		out[i] = x
		ok = ok && good
	}
	return out, ok && n != 0
}

// pathSchema is a dated path, model.Path: the form of minimum_per_hour
// and fx_local_per_eur that changes over time.
func pathSchema[X any]() *Schema[X] {
	return &Schema[X]{Check: checkPath[X], Keys: []*Key[X]{
		{Name: "dates", Unit: "array of dates", Group: "dates", Req: true, Defs: "required: one of `dates`, `days`", Rngs: "increasing; the first on or before `start_date`", Val: decodeDates[X], Doc: "from when each value holds"},
		{Name: "days", Unit: "array of days since `start_date`", Group: "dates", Rngs: "the first 0 or less, increasing", Val: decodeDays[X], Doc: "the same, as resolved files give it"},
		{Name: "values", Unit: "array", Req: true, Rngs: "> 0, one per date", Val: decodePathValues[X], Doc: "the value from each date"},
		{Name: "index_every_months", Unit: "months", Group: "every", Factor: model.DaysPerMonth, B: Positive(12 * 100).AtLeast(1 / model.DaysPerMonth), Defs: "no indexation; required with `index_rate`; at most one of the two", At: Field(func(p *model.Path) *float64 { return &p.IndexEveryDays }), Doc: "after the last date the value rises by `index_rate`..."},
		{Name: "index_every_days", Unit: "days", Group: "every", B: Positive(36500).AtLeast(1), At: Field(func(p *model.Path) *float64 { return &p.IndexEveryDays }), Doc: "the same, in days"},
		{Name: "index_rate", Unit: "rate", B: Above(-1, MaxRateOfChange), Defs: "required with `index_every_months` or `index_every_days`",
			At: Field(func(p *model.Path) *float64 { return &p.IndexRate }), Doc: "...every `index_every_months`",
			Need: func(d *X, t *Table, _ any) string {
				for _, k := range []string{"index_every_months", "index_every_days"} {
					if _, given := t.M[k]; given {
						return "required with " + k
					}
				}
				return ""
			}},
	}}
}

// Path decodes a value that may change over time into dst, found in a
// scenario at at: a positive number, a distribution of one, or a dated
// path.
func (d *Decoder[X]) Path(p Path, v any, dst *model.Path, at Place) bool {
	b := Positive(MaxLocal)
	switch v.(type) {
	case int64, float64:
		x, _, ok := d.Number(p, v, b)
		*dst = model.ConstantPath(x)
		return ok
	case map[string]any:
		if HasDist(v) {
			x, pd, ok := d.Number(p, v, b)
			*dst = model.ConstantPath(x)
			d.Bind(p, pd, b, func(sc *model.Scenario, x float64) { at(sc).(*model.Path).Values[0] = x })
			return ok
		}
		t, _ := d.Table(p, v)
		n := len(d.Errs)
		*dst = model.Path{}
		d.DecodeTable(t, d.forms.Path, dst, at)
		return len(d.Errs) == n
	}
	d.Errorf(p, "must be a number, a distribution or a table { dates, values }, got %s", tomlx.Describe(v))
	return false
}

// decodeDates decodes a path's dates: their day numbers go to Days, until
// checkPath makes them days since start_date.
func decodeDates[X any](x *X, p Path, v any, dst any, _ Place) {
	d := eng(x)
	a, ok := d.ArrayOf(p, v)
	switch {
	case !ok:
		return
	case len(a) == 0:
		d.Errorf(p, "must give at least one date")
		return
	case len(a) > MaxPathValues:
		d.Errorf(p, "has %d dates, at most %d", len(a), MaxPathValues)
		return
	}
	days := make([]float64, len(a))
	for i, e := range a {
		day, good := d.Date(p.Index(i), e)
		switch {
		case !good:
			ok = false
		case i > 0 && ok && float64(day) <= days[i-1]:
			d.Errorf(p.Index(i), "must be after %s (%s)", p.Index(i-1), formatDay(int64(days[i-1])))
			ok = false
		}
		days[i] = float64(day)
	}
	if ok && int64(days[0]) > d.Start {
		d.Errorf(p.Index(0), "is after start_date (%s): no value would hold at the start", formatDay(d.Start))
		ok = false
	}
	if ok {
		dst.(*model.Path).Days = days
	}
}

// decodeDays decodes a path's days since start_date.
func decodeDays[X any](x *X, p Path, v any, dst any, _ Place) {
	d := eng(x)
	days, ok := d.Values(p, v, -1, "", d.NumberIn(Between(-36500*10, 36500*10)))
	if ok && len(days) == 0 {
		d.Errorf(p, "must give at least one day")
		return
	}
	for i := range days {
		switch {
		case !ok:
			return
		case i == 0 && days[0] > 0:
			d.Errorf(p.Index(0), "must be 0 or less: the first value holds from start_date or before, got %s", Num(days[0]))
			ok = false
		case i > 0 && !(days[i] > days[i-1]):
			d.Errorf(p.Index(i), "must be more than %s (%s)", p.Index(i-1), Num(days[i-1]))
			ok = false
		}
	}
	if ok {
		dst.(*model.Path).Days = days
	}
}

func decodePathValues[X any](x *X, p Path, v any, dst any, _ Place) {
	d := eng(x)
	path := dst.(*model.Path)
	values, ok := d.Values(p, v, len(path.Days), "one per date", d.NumberIn(Positive(MaxLocal)))
	if ok {
		path.Values = values
	}
}

// checkPath completes a dated path: the other direction of index_rate's
// requirement, dates made days since start_date, and an indexation that
// stays finite over the longest horizon.
func checkPath[X any](x *X, t *Table, dst any, _ Place) {
	d := eng(x)
	path := dst.(*model.Path)
	_, hasRate := t.M["index_rate"]
	_, m := t.M["index_every_months"]
	_, dd := t.M["index_every_days"]
	if hasRate && !m && !dd {
		d.Errorf(t.Path.Key("index_every_months"), "required with index_rate")
		return
	}
	if len(path.Values) == 0 || len(path.Days) != len(path.Values) || d.BadUnder(t.Path) {
		*path = model.Path{}
		return
	}
	if _, dated := t.M["dates"]; dated {
		p, ok := startPath(d.Start, path.Days, path.Values, path.IndexEveryDays, path.IndexRate)
		if !ok {
			d.Errorf(t.Path.Key("index_rate"), "indexation from %s to start_date (%s) takes the value out of range", formatDay(int64(path.Days[len(path.Days)-1])), formatDay(d.Start))
			return
		}
		*path = p
	}
	if path.IndexRate != 0 && path.IndexEveryDays > 0 {
		steps := math.Ceil(MaxHorizonHours / 24 / path.IndexEveryDays)
		last := path.Values[len(path.Values)-1]
		if v := last * math.Pow(1+path.IndexRate, steps); !(v <= MaxLocal && v >= 1/MaxLocal) {
			d.Errorf(t.Path.Key("index_rate"), "indexation takes the value from %s to %.4g in %d years (%s steps), beyond [%s, %s]",
				Num(last), v, MaxHorizonHours/8760, Num(steps), Num(1/MaxLocal), Num(MaxLocal))
		}
	}
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
