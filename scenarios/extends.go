package scenarios

import (
	"errors"
	"fmt"
	"io/fs"
	"offsim/internal/tomlsrc"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// A file with a top-level extends = "NAME-OR-PATH" is an override of its
// parent: the two trees are merged (merge below) before the decoder sees
// them. Every path of the merged tree remembers the file and the path it
// came from (origin), so that a problem is reported on the line of the file
// that holds the value: the parent's line for a value the child inherits,
// the child's for one it sets.

// maxExtends bounds an extends chain.
const maxExtends = 16

// srcFile is one file of an extends chain.
type srcFile struct {
	name    string // the name in error messages
	dir     string // the directory relative references start from
	id      string // identity for cycle detection
	builtin bool   // a built-in, which may only extend built-ins
	src     string

	lines  map[string]int  // key path → line, built when first needed
	inline map[string]bool // paths of inline tables, built when first needed
}

// fileSource returns the srcFile of a file's contents; file is its name in
// error messages and says where relative extends start from.
func fileSource(file string, data []byte) *srcFile {
	id, err := filepath.Abs(file)
	if err != nil {
		id = file
	}
	return &srcFile{name: file, dir: filepath.Dir(file), id: id, src: string(data)}
}

// builtinSource returns the srcFile of a built-in scenario.
func builtinSource(name string) (*srcFile, error) {
	data, err := BuiltinSource(name)
	if err != nil {
		return nil, err
	}
	n := strings.TrimSuffix(name, ".toml")
	return &srcFile{name: builtinFile(n), id: "builtin:" + n, builtin: true, src: string(data)}, nil
}

func (f *srcFile) scan() {
	if f.lines == nil {
		f.lines, f.inline = tomlsrc.Lines(f.src)
	}
}

// lineOf returns the line of path p in the file or, when p is not in it,
// of the nearest enclosing table that is; 0 when none is.
func (f *srcFile) lineOf(p keyPath) int {
	f.scan()
	for {
		if l, ok := f.lines[string(p)]; ok {
			return l
		}
		if p == "" {
			return 0
		}
		p = p.Parent()
	}
}

// origin is where a value of the merged tree comes from.
type origin struct {
	file int     // index in locator.files
	path keyPath // the value's path in that file
}

// locator finds the file, key and line of a path of the tree the decoder
// reads.
type locator struct {
	files []*srcFile // the file given to Parse first, then its parents
	// origins maps every path of a merged tree to its origin; nil for a
	// file that extends nothing: every path is its own, in files[0].
	origins map[keyPath]origin
	// over holds the paths a sweep sets or creates, for every variant.
	over map[keyPath]origin
}

// locate returns the file (index in files), the key path to report and the
// line of path p. A path not in the tree (a missing key) is located by its
// nearest enclosing table.
func (l *locator) locate(p keyPath) (file int, key keyPath, line int) {
	for a := p; ; a = a.Parent() {
		if o, ok := l.over[a]; ok {
			return o.file, p, l.files[o.file].lineOf(o.path)
		}
		if a == "" {
			break
		}
	}
	if l.origins == nil {
		return 0, p, l.files[0].lineOf(p)
	}
	for a := p; ; a = a.Parent() {
		if o, ok := l.origins[a]; ok {
			local := o.path + p[len(a):]
			return o.file, local, l.files[o.file].lineOf(local)
		}
		if a == "" {
			return 0, p, 0
		}
	}
}

// names returns the names of the files, for sorting problems.
func (l *locator) names() []string {
	n := make([]string, len(l.files))
	for i, f := range l.files {
		n[i] = f.name
	}
	return n
}

// decodeTOML parses one file of a chain into its generic tree.
func decodeTOML(f *srcFile) (map[string]any, *Error) {
	if line := tomlsrc.CheckNesting(f.src, maxNesting); line > 0 {
		return nil, &Error{File: f.name, Line: line, Msg: fmt.Sprintf("arrays and inline tables nested more than %d deep", maxNesting)}
	}
	var raw map[string]any
	if _, err := toml.Decode(f.src, &raw); err != nil {
		return nil, syntaxError(f.name, err)
	}
	return raw, nil
}

// resolve reads top and the chain of files it extends and returns their
// merged tree (without the extends keys) and its locator.
func resolve(top *srcFile) (map[string]any, *locator, ErrorList) {
	loc := &locator{files: []*srcFile{top}}
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
		fail := func(format string, a ...any) (map[string]any, *locator, ErrorList) {
			return nil, nil, ErrorList{{File: cur.name, Line: cur.lineOf("extends"), Key: "extends", Msg: fmt.Sprintf(format, a...)}}
		}
		ref, ok := ev.(string)
		if !ok {
			return fail("must be a string (the name of a built-in scenario, or a path), got %s", describe(ev))
		}
		if _, ok := raw["name"]; !ok {
			return nil, nil, ErrorList{{File: cur.name, Line: cur.lineOf("extends"), Key: "name",
				Msg: "required key is missing: a file that extends another needs its own name"}}
		}
		parent, msg := resolveRef(cur, ref)
		if msg != "" {
			return fail("%s", msg)
		}
		if i := slices.IndexFunc(loc.files, func(f *srcFile) bool { return f.id == parent.id }); i >= 0 {
			chain := loc.names()[i:]
			chain = append(chain, parent.name)
			// The cycle is reported on the file being read, whichever
			// file closes it.
			return nil, nil, ErrorList{{File: top.name, Line: top.lineOf("extends"), Key: "extends",
				Msg: "cycle: " + strings.Join(chain, " extends ")}}
		}
		if len(loc.files) > maxExtends {
			return fail("more than %d files extend one another", maxExtends)
		}
		loc.files = append(loc.files, parent)
		cur = parent
	}
	last := len(trees) - 1
	tree := trees[last]
	if last == 0 {
		return tree, loc, nil
	}
	loc.origins = map[keyPath]origin{}
	recordOrigins(loc.origins, "", tree, last, "")
	for i := last - 1; i >= 0; i-- {
		f := loc.files[i]
		f.scan()
		m := &merger{origins: loc.origins, file: i, inline: f.inline}
		m.origins[""] = origin{file: i}
		m.table(tree, trees[i], "", "")
	}
	return tree, loc, nil
}

