package scenarios

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"offsim/model"
)

// Limits that keep a scenario within what the engine can hold; a file past
// them is an error with a line rather than a failure at run time.
const (
	maxReplications = 1_000_000
	maxAgents       = 100_000 // per site and interval
	maxSites        = 1000
	maxContactTypes = 255 // the engine keeps a contact type in a byte
	maxOverflow     = math.MaxInt32
)

// syntaxError turns the TOML parser's error into an Error with its line.
func syntaxError(file string, err error) *Error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		msg := "syntax error: " + pe.Message
		if pe.LastKey != "" && !strings.Contains(pe.Message, pe.LastKey) {
			msg += fmt.Sprintf(" (after key %s)", pe.LastKey)
		}
		return &Error{File: file, Line: pe.Position.Line, Msg: msg}
	}
	return &Error{File: file, Msg: "syntax error: " + err.Error()}
}

// decoder walks the generic tree the TOML parser returns, checking every
// key and value against the format and collecting every problem.
type decoder struct {
	loc   *locator
	errs  ErrorList
	start int64 // start_date, days since 1970-01-01
	// fixed, when not empty, says why a number here cannot be given as a
	// distribution (run settings, shares, array elements).
	fixed string
	// params are the distributions of uncertain parameters decoded so
	// far; last is the latest one until bind gives it its field.
	params []*param
	last   *param
	// bidding names the sites a [tender]'s bidders run: their price comes
	// from their bids. siteBids says the site being decoded is one.
	bidding  map[string]bool
	siteBids bool
}

func newDecoder(loc *locator) *decoder { return &decoder{loc: loc} }

// errorf records a problem at key path p, on the line p is defined on or,
// when p is not in the file (a missing key), on the line of the nearest
// enclosing table that is. In a merged tree (extends) the problem names
// the file the value comes from, and its path there.
func (d *decoder) errorf(p keyPath, format string, a ...any) {
	f, key, line := d.loc.locate(p)
	d.errs = append(d.errs, &Error{File: d.loc.files[f].name, Line: line, Key: string(key), Msg: fmt.Sprintf(format, a...)})
}

// table is one TOML table being decoded. It remembers which keys the decoder
// asked for, so that done can report every other key as unknown.
type table struct {
	path  keyPath
	m     map[string]any
	known []string
}

// get returns the value of key name, its path and whether it is present,
// and marks name as a key of the table.
func (t *table) get(name string) (any, keyPath, bool) {
	t.known = append(t.known, name)
	v, ok := t.m[name]
	return v, t.path.key(name), ok
}

// has reports whether key name is present, and marks it as a key of the table.
func (t *table) has(name string) bool {
	_, _, ok := t.get(name)
	return ok
}

// required is get for a key that must be present.
func (d *decoder) required(t *table, name string) (any, keyPath, bool) {
	v, p, ok := t.get(name)
	if !ok {
		d.errorf(p, "required key is missing")
	}
	return v, p, ok
}

// done reports every key of t the decoder did not ask for.
func (d *decoder) done(t *table) {
	for _, k := range sortedKeys(t.m) {
		if !slices.Contains(t.known, k) {
			d.errorf(t.path.key(k), "unknown key%s", hint(k, t.known))
		}
	}
}

// hint suggests the known key closest to an unknown one (a typo, or a key
// without its unit), or else lists them all.
func hint(k string, known []string) string {
	var allowed []string
	for _, c := range known {
		if !slices.Contains(allowed, c) {
			allowed = append(allowed, c)
		}
	}
	best, bestDist := "", 3
	for _, c := range allowed {
		dist := editDistance(k, c)
		if dist < bestDist && dist*2 < len(c) {
			best, bestDist = c, dist
		}
	}
	if best == "" {
		for _, c := range allowed {
			if len(k) >= 3 && strings.HasPrefix(c, k) {
				best = c
				break
			}
		}
	}
	switch {
	case best != "":
		return fmt.Sprintf(" (did you mean %s?)", best)
	case len(allowed) == 0:
		return ""
	}
	return fmt.Sprintf(" (allowed: %s)", strings.Join(allowed, ", "))
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// describe names the type (and, for scalars, the value) of a decoded TOML
// value, for "must be X, got Y" messages.
func describe(v any) string {
	switch v := v.(type) {
	case string:
		if len(v) > 40 {
			v = v[:40] + "…"
		}
		return "string " + strconv.Quote(v)
	case int64:
		return fmt.Sprintf("integer %d", v)
	case float64:
		return "float " + num(v)
	case bool:
		return fmt.Sprintf("boolean %t", v)
	case []any, []map[string]any:
		return "array"
	case map[string]any:
		return "table"
	}
	return "date-time"
}

// plural returns "1 value", "2 values".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// num formats a number for a message.
func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// ---- typed values ----

func (d *decoder) table(p keyPath, v any) (*table, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		d.errorf(p, "must be a table, got %s", describe(v))
		return nil, false
	}
	return &table{path: p, m: m}, true
}

// optTable returns the sub-table name of t, an empty one when it is absent
// (so that its required keys are reported as missing), nil when it is not a
// table.
func (d *decoder) optTable(t *table, name string) *table {
	v, p, ok := t.get(name)
	if !ok {
		return &table{path: p, m: map[string]any{}}
	}
	sub, _ := d.table(p, v)
	return sub
}

// tables decodes an array of tables, [[name]] or name = [{...}, ...].
func (d *decoder) tables(p keyPath, v any) ([]any, bool) {
	switch v.(type) {
	case []any, []map[string]any:
		return d.array(p, v)
	}
	d.errorf(p, "must be an array of tables ([[%s]]), got %s", p, describe(v))
	return nil, false
}

