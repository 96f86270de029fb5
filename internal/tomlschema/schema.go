package tomlschema

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"offsim/model"
)

// Key is one key of a table of the format, declared once: its name; the
// columns of its row in the reference of README.md (unit, default, range,
// meaning, source); where its value goes in the model; its range and the
// limits that keep a run finite; its default; and, for the keys the
// engine (DecodeTable, Encoder) cannot read or write from that alone, a
// decoder and an encoder of its own.
type Key[X any] struct {
	Name string
	// The reference row: Unit says the type and unit; Defs and Rngs stand
	// in the default and range columns where Def and B do not say it all.
	Unit, Doc, Src, Defs, Rngs string

	// At returns the field, from the table's Go value (a *T): a *float64,
	// *int, *uint64, *string or *bool; with Sub, the *U of a table.
	At func(any) any
	// Def is the default of a float64, int, string or bool field (nil:
	// the zero value); Init fills a default Def cannot say.
	Def  any
	Init func(dst any)
	// B is the range of a number (Lo and Hi the bounds of an integer, or
	// the count of an array of tables).
	B Bounds
	// Factor: the field holds the value × Factor (a unit: hours in
	// seconds); 0 means 1.
	Factor float64
	// Fixed says why the number cannot be a parameter distribution.
	Fixed string
	// Keys of one group exclude each other (horizon_hours, horizon_months);
	// Req makes the key (or one of its group) required, Miss says more.
	Group string
	Req   bool
	Miss  string
	// Need says why an absent key is required here, Only why a given key
	// is not allowed ("-": silently, another problem was reported).
	Need, Only Hook[X]

	Sub  *Schema[X] // a table's keys, or an element's of an array of tables
	List List       // an array of tables
	// Len says what is wrong with an array of n tables within the range
	// of B ("": nothing).
	Len    func(d *X, n int) string
	Noun   string // an element of the array, in messages
	Lazy   bool   // a table whose defaults hold only when it is given
	Empty  bool   // an absent table is read as an empty one (its required keys are missing)
	Inline bool   // written as an inline table
	want   string // what the value must be, in "must be X, got Y" ("a table")
	Omit   func(e *Encoder[X], p Path, src any) bool

	// Dec decodes the key (and reads its value itself, so that it can be
	// absent); false stops the table. Val decodes a given value, after
	// the engine's checks of presence. Enc returns the value to write
	// (nil: none), Omit whether to leave the key out. Skip marks a key
	// another key's Dec reads.
	Dec  func(d *X, t *Table, dst any, at Place) bool
	Val  func(d *X, p Path, v any, dst any, at Place)
	Enc  func(e *Encoder[X], p Path, src any) any
	Skip bool
}

// Hook answers a question about key k of table t whose Go value is dst.
type Hook[X any] func(d *X, t *Table, dst any) string

// Choice is a key whose value, of the table's Go value, allows (only),
// requires (need) and writes (omit) other keys of the table. When the key
// has a problem of its own, nothing is required, and another key is
// refused silently or, if lenient, decoded.
type Choice[X any, E interface {
	comparable
	fmt.Stringer
}] struct {
	Key     string
	Of      func(dst any) E
	Say     bool // only says the key's value
	Lenient bool
}

func (c Choice[X, E]) Only(in ...E) Hook[X] {
	return func(d *X, t *Table, dst any) string {
		v, bad := c.Of(dst), eng(d).Bad[t.Path.Key(c.Key)]
		switch {
		case bad && !c.Lenient:
			return "-"
		case bad || slices.Contains(in, v):
			return ""
		case c.Say:
			return fmt.Sprintf("only allowed with %s = %s (%s is %q)", c.Key, quoted(in), c.Key, v.String())
		}
		return fmt.Sprintf("only allowed with %s = %s", c.Key, quoted(in))
	}
}

func (c Choice[X, E]) Need(in ...E) Hook[X] {
	return func(d *X, t *Table, dst any) string {
		if v := c.Of(dst); slices.Contains(in, v) && !eng(d).Bad[t.Path.Key(c.Key)] {
			return fmt.Sprintf("required with %s = %q", c.Key, v.String())
		}
		return ""
	}
}

