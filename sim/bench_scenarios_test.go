package sim_test

import (
	"testing"

	"offsim/model"
	"offsim/scenarios"
	"offsim/sim"
)

// benchScenario runs one replication of a scenario per op and reports
// simulated months per second, calls per second and events per second.
func benchScenario(b *testing.B, sc *model.Scenario) {
	e, err := sim.NewEngine(sc)
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

// BenchmarkDefault24m: one 24-month replication of the built-in
// sr-offshore scenario (workforce, wages, costs, customer journeys).
func BenchmarkDefault24m(b *testing.B) {
	sc, err := scenarios.Builtin("sr-offshore")
	if err != nil {
		b.Fatal(err)
	}
	benchScenario(b, sc)
}

// BenchmarkWorkforce24m: one replication of testdata/workforce.toml (24
// months, two sites with workforces).
func BenchmarkWorkforce24m(b *testing.B) {
	sc, err := scenarios.Load("../testdata/workforce.toml")
	if err != nil {
		b.Fatal(err)
	}
	benchScenario(b, sc)
}

// BenchmarkRace120m: one 10-year replication of the built-in
// race-to-the-bottom scenario (three tenders, bids re-planning staffing,
// handovers, levers).
func BenchmarkRace120m(b *testing.B) {
	sc, err := scenarios.Builtin("race-to-the-bottom")
	if err != nil {
		b.Fatal(err)
	}
	benchScenario(b, sc)
}
