package sim

import (
	"flag"
	"testing"
)

// long turns on the statistical tests that simulate many years (tenders,
// bids, margin reviews): go test ./sim -long. .ci/run runs them; a plain
// go test ./... skips them to answer within a minute.
var long = flag.Bool("long", false, "also run the long statistical tests (tenders and prices over many years)")

// longTest skips t unless -long is given.
func longTest(t *testing.T) {
	t.Helper()
	if !*long {
		t.Skip("a long statistical run: go test ./sim -long")
	}
}
