package sim

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestWheelOrder: the calendar queue hands out events in time order, with
// none lost, however far ahead they are scheduled: against a plain list,
// over workloads that make it grow, shrink, re-lay its slots, overflow,
// and take events due before its first slot. Scheduling happens between
// takes at the time of the last event taken, as in the engine (an arrival
// may also schedule, at a time before the wheel's next event).
func TestWheelOrder(t *testing.T) {
	cases := []struct {
		name  string
		ahead func(r *rand.Rand, step int) float64 // seconds ahead of now
		held  func(step int) int                   // events to keep held
	}{
		{"steady exponential", func(r *rand.Rand, _ int) float64 { return r.ExpFloat64() * 360 }, func(int) int { return 100 }},
		{"heavy tail", func(r *rand.Rand, _ int) float64 { return math.Exp(4 + 2*r.NormFloat64()) }, func(int) int { return 50 }},
		{"equal times", func(r *rand.Rand, _ int) float64 { return float64(r.IntN(3)) * 20 }, func(int) int { return 30 }},
		{"grow and shrink", func(r *rand.Rand, _ int) float64 { return r.ExpFloat64() * 60 },
			func(s int) int { return 2 + 2000*(s/5000%2) }},
		{"scale drifts", func(r *rand.Rand, s int) float64 { return r.ExpFloat64() * math.Pow(10, float64(s/4000%6)-2) },
			func(int) int { return 40 }},
		{"sparse and far", func(r *rand.Rand, _ int) float64 { return r.ExpFloat64() * 86400 * 30 }, func(int) int { return 3 }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, 2))
			var w wheel
			w.reset()
			var ref []float64 // times held
			now := 0.0
			for step := range 30000 {
				for len(ref) < c.held(step) {
					at := now + c.ahead(r, step)
					if next := w.first(); r.IntN(4) == 0 && !math.IsInf(next, 1) {
						// scheduled by an arrival between events, before the wheel's next
						at = now + r.Float64()*(next-now)
					}
					w.push(event{t: at, ref: int32(step)})
					ref = append(ref, at)
				}
				want := slices.Min(ref)
				if got := w.first(); got != want {
					t.Fatalf("step %d: first %v, want %v", step, got, want)
				}
				e := w.pop()
				if e.t != want {
					t.Fatalf("step %d: popped %v, want %v", step, e.t, want)
				}
				ref = slices.Delete(ref, slices.Index(ref, want), slices.Index(ref, want)+1)
				now = e.t
			}
			for len(ref) > 0 {
				want := slices.Min(ref)
				if e := w.pop(); e.t != want {
					t.Fatalf("draining: popped %v, want %v", e.t, want)
				}
				ref = slices.Delete(ref, slices.Index(ref, want), slices.Index(ref, want)+1)
			}
			if got := w.first(); !math.IsInf(got, 1) {
				t.Fatalf("empty wheel: first %v", got)
			}
		})
	}
}
