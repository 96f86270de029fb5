package scenarios

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	sch "offsim/internal/tomlschema"
	"offsim/internal/tomlx"
	"offsim/model"
)

// A top-level [sweep] table makes a file a batch of variants:
//
//	[sweep]
//	"routing.shares.SR" = { from = 0, to = 1, step = 0.25 }
//	"sites.SR.workforce.wages.premium" = [0.5, 0.65, 0.8]
//
// Each entry names a key of the scenario by its path (array elements by
// name or by [index]) and the values it takes; several entries give their
// Cartesian product. A variant is the file's tree with the swept keys set,
// decoded as any file: every check applies to every variant.

// Limits of a sweep: its variants, and their names, which name files.
const (
	maxVariants    = 1000
	maxVariantName = 2 * maxNameBytes
)

// axis is one swept key.
type axis struct {
	key    string  // as written in the sweep
	entry  keyPath // the sweep entry, where its problems are reported
	segs   []segment
	values []float64
	short  string // the name in a variant's name

	path    keyPath        // the swept key in the tree
	table   map[string]any // the table holding the swept key
	name    string         // the swept key in it
	partner string         // the other share of a two-site share route, or ""

	// For the charts: a readable label, the unit and meaning of the key,
	// and its value before the sweep (see describe).
	label, unit, doc string
	elems            []string // the array elements on the way, by name
	base             float64
	hasBase          bool
}

// set puts value v of the axis into the tree, as the TOML parser gives a
// number (an integer key can be swept), and 1 − v into its partner.
func (a *axis) set(v float64) {
	a.table[a.name] = tomlNumber(v)
	if a.partner != "" {
		a.table[a.partner] = tomlNumber(1 - v)
	}
}

// tomlNumber returns x as the TOML parser gives a number: an integer when
// it is whole.
func tomlNumber(x float64) any {
	if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
		return int64(x)
	}
	return x
}

// sweep decodes the [sweep] table v at p and resolves every swept key in
// tree, the scenario's merged tree (creating the tables a swept key needs).
func (d *decoder) sweep(p keyPath, v any, tree map[string]any) []*axis {
	t, ok := d.Table(p, v)
	if !ok {
		return nil
	}
	var axes []*axis
	d.entries(t, "", func(name string, kp keyPath, v any) {
		var vals []float64
		ok := false
		switch x := v.(type) {
		case []any, []map[string]any:
			a, _ := d.ArrayOf(kp, v)
			vals, ok = d.sweepValues(kp, a)
		case map[string]any:
			vals, ok = d.sweepRange(&table{Path: kp, M: x})
		default:
			d.Errorf(kp, "must be an array of values or a range { from, to, step }, got %s", tomlx.Describe(v))
		}
		if ok {
			axes = append(axes, &axis{key: name, entry: kp, values: vals})
		}
	})
	if len(axes) == 0 {
		if len(d.Errs) == 0 {
			d.Errorf(p, "must name at least one key to sweep")
		}
		return nil
	}
	order := d.entryOrder()
	slices.SortStableFunc(axes, func(a, b *axis) int { return order(a.entry, b.entry) })
	if variantCount(axes) > maxVariants {
		d.Errorf(p, "makes more than %d variants (the product of the number of values of each key)", maxVariants)
		return nil
	}
	for _, a := range axes {
		d.resolveAxis(a, tree)
	}
	if len(d.Errs) > 0 {
		return nil
	}
	for i, a := range axes {
		for _, b := range axes[i+1:] {
			if a.path == b.path {
				d.Errorf(b.entry, "sweeps the same key as %s", a.entry)
				return nil
			}
		}
		// A swept share of a two-site share route takes the other share
		// along, unless that one is swept too.
		if slices.ContainsFunc(axes, func(b *axis) bool { return b.path == a.path.Parent().Key(a.partner) }) {
			a.partner = ""
		}
	}
	shortNames(axes)
	if long := nameLength(tree, axes, func(a *axis) []float64 { return a.values }); long > maxVariantName {
		d.Errorf(p, "makes variant names up to %d bytes long, at most %d (they name files): shorten the name, or sweep fewer keys", long, maxVariantName)
		return nil
	}
	return axes
}

