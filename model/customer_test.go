package model

import (
	"testing"
)

var testSatisfaction = Satisfaction{Base: 0.9, RepeatFactor: 0.85, UnresolvedFactor: 0.5, WaitPenaltyPerMinute: 0.02, LanguagePenalty: 0.1}

func TestJourneySatisfactionFormula(t *testing.T) {
	p := testSatisfaction
	cases := []struct {
		name     string
		p        Satisfaction
		contacts int
		wait     float64
		resolved bool
		fit      float64
		want     float64
	}{
		{"first-contact resolution, no wait, native", p, 1, 0, true, 1, 0.9},
		// 0.9·0.85 − 0.02·60/60 = 0.765 − 0.02 = 0.745
		{"one repeat, one minute", p, 2, 60, true, 1, 0.745},
		// 0.9·0.85²·0.5 − 0.02·2 − 0.1·0.2 = 0.325125 − 0.04 − 0.02 = 0.265125
		{"two repeats, unresolved, accent", p, 3, 120, false, 0.8, 0.265125},
		// 0.9·0.5 − 0.02·0.5 = 0.45 − 0.01 = 0.44
		{"unresolved at once, half a minute", p, 1, 30, false, 1, 0.44},
		// 0.9 − 0.1·(1 − 0) = 0.8
		{"no language fit", p, 1, 0, true, 0, 0.8},
		// Zero contacts (gave up in the queue) count like one: 0.9 − 0.02·3 = 0.84
		{"abandoned before any contact", p, 0, 180, true, 1, 0.84},
		// 0.9 − 0.02·60 = −0.3 → 0
		{"an hour's wait clamps to 0", p, 1, 3600, true, 1, 0},
		// 1 − 0.1·(1 − 1.5) = 1.05 → 1
		{"clamped to 1", Satisfaction{Base: 1, RepeatFactor: 1, UnresolvedFactor: 1, LanguagePenalty: 0.1}, 1, 0, true, 1.5, 1},
	}
	for _, c := range cases {
		if got := JourneySatisfaction(&c.p, c.contacts, c.wait, c.resolved, c.fit); !closeTo(got, c.want, 1e-12) {
			t.Errorf("%s: JourneySatisfaction = %.12g, want %.12g", c.name, got, c.want)
		}
	}
}

func TestJourneySatisfactionDirections(t *testing.T) {
	p := testSatisfaction
	s := func(contacts int, wait float64, resolved bool, fit float64) float64 {
		return JourneySatisfaction(&p, contacts, wait, resolved, fit)
	}
	waits := grid(0, 600, 30)
	fits := grid(0, 1, 10)
	for _, resolved := range []bool{true, false} {
		for contacts := 1; contacts <= 6; contacts++ {
			for _, fit := range fits {
				for i, w := range waits {
					v := s(contacts, w, resolved, fit)
					if !(v >= 0 && v <= 1) {
						t.Fatalf("satisfaction %g out of [0,1]", v)
					}
					if i > 0 && v > s(contacts, waits[i-1], resolved, fit) {
						t.Fatalf("satisfaction rises with wait %g", w)
					}
					if v > s(contacts-1, w, resolved, fit) {
						t.Fatalf("satisfaction rises with contacts %d", contacts)
					}
					if !resolved && v > s(contacts, w, true, fit) {
						t.Fatalf("unresolved more satisfied than resolved")
					}
					if fit > 0 && v < s(contacts, w, resolved, fit-0.1) {
						t.Fatalf("satisfaction rises as language fit falls from %g", fit)
					}
				}
			}
		}
	}
	// Strictly, away from the clamps.
	if !(s(1, 60, true, 1) < s(1, 0, true, 1)) || !(s(2, 0, true, 1) < s(1, 0, true, 1)) ||
		!(s(1, 0, false, 1) < s(1, 0, true, 1)) || !(s(1, 0, true, 0.7) < s(1, 0, true, 1)) {
		t.Error("satisfaction must strictly fall with wait, contacts, non-resolution and lower fit")
	}
	// Each extra contact multiplies by RepeatFactor (SQM: −15% per extra call).
	for c := 2; c <= 5; c++ {
		if r := s(c, 0, true, 1) / s(c-1, 0, true, 1); !closeTo(r, 0.85, 1e-12) {
			t.Errorf("contact %d: ratio %g, want 0.85", c, r)
		}
	}
}

