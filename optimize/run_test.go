package optimize

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
)

// TestDeterminism: the same seed gives the same result, whatever the
// number of workers; progress reports rise to the replications spent.
func TestDeterminism(t *testing.T) {
	p := pooledProblem(1500)
	var want string
	for _, workers := range []int{1, 3, 8, 1} {
		last := 0
		progress := func(spent, budget int) {
			if spent < last || spent > budget || budget != p.BudgetReplications {
				t.Errorf("workers %d: progress %d of %d after %d", workers, spent, budget, last)
			}
			last = spent
		}
		res, err := Run(context.Background(), p, pooledCase.evaluator(7), Options{Seed: 7, Workers: workers, Progress: progress})
		if err != nil {
			t.Fatal(err)
		}
		if last != res.Spent {
			t.Errorf("workers %d: last progress %d, spent %d", workers, last, res.Spent)
		}
		got := dump(res)
		if want == "" {
			want = got
			continue
		}
		if got != want {
			t.Fatalf("workers %d: result differs from workers 1:\n%s\nvs\n%s", workers, got, want)
		}
	}
}

// counter wraps an evaluator, recording every replication it is asked for.
type counter struct {
	ev    Evaluator
	mu    sync.Mutex
	total int
	seen  map[string]bool
	dup   string
}

func (c *counter) Evaluate(ctx context.Context, design []float64, reps []int) ([][]float64, error) {
	c.mu.Lock()
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	c.total += len(reps)
	for _, r := range reps {
		k := fmt.Sprint(design, r)
		if c.seen[k] && c.dup == "" {
			c.dup = k
		}
		c.seen[k] = true
	}
	c.mu.Unlock()
	return c.ev.Evaluate(ctx, design, reps)
}

// bowl is a noisy convex objective on a continuous variable, no
// constraints: f(x) = (x−3)² + 1 with CRN noise.
func bowl(seed uint64) EvaluatorFunc {
	return func(ctx context.Context, design []float64, reps []int) ([][]float64, error) {
		f := (design[0]-3)*(design[0]-3) + 1
		rows := make([][]float64, len(reps))
		for i, r := range reps {
			common, own := crnNormals(seed, r, design)
			rows[i] = []float64{noisy(f, 0.3, 0.9, common, own)}
		}
		return rows, nil
	}
}

func bowlProblem(budget int) Problem {
	return Problem{
		Variables:          []Variable{{Key: "x", From: 0, To: 10}},
		Minimize:           "f",
		BudgetReplications: budget,
		Confidence:         0.9,
		IndifferenceZone:   0.1,
	}
}

// TestBudget: Run never asks for more replications than the budget, never
// asks for a replication of a design twice, and reports what it spent.
func TestBudget(t *testing.T) {
	q := staffingQueues[0]
	problems := []struct {
		name string
		p    func(budget int) Problem
		ev   Evaluator
	}{
		{"staffing", func(b int) Problem { return staffingProblem(q, 0.8, b) }, staffingEvaluator(q, 1)},
		{"pooled", pooledProblem, pooledCase.evaluator(1)},
		{"bowl", bowlProblem, bowl(1)},
	}
	for _, pr := range problems {
		for _, budget := range []int{MinBudget, MinBudget + 1, 33, 57, 150, 777, 3000, 20000} {
			c := &counter{ev: pr.ev}
			res, err := Run(context.Background(), pr.p(budget), c, Options{Seed: 3, Workers: 2})
			if err != nil {
				t.Fatalf("%s budget %d: %v", pr.name, budget, err)
			}
			if c.total > budget || res.Spent != c.total {
				t.Errorf("%s budget %d: evaluator asked for %d replications, result says %d", pr.name, budget, c.total, res.Spent)
			}
			if c.dup != "" {
				t.Errorf("%s budget %d: replication asked twice: %s", pr.name, budget, c.dup)
			}
			sum := 0
			for _, d := range res.Designs {
				sum += d.Replications
				if len(d.Indices) != d.Replications {
					t.Errorf("%s budget %d: %v: %d indices for %d replications", pr.name, budget, d.Values, len(d.Indices), d.Replications)
				}
			}
			if sum != res.Spent {
				t.Errorf("%s budget %d: designs hold %d replications, spent %d", pr.name, budget, sum, res.Spent)
			}
			if res.Best >= 0 && !res.Designs[res.Best].Feasible {
				t.Errorf("%s budget %d: best design not shown feasible", pr.name, budget)
			}
		}
	}
}