func (c Choice[X, E]) Omit(in ...E) func(*Encoder[X], Path, any) bool {
	return func(_ *Encoder[X], _ Path, src any) bool { return !slices.Contains(in, c.Of(src)) }
}

// quoted returns "a" or "b".
func quoted[E fmt.Stringer](in []E) string {
	s := make([]string, len(in))
	for i, e := range in {
		s[i] = strconv.Quote(e.String())
	}
	return strings.Join(s, " or ")
}

// First returns the first message of hooks.
func First[X any](hooks ...Hook[X]) Hook[X] {
	return func(d *X, t *Table, dst any) string {
		for _, h := range hooks {
			if msg := h(d, t, dst); msg != "" {
				return msg
			}
		}
		return ""
	}
}

// Schema is the keys of one table, in the order of its reference table
// (also the order in which they are decoded and suggested).
type Schema[X any] struct {
	Keys  []*Key[X]
	Fixed string // why no number of the table may be a distribution
	// Check runs after the keys, for what involves several of them.
	Check func(d *X, t *Table, dst any, at Place)
}

// Place finds a table's Go value in a scenario: the one being decoded, or
// a replication's clone of it, in which an uncertain parameter's Apply
// sets its drawn value.
type Place func(*model.Scenario) any

// Field returns the At of a key: f applied to the table's Go value.
func Field[T, F any](f func(*T) *F) func(any) any {
	return func(x any) any { return f(x.(*T)) }
}

// Within returns the place of the value f reaches from the value at at.
func Within(at Place, f func(any) any) Place {
	return func(sc *model.Scenario) any { return f(at(sc)) }
}

// List is an array of tables: a slice field of the table's Go value.
type List interface {
	make(dst any, n int)
	elem(dst any, i int) any
	len(src any) int
}

// ListOf is the list of a slice field f.
type ListOf[T, E any] func(*T) *[]E

func (f ListOf[T, E]) make(dst any, n int) { *f(dst.(*T)) = make([]E, n) }

func (f ListOf[T, E]) elem(dst any, i int) any { return &(*f(dst.(*T)))[i] }

func (f ListOf[T, E]) len(src any) int { return len(*f(src.(*T))) }

// Bounds is the range a number must lie in and how a value outside it is
// said, and the limits beyond the range that keep memory, time and every
// figure of a run finite.
type Bounds struct {
	Lo, Hi         float64
	LoOpen, HiOpen bool
	What           string  // "must be positive"; "" for any number
	Min, Max       float64 // limits; 0: none
}

var inf = math.Inf(1)

func Positive(max float64) Bounds {
	return Bounds{Hi: inf, LoOpen: true, What: "must be positive", Max: max}
}

func NonNeg(max float64) Bounds { return Bounds{Hi: inf, What: "must be >= 0", Max: max} }

func Above(lo, max float64) Bounds {
	return Bounds{Lo: lo, Hi: inf, LoOpen: true, What: "must be > " + Num(lo), Max: max}
}

func Between(lo, hi float64) Bounds {
	return Bounds{Lo: lo, Hi: hi, What: fmt.Sprintf("must be in [%s, %s]", Num(lo), Num(hi))}
}

func AnyNumber(min, max float64) Bounds { return Bounds{Lo: -inf, Hi: inf, Min: min, Max: max} }

func Ints(lo, hi int) Bounds { return Bounds{Lo: float64(lo), Hi: float64(hi)} }

var (
	Fraction = Bounds{Hi: 1, What: "must be in [0, 1]"}
	BelowOne = Bounds{Hi: 1, HiOpen: true, What: "must be in [0, 1)"}
)

func (b Bounds) has(x float64) bool {
	return (x > b.Lo || !b.LoOpen && x == b.Lo) && (x < b.Hi || !b.HiOpen && x == b.Hi)
}