func TestJourneySatisfactionClampedForExtremeParameters(t *testing.T) {
	xs := []float64{0, 0.5, 1, 2}
	for _, base := range xs {
		for _, rf := range xs {
			for _, uf := range xs {
				for _, wp := range []float64{0, 0.1, 10} {
					for _, lp := range xs {
						p := Satisfaction{Base: base, RepeatFactor: rf, UnresolvedFactor: uf, WaitPenaltyPerMinute: wp, LanguagePenalty: lp}
						for contacts := range 5 {
							for _, w := range []float64{0, 30, 1e5} {
								for _, fit := range []float64{0, 0.5, 1} {
									for _, res := range []bool{true, false} {
										if v := JourneySatisfaction(&p, contacts, w, res, fit); !(v >= 0 && v <= 1) {
											t.Fatalf("%+v: %d contacts, wait %g, resolved %v, fit %g: %g out of [0,1]", p, contacts, w, res, fit, v)
										}
									}
								}
							}
						}
					}
				}
			}
		}
	}
}

func TestChurnProbability(t *testing.T) {
	p := Churn{Resolved: 0.02, UnresolvedFactor: 5, DissatisfactionFactor: 1}
	cases := []struct {
		name     string
		p        Churn
		resolved bool
		sat      float64
		want     float64
	}{
		{"resolved, satisfied", p, true, 1, 0.02},
		// 0.02·5 = 0.1: SQM's 5×
		{"unresolved, satisfied", p, false, 1, 0.1},
		// 0.02·(1 + 1·0.5) = 0.03
		{"resolved, half satisfied", p, true, 0.5, 0.03},
		// 0.02·5·(1 + 1) = 0.2
		{"unresolved, dissatisfied", p, false, 0, 0.2},
		// 0.3·5·2 = 3 → 1
		{"clamped to 1", Churn{Resolved: 0.3, UnresolvedFactor: 5, DissatisfactionFactor: 1}, false, 0, 1},
		{"nobody leaves", Churn{UnresolvedFactor: 5, DissatisfactionFactor: 3}, false, 0, 0},
	}
	for _, c := range cases {
		if got := ChurnProbability(&c.p, c.resolved, c.sat); !closeTo(got, c.want, 1e-12) {
			t.Errorf("%s: ChurnProbability = %.12g, want %.12g", c.name, got, c.want)
		}
	}
	sats := grid(0, 1, 20)
	for i, sat := range sats {
		r, u := ChurnProbability(&p, true, sat), ChurnProbability(&p, false, sat)
		if !closeTo(u, 5*r, 1e-12) {
			t.Errorf("satisfaction %g: unresolved %g, want 5 × resolved %g", sat, u, r)
		}
		if i > 0 && !(r < ChurnProbability(&p, true, sats[i-1])) {
			t.Errorf("churn does not rise with dissatisfaction at %g", sat)
		}
	}
	for _, res := range []float64{0, 0.1, 0.5, 1} {
		for _, uf := range []float64{0, 1, 5, 100} {
			for _, df := range []float64{0, 1, 10} {
				q := Churn{Resolved: res, UnresolvedFactor: uf, DissatisfactionFactor: df}
				for _, sat := range sats {
					for _, resolved := range []bool{true, false} {
						if v := ChurnProbability(&q, resolved, sat); !(v >= 0 && v <= 1) {
							t.Fatalf("%+v: churn %g out of [0,1]", q, v)
						}
					}
				}
			}
		}
	}
}
