package optimize

import (
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// staffingProblem minimises the agents of a single site subject to a
// service level of at least target.
func staffingProblem(q erlangQueue, target float64, budget int) Problem {
	a := q.arrivalsPerHour * q.ahtSeconds / 3600
	return Problem{
		Variables:          []Variable{{Key: "sites.NL.agents", From: 1, To: float64(int(2*a) + 20), Step: 1}},
		Minimize:           "sites.NL.agents",
		Constraints:        []Constraint{{Metric: "service_level", Min: target, HasMin: true}},
		BudgetReplications: budget,
		Confidence:         0.95,
	}
}

var staffingQueues = []erlangQueue{
	{arrivalsPerHour: 360, ahtSeconds: 300, patienceSeconds: 180, hours: 8},
	{arrivalsPerHour: 150, ahtSeconds: 240, patienceSeconds: 60, hours: 16},
	{arrivalsPerHour: 1200, ahtSeconds: 360, patienceSeconds: 300, hours: 4},
}

// TestErlangAStaffing: minimising the agents of one Erlang A site subject
// to service_level ≥ 0.8 returns the exact Erlang A staffing ± 1 agent in
// every seed, and the returned staffing is infeasible (exactly) no more often
// than the guarantee allows.
func TestErlangAStaffing(t *testing.T) {
	const target = 0.8
	seeds := []uint64{1, 2, 3, 4, 5, 6, 7, 8}
	runs, infeasible, exact := 0, 0, 0
	for _, q := range staffingQueues {
		want := q.staffing(target)
		for _, seed := range seeds {
			p := staffingProblem(q, target, 1500)
			res, err := Run(context.Background(), p, staffingEvaluator(q, seed), Options{Seed: seed})
			if err != nil {
				t.Fatalf("%v seed %d: %v", q, seed, err)
			}
			if res.Best < 0 {
				t.Fatalf("%v seed %d: no design returned: %s", q, seed, res.Guarantee.Statement)
			}
			got := int(res.Designs[res.Best].Values[0])
			if got < want-1 || got > want+1 {
				t.Errorf("%v seed %d: %d agents, Erlang A staffing %d (SL %.4f at %d, %.4f at %d)\n%s",
					q, seed, got, want, q.serviceLevel(got), got, q.serviceLevel(want), want, res.Guarantee.Statement)
			}
			if res.Spent > p.BudgetReplications {
				t.Errorf("%v seed %d: spent %d of %d", q, seed, res.Spent, p.BudgetReplications)
			}
			runs++
			if q.serviceLevel(got) < target {
				infeasible++
			}
			if got == want {
				exact++
			}
		}
	}
	// Each run returns an infeasible staffing with probability ≤ α/2.
	limit := binomialQuantile(0.999, runs, 0.025)
	if infeasible > limit {
		t.Errorf("%d of %d runs returned an infeasible staffing, more than %d", infeasible, runs, limit)
	}
	t.Logf("%d runs: %d exact Erlang A staffing, %d infeasible", runs, exact, infeasible)
}

// binomialQuantile returns the smallest k with P(Binomial(n, p) ≤ k) ≥ q.
func binomialQuantile(q float64, n int, p float64) int {
	b := distuv.Binomial{N: float64(n), P: p}
	k := 0
	for b.CDF(float64(k)) < q {
		k++
	}
	return k
}

// pooledCase is the two-variable case: onshore and offshore agents of one
// pooled queue.
var pooledCase = twoSite{
	q:           erlangQueue{arrivalsPerHour: 360, ahtSeconds: 300, patienceSeconds: 180, hours: 8},
	costNL:      1,
	costSR:      0.45,
	ahtPenalty:  0.3,
	csatBase:    0.82,
	csatPenalty: 0.1,
}

func pooledProblem(budget int) Problem {
	return Problem{
		Variables: []Variable{
			{Key: "sites.NL.agents", From: 5, To: 44, Step: 1},
			{Key: "sites.SR.agents", From: 0, To: 39, Step: 1},
		},
		Metrics:  twoSiteMetrics,
		Minimize: "cost",
		Constraints: []Constraint{
			{Metric: "service_level", Min: 0.8, HasMin: true, Tolerance: 0.02},
			{Metric: "csat", Min: 0.76, HasMin: true, Tolerance: 0.01},
		},
		BudgetReplications: budget,
		Confidence:         0.95,
		IndifferenceZone:   0.5,
	}
}

// TestTwoVariables: on a two-variable case whose optimum a brute-force
// sweep over the grid finds, Run returns a design within the indifference
// zone of it, meeting the constraints, while spending at most a quarter of
// the replications the sweep needs for the same guarantee.
func TestTwoVariables(t *testing.T) {
	p := pooledProblem(4000)
	alpha := 1 - p.Confidence
	// The sweep: every grid point, its constraints exact. A sweep at the
	// same confidence declares feasible (Bonferroni over all points and
	// bounds, as Run's final stage) only feasible points, and every point
	// meeting each bound by its tolerance ε: it returns a cost no higher
	// than the cheapest such point's, bestTolerant.
	grid := 0
	bestTolerant := math.Inf(1)
	var at [2]int
	for n1 := 5; n1 <= 44; n1++ {
		for n2 := 0; n2 <= 39; n2++ {
			grid++
			cost, sl, csat := pooledCase.exact(n1, n2)
			if sl >= 0.8+0.02 && csat >= 0.76+0.01 && cost < bestTolerant {
				bestTolerant, at = cost, [2]int{n1, n2}
			}
		}
	}
	// Its replications per point, granting it the true standard deviations
	// at the bounds (so z, not t) and ignoring the objective's comparisons:
	// N ≥ (2·z·σ/ε)² for each bound.
	z := distuv.UnitNormal.Quantile(1 - alpha/2/float64(2*grid))
	sdSL := slNoiseSD(0.8, pooledCase.q.arrivalsPerHour*pooledCase.q.hours)
	perPoint := max(ceilSquare(2*z*sdSL/0.02), ceilSquare(2*z*0.005/0.01))
	sweep := grid * perPoint
	t.Logf("sweep: %d points × %d replications = %d; cheapest point meeting the bounds by ε: %v, cost %g", grid, perPoint, sweep, at, bestTolerant)

	for seed := uint64(1); seed <= 6; seed++ {
		res, err := Run(context.Background(), p, pooledCase.evaluator(seed), Options{Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		if res.Best < 0 {
			t.Fatalf("seed %d: no design: %s", seed, res.Guarantee.Statement)
		}
		d := res.Designs[res.Best]
		cost, sl, csat := pooledCase.exact(int(d.Values[0]), int(d.Values[1]))
		t.Logf("seed %d: %v cost %g, spent %d, %d designs", seed, d.Values, cost, res.Spent, len(res.Designs))
		if sl < 0.8 || csat < 0.76 {
			t.Errorf("seed %d: %v is infeasible: service level %.4f, csat %.4f", seed, d.Values, sl, csat)
		}
		if cost > bestTolerant+p.IndifferenceZone {
			t.Errorf("seed %d: %v costs %g, more than the sweep's %g + δ %g", seed, d.Values, cost, bestTolerant, p.IndifferenceZone)
		}
		if !res.Guarantee.TargetsMet {
			t.Errorf("seed %d: targets not met: %+v", seed, res.Guarantee)
		}
		if 4*res.Spent > sweep {
			t.Errorf("seed %d: spent %d, more than a quarter of the sweep's %d", seed, res.Spent, sweep)
		}
	}
}
