package sim

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"offsim/model"
)

// RunOptions control a Monte Carlo run.
type RunOptions struct {
	// Workers is the number of replications run in parallel; 0 means one per
	// CPU. Results do not depend on it.
	Workers int
	// Done, if not nil, is called once per finished replication, from the
	// worker's goroutine (it must be safe for concurrent use).
	Done func(model.Replication)
}

// RunReplications runs the replications with the given indices of the
// scenario in parallel and returns them in the order of indices. Replication
// r depends only on (scenario, seed, r). When ctx is cancelled, replications
// not yet started are skipped; the finished ones are returned with
// ctx.Err().
func RunReplications(ctx context.Context, sc *model.Scenario, indices []int, opt RunOptions) ([]model.Replication, error) {
	if _, err := NewEngine(sc); err != nil {
		return nil, err
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(indices))
	out := make([]model.Replication, len(indices))
	ok := make([]bool, len(indices))
	errs := make([]error, len(indices))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			eng, _ := NewEngine(sc) // validated above
			for i := range next {
				if out[i], errs[i] = runReplication(eng, sc, indices[i]); errs[i] != nil {
					continue
				}
				ok[i] = true
				if opt.Done != nil {
					opt.Done(out[i])
				}
			}
		}()
	}
feed:
	for i := range indices {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		done := out[:0]
		for i, r := range out {
			if ok[i] {
				done = append(done, r)
			}
		}
		return done, err
	}
	return out, nil
}

// runReplication runs replication rep on eng; a scenario with uncertain parameters
// first draws the replication's own scenario and runs a fresh engine on it.
func runReplication(eng *Engine, sc *model.Scenario, rep int) (model.Replication, error) {
	if len(sc.Uncertain) == 0 {
		return eng.Run(rep)
	}
	variant, values := sc.Draw(NewStream(sc.Run.Seed, rep, StreamParameters))
	e, err := NewEngine(variant)
	if err != nil {
		return model.Replication{}, fmt.Errorf("replication %d: drawn parameters: %w", rep, err)
	}
	r, err := e.Run(rep)
	r.Parameters = values
	return r, err
}

// Indices returns 0, 1, …, n−1: the replication indices of an n-replication run.
func Indices(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}
