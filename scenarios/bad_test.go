package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadFiles parses every file in testdata/bad with ParseAll (so that a
// [sweep] is decoded too), named by its base name, extends starting from
// testdata/bad. Each starts with one or more "# want: " lines, one per
// expected error, in the order ParseAll reports them; an error must contain
// its want line. The number of errors must match: a file reports all its
// problems, and nothing else.
func TestBadFiles(t *testing.T) {
	files := must(filepath.Glob("../testdata/bad/*.toml"))(t)
	if len(files) < 20 {
		t.Fatalf("only %d bad files", len(files))
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(strings.TrimSuffix(name, ".toml"), func(t *testing.T) {
			data := must(os.ReadFile(f))(t)
			wants := wantLines(data)
			if len(wants) == 0 {
				t.Fatalf("%s has no # want: line", name)
			}
			top := fileSource(name, data)
			top.Dir = filepath.Dir(f)
			if id, err := filepath.Abs(f); err == nil {
				top.Id = id
			}
			scs, err := parse(top, true)
			if err == nil {
				t.Fatalf("ParseAll succeeded (%d scenarios), want errors:\n%s", len(scs), strings.Join(wants, "\n"))
			}
			if scs != nil {
				t.Errorf("ParseAll returned scenarios along with the error")
			}
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error is %T, not an ErrorList: %v", err, err)
			}
			if *update {
				rewriteWants(t, f, data, len(wants), list)
				return
			}
			if len(list) != len(wants) {
				t.Errorf("got %d errors, want %d:\n%v", len(list), len(wants), err)
			}
			for i := range min(len(list), len(wants)) {
				if !strings.Contains(list[i].Error(), wants[i]) {
					t.Errorf("error %d:\n got  %s\n want %s", i, list[i], wants[i])
				}
			}
			for i, e := range list {
				if e.File != name {
					t.Errorf("error %d names file %q", i, e.File)
				}
				if i > 0 && e.Line < list[i-1].Line {
					t.Errorf("errors not in line order: %v", err)
				}
			}
		})
	}
}

func wantLines(data []byte) []string {
	var wants []string
	for _, line := range strings.Split(string(data), "\n") {
		w, ok := strings.CutPrefix(line, "# want: ")
		if !ok {
			break
		}
		wants = append(wants, w)
	}
	return wants
}

// rewriteWants replaces the first n lines of file f with one # want: line
// per error.
func rewriteWants(t *testing.T, f string, data []byte, n int, list ErrorList) {
	lines := strings.SplitAfter(string(data), "\n")
	var b strings.Builder
	for _, e := range list {
		b.WriteString("# want: " + e.Error() + "\n")
	}
	b.WriteString(strings.Join(lines[n:], ""))
	if err := os.WriteFile(f, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
