package scenarios

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

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

// maxVariants bounds the variants of one sweep.
const maxVariants = 1000

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
}

// set puts value v of the axis into the tree.
func (a *axis) set(v float64) {
	a.table[a.name] = treeNumber(v)
	if a.partner != "" {
		a.table[a.partner] = treeNumber(1 - v)
	}
}

// treeNumber returns v as the TOML parser would give it: an integer when
// it is one (so that an integer key can be swept), else a float.
func treeNumber(v float64) any {
	if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
		return int64(v)
	}
	return v
}

func variantCount(axes []*axis) int {
	n := 1
	for _, a := range axes {
		n *= len(a.values)
	}
	return n
}

// sweep decodes the [sweep] table v at p and resolves every swept key in
// tree, the scenario's merged tree (creating the tables a swept key needs).
func (d *decoder) sweep(p keyPath, v any, tree map[string]any) []*axis {
	t, ok := d.table(p, v)
	if !ok {
		return nil
	}
	var axes []*axis
	d.sweepEntries(t, "", &axes)
	if len(axes) == 0 {
		if len(d.errs) == 0 {
			d.errorf(p, "must name at least one key to sweep")
		}
		return nil
	}
	// Variants follow the order of the entries in the files.
	type place struct{ file, line int }
	where := map[*axis]place{}
	for _, a := range axes {
		f, _, l := d.loc.locate(a.entry)
		where[a] = place{f, l}
	}
	slices.SortStableFunc(axes, func(a, b *axis) int {
		return cmp.Or(cmp.Compare(where[a].file, where[b].file), cmp.Compare(where[a].line, where[b].line))
	})
	n := 1
	for _, a := range axes {
		n *= len(a.values)
		if n > maxVariants {
			d.errorf(p, "makes more than %d variants (the product of the number of values of each key)", maxVariants)
			return nil
		}
	}
	for _, a := range axes {
		d.resolveAxis(a, tree)
	}
	if len(d.errs) > 0 {
		return nil
	}
	for i, a := range axes {
		for _, b := range axes[i+1:] {
			if a.path == b.path {
				d.errorf(b.entry, "sweeps the same key as %s", a.entry)
				return nil
			}
		}
	}
	// A swept share of a two-site share route takes the other share along,
	// unless that one is swept too.
	for _, a := range axes {
		if a.partner == "" {
			continue
		}
		for _, b := range axes {
			if b.path == a.path.parent().key(a.partner) {
				a.partner = ""
			}
		}
	}
	shortNames(axes)
	name, _ := tree["name"].(string)
	long := len(name) + len(" []")
	for _, a := range axes {
		width := 0
		for _, v := range a.values {
			width = max(width, len(fmt.Sprintf("%g", v)))
		}
		long += len(a.short) + len("=, ") + width
	}
	if long > maxVariantName {
		d.errorf(p, "makes variant names up to %d bytes long, at most %d (they name files): shorten the name, or sweep fewer keys", long, maxVariantName)
		return nil
	}
	return axes
}

// maxVariantName bounds the name of a variant, "<name> [<key>=<value>, ...]".
const maxVariantName = 2 * maxNameBytes

// sweepEntries decodes the entries of sweep table t, whose keys continue
// the key path prefix.
func (d *decoder) sweepEntries(t *table, prefix string, axes *[]*axis) {
	for _, k := range sortedKeys(t.m) {
		v, kp, _ := t.get(k)
		key := k
		if prefix != "" {
			key = prefix + "." + quoteKey(k)
		}
		switch x := v.(type) {
		case []any, []map[string]any:
			a, _ := d.arrayOf(kp, v)
			if vals, ok := d.sweepValues(kp, a); ok {
				*axes = append(*axes, &axis{key: key, entry: kp, values: vals})
			}
		case map[string]any:
			_, hasValues := x["values"]
			_, hasFrom := x["from"]
			_, hasTo := x["to"]
			_, hasStep := x["step"]
			if !hasValues && !hasFrom && !hasTo && !hasStep {
				// A dotted key: sweep.sites.SR.workforce.wages.premium.
				d.sweepEntries(&table{path: kp, m: x}, key, axes)
				continue
			}
			if vals, ok := d.sweepRange(&table{path: kp, m: x}); ok {
				*axes = append(*axes, &axis{key: key, entry: kp, values: vals})
			}
		default:
			d.errorf(kp, "must be an array of values or a range { from, to, step }, got %s", describe(v))
		}
	}
}

