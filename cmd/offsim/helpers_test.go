package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// shortW1 is W1 with a 100-hour horizon: the same queue, quick to run.
var shortW1 = testdata("w1-short.toml")

// tiny is W1 over 12 hours: a replication in a few milliseconds, for the
// tests of files and folders.
var tiny = replaceOnce(replaceOnce(shortW1, "horizon_hours = 100", "horizon_hours = 12"), "warmup_hours = 10", "warmup_hours = 1")

// testdata returns the content of a file of testdata/.
func testdata(name string) string {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		panic(err)
	}
	return string(b)
}

func replaceOnce(s, old, new string) string {
	return string(bytes.Replace([]byte(s), []byte(old), []byte(new), 1))
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = dispatch(args, &o, &e)
	return code, o.String(), e.String()
}

// mustRun runs offsim in process and fails the test unless it exits 0.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, stdout, stderr := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("offsim %v: exit %d: %s", args, code, stderr)
	}
	return stdout
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// outputsOf returns the result files of a run folder, concatenated.
func outputsOf(t *testing.T, dir string) []byte {
	t.Helper()
	var all []byte
	for _, f := range []string{"summary.json", "summary.csv", "paired.csv", "replications.csv", "timeseries.csv", "yearly.csv", "yearly_replications.csv"} {
		all = append(all, readFile(t, filepath.Join(dir, f))...)
	}
	return all
}

// copyDir copies a folder tree (regular files and folders) into a new
// temporary folder.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// testTmp holds what the tests share (the built binary, saved runs);
// TestMain removes it.
var testTmp string

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// buildOffsim compiles the command once per test binary run.
func buildOffsim(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		binPath = filepath.Join(testTmp, "offsim")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = err
			binPath = string(out)
		}
	})
	if binErr != nil {
		t.Fatalf("go build: %v\n%s", binErr, binPath)
	}
	return binPath
}

func TestMain(m *testing.M) {
	var err error
	if testTmp, err = os.MkdirTemp("", "offsim-test-"); err != nil {
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(testTmp)
	os.Exit(code)
}