func (d *decoder) array(p keyPath, v any) ([]any, bool) {
	switch a := v.(type) {
	case []any:
		return a, true
	case []map[string]any:
		out := make([]any, len(a))
		for i, m := range a {
			out[i] = m
		}
		return out, true
	}
	d.errorf(p, "must be an array, got %s", describe(v))
	return nil, false
}

func (d *decoder) str(p keyPath, v any) (string, bool) {
	s, ok := v.(string)
	if !ok {
		d.errorf(p, "must be a string, got %s", describe(v))
	}
	return s, ok
}

// name decodes a non-empty name.
func (d *decoder) name(p keyPath, v any) (string, bool) {
	s, ok := d.str(p, v)
	if ok && strings.TrimSpace(s) == "" {
		d.errorf(p, "must not be empty")
		return s, false
	}
	return s, ok
}

// bounds is the range a number of the format must lie in, and how a
// problem with it is said.
type bounds struct {
	lo, hi         float64
	loOpen, hiOpen bool
	what           string // "must be positive"; "" for any finite number
}

var (
	anyNumber   = bounds{lo: math.Inf(-1), hi: math.Inf(1)}
	positiveB   = bounds{lo: 0, hi: math.Inf(1), loOpen: true, what: "must be positive"}
	nonNegB     = bounds{lo: 0, hi: math.Inf(1), what: "must be >= 0"}
	fractionB   = bounds{lo: 0, hi: 1, what: "must be in [0, 1]"}
	belowOneB   = bounds{lo: 0, hi: 1, hiOpen: true, what: "must be in [0, 1)"}
	hoursWeekB  = bounds{lo: 0, hi: 168, loOpen: true, what: "must be in (0, 168]"}
	aboveMinus1 = bounds{lo: -1, hi: math.Inf(1), loOpen: true, what: "must be > -1"}
)

// has reports whether x is within the bounds.
func (b bounds) has(x float64) bool {
	return (x > b.lo || !b.loOpen && x == b.lo) && (x < b.hi || !b.hiOpen && x == b.hi)
}

// scalar is the single entry point of every numeric value of the format:
// number, integer and every range-checked helper call it. A value is a
// plain TOML number or, where d.fixed allows, a parameter distribution
// { dist = "triangular", ... } (see param.go): then the result is the
// distribution's expected value, and the distribution waits in d.last for
// the caller to bind it to the field that value went to.
func (d *decoder) scalar(p keyPath, v any, b bounds) (float64, bool) {
	if m, ok := v.(map[string]any); ok {
		if _, isDist := m["dist"]; isDist {
			if d.fixed != "" {
				d.errorf(p, "cannot be a distribution: %s", d.fixed)
				return 0, false
			}
			return d.paramDist(p, m, b)
		}
	}
	x, ok := d.plainNumber(p, v)
	if ok && !b.has(x) {
		d.errorf(p, "%s, got %s", b.what, num(x))
		return x, false
	}
	return x, ok
}

// plainNumber decodes a finite TOML integer or float.
func (d *decoder) plainNumber(p keyPath, v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			d.errorf(p, "must be a finite number, got %s", num(x))
			return 0, false
		}
		return x, true
	}
	d.errorf(p, "must be a number, got %s", describe(v))
	return 0, false
}

// fixedNumbers runs f with distributions refused, for the reason given.
func (d *decoder) fixedNumbers(reason string, f func()) {
	old := d.fixed
	d.fixed = reason
	defer func() { d.fixed = old }()
	f()
}

// number decodes a finite number (a TOML integer or float).
func (d *decoder) number(p keyPath, v any) (float64, bool) { return d.scalar(p, v, anyNumber) }

// integer decodes a TOML integer.
func (d *decoder) integer(p keyPath, v any) (int64, bool) {
	if x, ok := v.(int64); ok {
		return x, true
	}
	if m, ok := v.(map[string]any); ok {
		if _, isDist := m["dist"]; isDist {
			d.errorf(p, "is an integer, which cannot be a distribution")
			return 0, false
		}
	}
	d.errorf(p, "must be an integer, got %s", describe(v))
	return 0, false
}

func (d *decoder) positive(p keyPath, v any) (float64, bool)    { return d.scalar(p, v, positiveB) }
func (d *decoder) nonNegative(p keyPath, v any) (float64, bool) { return d.scalar(p, v, nonNegB) }
func (d *decoder) fraction(p keyPath, v any) (float64, bool)    { return d.scalar(p, v, fractionB) }

// belowOne decodes a share in [0, 1).
func (d *decoder) belowOne(p keyPath, v any) (float64, bool) { return d.scalar(p, v, belowOneB) }

// hoursPerWeek decodes hours in (0, 168].
func (d *decoder) hoursPerWeek(p keyPath, v any) (float64, bool) { return d.scalar(p, v, hoursWeekB) }

func (d *decoder) intRange(p keyPath, v any, lo, hi int64) (int64, bool) {
	n, ok := d.integer(p, v)
	switch {
	case !ok:
	case n < lo && lo == 0:
		d.errorf(p, "must be >= 0, got %d", n)
		return n, false
	case n < lo:
		d.errorf(p, "must be at least %d, got %d", lo, n)
		return n, false
	case n > hi:
		d.errorf(p, "must be at most %d, got %d", hi, n)
		return n, false
	}
	return n, ok
}

// within returns a check for a number in [lo, hi].
func (d *decoder) within(lo, hi float64) func(keyPath, any) (float64, bool) {
	b := bounds{lo: lo, hi: hi, what: fmt.Sprintf("must be in [%s, %s]", num(lo), num(hi))}
	return func(p keyPath, v any) (float64, bool) { return d.scalar(p, v, b) }
}

// above returns a check for a number > lo.
func (d *decoder) above(lo float64) func(keyPath, any) (float64, bool) {
	b := bounds{lo: lo, hi: math.Inf(1), loOpen: true, what: "must be > " + num(lo)}
	return func(p keyPath, v any) (float64, bool) { return d.scalar(p, v, b) }
}

