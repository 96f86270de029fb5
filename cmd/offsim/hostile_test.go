package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"offsim/model"
	"offsim/results"
)

// savedTemplate is one finished run of tiny (3 replications) whose saved
// state the tests tamper with, copied; made once.
var savedTemplate = sync.OnceValues(func() (string, error) {
	dir := filepath.Join(testTmp, "saved")
	file := filepath.Join(dir, "tiny.toml")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(file, []byte(tiny), 0o644); err != nil {
		return "", err
	}
	var o, e bytes.Buffer
	if code := dispatch([]string{"run", "-quiet", "-no-plots", "-reps", "3", "-out", filepath.Join(dir, "out"), file}, &o, &e); code != 0 {
		return "", &runError{e.String()}
	}
	return dir, nil
})

type runError struct{ msg string }

func (e *runError) Error() string { return e.msg }

// template returns a copy of the saved run's out folder and the scenario
// file it ran.
func template(t *testing.T) (out, file string) {
	t.Helper()
	dir, err := savedTemplate()
	if err != nil {
		t.Fatal(err)
	}
	return copyDir(t, filepath.Join(dir, "out")), filepath.Join(dir, "tiny.toml")
}

// stateFile is the path of a file of the template's only scenario.
func stateFile(dir, name string) string {
	return filepath.Join(dir, results.StateDir, "00-w1-short", name)
}

func flipBit(t *testing.T, path string, at func(data []byte) int) {
	t.Helper()
	data := readFile(t, path)
	data[at(data)] ^= 1
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// editScenario rewrites scenario.json through f, recomputing its
// fingerprint, and run.json's, as a forger would.
func editScenario(t *testing.T, dir string, f func(sc *model.Scenario)) {
	t.Helper()
	p := stateFile(dir, scenarioFile)
	var st scenarioState
	if err := json.Unmarshal(readFile(t, p), &st); err != nil {
		t.Fatal(err)
	}
	f(st.Scenario)
	data, _ := json.Marshal(st.Scenario)
	sum := sha256.Sum256(data)
	st.Fingerprint = hex.EncodeToString(sum[:12])
	out, _ := json.Marshal(st)
	os.WriteFile(p, out, 0o644)
	rp := filepath.Join(dir, results.StateDir, runFile)
	var rs runState
	json.Unmarshal(readFile(t, rp), &rs)
	rs.Scenarios[0].Fingerprint = st.Fingerprint
	out, _ = json.Marshal(rs)
	os.WriteFile(rp, out, 0o644)
}

// TestTamperedStateRefused: every way a saved replication or scenario can
// be damaged, copied, renamed, forged or pointed elsewhere is refused by
// run -resume and by merge, with a message naming the problem; none
// panics, none is skipped silently.
func TestTamperedStateRefused(t *testing.T) {
	t.Parallel()
	outside := t.TempDir()
	cases := []struct {
		name   string
		tamper func(t *testing.T, dir string)
		// want is in both refusals; resume, when set, replaces it for -resume.
		want, resume string
	}{
		{"flipped bit in a replication", func(t *testing.T, dir string) {
			flipBit(t, stateFile(dir, "rep-000001.gob"), func(d []byte) int { return len(d) - 3 })
		}, "checksum mismatch", ""},
		{"flipped bit in a header", func(t *testing.T, dir string) {
			flipBit(t, stateFile(dir, "rep-000001.gob"), func(d []byte) int { return bytes.Index(d, []byte(`"index":1`)) + 8 })
		}, "holds replication 0, not 1", ""},
		{"truncated", func(t *testing.T, dir string) {
			p := stateFile(dir, "rep-000002.gob")
			d := readFile(t, p)
			os.WriteFile(p, d[:len(d)-10], 0o644)
		}, "checksum mismatch", ""},
		{"copied file counted twice", func(t *testing.T, dir string) {
			os.WriteFile(stateFile(dir, "rep-000002.gob"), readFile(t, stateFile(dir, "rep-000000.gob")), 0o644)
		}, "holds replication 0, not 2", ""},
		{"renamed file", func(t *testing.T, dir string) {
			os.Rename(stateFile(dir, "rep-000001.gob"), stateFile(dir, "rep-000007.gob"))
		}, "holds replication 1, not 7", ""},
		{"not a replication at all", func(t *testing.T, dir string) {
			os.WriteFile(stateFile(dir, "rep-000001.gob"), []byte("hello\n"), 0o644)
		}, "rep-000001.gob", ""},
		{"scenario changed", func(t *testing.T, dir string) {
			p := stateFile(dir, scenarioFile)
			os.WriteFile(p, bytes.Replace(readFile(t, p), []byte("105"), []byte("106"), 1), 0o644)
		}, "does not match its fingerprint", ""},
		{"scenario without sites, fingerprint forged", func(t *testing.T, dir string) {
			editScenario(t, dir, func(sc *model.Scenario) { sc.Sites = nil })
		}, "no sites", "other scenarios"},
		{"scenario forged, replications of the old one", func(t *testing.T, dir string) {
			editScenario(t, dir, func(sc *model.Scenario) { sc.Run.Seed = 99 })
		}, "another scenario or seed", "other scenarios"},
		{"stale scenario of an earlier batch", func(t *testing.T, dir string) {
			old := filepath.Join(dir, results.StateDir, "03-earlier")
			os.MkdirAll(old, 0o755)
			os.WriteFile(filepath.Join(old, scenarioFile), readFile(t, stateFile(dir, scenarioFile)), 0o644)
		}, "03-earlier", ""},
		{"unknown file among the replications", func(t *testing.T, dir string) {
			os.WriteFile(stateFile(dir, "notes.txt"), []byte("mine"), 0o644)
		}, "notes.txt", ""},
		{"run.json of another batch", func(t *testing.T, dir string) {
			p := filepath.Join(dir, results.StateDir, runFile)
			os.WriteFile(p, bytes.Replace(readFile(t, p), []byte(`"position": 0`), []byte(`"position": 4`), 1), 0o644)
		}, "not a scenario of the run", "other scenarios"},
		{"symlink out of the folder", func(t *testing.T, dir string) {
			p := stateFile(dir, "rep-000001.gob")
			target := filepath.Join(outside, "rep.gob")
			os.WriteFile(target, readFile(t, p), 0o644)
			os.Remove(p)
			if err := os.Symlink(target, p); err != nil {
				t.Fatal(err)
			}
		}, "rep-000001.gob: not a file offsim saves there", ""},
		{"symlink to /dev/zero", func(t *testing.T, dir string) {
			p := stateFile(dir, "rep-000001.gob")
			os.Remove(p)
			if err := os.Symlink("/dev/zero", p); err != nil {
				t.Fatal(err)
			}
		}, "rep-000001.gob", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir, file := template(t)
			c.tamper(t, dir)
			want := c.want
			if c.resume != "" {
				want = c.resume
			}
			code, _, stderr := runCLI(t, "run", "-quiet", "-no-plots", "-resume", "-reps", "3", "-out", dir, file)
			if code == 0 || !strings.Contains(stderr, want) {
				t.Errorf("run -resume: exit %d, want a refusal with %q: %s", code, want, stderr)
			}
			code, _, stderr = runCLI(t, "merge", "-quiet", "-no-plots", "-out", t.TempDir(), dir)
			if code == 0 || !strings.Contains(stderr, c.want) {
				t.Errorf("merge: exit %d, want a refusal with %q: %s", code, c.want, stderr)
			}
		})
	}
}

