package sim

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"offsim/model"
)

// TestReplicateInOrderAndBounded: Done sees the replications in index
// order whatever the workers; Finished sees each once; and at no time are
// more than twice as many replications finished-but-not-done as workers
// (the runner's memory does not grow with the number of replications).
func TestReplicateInOrderAndBounded(t *testing.T) {
	t.Parallel()
	sc := mmnScenario(1000, 360, 180, 105, 2, 0.1)
	indices := Indices(60)
	for _, workers := range []int{1, 3} {
		var mu sync.Mutex
		held, most, finished := 0, 0, map[int]int{}
		var order []int
		err := Replicate(context.Background(), sc, indices, RunOptions{
			Workers: workers,
			Finished: func(r *model.Replication) error {
				mu.Lock()
				defer mu.Unlock()
				finished[r.Index]++
				held++
				most = max(most, held)
				return nil
			},
			Done: func(r *model.Replication) error {
				mu.Lock()
				defer mu.Unlock()
				held--
				order = append(order, r.Index)
				return nil
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		for k, i := range order {
			if i != k || finished[i] != 1 {
				t.Fatalf("workers %d: position %d is replication %d (finished %d times)", workers, k, i, finished[i])
			}
		}
		if len(order) != len(indices) || most > 2*workers {
			t.Errorf("workers %d: %d done; up to %d held at once, bound %d", workers, len(order), most, 2*workers)
		}
	}
}

// TestReplicateFailure: a replication that fails stops the run, and the
// error names the first failed index; what came before it is done.
func TestReplicateFailure(t *testing.T) {
	t.Parallel()
	sc := mmnScenario(1000, 360, 180, 105, 2, 0.1)
	var done []int
	err := Replicate(context.Background(), sc, Indices(40), RunOptions{
		Workers: 2,
		Finished: func(r *model.Replication) error {
			if r.Index == 7 {
				return errors.New("disk full")
			}
			return nil
		},
		Done: func(r *model.Replication) error {
			done = append(done, r.Index)
			return nil
		},
	})
	var re *ReplicationError
	if !errors.As(err, &re) || re.Index != 7 || !strings.Contains(err.Error(), "replication 7: disk full") {
		t.Fatalf("err = %v", err)
	}
	if len(done) != 7 {
		t.Errorf("done %v, want replications 0–6", done)
	}
}

// TestReplicateStop: Stop abandons a long replication in flight within
// moments; it is neither finished nor done.
func TestReplicateStop(t *testing.T) {
	t.Parallel()
	sc := mmnScenario(1000, 360, 180, 105, 1e6, 0.1) // hours of simulation
	var stop atomic.Bool
	time.AfterFunc(100*time.Millisecond, func() { stop.Store(true) })
	start := time.Now()
	calls := 0
	err := Replicate(context.Background(), sc, Indices(2), RunOptions{
		Workers:  2,
		Stop:     &stop,
		Finished: func(*model.Replication) error { calls++; return nil },
	})
	if took := time.Since(start); took > 5*time.Second { // the whole run would take hours
		t.Errorf("stopping took %v", took)
	}
	if !errors.Is(err, context.Canceled) || calls != 0 {
		t.Errorf("err %v, %d replications finished", err, calls)
	}
}

// TestReplicateCancel: cancelling starts nothing more; the replications
// in flight finish and are done, in order, a prefix of the indices.
func TestReplicateCancel(t *testing.T) {
	t.Parallel()
	sc := mmnScenario(1000, 360, 180, 105, 20, 0.1)
	ctx, cancel := context.WithCancel(context.Background())
	var done []int
	err := Replicate(ctx, sc, Indices(1000), RunOptions{
		Workers: 2,
		Done: func(r *model.Replication) error {
			done = append(done, r.Index)
			if len(done) == 3 {
				cancel()
			}
			return nil
		},
	})
	if !errors.Is(err, context.Canceled) || len(done) < 3 || len(done) > 3+4 {
		t.Fatalf("err %v, %d done", err, len(done))
	}
	for k, i := range done {
		if i != k {
			t.Fatalf("done %v: not a prefix", done)
		}
	}
}
