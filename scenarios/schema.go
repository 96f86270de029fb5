package scenarios

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"offsim/internal/tomlx"
	"offsim/model"
)

// key is one key of a table of the format, declared once: its name; the
// columns of its row in the reference of README.md (unit, default, range,
// meaning, source); where its value goes in the model; its range and the
// limits that keep a run finite; its default; and, for the keys the
// engine (decodeTable, Encode) cannot read or write from that alone, a
// decoder and an encoder of its own.
type key struct {
	name string
	// The reference row: unit says the type and unit; defs and rngs stand
	// in the default and range columns where def and b do not say it all.
	unit, doc, src, defs, rngs string

	// at returns the field, from the table's Go value (a *T): a *float64,
	// *int, *uint64, *string or *bool; with sub, the *U of a table.
	at func(any) any
	// def is the default of a float64, int, string or bool field (nil:
	// the zero value); init fills a default def cannot say.
	def  any
	init func(dst any)
	// b is the range of a number (lo and hi the bounds of an integer, or
	// the count of an array of tables).
	b bounds
	// factor: the field holds the value × factor (a unit: hours in
	// seconds); 0 means 1.
	factor float64
	// fixed says why the number cannot be a parameter distribution.
	fixed string
	// Keys of one group exclude each other (horizon_hours, horizon_months);
	// req makes the key (or one of its group) required, miss says more.
	group string
	req   bool
	miss  string
	// need says why an absent key is required here, only why a given key
	// is not allowed ("-": silently, another problem was reported).
	need, only hook

	sub    *schema
	list   list   // an array of tables
	noun   string // an element of the array, in messages
	lazy   bool   // a table whose defaults hold only when it is given
	empty  bool   // an absent table is read as an empty one (its required keys are missing)
	inline bool   // written as an inline table
	want   string // what the value must be, in "must be X, got Y" ("a table")
	omit   func(e *encoder, p keyPath, src any) bool

	// dec decodes the key (and reads its value itself, so that it can be
	// absent); false stops the table. val decodes a given value, after
	// the engine's checks of presence. enc returns the value to write
	// (nil: none). skip marks a key another key's dec reads.
	dec  func(d *decoder, t *table, dst any, at place) bool
	val  func(d *decoder, p keyPath, v any, dst any, at place)
	enc  func(e *encoder, p keyPath, src any) any
	skip bool
}

// hook answers a question about key k of table t whose Go value is dst.
type hook func(d *decoder, t *table, dst any) string

// choice is a key whose value, of the table's Go value, allows (only),
// requires (need) and writes (omit) other keys of the table. When the key
// has a problem of its own, nothing is required, and another key is
// refused silently or, if lenient, decoded.
type choice[E interface {
	comparable
	fmt.Stringer
}] struct {
	key     string
	of      func(dst any) E
	say     bool // only says the key's value
	lenient bool
}

func (c choice[E]) only(in ...E) hook {
	return func(d *decoder, t *table, dst any) string {
		v, bad := c.of(dst), d.bad[t.path.Key(c.key)]
		switch {
		case bad && !c.lenient:
			return "-"
		case bad || slices.Contains(in, v):
			return ""
		case c.say:
			return fmt.Sprintf("only allowed with %s = %s (%s is %q)", c.key, quoted(in), c.key, v.String())
		}
		return fmt.Sprintf("only allowed with %s = %s", c.key, quoted(in))
	}
}

func (c choice[E]) need(in ...E) hook {
	return func(d *decoder, t *table, dst any) string {
		if v := c.of(dst); slices.Contains(in, v) && !d.bad[t.path.Key(c.key)] {
			return fmt.Sprintf("required with %s = %q", c.key, v.String())
		}
		return ""
	}
}

func (c choice[E]) omit(in ...E) func(*encoder, keyPath, any) bool {
	return func(_ *encoder, _ keyPath, src any) bool { return !slices.Contains(in, c.of(src)) }
}

// quoted returns "a" or "b".
func quoted[E fmt.Stringer](in []E) string {
	s := make([]string, len(in))
	for i, e := range in {
		s[i] = strconv.Quote(e.String())
	}
	return strings.Join(s, " or ")
}

// first returns the first message of hooks.
func first(hooks ...hook) hook {
	return func(d *decoder, t *table, dst any) string {
		for _, h := range hooks {
			if msg := h(d, t, dst); msg != "" {
				return msg
			}
		}
		return ""
	}
}

