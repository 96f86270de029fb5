package results

import (
	"math"
	"slices"

	"offsim/model"
)

// ExactBandReplications is how many values a Band keeps to give exact
// percentiles; past it, it estimates them in fixed memory.
const ExactBandReplications = 100

// bandProbs are the marker probabilities of the extended P² algorithm for
// the 5th, 50th and 95th percentiles: minimum, the three percentiles, the
// midpoints between them and the maximum.
var bandProbs = [9]float64{0, 0.025, 0.05, 0.275, 0.5, 0.725, 0.95, 0.975, 1}

// Band summarises a stream of values — one monthly figure over the
// replications — in memory that does not grow with their number: count,
// mean, and the 5th, 50th and 95th percentiles. Up to
// ExactBandReplications values the percentiles are exact (linear
// interpolation between order statistics, as model.Summarize); past it
// they are estimated with the extended P² algorithm (Jain and Chlamtac
// 1985; Raatikainen 1987), whose nine markers start at the order
// statistics of the exact values. The result depends on the order of the
// values, so feed them in replication order.
type Band struct {
	n     int
	sum   float64
	exact []float64 // nil once the markers took over
	q     [9]float64
	pos   [9]float64
}

// Add counts one value; values that are not finite are left out.
func (b *Band) Add(x float64) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return
	}
	b.n++
	b.sum += x
	if b.n <= ExactBandReplications {
		b.exact = append(b.exact, x)
		return
	}
	if b.exact != nil {
		b.startMarkers()
	}
	b.update(x)
}

// Summary returns N, Mean, P05, P50 and P95 (the other fields are zero):
// model.Summarize's while the values are exact. N is 0 without values.
func (b *Band) Summary() model.Summary {
	if b.n == 0 {
		return model.Summary{}
	}
	if b.exact != nil {
		s := model.Summarize(b.exact)
		return model.Summary{N: s.N, Mean: s.Mean, P05: s.P05, P50: s.P50, P95: s.P95}
	}
	return model.Summary{N: b.n, Mean: b.sum / float64(b.n), P05: b.marker(0.05), P50: b.marker(0.5), P95: b.marker(0.95)}
}

// marker estimates the p-quantile from the markers, interpolating
// linearly between the two around its position.
func (b *Band) marker(p float64) float64 {
	h := 1 + float64(b.n-1)*p
	for i := range 8 {
		if h <= b.pos[i+1] {
			w := (h - b.pos[i]) / (b.pos[i+1] - b.pos[i])
			return b.q[i] + w*(b.q[i+1]-b.q[i])
		}
	}
	return b.q[8]
}

// startMarkers places the markers on the order statistics of the exact
// values and drops them.
func (b *Band) startMarkers() {
	s := b.exact
	slices.Sort(s)
	k := len(s)
	for i, p := range bandProbs {
		j := int(math.Round(float64(k-1) * p))
		b.pos[i] = float64(j + 1)
		b.q[i] = s[j]
	}
	b.exact = nil
}

// update is one step of P² for value x (already counted in n).
func (b *Band) update(x float64) {
	q, pos := &b.q, &b.pos
	var k int
	switch {
	case x < q[0]:
		q[0], k = x, 0
	case x >= q[8]:
		q[8], k = x, 7
	default:
		for k = 0; k < 7 && x >= q[k+1]; k++ {
		}
	}
	for i := k + 1; i < 9; i++ {
		pos[i]++
	}
	for i := 1; i < 8; i++ {
		d := 1 + float64(b.n-1)*bandProbs[i] - pos[i]
		if !(d >= 1 && pos[i+1]-pos[i] > 1) && !(d <= -1 && pos[i-1]-pos[i] < -1) {
			continue
		}
		s := math.Copysign(1, d)
		qp := q[i] + s/(pos[i+1]-pos[i-1])*((pos[i]-pos[i-1]+s)*(q[i+1]-q[i])/(pos[i+1]-pos[i])+
			(pos[i+1]-pos[i]-s)*(q[i]-q[i-1])/(pos[i]-pos[i-1]))
		if !(q[i-1] < qp && qp < q[i+1]) {
			j := i + int(s)
			qp = q[i] + s*(q[j]-q[i])/(pos[j]-pos[i])
		}
		q[i] = qp
		pos[i] += s
	}
}
