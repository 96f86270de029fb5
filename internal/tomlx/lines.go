package tomlx

import (
	"strconv"
	"strings"
)

// BurntSushi/toml does not expose where a key is defined, so the decoder
// finds lines itself: Lines scans the source once and maps every key
// path (in Path form) to the line it first appears on.
//
// It understands what a scenario file can hold: comments, [table] and
// [[array]] headers (counting the elements of each array of tables, nested
// ones included), dotted and quoted keys, inline tables (also across lines),
// arrays (also across lines; each element gets its own path, e.g.
// "demand.arrivals_per_hour.daily[5]") and all four kinds of strings. It is
// only asked about files the TOML parser accepted, but it never panics and
// always terminates, whatever the input.

// Lines returns the line (1-based) on which each key path of src is first
// defined, and the set of key paths whose value is an inline table ({ ...
// }). A table defined only implicitly (by [a.b] or a.b = 1) gets the line
// of its first implicit definition.
func Lines(src string) (lines map[string]int, inline map[string]bool) {
	s := &lineScanner{src: src, line: 1, lines: map[string]int{}, arrays: map[Path]int{}, inline: map[string]bool{}}
	s.document()
	return s.lines, s.inline
}

type lineScanner struct {
	src    string
	i      int
	line   int
	lines  map[string]int
	arrays map[Path]int    // array of tables → elements so far
	inline map[string]bool // paths of inline tables
}

func (s *lineScanner) record(p Path, line int) {
	if _, ok := s.lines[string(p)]; !ok {
		s.lines[string(p)] = line
	}
}

func (s *lineScanner) eof() bool { return s.i >= len(s.src) }

func (s *lineScanner) peek() byte {
	if s.i < len(s.src) {
		return s.src[s.i]
	}
	return 0
}

func (s *lineScanner) hasPrefix(p string) bool {
	return len(s.src)-s.i >= len(p) && s.src[s.i:s.i+len(p)] == p
}

// advance moves past one byte, counting lines.
func (s *lineScanner) advance() {
	if s.i < len(s.src) {
		if s.src[s.i] == '\n' {
			s.line++
		}
		s.i++
	}
}

// skipSpace skips blanks within a line.
func (s *lineScanner) skipSpace() {
	for c := s.peek(); c == ' ' || c == '\t'; c = s.peek() {
		s.i++
	}
}

// skipComment skips a comment up to (not including) the end of its line.
func (s *lineScanner) skipComment() {
	for !s.eof() && s.src[s.i] != '\n' {
		s.i++
	}
}

// skipBlank skips blanks, newlines and comments.
func (s *lineScanner) skipBlank() {
	for !s.eof() {
		switch s.src[s.i] {
		case ' ', '\t', '\r', '\n':
			s.advance()
		case '#':
			s.skipComment()
		default:
			return
		}
	}
}

// document scans top-level lines: headers and key/value pairs.
func (s *lineScanner) document() {
	var table Path
	for !s.eof() {
		s.skipBlank()
		if s.eof() {
			return
		}
		start := s.i
		if s.peek() == '[' {
			table = s.header()
		} else {
			s.keyValue(table)
		}
		// Whatever is left on the line (a comment, or what a broken file
		// has there) is skipped.
		s.skipComment()
		if s.i == start {
			s.advance()
		}
	}
}

// header scans [a.b] or [[a.b]] and returns the table path it opens.
func (s *lineScanner) header() Path {
	line := s.line
	array := s.hasPrefix("[[")
	if array {
		s.i += 2
	} else {
		s.i++
	}
	keys := s.keys()
	s.skipSpace()
	if array && s.hasPrefix("]]") {
		s.i += 2
	} else if !array && s.peek() == ']' {
		s.i++
	}
	var p Path
	for j, k := range keys {
		p = p.Key(k)
		if array && j == len(keys)-1 {
			n := s.arrays[p]
			s.arrays[p] = n + 1
			s.record(p, line)
			p = p.Index(n)
			s.record(p, line)
			break
		}
		if n, ok := s.arrays[p]; ok {
			p = p.Index(n - 1)
		}
		s.record(p, line)
	}
	return p
}

// keyValue scans key = value inside table.
func (s *lineScanner) keyValue(table Path) {
	line := s.line
	keys := s.keys()
	if len(keys) == 0 {
		return
	}
	p := table
	for _, k := range keys {
		p = p.Key(k)
		s.record(p, line)
	}
	s.skipSpace()
	if s.peek() != '=' {
		return
	}
	s.i++
	s.skipSpace()
	s.value(p)
}

