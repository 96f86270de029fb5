package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryCommandHelps: every command answers -h with its usage on
// stderr and exit 0, and does nothing else (offsim init -h writes no
// file named -h.toml).
func TestEveryCommandHelps(t *testing.T) {
	dir := t.TempDir()
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	for _, cmd := range []string{"run", "erlang", "plot", "merge", "validate", "init", "list", "show", "optimize"} {
		for _, h := range []string{"-h", "-help", "--help"} {
			code, stdout, stderr := runCLI(t, cmd, h)
			if code != 0 || !strings.Contains(stderr, "Usage: offsim "+cmd) || stdout != "" {
				t.Errorf("offsim %s %s: exit %d, stdout %q, stderr %.80q", cmd, h, code, stdout, stderr)
			}
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("-h wrote %v", ents)
	}
}

// TestNamesRefused: a name starting with "-" is refused, never taken for a
// file; a misspelt built-in gets a suggestion.
func TestNamesRefused(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{"init", "--", "-h"}, {"run", "--", "-x.toml"}, {"validate", "--", "-"}, {"show", "--", "-hybrid"}} {
		code, _, stderr := runCLI(t, args...)
		if code != 2 || !strings.Contains(stderr, `may not start with "-"`) {
			t.Errorf("offsim %v: exit %d, %q", args, code, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "-h.toml")); err == nil {
		t.Error("wrote -h.toml")
	}
	for _, args := range [][]string{{"run", "-out", filepath.Join(dir, "o"), "sr-ofshore"}, {"show", "sr-ofshore"}, {"validate", "sr-ofshore"}} {
		_, _, stderr := runCLI(t, args...)
		if !strings.Contains(stderr, "did you mean sr-offshore?") {
			t.Errorf("offsim %v: %q", args, stderr)
		}
	}
	if _, _, stderr := runCLI(t, "run", "-out", filepath.Join(dir, "o"), "rac"); !strings.Contains(stderr, "did you mean race?") {
		t.Errorf("offsim run rac: %q", stderr)
	}
}

// TestRunSaysWhatItDoes: off a terminal, offsim run says what it plans at
// once and one line per finished scenario on stderr; -quiet says nothing.
func TestRunSaysWhatItDoes(t *testing.T) {
	w1 := filepath.Join("..", "..", "testdata", "w1.toml")
	code, _, stderr := runCLI(t, "run", "-reps", "1", "-no-plots", "-out", t.TempDir(), w1, w1+"x")
	_ = code
	for _, want := range []string{"reading and planning 2 scenario file(s)", "1 scenario(s), 1 replication(s) to run",
		"W1 Erlang-A: 1 replication(s) in", "simulated months/s); 1 of 1 scenario(s) done", "writing the results into"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	code, stdout, stderr := runCLI(t, "run", "-quiet", "-reps", "1", "-no-plots", "-out", t.TempDir(), w1)
	if code != 0 || stdout != "" || stderr != "" {
		t.Errorf("-quiet: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// TestDefaultBatchDocumented: every metric the default batch writes has a
// row in the metric dictionary, and none is NaN.
func TestDefaultBatchDocumented(t *testing.T) {
	t.Parallel()
	dir, err := defaultBatch()
	if err != nil {
		t.Fatal(err)
	}
	checkDocumented(t, dir)
}