// optNumber decodes the optional key name of t with check into *dst. An
// absent key leaves *dst, the default, as it is. It reports false when the
// key is present and invalid.
func (d *decoder) optNumber(t *table, name string, dst *float64, check func(keyPath, any) (float64, bool)) bool {
	v, p, ok := t.get(name)
	if !ok {
		return true
	}
	x, ok := check(p, v)
	if ok {
		*dst = x
		d.bind(dst)
	}
	return ok
}

// optInt is optNumber for an integer in [lo, hi].
func (d *decoder) optInt(t *table, name string, dst *int, lo, hi int64) bool {
	v, p, ok := t.get(name)
	if !ok {
		return true
	}
	n, ok := d.intRange(p, v, lo, hi)
	if ok {
		*dst = int(n)
	}
	return ok
}

// reqNumber decodes the required key name of t with check into *dst.
func (d *decoder) reqNumber(t *table, name string, dst *float64, check func(keyPath, any) (float64, bool)) bool {
	v, p, ok := d.required(t, name)
	if !ok {
		return false
	}
	x, ok := check(p, v)
	if ok {
		*dst = x
		d.bind(dst)
	}
	return ok
}

// ---- the scenario ----

func (d *decoder) scenario(raw map[string]any) *model.Scenario {
	root := &table{m: raw}
	sc := &model.Scenario{}
	if v, p, ok := d.required(root, "name"); ok {
		sc.Name, _ = d.name(p, v)
	}
	d.start = d.startDate(root)
	d.fixedNumbers("run settings are the same in every replication", func() {
		sc.Run = d.run(d.optTable(root, "run"))
	})
	types := d.demand(d.optTable(root, "demand"), &sc.Demand)
	d.performance(d.optTable(root, "performance"), &sc.Performance)
	d.policySwitches(root, &sc.Policy)
	d.bidding = bidderSiteNames(raw)
	_, tendered := raw["tender"]
	sites, plans := d.sites(root, types, &sc.Sites)
	sc.Routing = d.routing(root, types, sites, sc.Demand.ContactTypes, tendered)
	root.has("tender")
	if tendered {
		sc.Tender = d.tender(root, sc, sites)
		if sc.Tender != nil {
			d.tenderRouting(root, sc)
		}
	}
	d.checkBannedBilling(sc, d.bidding)
	d.done(root)
	if len(d.errs) == 0 {
		// The plan needs the whole scenario: demand, routing, performance
		// and the site's workforce; it is only computed for a scenario
		// without other problems. It plans on the expected value of every
		// uncertain parameter, and stays as it is when a replication draws
		// other values.
		if sc.Tender != nil {
			d.planTender(sc, plans)
		} else {
			d.planStaffing(sc, plans)
		}
	}
	if len(d.errs) == 0 {
		d.uncertain(sc)
	}
	return sc
}

func (d *decoder) run(t *table) model.Run {
	r := model.Run{Replications: 10, Seed: 1, ServiceLevelSeconds: 20}
	if t == nil {
		return r
	}
	const secondsPerMonth = model.DaysPerMonth * model.SecondsPerDay
	horizon, horizonOK := d.span(t, "horizon", []spanUnit{{"hours", model.SecondsPerHour}, {"months", secondsPerMonth}}, true, d.positive)
	if horizon.ok {
		r.HorizonSeconds = horizon.seconds
	}
	warmup, warmupOK := d.span(t, "warmup", []spanUnit{{"hours", model.SecondsPerHour}, {"days", model.SecondsPerDay}, {"months", secondsPerMonth}}, false, d.nonNegative)
	if warmup.ok {
		r.WarmupSeconds = warmup.seconds
		switch {
		case !horizonOK || !horizon.ok || !warmupOK:
		case warmup.unit == horizon.unit && warmup.value >= horizon.value:
			d.errorf(warmup.path, "must be less than %s (%s), got %s", horizon.path, num(horizon.value), num(warmup.value))
		case warmup.seconds >= horizon.seconds:
			d.errorf(warmup.path, "must be less than %s (%s = %.4g %s), got %s", horizon.path, num(horizon.value),
				horizon.seconds/warmup.unit.seconds, warmup.unit.suffix, num(warmup.value))
		}
	}
	if v, p, ok := t.get("replications"); ok {
		n, _ := d.intRange(p, v, 1, maxReplications)
		r.Replications = int(n)
	}
	if v, p, ok := t.get("seed"); ok {
		n, _ := d.intRange(p, v, 0, math.MaxInt64)
		r.Seed = uint64(n)
	}
	if v, p, ok := t.get("service_level_seconds"); ok {
		r.ServiceLevelSeconds, _ = d.nonNegative(p, v)
	}
	d.done(t)
	return r
}

// spanUnit is one unit a length of time may be given in: key suffix and
// seconds per unit.
type spanUnit struct {
	suffix  string
	seconds float64
}

// span is a length of time given as one of several keys (horizon_hours or
// horizon_months).
type span struct {
	path    keyPath
	unit    spanUnit
	value   float64 // in the unit of the key
	seconds float64
	ok      bool // a valid value was given
}

// span decodes the length of time base_<unit>, given in at most one (with
// required, exactly one) of units. The first result is the value found;
// the second is false when a problem was reported.
func (d *decoder) span(t *table, base string, units []spanUnit, required bool, check func(keyPath, any) (float64, bool)) (span, bool) {
	var found span
	keys := make([]string, len(units))
	for i, u := range units {
		keys[i] = base + "_" + u.suffix
	}
	given := 0
	ok := true
	for i, u := range units {
		v, p, present := t.get(keys[i])
		if !present {
			continue
		}
		given++
		if given > 1 {
			if len(keys) == 2 {
				d.errorf(p, "give %s or %s, not both", keys[0], keys[1])
			} else {
				d.errorf(p, "give only one of %s", strings.Join(keys, ", "))
			}
			ok = false
			continue
		}
		x, good := check(p, v)
		found = span{path: p, unit: u, value: x, seconds: x * u.seconds, ok: good}
		if good && math.IsInf(found.seconds, 0) {
			d.errorf(p, "is too large, got %s", num(x))
			found.ok = false
		}
		ok = ok && found.ok
	}
	if given == 0 && required {
		d.errorf(t.path.key(keys[0]), "required key is missing (give %s)", strings.Join(keys, " or "))
		ok = false
	}
	if given > 1 {
		found.ok = false
	}
	return found, ok
}