// TestNoConstraints: a noisy objective of a continuous variable, no
// constraints: the returned design is within the indifference zone of the
// best candidate, and near the true minimum.
func TestNoConstraints(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		p := bowlProblem(1500)
		res, err := Run(context.Background(), p, bowl(seed), Options{Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		x := res.Designs[res.Best].Values[0]
		f := (x-3)*(x-3) + 1
		bestCandidate := math.Inf(1)
		for _, d := range res.Designs {
			if d.Candidate {
				bestCandidate = min(bestCandidate, (d.Values[0]-3)*(d.Values[0]-3)+1)
			}
		}
		g := res.Guarantee
		if f > bestCandidate+g.IndifferenceZone || !g.TargetsMet || g.IndifferenceZone > p.IndifferenceZone {
			t.Errorf("seed %d: x=%g f=%g, best candidate %g, guarantee %+v", seed, x, f, bestCandidate, g)
		}
		if f > 1+p.IndifferenceZone {
			t.Errorf("seed %d: x=%g f=%g, true minimum 1 at x=3", seed, x, f)
		}
	}
}

// TestEvaluatorErrors: the evaluator's errors, malformed rows and NaN
// metrics stop Run with an error naming the design, and no best design.
func TestEvaluatorErrors(t *testing.T) {
	q := staffingQueues[0]
	good := staffingEvaluator(q, 1)
	boom := errors.New("boom")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		ev   EvaluatorFunc
		want string
	}{
		{"error", context.Background(), func(ctx context.Context, d []float64, reps []int) ([][]float64, error) {
			return nil, boom
		}, "boom"},
		{"cancelled", cancelled, good, "context canceled"},
		{"rows", context.Background(), func(ctx context.Context, d []float64, reps []int) ([][]float64, error) {
			rows, err := good(ctx, d, reps)
			return rows[1:], err
		}, "rows for"},
		{"columns", context.Background(), func(ctx context.Context, d []float64, reps []int) ([][]float64, error) {
			rows, err := good(ctx, d, reps)
			rows[0] = append(rows[0], 1)
			return rows, err
		}, "metric values, want 1"},
		{"nan", context.Background(), func(ctx context.Context, d []float64, reps []int) ([][]float64, error) {
			rows, err := good(ctx, d, reps)
			rows[len(rows)-1][0] = math.NaN()
			return rows, err
		}, `metric "service_level" is NaN`},
	}
	for _, tt := range tests {
		res, err := Run(tt.ctx, staffingProblem(q, 0.8, 500), tt.ev, Options{})
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "sites.NL.agents=") {
			t.Errorf("%s: error %v, want one naming the design and %q", tt.name, err, tt.want)
		}
		if res.Best != -1 {
			t.Errorf("%s: best %d after an error", tt.name, res.Best)
		}
	}
}

