// Package tomlx holds what offsim needs of TOML beyond BurntSushi/toml,
// whatever the keys mean: reading sources safely (files of a bounded size
// that are regular files, never a device or a pipe; a check of nesting
// depth before a parser sees the text), key paths in one display form and
// the line each key path is defined on (which BurntSushi/toml does not
// expose), hints for unknown keys, and values that toml.Encoder writes
// with their keys in a given order or inline.
package tomlx

import "strconv"

// Path is a key path in its display form: dotted keys, array indices in
// brackets, keys that are not bare TOML keys quoted, e.g.
// `sites[1].handle_time_by_type."very complex".mean_seconds`. Lines
// builds paths as a decoder does, so that they meet in one map.
type Path string

// Key returns the path of the key name inside p.
func (p Path) Key(name string) Path {
	if p == "" {
		return Path(QuoteKey(name))
	}
	return p + "." + Path(QuoteKey(name))
}

// Index returns the path of element i of the array at p.
func (p Path) Index(i int) Path {
	return p + "[" + Path(strconv.Itoa(i)) + "]"
}

// Parent returns the path of the table or array holding p ("" at the top).
func (p Path) Parent() Path {
	last, quoted, escaped := 0, false, false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case escaped:
			escaped = false
		case quoted && c == '\\':
			escaped = true
		case c == '"':
			quoted = !quoted
		case !quoted && (c == '.' || c == '['):
			last = i
		}
	}
	return p[:last]
}

// QuoteKey returns name as it is shown in a key path: bare when it is a bare
// TOML key, else quoted.
func QuoteKey(name string) string {
	if name == "" {
		return `""`
	}
	for i := 0; i < len(name); i++ {
		if !IsBareKeyChar(name[i]) {
			return strconv.Quote(name)
		}
	}
	return name
}

// IsBareKeyChar reports whether c may stand in a bare TOML key.
func IsBareKeyChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}