// nameLength returns the length of the longest name of a variant of tree
// whose axes take values.
func nameLength(tree map[string]any, axes []*axis, values func(*axis) []float64) int {
	name, _ := tree["name"].(string)
	long := len(name) + len(" []")
	for _, a := range axes {
		width := 0
		for _, v := range values(a) {
			width = max(width, len(fmt.Sprintf("%g", v)))
		}
		long += len(a.short) + len("=, ") + width
	}
	return long
}

func variantCount(axes []*axis) int {
	n := 1
	for _, a := range axes {
		n *= len(a.values)
		if n > maxVariants {
			return n
		}
	}
	return n
}

// entries calls leaf with each entry of a [sweep] or
// [optimize.variables] table t and its key path: a table without the keys
// of a range is a dotted key (sites.NL.agents) whose entries continue the
// path prefix.
func (d *decoder) entries(t *table, prefix string, leaf func(name string, p keyPath, v any)) {
	for _, k := range sch.SortedKeys(t.M) {
		v, kp, _ := t.Get(k)
		name := k
		if prefix != "" {
			name = prefix + "." + tomlx.QuoteKey(k)
		}
		if m, ok := v.(map[string]any); ok && !slices.ContainsFunc(sweepSchema.Keys, func(k *key) bool { _, has := m[k.Name]; return has }) {
			d.entries(&table{Path: kp, M: m}, name, leaf)
			continue
		}
		leaf(name, kp, v)
	}
}

// entryOrder compares key paths by where the file defines them: by file
// (the file given first), then by line.
func (d *decoder) entryOrder() func(a, b keyPath) int {
	return func(a, b keyPath) int {
		fa, _, la := d.Loc.Locate(a)
		fb, _, lb := d.Loc.Locate(b)
		return cmp.Or(cmp.Compare(fa, fb), cmp.Compare(la, lb))
	}
}

// sweepValues decodes the values of an entry: distinct finite numbers, at
// least one.
func (d *decoder) sweepValues(p keyPath, a []any) ([]float64, bool) {
	switch {
	case len(a) == 0:
		d.Errorf(p, "must give at least one value")
		return nil, false
	case len(a) > maxVariants:
		d.Errorf(p, "gives %d values, at most %d", len(a), maxVariants)
		return nil, false
	}
	vals := make([]float64, len(a))
	ok := true
	for i, e := range a {
		var good bool
		vals[i], good = d.PlainNumber(p.Index(i), e)
		if j := slices.Index(vals[:i], vals[i]); good && j >= 0 {
			d.Errorf(p.Index(i), "repeats %s (%s): each variant is a scenario of its own name", sch.Num(vals[i]), p.Index(j))
			good = false
		}
		ok = ok && good
	}
	return vals, ok
}

// sweepRange decodes { values = [...] } or { from, to, step }: from, from +
// step, ... up to to, inclusive of to within 1e-9, each rounded to 12
// significant digits (0.1·3 is 0.3).
func (d *decoder) sweepRange(t *table) ([]float64, bool) {
	defer d.Done(t)
	if v, p, ok := t.Get("values"); ok {
		both := false
		for _, k := range []string{"from", "to", "step"} {
			if _, kp, has := t.Get(k); has && !both {
				d.Errorf(kp, "give values or from, to and step, not both")
				both = true
			}
		}
		if both {
			return nil, false
		}
		a, ok := d.ArrayOf(p, v)
		if !ok {
			return nil, false
		}
		return d.sweepValues(p, a)
	}
	r, ok := d.fromToStep(t, false)
	from, to, step := r[0], r[1], r[2]
	count := gridCount(from, to, step)
	switch {
	case !ok:
		return nil, false
	case !(step > 0):
		d.Errorf(t.Path.Key("step"), "must be positive, got %s", sch.Num(step))
		return nil, false
	case to < from:
		d.Errorf(t.Path.Key("to"), "must be >= from (%s), got %s", sch.Num(from), sch.Num(to))
		return nil, false
	case !(count <= maxVariants):
		d.Errorf(t.Path, "makes %.4g values (from %s to %s by %s), at most %d", count, sch.Num(from), sch.Num(to), sch.Num(step), maxVariants)
		return nil, false
	}
	vals := make([]float64, int(count))
	for i := range vals {
		x := from + float64(i)*step
		if math.Abs(x) < 1e-9*step {
			x = 0
		}
		if x = round12(x); math.Abs(x-to) <= 1e-9 {
			x = to
		}
		if vals[i] = x; i > 0 && x == vals[i-1] {
			d.Errorf(t.Path, "gives %s twice, rounded to 12 significant digits: each variant is a scenario of its own name (use a larger step)", sch.Num(x))
			return nil, false
		}
	}
	return vals, true
}

