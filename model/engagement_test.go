package model

import (
	"math"
	"testing"
)

var testEngagement = Engagement{
	Base: 0.6, Reference: 0.6, PayWeight: 0.5, MonitoringWeight: 0.3, TrainingWeight: 0.2, ReferenceTrainingDays: 28,
	TenureDecline: 0.1, TenureDays: 180, AdjustDays: 30,
	HandleTimeEffect: 0.4, ResolutionEffect: 0.25, QuitEffect: 0.8,
}

// TestEngagementRelations checks every relation at hand-computed points.
func TestEngagementRelations(t *testing.T) {
	g := testEngagement
	cases := []struct {
		name      string
		got, want float64
	}{
		{"target at reference", EngagementTarget(&g, 1, 0, 28, 0), 0.6},
		// 0.6 + 0.5·0.2 − 0.3·0.5 − 0.2·(1 − 14/28) − 0.1·(1 − e^(−365/180))
		// = 0.6 + 0.1 − 0.15 − 0.1 − 0.1·0.868372 = 0.363163
		{"target, all drivers", EngagementTarget(&g, 1.2, 0.5, 14, 365), 0.3631627702387738},
		{"training above the reference counts as full", EngagementTarget(&g, 1, 0, 60, 0), 0.6},
		{"clamped at 1", EngagementTarget(&g, 3, 0, 28, 0), 1},
		// 0.6 − 0.5·0.8 − 0.3·1 − 0.2 = −0.3 → 0
		{"clamped at 0", EngagementTarget(&g, 0.2, 1, 0, 0), 0},
		// 0.6 + (0.4 − 0.6)·(1 − e^(−1/30)) = 0.6 − 0.2·0.0327839
		{"one day's step", EngagementStep(&g, 0.6, 0.4), 0.5934432200964012},
		{"step without inertia", EngagementStep(&Engagement{}, 0.6, 0.4), 0.4},
		{"handle time at base", EngagementHandleTimeFactor(&g, 0.6), 1},
		// 1 − 0.4·(0.9 − 0.6) = 0.88
		{"handle time, engaged", EngagementHandleTimeFactor(&g, 0.9), 0.88},
		// 1 − 0.4·(0 − 0.6) = 1.24
		{"handle time, disengaged", EngagementHandleTimeFactor(&g, 0), 1.24},
		// 1 + 0.25·(0.3 − 0.6) = 0.925
		{"resolution, disengaged", EngagementResolutionFactor(&g, 0.3), 0.925},
		// e^(−0.8·(0.3 − 0.6)) = e^0.24
		{"quits, disengaged", EngagementQuitFactor(&g, 0.3), 1.2712491503214047},
		{"quits at the reference", EngagementQuitFactor(&g, 0.6), 1},
		// reference 0.4 below base: an agent at 0.6 quits e^(−0.8·0.2) as often
		{"quits above a lower reference", EngagementQuitFactor(&Engagement{Base: 0.6, Reference: 0.4, QuitEffect: 0.8}, 0.6), 0.8521437889662113},
		{"resolution at a lower reference", EngagementResolutionFactor(&Engagement{Reference: 0.4, ResolutionEffect: 0.25}, 0.4), 1},
	}
	for _, c := range cases {
		if !closeTo(c.got, c.want, 1e-12) {
			t.Errorf("%s: %.12g, want %.12g", c.name, c.got, c.want)
		}
	}
	// The zero value is inert: every factor 1 whatever the drivers.
	var off Engagement
	for _, pay := range []float64{0.5, 1, 2} {
		e := EngagementTarget(&off, pay, 1, 0, 1000)
		if EngagementHandleTimeFactor(&off, e) != 1 || EngagementResolutionFactor(&off, e) != 1 || EngagementQuitFactor(&off, e) != 1 {
			t.Errorf("zero Engagement at pay %g changes something (engagement %g)", pay, e)
		}
	}
	// Floors: handle time never below 0.05 of normal, resolution never < 0.
	strong := Engagement{HandleTimeEffect: 5, ResolutionEffect: 5}
	if got := EngagementHandleTimeFactor(&strong, 1); got != 0.05 {
		t.Errorf("handle-time floor: %g", got)
	}
	strong.Reference = 1
	if got := EngagementResolutionFactor(&strong, 0); got != 0 {
		t.Errorf("resolution floor: %g", got)
	}
}

// TestEngagementDirections: better pay raises engagement, monitoring and
// cut training lower it, it wears off with tenure; the state converges
// to its target; higher engagement shortens calls, resolves more and
// quits less.
func TestEngagementDirections(t *testing.T) {
	g := testEngagement
	g.Base, g.Reference = 0.5, 0.5
	target := func(pay, mon, train, tenure float64) float64 { return EngagementTarget(&g, pay, mon, train, tenure) }
	for _, p := range grid(0.8, 1.4, 12) {
		if !(target(p+0.05, 0.3, 20, 100) > target(p, 0.3, 20, 100)) {
			t.Fatalf("engagement does not rise with pay at %g", p)
		}
	}
	for _, m := range grid(0, 0.9, 9) {
		if !(target(1, m+0.1, 20, 100) < target(1, m, 20, 100)) {
			t.Fatalf("engagement does not fall with monitoring at %g", m)
		}
	}
	if !(target(1, 0.3, 10, 100) < target(1, 0.3, 20, 100)) || target(1, 0.3, 40, 100) != target(1, 0.3, 28, 100) {
		t.Fatal("training: less than the reference must lower engagement, more must not raise it")
	}
	if !(target(1, 0.3, 20, 400) < target(1, 0.3, 20, 100)) {
		t.Fatal("engagement does not wear off with tenure")
	}
	e := 0.9
	for range 400 {
		e = EngagementStep(&g, e, 0.4)
	}
	if math.Abs(e-0.4) > 1e-5 {
		t.Fatalf("after 400 days at τ = 30 engagement is %g, want → 0.4", e)
	}
	for _, e := range grid(0, 0.95, 19) {
		hi := e + 0.05
		if !(EngagementHandleTimeFactor(&g, hi) < EngagementHandleTimeFactor(&g, e)) ||
			!(EngagementResolutionFactor(&g, hi) > EngagementResolutionFactor(&g, e)) ||
			!(EngagementQuitFactor(&g, hi) < EngagementQuitFactor(&g, e)) {
			t.Fatalf("engagement %g → %g does not help on every count", e, hi)
		}
	}
}
