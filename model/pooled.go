package model

// The exact stationary measures of a pooled route over sites of different
// speeds: Poisson arrivals, exponential handle times per site, exponential
// patience (or none), one FCFS queue, an arriving caller answered by an idle
// agent of the first site in order that has one. This is the continuous-
// time Markov chain the simulator's pooled route must reproduce; it has no
// closed form when the sites' speeds differ, so it is solved numerically
// for small systems (tests, and checks of the engine).
//
// The state is the number of busy agents per site plus, once every agent is
// busy, the number waiting. While anyone waits every agent is busy, so the
// queue is a birth–death chain hanging off the all-busy state: the chain is
// solved on the busy counts alone (an arrival to the all-busy state starts
// an excursion that returns there) and the queue's distribution attached in
// closed form. A caller who finds k waiting ahead reaches an agent after a
// hypoexponential time T_k (stages of rate c + jθ, j = k…0, with c the total
// service rate of all agents); it is answered if its own patience outlasts
// T_k, with probability Π r_j/(r_j+θ).

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// PooledSite is one site of a PooledQueue.
type PooledSite struct {
	// Agents on duty at the site.
	Agents int
	// AHTSeconds is the site's mean (exponential) handle time, in seconds.
	AHTSeconds float64
}

// PooledQueue is a stationary pooled route: one FCFS queue served by the
// agents of several sites.
type PooledQueue struct {
	// ArrivalsPerHour is the Poisson arrival rate, in calls per hour.
	ArrivalsPerHour float64
	// Sites in routing order: an arriving caller goes to an idle agent of
	// the first site that has one.
	Sites []PooledSite
	// PatienceSeconds is the mean exponential patience, in seconds; 0 or
	// +Inf: callers never abandon.
	PatienceSeconds float64
}

// PooledMeasures are the stationary measures of a PooledQueue, over all
// arrivals; fractions in [0,1], times in seconds.
type PooledMeasures struct {
	// PWait is the probability an arriving caller finds every agent busy.
	PWait float64
	// PAbandon is the fraction of arrivals that abandon.
	PAbandon float64
	// ServiceLevel is P(answered and wait ≤ the threshold).
	ServiceLevel float64
	// ASASeconds is the mean wait of answered calls.
	ASASeconds float64
	// MeanQueueLength is the time-average number of callers waiting.
	MeanQueueLength float64
	// Occupancy is, per site, the mean fraction of its agents busy.
	Occupancy []float64
	// AnsweredShare is, per site, the share of answered calls it answers.
	AnsweredShare []float64
}

// maxPooledStates bounds the chain solved densely.
const maxPooledStates = 1500

// Measures solves the chain; slSeconds is the service-level threshold.
func (q PooledQueue) Measures(slSeconds float64) (PooledMeasures, error) {
	lambda := q.ArrivalsPerHour / SecondsPerHour
	theta := 0.0
	if q.PatienceSeconds > 0 && !math.IsInf(q.PatienceSeconds, 1) {
		theta = 1 / q.PatienceSeconds
	}
	if !(lambda > 0) || math.IsInf(lambda, 0) || len(q.Sites) == 0 || !(slSeconds >= 0) {
		return PooledMeasures{}, fmt.Errorf("%w: need a positive arrival rate, sites and a threshold >= 0", ErrInvalidQueue)
	}
	mu := make([]float64, len(q.Sites))
	radix := make([]int, len(q.Sites))
	states, c := 1, 0.0
	for i, s := range q.Sites {
		if s.Agents < 1 || !(s.AHTSeconds > 0) || math.IsInf(s.AHTSeconds, 0) {
			return PooledMeasures{}, fmt.Errorf("%w: site %d needs agents >= 1 and a positive handle time", ErrInvalidQueue, i)
		}
		mu[i] = 1 / s.AHTSeconds
		c += float64(s.Agents) * mu[i]
		radix[i] = states
		states *= s.Agents + 1
		if states > maxPooledStates {
			return PooledMeasures{}, fmt.Errorf("%w: more than %d busy-count states", ErrInvalidQueue, maxPooledStates)
		}
	}
	if theta == 0 && lambda >= c {
		return PooledMeasures{}, fmt.Errorf("%w: without abandonment the load must be below the agents' capacity", ErrInvalidQueue)
	}
	pi, err := q.solveBusy(lambda, mu, radix, states)
	if err != nil {
		return PooledMeasures{}, err
	}
	// The queue hangs off the all-busy state: w[k] = π(all busy, k waiting) / π(all busy, 0).
	w := []float64{1}
	for k := 1; ; k++ {
		next := w[k-1] * lambda / (c + float64(k)*theta)
		if next < 1e-17*sum(w) || k > 1_000_000 {
			break
		}
		w = append(w, next)
	}
	full := states - 1
	scale := pi[full]
	total := 1 + scale*(sum(w)-1)
	for s := range pi {
		pi[s] /= total
	}
	for k := range w {
		w[k] *= scale / total
	}

	m := PooledMeasures{Occupancy: make([]float64, len(q.Sites)), AnsweredShare: make([]float64, len(q.Sites))}
	for s, p := range pi {
		if s == full {
			continue
		}
		for i, n := range q.Sites {
			m.Occupancy[i] += p * float64(busyAt(s, i, radix, n.Agents)) / float64(n.Agents)
		}
	}
	var fullMass, answered float64
	for k, p := range w {
		fullMass += p
		m.MeanQueueLength += float64(k) * p
	}
	for i := range q.Sites {
		m.Occupancy[i] += fullMass
	}
	// Callers arriving to k waiting (PASTA): answered with Π r/(r+θ), after
	// a hypoexponential wait.
	inSL := reachWithin(len(w)-1, c, theta, slSeconds)
	m.ServiceLevel = 1 - fullMass
	answered = 1 - fullMass
	var waitAnswered float64
	served, tail := 1.0, 0.0 // Π_{j≤k} r_j/(r_j+θ) and Σ_{j≤k} 1/(r_j+θ)
	for k, p := range w {
		r := c + float64(k)*theta
		served *= r / (r + theta)
		tail += 1 / (r + theta)
		m.PWait += p
		answered += p * served
		waitAnswered += p * served * tail
		m.ServiceLevel += p * inSL[k]
	}
	m.PAbandon = 1 - answered
	if answered > 0 {
		m.ASASeconds = waitAnswered / answered
	}
	var throughput float64
	for i, n := range q.Sites {
		throughput += m.Occupancy[i] * float64(n.Agents) * mu[i]
	}
	for i, n := range q.Sites {
		m.AnsweredShare[i] = m.Occupancy[i] * float64(n.Agents) * mu[i] / throughput
	}
	return m, nil
}

