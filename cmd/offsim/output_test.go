package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"offsim/internal/outdir"
	"offsim/results"
)

// TestRunDeletesOnlyWhatItWrote: offsim run -out into a folder holding a
// user's files (the issue's `offsim run my.toml -out .` beside
// scenarios/my.toml) is refused and touches nothing; with -force it
// writes beside them and a rerun keeps them; a file offsim wrote and the
// user changed is not overwritten; stale files of an earlier run are
// removed only because the manifest lists them.
func TestRunDeletesOnlyWhatItWrote(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	mine := filepath.Join(dir, "scenarios", "my.toml")
	os.MkdirAll(filepath.Dir(mine), 0o755)
	os.WriteFile(mine, []byte(tiny), 0o644)
	os.WriteFile(filepath.Join(dir, "sweep.csv"), []byte("my,own,file\n"), 0o644)
	notes := filepath.Join(dir, results.StateDir, "00-w1-short", "run.json")
	os.MkdirAll(filepath.Dir(notes), 0o755)
	os.WriteFile(notes, []byte("mine"), 0o644)
	code, _, stderr := runCLI(t, "run", "-quiet", "-no-plots", "-out", dir, mine)
	if code == 0 || !strings.Contains(stderr, "did not write") || !strings.Contains(stderr, "scenarios/") {
		t.Fatalf("run into a folder of the user's: exit %d: %s", code, stderr)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("a refused run left files: %v", entries)
	}
	// -force writes beside the user's files, twice; a run that would
	// write a sweep.csv over the user's is refused before it runs.
	mustRun(t, "run", "-quiet", "-no-plots", "-force", "-out", dir, mine)
	mustRun(t, "run", "-quiet", "-no-plots", "-force", "-out", dir, mine)
	sweep := writeTemp(t, "sweep.toml", tiny+"\n[sweep]\n\"sites.NL.agents\" = [104, 105]\n")
	if code, _, stderr := runCLI(t, "run", "-quiet", "-no-plots", "-force", "-out", dir, sweep); code == 0 || !strings.Contains(stderr, "sweep.csv") {
		t.Fatalf("-force over the user's sweep.csv: exit %d: %s", code, stderr)
	}
	if got := string(readFile(t, filepath.Join(dir, "sweep.csv"))); got != "my,own,file\n" {
		t.Errorf("the user's sweep.csv became %q", got)
	}
	if string(readFile(t, mine)) != tiny || string(readFile(t, notes)) != "mine" {
		t.Error("the user's scenario file, or their replications/…/run.json, changed")
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "scenarios", "*.toml")); len(m) != 2 {
		t.Errorf("scenarios/ holds %v, want my.toml and the one resolved scenario", m)
	}
	// Stale files go because the manifest lists them: a sweep's sweep.csv
	// and its variants' files, after a run without a sweep.
	stale := t.TempDir()
	mustRun(t, "run", "-quiet", "-no-plots", "-out", stale, sweep)
	mustRun(t, "run", "-quiet", "-no-plots", "-out", stale, mine)
	if _, err := os.Stat(filepath.Join(stale, "sweep.csv")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("the stale sweep.csv stayed")
	}
	if m, _ := filepath.Glob(filepath.Join(stale, "scenarios", "*.toml")); len(m) != 1 {
		t.Errorf("scenarios/ holds %v, want the one resolved scenario", m)
	}
	// A results file the user edited is theirs now: refused, kept.
	own := t.TempDir()
	mustRun(t, "run", "-quiet", "-no-plots", "-out", own, mine)
	os.WriteFile(filepath.Join(own, "summary.csv"), []byte("edited\n"), 0o644)
	code, _, stderr = runCLI(t, "run", "-quiet", "-no-plots", "-out", own, mine)
	if code == 0 || !strings.Contains(stderr, "summary.csv") {
		t.Errorf("rerun over an edited summary.csv: exit %d: %s", code, stderr)
	}
	code, _, stderr = runCLI(t, "run", "-quiet", "-no-plots", "-force", "-out", own, mine)
	if code == 0 || !strings.Contains(stderr, "not overwriting") {
		t.Errorf("-force over an edited summary.csv: exit %d: %s", code, stderr)
	}
	if string(readFile(t, filepath.Join(own, "summary.csv"))) != "edited\n" {
		t.Error("the edited summary.csv was overwritten")
	}
}

