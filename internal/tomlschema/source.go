package tomlschema

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"offsim/internal/tomlx"
)

// maxExtends bounds an extends chain.
const maxExtends = 16

// File is one file of an extends chain.
type File struct {
	Name, Dir string // the name in messages; where relative extends start
	Id        string // identity for cycle detection
	Builtin   bool   // a built-in, which extends built-ins only
	Src       string
	lines     map[string]int  // key path → line, built when first needed
	inline    map[string]bool // the paths of inline tables
}

// LineOf returns the line of path p in the file or, when p is not in it,
// of the nearest enclosing table that is; 0 when none is.
func (f *File) LineOf(p Path) int {
	if f.lines == nil {
		f.lines, f.inline = tomlx.Lines(f.Src)
	}
	for ; ; p = p.Parent() {
		if l, ok := f.lines[string(p)]; ok || p == "" {
			return l
		}
	}
}

// Origin is where a value of the merged tree comes from: a file (index in
// locator.files) and the value's path in it.
type Origin struct {
	File int
	Path Path
}

// Locator finds the file, key and line of a path of the tree the decoder
// reads: files are the file given to Parse, then its parents; origins maps
// every path of a merged tree to its origin (nil when nothing is
// extended); over holds the paths a sweep sets or creates.
type Locator struct {
	Files         []*File
	origins, Over map[Path]Origin
}

// Locate returns the file (index in files), the key path to report and the
// line of path p. A path not in the tree (a missing key) is located by its
// nearest enclosing table.
func (l *Locator) Locate(p Path) (file int, key Path, line int) {
	for a := p; ; a = a.Parent() {
		if o, ok := l.Over[a]; ok {
			return o.File, p, l.Files[o.File].LineOf(o.Path)
		}
		if a == "" {
			break
		}
	}
	if l.origins == nil {
		return 0, p, l.Files[0].LineOf(p)
	}
	for a := p; ; a = a.Parent() {
		if o, ok := l.origins[a]; ok {
			local := o.Path + p[len(a):]
			return o.File, local, l.Files[o.File].LineOf(local)
		}
		if a == "" {
			return 0, p, 0
		}
	}
}

// Names returns the names of the files, for sorting problems.
func (l *Locator) Names() []string {
	n := make([]string, len(l.Files))
	for i, f := range l.Files {
		n[i] = f.Name
	}
	return n
}

// decodeTOML parses one file of a chain into its generic tree.
func decodeTOML(f *File) (map[string]any, *Error) {
	if line := tomlx.CheckNesting(f.Src, MaxNesting); line > 0 {
		return nil, &Error{File: f.Name, Line: line, Msg: fmt.Sprintf("arrays and inline tables nested more than %d deep", MaxNesting)}
	}
	var raw map[string]any
	if _, err := toml.Decode(f.Src, &raw); err != nil {
		return nil, syntaxError(f.Name, err)
	}
	return raw, nil
}

// Resolve reads top and the chain of files it extends and returns their
// merged tree (without the extends keys) and its locator. resolveRef
// returns the file that from names in extends = ref, or says why there is
// none.
func Resolve(top *File, resolveRef func(from *File, ref string) (*File, string)) (map[string]any, *Locator, ErrorList) {
	loc := &Locator{Files: []*File{top}}
	var trees []map[string]any
	for cur := top; ; {
		raw, e := decodeTOML(cur)
		if e != nil {
			return nil, nil, ErrorList{e}
		}
		trees = append(trees, raw)
		ev, ok := raw["extends"]
		if !ok {
			break
		}
		delete(raw, "extends")
		fail := func(f *File, key, format string, a ...any) (map[string]any, *Locator, ErrorList) {
			return nil, nil, ErrorList{{File: f.Name, Line: f.LineOf("extends"), Key: key, Msg: fmt.Sprintf(format, a...)}}
		}
		ref, ok := ev.(string)
		if !ok {
			return fail(cur, "extends", "must be a string (the name of a built-in scenario, or a path), got %s", tomlx.Describe(ev))
		}
		if _, ok := raw["name"]; !ok {
			return fail(cur, "name", "required key is missing: a file that extends another needs its own name")
		}
		parent, msg := resolveRef(cur, ref)
		if msg != "" {
			return fail(cur, "extends", "%s", msg)
		}
		if i := slices.IndexFunc(loc.Files, func(f *File) bool { return f.Id == parent.Id }); i >= 0 {
			// The cycle is reported on the file being read, whichever file
			// closes it.
			return fail(top, "extends", "cycle: %s", strings.Join(append(loc.Names()[i:], parent.Name), " extends "))
		}
		if len(loc.Files) > maxExtends {
			return fail(cur, "extends", "more than %d files extend one another", maxExtends)
		}
		loc.Files = append(loc.Files, parent)
		cur = parent
	}
	last := len(trees) - 1
	tree := trees[last]
	if last == 0 {
		return tree, loc, nil
	}
	loc.origins = map[Path]Origin{}
	(&merger{loc.origins, last, nil}).record("", tree, "")
	for i := last - 1; i >= 0; i-- {
		loc.Files[i].LineOf("")
		loc.origins[""] = Origin{File: i}
		(&merger{loc.origins, i, loc.Files[i].inline}).table(tree, trees[i], "", "")
	}
	return tree, loc, nil
}

