package outdir

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"offsim/results"
)

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// publish opens dir, stages files (name → content, all in group) and
// publishes them, replacing the groups given.
func publish(t *testing.T, dir string, force bool, group string, files map[string]string, replace ...string) error {
	t.Helper()
	d, err := Open(dir, Options{Force: force})
	if err != nil {
		return err
	}
	defer d.Close()
	stage, err := d.Stage()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for n, c := range files {
		write(t, filepath.Join(stage, n), c)
		names = append(names, n)
	}
	return d.Publish(names, func(string) string { return group }, replace...)
}

// TestPublish: a published set is complete and verified; publishing again
// removes the files of the replaced group that were not staged again and
// keeps the other group's; a file offsim did not write makes the folder
// refused, or with Force is left alone and never overwritten.
func TestPublish(t *testing.T) {
	dir := t.TempDir()
	res := map[string]string{"summary.json": "{}", "sweep.csv": "a", "scenarios/00-a.toml": "x"}
	if err := publish(t, dir, false, results.GroupResults, res, results.GroupResults); err != nil {
		t.Fatal(err)
	}
	if err := publish(t, dir, false, results.GroupCharts, map[string]string{"c.png": "png"}, results.GroupCharts); err != nil {
		t.Fatal(err)
	}
	set, err := results.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := set.ReadFile("sweep.csv", 10); err != nil || string(b) != "a" {
		t.Errorf("sweep.csv: %q, %v", b, err)
	}
	set.Close()
	if err := publish(t, dir, false, results.GroupResults, map[string]string{"summary.json": "{ }"}, results.GroupResults); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{"sweep.csv": false, "scenarios": false, "c.png": true, "summary.json": true, stageName: false} {
		if _, err := os.Stat(filepath.Join(dir, name)); (err == nil) != want {
			t.Errorf("%s: exists %v, want %v", name, err == nil, want)
		}
	}
	write(t, filepath.Join(dir, "mine.txt"), "mine")
	var fe *ForeignError
	if err := publish(t, dir, false, results.GroupResults, nil, results.GroupResults); !errors.As(err, &fe) || fe.Names[0] != "mine.txt" {
		t.Errorf("a folder with a file of the user's: %v", err)
	}
	if err := publish(t, dir, true, results.GroupResults, map[string]string{"mine.txt": "x"}, results.GroupResults); err == nil || !strings.Contains(err.Error(), "not overwriting") {
		t.Errorf("-force over a file of the user's: %v", err)
	}
	if err := publish(t, dir, true, results.GroupResults, nil, results.GroupResults, results.GroupCharts); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "mine.txt")); string(b) != "mine" {
		t.Error("the user's file changed")
	}
	if _, err := os.Stat(filepath.Join(dir, "c.png")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("the charts replaced by nothing stayed")
	}
}

// TestLock: a second Open of a folder is refused while the first holds
// it, and free once it is closed.
func TestLock(t *testing.T) {
	dir := t.TempDir()
	d, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, Options{}); err == nil || !strings.Contains(err.Error(), "in use by another offsim") {
		t.Errorf("second open: %v", err)
	}
	d.Close()
	d, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
}
