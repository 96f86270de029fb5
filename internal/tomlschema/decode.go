package tomlschema

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"offsim/internal/tomlx"
	"offsim/model"
)

// Decoder walks the generic tree the TOML parser returns along a schema,
// checking every key and value and collecting every problem. X is the
// format's own decoder, which embeds it: the hooks of the keys get that.
type Decoder[X any] struct {
	Loc    *Locator
	Errs   ErrorList
	Bad    map[Path]bool // the paths with a problem
	Start  int64         // start_date, days since 1970-01-01
	fixed  string        // why a number here cannot be a distribution ("": it may)
	Params []*param      // the parameter distributions so far
	lists  map[string]*Names
	self   *X
	forms  *Forms[X]
}

// NewDecoder returns the engine of self, a format's decoder that embeds
// it, reading the tree loc locates with the forms of forms.
func NewDecoder[X any](loc *Locator, self *X, forms *Forms[X]) *Decoder[X] {
	return &Decoder[X]{Loc: loc, Bad: map[Path]bool{}, lists: map[string]*Names{}, Start: defaultStart, self: self, forms: forms}
}

// Engine returns d, so that a hook given the format's decoder reaches it.
func (d *Decoder[X]) Engine() *Decoder[X] { return d }

// eng returns the engine a format's decoder embeds.
func eng[X any](d *X) *Decoder[X] { return any(d).(interface{ Engine() *Decoder[X] }).Engine() }

// Errorf records a problem at key path p, on the line p is defined on or,
// when p is not in the file (a missing key), on the line of the nearest
// enclosing table that is. In a merged tree (extends) the problem names
// the file the value comes from, and its path there.
func (d *Decoder[X]) Errorf(p Path, format string, a ...any) {
	f, key, line := d.Loc.Locate(p)
	d.Bad[p] = true
	d.Errs = append(d.Errs, &Error{File: d.Loc.Files[f].Name, Line: line, Key: string(key), Msg: fmt.Sprintf(format, a...)})
}

// Names returns the names of the contact types, sites or bidders.
func (d *Decoder[X]) Names(noun string) *Names {
	if d.lists[noun] == nil {
		d.lists[noun] = &Names{Index: map[string]int{}}
	}
	return d.lists[noun]
}

// Names maps the names of contact types, sites or bidders to their index.
type Names struct {
	List  []string // by index; "" where a name was missing or invalid
	Index map[string]int
}

func (n *Names) Add(name string) {
	if _, dup := n.Index[name]; !dup && name != "" {
		n.Index[name] = len(n.List)
	}
	n.List = append(n.List, name)
}

func (n *Names) String() string {
	return strings.Join(slices.DeleteFunc(slices.Clone(n.List), func(s string) bool { return s == "" }), ", ")
}

// Table is one TOML table being decoded. It remembers which keys the decoder
// asked for, so that done can report every other key as unknown.
type Table struct {
	Path  Path
	M     map[string]any
	known []string
}

// Get returns the value of key name, its path and whether it is present,
// and marks name as a key of the table.
func (t *Table) Get(name string) (any, Path, bool) {
	t.known = append(t.known, name)
	v, ok := t.M[name]
	return v, t.Path.Key(name), ok
}

// Done reports every key of t the decoder did not ask for.
func (d *Decoder[X]) Done(t *Table) {
	for _, k := range SortedKeys(t.M) {
		if !slices.Contains(t.known, k) {
			d.Errorf(t.Path.Key(k), "unknown key%s", tomlx.Suggest(k, t.known))
		}
	}
}

func SortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// Plural returns "1 value", "2 values".
func Plural(n int, word string) string {
	return fmt.Sprintf("%d %s%s", n, word, map[bool]string{true: "s"}[n != 1])
}

func Num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func (d *Decoder[X]) Table(p Path, v any) (*Table, bool) { return d.TableAs(p, v, "") }

// TableAs is table with what it must be said otherwise ("" for "a table").
func (d *Decoder[X]) TableAs(p Path, v any, want string) (*Table, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		d.Errorf(p, "must be %s, got %s", cmp.Or(want, "a table"), tomlx.Describe(v))
		return nil, false
	}
	return &Table{Path: p, M: m}, true
}

// tables decodes an array of tables, [[name]] or name = [{...}, ...].
func (d *Decoder[X]) tables(p Path, v any) ([]any, bool) {
	if !IsArrayValue(v) {
		d.Errorf(p, "must be an array of tables ([[%s]]), got %s", p, tomlx.Describe(v))
		return nil, false
	}
	return d.ArrayOf(p, v)
}

