package scenarios

import (
	"math"
	"time"

	"offsim/model"
)

// Dates in a scenario file are TOML local dates (2026-01-01) or strings
// ("2026-01-01"). The decoder keeps a date as its day number, days since
// 1970-01-01, and turns dated values into a model.Path in days since
// start_date.

// defaultStart is the start_date of a file without one: 2026-01-01.
var defaultStart = civilDay(2026, time.January, 1)

func civilDay(y int, m time.Month, d int) int64 {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// formatDay returns day number n as YYYY-MM-DD.
func formatDay(n int64) string {
	return time.Unix(n*86400, 0).UTC().Format(time.DateOnly)
}

// date decodes a TOML local date or a string "YYYY-MM-DD" into its day
// number.
func (d *decoder) date(p keyPath, v any) (int64, bool) {
	switch x := v.(type) {
	case string:
		t, err := time.Parse(time.DateOnly, x)
		if err == nil {
			return t.Unix() / 86400, true
		}
	case time.Time:
		// BurntSushi/toml gives a local date the location "date-local";
		// a date-time or a time of day is not a date.
		if x.Location().String() == "date-local" {
			return civilDay(x.Year(), x.Month(), x.Day()), true
		}
	}
	d.errorf(p, "must be a date YYYY-MM-DD, got %s", describe(v))
	return 0, false
}

// startDate decodes the top-level start_date.
func (d *decoder) startDate(root *table) int64 {
	v, p, ok := root.get("start_date")
	if !ok {
		return defaultStart
	}
	day, ok := d.date(p, v)
	if !ok {
		return defaultStart
	}
	return day
}

// path decodes a value that may change over time (a minimum wage): a
// positive number, or a table { dates, values [, index_every_months,
// index_rate] }.
func (d *decoder) path(p keyPath, v any) (model.Path, bool) {
	switch v.(type) {
	case int64, float64:
		x, ok := d.positive(p, v)
		return model.ConstantPath(x), ok
	case map[string]any:
		t, _ := d.table(p, v)
		path, ok := d.datedPath(t)
		d.done(t)
		return path, ok
	}
	d.errorf(p, "must be a number or a table { dates, values }, got %s", describe(v))
	return model.Path{}, false
}

// fxKeys are the keys of an exchange rate's random-walk form.
var fxKeys = []string{"start", "drift_per_year", "volatility_per_year", "jump_probability_per_year", "jump_size"}

// datedKeys are the keys of a dated path.
var datedKeys = []string{"dates", "values", "index_every_months", "index_rate"}

// fx decodes fx_local_per_eur: a positive number, a dated path { dates,
// values [, index_every_months, index_rate] } or a random walk { start,
// drift_per_year, volatility_per_year, jump_probability_per_year,
// jump_size }.
func (d *decoder) fx(p keyPath, v any) (model.FXPath, bool) {
	m, isTable := v.(map[string]any)
	if !isTable {
		path, ok := d.path(p, v)
		return model.FXPath{Path: path}, ok
	}
	t := &table{path: p, m: m}
	hasAny := func(keys []string) bool {
		for _, k := range keys {
			if _, ok := m[k]; ok {
				return true
			}
		}
		return false
	}
	dated, walk := hasAny(datedKeys), hasAny(fxKeys)
	switch {
	case dated && walk:
		d.errorf(p, "give a dated path { dates, values } or a random walk { start, ... }, not both")
		return model.FXPath{}, false
	case walk:
		f, ok := d.randomWalk(t)
		d.done(t)
		return f, ok
	}
	path, ok := d.datedPath(t)
	d.done(t)
	return model.FXPath{Path: path}, ok
}

// randomWalk decodes the random-walk form of an exchange rate.
func (d *decoder) randomWalk(t *table) (model.FXPath, bool) {
	var f model.FXPath
	var start float64
	ok := d.reqNumber(t, "start", &start, d.positive)
	f.Path = model.ConstantPath(start)
	ok = d.optNumber(t, "drift_per_year", &f.DriftPerYear, d.number) && ok
	ok = d.optNumber(t, "volatility_per_year", &f.VolatilityPerYear, d.nonNegative) && ok
	ok = d.optNumber(t, "jump_probability_per_year", &f.JumpProbabilityPerYear, d.nonNegative) && ok
	_, jp, hasJump := t.get("jump_size")
	ok = d.optNumber(t, "jump_size", &f.JumpSize, d.above(-1)) && ok
	if !ok {
		return f, false
	}
	if f.JumpProbabilityPerYear > 0 && !hasJump {
		d.errorf(jp, "required when jump_probability_per_year > 0")
		return f, false
	}
	return f, true
}

// datedPath decodes { dates, values [, index_every_months, index_rate] }
// into a path in days since start_date. Of the values dated on or before
// the start, the last holds from day 0; the first date must not be after
// the start. After the last date the value rises by index_rate every
// index_every_months.
func (d *decoder) datedPath(t *table) (model.Path, bool) {
	var days []int64
	datesOK := false
	if v, p, ok := d.required(t, "dates"); ok {
		if a, ok := d.array(p, v); ok {
			datesOK = true
			if len(a) == 0 {
				d.errorf(p, "must give at least one date")
				datesOK = false
			}
			for i, e := range a {
				day, ok := d.date(p.index(i), e)
				switch {
				case !ok:
					datesOK = false
				case i > 0 && datesOK && day <= days[i-1]:
					d.errorf(p.index(i), "must be after %s (%s)", p.index(i-1), formatDay(days[i-1]))
					datesOK = false
				}
				days = append(days, day)
			}
			if datesOK && days[0] > d.start {
				d.errorf(p.index(0), "is after start_date (%s): no value would hold at the start", formatDay(d.start))
				datesOK = false
			}
		}
	}
	var values []float64
	valuesOK := false
	if v, p, ok := d.required(t, "values"); ok {
		n := 0
		if datesOK {
			n = len(days)
		}
		values, valuesOK = d.values(p, v, n, "one per date", d.positive)
	}
	var everyMonths, rate float64
	ev, ep, hasEvery := t.get("index_every_months")
	rv, rp, hasRate := t.get("index_rate")
	indexOK := true
	switch {
	case hasEvery && !hasRate:
		d.errorf(rp, "required with index_every_months")
		indexOK = false
	case hasRate && !hasEvery:
		d.errorf(ep, "required with index_rate")
		indexOK = false
	}
	if hasEvery {
		var ok bool
		everyMonths, ok = d.positive(ep, ev)
		indexOK = indexOK && ok
	}
	if hasRate {
		var ok bool
		rate, ok = d.above(-1)(rp, rv)
		indexOK = indexOK && ok
	}
	if !datesOK || !valuesOK || !indexOK {
		return model.Path{}, false
	}
	path, ok := startPath(d.start, days, values, everyMonths*model.DaysPerMonth, rate)
	if !ok {
		d.errorf(t.path.key("index_rate"), "indexation from %s to start_date (%s) takes the value out of range", formatDay(days[len(days)-1]), formatDay(d.start))
	}
	return path, ok
}

// startPath turns values on days (day numbers, increasing, the first on
// or before start) into a model.Path in days since start. Values before
// the start give way to the last of them, which holds from day 0. When
// that is the last value and it is indexed, the indexation steps between
// its date and the start are applied, and the next step is kept on its
// date. ok is false when that leaves the value not finite or not positive.
func startPath(start int64, days []int64, values []float64, everyDays, rate float64) (model.Path, bool) {
	first := 0
	for first+1 < len(days) && days[first+1] <= start {
		first++
	}
	p := model.Path{IndexEveryDays: everyDays, IndexRate: rate}
	for i := first; i < len(days); i++ {
		p.Days = append(p.Days, float64(max(days[i]-start, 0)))
		p.Values = append(p.Values, values[i])
	}
	before := float64(start - days[first]) // days the first kept value held before the start
	if len(p.Days) > 1 || before == 0 || everyDays <= 0 || rate == 0 {
		return p, true
	}
	// One value, dated before the start and indexed: the value at the
	// start, then the next step on its own date.
	steps := math.Floor(before / everyDays)
	next := (steps+1)*everyDays - before
	if next <= 0 { // rounding
		steps++
		next += everyDays
	}
	v := values[first] * math.Pow(1+rate, steps)
	p.Days = []float64{0, next}
	p.Values = []float64{v, v * (1 + rate)}
	for _, x := range []float64{v, v * (1 + rate), next} {
		if !(x > 0) || math.IsInf(x, 0) {
			return p, false
		}
	}
	return p, true
}
