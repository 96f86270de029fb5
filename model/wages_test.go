package model

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// nlMinimum is the Dutch WML from CALIBRATION: 14.06 from 1 Jan 2025 (day
// 0), 14.40 from 1 Jul 2025 (day 181), then +2.9% every half year.
func nlMinimum() Path {
	return Path{Days: []float64{0, 181}, Values: []float64{14.06, 14.40}, IndexEveryDays: 182.5, IndexRate: 0.029}
}

func TestPathAt(t *testing.T) {
	nl := nlMinimum()
	cases := []struct {
		day, want float64
	}{
		{-5, 14.06}, // before the first date: the first value
		{0, 14.06},
		{180.99, 14.06},
		{181, 14.40},
		{363.4, 14.40},                 // 182.4 days after the last date: no step yet
		{363.5, 14.8176},               // 14.40·1.029
		{545.9, 14.8176},               // still one step
		{546, 15.2473104},              // 14.40·1.029² = 14.40·1.058841
		{181 + 3*182.5, 15.6894824016}, // 14.40·1.029³
		{181 + 4*182.5, 16.1444773912}, // 14.40·1.029⁴
	}
	for _, c := range cases {
		if got := nl.At(c.day); !closeTo(got, c.want, 1e-9) {
			t.Errorf("WML at day %g = %.10g, want %.10g", c.day, got, c.want)
		}
	}
	// Non-decreasing over four years.
	prev := 0.0
	for d := 0.0; d < 4*365; d += 0.5 {
		v := nl.At(d)
		if v < prev {
			t.Fatalf("WML falls at day %g", d)
		}
		prev = v
	}

	// One dated value, yearly indexation: 10, 11, 12.1.
	one := Path{Days: []float64{0}, Values: []float64{10}, IndexEveryDays: 365, IndexRate: 0.1}
	for _, c := range []struct{ day, want float64 }{{0, 10}, {364.9, 10}, {365, 11}, {730, 12.1}, {-1, 10}} {
		if got := one.At(c.day); !closeTo(got, c.want, 1e-12) {
			t.Errorf("indexed path at day %g = %g, want %g", c.day, got, c.want)
		}
	}
	// Indexation needs both a period and a rate.
	noRate := nl
	noRate.IndexRate = 0
	noPeriod := nl
	noPeriod.IndexEveryDays = 0
	for _, p := range []Path{noRate, noPeriod} {
		if got := p.At(5000); got != 14.40 {
			t.Errorf("path without indexation %+v at day 5000 = %g, want 14.40", p, got)
		}
	}
	// A negative rate (deflation) indexes down.
	down := Path{Days: []float64{0}, Values: []float64{100}, IndexEveryDays: 100, IndexRate: -0.1}
	if got := down.At(250); !closeTo(got, 81, 1e-12) {
		t.Errorf("deflating path at day 250 = %g, want 100·0.9² = 81", got)
	}
	c := ConstantPath(3.5)
	for _, d := range []float64{-1, 0, 1e6} {
		if got := c.At(d); got != 3.5 {
			t.Errorf("ConstantPath(3.5).At(%g) = %g", d, got)
		}
	}
}