// schema is the keys of one table, in the order of its reference table
// (also the order in which they are decoded and suggested).
type schema struct {
	keys  []*key
	fixed string // why no number of the table may be a distribution
	// check runs after the keys, for what involves several of them.
	check func(d *decoder, t *table, dst any, at place)
}

// place finds a table's Go value in a scenario: the one being decoded, or
// a replication's clone of it, in which an uncertain parameter's Apply
// sets its drawn value.
type place func(*model.Scenario) any

// field returns the at of a key: f applied to the table's Go value.
func field[T, F any](f func(*T) *F) func(any) any {
	return func(x any) any { return f(x.(*T)) }
}

// within returns the place of the value f reaches from the value at at.
func within(at place, f func(any) any) place {
	return func(sc *model.Scenario) any { return f(at(sc)) }
}

// list is an array of tables: a slice field of the table's Go value.
type list interface {
	make(dst any, n int)
	elem(dst any, i int) any
	len(src any) int
}

// listOf is the list of a slice field f.
type listOf[T, E any] func(*T) *[]E

func (f listOf[T, E]) make(dst any, n int)     { *f(dst.(*T)) = make([]E, n) }
func (f listOf[T, E]) elem(dst any, i int) any { return &(*f(dst.(*T)))[i] }
func (f listOf[T, E]) len(src any) int         { return len(*f(src.(*T))) }

// bounds is the range a number must lie in and how a value outside it is
// said, and the limits beyond the range that keep memory, time and every
// figure of a run finite.
type bounds struct {
	lo, hi         float64
	loOpen, hiOpen bool
	what           string  // "must be positive"; "" for any number
	min, max       float64 // limits; 0: none
}

var inf = math.Inf(1)

func positive(max float64) bounds {
	return bounds{hi: inf, loOpen: true, what: "must be positive", max: max}
}
func nonNeg(max float64) bounds { return bounds{hi: inf, what: "must be >= 0", max: max} }
func above(lo, max float64) bounds {
	return bounds{lo: lo, hi: inf, loOpen: true, what: "must be > " + num(lo), max: max}
}
func between(lo, hi float64) bounds {
	return bounds{lo: lo, hi: hi, what: fmt.Sprintf("must be in [%s, %s]", num(lo), num(hi))}
}
func anyNumber(min, max float64) bounds { return bounds{lo: -inf, hi: inf, min: min, max: max} }
func ints(lo, hi int) bounds            { return bounds{lo: float64(lo), hi: float64(hi)} }

var (
	fraction = bounds{hi: 1, what: "must be in [0, 1]"}
	belowOne = bounds{hi: 1, hiOpen: true, what: "must be in [0, 1)"}
)

func (b bounds) has(x float64) bool {
	return (x > b.lo || !b.loOpen && x == b.lo) && (x < b.hi || !b.hiOpen && x == b.hi)
}

// problem says what is wrong with x, or returns "".
func (b bounds) problem(x float64) string {
	switch {
	case !b.has(x):
		return fmt.Sprintf("%s, got %s", b.what, num(x))
	case b.max != 0 && x > b.max:
		return fmt.Sprintf("must be at most %s, got %s", num(b.max), num(x))
	case b.min != 0 && x < b.min:
		return fmt.Sprintf("must be at least %s, got %s", num(b.min), num(x))
	}
	return ""
}

// clamp returns x within the range and the limits.
func (b bounds) clamp(x float64) float64 {
	lo, hi := b.lo, b.hi
	if b.min != 0 {
		lo = max(lo, b.min)
	}
	if b.max != 0 {
		hi = min(hi, b.max)
	}
	return min(max(x, lo), hi)
}

// factorOf returns the factor of k, 1 when none is given.
func (k *key) factorOf() float64 { return max(k.factor, 1) }

// fillDefaults sets the defaults of s in dst, and of the tables in it
// that are not lazy.
func fillDefaults(s *schema, dst any) {
	for _, k := range s.keys {
		switch {
		case k.init != nil:
			k.init(dst)
		case k.sub != nil && k.list == nil && !k.lazy:
			fillDefaults(k.sub, k.at(dst))
		case k.def != nil:
			switch f := k.at(dst).(type) {
			case *float64:
				*f = k.def.(float64)
			case *int:
				*f = k.def.(int)
			case *uint64:
				*f = uint64(k.def.(int))
			case *string:
				*f = k.def.(string)
			case *bool:
				*f = k.def.(bool)
			}
		}
	}
}

