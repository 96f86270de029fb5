package scenarios

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// hostileLimit bounds the time validating any file may take. It tells a
// bounded refusal (at most about 0.15 s on an idle core; the test logs
// the slowest) from an unbounded one (minutes or more without the limits
// of the format), with room for a CI machine running other tests at once:
// a pass/fail test must not be a benchmark.
const hostileLimit = 10 * time.Second

// TestHostile validates every file of testdata/hostile (and a few made
// here: a symbolic-link loop, a pipe, a device, a directory, a file past
// the size limit) and checks that each is refused, in time, with the
// message testdata/hostile/expected.txt gives (-update rewrites it).
func TestHostile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	made := map[string]string{
		"symlink_loop.toml": filepath.Join(dir, "loop_a.toml"),
		"fifo.toml":         filepath.Join(dir, "fifo.toml"),
		"dev_zero":          "/dev/zero",
		"directory":         dir,
		"too_large.toml":    filepath.Join(dir, "too_large.toml"),
	}
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink("loop_b.toml", filepath.Join(dir, "loop_a.toml")))
	must(os.Symlink("loop_a.toml", filepath.Join(dir, "loop_b.toml")))
	must(syscall.Mkfifo(filepath.Join(dir, "fifo.toml"), 0o600))
	must(os.WriteFile(filepath.Join(dir, "too_large.toml"), []byte("name = \"x\"\n"+strings.Repeat("# padding\n", maxFileBytes/10)), 0o600))
	files, _ := filepath.Glob("../testdata/hostile/*.toml")
	paths := map[string]string{}
	for _, f := range files {
		paths[filepath.Base(f)] = f
	}
	for n, p := range made {
		paths[n] = p
	}
	golden := "../testdata/hostile/expected.txt"
	want := map[string]string{}
	if data, err := os.ReadFile(golden); err == nil {
		for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			if n, msg, ok := strings.Cut(line, ": "); ok && !strings.HasPrefix(line, "#") {
				want[n] = msg
			}
		}
	}
	got := map[string]string{}
	var slowest time.Duration
	var slowestName string
	for _, n := range slices.Sorted(func(yield func(string) bool) {
		for n := range paths {
			if !yield(n) {
				return
			}
		}
	}) {
		msg, took := refusal(paths[n])
		if took > slowest {
			slowest, slowestName = took, n
		}
		if took > hostileLimit {
			t.Errorf("%s: validating took %v, more than %v", n, took.Round(time.Millisecond), hostileLimit)
		}
		got[n] = msg
		if msg == "" {
			t.Errorf("%s: accepted", n)
		} else if w, ok := want[n]; !*update && (!ok || !strings.Contains(msg, w)) {
			t.Errorf("%s: refused with\n  %s\nwant a message with\n  %s", n, msg, w)
		}
	}
	t.Logf("slowest refusal: %s in %v", slowestName, slowest.Round(time.Millisecond))
	if *update {
		var b strings.Builder
		b.WriteString("# The refusal each file of testdata/hostile (and each file TestHostile makes) must get:\n# a part of its first error. go test ./scenarios -run TestHostile -update rewrites it.\n")
		for _, n := range slices.Sorted(func(yield func(string) bool) {
			for n := range got {
				if !yield(n) {
					return
				}
			}
		}) {
			fmt.Fprintf(&b, "%s: %s\n", n, got[n])
		}
		must(os.WriteFile(golden, []byte(b.String()), 0o644))
	}
}

// refusal validates the file at path as offsim validate does and returns
// its first problem without the file's name ("" if it is valid), and how
// long that took; past twice the limit it gives up waiting.
func refusal(path string) (string, time.Duration) {
	start := time.Now()
	done := make(chan error, 1)
	go func() {
		_, err := LoadAll(path)
		done <- err
	}()
	select {
	case err := <-done:
		var list ErrorList
		if err == nil {
			return "", time.Since(start)
		}
		if !errors.As(err, &list) {
			return err.Error(), time.Since(start)
		}
		e := *list[0]
		e.File = filepath.Base(e.File)
		return strings.TrimPrefix(e.Error(), e.File+":"), time.Since(start)
	case <-time.After(2 * hostileLimit):
		return "(no answer)", time.Since(start)
	}
}