// names maps the names of contact types or sites to their index.
type names struct {
	list  []string // by index; "" where a name was missing or invalid
	index map[string]int
}

func (n *names) add(name string) {
	if _, dup := n.index[name]; !dup && name != "" {
		n.index[name] = len(n.list)
	}
	n.list = append(n.list, name)
}

func (n *names) String() string {
	var s []string
	for _, x := range n.list {
		if x != "" {
			s = append(s, x)
		}
	}
	return strings.Join(s, ", ")
}

func (d *decoder) demand(t *table, dm *model.Demand) *names {
	types := &names{index: map[string]int{}}
	if t == nil {
		types.add("default")
		return types
	}
	rv, rp, hasRate := t.get("arrivals_per_hour")
	wv, wp, hasVolume := t.get("arrivals")
	switch {
	case hasRate && hasVolume:
		d.errorf(wp, "give arrivals_per_hour or arrivals, not both")
	case hasRate:
		d.arrivals(rp, rv, &dm.Arrivals)
	case hasVolume:
		d.weeklyVolume(wp, wv, &dm.Arrivals)
	default:
		d.errorf(rp, "required key is missing (give arrivals_per_hour or arrivals)")
	}
	if v, p, ok := t.get("patience"); ok {
		d.dist(p, v, &dm.Patience)
	}
	if v, p, ok := t.get("redial"); ok {
		d.redial(p, v, &dm.Redial)
	}
	d.optNumber(t, "daily_cv", &dm.DailyCV, d.nonNegative)
	if v, p, ok := t.get("incidents"); ok {
		d.incidents(p, v, &dm.Incidents)
	}
	if v, p, ok := t.get("contact_types"); ok {
		dm.ContactTypes = d.contactTypes(p, v, types)
	} else {
		dm.ContactTypes = []model.ContactType{{Name: "default", Share: 1, FCR: DefaultFCR}}
		types.add("default")
	}
	if v, p, ok := t.get("customers"); ok {
		d.customers(p, v, &dm.Customers)
	}
	d.done(t)
	return types
}

// arrivals decodes demand.arrivals_per_hour into dst: a constant rate, a
// distribution of a constant rate, or a weekly table.
func (d *decoder) arrivals(p keyPath, v any, dst *model.RateProfile) {
	switch x := v.(type) {
	case map[string]any:
		if _, isDist := x["dist"]; isDist {
			r, ok := d.positive(p, v)
			if ok {
				*dst = model.RateProfile{PerHour: []float64{r}}
				d.bind(&dst.PerHour[0])
			}
			return
		}
		t, _ := d.table(p, v)
		interval, week, ok := d.weekTable(t, true, d.nonNegative)
		d.done(t)
		if !ok {
			return
		}
		var total float64
		for _, r := range week {
			total += r
		}
		switch {
		case math.IsInf(total, 0):
			d.errorf(p, "rates are too large")
		case total == 0:
			d.errorf(p, "all rates are zero: no call would ever arrive")
		}
		*dst = model.RateProfile{IntervalSeconds: interval, PerHour: week}
	case int64, float64:
		r, ok := d.nonNegative(p, v)
		if ok && r == 0 {
			d.errorf(p, "must be positive: at 0 no call would ever arrive")
		}
		*dst = model.RateProfile{PerHour: []float64{r}}
	default:
		d.errorf(p, "must be a number (calls per hour), a table { interval_minutes, daily | weekly } or a distribution { dist = ... }, got %s", describe(v))
	}
}

// weekTable decodes { interval_minutes = 15|30|60, daily = [...] } (with
// optional day_factors when factors is set) or { interval_minutes, weekly =
// [...] } into one value per interval of the week. The file gives the week
// from Monday 00:00; the result starts at 00:00 of start_date's weekday
// (rotate). elem decodes and checks one value. ok is false when a problem
// was reported.
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
		d.errorf(t.path.key("daily"), "required key is missing (give daily or weekly)")
		ok = false
	case hasWeekly && hasFactors:
		d.errorf(fp, "only allowed with daily")
		ok = false
	}
	var daily, weekly, dayFactors []float64
	good := true
	if hasDaily {
		daily, good = d.values(dp, dv, perDay, fmt.Sprintf("one per %d-minute interval of a day", 24*60/max(perDay, 1)), elem)
		ok = ok && good
	}
	if hasWeekly {
		weekly, good = d.values(wp, wv, 7*perDay, fmt.Sprintf("one per %d-minute interval of a week", 24*60/max(perDay, 1)), elem)
		ok = ok && good
	}
	if hasFactors {
		dayFactors, good = d.values(fp, fv, 7, "Monday to Sunday", d.nonNegative)
		ok = ok && good
	}
	if !ok {
		return 0, nil, false
	}
	if hasWeekly {
		return intervalSeconds, d.rotate(weekly), true
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
	return intervalSeconds, d.rotate(week), true
}

// weekday returns the weekday of a day number, Monday 0 to Sunday 6.
func weekday(day int64) int {
	return int(((day+3)%7 + 7) % 7) // 1970-01-01 was a Thursday
}

// rotate turns a week of values from Monday 00:00, as the file gives it,
// into one from 00:00 of start_date's weekday, day 0 of the simulation.
func (d *decoder) rotate(week []float64) []float64 {
	return rotateWeek(week, weekday(d.start))
}

