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

// hasDist reports whether v is a table with a dist key: a distribution,
// not a table of another form.
func hasDist(v any) bool {
	m, ok := v.(map[string]any)
	if ok {
		_, ok = m["dist"]
	}
	return ok
}

// path decodes a value that may change over time (a minimum wage) into
// dst: a positive number, a distribution of one, or a table { dates |
// days, values [, index_every_months | index_every_days, index_rate] }.
func (d *decoder) path(p keyPath, v any, dst *model.Path) bool {
	switch v.(type) {
	case int64, float64:
		x, ok := d.positive(p, v)
		*dst = model.ConstantPath(x)
		return ok
	case map[string]any:
		if hasDist(v) {
			x, ok := d.positive(p, v)
			*dst = model.ConstantPath(x)
			d.bind(&dst.Values[0])
			return ok
		}
		t, _ := d.table(p, v)
		ok := d.datedPath(t, dst)
		d.done(t)
		return ok
	}
	d.errorf(p, "must be a number, a distribution or a table { dates, values }, got %s", describe(v))
	return false
}

// fxKeys are the keys of an exchange rate's random-walk form.
var fxKeys = []string{"start", "drift_per_year", "volatility_per_year", "jump_probability_per_year", "jump_size"}

// datedKeys are the keys of a dated path.
var datedKeys = []string{"dates", "days", "values", "index_every_months", "index_every_days", "index_rate"}

// fx decodes fx_local_per_eur into dst: a positive number (or a
// distribution of one), a dated path { dates, values [, index_every_months,
// index_rate] } or a random walk { start, drift_per_year,
// volatility_per_year, jump_probability_per_year, jump_size }.
func (d *decoder) fx(p keyPath, v any, dst *model.FXPath) bool {
	*dst = model.FXPath{}
	m, isTable := v.(map[string]any)
	if !isTable || hasDist(v) {
		return d.path(p, v, &dst.Path)
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
		return false
	case walk:
		ok := d.randomWalk(t, dst)
		d.done(t)
		return ok
	}
	ok := d.datedPath(t, &dst.Path)
	d.done(t)
	return ok
}

// randomWalk decodes the random-walk form of an exchange rate into f.
func (d *decoder) randomWalk(t *table, f *model.FXPath) bool {
	ok := false
	start := 0.0
	if v, p, present := d.required(t, "start"); present {
		start, ok = d.positive(p, v)
	}
	startParam := d.take()
	f.Path = model.ConstantPath(start)
	d.bindTo(startParam, &f.Path.Values[0], 1)
	ok = d.optNumber(t, "drift_per_year", &f.DriftPerYear, d.number) && ok
	ok = d.optNumber(t, "volatility_per_year", &f.VolatilityPerYear, d.nonNegative) && ok
	ok = d.optNumber(t, "jump_probability_per_year", &f.JumpProbabilityPerYear, d.nonNegative) && ok
	_, jp, hasJump := t.get("jump_size")
	ok = d.optNumber(t, "jump_size", &f.JumpSize, d.above(-1)) && ok
	if !ok {
		return false
	}
	if f.JumpProbabilityPerYear > 0 && !hasJump {
		d.errorf(jp, "required when jump_probability_per_year > 0")
		return false
	}
	return true
}

// datedPath decodes { dates | days, values [, index_every_months |
// index_every_days, index_rate] } into dst, a path in days since
// start_date.
//
// With dates, of the values dated on or before the start, the last holds
// from day 0; the first date must not be after the start. With days (days
// since start_date, the form of a resolved file), the first is 0. After the
// last date the value rises by index_rate every index_every_months.
func (d *decoder) datedPath(t *table, dst *model.Path) bool {
	var days []int64
	var dayOffsets []float64
	datesOK := false
	dv, dp, hasDates := t.get("dates")
	ov, op, hasDays := t.get("days")
	switch {
	case hasDates && hasDays:
		d.errorf(op, "give dates or days, not both")
	case hasDates:
		if a, ok := d.array(dp, dv); ok {
			datesOK = true
			if len(a) == 0 {
				d.errorf(dp, "must give at least one date")
				datesOK = false
			}
			for i, e := range a {
				day, ok := d.date(dp.index(i), e)
				switch {
				case !ok:
					datesOK = false
				case i > 0 && datesOK && day <= days[i-1]:
					d.errorf(dp.index(i), "must be after %s (%s)", dp.index(i-1), formatDay(days[i-1]))
					datesOK = false
				}
				days = append(days, day)
			}
			if datesOK && days[0] > d.start {
				d.errorf(dp.index(0), "is after start_date (%s): no value would hold at the start", formatDay(d.start))
				datesOK = false
			}
		}
	case hasDays:
		a, ok := d.array(op, ov)
		datesOK = ok
		if ok && len(a) == 0 {
			d.errorf(op, "must give at least one day")
			datesOK = false
		}
		d.fixedNumbers("the elements of an array are fixed values", func() {
			for i, e := range a {
				x, good := d.nonNegative(op.index(i), e)
				dayOffsets = append(dayOffsets, x)
				datesOK = datesOK && good
			}
		})
		for i := range dayOffsets {
			switch {
			case !datesOK:
			case i == 0 && dayOffsets[0] != 0:
				d.errorf(op.index(0), "must be 0: the first value holds from start_date, got %s", num(dayOffsets[0]))
				datesOK = false
			case i > 0 && !(dayOffsets[i] > dayOffsets[i-1]):
				d.errorf(op.index(i), "must be more than %s (%s)", op.index(i-1), num(dayOffsets[i-1]))
				datesOK = false
			}
		}
	default:
		d.errorf(dp, "required key is missing (give dates or days)")
	}
	var values []float64
	valuesOK := false
	if v, p, ok := d.required(t, "values"); ok {
		n := 0
		if datesOK {
			n = max(len(days), len(dayOffsets))
		}
		values, valuesOK = d.values(p, v, n, "one per date", d.positive)
	}
	every, everyOK := d.span(t, "index_every", []spanUnit{{"months", model.DaysPerMonth}, {"days", 1}}, false, d.positive)
	everyParam := d.take()
	rv, rp, hasRate := t.get("index_rate")
	var rate float64
	indexOK := everyOK
	rateOK := true
	if hasRate {
		rate, rateOK = d.above(-1)(rp, rv)
	}
	rateParam := d.take()
	switch {
	case every.path != "" && !hasRate:
		d.errorf(rp, "required with index_every_%s", every.unit.suffix)
		indexOK = false
	case hasRate && every.path == "" && everyOK:
		d.errorf(t.path.key("index_every_months"), "required with index_rate")
		indexOK = false
	}
	indexOK = indexOK && rateOK
	if !datesOK || !valuesOK || !indexOK {
		return false
	}
	if hasDays {
		*dst = model.Path{Days: dayOffsets, Values: values, IndexEveryDays: every.seconds, IndexRate: rate}
	} else {
		path, ok := startPath(d.start, days, values, every.seconds, rate)
		if !ok {
			d.errorf(t.path.key("index_rate"), "indexation from %s to start_date (%s) takes the value out of range", formatDay(days[len(days)-1]), formatDay(d.start))
			return false
		}
		*dst = path
	}
	d.bindTo(everyParam, &dst.IndexEveryDays, every.unit.seconds)
	d.bindTo(rateParam, &dst.IndexRate, 1)
	return true
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
