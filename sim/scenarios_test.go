package sim_test

import (
	"context"
	"reflect"
	"testing"

	"offsim/model"
	"offsim/scenarios"
	"offsim/sim"
)

// runFile loads a scenario file and runs n replications of it, with one
// worker and with two: it fails unless they agree.
func runFile(t *testing.T, file string, n int) (*model.Scenario, []model.Replication) {
	t.Helper()
	sc, err := scenarios.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	var reps [2][]model.Replication
	for w := range reps {
		if reps[w], err = sim.RunReplications(context.Background(), sc, sim.Indices(n), sim.RunOptions{Workers: w + 1}); err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(reps[0], reps[1]) {
		t.Fatal("results depend on the number of workers")
	}
	return sc, reps[0]
}

// TestWorkforceFile runs testdata/workforce.toml (24 months, NL in-house
// and SR outsourced): deterministic across workers, every site holds about
// its headcount target, people leave and are hired, the ledger has costs
// and the outsourced site bills.
func TestWorkforceFile(t *testing.T) {
	t.Parallel()
	sc, one := runFile(t, "../testdata/workforce.toml", 3)
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

// TestTenderFile runs testdata/tender-small.toml (6 years, three bidders,
// contracts of 24 months): deterministic across workers; a new winner
// employs nobody before its award, recruits in the notice period so that
// it has agents before its contract starts, and the loser has none after.
func TestTenderFile(t *testing.T) {
	t.Parallel()
	sc, one := runFile(t, "../testdata/tender-small.toml", 2)
	headcount := func(r *model.Replication, m, b int) int64 {
		var n int64
		for _, si := range sc.Tender.Bidders[b].Sites {
			mo := &r.Months[m][si]
			n += mo.Training + mo.Nesting + mo.Productive
		}
		return n
	}
	changes := 0
	for _, r := range one {
		for k := 1; k < len(r.Awards); k++ {
			a, prev := r.Awards[k], r.Awards[k-1]
			if a.Winner == prev.Winner {
				continue
			}
			changes++
			award := int(a.Day / model.DaysPerMonth)
			start := int(a.StartDay / model.DaysPerMonth)
			if n := headcount(&r, award-1, a.Winner); n != 0 {
				t.Errorf("rep %d tender %d: the winner employed %d agents before its award", r.Index, k, n)
			}
			if n := headcount(&r, start-1, a.Winner); n == 0 {
				t.Errorf("rep %d tender %d: the winner has no agents at the end of the notice period", r.Index, k)
			}
			if n := headcount(&r, start, prev.Winner); n != 0 {
				t.Errorf("rep %d tender %d: the loser still employs %d agents after the handover", r.Index, k, n)
			}
		}
	}
	if changes == 0 {
		t.Error("no change of provider in any replication: the test checks nothing")
	}
}
