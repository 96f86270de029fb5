package model

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSummarizeKnownData(t *testing.T) {
	in := []float64{5, 1, 4, 2, 3}
	orig := slices.Clone(in)
	s := Summarize(in)
	if !slices.Equal(in, orig) {
		t.Errorf("Summarize modified its input: %v", in)
	}
	// mean 3; sd = √(Σ(x−3)²/(5−1)) = √(10/4) = 1.58113883;
	// half-width = t(0.975,4)·sd/√5 = 2.776445·√0.5 = 1.96324309.
	// Type-7 quantiles: h = p·(n−1): p05 → h 0.2 → 1.2; p50 → 3; p95 → h 3.8 → 4.8.
	want := Summary{N: 5, Mean: 3, SD: 1.5811388300841898,
		CI95Low: 3 - 1.9632430870914839, CI95High: 3 + 1.9632430870914839,
		P05: 1.2, P50: 3, P95: 4.8}
	checkSummary(t, "1..5", s, want, 1e-6)
	if !closeTo(s.SD, want.SD, 1e-14) {
		t.Errorf("SD %.16g, want %.16g (n−1 denominator)", s.SD, want.SD)
	}

	// Two values: t(0.975,1) = 12.7062047; sd = √50 = 7.0710678; sd/√2 = 5;
	// half-width 63.5310237. Quantiles: 0.5, 5, 9.5.
	checkSummary(t, "0,10", Summarize([]float64{10, 0}), Summary{N: 2, Mean: 5, SD: math.Sqrt(50),
		CI95Low: 5 - 63.5310237, CI95High: 5 + 63.5310237, P05: 0.5, P50: 5, P95: 9.5}, 1e-6)

	// The first ten primes, type 7 (R's default, numpy's "linear"):
	// p05: h 0.45 → 2 + 0.45·1 = 2.45; p50: h 4.5 → 11 + 0.5·2 = 12;
	// p95: h 8.55 → 23 + 0.55·6 = 26.3. Mean 129/10 = 12.9.
	primes := []float64{29, 2, 23, 3, 19, 5, 17, 7, 13, 11}
	s = Summarize(primes)
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"mean", s.Mean, 12.9}, {"p05", s.P05, 2.45}, {"p50", s.P50, 12}, {"p95", s.P95, 26.3}} {
		if !closeTo(c.got, c.want, 1e-12) {
			t.Errorf("primes %s = %.12g, want %g", c.name, c.got, c.want)
		}
	}
	if !(s.P05 <= s.P50 && s.P50 <= s.P95 && s.CI95Low < s.Mean && s.Mean < s.CI95High) {
		t.Errorf("primes: summary out of order: %+v", s)
	}
}

func TestSummarizeSmallN(t *testing.T) {
	checkSummary(t, "N=1", Summarize([]float64{7}), Summary{N: 1, Mean: 7, SD: 0, CI95Low: 7, CI95High: 7, P05: 7, P50: 7, P95: 7}, 0)
	checkSummary(t, "constant", Summarize([]float64{4, 4, 4}), Summary{N: 3, Mean: 4, SD: 0, CI95Low: 4, CI95High: 4, P05: 4, P50: 4, P95: 4}, 1e-15)

	for _, in := range [][]float64{nil, {}} {
		s := Summarize(in)
		if s.N != 0 {
			t.Errorf("N=0: N = %d", s.N)
		}
		for name, v := range map[string]float64{"mean": s.Mean, "sd": s.SD, "ci low": s.CI95Low, "ci high": s.CI95High, "p05": s.P05, "p50": s.P50, "p95": s.P95} {
			if !math.IsNaN(v) {
				t.Errorf("N=0: %s = %g, want NaN", name, v)
			}
		}
	}
}

func TestTQuantile(t *testing.T) {
	for _, c := range []struct {
		p    float64
		df   int
		want float64
	}{
		{0.975, 4, 2.776445105}, {0.975, 1, 12.70620474}, {0.975, 9, 2.262157163},
		{0.975, 30, 2.042272456}, {0.5, 7, 0}, {0.025, 4, -2.776445105},
	} {
		if got := TQuantile(c.p, c.df); math.Abs(got-c.want) > 1e-6 {
			t.Errorf("TQuantile(%g, %d) = %.9f, want %.9f", c.p, c.df, got, c.want)
		}
	}
	// Approaches the normal 1.959964 as df grows.
	if got := TQuantile(0.975, 100000); math.Abs(got-1.959964) > 1e-4 {
		t.Errorf("TQuantile(0.975, 1e5) = %g, want ≈ 1.959964", got)
	}
}

// The Student-t interval covers the true mean about 95% of the time for
// normal data with N = 5.
func TestSummarizeCICoverage(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	const trials, n, mu = 4000, 5, 10.0
	cover := 0
	x := make([]float64, n)
	for range trials {
		for i := range x {
			x[i] = mu + 3*rng.NormFloat64()
		}
		s := Summarize(x)
		if s.CI95Low <= mu && mu <= s.CI95High {
			cover++
		}
	}
	// Binomial sd √(0.95·0.05/4000) = 0.0034: allow ± 4 sd.
	if rate := float64(cover) / trials; math.Abs(rate-0.95) > 0.014 {
		t.Errorf("95%% CI covered the mean in %.4f of %d trials", rate, trials)
	}
}

func TestQuantileType7(t *testing.T) {
	sorted := []float64{1, 2, 3, 4, 5}
	for _, c := range []struct{ p, want float64 }{
		{0, 1}, {0.05, 1.2}, {0.25, 2}, {0.5, 3}, {0.6, 3.4}, {0.95, 4.8}, {1, 5},
	} {
		if got := quantile(c.p, sorted); !closeTo(got, c.want, 1e-12) {
			t.Errorf("quantile(%g, 1..5) = %g, want %g", c.p, got, c.want)
		}
	}
	if got := quantile(0.95, []float64{42}); got != 42 {
		t.Errorf("one value: %g", got)
	}
}

func checkSummary(t *testing.T, name string, got, want Summary, tol float64) {
	t.Helper()
	if got.N != want.N {
		t.Errorf("%s: N = %d, want %d", name, got.N, want.N)
	}
	for _, f := range []struct {
		field     string
		got, want float64
	}{
		{"mean", got.Mean, want.Mean}, {"sd", got.SD, want.SD},
		{"ci95 low", got.CI95Low, want.CI95Low}, {"ci95 high", got.CI95High, want.CI95High},
		{"p05", got.P05, want.P05}, {"p50", got.P50, want.P50}, {"p95", got.P95, want.P95},
	} {
		if !closeTo(f.got, f.want, tol) {
			t.Errorf("%s: %s = %.12g, want %.12g", name, f.field, f.got, f.want)
		}
	}
}