func TestWagePolicyWage(t *testing.T) {
	const wml = 14.06
	scale := []ScaleStep{{0, 0}, {365, 0.02}, {730, 0.04}}
	cases := []struct {
		name               string
		p                  WagePolicy
		minimum, tenure, d float64
		want               float64
		lifted             bool
	}{
		{"minimum", WagePolicy{Kind: WageMinimum}, wml, 100, 50, wml, false},
		{"minimum tracks indexation", WagePolicy{Kind: WageMinimum}, 15.2473104, 100, 546, 15.2473104, false},
		// 14.06·1.0385 = 14.60131 (CAO Facilitaire Contactcenters 2026 floor)
		{"premium", WagePolicy{Kind: WagePremium, Premium: 0.0385}, wml, 0, 0, 14.60131, false},
		{"premium 0 is the minimum", WagePolicy{Kind: WagePremium}, wml, 0, 0, wml, false},
		{"fixed, year 0", WagePolicy{Kind: WageFixed, FixedPerHour: 16, AnnualRaise: 0.02}, wml, 0, 0, 16, false},
		{"fixed, day 364", WagePolicy{Kind: WageFixed, FixedPerHour: 16, AnnualRaise: 0.02}, wml, 0, 364.9, 16, false},
		// 16·1.02 = 16.32; tenure plays no part
		{"fixed, year 1", WagePolicy{Kind: WageFixed, FixedPerHour: 16, AnnualRaise: 0.02}, wml, 5, 365, 16.32, false},
		// 16·1.02² = 16.6464
		{"fixed, year 2", WagePolicy{Kind: WageFixed, FixedPerHour: 16, AnnualRaise: 0.02}, wml, 0, 800, 16.6464, false},
		{"fixed overtaken", WagePolicy{Kind: WageFixed, FixedPerHour: 14.5}, 15.2473104, 0, 546, 15.2473104, true},
		{"fixed exactly at the minimum", WagePolicy{Kind: WageFixed, FixedPerHour: wml}, wml, 0, 0, wml, false},
		{"scale, new", WagePolicy{Kind: WageScale, Scale: scale}, wml, 0, 0, wml, false},
		{"scale, day before step", WagePolicy{Kind: WageScale, Scale: scale}, wml, 364, 0, wml, false},
		// 14.06·1.02 = 14.3412
		{"scale, step 2", WagePolicy{Kind: WageScale, Scale: scale}, wml, 365, 0, 14.3412, false},
		// 14.06·1.04 = 14.6224
		{"scale, top", WagePolicy{Kind: WageScale, Scale: scale}, wml, 1000, 0, 14.6224, false},
		{"scale below minimum is lifted", WagePolicy{Kind: WageScale, Scale: []ScaleStep{{0, -0.05}}}, wml, 0, 0, wml, true},
	}
	for _, c := range cases {
		got, lifted := c.p.Wage(c.minimum, c.tenure, c.d)
		if !closeTo(got, c.want, 1e-12) || lifted != c.lifted {
			t.Errorf("%s: Wage = (%.10g, %v), want (%.10g, %v)", c.name, got, lifted, c.want, c.lifted)
		}
	}
}

// A fixed wage with a small raise is overtaken by the rising WML: from then
// on it is lifted to the minimum and says so; before, it is its own figure.
func TestFixedWageOvertakenByMinimum(t *testing.T) {
	nl := nlMinimum()
	p := WagePolicy{Kind: WageFixed, FixedPerHour: 15, AnnualRaise: 0.01}
	overtaken := false
	for day := 0.0; day < 3*365; day++ {
		minimum := nl.At(day)
		own := 15 * math.Pow(1.01, math.Floor(day/365))
		w, lifted := p.Wage(minimum, 0, day)
		switch {
		case own < minimum:
			overtaken = true
			if !lifted || w != minimum {
				t.Fatalf("day %g: minimum %g > fixed %g, got (%g, %v), want the minimum, lifted", day, minimum, own, w, lifted)
			}
		default:
			if lifted || !closeTo(w, own, 1e-12) {
				t.Fatalf("day %g: fixed %g ≥ minimum %g, got (%g, %v)", day, own, minimum, w, lifted)
			}
		}
	}
	// 14.40·1.029 = 14.82 < 15 < 15.25 = 14.40·1.029² on day 546 (15·1.01 = 15.15).
	if !overtaken {
		t.Fatal("the minimum never overtook the fixed wage; the test lost its point")
	}
	if _, lifted := p.Wage(nl.At(546), 0, 546); !lifted {
		t.Error("day 546: WML 15.25 > fixed 15.15, want lifted")
	}
}