// fromToStep decodes from, to and step of a range (step may be absent
// when optional).
func (d *decoder) fromToStep(t *table, stepOptional bool) (r [3]float64, ok bool) {
	ok = true
	for i, k := range []string{"from", "to", "step"} {
		v, p, present := t.Get(k)
		switch {
		case !present && stepOptional && k == "step":
		case !present:
			d.Errorf(p, "required key is missing")
			ok = false
		default:
			var good bool
			r[i], good = d.PlainNumber(p, v)
			ok = ok && good
		}
	}
	return r, ok
}

// gridCount is the number of values from, from + step, ... up to to
// (within 1e-9).
func gridCount(from, to, step float64) float64 { return math.Floor((to-from)/step+1e-9) + 1 }

// round12 rounds x to 12 significant digits (0.1·3 is 0.3).
func round12(x float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	return r
}

// resolveAxis finds the swept key of a in tree: the table that holds it,
// creating the tables on the way that do not exist yet. An array of tables
// is entered by the name of an element or by [index].
func (d *decoder) resolveAxis(a *axis, tree map[string]any) {
	segs, err := parseKeyPath(a.key)
	if err != nil {
		d.Errorf(a.entry, "%v", err)
		return
	}
	a.segs = segs
	var path keyPath
	var cur any = tree
	for i, s := range segs {
		last := i == len(segs)-1
		if tab, ok := cur.(map[string]any); ok && s.index < 0 {
			path = path.Key(s.name)
			next, exists := tab[s.name]
			_, isTable := next.(map[string]any)
			switch {
			case last && exists && !sch.HasDist(next) && (isTable || sch.IsArrayValue(next)):
				d.Errorf(a.entry, "%s is %s: a sweep sets a number", path, map[bool]string{true: "a table", false: "an array"}[isTable])
				return
			case last:
				a.table, a.name = tab, s.name
			case !exists:
				next = map[string]any{}
				tab[s.name] = next
				d.Loc.SetOver(path, a.entry)
			}
			cur = next
			continue
		}
		elems, ok := sch.NamedOrNot(cur)
		if !ok {
			d.Errorf(a.entry, "%s is %s: it has no key %s", cmp.Or(string(path), "the top level"), tomlx.Describe(cur), s)
			return
		}
		j := s.index
		if j < 0 {
			var have []string
			for _, e := range elems {
				if n, ok := e["name"].(string); ok {
					have = append(have, n)
				}
			}
			if j = slices.Index(have, s.name); j < 0 {
				d.Errorf(a.entry, "%s has no element named %q (names: %s)", path, s.name, strings.Join(have, ", "))
				return
			}
		} else if j >= len(elems) {
			d.Errorf(a.entry, "%s has %s: no [%d]", path, sch.Plural(len(elems), "element"), j)
			return
		}
		path = path.Index(j)
		if n, ok := elems[j]["name"].(string); ok {
			a.elems = append(a.elems, n)
		} else {
			a.elems = append(a.elems, fmt.Sprint(j))
		}
		if last {
			d.Errorf(a.entry, "%s is a table: a sweep sets a number", path)
			return
		}
		cur = elems[j]
	}
	a.path = path
	a.describe(a.table)
	d.Loc.SetOver(path, a.entry)
	if others := slices.DeleteFunc(sch.SortedKeys(a.table), func(k string) bool { return k == a.name }); len(a.elems) == 0 && isShare(segs) && len(others) == 1 {
		a.partner = others[0]
		d.Loc.SetOver(path.Parent().Key(a.partner), a.entry)
	}
}

// isShare reports whether a key path is a share of a route:
// routing.shares.X or routing.by_type.T.shares.X.
func isShare(segs []segment) bool {
	n := func(i int) string { return segs[i].name }
	return len(segs) == 3 && n(0) == "routing" && n(1) == "shares" ||
		len(segs) == 5 && n(0) == "routing" && n(1) == "by_type" && n(3) == "shares"
}

