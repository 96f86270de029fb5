package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "sub", "out.txt")
	for _, content := range []string{"first", "second, longer"} {
		if err := WriteFile(p, []byte(content)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(p)
		if err != nil || string(got) != content {
			t.Fatalf("read %q, %v; want %q", got, err, content)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(p))
	if len(entries) != 1 {
		t.Errorf("%d entries, want only the file: a temporary file was left", len(entries))
	}
	// A directory in the way: the write fails and leaves no temporary file.
	if err := WriteFile(filepath.Dir(p), []byte("x")); err == nil {
		t.Error("writing over a directory succeeded")
	}
	entries, _ = os.ReadDir(filepath.Join(dir))
	for _, e := range entries {
		if e.Name() != "sub" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}