// TestMergeOrderAndDuplicates: overlapping parts merge to the same files
// in any order, equal to a single run; a part whose copy of a replication
// differs (forged with a valid checksum) is refused in either order; a
// part of another run and an -out that is a part are refused.
func TestMergeOrderAndDuplicates(t *testing.T) {
	t.Parallel()
	file := writeTemp(t, "tiny.toml", tiny)
	run := func(args ...string) string {
		dir := t.TempDir()
		mustRun(t, append([]string{"run", "-quiet", "-no-plots", "-reps", "4", "-out", dir, file}, args...)...)
		return dir
	}
	single, a, b, c := run(), run("-shard", "0/2"), run("-shard", "1/2"), run("-shard", "0/2")
	merged := func(parts ...string) []byte {
		dir := t.TempDir()
		mustRun(t, append([]string{"merge", "-quiet", "-no-plots", "-out", dir}, parts...)...)
		return outputsOf(t, dir)
	}
	want := outputsOf(t, single)
	if !bytes.Equal(merged(a, b, c), want) || !bytes.Equal(merged(c, b, a), want) || !bytes.Equal(merged(b, a, a), want) {
		t.Error("merged parts differ from the single run, or with the order of the parts")
	}

	forged := copyDir(t, c)
	p := stateFile(forged, "rep-000002.gob")
	data := readFile(t, p)
	nl := bytes.IndexByte(data, '\n')
	var h repHeader
	json.Unmarshal(data[:nl], &h)
	payload := append([]byte(nil), data[nl+1:]...)
	payload[len(payload)-2] ^= 1
	sum := sha256.Sum256(payload)
	h.SHA256 = hex.EncodeToString(sum[:])
	hj, _ := json.Marshal(h)
	os.WriteFile(p, append(append(hj, '\n'), payload...), 0o644)
	for _, parts := range [][]string{{a, b, forged}, {forged, b, a}} {
		code, _, stderr := runCLI(t, append([]string{"merge", "-quiet", "-no-plots", "-out", t.TempDir()}, parts...)...)
		if code == 0 || !strings.Contains(stderr, "replication 2 differs") {
			t.Errorf("merge with a forged copy: exit %d: %s", code, stderr)
		}
	}

	other := run("-seed", "7", "-shard", "1/2")
	if code, _, stderr := runCLI(t, "merge", "-quiet", "-no-plots", "-out", t.TempDir(), a, other); code == 0 || !strings.Contains(stderr, "another run") {
		t.Errorf("merge of parts of two runs: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "merge", "-quiet", "-no-plots", "-out", a, a, b); code == 0 || !strings.Contains(stderr, "is one of the parts") {
		t.Errorf("merge into a part: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "merge", "-quiet", "-no-plots", "-out", t.TempDir(), a); code == 0 || !strings.Contains(stderr, "replication 1 is in no part") {
		t.Errorf("merge with a shard missing: exit %d: %s", code, stderr)
	}
}