// problem says what is wrong with x, or returns "".
func (b Bounds) problem(x float64) string {
	switch {
	case !b.has(x):
		return fmt.Sprintf("%s, got %s", b.What, Num(x))
	case b.Max != 0 && x > b.Max:
		return fmt.Sprintf("must be at most %s, got %s", Num(b.Max), Num(x))
	case b.Min != 0 && x < b.Min:
		return fmt.Sprintf("must be at least %s, got %s", Num(b.Min), Num(x))
	}
	return ""
}

// clamp returns x within the range and the limits.
func (b Bounds) clamp(x float64) float64 {
	lo, hi := b.Lo, b.Hi
	if b.Min != 0 {
		lo = max(lo, b.Min)
	}
	if b.Max != 0 {
		hi = min(hi, b.Max)
	}
	return min(max(x, lo), hi)
}

// factorOf returns the factor of k, 1 when none is given.
func (k *Key[X]) factorOf() float64 { return max(k.Factor, 1) }

// FillDefaults sets the defaults of s in dst, and of the tables in it
// that are not lazy.
func FillDefaults[X any](s *Schema[X], dst any) {
	for _, k := range s.Keys {
		switch {
		case k.Init != nil:
			k.Init(dst)
		case k.Sub != nil && k.List == nil && !k.Lazy:
			FillDefaults(k.Sub, k.At(dst))
		case k.Def != nil:
			switch f := k.At(dst).(type) {
			case *float64:
				*f = k.Def.(float64)
			case *int:
				*f = k.Def.(int)
			case *uint64:
				*f = uint64(k.Def.(int))
			case *string:
				*f = k.Def.(string)
			case *bool:
				*f = k.Def.(bool)
			}
		}
	}
}

// NameKey is the name key of the elements of an array of tables: unique
// among them.
func NameKey[X, T any](noun, what string, f func(*T) *string, doc string) *Key[X] {
	return &Key[X]{Name: "name", Unit: "string", Req: true, Rngs: "unique; a name (see above)", Doc: doc, At: Field(f),
		Val: func(x *X, p Path, v any, dst any, _ Place) {
			d := eng(x)
			s, ok := d.name(p, v)
			if !ok {
				return
			}
			*f(dst.(*T)) = s
			names := d.Names(noun)
			if j, dup := names.Index[s]; dup {
				d.Errorf(p, "duplicate %s %q (also %s)", what, s, p.Parent().Parent().Index(j).Key("name"))
				s = ""
			}
			names.Add(s)
		}}
}

// field returns the at of the key name of s.
func (s *Schema[X]) field(name string) func(any) any {
	return s.Keys[slices.IndexFunc(s.Keys, named[X](name))].At
}

func (s *Schema[X]) Has(name string) bool { return slices.ContainsFunc(s.Keys, named[X](name)) }

func named[X any](name string) func(*Key[X]) bool {
	return func(k *Key[X]) bool { return k.Name == name }
}

func (b Bounds) AtLeast(min float64) Bounds {
	b.Min = min
	return b
}

// Needs returns k with a condition that requires it.
func (k *Key[X]) Needs(h Hook[X]) *Key[X] {
	k.Need = h
	return k
}

// Inits returns k with a default its Def cannot say.
func (k *Key[X]) Inits(f func(dst any)) *Key[X] {
	k.Init = f
	return k
}

// EnumKey makes k a key whose string names one of a model's kinds, def
// by default.
func EnumKey[X, T any, E fmt.Stringer](k *Key[X], parse func(string) (E, error), f func(*T) *E, def string) *Key[X] {
	k.Unit, k.Defs, k.At = "string", cmp.Or(k.Defs, "`\""+def+"\"`"), Field(f)
	k.Init = func(dst any) { *f(dst.(*T)), _ = parse(def) }
	k.Val = func(x *X, p Path, v any, dst any, _ Place) {
		d := eng(x)
		if s, ok := d.Str(p, v); ok {
			if e, err := parse(s); err != nil {
				d.Errorf(p, "%s", err)
			} else {
				*f(dst.(*T)) = e
			}
		}
	}
	k.Enc = func(_ *Encoder[X], _ Path, src any) any { return (*f(src.(*T))).String() }
	return k
}