// rotateWeek returns week (values from Monday 00:00) rotated to start on
// weekday wd (Monday 0).
func rotateWeek[T any](week []T, wd int) []T {
	n := len(week)
	if n%7 != 0 || wd == 0 {
		return week
	}
	off := wd * n / 7
	return append(slices.Clone(week[off:]), week[:off]...)
}

// interval decodes interval_minutes = 15|30|60 of t into the number of
// intervals per day and their length in seconds.
func (d *decoder) interval(t *table) (perDay int, seconds float64, ok bool) {
	v, p, present := d.required(t, "interval_minutes")
	if !present {
		return 0, 0, false
	}
	n, ok := d.integer(p, v)
	if !ok {
		return 0, 0, false
	}
	switch n {
	case 15, 30, 60:
		return 24 * 60 / int(n), float64(n) * 60, true
	}
	d.errorf(p, "must be 15, 30 or 60, got %d", n)
	return 0, 0, false
}

// values decodes an array of n values (any length when n is 0, meaning the
// expected length is unknown because of another problem).
func (d *decoder) values(p keyPath, v any, n int, what string, elem func(keyPath, any) (float64, bool)) ([]float64, bool) {
	a, ok := d.array(p, v)
	if !ok {
		return nil, false
	}
	if n > 0 && len(a) != n {
		d.errorf(p, "needs %d values (%s), got %d", n, what, len(a))
		ok = false
	}
	out := make([]float64, len(a))
	d.fixedNumbers("the elements of an array are fixed values", func() {
		for i, e := range a {
			x, good := elem(p.index(i), e)
			out[i] = x
			ok = ok && good
		}
	})
	return out, ok && n > 0
}

// dist decodes the distribution of a duration { dist, mean_seconds |
// mean_days [, cv] } into dst. Its mean and cv may themselves be parameter
// distributions (uncertain, drawn once per replication).
func (d *decoder) dist(p keyPath, v any, dst *model.Dist) bool {
	t, ok := v.(map[string]any)
	if !ok {
		d.errorf(p, `must be a distribution table { dist = "exponential", mean_seconds = ... }, got %s`, describe(v))
		return false
	}
	tab := &table{path: p, m: t}
	var dist model.Dist
	kindOK := false
	if v, kp, present := d.required(tab, "dist"); present {
		if s, good := d.str(kp, v); good {
			switch s {
			case "exponential":
				dist.Kind, kindOK = model.Exponential, true
			case "lognormal":
				dist.Kind, kindOK = model.Lognormal, true
			case "deterministic":
				dist.Kind, kindOK = model.Deterministic, true
			case "triangular", "uniform", "normal", "beta":
				d.errorf(kp, "%q is a parameter distribution, not a duration's: a duration takes \"exponential\", \"lognormal\" or \"deterministic\" with mean_seconds (to make the mean uncertain, write mean_seconds = { dist = %q, ... })", s, s)
				return false
			default:
				d.errorf(kp, "unknown distribution %q (want exponential, lognormal or deterministic)", s)
			}
		}
	}
	ok = kindOK
	for _, k := range []string{"mean", "sd"} {
		if _, present := t[k]; present {
			_, kp, _ := tab.get(k)
			d.errorf(kp, `not a key of a duration's distribution, which takes mean_seconds (or mean_days) and cv; mean and sd belong to a parameter distribution (to make the mean uncertain, write mean_seconds = { dist = "lognormal", mean = ..., sd = ... })`)
			ok = false
		}
	}
	mean, meanOK := d.span(tab, "mean", []spanUnit{{"seconds", 1}, {"days", model.SecondsPerDay}}, true, d.positive)
	meanParam := d.take()
	dist.MeanSeconds = mean.seconds
	ok = ok && meanOK
	cv, cp, hasCV := tab.get("cv")
	switch {
	case hasCV && kindOK && dist.Kind != model.Lognormal:
		d.errorf(cp, `only allowed with dist = "lognormal"`)
		ok = false
	case hasCV:
		var good bool
		dist.CV, good = d.positive(cp, cv)
		ok = ok && good
	case kindOK && dist.Kind == model.Lognormal:
		d.errorf(cp, `required with dist = "lognormal"`)
		ok = false
	}
	cvParam := d.take()
	d.done(tab)
	*dst = dist
	d.bindTo(meanParam, &dst.MeanSeconds, mean.unit.seconds)
	d.bindTo(cvParam, &dst.CV, 1)
	return ok
}

// copyDist copies src to dst, along with the uncertain parameters of src.
func (d *decoder) copyDist(dst, src *model.Dist) {
	*dst = *src
	d.alias(&dst.MeanSeconds, &src.MeanSeconds)
	d.alias(&dst.CV, &src.CV)
}

func (d *decoder) redial(p keyPath, v any, dst *model.Redial) {
	t, ok := d.table(p, v)
	if !ok {
		return
	}
	probOK := false
	if v, pp, present := d.required(t, "probability"); present {
		dst.Probability, probOK = d.fraction(pp, v)
		d.bind(&dst.Probability)
	}
	if v, dp, present := t.get("delay"); present {
		d.dist(dp, v, &dst.Delay)
	} else if probOK && dst.Probability > 0 {
		d.errorf(dp, "required when probability > 0")
	}
	d.done(t)
}

