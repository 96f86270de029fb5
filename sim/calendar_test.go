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
// take events due before its first slot, and cancel events (an event it
// says it cannot cancel must still come out in order). Scheduling happens between
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
			var refs []int32  // and their events' refs
			now := 0.0
			cancelled := 0
			var id int32
			for step := range 30000 {
				for len(ref) < c.held(step) {
					at := now + c.ahead(r, step)
					if next := w.first(); r.IntN(4) == 0 && !math.IsInf(next, 1) {
						// scheduled by an arrival between events, before the wheel's next
						at = now + r.Float64()*(next-now)
					}
					id++
					w.push(event{t: at, ref: id})
					ref, refs = append(ref, at), append(refs, id)
				}
				want := slices.Min(ref)
				if got := w.first(); got != want {
					t.Fatalf("step %d: first %v, want %v", step, got, want)
				}
				if r.IntN(3) == 0 { // cancel one, the earliest at times
					i := slices.Index(ref, want)
					if r.IntN(2) == 0 {
						i = r.IntN(len(ref))
					}
					inRing := ref[i]*w.inv < float64(w.cur+len(w.buckets))
					if got := w.cancel(event{t: ref[i], ref: refs[i]}); got != inRing {
						t.Fatalf("step %d: cancel of an event %s the ring: %v", step, map[bool]string{true: "in", false: "beyond"}[inRing], got)
					}
					if inRing {
						ref, refs = slices.Delete(ref, i, i+1), slices.Delete(refs, i, i+1)
						cancelled++
					}
					if len(ref) == 0 {
						continue
					}
					want = slices.Min(ref)
					if got := w.first(); got != want {
						t.Fatalf("step %d: after a cancel, first %v, want %v", step, got, want)
					}
				}
				e := w.pop()
				if e.t != want {
					t.Fatalf("step %d: popped %v, want %v", step, e.t, want)
				}
				i := slices.Index(refs, e.ref)
				if i < 0 || ref[i] != e.t {
					t.Fatalf("step %d: popped an event not held (cancelled?)", step)
				}
				ref, refs = slices.Delete(ref, i, i+1), slices.Delete(refs, i, i+1)
				now = e.t
			}
			for len(ref) > 0 {
				want := slices.Min(ref)
				e := w.pop()
				i := slices.Index(refs, e.ref)
				if e.t != want || i < 0 {
					t.Fatalf("draining: popped %v, want %v", e.t, want)
				}
				ref, refs = slices.Delete(ref, i, i+1), slices.Delete(refs, i, i+1)
			}
			if cancelled < 1000 {
				t.Fatalf("only %d events cancelled: the test shows little", cancelled)
			}
			if got := w.first(); !math.IsInf(got, 1) {
				t.Fatalf("empty wheel: first %v", got)
			}
		})
	}
}
