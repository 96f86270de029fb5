package sim

import (
	"math"
	"math/rand/v2"

	"offsim/model"
)

// sampler draws durations from a model.Dist; parameters are precomputed so a
// draw is one switch and one or two random numbers.
type sampler struct {
	kind      model.DistKind
	mean      float64
	mu, sigma float64 // lognormal
}

func newSampler(d model.Dist) sampler {
	s := sampler{kind: d.Kind, mean: d.MeanSeconds}
	if d.Kind == model.Lognormal {
		s.mu, s.sigma = model.LognormalParams(d.MeanSeconds, d.CV)
	}
	return s
}

// draw returns one duration in seconds (+Inf for the absent distribution).
func (s *sampler) draw(r *rand.Rand) float64 {
	switch s.kind {
	case model.Exponential:
		return r.ExpFloat64() * s.mean
	case model.Lognormal:
		return math.Exp(s.mu + s.sigma*r.NormFloat64())
	case model.Deterministic:
		return s.mean
	}
	return math.Inf(1)
}

// rateClock turns unit-rate exponential draws into arrival times of a
// Poisson process whose rate is piecewise constant over a repeating week.
// Inverting the integrated rate is exact: no call is rounded to an interval.
type rateClock struct {
	perSecond []float64 // rate per interval, per second
	interval  float64   // seconds
	dayFactor []float64 // per-day multiplier; nil: none
}

func newRateClock(p model.RateProfile) rateClock {
	c := rateClock{perSecond: make([]float64, len(p.PerHour)), interval: p.IntervalSeconds}
	for i, r := range p.PerHour {
		c.perSecond[i] = r / model.SecondsPerHour
	}
	if len(c.perSecond) == 1 {
		c.interval = math.Inf(1)
	}
	return c
}

// next returns the time of the next arrival after now, given e, a draw of a
// unit-rate exponential: the t at which ∫_now^t rate = e.
func (c *rateClock) next(now, e float64) float64 {
	if len(c.perSecond) == 1 && c.dayFactor == nil {
		return now + e/c.perSecond[0]
	}
	n := len(c.perSecond)
	interval := min(c.interval, model.SecondsPerDay)
	perDay := int(model.SecondsPerDay / interval)
	k := math.Floor(now / interval)
	i := int(k) % n // k is a whole number ≥ 0: no float modulo on the hot path
	t := now
	for {
		end := (k + 1) * interval
		r := c.perSecond[i]
		if c.dayFactor != nil {
			d := int(k) / perDay
			if d >= len(c.dayFactor) {
				return math.Inf(1)
			}
			r *= c.dayFactor[d]
		}
		if r > 0 {
			if dt := e / r; t+dt < end {
				return t + dt
			}
			e -= r * (end - t)
		}
		t, k = end, k+1
		if n > 1 {
			if i++; i == n {
				i = 0
			}
		}
	}
}

// setDayFactors makes the rate on day d (since the start) PerHour × f[d];
// nil removes the factors. Intervals never straddle a midnight, so the
// process stays exactly piecewise constant.
func (c *rateClock) setDayFactors(f []float64) {
	c.dayFactor = f
}

// whenOpen returns t if the profile's rate is positive at t; otherwise a
// time spread uniformly (by u in [0,1)) over the next interval with a
// positive rate: a customer who would call back while the centre is closed
// calls when it has opened. Day factors are not consulted.
func (c *rateClock) whenOpen(t, u float64) float64 {
	n := len(c.perSecond)
	if n == 1 {
		return t
	}
	k := math.Floor(t / c.interval)
	i := int(k) % n // k is a whole number ≥ 0: no float modulo on the hot path
	if c.perSecond[i] > 0 {
		return t
	}
	for range n {
		k++
		if i++; i == n {
			i = 0
		}
		if c.perSecond[i] > 0 {
			return (k + u) * c.interval
		}
	}
	return t
}