// busyAt returns the busy agents of site i in state s.
func busyAt(s, i int, radix []int, agents int) int { return s / radix[i] % (agents + 1) }

// solveBusy returns the stationary distribution of the busy counts with
// the queue's excursions censored out (unnormalised to nothing in
// particular: it sums to 1 over the busy-count states).
func (q PooledQueue) solveBusy(lambda float64, mu []float64, radix []int, states int) ([]float64, error) {
	// Generator transposed: g[to][from], so that g·π = 0.
	g := mat.NewDense(states, states, nil)
	move := func(from, to int, rate float64) {
		g.Set(to, from, g.At(to, from)+rate)
		g.Set(from, from, g.At(from, from)-rate)
	}
	for s := range states {
		for i, site := range q.Sites {
			if b := busyAt(s, i, radix, site.Agents); b < site.Agents {
				move(s, s+radix[i], lambda) // the first site in order with an idle agent
				break
			}
		}
		// A freed agent idles: in the all-busy state that is with nobody
		// waiting, the queue's excursions being censored.
		for i, site := range q.Sites {
			if b := busyAt(s, i, radix, site.Agents); b > 0 {
				move(s, s-radix[i], float64(b)*mu[i])
			}
		}
	}
	for s := range states { // replace the last balance equation by Σπ = 1
		g.Set(states-1, s, 1)
	}
	rhs := mat.NewVecDense(states, nil)
	rhs.SetVec(states-1, 1)
	var pi mat.VecDense
	if err := pi.SolveVec(g, rhs); err != nil {
		return nil, fmt.Errorf("pooled queue: %w", err)
	}
	out := make([]float64, states)
	for s := range out {
		out[s] = pi.AtVec(s)
		if out[s] < -1e-9 {
			return nil, errors.New("pooled queue: the chain did not solve to a distribution")
		}
		out[s] = max(out[s], 0)
	}
	return out, nil
}

// reachWithin returns, for k = 0…K callers ahead, the probability that a
// caller reaches an agent within t seconds and before its own patience
// runs out: the stages j = k…0 have rates c + jθ, the caller's patience
// rate θ competes throughout. Computed by uniformization.
func reachWithin(kMax int, c, theta, t float64) []float64 {
	out := make([]float64, kMax+1)
	if t == 0 {
		return out
	}
	rate := c + float64(kMax)*theta + theta
	lt := rate * t
	// a[k]: probability of absorption in "answered" within n steps from k.
	a := make([]float64, kMax+1)
	next := make([]float64, kMax+1)
	logP := -lt // log Poisson(0; lt)
	cdf := math.Exp(logP)
	for n := 1; ; n++ {
		for k := range a {
			down := c + float64(k)*theta
			stay := 1 - (down+theta)/rate
			v := stay * a[k]
			if k == 0 {
				v += down / rate
			} else {
				v += down / rate * a[k-1]
			}
			next[k] = v
		}
		a, next = next, a
		logP += math.Log(lt) - math.Log(float64(n))
		p := math.Exp(logP)
		for k := range out {
			out[k] += p * a[k]
		}
		cdf += p
		if n > int(lt) && (1-cdf < 1e-14 || p == 0) {
			break
		}
	}
	return out
}

func sum(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s
}