// decodeTable decodes table t into dst, the Go value of s, found in a
// scenario by at: every key of s in order, then s's check, then the keys
// t has and s does not, which are unknown.
func (d *decoder) decodeTable(t *table, s *schema, dst any, at place) {
	defer d.fix(s.fixed)()
	given := map[string]bool{}
	for _, k := range s.keys {
		if k.skip {
			continue
		}
		if k.dec != nil {
			if !k.dec(d, t, dst, at) {
				return
			}
			continue
		}
		v, p, ok := t.get(k.name)
		if !ok && k.empty {
			v, ok = map[string]any{}, true
		}
		switch {
		case ok && k.group != "" && given[k.group]:
			d.errorf(p, "%s", groupConflict(s, k.group))
			continue
		case ok:
			given[k.group] = true
		case k.group != "":
			names := groupNames(s, k.group)
			if !given[k.group] && k.name == names[len(names)-1] && slices.ContainsFunc(s.keys, func(m *key) bool { return m.group == k.group && m.req }) {
				d.errorf(t.path.Key(names[0]), "required key is missing (give %s)", strings.Join(names, " or "))
			}
			continue
		case k.req:
			d.errorf(p, "required key is missing%s", k.miss)
			continue
		default:
			if k.need != nil {
				if msg := k.need(d, t, dst); msg != "" {
					d.errorf(p, "%s", msg)
				}
			}
			continue
		}
		if k.only != nil {
			if msg := k.only(d, t, dst); msg != "" {
				if msg != "-" {
					d.errorf(p, "%s", msg)
				}
				continue
			}
		}
		d.value(k, p, v, dst, at)
	}
	if s.check != nil {
		s.check(d, t, dst, at)
	}
	d.done(t)
}

// fix says why a number cannot be a distribution ("": as before) until
// the function it returns restores what was said before.
func (d *decoder) fix(why string) func() {
	old := d.fixed
	d.fixed = cmp.Or(why, old)
	return func() { d.fixed = old }
}

// plainOnly, as a schema's fixed, makes its numbers plain: a table with a
// dist is no number there, not a distribution that is refused.
const plainOnly = "\x00plain"

func groupNames(s *schema, group string) []string {
	var names []string
	for _, k := range s.keys {
		if k.group == group {
			names = append(names, k.name)
		}
	}
	return names
}

// groupConflict says that the keys of a group exclude each other.
func groupConflict(s *schema, group string) string {
	names := groupNames(s, group)
	if len(names) == 2 {
		return fmt.Sprintf("give %s or %s, not both", names[0], names[1])
	}
	return "give only one of " + strings.Join(names, ", ")
}

// value decodes the value v of key k at p into dst.
func (d *decoder) value(k *key, p keyPath, v any, dst any, at place) {
	defer d.fix(k.fixed)()
	if k.val != nil {
		k.val(d, p, v, dst, at)
		return
	}
	if k.list != nil {
		d.array(k, p, v, dst, at)
		return
	}
	if k.sub != nil {
		t, ok := d.tableAs(p, v, k.want)
		if !ok {
			return
		}
		sub := k.at(dst)
		if k.lazy {
			fillDefaults(k.sub, sub)
		}
		d.decodeTable(t, k.sub, sub, within(at, k.at))
		return
	}
	switch f := k.at(dst).(type) {
	case *float64:
		x, pd, ok := d.number(p, v, k.b)
		if ok {
			*f = x * k.factorOf()
			d.bind(p, pd, k.b, func(sc *model.Scenario, x float64) { *k.at(at(sc)).(*float64) = x * k.factorOf() })
		}
	case *int:
		if n, ok := d.intIn(p, v, k.b); ok {
			*f = int(n)
		}
	case *uint64:
		if n, ok := d.intIn(p, v, k.b); ok {
			*f = uint64(n)
		}
	case *string:
		if s, ok := d.name(p, v); ok {
			*f = s
		}
	case *bool:
		if b, ok := v.(bool); ok {
			*f = b
		} else {
			d.errorf(p, "must be true or false, got %s", tomlx.Describe(v))
		}
	default:
		panic(fmt.Sprintf("key %s: field of type %T", k.name, f))
	}
}