// resolveRef finds the file that from extends: a path relative to from's
// directory (or absolute), else a built-in of that name. It returns a
// message when there is none.
func resolveRef(from *srcFile, ref string) (*srcFile, string) {
	builtins := strings.Join(BuiltinNames(), ", ")
	if strings.TrimSpace(ref) == "" {
		return nil, "must not be empty"
	}
	if from.builtin {
		if !isBuiltin(ref) {
			return nil, fmt.Sprintf("no built-in scenario %q (a built-in extends built-ins only: %s)", ref, builtins)
		}
		f, err := builtinSource(ref)
		if err != nil {
			return nil, err.Error()
		}
		return f, ""
	}
	path, display := ref, ref
	if !filepath.IsAbs(ref) {
		path = filepath.Join(from.dir, ref)
		display = filepath.Join(filepath.Dir(from.name), ref)
	}
	data, err := tomlsrc.ReadFile(path, maxFileBytes)
	switch {
	case errors.Is(err, tomlsrc.ErrNotRegular):
		return nil, fmt.Sprintf("%s is not a regular file", display)
	case err == nil:
		f := fileSource(display, data)
		f.dir = filepath.Dir(path)
		if id, err := filepath.Abs(path); err == nil {
			f.id = id
		}
		return f, ""
	case errors.Is(err, fs.ErrNotExist) && isBuiltin(ref):
		f, err := builtinSource(ref)
		if err != nil {
			return nil, err.Error()
		}
		return f, ""
	case errors.Is(err, fs.ErrNotExist):
		for _, b := range BuiltinNames() {
			if editDistance(strings.TrimSuffix(ref, ".toml"), b) <= 2 {
				return nil, fmt.Sprintf("no such file %s, and no built-in scenario %q (did you mean %s?)", display, ref, b)
			}
		}
		return nil, fmt.Sprintf("no such file %s, and no built-in scenario %q (built-ins: %s)", display, ref, builtins)
	}
	return nil, fmt.Sprintf("cannot read %s: %v", display, err)
}

