package scenarios

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"offsim/internal/tomlx"
	"offsim/model"
)

// decoder walks the generic tree the TOML parser returns along the schema,
// checking every key and value and collecting every problem.
type decoder struct {
	loc    *locator
	errs   ErrorList
	bad    map[keyPath]bool // the paths with a problem
	start  int64            // start_date, days since 1970-01-01
	fixed  string           // why a number here cannot be a distribution ("": it may)
	params []*param         // the parameter distributions so far
	lists  map[string]*names
	plans  []plannedSite // the sites staffed by the Erlang-based plan
	// bidding names the sites a [tender]'s bidders run (their price comes
	// from their bids), owner is each site's bidder (−1: none).
	bidding map[string]bool
	owner   []int
	sc      *model.Scenario // the scenario so far, for checks across tables
	// orderEntries counts the entries of the route's order being decoded.
	orderEntries int
}

func newDecoder(loc *locator) *decoder {
	return &decoder{loc: loc, bad: map[keyPath]bool{}, lists: map[string]*names{}, start: defaultStart}
}

// errorf records a problem at key path p, on the line p is defined on or,
// when p is not in the file (a missing key), on the line of the nearest
// enclosing table that is. In a merged tree (extends) the problem names
// the file the value comes from, and its path there.
func (d *decoder) errorf(p keyPath, format string, a ...any) {
	f, key, line := d.loc.locate(p)
	d.bad[p] = true
	d.errs = append(d.errs, &Error{File: d.loc.files[f].name, Line: line, Key: string(key), Msg: fmt.Sprintf(format, a...)})
}

// names returns the names of the contact types, sites or bidders.
func (d *decoder) names(noun string) *names {
	if d.lists[noun] == nil {
		d.lists[noun] = &names{index: map[string]int{}}
	}
	return d.lists[noun]
}

// names maps the names of contact types, sites or bidders to their index.
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
	return strings.Join(slices.DeleteFunc(slices.Clone(n.list), func(s string) bool { return s == "" }), ", ")
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
	return v, t.path.Key(name), ok
}

// done reports every key of t the decoder did not ask for.
func (d *decoder) done(t *table) {
	for _, k := range sortedKeys(t.m) {
		if !slices.Contains(t.known, k) {
			d.errorf(t.path.Key(k), "unknown key%s", tomlx.Suggest(k, t.known))
		}
	}
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// plural returns "1 value", "2 values".
func plural(n int, word string) string {
	return fmt.Sprintf("%d %s%s", n, word, map[bool]string{true: "s"}[n != 1])
}

func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func (d *decoder) table(p keyPath, v any) (*table, bool) { return d.tableAs(p, v, "") }

// tableAs is table with what it must be said otherwise ("" for "a table").
func (d *decoder) tableAs(p keyPath, v any, want string) (*table, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		d.errorf(p, "must be %s, got %s", cmp.Or(want, "a table"), tomlx.Describe(v))
		return nil, false
	}
	return &table{path: p, m: m}, true
}

// tables decodes an array of tables, [[name]] or name = [{...}, ...].
func (d *decoder) tables(p keyPath, v any) ([]any, bool) {
	if !isArrayValue(v) {
		d.errorf(p, "must be an array of tables ([[%s]]), got %s", p, tomlx.Describe(v))
		return nil, false
	}
	return d.arrayOf(p, v)
}

// arrayOf returns v as an array of at most maxArray values.
func (d *decoder) arrayOf(p keyPath, v any) ([]any, bool) {
	a, ok := v.([]any)
	if m, isTables := v.([]map[string]any); isTables {
		a, ok = make([]any, len(m)), true
		for i := range m {
			a[i] = m[i]
		}
	}
	switch {
	case !ok:
		d.errorf(p, "must be an array, got %s", tomlx.Describe(v))
	case len(a) > maxArray:
		d.errorf(p, "has %d elements, at most %d", len(a), maxArray)
	default:
		return a, true
	}
	return nil, false
}

func isArrayValue(v any) bool {
	_, a := v.([]any)
	_, t := v.([]map[string]any)
	return a || t
}

func (d *decoder) str(p keyPath, v any) (string, bool) {
	s, ok := v.(string)
	if !ok {
		d.errorf(p, "must be a string, got %s", tomlx.Describe(v))
	}
	return s, ok
}

// name decodes a name: not empty, and usable in a file name.
func (d *decoder) name(p keyPath, v any) (string, bool) {
	s, ok := d.str(p, v)
	if msg := nameProblem(s); ok && msg != "" {
		d.errorf(p, "%s", msg)
		return s, false
	}
	return s, ok
}