// sweepValues decodes the values of an entry: finite numbers, at least one.
func (d *decoder) sweepValues(p keyPath, a []any) ([]float64, bool) {
	if len(a) == 0 {
		d.errorf(p, "must give at least one value")
		return nil, false
	}
	if len(a) > maxVariants {
		d.errorf(p, "gives %d values, at most %d", len(a), maxVariants)
		return nil, false
	}
	vals := make([]float64, len(a))
	ok := true
	for i, e := range a {
		var good bool
		vals[i], good = d.plainNumber(p.index(i), e)
		if j := slices.Index(vals[:i], vals[i]); good && j >= 0 {
			d.errorf(p.index(i), "repeats %s (%s): each variant is a scenario of its own name", num(vals[i]), p.index(j))
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
	defer d.done(t)
	if v, p, ok := t.get("values"); ok {
		both := false
		for _, k := range []string{"from", "to", "step"} {
			if _, kp, has := t.get(k); has && !both {
				d.errorf(kp, "give values or from, to and step, not both")
				both = true
			}
		}
		if both {
			return nil, false
		}
		a, ok := d.arrayOf(p, v)
		if !ok {
			return nil, false
		}
		return d.sweepValues(p, a)
	}
	var r [3]float64
	ok := true
	for i, k := range []string{"from", "to", "step"} {
		v, p, present := t.get(k)
		if !present {
			d.errorf(p, "required key is missing")
			ok = false
			continue
		}
		var good bool
		r[i], good = d.plainNumber(p, v)
		ok = ok && good
	}
	if !ok {
		return nil, false
	}
	from, to, step := r[0], r[1], r[2]
	switch {
	case !(step > 0):
		d.errorf(t.path.key("step"), "must be positive, got %s", num(step))
		return nil, false
	case to < from:
		d.errorf(t.path.key("to"), "must be >= from (%s), got %s", num(from), num(to))
		return nil, false
	}
	count := math.Floor((to-from)/step+1e-9) + 1
	if !(count <= maxVariants) {
		d.errorf(t.path, "makes %.4g values (from %s to %s by %s), at most %d", count, num(from), num(to), num(step), maxVariants)
		return nil, false
	}
	vals := make([]float64, int(count))
	for i := range vals {
		x := from + float64(i)*step
		if math.Abs(x) < 1e-9*step {
			x = 0
		}
		x, _ = strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
		if math.Abs(x-to) <= 1e-9 {
			x = to
		}
		if i > 0 && x == vals[i-1] {
			d.errorf(t.path, "gives %s twice, rounded to 12 significant digits: each variant is a scenario of its own name (use a larger step)", num(x))
			return nil, false
		}
		vals[i] = x
	}
	return vals, true
}

// resolveAxis finds the swept key of a in tree: the table that holds it,
// creating the tables on the way that do not exist yet. An array of tables
// is entered by the name of an element or by [index].
func (d *decoder) resolveAxis(a *axis, tree map[string]any) {
	segs, err := parseKeyPath(a.key)
	if err != nil {
		d.errorf(a.entry, "%v", err)
		return
	}
	a.segs = segs
	var path keyPath
	var cur any = tree
	var names []string // the path with array elements by name, to spot a share
	for i, s := range segs {
		last := i == len(segs)-1
		if s.index < 0 {
			if tab, ok := cur.(map[string]any); ok {
				path = path.key(s.name)
				names = append(names, s.name)
				next, exists := tab[s.name]
				if last {
					switch {
					case !exists, hasDist(next):
					case isArrayValue(next):
						d.errorf(a.entry, "%s is an array: a sweep sets a number", path)
						return
					default:
						if _, isTable := next.(map[string]any); isTable {
							d.errorf(a.entry, "%s is a table: a sweep sets a number", path)
							return
						}
					}
					a.table, a.name = tab, s.name
					break
				}
				if !exists {
					next = map[string]any{}
					tab[s.name] = next
					d.loc.setOver(path, a.entry)
				}
				cur = next
				continue
			}
		}
		elems, ok := namedOrNot(cur)
		if !ok {
			d.errorf(a.entry, "%s is %s: it has no key %s", displayPath(path), describe(cur), s)
			return
		}
		j := s.index
		if j < 0 {
			j = slices.IndexFunc(elems, func(e map[string]any) bool { return e["name"] == s.name })
			if j < 0 {
				var have []string
				for _, e := range elems {
					if n, ok := e["name"].(string); ok {
						have = append(have, n)
					}
				}
				d.errorf(a.entry, "%s has no element named %q (names: %s)", path, s.name, strings.Join(have, ", "))
				return
			}
		} else if j >= len(elems) {
			d.errorf(a.entry, "%s has %s: no [%d]", path, plural(len(elems), "element"), j)
			return
		}
		path = path.index(j)
		names = append(names, fmt.Sprint(j))
		if last {
			d.errorf(a.entry, "%s is a table: a sweep sets a number", path)
			return
		}
		cur = elems[j]
	}
	a.path = path
	d.loc.setOver(path, a.entry)
	// routing.shares.X or routing.by_type.T.shares.X of two sites.
	isShare := len(names) == 3 && names[0] == "routing" && names[1] == "shares" ||
		len(names) == 5 && names[0] == "routing" && names[1] == "by_type" && names[3] == "shares"
	if !isShare {
		return
	}
	var others []string
	for k := range a.table {
		if k != a.name {
			others = append(others, k)
		}
	}
	if len(others) == 1 {
		a.partner = others[0]
		d.loc.setOver(path.parent().key(a.partner), a.entry)
	}
}

// namedOrNot returns the elements of an array of tables.
func namedOrNot(v any) ([]map[string]any, bool) {
	switch a := v.(type) {
	case []map[string]any:
		return a, true
	case []any:
		out := make([]map[string]any, len(a))
		for i, e := range a {
			m, ok := e.(map[string]any)
			if !ok {
				return nil, false
			}
			out[i] = m
		}
		return out, true
	}
	return nil, false
}

func displayPath(p keyPath) string {
	if p == "" {
		return "the top level"
	}
	return string(p)
}

// setOver records that path p of the tree was set or created by the sweep
// entry at entry.
func (l *locator) setOver(p, entry keyPath) {
	f, local, _ := l.locate(entry)
	if l.over == nil {
		l.over = map[keyPath]origin{}
	}
	l.over[p] = origin{file: f, path: local, keep: true}
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
			clash := slices.ContainsFunc(axes, func(b *axis) bool { return b != a && name(b, n) == a.short })
			if !clash || n >= len(a.segs) {
				break
			}
		}
	}
}