// merger merges one file's tree into the tree merged so far.
type merger struct {
	origins map[keyPath]origin
	file    int             // index of the file being merged in
	inline  map[string]bool // its inline tables, which replace
}

// table merges src (at path sp of the file) into dst (at path dp of the
// merged tree): tables merge key by key, except inline tables, which
// replace; arrays of named tables merge by name; everything else replaces.
func (m *merger) table(dst, src map[string]any, dp, sp keyPath) {
	for _, k := range sortedKeys(src) {
		sv := src[k]
		dkp, skp := dp.Key(k), sp.Key(k)
		if dv, ok := dst[k]; ok {
			dm, dIsTable := dv.(map[string]any)
			sm, sIsTable := sv.(map[string]any)
			if dIsTable && sIsTable && !m.inline[string(skp)] {
				m.origins[dkp] = origin{file: m.file, path: skp}
				m.table(dm, sm, dkp, skp)
				continue
			}
			if da, sa, ok := namedTables(dv, sv); ok {
				m.origins[dkp] = origin{file: m.file, path: skp}
				dst[k] = m.byName(da, sa, dkp, skp)
				continue
			}
			forgetOrigins(m.origins, dkp, dv)
		}
		dst[k] = sv
		recordOrigins(m.origins, dkp, sv, m.file, skp)
	}
}

// byName merges the array of tables sa into da by their name keys: a table
// whose name da has merges into that table (or replaces it, if inline),
// another is appended.
func (m *merger) byName(da, sa []map[string]any, dp, sp keyPath) []map[string]any {
	out := slices.Clone(da)
	for j, se := range sa {
		sep := sp.Index(j)
		i := slices.IndexFunc(out, func(e map[string]any) bool { return e["name"] == se["name"] })
		switch {
		case i < 0:
			out = append(out, se)
			recordOrigins(m.origins, dp.Index(len(out)-1), se, m.file, sep)
		case m.inline[string(sep)]:
			forgetOrigins(m.origins, dp.Index(i), out[i])
			out[i] = se
			recordOrigins(m.origins, dp.Index(i), se, m.file, sep)
		default:
			m.origins[dp.Index(i)] = origin{file: m.file, path: sep}
			m.table(out[i], se, dp.Index(i), sep)
		}
	}
	return out
}

// namedTables returns a and b as arrays of tables when both are arrays of
// tables whose every element has a string name, unique in its array.
func namedTables(a, b any) ([]map[string]any, []map[string]any, bool) {
	ta, ok := namedArray(a)
	if !ok {
		return nil, nil, false
	}
	tb, ok := namedArray(b)
	return ta, tb, ok
}

func namedArray(v any) ([]map[string]any, bool) {
	var out []map[string]any
	switch a := v.(type) {
	case []map[string]any:
		out = a
	case []any:
		for _, e := range a {
			m, ok := e.(map[string]any)
			if !ok {
				return nil, false
			}
			out = append(out, m)
		}
	default:
		return nil, false
	}
	seen := map[string]bool{}
	for _, e := range out {
		n, ok := e["name"].(string)
		if !ok || seen[n] {
			return nil, false
		}
		seen[n] = true
	}
	return out, true
}

// recordOrigins records that v, at path p of the merged tree, and
// everything in it come from path sp of file.
func recordOrigins(origins map[keyPath]origin, p keyPath, v any, file int, sp keyPath) {
	origins[p] = origin{file: file, path: sp}
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			recordOrigins(origins, p.Key(k), e, file, sp.Key(k))
		}
	case []map[string]any:
		for i, e := range x {
			recordOrigins(origins, p.Index(i), e, file, sp.Index(i))
		}
	case []any:
		for i, e := range x {
			recordOrigins(origins, p.Index(i), e, file, sp.Index(i))
		}
	}
}

// forgetOrigins removes the origins of v, at path p, and of everything in it.
func forgetOrigins(origins map[keyPath]origin, p keyPath, v any) {
	delete(origins, p)
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			forgetOrigins(origins, p.Key(k), e)
		}
	case []map[string]any:
		for i, e := range x {
			forgetOrigins(origins, p.Index(i), e)
		}
	case []any:
		for i, e := range x {
			forgetOrigins(origins, p.Index(i), e)
		}
	}
}