// merger merges one file's tree into the tree merged so far.
type merger struct {
	origins map[Path]Origin
	file    int             // index of the file being merged in
	inline  map[string]bool // its inline tables, which replace
}

// table merges src (at path sp of the file) into dst (at path dp of the
// merged tree): tables merge key by key, except inline tables, which
// replace; arrays of tables whose elements have unique names merge by
// name; everything else replaces.
func (m *merger) table(dst, src map[string]any, dp, sp Path) {
	for _, k := range SortedKeys(src) {
		sv, dkp, skp := src[k], dp.Key(k), sp.Key(k)
		dv, ok := dst[k]
		dm, dIsTable := dv.(map[string]any)
		sm, sIsTable := sv.(map[string]any)
		da, sa := namedArray(dv), namedArray(sv)
		switch {
		case ok && dIsTable && sIsTable && !m.inline[string(skp)]:
			m.origins[dkp] = Origin{m.file, skp}
			m.table(dm, sm, dkp, skp)
		case ok && da != nil && sa != nil:
			m.origins[dkp] = Origin{m.file, skp}
			dst[k] = m.byName(da, sa, dkp, skp)
		default:
			m.forget(dkp, dv)
			dst[k] = sv
			m.record(dkp, sv, skp)
		}
	}
}

// byName merges the array of tables sa into da by their name keys: a table
// whose name da has merges into that table (or replaces it, if inline),
// another is appended.
func (m *merger) byName(da, sa []map[string]any, dp, sp Path) []map[string]any {
	out := slices.Clone(da)
	for j, se := range sa {
		sep := sp.Index(j)
		i := slices.IndexFunc(out, func(e map[string]any) bool { return e["name"] == se["name"] })
		switch {
		case i < 0:
			out = append(out, se)
			m.record(dp.Index(len(out)-1), se, sep)
		case m.inline[string(sep)]:
			m.forget(dp.Index(i), out[i])
			out[i] = se
			m.record(dp.Index(i), se, sep)
		default:
			m.origins[dp.Index(i)] = Origin{m.file, sep}
			m.table(out[i], se, dp.Index(i), sep)
		}
	}
	return out
}

// namedArray returns v as an array of tables whose every element has a
// string name, unique in the array; nil if it is not one.
func namedArray(v any) []map[string]any {
	a, _ := NamedOrNot(v)
	seen := map[any]bool{}
	for _, e := range a {
		if _, ok := e["name"].(string); !ok || seen[e["name"]] {
			return nil
		}
		seen[e["name"]] = true
	}
	return a
}

// record records that v, at path p of the merged tree, and everything in
// it come from path sp of the file; forget forgets the origins of v.
func (m *merger) record(p Path, v any, sp Path) {
	walkTree(p, sp, v, func(p, sp Path) { m.origins[p] = Origin{m.file, sp} })
}

func (m *merger) forget(p Path, v any) {
	walkTree(p, p, v, func(p, _ Path) { delete(m.origins, p) })
}

// walkTree calls f with the path of v and of everything in it, at p in
// one tree and at q in another.
func walkTree(p, q Path, v any, f func(p, q Path)) {
	f(p, q)
	if m, ok := v.(map[string]any); ok {
		for k, e := range m {
			walkTree(p.Key(k), q.Key(k), e, f)
		}
	}
	a, _ := NamedOrNot(v)
	if x, ok := v.([]any); ok && a == nil {
		for i, e := range x {
			walkTree(p.Index(i), q.Index(i), e, f)
		}
	}
	for i, e := range a {
		walkTree(p.Index(i), q.Index(i), e, f)
	}
}

// NamedOrNot returns the elements of an array of tables.
func NamedOrNot(v any) ([]map[string]any, bool) {
	if a, ok := v.([]map[string]any); ok {
		return a, true
	}
	a, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]map[string]any, len(a))
	for i, e := range a {
		if out[i], ok = e.(map[string]any); !ok {
			return nil, false
		}
	}
	return out, true
}

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

// SetOver records that path p of the tree was set or created by the entry
// at entry of a sweep or an optimisation, which reports its problems.
func (l *Locator) SetOver(p, entry Path) {
	f, local, _ := l.Locate(entry)
	if l.Over == nil {
		l.Over = map[Path]Origin{}
	}
	l.Over[p] = Origin{File: f, Path: local}
}
