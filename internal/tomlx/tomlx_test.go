package tomlx

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/BurntSushi/toml"
)

// TestWrite checks that what Ordered, Inline, Week and Date write reads
// back as written, in order.
func TestWrite(t *testing.T) {
	week := make([]float64, 14)
	week[3] = 1e-300
	week[13] = 2.5
	doc := Ordered([]string{"z", "a", "when", "t", "w"}, []any{1, "x", Date("2026-01-05"),
		Inline{Keys: []string{"b", "a b"}, Vals: []any{math.Pi, Inline{Keys: []string{"c"}, Vals: []any{[]int{1, 2}}}}}, Week[float64](week)})
	out, err := toml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(out), "z = 1\na = \"x\"\nwhen = 2026-01-05\nt = { b = 3.141592653589793, \"a b\" = { c = [1, 2] } }\nw = [\n") {
		t.Errorf("written:\n%s", out)
	}
	var back struct {
		T map[string]any
		W []float64
	}
	if _, err := toml.Decode(strings.NewReplacer("t =", "T =", "w =", "W =").Replace(string(out)), &back); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if back.T["b"] != math.Pi || back.W[3] != 1e-300 || back.W[13] != 2.5 || len(back.W) != 14 {
		t.Errorf("read back %+v", back)
	}
}

// TestReadFile checks that only regular files within the size are read.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	small, large, fifo := filepath.Join(dir, "small"), filepath.Join(dir, "large"), filepath.Join(dir, "fifo")
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(small, []byte("a = 1\n"), 0o600))
	must(os.WriteFile(large, make([]byte, 2048), 0o600))
	must(syscall.Mkfifo(fifo, 0o600))
	if data, err := ReadFile(small, 2048); err != nil || string(data) != "a = 1\n" {
		t.Errorf("small file: %q, %v", data, err)
	}
	for _, tt := range []struct {
		path string
		want error
	}{{large, nil}, {fifo, ErrNotRegular}, {dir, ErrNotRegular}, {"/dev/zero", ErrNotRegular}, {filepath.Join(dir, "none"), fs.ErrNotExist}} {
		_, err := ReadFile(tt.path, 1024)
		if err == nil || tt.want != nil && !errors.Is(err, tt.want) || tt.want == nil && !strings.Contains(err.Error(), "larger than 1 KiB") {
			t.Errorf("%s: %v, want %v", tt.path, err, tt.want)
		}
	}
}

// TestCheckNesting checks the depth count, strings and comments left out.
func TestCheckNesting(t *testing.T) {
	for _, tt := range []struct {
		src  string
		want int
	}{
		{"a = [[1]]\nb = { c = { d = 1 } }\n", 0},
		{"a = \"[[[[\"\n# {{{{\nb = '''\n[[[[\n'''\nc = [[[[1]]]]\n", 6},
		{"a = \"\\\"[[[[\"\n", 0},
		{"a = 1\n\nb = [[[[[1]]]]]\n", 3},
	} {
		if got := CheckNesting(tt.src, 3); got != tt.want {
			t.Errorf("CheckNesting(%q) = %d, want %d", tt.src, got, tt.want)
		}
	}
}