// ArrayOf returns v as an array of at most MaxArray values.
func (d *Decoder[X]) ArrayOf(p Path, v any) ([]any, bool) {
	a, ok := v.([]any)
	if m, isTables := v.([]map[string]any); isTables {
		a, ok = make([]any, len(m)), true
		for i := range m {
			a[i] = m[i]
		}
	}
	switch {
	case !ok:
		d.Errorf(p, "must be an array, got %s", tomlx.Describe(v))
	case len(a) > MaxArray:
		d.Errorf(p, "has %d elements, at most %d", len(a), MaxArray)
	default:
		return a, true
	}
	return nil, false
}

func IsArrayValue(v any) bool {
	_, a := v.([]any)
	_, t := v.([]map[string]any)
	return a || t
}

func (d *Decoder[X]) Str(p Path, v any) (string, bool) {
	s, ok := v.(string)
	if !ok {
		d.Errorf(p, "must be a string, got %s", tomlx.Describe(v))
	}
	return s, ok
}

// name decodes a name: not empty, and usable in a file name.
func (d *Decoder[X]) name(p Path, v any) (string, bool) {
	s, ok := d.Str(p, v)
	if msg := nameProblem(s); ok && msg != "" {
		d.Errorf(p, "%s", msg)
		return s, false
	}
	return s, ok
}

// nameProblem says why s cannot be a name, or returns "".
func nameProblem(s string) string {
	switch {
	case strings.TrimSpace(s) == "":
		return "must not be empty"
	case len(s) > MaxNameBytes:
		return fmt.Sprintf("must be at most %d bytes long, got %d", MaxNameBytes, len(s))
	case !utf8.ValidString(s) || strings.ContainsFunc(s, unicode.IsControl):
		return "must not hold control characters or invalid UTF-8"
	case strings.ContainsAny(s, `/\`):
		return `must not hold "/" or "\": it is part of file names`
	case s[0] == '-' || s == "." || s == "..":
		return fmt.Sprintf("must not start with '-' or be \".\" or \"..\", got %q", s)
	}
	return ""
}

// PlainNumber decodes a finite TOML integer or float.
func (d *Decoder[X]) PlainNumber(p Path, v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			d.Errorf(p, "must be a finite number, got %s", Num(x))
			return 0, false
		}
		return x, true
	}
	d.Errorf(p, "must be a number, got %s", tomlx.Describe(v))
	return 0, false
}

// IntIn decodes a TOML integer within b.lo and b.hi.
func (d *Decoder[X]) IntIn(p Path, v any, b Bounds) (int64, bool) {
	n, ok := v.(int64)
	if !ok {
		if HasDist(v) {
			d.Errorf(p, "is an integer, which cannot be a distribution")
		} else {
			d.Errorf(p, "must be an integer, got %s", tomlx.Describe(v))
		}
		return 0, false
	}
	lo, hi := int64(b.Lo), int64(math.MaxInt64)
	if b.Hi < math.MaxInt64 {
		hi = int64(b.Hi)
	}
	switch {
	case n < lo && lo == 0:
		d.Errorf(p, "must be >= 0, got %d", n)
	case n < lo:
		d.Errorf(p, "must be at least %d, got %d", lo, n)
	case n > hi:
		d.Errorf(p, "must be at most %d, got %d", hi, n)
	default:
		return n, true
	}
	return n, false
}

// HasDist reports whether v is a table with a dist key: a distribution,
// not a table of another form.
func HasDist(v any) bool {
	m, _ := v.(map[string]any)
	_, ok := m["dist"]
	return ok
}

// DecodeTable decodes table t into dst, the Go value of s, found in a
// scenario by at: every key of s in order, then s's check, then the keys
// t has and s does not, which are unknown.
func (d *Decoder[X]) DecodeTable(t *Table, s *Schema[X], dst any, at Place) {
	defer d.Fix(s.Fixed)()
	given := map[string]bool{}
	for _, k := range s.Keys {
		if k.Skip {
			continue
		}
		if k.Dec != nil {
			if !k.Dec(d.self, t, dst, at) {
				return
			}
			continue
		}
		v, p, ok := t.Get(k.Name)
		if !ok && k.Empty {
			v, ok = map[string]any{}, true
		}
		switch {
		case ok && k.Group != "" && given[k.Group]:
			d.Errorf(p, "%s", groupConflict(s, k.Group))
			continue
		case ok:
			given[k.Group] = true
		case k.Group != "":
			names := groupNames(s, k.Group)
			if !given[k.Group] && k.Name == names[len(names)-1] && slices.ContainsFunc(s.Keys, func(m *Key[X]) bool { return m.Group == k.Group && m.Req }) {
				d.Errorf(t.Path.Key(names[0]), "required key is missing (give %s)", strings.Join(names, " or "))
			}
			continue
		case k.Req:
			d.Errorf(p, "required key is missing%s", k.Miss)
			continue
		default:
			if k.Need != nil {
				if msg := k.Need(d.self, t, dst); msg != "" {
					d.Errorf(p, "%s", msg)
				}
			}
			continue
		}
		if k.Only != nil {
			if msg := k.Only(d.self, t, dst); msg != "" {
				if msg != "-" {
					d.Errorf(p, "%s", msg)
				}
				continue
			}
		}
		d.value(k, p, v, dst, at)
	}
	if s.Check != nil {
		s.Check(d.self, t, dst, at)
	}
	d.Done(t)
}

