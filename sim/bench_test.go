package sim

import (
	"context"
	"fmt"
	"testing"

	"offsim/model"
	"offsim/scenarios"
)

// BenchmarkW1 runs one replication of workload W1 (testdata/w1.toml:
// Erlang A, 1,000 calls/h for 1,000 h, about 1,000,000 calls) per op.
func BenchmarkW1(b *testing.B) { benchCalls(b, w1()) }

// BenchmarkW1Pooled is W1's load on a pooled route over two sites of 60
// and 45 agents, the second held back 20 s: the pooled path's cost.
func BenchmarkW1Pooled(b *testing.B) {
	sc := pooledScenario(1000, 180, []model.PooledSite{{Agents: 60, AHTSeconds: 360}, {Agents: 45, AHTSeconds: 360}}, nil, 1)
	sc.Run = w1().Run
	benchCalls(b, sc)
}

// benchCalls runs one replication of sc per op and reports simulated
// months, calls and events per second.
func benchCalls(b *testing.B, sc *model.Scenario) {
	e, err := NewEngine(sc)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var calls, events int64
	for i := 0; b.Loop(); i++ {
		r, _ := e.Run(i)
		calls += r.Total.Calls.Offered
		events += r.Events
	}
	sec := b.Elapsed().Seconds()
	months := sc.Run.HorizonSeconds / (model.DaysPerMonth * model.SecondsPerDay)
	b.ReportMetric(months*float64(b.N)/sec, "months/s")
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

// BenchmarkW1PooledDelay is BenchmarkW1Pooled with the second site held
// back 20 s: a caller the first site answers before the delay ends leaves
// the second site a wake-up to reschedule, about one extra event per call.
func BenchmarkW1PooledDelay(b *testing.B) {
	sc := pooledScenario(1000, 180, []model.PooledSite{{Agents: 60, AHTSeconds: 360}, {Agents: 45, AHTSeconds: 360}}, []float64{0, 20}, 1)
	sc.Run = w1().Run
	benchCalls(b, sc)
}

// benchLoaded runs benchCalls on the scenario load returns for name.
func benchLoaded(b *testing.B, load func(string) (*model.Scenario, error), name string) {
	sc, err := load(name)
	if err != nil {
		b.Fatal(err)
	}
	benchCalls(b, sc)
}

// BenchmarkDefault24m: one 24-month replication of the built-in
// sr-offshore scenario (workforce, wages, costs, customer journeys).
func BenchmarkDefault24m(b *testing.B) { benchLoaded(b, scenarios.Builtin, "sr-offshore") }

// BenchmarkWorkforce24m: one replication of testdata/workforce.toml (24
// months, two sites with workforces).
func BenchmarkWorkforce24m(b *testing.B) {
	benchLoaded(b, scenarios.Load, "../testdata/workforce.toml")
}

// BenchmarkRace120m: one 10-year replication of the built-in
// race-to-the-bottom scenario (three tenders, bids re-planning staffing,
// handovers, levers).
func BenchmarkRace120m(b *testing.B) { benchLoaded(b, scenarios.Builtin, "race-to-the-bottom") }
