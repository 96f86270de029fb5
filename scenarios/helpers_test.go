package scenarios

import (
	"flag"
	"fmt"
	"testing"

	"offsim/model"
)

var update = flag.Bool("update", false, "rewrite the # want: lines of testdata/bad with the errors Parse reports (review the diff!)")

// must returns the function that returns v and fails a test on err:
// must(Parse(...))(t).
func must[T any](v T, err error) func(testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func mustParse(t *testing.T, src string) *model.Scenario {
	t.Helper()
	return must(Parse("test.toml", []byte(src)))(t)
}

func parseAll(t *testing.T, src string) []*model.Scenario {
	t.Helper()
	return must(ParseAll("s.toml", []byte(src)))(t)
}

func mustOptimization(t *testing.T, src string) *Optimization {
	t.Helper()
	return must(ParseOptimization("opt.toml", []byte(src)))(t)
}

// site returns a [[sites]] table: a site of fixed agents with exponential
// handle times of the given mean.
func site(name string, agents, meanSeconds int) string {
	return fmt.Sprintf("[[sites]]\nname = %q\nagents = %d\nhandle_time = { dist = \"exponential\", mean_seconds = %d }\n", name, agents, meanSeconds)
}
