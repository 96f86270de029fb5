package optimize

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
)

// Evaluator runs replications of designs.
type Evaluator interface {
	// Evaluate returns one row per entry of reps, in that order: row i holds
	// the value of each metric of Problem.Metrics, in that order and unit,
	// for replication reps[i] of the design. design holds one value per
	// Problem.Variables entry, in that order and in the unit of its key; the
	// slice is the evaluator's to keep.
	//
	// Replication r must depend only on (design, r), and replication r of
	// every design must draw from the same random streams (common random
	// numbers): Run compares designs on the same replication indices. It is
	// called from several goroutines at once when Options.Workers > 1.
	Evaluate(ctx context.Context, design []float64, reps []int) ([][]float64, error)
}

// EvaluatorFunc adapts a function to the Evaluator interface.
type EvaluatorFunc func(ctx context.Context, design []float64, reps []int) ([][]float64, error)

// Evaluate calls f(ctx, design, reps).
func (f EvaluatorFunc) Evaluate(ctx context.Context, design []float64, reps []int) ([][]float64, error) {
	return f(ctx, design, reps)
}

// Options control Run without changing the problem.
type Options struct {
	// Seed drives the search's own random choices (the space-filling design
	// and the local samples); the replications' streams are the
	// evaluator's. The result depends only on the problem, the evaluator and
	// Seed.
	Seed uint64
	// Workers is the number of Evaluate calls run at once; 0 means 1 (an
	// evaluator that runs its replications in parallel needs no more). The
	// result does not depend on it.
	Workers int
	// Progress, if not nil, is called after each Evaluate call with the
	// replications spent so far and the budget; calls never overlap, but
	// may come from different goroutines.
	Progress func(spent, budget int)
}

// stage tells which rows of a design a request fills.
type stage int

const (
	searchStage stage = iota
	firstStage
	secondStage
)

// design is the working record of one evaluated (or proposed) design.
type design struct {
	id     int
	grid   []int // grid index per variable
	values []float64
	origin Origin
	// search holds the rows of search replications 0, 1, …, len−1; stage1
	// and stage2 those of the final stage's blocks of fresh indices.
	search, stage1, stage2 [][]float64
	indices                []int // replication indices run, in order
	candidate              bool
	final                  *FinalStats
	feasible               bool
}

// request asks for the replications reps of a design, to be appended to
// the rows of stage st.
type request struct {
	d    *design
	reps []int
	st   stage
	rows [][]float64
	err  error
}

// maxRepsPerCall bounds the replications of one Evaluate call; longer
// requests are split, which bounds memory and keeps progress reports and
// Workers busy.
const maxRepsPerCall = 256

// split cuts requests longer than maxRepsPerCall into consecutive parts.
func split(reqs []request) []request {
	var out []request
	for _, r := range reqs {
		for len(r.reps) > maxRepsPerCall {
			out = append(out, request{d: r.d, reps: r.reps[:maxRepsPerCall], st: r.st})
			r.reps = r.reps[maxRepsPerCall:]
		}
		out = append(out, r)
	}
	return out
}

// evaluate runs the requests, up to Options.Workers Evaluate calls at
// once, and appends their rows to the designs in request order, so the
// outcome does not depend on scheduling. The caller has checked the
// requests fit in the budget.
func (s *state) evaluate(ctx context.Context, reqs []request) error {
	reqs = split(reqs)
	total := 0
	for _, r := range reqs {
		total += len(r.reps)
	}
	if s.spent+total > s.limit {
		return fmt.Errorf("optimize: internal error: %d replications requested with %d left", total, s.limit-s.spent)
	}
	workers := min(max(1, s.opt.Workers), len(reqs))
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := s.spent
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				r := &reqs[i]
				r.rows, r.err = s.ev.Evaluate(ctx, append([]float64(nil), r.d.values...), append([]int(nil), r.reps...))
				if s.opt.Progress != nil {
					mu.Lock()
					done += len(r.reps)
					s.opt.Progress(done, s.p.BudgetReplications)
					mu.Unlock()
				}
			}
		}()
	}
	for i := range reqs {
		next <- i
	}
	close(next)
	wg.Wait()
	s.spent += total
	for i := range reqs {
		r := &reqs[i]
		if r.err != nil {
			return fmt.Errorf("design %s: %w", s.describe(r.d), r.err)
		}
		if err := s.checkRows(r); err != nil {
			return fmt.Errorf("design %s: %w", s.describe(r.d), err)
		}
		r.d.indices = append(r.d.indices, r.reps...)
		switch r.st {
		case searchStage:
			r.d.search = append(r.d.search, r.rows...)
		case firstStage:
			r.d.stage1 = append(r.d.stage1, r.rows...)
		case secondStage:
			r.d.stage2 = append(r.d.stage2, r.rows...)
		}
	}
	return nil
}

// checkRows verifies the shape of an evaluator's answer and that the
// metrics Run decides on are finite.
func (s *state) checkRows(r *request) error {
	if len(r.rows) != len(r.reps) {
		return fmt.Errorf("evaluator returned %d rows for %d replications", len(r.rows), len(r.reps))
	}
	for i, row := range r.rows {
		if len(row) != len(s.metrics) {
			return fmt.Errorf("replication %d: evaluator returned %d metric values, want %d (%s)",
				r.reps[i], len(row), len(s.metrics), strings.Join(s.metrics, ", "))
		}
		for _, c := range s.decisive {
			if math.IsNaN(row[c]) || math.IsInf(row[c], 0) {
				return fmt.Errorf("replication %d: metric %q is %g", r.reps[i], s.metrics[c], row[c])
			}
		}
	}
	return nil
}

// describe names a design by its variables, e.g. "sites.NL.agents=35".
func (s *state) describe(d *design) string {
	var b strings.Builder
	for i, v := range s.p.Variables {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(v.Key)
		b.WriteByte('=')
		b.WriteString(strconv.FormatFloat(d.values[i], 'g', -1, 64))
	}
	return b.String()
}

// indices returns from, from+1, …, to−1.
func indices(from, to int) []int {
	out := make([]int, 0, max(0, to-from))
	for r := from; r < to; r++ {
		out = append(out, r)
	}
	return out
}
