package sim_test

import (
	"context"
	"reflect"
	"testing"

	"offsim/scenarios"
	"offsim/sim"
)

// TestWorkforceFile runs testdata/workforce.toml (24 months, NL in-house
// and SR outsourced): deterministic across workers, every site holds about
// its headcount target, people leave and are hired, the ledger has costs
// and the outsourced site bills.
func TestWorkforceFile(t *testing.T) {
	sc, err := scenarios.Load("../testdata/workforce.toml")
	if err != nil {
		t.Fatal(err)
	}
	one, err := sim.RunReplications(context.Background(), sc, sim.Indices(3), sim.RunOptions{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	two, err := sim.RunReplications(context.Background(), sc, sim.Indices(3), sim.RunOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(one, two) {
		t.Fatal("results depend on the number of workers")
	}
	for _, r := range one {
		for i, s := range r.Sites {
			w := s.Workforce
			name := sc.Sites[i].Name
			if w.Hires == 0 || w.Quits == 0 {
				t.Errorf("%s: %d hires, %d quits in 24 months", name, w.Hires, w.Quits)
			}
			if hc, target := w.HeadcountEnd(), w.TargetEnd; float64(hc) < 0.8*float64(target) || hc > target {
				t.Errorf("%s: headcount %d against target %d", name, hc, target)
			}
			if s.Ledger.Total() <= 0 {
				t.Errorf("%s: no cost", name)
			}
		}
		if len(r.Months) != 24 {
			t.Errorf("%d months in the series, want 24", len(r.Months))
		}
	}
}
