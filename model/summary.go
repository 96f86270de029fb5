package model

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Summary describes the spread of one metric over replications.
type Summary struct {
	// N is the number of replications summarised.
	N    int     `json:"n"`
	Mean float64 `json:"mean"`
	// SD is the sample standard deviation (n−1 denominator); 0 when N < 2.
	SD float64 `json:"sd"`
	// CI95Low and CI95High bound the 95% confidence interval of the mean,
	// mean ± t(0.975, N−1)·SD/√N (Student t); equal to the mean when N < 2.
	CI95Low  float64 `json:"ci95_low"`
	CI95High float64 `json:"ci95_high"`
	// P05, P50 and P95 are empirical quantiles of the replications, linearly
	// interpolated between order statistics.
	P05 float64 `json:"p05"`
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
}

// TQuantile returns the p-quantile of Student's t with df degrees of freedom.
func TQuantile(p float64, df int) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile(p)
}

// Summarize returns the summary of the values (one per replication); values
// is not modified.
func Summarize(values []float64) Summary {
	n := len(values)
	s := Summary{N: n}
	if n == 0 {
		nan := math.NaN()
		return Summary{Mean: nan, SD: nan, CI95Low: nan, CI95High: nan, P05: nan, P50: nan, P95: nan}
	}
	s.Mean = stat.Mean(values, nil)
	s.CI95Low, s.CI95High = s.Mean, s.Mean
	if n > 1 {
		s.SD = stat.StdDev(values, nil)
		half := TQuantile(0.975, n-1) * s.SD / math.Sqrt(float64(n))
		s.CI95Low, s.CI95High = s.Mean-half, s.Mean+half
	}
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	s.P05 = quantile(0.05, sorted)
	s.P50 = quantile(0.50, sorted)
	s.P95 = quantile(0.95, sorted)
	return s
}

// quantile interpolates linearly between order statistics (type 7 of
// Hyndman and Fan, the default of R and numpy).
func quantile(p float64, sorted []float64) float64 {
	if len(sorted) == 1 {
		return sorted[0]
	}
	h := p * float64(len(sorted)-1)
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-lo)*(sorted[i+1]-sorted[i])
}