// No wage is ever below the minimum, whatever the policy.
func TestWageNeverBelowMinimum(t *testing.T) {
	var policies []WagePolicy
	for _, prem := range []float64{-0.2, 0, 0.0385, 0.5} {
		policies = append(policies,
			WagePolicy{Kind: WagePremium, Premium: prem},
			WagePolicy{Kind: WageScale, Scale: []ScaleStep{{0, prem}, {200, prem + 0.03}, {700, prem - 0.1}}})
	}
	for _, fixed := range []float64{0.5, 2, 14, 20} {
		for _, raise := range []float64{-0.1, 0, 0.05} {
			policies = append(policies, WagePolicy{Kind: WageFixed, FixedPerHour: fixed, AnnualRaise: raise})
		}
	}
	policies = append(policies, WagePolicy{Kind: WageMinimum})
	n := 0
	for _, p := range policies {
		for _, minimum := range []float64{0.01, 1.2, 14.06, 52.47, 1000} {
			for _, tenure := range grid(0, 1500, 15) {
				for _, day := range grid(0, 1500, 15) {
					w, lifted := p.Wage(minimum, tenure, day)
					n++
					if !(w >= minimum) || math.IsInf(w, 0) {
						t.Fatalf("%+v: Wage(min %g, tenure %g, day %g) = %g below the minimum", p, minimum, tenure, day, w)
					}
					if lifted && w != minimum {
						t.Fatalf("%+v: lifted to %g, not the minimum %g", p, w, minimum)
					}
				}
			}
		}
	}
	if n < 10000 {
		t.Fatalf("grid too small: %d", n)
	}
}

func TestWagePolicyKindNames(t *testing.T) {
	for k := WageMinimum; k <= WageScale; k++ {
		got, err := ParseWagePolicyKind(k.String())
		if err != nil || got != k {
			t.Errorf("ParseWagePolicyKind(%q) = %v, %v; want %v", k.String(), got, err, k)
		}
	}
	if _, err := ParseWagePolicyKind("cao"); err == nil || !strings.Contains(err.Error(), `"cao"`) {
		t.Errorf("unknown policy: err = %v", err)
	}
	if s := WagePolicyKind(9).String(); !strings.Contains(s, "9") {
		t.Errorf("out-of-range kind prints %q", s)
	}
}

func TestFXStep(t *testing.T) {
	cases := []struct {
		name        string
		f           FXPath
		rate, dt, z float64
		jump        bool
		want        float64
	}{
		// 44·e^(0.2·0.5) = 44·1.105170918 = 48.627520395
		{"drift only, z ignored", FXPath{DriftPerYear: 0.2}, 44, 0.5, 3, false, 48.6275203953285},
		// ×(1 + 0.5)
		{"drift and jump", FXPath{DriftPerYear: 0.2, JumpSize: 0.5}, 44, 0.5, -1, true, 72.94128059299275},
		{"jump only", FXPath{JumpSize: 0.5}, 20, 1.0 / 12, 0, true, 30},
		{"jump size but no jump", FXPath{JumpSize: 0.5}, 20, 1.0 / 12, 0, false, 20},
		// 30·exp((0.1 − 0.3²/2)/12 + 0.3·√(1/12)·1) = 30·exp(0.0045833 + 0.0866025) = 32.864178
		{"volatility, z = 1", FXPath{DriftPerYear: 0.1, VolatilityPerYear: 0.3}, 30, 1.0 / 12, 1, false, 32.86417817685852},
		{"zero step", FXPath{DriftPerYear: 0.1, VolatilityPerYear: 0.3}, 30, 0, 2, false, 30},
	}
	for _, c := range cases {
		if got := FXStep(&c.f, c.rate, c.dt, c.z, c.jump); !closeTo(got, c.want, 1e-12) {
			t.Errorf("%s: FXStep = %.12g, want %.12g", c.name, got, c.want)
		}
	}
	// A deterministic walk of 12 monthly steps is a year of drift.
	f := FXPath{DriftPerYear: 0.25}
	r := 44.0
	for range 12 {
		r = FXStep(&f, r, 1.0/12, 0, false)
	}
	if !closeTo(r, 44*math.Exp(0.25), 1e-12) {
		t.Errorf("12 monthly steps: %g, want 44·e^0.25 = %g", r, 44*math.Exp(0.25))
	}
	// Random walks.
	if (&FXPath{}).Random() || !(&FXPath{DriftPerYear: 0.3}).Random() || !(&FXPath{VolatilityPerYear: 0.1}).Random() || !(&FXPath{JumpProbabilityPerYear: 0.1}).Random() {
		t.Error("Random(): want true iff drift, volatility or jump rate is set")
	}
}