func (d *decoder) contactTypes(p keyPath, v any, types *names) []model.ContactType {
	a, ok := d.tables(p, v)
	if !ok {
		return nil
	}
	switch {
	case len(a) == 0:
		d.errorf(p, "must list at least one contact type")
		return nil
	case len(a) > maxContactTypes:
		d.errorf(p, "at most %d contact types, got %d", maxContactTypes, len(a))
		return nil
	}
	cts := make([]model.ContactType, len(a))
	var sum float64
	sharesOK := true
	for i, e := range a {
		ep := p.index(i)
		t, ok := d.table(ep, e)
		if !ok {
			types.add("")
			sharesOK = false
			continue
		}
		name := ""
		if v, np, present := d.required(t, "name"); present {
			if s, good := d.name(np, v); good {
				if j, dup := types.index[s]; dup {
					d.errorf(np, "duplicate contact type %q (also %s)", s, p.index(j).key("name"))
				} else {
					name = s
				}
				cts[i].Name = s
			}
		}
		types.add(name)
		if v, sp, present := d.required(t, "share"); present {
			var good bool
			d.fixedNumbers("the shares of the contact types must sum to 1 in every replication", func() {
				cts[i].Share, good = d.fraction(sp, v)
			})
			sharesOK = sharesOK && good
			sum += cts[i].Share
		} else {
			sharesOK = false
		}
		cts[i].FCR = DefaultFCR
		d.optNumber(t, "fcr", &cts[i].FCR, d.fraction)
		sharesOK = d.optNumber(t, "deflection", &cts[i].Deflection, d.fraction) && sharesOK
		d.optNumber(t, "escalation", &cts[i].Escalation, d.fraction)
		d.done(t)
	}
	if sharesOK && math.Abs(sum-1) > 1e-9 {
		d.errorf(p, "shares sum to %.10g, not 1", sum)
	}
	if sharesOK {
		live := 0.0
		for _, ct := range cts {
			live += ct.Share * (1 - ct.Deflection)
		}
		if live == 0 {
			d.errorf(p, "self-service deflects every contact: no call would ever reach an agent")
		}
	}
	return cts
}

// plannedSite is a site whose staffing comes from the Erlang-based plan
// (model.PlanStaffing), and the key path its problems are reported on.
type plannedSite struct {
	index int
	path  keyPath
}

func (d *decoder) sites(root *table, types *names, out *[]model.Site) (*names, []plannedSite) {
	sites := &names{index: map[string]int{}}
	var plans []plannedSite
	v, p, ok := root.get("sites")
	if !ok {
		d.errorf(p, "required key is missing (add a [[sites]] table)")
		return sites, nil
	}
	a, ok := d.tables(p, v)
	if !ok {
		return sites, nil
	}
	switch {
	case len(a) == 0:
		d.errorf(p, "must list at least one site")
		return sites, nil
	case len(a) > maxSites:
		d.errorf(p, "at most %d sites, got %d", maxSites, len(a))
		return sites, nil
	}
	*out = make([]model.Site, len(a))
	for i, e := range a {
		site := &(*out)[i]
		name := ""
		sp := p.index(i)
		t, ok := d.table(sp, e)
		if !ok {
			sites.add("")
			continue
		}
		if v, np, present := d.required(t, "name"); present {
			if s, good := d.name(np, v); good {
				if j, dup := sites.index[s]; dup {
					d.errorf(np, "duplicate site name %q (also %s)", s, p.index(j).key("name"))
				} else {
					name = s
				}
				site.Name = s
			}
		}
		sites.add(name)
		_, hasWorkforce := t.m["workforce"]
		av, ap, hasAgents := t.get("agents")
		switch {
		case hasAgents && av == planned:
			if !hasWorkforce {
				d.errorf(ap, `%q needs a [sites.workforce] table (its service_level_target drives the plan)`, planned)
			}
			plans = append(plans, plannedSite{i, ap})
		case hasAgents:
			site.Staffing = d.agents(ap, av)
		case hasWorkforce:
			plans = append(plans, plannedSite{i, ap})
		default:
			d.errorf(ap, "required key is missing (give agents, or a [sites.workforce] table to staff by an Erlang-based plan)")
		}
		d.country(t, &site.Country)
		site.HandleTime = make([]model.Dist, len(types.list))
		d.handleTimes(t, types, site.HandleTime)
		d.siteBids = d.bidding[name]
		d.costs(t, &site.Costs)
		d.siteBids = false
		if v, wp, ok := t.get("workforce"); ok {
			site.Workforce = d.workforce(wp, v)
		}
		d.done(t)
	}
	return sites, plans
}

// planned is the value of agents that asks for the Erlang-based plan.
const planned = "erlang"

// planIntervalSeconds is the interval of an Erlang-based staffing plan.
const planIntervalSeconds = 1800

// planStaffing computes the Erlang-based staffing plan of every site in
// plans, once the rest of the scenario is resolved.
func (d *decoder) planStaffing(sc *model.Scenario, plans []plannedSite) {
	for _, ps := range plans {
		site := &sc.Sites[ps.index]
		// The search for a plan takes time in proportion to the load: a
		// load past what a site may staff is refused before it starts. The
		// load's forecast takes as long as the plan, so it is only made
		// when a quick upper bound does not rule such a load out.
		if !(loadBound(sc, ps.index) < maxAgents) {
			calls, aht := model.SiteLoad(sc, ps.index, planIntervalSeconds)
			peak := 0.0
			for k := range calls {
				peak = max(peak, calls[k]*aht[k]/model.SecondsPerHour)
			}
			if !(peak < maxAgents) {
				d.errorf(ps.path, "staffing plan: the load routed to the site peaks at %.4g Erlangs, more than the %d agents a site may staff", peak, maxAgents)
				continue
			}
		}
		plan, err := model.PlanStaffing(sc, ps.index, planIntervalSeconds)
		if err != nil {
			d.errorf(ps.path, "staffing plan: %s", strings.TrimPrefix(err.Error(), fmt.Sprintf("site %q: ", site.Name)))
			continue
		}
		if m := plan.Max(); m > maxAgents {
			d.errorf(ps.path, "staffing plan: needs %d agents in an interval, at most %d", m, maxAgents)
			continue
		}
		site.Staffing = plan
	}
}

