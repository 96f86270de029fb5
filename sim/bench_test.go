package sim

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkW1 runs one replication of workload W1 (testdata/w1.toml:
// Erlang A, 1,000 calls/h for 1,000 h, about 1,000,000 calls) per op.
func BenchmarkW1(b *testing.B) {
	e, err := NewEngine(w1())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var calls, events int64
	for i := 0; b.Loop(); i++ {
		r := e.Run(i)
		calls += r.Total.Calls.Offered
		events += r.Events
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(calls)/sec, "calls/s")
	b.ReportMetric(float64(events)/sec, "events/s")
}

// BenchmarkW1Parallel runs 8 replications of W1 per op on the Monte Carlo
// runner with 1 and with 2 workers: the ratio of the two is the parallel
// speed-up.
func BenchmarkW1Parallel(b *testing.B) {
	sc := w1()
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			for b.Loop() {
				if _, err := RunReplications(context.Background(), sc, Indices(8), RunOptions{Workers: workers}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