// E[exp((μ − σ²/2)·dt + σ·√dt·Z)] = exp(μ·dt): the mean of many steps
// grows at the drift, while the mean log-change is (μ − σ²/2)·dt.
func TestFXStepMean(t *testing.T) {
	rng := rand.New(rand.NewPCG(20250701, 44))
	f := FXPath{DriftPerYear: 0.2, VolatilityPerYear: 0.4}
	const n, dt = 100000, 1.0
	var sum, sum2, logSum, logSum2 float64
	for range n {
		x := FXStep(&f, 1, dt, rng.NormFloat64(), false)
		sum += x
		sum2 += x * x
		l := math.Log(x)
		logSum += l
		logSum2 += l * l
	}
	mean := sum / n
	se := math.Sqrt((sum2/n - mean*mean) / n)
	want := math.Exp(0.2 * dt) // 1.221402758
	if math.Abs(mean-want) > 4*se {
		t.Errorf("mean of %d steps %.5f, want e^(μ·dt) = %.5f ± %.5f (4 se)", n, mean, want, 4*se)
	}
	logMean := logSum / n
	logSE := math.Sqrt((logSum2/n - logMean*logMean) / n)
	wantLog := (0.2 - 0.4*0.4/2) * dt // 0.12
	if math.Abs(logMean-wantLog) > 4*logSE {
		t.Errorf("mean log-change %.5f, want (μ − σ²/2)·dt = %.5f ± %.5f", logMean, wantLog, 4*logSE)
	}
	// The sd of the log-change is σ·√dt = 0.4.
	if sd := math.Sqrt(logSum2/n - logMean*logMean); math.Abs(sd-0.4) > 0.01 {
		t.Errorf("sd of the log-change %.4f, want 0.4", sd)
	}
}

func TestIsNight(t *testing.T) {
	// Paramaribo: 4 hours behind Amsterdam; the night is 22:00–06:00 local.
	sr := Wages{UTCOffsetHours: -4, NightStartHour: 22, NightEndHour: 6}
	// A site in the client's zone with a night of 00:00–06:00 (no wrap).
	nl := Wages{NightStartHour: 0, NightEndHour: 6}
	// Ahead of the client, 22:00–06:00 local.
	east := Wages{UTCOffsetHours: 2, NightStartHour: 22, NightEndHour: 6}
	cases := []struct {
		name       string
		w          Wages
		clientHour float64
		want       bool
	}{
		{"client 09:00 is 05:00 in Paramaribo", sr, 9, true},
		{"client 10:00 is 06:00: night over", sr, 10, false},
		{"client 09:59 is 05:59", sr, 9.99, true},
		{"client 02:00 is 22:00: night starts", sr, 2, true},
		{"client 01:30 is 21:30", sr, 1.5, false},
		{"client 00:00 is 20:00 the day before", sr, 0, false},
		{"client 03:00 is 23:00", sr, 3, true},
		{"client 18:00 is 14:00", sr, 18, false},
		{"Tuesday 02:00 client (hour 26)", sr, 26, true},
		{"Sunday 09:00 client (hour 153)", sr, 153, true},
		{"Sunday 12:00 client (hour 156)", sr, 156, false},
		{"no wrap: 05:00", nl, 5, true},
		{"no wrap: 06:00 is day", nl, 6, false},
		{"no wrap: 00:00", nl, 0, true},
		{"no wrap: 23:00", nl, 23, false},
		{"ahead: client 21:00 is 23:00", east, 21, true},
		{"ahead: client 03:00 is 05:00", east, 3, true},
		{"ahead: client 04:00 is 06:00", east, 4, false},
		{"ahead: client 19:00 is 21:00", east, 19, false},
		{"empty window", Wages{NightStartHour: 22, NightEndHour: 22}, 23, false},
	}
	for _, c := range cases {
		if got := c.w.IsNight(c.clientHour); got != c.want {
			t.Errorf("%s: IsNight(%g) = %v, want %v", c.name, c.clientHour, got, c.want)
		}
	}
	// Over a week, a wrap-around 8-hour night is 8/24 of client hours.
	night := 0
	for h := 0.0; h < 168; h += 0.25 {
		if sr.IsNight(h) {
			night++
		}
	}
	if night != 7*8*4 {
		t.Errorf("Paramaribo night quarters in a week = %d, want %d", night, 7*8*4)
	}
}