// TestOneRunPerFolder: a folder locked by a live offsim is refused with
// the holder named; a lock file whose holder is gone is taken over.
func TestOneRunPerFolder(t *testing.T) {
	t.Parallel()
	file := writeTemp(t, "tiny.toml", tiny)
	dir := t.TempDir()
	held, err := outdir.Open(dir, outdir.Options{State: isStateFile})
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"run", "-quiet", "-no-plots", "-out", dir, file},
		{"plot", dir},
		{"merge", "-quiet", "-out", dir, t.TempDir()},
	} {
		code, _, stderr := runCLI(t, args...)
		if code == 0 || !strings.Contains(stderr, "in use by another offsim (pid") && !strings.Contains(stderr, "no saved replications") {
			t.Errorf("%v into a locked folder: exit %d: %s", args[0], code, stderr)
		}
	}
	held.Close()
	// A lock file left by a killed offsim (no process holds it).
	os.WriteFile(filepath.Join(dir, ".offsim-lock"), []byte("999999999 somehost 2026-01-01T00:00:00Z\n"), 0o644)
	mustRun(t, "run", "-quiet", "-no-plots", "-out", dir, file)
	if _, err := os.Stat(filepath.Join(dir, ".offsim-lock")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("the lock file outlived the run")
	}
}

// TestLeftoversOfAKilledRunCleaned: temporary files and the staging
// folder of a killed run are removed by the next run; a file that only
// looks like one of offsim's temporary files is the user's and refused.
func TestLeftoversOfAKilledRunCleaned(t *testing.T) {
	t.Parallel()
	dir, file := template(t)
	leftovers := []string{
		".summary.json.tmp-123",
		filepath.Join(".offsim-stage", "summary.csv"),
		filepath.Join(results.StateDir, "00-w1-short", ".rep-000001.gob.tmp-99"),
	}
	for _, l := range leftovers {
		p := filepath.Join(dir, l)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("half"), 0o644)
	}
	mustRun(t, "run", "-quiet", "-no-plots", "-resume", "-reps", "3", "-out", dir, file)
	for _, l := range leftovers {
		if _, err := os.Stat(filepath.Join(dir, l)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s left", l)
		}
	}
	os.WriteFile(filepath.Join(dir, ".notes.tmp-1"), []byte("mine"), 0o644)
	if code, _, stderr := runCLI(t, "run", "-quiet", "-no-plots", "-reps", "3", "-out", dir, file); code == 0 || !strings.Contains(stderr, ".notes.tmp-1") {
		t.Errorf("a user's file like a temporary one: exit %d: %s", code, stderr)
	}
}