// shortNames names each axis by its key's last element, or by as many
// last elements as it takes to tell it from the other axes.
func shortNames(axes []*axis) {
	name := func(a *axis, n int) string {
		var b strings.Builder
		for i, s := range a.segs[max(len(a.segs)-n, 0):] {
			if i > 0 && s.index < 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.String())
		}
		return b.String()
	}
	for _, a := range axes {
		for n := 1; ; n++ {
			a.short = name(a, n)
			if n >= len(a.segs) || !slices.ContainsFunc(axes, func(b *axis) bool { return b != a && name(b, n) == a.short }) {
				break
			}
		}
	}
}

// sweepVariants decodes every variant of the sweep. A problem that only
// some variants have says in which (the first) it occurs.
func sweepVariants(tree map[string]any, loc *locator, axes []*axis) ([]*model.Scenario, error) {
	total := variantCount(axes)
	var errs ErrorList
	count, label := map[Error]int{}, map[Error]string{}
	var out []*model.Scenario
	for idx := range total {
		parts := make([]string, len(axes))
		sweep := make([]model.SweepValue, len(axes))
		for i, rem := len(axes)-1, idx; i >= 0; i-- {
			a := axes[i]
			v := a.values[rem%len(a.values)]
			rem /= len(a.values)
			a.set(v)
			parts[i] = fmt.Sprintf("%s=%g", a.short, v)
			sweep[i] = a.sweepValue(v)
		}
		sc, list := decodeTree(tree, loc)
		for _, e := range list {
			if count[*e]++; count[*e] == 1 {
				label[*e] = strings.Join(parts, ", ")
				errs = append(errs, e)
			}
		}
		if list == nil {
			sc.Name, sc.Sweep = fmt.Sprintf("%s [%s]", sc.Name, strings.Join(parts, ", ")), sweep
			out = append(out, sc)
		}
	}
	if errs == nil {
		return out, nil
	}
	for i, e := range errs {
		if count[*e] < total {
			e2 := *e
			e2.Msg += fmt.Sprintf(" (in sweep variant %s)", label[*e])
			errs[i] = &e2
		}
	}
	errs.SortByLine(loc.Names()...)
	return nil, errs
}

// segment is one element of a key path: a key, or an array index.
type segment struct {
	name  string
	index int // -1 for a key
}

func (s segment) String() string {
	if s.index >= 0 {
		return fmt.Sprintf("[%d]", s.index)
	}
	return tomlx.QuoteKey(s.name)
}

// parseKeyPath splits a key path such as sites.SR.workforce.wages.premium,
// sites[0].handle_time_by_type."very complex".mean_seconds or
// routing.shares.SR into its segments: the keys are TOML keys, which the
// TOML parser reads, an index [i] follows a key.
func parseKeyPath(s string) ([]segment, error) {
	var m map[string]any
	notPath := fmt.Errorf("not a key path: write the keys from the top, separated by dots, and an element of an array by its name or [index], e.g. sites.SR.workforce.wages.premium")
	// Outside its quoted keys a path holds no comment, value or line of
	// its own: "#x" and "a = 1 #" decode as TOML, but name no key.
	if strings.ContainsAny(quotedKeyRE.ReplaceAllString(s, `""`), "#=\n") {
		return nil, notPath
	}
	if _, err := toml.Decode(indexRE.ReplaceAllString(s, `."[$1]"`)+" = 0", &m); err != nil || len(m) == 0 {
		return nil, notPath
	}
	var segs []segment
	for len(m) == 1 {
		k := sch.SortedKeys(m)[0]
		if i := indexRE.FindStringSubmatch(k); i != nil && i[0] == k {
			n, _ := strconv.Atoi(i[1])
			segs = append(segs, segment{index: n})
		} else {
			segs = append(segs, segment{name: k, index: -1})
		}
		m, _ = m[k].(map[string]any)
	}
	return segs, nil
}

// indexRE is an array index in a key path, quotedKeyRE a quoted key.
var (
	indexRE     = regexp.MustCompile(`\[(\d+)\]`)
	quotedKeyRE = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|'[^']*'`)
)