// loadBound returns an upper bound, in Erlangs, of the peak load that
// model.SiteLoad forecasts for site si: for each contact type, the peak rate
// of first attempts plus every repeat contact of a week at once (the
// repeats of a week number q/(1−q) times its first attempts, q the chance
// that a contact is repeated), at the whole route's share plus the
// escalated share, times the planned handle time.
func loadBound(sc *model.Scenario, si int) float64 {
	a := sc.Demand.Arrivals
	peak := slices.Max(a.PerHour)
	weekly := a.Mean() * model.SecondsPerWeek / planIntervalSeconds // sum over the plan's intervals
	w := sc.Sites[si].Workforce
	htFactor := 1.0
	if w != nil {
		htFactor = model.HandleTimeFactor(&sc.Performance, model.PlanningSkill(w), w.Monitoring, w.LanguageFit, false)
	}
	var erlangs float64
	for t, ct := range sc.Demand.ContactTypes {
		f := ct.FCR
		if w != nil {
			f = model.ResolveProbability(&sc.Performance, ct.FCR, model.PlanningSkill(w), w.Monitoring, w.LanguageFit, false)
		}
		q := sc.Demand.Customers.RepeatProbability * (1 - f)
		if q >= 1 {
			return math.Inf(1)
		}
		s := ct.Share * (1 - ct.Deflection)
		rate := peak*s + q/(1-q)*weekly*s
		erlangs += rate * (1 + ct.Escalation) * sc.Sites[si].HandleTime[t].MeanSeconds * htFactor / model.SecondsPerHour
	}
	return erlangs
}

// agents decodes sites[i].agents: a constant number or a table.
func (d *decoder) agents(p keyPath, v any) model.AgentSchedule {
	switch x := v.(type) {
	case map[string]any:
		if _, isDist := x["dist"]; isDist {
			d.errorf(p, "must be an integer, a table or %q: agents cannot be a distribution", planned)
			return model.AgentSchedule{}
		}
		t, _ := d.table(p, v)
		interval, week, ok := d.weekTable(t, false, func(p keyPath, v any) (float64, bool) {
			n, ok := d.intRange(p, v, 0, maxAgents)
			return float64(n), ok
		})
		d.done(t)
		if !ok {
			return model.AgentSchedule{}
		}
		s := model.AgentSchedule{IntervalSeconds: interval, Agents: make([]int, len(week))}
		for i, x := range week {
			s.Agents[i] = int(x)
		}
		if s.Max() == 0 {
			d.errorf(p, "every interval has 0 agents: the site never staffs anyone")
		}
		return s
	case int64, float64:
		n, _ := d.intRange(p, v, 1, maxAgents)
		return model.AgentSchedule{Agents: []int{int(n)}}
	}
	d.errorf(p, "must be an integer, a table { interval_minutes, daily | weekly } or %q, got %s", planned, describe(v))
	return model.AgentSchedule{}
}

// handleTimes decodes handle_time and handle_time_by_type of site table t
// into out, one distribution per contact type.
func (d *decoder) handleTimes(t *table, types *names, out []model.Dist) {
	var all model.Dist
	v, p, hasAll := t.get("handle_time")
	if hasAll {
		d.dist(p, v, &all)
	}
	byType := make([]*model.Dist, len(types.list))
	if v, p, ok := t.get("handle_time_by_type"); ok {
		if bt, ok := d.table(p, v); ok {
			for _, name := range sortedKeys(bt.m) {
				v, kp, _ := bt.get(name)
				dist := new(model.Dist)
				d.dist(kp, v, dist)
				i, known := types.index[name]
				if !known {
					d.errorf(kp, "unknown contact type %q (contact types: %s)", name, types)
					continue
				}
				byType[i] = dist
			}
		}
	}
	for i, name := range types.list {
		switch {
		case byType[i] != nil:
			d.copyDist(&out[i], byType[i])
		case hasAll:
			d.copyDist(&out[i], &all)
		case name != "":
			d.errorf(t.path.key("handle_time"), "required: contact type %q has no handle time (give handle_time, or handle_time_by_type.%s)", name, quoteKey(name))
		}
	}
}

func (d *decoder) routing(root *table, types *names, sites *names, cts []model.ContactType, tendered bool) model.Routing {
	if tendered {
		return d.escalationOnly(root, sites, cts)
	}
	nSites := len(sites.list)
	single := model.Route{Kind: model.RouteShare, Sites: []int{0}, Shares: []float64{1}}
	// escalating is the first contact type that escalates, -1 if none.
	escalating := slices.IndexFunc(cts, func(ct model.ContactType) bool { return ct.Escalation > 0 })
	v, p, ok := root.get("routing")
	if !ok {
		if escalating >= 0 {
			d.errorf(root.path.key("demand").key("contact_types").index(escalating).key("escalation"),
				"needs routing.escalation_site, the second-line site escalated contacts go to")
		}
		if nSites > 1 {
			d.errorf(p, "required when there is more than one site (sites: %s)", sites)
			return model.Routing{}
		}
		r := model.Routing{ByType: make([]model.Route, len(types.list))}
		for i := range r.ByType {
			r.ByType[i] = single
		}
		return r
	}
	t, ok := d.table(p, v)
	if !ok {
		return model.Routing{}
	}
	var def *model.Route
	if t.has("kind") || t.has("shares") || t.has("order") || t.has("overflow_queue") {
		r := d.route(t, sites)
		def = &r
	}
	byType := make([]*model.Route, len(types.list))
	if v, bp, ok := t.get("by_type"); ok {
		if bt, ok := d.table(bp, v); ok {
			for _, name := range sortedKeys(bt.m) {
				v, kp, _ := bt.get(name)
				i, known := types.index[name]
				if !known {
					d.errorf(kp, "unknown contact type %q (contact types: %s)", name, types)
				}
				if rt, ok := d.table(kp, v); ok {
					r := d.route(rt, sites)
					d.done(rt)
					if known {
						byType[i] = &r
					}
				}
			}
		}
	}
	escalationSite := d.escalationSite(t, sites, cts, escalating)
	d.done(t)
	r := model.Routing{ByType: make([]model.Route, len(types.list)), EscalationSite: escalationSite}
	for i, name := range types.list {
		switch {
		case byType[i] != nil:
			r.ByType[i] = *byType[i]
		case def != nil:
			r.ByType[i] = *def
		case nSites == 1:
			r.ByType[i] = single
		case name != "":
			d.errorf(p.key("kind"), "required: contact type %q has no route (give a route for all types here, or routing.by_type.%s)", name, quoteKey(name))
		}
	}
	return r
}