// array decodes the array of tables v of key k at p into dst.
func (d *decoder) array(k *key, p keyPath, v any, dst any, at place) {
	a, ok := d.tables(p, v)
	if !ok {
		return
	}
	switch {
	case len(a) < int(k.b.lo):
		d.errorf(p, "must list at least one %s", k.noun)
		return
	case k.b.hi > 0 && len(a) > int(k.b.hi):
		d.errorf(p, "at most %d %ss, got %d", int(k.b.hi), k.noun, len(a))
		return
	case k.noun == "site" && len(a)*len(d.names("contact type").list) > maxSiteTypes:
		nt := len(d.names("contact type").list)
		d.errorf(p, "%d sites × %d contact types = %d, at most %d (the plans and statistics grow with the product)", len(a), nt, len(a)*nt, maxSiteTypes)
		return
	}
	k.list.make(dst, len(a))
	for i, e := range a {
		ep := p.Index(i)
		t, ok := d.table(ep, e)
		if !ok {
			d.names(k.noun).add("")
			continue
		}
		n := len(d.names(k.noun).list)
		el := k.list.elem(dst, i)
		fillDefaults(k.sub, el)
		d.decodeTable(t, k.sub, el, func(sc *model.Scenario) any { return k.list.elem(at(sc), i) })
		if len(d.names(k.noun).list) == n {
			d.names(k.noun).add("")
		}
	}
}

// nameKey is the name key of the elements of an array of tables: unique
// among them.
func nameKey[T any](noun string, f func(*T) *string, doc string) *key {
	return &key{name: "name", unit: "string", req: true, rngs: "unique; a name (see above)", doc: doc, at: field(f),
		val: func(d *decoder, p keyPath, v any, dst any, _ place) {
			s, ok := d.name(p, v)
			if !ok {
				return
			}
			*f(dst.(*T)) = s
			names := d.names(noun)
			if j, dup := names.index[s]; dup {
				what := map[string]string{"site": "site name", "bidder": "bidder name"}[noun]
				d.errorf(p, "duplicate %s %q (also %s)", cmp.Or(what, noun), s, p.Parent().Parent().Index(j).Key("name"))
				s = ""
			}
			names.add(s)
		}}
}

// ---- uncertain parameters ----

// param is one parameter distribution of the file: its key path, and how
// a drawn value is put into a scenario (several places for a value that
// several fields share, as a site's handle_time).
type param struct {
	key  keyPath
	also []string // the other keys of a shared parameter
	dist model.ParamDist
	b    bounds
	sets []func(*model.Scenario, float64)
}

// bind records that the distribution pd (nil: none) decoded at p sets a
// field by set.
func (d *decoder) bind(p keyPath, pd *model.ParamDist, b bounds, set func(*model.Scenario, float64)) {
	if pd == nil {
		return
	}
	for _, prm := range d.params {
		switch {
		case prm.key == p:
			prm.sets = append(prm.sets, set)
			return
		case pd.Shared != "" && prm.dist.Shared == pd.Shared:
			if prm.dist != *pd || prm.b.lo != b.lo || prm.b.hi != b.hi {
				d.errorf(p, "shared = %q: a different distribution or range than %s, which shares it", pd.Shared, prm.key)
				return
			}
			if !slices.Contains(prm.also, string(p)) {
				prm.also = append(prm.also, string(p))
			}
			prm.sets = append(prm.sets, set)
			return
		}
	}
	d.params = append(d.params, &param{key: p, dist: *pd, b: b, sets: []func(*model.Scenario, float64){set}})
}

// uncertainUnder reports whether a parameter distribution was decoded at p
// or inside it.
func (d *decoder) uncertainUnder(p keyPath) bool {
	for _, prm := range d.params {
		if under(string(prm.key), p) {
			return true
		}
	}
	return false
}

// under reports whether key path k is p or inside it.
func under(k string, p keyPath) bool {
	return k == string(p) || strings.HasPrefix(k, string(p)) && strings.ContainsRune(".[", rune(k[len(p)]))
}

// uncertain turns the parameter distributions into sc.Uncertain. Apply
// puts a drawn value (within the key's range and limits: a normal or
// lognormal draw beyond them takes the nearest allowed value) into each
// field the key sets.
func (d *decoder) uncertain(sc *model.Scenario) {
	for _, prm := range d.params {
		sc.Uncertain = append(sc.Uncertain, model.Uncertain{Key: string(prm.key), Also: prm.also, Dist: prm.dist,
			Apply: func(c *model.Scenario, v float64) {
				v = prm.b.clamp(v)
				for _, set := range prm.sets {
					set(c, v)
				}
			}})
	}
}

// field returns the at of the key name of s.
func (s *schema) field(name string) func(any) any {
	return s.keys[slices.IndexFunc(s.keys, named(name))].at
}

func (s *schema) has(name string) bool { return slices.ContainsFunc(s.keys, named(name)) }

func named(name string) func(*key) bool { return func(k *key) bool { return k.name == name } }
