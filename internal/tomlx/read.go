package tomlx

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
)

// ErrNotRegular is the error of a path that is not a regular file.
var ErrNotRegular = errors.New("not a regular file (a directory, a device or a pipe)")

// ReadFile reads the regular file at path, of at most maxBytes (the error
// says so past it). It looks before it opens, so that a pipe or a device
// is refused without blocking on it or reading it. Its errors are those of
// the file system without the path (fs.ErrNotExist, ...), or ErrNotRegular.
func ReadFile(path string, maxBytes int64) ([]byte, error) {
	tooLarge := fmt.Errorf("larger than %s, the limit of the file", size(maxBytes))
	fi, err := os.Stat(path)
	if err == nil && !fi.Mode().IsRegular() {
		err = ErrNotRegular
	} else if err == nil && fi.Size() > maxBytes {
		err = tooLarge
	}
	var f *os.File
	if err == nil {
		f, err = os.Open(path)
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxBytes+1))
	if err == nil && int64(len(data)) > maxBytes {
		err = tooLarge
	}
	return data, err
}

// size says n bytes in KiB or MiB where they are whole.
func size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// CheckNesting returns the first line on which arrays and inline tables
// of src nest deeper than limit, or 0: a cheap look before a TOML parser,
// which takes seconds and gigabytes for a few kilobytes of deep nesting.
// It skips strings and comments, and leaves every other problem to the
// parser.
func CheckNesting(src string, limit int) int {
	depth, line := 0, 1
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '\n':
			line++
		case '#':
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			delim := string(c)
			if strings.HasPrefix(src[i:], strings.Repeat(delim, 3)) {
				delim = strings.Repeat(delim, 3)
			}
			for i += len(delim); i < len(src) && !strings.HasPrefix(src[i:], delim); i++ {
				if src[i] == '\n' {
					if len(delim) == 1 {
						i--
						break // an unterminated string: the parser says so
					}
					line++
				} else if src[i] == '\\' && c == '"' {
					i++
				}
			}
			i += len(delim) - 1
		case '[', '{':
			if depth++; depth > limit {
				return line
			}
		case ']', '}':
			depth = max(depth-1, 0)
		}
	}
	return 0
}
