package sim

import (
	"context"
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
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			eng, _ := NewEngine(sc) // validated above
			for i := range next {
				out[i] = eng.Run(indices[i])
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

// Indices returns 0, 1, …, n−1: the replication indices of an n-replication run.
func Indices(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}
