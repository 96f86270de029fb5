package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics and that it returns either an
// error (an ErrorList of well-formed problems) or a scenario that passes
// Validate. The seed corpus is testdata/*.toml, testdata/bad/*.toml, the
// built-ins, testdata/good, the examples of README.md and the line finder's
// test source.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("../testdata/bad/*.toml")
	top, _ := filepath.Glob("../testdata/*.toml")
	files = append(files, top...)
	good, _ := filepath.Glob("../testdata/good/*.toml")
	files = append(files, good...)
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, n := range BuiltinNames() {
		src, err := BuiltinSource(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	for _, b := range readmeBlocks(f) {
		f.Add([]byte(b))
	}
	f.Add([]byte(lineSource))
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := Parse("fuzz.toml", data)
		if err == nil {
			if sc == nil {
				t.Fatal("Parse returned neither a scenario nor an error")
			}
			if verr := sc.Validate(); verr != nil {
				t.Fatalf("Parse accepted a scenario that Validate rejects: %v", verr)
			}
			return
		}
		if sc != nil {
			t.Fatal("Parse returned a scenario and an error")
		}
		var list ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			t.Fatalf("error %v (%T) is not a non-empty ErrorList", err, err)
		}
		for _, e := range list {
			if e.File != "fuzz.toml" || e.Msg == "" || e.Line < 0 {
				t.Fatalf("malformed error %+v", e)
			}
			if strings.Contains(e.Msg, "internal error") {
				t.Fatalf("internal error: %v", e)
			}
		}
	})
}

// FuzzLineIndex checks that the line finder terminates without panicking
// on any input, valid TOML or not, and only reports lines that exist.
func FuzzLineIndex(f *testing.F) {
	f.Add(lineSource)
	f.Add("a = [1, {b = \"\\")
	f.Fuzz(func(t *testing.T, src string) {
		n := strings.Count(src, "\n") + 1
		for k, l := range indexLines(src) {
			if l < 1 || l > n {
				t.Fatalf("key %s on line %d of %d", k, l, n)
			}
		}
	})
}