// sweepVariants decodes every variant of the sweep.
func sweepVariants(tree map[string]any, loc *locator, axes []*axis) ([]*model.Scenario, error) {
	total := variantCount(axes)
	type problem struct {
		file, key, msg string
		line           int
	}
	var order []problem
	found := map[problem]*Error{}
	count := map[problem]int{}
	label := map[problem]string{}
	var out []*model.Scenario
	for idx := range total {
		vals := make([]float64, len(axes))
		rem := idx
		for i := len(axes) - 1; i >= 0; i-- {
			n := len(axes[i].values)
			vals[i] = axes[i].values[rem%n]
			rem /= n
		}
		parts := make([]string, len(axes))
		sweep := make([]model.SweepValue, len(axes))
		for i, a := range axes {
			a.set(vals[i])
			parts[i] = fmt.Sprintf("%s=%g", a.short, vals[i])
			sweep[i] = model.SweepValue{Key: a.key, Value: vals[i]}
		}
		name := strings.Join(parts, ", ")
		sc, errs := decodeTree(tree, loc)
		for _, e := range errs {
			k := problem{e.File, e.Key, e.Msg, e.Line}
			if _, seen := found[k]; !seen {
				found[k] = e
				label[k] = name
				order = append(order, k)
			}
			count[k]++
		}
		if errs != nil {
			continue
		}
		sc.Name = fmt.Sprintf("%s [%s]", sc.Name, name)
		sc.Sweep = sweep
		out = append(out, sc)
	}
	if len(order) == 0 {
		return out, nil
	}
	var errs ErrorList
	for _, k := range order {
		e := *found[k]
		if count[k] < total {
			e.Msg += fmt.Sprintf(" (in sweep variant %s)", label[k])
		}
		errs = append(errs, &e)
	}
	errs.sortByLine(loc.names()...)
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
	return quoteKey(s.name)
}

// parseKeyPath splits a key path such as sites.SR.workforce.wages.premium,
// sites[0].handle_time_by_type."very complex".mean_seconds or
// routing.shares.SR into its segments.
func parseKeyPath(s string) ([]segment, error) {
	bad := func(why string) ([]segment, error) {
		return nil, fmt.Errorf("not a key path (%s): write the keys from the top, separated by dots, and an element of an array by its name or [index], e.g. sites.SR.workforce.wages.premium", why)
	}
	var segs []segment
	i := 0
	for {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		var name string
		switch {
		case i < len(s) && s[i] == '"':
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(s) {
				return bad("unterminated quoted key")
			}
			v, err := strconv.Unquote(s[i : j+1])
			if err != nil {
				return bad("bad quoted key")
			}
			name, i = v, j+1
		case i < len(s) && s[i] == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return bad("unterminated quoted key")
			}
			name, i = s[i+1:i+1+j], i+2+j
		default:
			j := i
			for j < len(s) && isBareKeyChar(s[j]) {
				j++
			}
			if j == i {
				return bad("empty key")
			}
			name, i = s[i:j], j
		}
		segs = append(segs, segment{name: name, index: -1})
		for i < len(s) && s[i] == '[' {
			j := strings.IndexByte(s[i:], ']')
			if j < 0 {
				return bad("unterminated [")
			}
			n, err := strconv.Atoi(s[i+1 : i+j])
			if err != nil || n < 0 {
				return bad("an index is a number >= 0")
			}
			segs = append(segs, segment{index: n})
			i += j + 1
		}
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i == len(s) {
			return segs, nil
		}
		if s[i] != '.' {
			return bad(fmt.Sprintf("unexpected %q", s[i]))
		}
		i++
	}
}
