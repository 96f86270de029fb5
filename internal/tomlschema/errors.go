package tomlschema

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"offsim/internal/tomlx"
)

// Error is one problem found in a scenario file. Its message has the form
//
//	FILE:LINE: KEY: message
//
// for example "w1.toml:12: sites[0].agents: must be at least 1, got 0".
// LINE is left out when the line cannot be known (a key missing from a table
// the file does not have), KEY when there is none (a TOML syntax error).
type Error struct {
	// File is the file name given to Parse or Load.
	File string
	// Line is the 1-based line the problem is on; 0 when unknown.
	Line int
	// Key is the key path in the file, e.g. "sites[0].handle_time.cv" or
	// "routing.by_type.simple.order[1]"; "" for a syntax error.
	Key string
	// Msg says what is wrong.
	Msg string
}

// Error formats the problem as FILE:LINE: KEY: message.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ErrorList is every problem found in one file (and the files it extends),
// ordered by file, the file given first, then by line (problems without a
// line first). Parse returns one as its error when the file is
// invalid. Like the result of errors.Join, its message is one problem per
// line, and errors.As finds an *Error in it.
type ErrorList []*Error

// Error returns the problems, one per line.
func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Unwrap returns the problems, for errors.Is and errors.As.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// SortByLine orders the list by file, in the order of files (the file
// given to Parse first, then the files it extends, nearest first; files not
// in the list last), then by line, keeping the order of problems found on
// the same line.
func (l ErrorList) SortByLine(files ...string) {
	rank := func(f string) int {
		if i := slices.Index(files, f); i >= 0 {
			return i
		}
		return len(files)
	}
	slices.SortStableFunc(l, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(rank(a.File), rank(b.File)), cmp.Compare(a.Line, b.Line))
	})
}

// unique returns the list without repeated problems (a value several
// fields share, such as a site's handle_time, is checked for each).
func (l ErrorList) unique() ErrorList {
	var out ErrorList
	seen := map[Error]bool{}
	for _, e := range l {
		if !seen[*e] {
			seen[*e] = true
			out = append(out, e)
		}
	}
	return out
}

// Sorted returns the list without repeated problems, sorted by line in
// the files of loc.
func (l ErrorList) Sorted(loc *Locator) ErrorList {
	l = l.unique()
	l.SortByLine(loc.Names()...)
	return l
}

// Path is a key path in its display form (see tomlx.Path): the
// decoder and the line index build paths the same way.
type Path = tomlx.Path
