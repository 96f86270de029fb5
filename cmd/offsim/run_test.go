package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"offsim/results"
)

// TestRunDeterministicAcrossWorkers: same file and seed give byte-identical
// result files for any number of workers, also past the replications
// whose monthly percentiles are exact (the estimate depends on the order
// the replications are summarised in, which the workers must not change).
func TestRunDeterministicAcrossWorkers(t *testing.T) {
	t.Parallel()
	file := writeTemp(t, "tiny.toml", tiny)
	reps := strconv.Itoa(results.ExactBandReplications + 20)
	var outs [][]byte
	for _, w := range []string{"1", "3"} {
		dir := t.TempDir()
		mustRun(t, "run", "-quiet", "-no-plots", "-reps", reps, "-workers", w, "-out", dir, file)
		outs = append(outs, outputsOf(t, dir))
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Fatalf("outputs differ between worker counts")
	}
}

// TestSummaryShape: summary.json has the documented shape and metrics.
func TestSummaryShape(t *testing.T) {
	t.Parallel()
	file := writeTemp(t, "w1.toml", shortW1)
	dir := t.TempDir()
	// Flags after the file work too.
	mustRun(t, "run", file, "-reps", "3", "-seed", "9", "-quiet", "-out", dir)
	data, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Scenarios []struct {
			Name         string                        `json:"name"`
			Replications int                           `json:"replications"`
			Seed         uint64                        `json:"seed"`
			Metrics      map[string]map[string]float64 `json:"metrics"`
			Sites        map[string]struct {
				Metrics map[string]map[string]float64 `json:"metrics"`
			} `json:"sites"`
		} `json:"scenarios"`
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Scenarios) != 1 {
		t.Fatalf("%d scenarios", len(got.Scenarios))
	}
	sc := got.Scenarios[0]
	if sc.Name != "W1 short" || sc.Replications != 3 || sc.Seed != 9 {
		t.Errorf("name %q reps %d seed %d: flags not applied", sc.Name, sc.Replications, sc.Seed)
	}
	for _, m := range []string{"calls_offered", "calls_answered", "calls_abandoned", "service_level", "abandon_rate", "asa_seconds", "occupancy"} {
		s, ok := sc.Metrics[m]
		if !ok {
			t.Errorf("metric %s missing", m)
			continue
		}
		for _, k := range []string{"mean", "sd", "ci95_low", "ci95_high", "p05", "p50", "p95"} {
			if _, ok := s[k]; !ok {
				t.Errorf("metric %s lacks %s", m, k)
			}
		}
		if !(s["ci95_low"] <= s["mean"] && s["mean"] <= s["ci95_high"]) {
			t.Errorf("metric %s: CI [%g, %g] does not hold the mean %g", m, s["ci95_low"], s["ci95_high"], s["mean"])
		}
	}
	if _, ok := sc.Sites["NL"].Metrics["service_level"]; !ok {
		t.Error("per-site metrics missing")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// TestBatchWithBadScenario: a bad file is reported by name, the good one
// still runs and is written, and the exit code is non-zero.
func TestBatchWithBadScenario(t *testing.T) {
	t.Parallel()
	good := writeTemp(t, "good.toml", shortW1)
	bad := writeTemp(t, "bad.toml", strings.Replace(shortW1, "agents = 105", "agents = 0", 1))
	dir := t.TempDir()
	code, _, stderr := runCLI(t, "run", "-quiet", "-reps", "2", "-out", dir, bad, good)
	if code == 0 {
		t.Fatal("exit 0 with a bad scenario in the batch")
	}
	if !strings.Contains(stderr, "bad.toml") || !strings.Contains(stderr, "agents") {
		t.Errorf("error does not name the file and key: %s", stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal("the good scenario's results were not written")
	}
	if !strings.Contains(string(data), "W1 short") {
		t.Error("summary.json lacks the good scenario")
	}
}

func TestQuietPrintsNothing(t *testing.T) {
	t.Parallel()
	file := writeTemp(t, "w1.toml", shortW1)
	code, stdout, stderr := runCLI(t, "run", "-quiet", "-reps", "2", "-out", t.TempDir(), file)
	if code != 0 || stdout != "" || stderr != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestRunSaysWhereItWrote(t *testing.T) {
	t.Parallel()
	file := writeTemp(t, "w1.toml", shortW1)
	dir := t.TempDir()
	code, stdout, _ := runCLI(t, "run", "-reps", "2", "-out", dir, file)
	if code != 0 || !strings.Contains(stdout, filepath.Join(dir, "summary.json")) {
		t.Errorf("exit %d; output does not say where it wrote: %s", code, stdout)
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{}, {"nonsense"}, {"run", "-reps", "0"}, {"run", "-workers", "-1"}, {"run", "-bogus"}, {"validate"}} {
		if code, _, _ := runCLI(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, stderr := runCLI(t, "run", "-quiet", "no-such-file.toml"); code == 0 || !strings.Contains(stderr, "no-such-file.toml") {
		t.Errorf("missing file: exit %d, %s", code, stderr)
	}
}

func TestValidateAndList(t *testing.T) {
	t.Parallel()
	good := writeTemp(t, "good.toml", shortW1)
	bad := writeTemp(t, "bad.toml", shortW1+"\nbogus_key = 1\n")
	code, stdout, stderr := runCLI(t, "validate", good, bad)
	if code != 1 || !strings.Contains(stdout, "good.toml: ok") || !strings.Contains(stderr, "bogus_key") {
		t.Errorf("validate: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	code, stdout, _ = runCLI(t, "list")
	if code != 0 || !strings.Contains(stdout, "(default)") {
		t.Errorf("list: exit %d, %q", code, stdout)
	}
}

// TestPlotRedrawsIdentically: offsim plot DIR redraws from the saved
// results exactly the charts and report offsim run drew.
func TestPlotRedrawsIdentically(t *testing.T) {
	t.Parallel()
	file := writeTemp(t, "w1.toml", shortW1)
	dir := t.TempDir()
	mustRun(t, "run", "-quiet", "-reps", "3", "-out", dir, file)
	charts, _ := filepath.Glob(filepath.Join(dir, "*.svg"))
	charts = append(charts, filepath.Join(dir, "report.html"))
	if len(charts) < 2 {
		t.Fatalf("run drew %d charts", len(charts)-1)
	}
	redraw := t.TempDir()
	mustRun(t, "plot", "-o", redraw, dir)
	for _, c := range charts {
		a, b := readFile(t, c), readFile(t, filepath.Join(redraw, filepath.Base(c)))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs when redrawn", filepath.Base(c))
		}
	}
}

// TestTargetCI: -target-ci adds replications (in steps of the file's
// count, up to -max-reps) until the headline metrics are precise enough; a
// loose target stops at once.
func TestTargetCI(t *testing.T) {
	t.Parallel()
	file := writeTemp(t, "w1.toml", shortW1)
	reps := func(args ...string) int {
		dir := t.TempDir()
		all := append([]string{"run", "-quiet", "-no-plots", "-out", dir}, args...)
		mustRun(t, append(all, file)...)
		var got struct {
			Scenarios []struct{ Replications int } `json:"scenarios"`
		}
		if err := json.Unmarshal(readFile(t, filepath.Join(dir, "summary.json")), &got); err != nil {
			t.Fatal(err)
		}
		return got.Scenarios[0].Replications
	}
	if n := reps("-reps", "2", "-target-ci", "0.5"); n != 2 {
		t.Errorf("loose target: %d replications, want 2", n)
	}
	if n := reps("-reps", "2", "-target-ci", "0.0001", "-max-reps", "6"); n != 6 {
		t.Errorf("unreachable target: %d replications, want the maximum 6", n)
	}
	if n := reps("-reps", "2", "-target-ci", "0.02", "-max-reps", "40"); n <= 2 || n >= 40 || n%2 != 0 {
		t.Errorf("target 2%%: %d replications, want more than 2, fewer than 40, in steps of 2", n)
	}
}