// escalationSite decodes routing.escalation_site: required when contact
// type escalating (−1: none) escalates, not allowed otherwise.
func (d *decoder) escalationSite(t *table, sites *names, cts []model.ContactType, escalating int) int {
	v, ep, ok := t.get("escalation_site")
	if !ok {
		if escalating >= 0 {
			d.errorf(ep, "required: contact type %q escalates %s of its contacts (sites: %s)",
				cts[escalating].Name, num(cts[escalating].Escalation), sites)
		}
		return 0
	}
	name, ok := d.str(ep, v)
	if !ok {
		return 0
	}
	i, known := sites.index[name]
	switch {
	case !known:
		d.errorf(ep, "unknown site %q (sites: %s)", name, sites)
	case escalating < 0:
		d.errorf(ep, "only allowed when a contact type has escalation > 0")
	default:
		return i
	}
	return 0
}

// route decodes the route keys (kind, shares, order, overflow_queue) of t.
func (d *decoder) route(t *table, sites *names) model.Route {
	var r model.Route
	kv, kp, hasKind := t.get("kind")
	sv, sp, hasShares := t.get("shares")
	ov, op, hasOrder := t.get("order")
	qv, qp, hasQueue := t.get("overflow_queue")
	if !hasKind {
		d.errorf(kp, `required key is missing ("share" or "overflow")`)
		return r
	}
	kind, ok := d.str(kp, kv)
	if !ok {
		return r
	}
	switch kind {
	case "share":
		r.Kind = model.RouteShare
		if hasOrder {
			d.errorf(op, `only allowed with kind = "overflow"`)
		}
		if hasQueue {
			d.errorf(qp, `only allowed with kind = "overflow"`)
		}
		if !hasShares {
			d.errorf(sp, `required with kind = "share"`)
			return r
		}
		d.shares(sp, sv, sites, &r, "routing shares must sum to 1 in every replication (a [sweep] may vary them)")
	case "overflow":
		r.Kind = model.RouteOverflow
		if hasShares {
			d.errorf(sp, `only allowed with kind = "share"`)
		}
		if !hasOrder {
			d.errorf(op, `required with kind = "overflow"`)
			return r
		}
		n := d.order(op, ov, sites, &r)
		switch {
		case hasQueue:
			a, ok := d.array(qp, qv)
			if !ok {
				return r
			}
			if n > 0 && len(a) != n-1 {
				d.errorf(qp, "needs %s (one per site of order but the last), got %d", plural(n-1, "value"), len(a))
			}
			r.OverflowQueue = make([]int, len(a))
			for i, e := range a {
				n, _ := d.intRange(qp.index(i), e, 0, maxOverflow)
				r.OverflowQueue[i] = int(n)
			}
		case n > 1:
			d.errorf(qp, "required: one threshold per site of order but the last (%s)", plural(n-1, "value"))
		}
	default:
		d.errorf(kp, `must be "share" or "overflow", got %q`, kind)
	}
	return r
}

// shares decodes shares = { <site> = fraction, ... } into r, in the order
// of the sites in the file; fixed says why a share cannot be a
// distribution.
func (d *decoder) shares(p keyPath, v any, sites *names, r *model.Route, fixed string) {
	t, ok := d.table(p, v)
	if !ok {
		return
	}
	type share struct {
		site int
		f    float64
	}
	var list []share
	var sum float64
	allOK := true
	for _, name := range sortedKeys(t.m) {
		v, kp, _ := t.get(name)
		var f float64
		good := false
		d.fixedNumbers(fixed, func() {
			f, good = d.fraction(kp, v)
		})
		allOK = allOK && good
		sum += f
		i, known := sites.index[name]
		if !known {
			d.errorf(kp, "unknown site %q (sites: %s)", name, sites)
			allOK = false
			continue
		}
		list = append(list, share{i, f})
	}
	if len(t.m) == 0 {
		d.errorf(p, "must give the share of at least one site")
		return
	}
	if allOK && math.Abs(sum-1) > 1e-9 {
		d.errorf(p, "shares sum to %.10g, not 1", sum)
	}
	slices.SortFunc(list, func(a, b share) int { return a.site - b.site })
	for _, s := range list {
		r.Sites = append(r.Sites, s.site)
		r.Shares = append(r.Shares, s.f)
	}
}

// order decodes routing order = ["SR", "NL"] into r.Sites and returns the
// number of entries (0 when order is not an array).
func (d *decoder) order(p keyPath, v any, sites *names, r *model.Route) int {
	a, ok := d.array(p, v)
	if !ok {
		return 0
	}
	if len(a) == 0 {
		d.errorf(p, "must name at least one site")
		return 0
	}
	seen := map[string]int{}
	for i, e := range a {
		ep := p.index(i)
		name, ok := d.str(ep, e)
		if !ok {
			continue
		}
		if j, dup := seen[name]; dup {
			d.errorf(ep, "site %q is already in the order at %s", name, p.index(j))
			continue
		}
		seen[name] = i
		si, known := sites.index[name]
		if !known {
			d.errorf(ep, "unknown site %q (sites: %s)", name, sites)
			continue
		}
		r.Sites = append(r.Sites, si)
	}
	return len(a)
}