// TestPlotChecksTheSet: offsim plot refuses a folder whose results were
// changed after the run, an incomplete run, and a folder with no run; it
// redraws one that is whole.
func TestPlotChecksTheSet(t *testing.T) {
	t.Parallel()
	dir, _ := template(t)
	mustRun(t, "plot", dir)
	changed := copyDir(t, dir)
	p := filepath.Join(changed, "summary.json")
	os.WriteFile(p, bytes.Replace(readFile(t, p), []byte(`"replications": 3`), []byte(`"replications": 4`), 1), 0o644)
	if code, _, stderr := runCLI(t, "plot", "-o", t.TempDir(), changed); code == 0 || !strings.Contains(stderr, "summary.json is not the file the run wrote") {
		t.Errorf("plot of a changed summary.json: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "plot", changed); code == 0 || !strings.Contains(stderr, "summary.json") {
		t.Errorf("plot into a folder with a changed summary.json: exit %d: %s", code, stderr)
	}
	incomplete := copyDir(t, dir)
	held, err := outdir.Open(incomplete, outdir.Options{State: isStateFile})
	if err != nil {
		t.Fatal(err)
	}
	held.MarkIncomplete() // as a run does before it replaces the results
	held.Close()
	if code, _, stderr := runCLI(t, "plot", incomplete); code == 0 || !strings.Contains(stderr, "incomplete run") {
		t.Errorf("plot of an incomplete run: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "plot", t.TempDir()); code == 0 || !strings.Contains(stderr, "incomplete run") {
		t.Errorf("plot of an empty folder: exit %d: %s", code, stderr)
	}
	// A tampered file sealed into a forged manifest is still read as
	// hostile input: a negative contract index is refused, not drawn.
	forged := copyDir(t, dir)
	os.WriteFile(filepath.Join(forged, "tenders.csv"), []byte("scenario,tender,award_day,start_day,bidder,won_share,"+
		"bid_monthly_eur_mean,quality_mean,score_mean\nW1 short,-1,0,0,x,0.5,1,1,1\n"), 0o644)
	if err := results.Seal(forged); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "plot", "-o", t.TempDir(), forged); code != 1 || !strings.Contains(stderr, "tenders.csv: line 2: column tender") {
		t.Errorf("plot of a negative contract index: exit %d: %s", code, stderr)
	}
}

// TestNoNaNInOutputs: figures that do not exist (W1 has no employed
// agents, so no wage ratios) are empty cells or absent, never NaN or Inf,
// and summary.json is valid JSON.
func TestNoNaNInOutputs(t *testing.T) {
	t.Parallel()
	dir, _ := template(t)
	for _, name := range append(results.CSVFiles(), results.SummaryJSON) {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		for _, bad := range []string{"NaN", "Inf"} {
			if bytes.Contains(data, []byte(bad)) {
				t.Errorf("%s holds %s", name, bad)
			}
		}
	}
	var b struct{ Scenarios []map[string]any }
	if err := json.Unmarshal(readFile(t, filepath.Join(dir, "summary.json")), &b); err != nil || len(b.Scenarios) != 1 {
		t.Errorf("summary.json: %v", err)
	}
	if !bytes.Contains(readFile(t, filepath.Join(dir, "yearly_replications.csv")), []byte(",domestic_wage_to_minimum,\n")) {
		t.Error("yearly_replications.csv: the missing Dutch wage ratio is not an empty cell")
	}
}

// TestFailedReplicationKeepsTheBatch: a replication that cannot be saved
// (a folder is in the way) fails its scenario with its index named; the
// other scenario's results are written and the exit code says a scenario
// failed.
func TestFailedReplicationKeepsTheBatch(t *testing.T) {
	t.Parallel()
	good := writeTemp(t, "good.toml", tiny)
	bad := writeTemp(t, "bad.toml", strings.Replace(tiny, `name = "W1 short"`, `name = "blocked"`, 1))
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, results.StateDir, "01-blocked", "rep-000001.gob", "x"), 0o755)
	code, _, stderr := runCLI(t, "run", "-quiet", "-no-plots", "-force", "-workers", "1", "-out", dir, good, bad)
	if code != 1 || !strings.Contains(stderr, `scenario "blocked": replication 1:`) {
		t.Errorf("exit %d: %s", code, stderr)
	}
	data := readFile(t, filepath.Join(dir, "summary.json"))
	if !bytes.Contains(data, []byte(`"W1 short"`)) || bytes.Contains(data, []byte(`"blocked"`)) {
		t.Errorf("summary.json should hold the good scenario only:\n%.300s", data)
	}
}

// TestFlagsCheckedFirst: a bad flag value is refused at once, with a
// message naming the flag, before any folder is made or anything runs.
func TestFlagsCheckedFirst(t *testing.T) {
	t.Parallel()
	file := writeTemp(t, "tiny.toml", tiny)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-baseline", "nonesuch"}, "-baseline"},
		{[]string{"-seed", "9223372036854775808"}, "-seed"},
		{[]string{"-cost", "bogus"}, "cost axis"},
		{[]string{"-outcome", "bogus"}, "outcome"},
		{[]string{"-target-ci", "nan"}, "-target-ci"},
		{[]string{"-target-ci", "-0.1"}, "-target-ci"},
		{[]string{"-reps", "2000000"}, "-reps"},
		{[]string{"-workers", "100000"}, "-workers"},
		{[]string{"-max-reps", "1"}, "-max-reps"},
		{[]string{"-shard", "0/0"}, "-shard"},
		{[]string{"-out", ""}, "-out"},
		{[]string{file}, "two scenarios are named"},
	} {
		out := filepath.Join(t.TempDir(), "out")
		args := append([]string{"run", "-quiet", "-out", out, file}, c.args...)
		code, _, stderr := runCLI(t, args...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, want 2 and %q: %s", c.args, code, c.want, stderr)
		}
		if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%v: the output folder was made", c.args)
		}
	}
	for _, args := range [][]string{
		{"erlang", "-calls-per-hour", "1000", "-aht", "360", "-agents", "10000000000"},
		{"erlang", "-calls-per-hour", "1000", "-aht", "360", "-target", "0.8", "-max-agents", "10000000000"},
		{"plot", "-cost", "bogus", t.TempDir()},
		{"merge", "-outcome", "bogus", t.TempDir()},
	} {
		if code, _, stderr := runCLI(t, args...); code != 2 || stderr == "" {
			t.Errorf("%v: exit %d: %s", args, code, stderr)
		}
	}
}