func TestValidate(t *testing.T) {
	ok := func() Problem { return pooledProblem(1000) }
	tests := []struct {
		name   string
		change func(p *Problem)
		want   string
	}{
		{"no variables", func(p *Problem) { p.Variables = nil }, "no variables"},
		{"from above to", func(p *Problem) { p.Variables[0].From, p.Variables[0].To = 10, 5 }, `"sites.NL.agents": empty range`},
		{"from equals to", func(p *Problem) { p.Variables[0].From, p.Variables[0].To = 5, 5 }, "empty range"},
		{"negative step", func(p *Problem) { p.Variables[1].Step = -1 }, `"sites.SR.agents": step must be 0`},
		{"NaN bound", func(p *Problem) { p.Variables[1].To = math.NaN() }, "must be finite"},
		{"step above range", func(p *Problem) { p.Variables[0].Step = 100 }, "larger than the range"},
		{"too many points", func(p *Problem) { p.Variables[0].Step = 1e-6 }, "at most"},
		{"duplicate key", func(p *Problem) { p.Variables[1].Key = p.Variables[0].Key }, "given twice"},
		{"no objective", func(p *Problem) { p.Minimize = "" }, "no objective"},
		{"unknown objective", func(p *Problem) { p.Minimize = "profit" }, `"profit" is neither a metric nor a variable`},
		{"unknown constraint", func(p *Problem) { p.Constraints[0].Metric = "servicelevel" }, `"servicelevel": unknown metric`},
		{"constraint on variable", func(p *Problem) { p.Constraints[0].Metric = "sites.NL.agents" }, "is a variable"},
		{"no bound", func(p *Problem) { p.Constraints[0].HasMin = false }, "needs min or max"},
		{"min above max", func(p *Problem) { p.Constraints[0].Max, p.Constraints[0].HasMax = 0.5, true }, "above max"},
		{"negative tolerance", func(p *Problem) { p.Constraints[1].Tolerance = -0.1 }, "tolerance"},
		{"confidence 1", func(p *Problem) { p.Confidence = 1 }, "confidence must be in (0,1)"},
		{"confidence 0", func(p *Problem) { p.Confidence = 0 }, "confidence must be in (0,1)"},
		{"negative zone", func(p *Problem) { p.IndifferenceZone = -1 }, "indifference_zone"},
		{"budget", func(p *Problem) { p.BudgetReplications = MinBudget - 1 }, "too small to evaluate even one design"},
		{"huge budget", func(p *Problem) { p.BudgetReplications = MaxBudget + 1 }, "above the limit"},
		{"duplicate metric", func(p *Problem) { p.Metrics = append(p.Metrics, "cost") }, `"cost" listed twice`},
	}
	if err := ok().Validate(); err != nil {
		t.Fatalf("valid problem: %v", err)
	}
	for _, tt := range tests {
		p := ok()
		p.Variables = slices.Clone(p.Variables)
		p.Constraints = slices.Clone(p.Constraints)
		p.Metrics = slices.Clone(p.Metrics)
		tt.change(&p)
		err := p.Validate()
		if err == nil || !errors.Is(err, ErrInvalidProblem) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
		if _, err := Run(context.Background(), p, pooledCase.evaluator(1), Options{}); err == nil {
			t.Errorf("%s: Run accepted the problem", tt.name)
		}
	}
}

// TestGrid: stepped variables take the values a sweep of the same range
// takes; continuous ones ContinuousIntervals equal intervals.
func TestGrid(t *testing.T) {
	tests := []struct {
		v    Variable
		want []float64
	}{
		{Variable{From: 0, To: 1, Step: 0.25}, []float64{0, 0.25, 0.5, 0.75, 1}},
		{Variable{From: 0.3, To: 1.5, Step: 0.1}, []float64{0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.2, 1.3, 1.4, 1.5}},
		{Variable{From: 20, To: 25.5, Step: 1}, []float64{20, 21, 22, 23, 24, 25}},
	}
	for _, tt := range tests {
		var got []float64
		for k := range tt.v.points() {
			got = append(got, tt.v.value(k))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%+v: %v, want %v", tt.v, got, tt.want)
		}
	}
	c := Variable{From: -1, To: 1}
	if n := c.points(); n != ContinuousIntervals+1 || c.value(0) != -1 || c.value(n-1) != 1 || c.value(n/2) != 0 {
		t.Errorf("continuous: %d points, %g … %g … %g", n, c.value(0), c.value(n/2), c.value(n-1))
	}
}

func TestSplit(t *testing.T) {
	d := &design{}
	reqs := split([]request{{d: d, reps: indices(0, 2*maxRepsPerCall+3)}, {d: d, reps: indices(7, 9)}})
	var got []int
	for _, r := range reqs {
		if len(r.reps) > maxRepsPerCall {
			t.Errorf("request of %d replications", len(r.reps))
		}
		got = append(got, r.reps...)
	}
	if want := append(indices(0, 2*maxRepsPerCall+3), 7, 8); !slices.Equal(got, want) || len(reqs) != 4 {
		t.Errorf("%d requests, indices %v", len(reqs), got)
	}
}
