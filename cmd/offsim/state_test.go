package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"offsim/results"
)

// TestShardsMergeAsSeparateProcesses: N shards run as separate processes
// and merged give byte-identical outputs to a single run with the same seed.
func TestShardsMergeAsSeparateProcesses(t *testing.T) {
	t.Parallel()
	bin := buildOffsim(t)
	file := writeTemp(t, "w1.toml", shortW1)
	single := t.TempDir()
	if out, err := exec.Command(bin, "run", "-quiet", "-reps", "6", "-out", single, file).CombinedOutput(); err != nil {
		t.Fatalf("single run: %v\n%s", err, out)
	}
	const n = 3
	var parts []string
	for k := range n {
		dir := t.TempDir()
		cmd := exec.Command(bin, "run", "-quiet", "-reps", "6", "-shard", strconv.Itoa(k)+"/"+strconv.Itoa(n), "-out", dir, file)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("shard %d: %v\n%s", k, err, out)
		}
		parts = append(parts, dir)
	}
	merged := t.TempDir()
	if out, err := exec.Command(bin, append([]string{"merge", "-quiet", "-out", merged}, parts...)...).CombinedOutput(); err != nil {
		t.Fatalf("merge: %v\n%s", err, out)
	}
	if !bytes.Equal(outputsOf(t, single), outputsOf(t, merged)) {
		t.Fatal("merged shards differ from the single run")
	}
	// A missing shard is an error, not a silently smaller result.
	if out, err := exec.Command(bin, "merge", "-quiet", "-out", t.TempDir(), parts[0], parts[1]).CombinedOutput(); err == nil {
		t.Fatalf("merge with a shard missing succeeded:\n%s", out)
	}
}

// TestResumeCompletesIdentically: a run that lost replications (as after
// Ctrl-C) completes with -resume to exactly the uninterrupted outputs.
func TestResumeCompletesIdentically(t *testing.T) {
	t.Parallel()
	file := writeTemp(t, "w1.toml", shortW1)
	full := t.TempDir()
	mustRun(t, "run", "-quiet", "-reps", "5", "-out", full, file)
	part := t.TempDir()
	mustRun(t, "run", "-quiet", "-reps", "5", "-out", part, file)
	matches, _ := filepath.Glob(filepath.Join(part, results.StateDir, "*", "rep-*.gob"))
	if len(matches) != 5 {
		t.Fatalf("%d replication files saved, want 5", len(matches))
	}
	for _, m := range matches[1:4] {
		os.Remove(m)
	}
	os.Remove(filepath.Join(part, "summary.json"))
	mustRun(t, "run", "-quiet", "-resume", "-reps", "5", "-out", part, file)
	if !bytes.Equal(outputsOf(t, full), outputsOf(t, part)) {
		t.Fatal("resumed run differs from the uninterrupted one")
	}
	// Resuming with a changed scenario is refused.
	changed := writeTemp(t, "w1.toml", replaceOnce(shortW1, "agents = 105", "agents = 106"))
	if code, _, _ := runCLI(t, "run", "-quiet", "-resume", "-reps", "5", "-out", part, changed); code == 0 {
		t.Fatal("-resume accepted a changed scenario")
	}
}

// TestInterruptSavesAndExitsNonZero sends SIGINT to a long run: it exits
// non-zero, keeps the finished replications, and leaves no temporary file.
func TestInterruptSavesAndExitsNonZero(t *testing.T) {
	t.Parallel()
	cmd, dir := startRun(t, "400", "400", func(dir string) bool {
		m, _ := filepath.Glob(filepath.Join(dir, results.StateDir, "*", "rep-*.gob"))
		return len(m) >= 2
	})
	cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	if err == nil {
		t.Fatal("interrupted run exited 0")
	}
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 130 {
		t.Fatalf("exit: %v, want code 130", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "summary.json")); err != nil {
		t.Error("no summary of the finished replications written")
	}
	tmp, _ := filepath.Glob(filepath.Join(dir, "*", "*", ".*tmp*"))
	tmp2, _ := filepath.Glob(filepath.Join(dir, ".*tmp*"))
	if len(tmp)+len(tmp2) > 0 {
		t.Errorf("temporary files left: %v %v", tmp, tmp2)
	}
}

// TestSecondSignalStopsAtOnce: with one long replication in flight, a
// second SIGTERM stops the run within a second: exit 130, the run's saved
// state kept, the results marked incomplete (offsim plot says so), no
// temporary file of the results left in the folder.
func TestSecondSignalStopsAtOnce(t *testing.T) {
	t.Parallel()
	// About 10³ calls an hour for 10⁵ hours: half a minute or more per
	// replication, so that a run the signal did not stop outlasts the limit.
	cmd, dir := startRun(t, "100000", "2", func(dir string) bool {
		_, err := os.Stat(filepath.Join(dir, results.StateDir, "00-w1-short", scenarioFile))
		return err == nil
	})
	bin := buildOffsim(t)
	// Meanwhile a second run into the same folder is refused.
	code, _, stderr := runCLI(t, "run", "-quiet", "-no-plots", "-out", dir, writeTemp(t, "tiny.toml", tiny))
	if code != 1 || !strings.Contains(stderr, fmt.Sprintf("in use by another offsim (pid %d", cmd.Process.Pid)) {
		t.Errorf("a second run into a folder in use: exit %d: %s", code, stderr)
	}
	time.Sleep(200 * time.Millisecond) // the replication is under way
	cmd.Process.Signal(syscall.SIGTERM)
	time.Sleep(100 * time.Millisecond)
	second := time.Now()
	cmd.Process.Signal(syscall.SIGTERM)
	err := cmd.Wait()
	if took := time.Since(second); took > 5*time.Second { // about 0.5 s on an idle machine
		t.Errorf("the second signal took %v to stop the run", took)
	}
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 130 {
		t.Fatalf("exit: %v, want code 130", err)
	}
	if _, err := os.Stat(filepath.Join(dir, results.StateDir, runFile)); err != nil {
		t.Error("the saved state is gone")
	}
	out, err := exec.Command(bin, "plot", dir).CombinedOutput()
	if err == nil || !bytes.Contains(out, []byte("incomplete run")) {
		t.Errorf("plot after a stopped run: %v: %s", err, out)
	}
	if tmp, _ := filepath.Glob(filepath.Join(dir, ".*tmp*")); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}

// startRun starts the offsim binary on W1 over hours, reps replications
// on one worker, into a new folder, and returns once ready reports true
// of the folder (within 30 s).
func startRun(t *testing.T, hours, reps string, ready func(dir string) bool) (*exec.Cmd, string) {
	t.Helper()
	file := writeTemp(t, "w1.toml", replaceOnce(shortW1, "horizon_hours = 100", "horizon_hours = "+hours))
	dir := t.TempDir()
	cmd := exec.Command(buildOffsim(t), "run", "-quiet", "-reps", reps, "-workers", "1", "-out", dir, file)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); !ready(dir); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("not under way within 30 s")
		}
	}
	return cmd, dir
}