// nameProblem says why s cannot be a name, or returns "".
func nameProblem(s string) string {
	switch {
	case strings.TrimSpace(s) == "":
		return "must not be empty"
	case len(s) > maxNameBytes:
		return fmt.Sprintf("must be at most %d bytes long, got %d", maxNameBytes, len(s))
	case !utf8.ValidString(s) || strings.ContainsFunc(s, unicode.IsControl):
		return "must not hold control characters or invalid UTF-8"
	case strings.ContainsAny(s, `/\`):
		return `must not hold "/" or "\": it is part of file names`
	case s[0] == '-' || s == "." || s == "..":
		return fmt.Sprintf("must not start with '-' or be \".\" or \"..\", got %q", s)
	}
	return ""
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
	d.errorf(p, "must be a number, got %s", tomlx.Describe(v))
	return 0, false
}

// intIn decodes a TOML integer within b.lo and b.hi.
func (d *decoder) intIn(p keyPath, v any, b bounds) (int64, bool) {
	n, ok := v.(int64)
	if !ok {
		if hasDist(v) {
			d.errorf(p, "is an integer, which cannot be a distribution")
		} else {
			d.errorf(p, "must be an integer, got %s", tomlx.Describe(v))
		}
		return 0, false
	}
	lo, hi := int64(b.lo), int64(math.MaxInt64)
	if b.hi < math.MaxInt64 {
		hi = int64(b.hi)
	}
	switch {
	case n < lo && lo == 0:
		d.errorf(p, "must be >= 0, got %d", n)
	case n < lo:
		d.errorf(p, "must be at least %d, got %d", lo, n)
	case n > hi:
		d.errorf(p, "must be at most %d, got %d", hi, n)
	default:
		return n, true
	}
	return n, false
}

// hasDist reports whether v is a table with a dist key: a distribution,
// not a table of another form.
func hasDist(v any) bool {
	m, _ := v.(map[string]any)
	_, ok := m["dist"]
	return ok
}

// numberIn returns the decoder of a plain number within b, an element of
// an array.
func (d *decoder) numberIn(b bounds) func(p keyPath, v any) (float64, bool) {
	return func(p keyPath, v any) (float64, bool) {
		x, _, ok := d.number(p, v, b)
		return x, ok
	}
}

// number decodes a number within b at p: a plain number or, where d.fixed
// allows, a parameter distribution (see paramDist), whose expected value
// it returns along with the distribution.
func (d *decoder) number(p keyPath, v any, b bounds) (float64, *model.ParamDist, bool) {
	if hasDist(v) && d.fixed != plainOnly {
		if d.fixed != "" {
			d.errorf(p, "cannot be a distribution: %s", d.fixed)
			return 0, nil, false
		}
		return d.paramDist(p, v.(map[string]any), b)
	}
	x, ok := d.plainNumber(p, v)
	if !ok {
		return 0, nil, false
	}
	if msg := b.problem(x); msg != "" {
		d.errorf(p, "%s", msg)
		return x, nil, false
	}
	return x, nil, true
}

// paramDist decodes a parameter distribution table m at p for a key whose
// values must lie within b (see paramSchema). It returns the expected
// value and the distribution.
func (d *decoder) paramDist(p keyPath, m map[string]any, b bounds) (float64, *model.ParamDist, bool) {
	t := &table{path: p, m: m}
	kv, kp, _ := t.get("dist")
	s, ok := d.str(kp, kv)
	if !ok {
		return 0, nil, false
	}
	switch s {
	case "exponential", "deterministic":
		d.errorf(kp, "%q is the distribution of a duration (patience, handle_time, delays, with mean_seconds); a number takes a parameter distribution: triangular, uniform, normal, lognormal or beta", s)
		return 0, nil, false
	case "lognormal":
		for _, k := range []string{"mean_seconds", "mean_days", "cv"} {
			if _, has := m[k]; has {
				d.errorf(p.Key(k), "a parameter's lognormal takes mean and sd, in the key's own unit (mean_seconds, mean_days and cv describe a duration's distribution)")
				return 0, nil, false
			}
		}
	}
	kind, err := model.ParseParamKind(s)
	if err != nil {
		d.errorf(kp, "%s", err)
		return 0, nil, false
	}
	pd := &model.ParamDist{Kind: kind, Max: float64(btoi(kind == model.ParamBeta))}
	keys := paramKeys[kind]
	required := len(keys) - 2*btoi(kind == model.ParamNormal || kind == model.ParamBeta)
	given := map[string]bool{}
	for i, name := range keys {
		v, vp, present := t.get(name)
		if !present {
			if i < required {
				d.errorf(vp, "required key is missing (%s takes %s)", s, strings.Join(keys[:required], ", "))
				ok = false
			}
			continue
		}
		given[name] = true
		x, good := d.plainNumber(vp, v)
		*paramSchema.field(name)(pd).(*float64) = x
		ok = ok && good
	}
	if v, vp, present := t.get("shared"); present {
		name, good := d.name(vp, v)
		pd.Shared, ok = name, ok && good
	}
	d.done(t)
	if kind == model.ParamNormal && ok {
		if given["min"] != given["max"] {
			d.errorf(p.Key(map[bool]string{true: "max", false: "min"}[given["min"]]), "required key is missing: a normal is bounded by min and max together")
			return 0, nil, false
		}
		pd.Bounded = given["min"]
	}
	if !ok {
		return 0, nil, false
	}
	if msg := paramProblem(pd, b); msg != "" {
		d.errorf(p, "%s", msg)
		return 0, nil, false
	}
	return pd.ExpectedValue(), pd, true
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// paramKeys are the keys of each family's table, required first.
var paramKeys = map[model.ParamKind][]string{
	model.ParamTriangular: {"min", "mode", "max"},
	model.ParamUniform:    {"min", "max"},
	model.ParamNormal:     {"mean", "sd", "min", "max"},
	model.ParamLognormal:  {"mean", "sd"},
	model.ParamBeta:       {"alpha", "beta", "min", "max"},
}

// paramProblem says why pd does not suit a key within b, or returns "".
func paramProblem(pd *model.ParamDist, b bounds) string {
	if err := pd.Validate(); err != nil {
		return err.Error()
	}
	lo, hi := pd.Support()
	switch {
	case pd.Bounded && !(pd.Mean >= pd.Min && pd.Mean <= pd.Max):
		return fmt.Sprintf("normal mean %s must lie within [min, max] = [%s, %s]", num(pd.Mean), num(pd.Min), num(pd.Max))
	case pd.Kind == model.ParamBeta && !(pd.Alpha >= minBetaShape && pd.Alpha <= maxBetaShape && pd.Beta >= minBetaShape && pd.Beta <= maxBetaShape):
		return fmt.Sprintf("beta shapes must be in [%s, %s], got %s, %s", num(minBetaShape), num(maxBetaShape), num(pd.Alpha), num(pd.Beta))
	case pd.Kind == model.ParamLognormal && pd.SD > maxLognormalCV*pd.Mean:
		return fmt.Sprintf("a lognormal's sd must be at most %d times its mean, got %s", maxLognormalCV, num(pd.SD))
	}
	if msg := supportProblem(pd, b); msg != "" {
		return msg
	}
	// Draws of an unbounded family beyond the limits are clamped; a
	// bounded family must stay within them, and every expected value.
	ev := pd.ExpectedValue()
	if b.max != 0 && (hi > b.max && !math.IsInf(hi, 1) || ev > b.max) {
		return fmt.Sprintf("must be at most %s, but the %s distribution draws up to %s (expected value %s)", num(b.max), pd.Kind, num(hi), num(ev))
	}
	if b.min != 0 && (lo < b.min && !math.IsInf(lo, -1) && pd.Kind != model.ParamLognormal || ev < b.min) {
		return fmt.Sprintf("must be at least %s, but the %s distribution draws from %s (expected value %s)", num(b.min), pd.Kind, num(lo), num(ev))
	}
	return ""
}

// supportProblem says why the values pd can draw are not all within the
// range of b, or returns "".
func supportProblem(pd *model.ParamDist, b bounds) string {
	lo, hi := pd.Support()
	loOpen := pd.Kind == model.ParamLognormal // never draws 0 itself
	loOK := lo > b.lo || lo == b.lo && (!b.loOpen || loOpen)
	hiOK := hi < b.hi || hi == b.hi && !b.hiOpen
	if loOK && hiOK {
		return ""
	}
	if pd.Kind == model.ParamNormal && !pd.Bounded {
		return fmt.Sprintf("%s, but a normal distribution without min and max can draw any value: bound it with min and max", b.what)
	}
	open, end := "[", "]"
	if loOpen || math.IsInf(lo, 0) {
		open = "("
	}
	if math.IsInf(hi, 0) {
		end = ")"
	}
	return fmt.Sprintf("%s, but the %s distribution draws from %s%s, %s%s", b.what, pd.Kind, open, num(lo), num(hi), end)
}

// A date is a TOML local date (2026-01-01) or a string ("2026-01-01"); the
// decoder keeps its day number, days since 1970-01-01.

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
	d.errorf(p, "must be a date YYYY-MM-DD, got %s", tomlx.Describe(v))
	return 0, false
}

// weekday returns the weekday of a day number, Monday 0 to Sunday 6.
func weekday(day int64) int {
	return int(((day+3)%7 + 7) % 7) // 1970-01-01 was a Thursday
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
