package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"offsim/model"
)

// fuzzLimit is the time validating one fuzz input may take: twice the
// goal of TestHostile, as a fuzzing machine is busy.
const fuzzLimit = 2 * hostileLimit

// FuzzParse checks, within fuzzLimit per input, that Parse and ParseAll never panic and that they
// return either an error (an ErrorList of well-formed problems) or
// scenarios that pass Validate, and that Encode writes every scenario so
// that it parses again. The seed corpus is testdata/*.toml,
// testdata/bad/*.toml, the built-ins, testdata/good, the examples of
// README.md and the starter file.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("../testdata/bad/*.toml")
	top, _ := filepath.Glob("../testdata/*.toml")
	files = append(files, top...)
	good, _ := filepath.Glob("../testdata/good/*.toml")
	files = append(files, good...)
	hostile, _ := filepath.Glob("../testdata/hostile/*.toml")
	files = append(files, hostile...)
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, n := range BuiltinNames() {
		src, err := BuiltinSource(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	for _, b := range readmeBlocks(f) {
		f.Add([]byte(b))
	}
	f.Add(Starter("fuzz"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// The whole validate path, in time: a slow input fails.
		type result struct {
			scs []*model.Scenario
			err error
		}
		done := make(chan result, 1)
		go func() {
			scs, err := ParseAll("fuzz.toml", data)
			done <- result{scs, err}
		}()
		var scs []*model.Scenario
		var err error
		select {
		case r := <-done:
			scs, err = r.scs, r.err
		case <-time.After(fuzzLimit):
			t.Fatalf("validating took more than %v", fuzzLimit)
		}
		// Parse is ParseAll but for a [sweep], which it refuses.
		checkParsed(t, err, scs != nil)
		for _, sc := range scs {
			checkScenario(t, sc)
		}
		if err == nil && scs[0].Sweep != nil {
			if _, err := Parse("fuzz.toml", data); err == nil {
				t.Fatal("Parse accepted a sweep")
			}
		}
	})
}

// checkParsed checks the result of Parse or ParseAll: a result or an
// error, the error an ErrorList of well-formed problems.
func checkParsed(t *testing.T, err error, result bool) {
	t.Helper()
	if err == nil {
		if !result {
			t.Fatal("no scenario and no error")
		}
		return
	}
	if result {
		t.Fatal("a scenario and an error")
	}
	var list ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		t.Fatalf("error %v (%T) is not a non-empty ErrorList", err, err)
	}
	for _, e := range list {
		if e.File == "" || e.Msg == "" || e.Line < 0 {
			t.Fatalf("malformed error %+v", e)
		}
		if strings.Contains(e.Msg, "internal error") {
			t.Fatalf("internal error: %v", e)
		}
	}
}

// checkScenario checks a parsed scenario: it validates, and what Encode
// writes of it parses again.
func checkScenario(t *testing.T, sc *model.Scenario) {
	t.Helper()
	if verr := sc.Validate(); verr != nil {
		t.Fatalf("accepted a scenario that Validate rejects: %v", verr)
	}
	out, err := Encode(sc)
	if err != nil {
		t.Fatalf("Encode: %v", err)
	}
	if _, err := Parse("encoded.toml", out); err != nil {
		t.Fatalf("the encoded scenario does not parse: %v\n%s", err, out)
	}
}
