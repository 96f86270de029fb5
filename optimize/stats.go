package optimize

import (
	"math"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// tQuantile returns the p-quantile of Student's t with df degrees of
// freedom (+Inf for df < 1: no variance estimate, no bound).
func tQuantile(p float64, df int) float64 {
	if df < 1 {
		return math.Inf(1)
	}
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile(p)
}

// meanSD returns the mean and sample standard deviation (n−1) of xs; the
// deviation is +Inf with fewer than 2 values and the mean NaN with none.
func meanSD(xs []float64) (mean, sd float64) {
	switch len(xs) {
	case 0:
		return math.NaN(), math.Inf(1)
	case 1:
		return xs[0], math.Inf(1)
	}
	m, v := stat.MeanVariance(xs, nil)
	return m, math.Sqrt(v)
}

// column returns column c of rows.
func column(rows [][]float64, c int) []float64 {
	out := make([]float64, len(rows))
	for i, r := range rows {
		out[i] = r[c]
	}
	return out
}

// slackMeanSE returns the mean slack of bound b over rows and its standard
// error (+Inf with fewer than 2 rows).
func slackMeanSE(rows [][]float64, b bound) (mean, se float64) {
	xs := make([]float64, len(rows))
	for i, r := range rows {
		xs[i] = b.slack(r[b.col])
	}
	m, sd := meanSD(xs)
	return m, sd / math.Sqrt(float64(len(xs)))
}

// pairedDiff returns the mean and sample standard deviation of a[r][c] −
// b[r][c] over the first n rows of both.
func pairedDiff(a, b [][]float64, c, n int) (mean, sd float64) {
	xs := make([]float64, n)
	for r := range xs {
		xs[r] = a[r][c] - b[r][c]
	}
	return meanSD(xs)
}

// ceilSquare returns ⌈x²⌉ as an int, saturating at maxInt for huge or
// infinite x.
func ceilSquare(x float64) int {
	const maxInt = int(^uint(0) >> 1)
	y := math.Ceil(x * x)
	if !(y < 1e15) {
		return maxInt
	}
	return int(y)
}