// Fix says why a number cannot be a distribution ("": as before) until
// the function it returns restores what was said before.
func (d *Decoder[X]) Fix(why string) func() {
	old := d.fixed
	d.fixed = cmp.Or(why, old)
	return func() { d.fixed = old }
}

// PlainOnly is a Schema's Fixed that makes its numbers plain: a table
// with a dist is no number there, not a distribution that is refused.
const PlainOnly = "\x00plain"

func groupNames[X any](s *Schema[X], group string) []string {
	var names []string
	for _, k := range s.Keys {
		if k.Group == group {
			names = append(names, k.Name)
		}
	}
	return names
}

// groupConflict says that the keys of a group exclude each other.
func groupConflict[X any](s *Schema[X], group string) string {
	names := groupNames(s, group)
	if len(names) == 2 {
		return fmt.Sprintf("give %s or %s, not both", names[0], names[1])
	}
	return "give only one of " + strings.Join(names, ", ")
}

// value decodes the value v of key k at p into dst.
func (d *Decoder[X]) value(k *Key[X], p Path, v any, dst any, at Place) {
	defer d.Fix(k.Fixed)()
	if k.Val != nil {
		k.Val(d.self, p, v, dst, at)
		return
	}
	if k.List != nil {
		d.array(k, p, v, dst, at)
		return
	}
	if k.Sub != nil {
		t, ok := d.TableAs(p, v, k.want)
		if !ok {
			return
		}
		sub := k.At(dst)
		if k.Lazy {
			FillDefaults(k.Sub, sub)
		}
		d.DecodeTable(t, k.Sub, sub, Within(at, k.At))
		return
	}
	switch f := k.At(dst).(type) {
	case *float64:
		x, pd, ok := d.Number(p, v, k.B)
		if ok {
			*f = x * k.factorOf()
			d.Bind(p, pd, k.B, func(sc *model.Scenario, x float64) { *k.At(at(sc)).(*float64) = x * k.factorOf() })
		}
	case *int:
		if n, ok := d.IntIn(p, v, k.B); ok {
			*f = int(n)
		}
	case *uint64:
		if n, ok := d.IntIn(p, v, k.B); ok {
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
			d.Errorf(p, "must be true or false, got %s", tomlx.Describe(v))
		}
	default:
		panic(fmt.Sprintf("key %s: field of type %T", k.Name, f))
	}
}

// array decodes the array of tables v of key k at p into dst.
func (d *Decoder[X]) array(k *Key[X], p Path, v any, dst any, at Place) {
	a, ok := d.tables(p, v)
	if !ok {
		return
	}
	switch {
	case len(a) < int(k.B.Lo):
		d.Errorf(p, "must list at least one %s", k.Noun)
		return
	case k.B.Hi > 0 && len(a) > int(k.B.Hi):
		d.Errorf(p, "at most %d %ss, got %d", int(k.B.Hi), k.Noun, len(a))
		return
	}
	if k.Len != nil {
		if msg := k.Len(d.self, len(a)); msg != "" {
			d.Errorf(p, "%s", msg)
			return
		}
	}
	k.List.make(dst, len(a))
	for i, e := range a {
		ep := p.Index(i)
		t, ok := d.Table(ep, e)
		if !ok {
			d.Names(k.Noun).Add("")
			continue
		}
		n := len(d.Names(k.Noun).List)
		el := k.List.elem(dst, i)
		FillDefaults(k.Sub, el)
		d.DecodeTable(t, k.Sub, el, func(sc *model.Scenario) any { return k.List.elem(at(sc), i) })
		if len(d.Names(k.Noun).List) == n {
			d.Names(k.Noun).Add("")
		}
	}
}

// BadUnder reports whether a problem was reported at p or inside it.
func (d *Decoder[X]) BadUnder(p Path) bool {
	for b := range d.Bad {
		if under(string(b), p) {
			return true
		}
	}
	return false
}
