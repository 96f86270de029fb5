package sim

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"offsim/model"
)

// RunOptions control a Monte Carlo run.
type RunOptions struct {
	// Workers is the number of replications run in parallel; 0 means one per
	// CPU. Results do not depend on it.
	Workers int
	// Finished, if not nil, is called once per finished replication as
	// soon as it finishes, from the worker's goroutine (it must be safe
	// for concurrent use): to save it at once. An error stops the run.
	Finished func(*model.Replication) error
	// Done, if not nil, is called once per finished replication in the
	// order of the indices, one call at a time. An error stops the run.
	Done func(*model.Replication) error
	// Stop, when it becomes true, abandons the replications in flight
	// (each engine checks it as it runs) and ends the run within moments;
	// they are neither Finished nor Done.
	Stop *atomic.Bool
}

// ReplicationError is the failure of one replication.
type ReplicationError struct {
	Index int
	Err   error
}

func (e *ReplicationError) Error() string { return fmt.Sprintf("replication %d: %v", e.Index, e.Err) }
func (e *ReplicationError) Unwrap() error { return e.Err }

// errStopped marks a replication abandoned by RunOptions.Stop.
var errStopped = errors.New("stopped")

// Replicate runs the replications with the given indices of the scenario in
// parallel and hands each to opt.Finished as it finishes and to opt.Done
// in the order of indices. Replication r depends only on (scenario,
// seed, r). At most twice as many replications as workers are held at
// once, however many there are: a worker does not start one more while
// the replication it would wait behind is unfinished.
//
// When ctx is cancelled, replications not yet started are skipped and the
// ones in flight finish; Replicate returns ctx.Err() after delivering them.
// A replication that fails (an error or a panic) stops the run: those in
// flight finish, the ones before it are done, and Replicate returns a
// *ReplicationError for the first failed index (joined with any others).
func Replicate(ctx context.Context, sc *model.Scenario, indices []int, opt RunOptions) error {
	if _, err := NewEngine(sc); err != nil {
		return err
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, len(indices)))
	type result struct {
		pos int
		rep model.Replication
		err error
	}
	jobs := make(chan int)
	done := make(chan result, workers)
	window := make(chan struct{}, 2*workers) // one token per replication held
	quit := make(chan struct{})              // closed: start nothing more
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := worker{sc: sc, stop: opt.Stop}
			for pos := range jobs {
				r, err := w.run(indices[pos])
				if err == nil && opt.Finished != nil {
					err = opt.Finished(&r)
				}
				done <- result{pos, r, err}
			}
		}()
	}
	stopping := func() bool {
		select {
		case <-ctx.Done():
			return true
		case <-quit:
			return true
		default:
			return false
		}
	}
	go func() {
		defer close(jobs)
		for pos := range indices {
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return
			case <-quit:
				return
			}
			// A select with several ready cases picks one at random, so a
			// token freed after a cancel could still start a job: look
			// again once the token is held.
			if stopping() {
				return
			}
			select {
			case jobs <- pos:
			case <-ctx.Done():
				return
			case <-quit:
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(done)
	}()

	held := map[int]*model.Replication{}
	next := 0                // the next position to hand to Done
	failedAt := len(indices) // the first position that failed
	var failed []*ReplicationError
	var doneErr error
	stopOnce := sync.OnceFunc(func() { close(quit) })
	for res := range done {
		if res.err != nil {
			if !errors.Is(res.err, errStopped) {
				failed = append(failed, &ReplicationError{indices[res.pos], res.err})
				failedAt = min(failedAt, res.pos)
			}
			stopOnce()
			continue
		}
		held[res.pos] = &res.rep
		for r, ok := held[next]; ok && next < failedAt && doneErr == nil; r, ok = held[next] {
			delete(held, next)
			next++
			<-window
			if opt.Done != nil {
				if doneErr = opt.Done(r); doneErr != nil {
					stopOnce()
				}
			}
		}
	}
	switch {
	case len(failed) > 0:
		first := failed[0]
		errs := []error{}
		for _, f := range failed {
			if f.Index < first.Index {
				first = f
			}
		}
		errs = append(errs, first)
		for _, f := range failed {
			if f != first {
				errs = append(errs, f)
			}
		}
		return errors.Join(errs...)
	case doneErr != nil:
		return doneErr
	case opt.Stop != nil && opt.Stop.Load():
		return context.Canceled
	}
	return ctx.Err()
}

// worker runs replications on an engine it keeps between them.
type worker struct {
	sc   *model.Scenario
	stop *atomic.Bool
	eng  *Engine
}

// run runs replication rep; a panic becomes its error. A scenario with
// uncertain parameters first draws the replication's own scenario and
// runs a fresh engine on it.
func (w *worker) run(rep int) (r model.Replication, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
			w.eng = nil // its state is unknown
		}
	}()
	eng := w.eng
	var values []float64
	if len(w.sc.Uncertain) > 0 {
		var variant *model.Scenario
		variant, values = w.sc.Draw(NewStream(w.sc.Run.Seed, rep, StreamParameters))
		if eng, err = NewEngine(variant); err != nil {
			return r, fmt.Errorf("drawn parameters: %w", err)
		}
	} else if eng == nil {
		if eng, err = NewEngine(w.sc); err != nil {
			return r, err
		}
		w.eng = eng
	}
	eng.Stop = w.stop
	r, err = eng.Run(rep)
	if w.stop != nil && w.stop.Load() {
		return model.Replication{}, errStopped
	}
	r.Parameters = values
	return r, err
}

// RunReplications runs the replications with the given indices and
// returns them in the order of indices (Replicate, keeping them all: for
// tests and small runs). When ctx is cancelled, the finished ones are
// returned with ctx.Err().
func RunReplications(ctx context.Context, sc *model.Scenario, indices []int, opt RunOptions) ([]model.Replication, error) {
	var out []model.Replication
	opt.Done = func(r *model.Replication) error {
		out = append(out, *r)
		return nil
	}
	err := Replicate(ctx, sc, indices, opt)
	if err != nil && ctx.Err() == nil {
		return nil, err
	}
	return out, err
}

// Indices returns 0, 1, …, n−1: the replication indices of an n-replication run.
func Indices(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}