// keys scans a possibly dotted, possibly quoted key.
func (s *lineScanner) keys() []string {
	var keys []string
	for {
		s.skipSpace()
		var k string
		switch c := s.peek(); {
		case c == '"' || c == '\'':
			k = s.quoted()
		case IsBareKeyChar(c):
			start := s.i
			for IsBareKeyChar(s.peek()) {
				s.i++
			}
			k = s.src[start:s.i]
		default:
			return keys
		}
		keys = append(keys, k)
		s.skipSpace()
		if s.peek() != '.' {
			return keys
		}
		s.i++
	}
}

// value scans one value whose key path is p.
func (s *lineScanner) value(p Path) {
	start := s.i
	switch {
	case s.hasPrefix(`"""`):
		s.multiline(`"""`, true)
	case s.hasPrefix(`'''`):
		s.multiline(`'''`, false)
	case s.peek() == '"' || s.peek() == '\'':
		s.quoted()
	case s.peek() == '[':
		s.array(p)
	case s.peek() == '{':
		s.inline[string(p)] = true
		s.inlineTable(p)
	default:
		// Number, boolean or date: up to what ends a value.
	scalar:
		for !s.eof() {
			switch s.src[s.i] {
			case ',', ']', '}', '#', '\n', '\r':
				break scalar
			}
			s.i++
		}
	}
	// Always move on, also past what cannot start a value (broken input).
	if s.i == start {
		s.advance()
	}
}

func (s *lineScanner) array(p Path) {
	n := 0
	s.items(']', func() {
		e := p.Index(n)
		n++
		s.record(e, s.line)
		s.value(e)
	})
}

func (s *lineScanner) inlineTable(p Path) {
	s.items('}', func() {
		start := s.i
		s.keyValue(p)
		if s.i == start {
			s.advance()
		}
	})
}

// items scans an array or inline table from its opening bracket to its
// closing one (end), calling item at each item; it stops at the end of
// broken input.
func (s *lineScanner) items(end byte, item func()) {
	s.i++ // [ or {
	for {
		s.skipBlank()
		switch s.peek() {
		case 0:
			if s.eof() {
				return
			}
			s.advance()
		case end:
			s.i++
			return
		case ',':
			s.i++
		default:
			item()
		}
	}
}

// quoted scans a one-line string, "..." (basic: with backslash escapes)
// or '...', and returns its value; an unclosed one ends at the line's end.
func (s *lineScanner) quoted() string {
	delim := s.src[s.i]
	basic := delim == '"'
	s.i++
	start := s.i
	for !s.eof() {
		switch c := s.src[s.i]; {
		case basic && c == '\\':
			s.i++
			if !s.eof() && s.src[s.i] != '\n' {
				s.i++
			}
			continue
		case c == delim:
			raw := s.src[start:s.i]
			s.i++
			if basic {
				return unescape(raw)
			}
			return raw
		case c == '\n':
			return s.src[start:s.i]
		}
		s.i++
	}
	return s.src[start:]
}

// multiline scans a multi-line string, basic or literal (delim is three
// double or three single quotes), counting its lines.
func (s *lineScanner) multiline(delim string, escapes bool) {
	s.i += len(delim)
	for !s.eof() {
		if escapes && s.src[s.i] == '\\' {
			s.advance()
			s.advance()
			continue
		}
		if s.hasPrefix(delim) {
			s.i += len(delim)
			// Up to two quotes right before the delimiter belong to the string.
			for k := 0; k < 2 && s.peek() == delim[0]; k++ {
				s.i++
			}
			return
		}
		s.advance()
	}
}

// unescape returns the value of a basic string's body: Go's escapes plus
// TOML 1.1's \e (escape) and \xHH (a code point). It returns raw when raw
// is not a valid body.
func unescape(raw string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' || i+1 == len(raw) {
			b.WriteByte(raw[i])
			continue
		}
		i++
		switch raw[i] {
		case 'e':
			b.WriteString(`\u001b`)
		case 'x':
			b.WriteString(`\u00`)
		default:
			b.WriteByte('\\')
			b.WriteByte(raw[i])
		}
	}
	b.WriteByte('"')
	if v, err := strconv.Unquote(b.String()); err == nil {
		return v
	}
	return raw
}
