package model

// Analytic queueing measures for validating the simulator and for staffing:
// Erlang B, Erlang C (M/M/n) and Erlang A (M/M/n+M, exponential patience).
//
// Everything is computed without factorials or powers that can overflow:
// Erlang B by a rescaled recursion, the Erlang A queue sums by a forward
// sweep over the queue states with all-positive terms and a running scale,
// and the service level by the closed form of the incomplete-gamma
// integral, written as a ratio of two such sums. The results agree with an
// exact reference calculator (two independent methods in Python) to about
// 1e-11 relative for a few to several thousand agents. An overloaded queue
// with long patience, whose terms peak thousands of states out, is summed
// from near its peak, so its cost grows with the square root of λ/θ; its
// service level is then exact to about 1e-11 absolute.

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"
)

// Queue describes a stationary M/M/n queue, with or without abandonment:
// Poisson arrivals, exponential handle times, n identical agents, first come
// first served, and (Erlang A) exponential patience. Rates and times carry
// their unit in their name.
type Queue struct {
	// ArrivalsPerHour is the Poisson arrival rate λ, in calls per hour.
	ArrivalsPerHour float64
	// AHTSeconds is the mean handle time 1/μ, in seconds.
	AHTSeconds float64
	// PatienceSeconds is the mean of the exponential patience 1/θ, in
	// seconds. 0 or +Inf means callers never abandon (Erlang C).
	PatienceSeconds float64
	// Agents is the number of agents n.
	Agents int
}

// Measures are the stationary performance measures of a Queue. Fractions
// are in [0,1]; times are in seconds.
type Measures struct {
	// Abandonment is true for Erlang A (finite patience), false for Erlang C.
	Abandonment bool
	// Agents is the number of agents n the measures are for.
	Agents int
	// OfferedLoadErlangs is a = λ/μ, in Erlangs.
	OfferedLoadErlangs float64
	// ServiceLevelSeconds is the threshold t of ServiceLevel, in seconds.
	ServiceLevelSeconds float64
	// PWait is P(W>0): the probability that an arriving call finds all
	// agents busy and has to queue.
	PWait float64
	// PAbandon is the fraction of all arrivals that abandon (0 for Erlang C).
	PAbandon float64
	// ASASeconds is the average speed of answer: the mean wait of answered
	// calls, in seconds (answered without waiting included, as zero).
	ASASeconds float64
	// MeanWaitSeconds is the mean time in queue over all arrivals, answered
	// and abandoned, in seconds; by Little's law MeanQueueLength ÷ λ. For
	// Erlang A it equals PAbandon × mean patience.
	MeanWaitSeconds float64
	// ServiceLevel is P(answered and wait ≤ t) over all arrivals: calls
	// answered within ServiceLevelSeconds ÷ calls offered, as offsim's
	// service_level metric counts it.
	ServiceLevel float64
	// ServiceLevelAnswered is P(wait ≤ t | answered): calls answered within
	// ServiceLevelSeconds ÷ calls answered (the convention of some tools;
	// equal to ServiceLevel for Erlang C).
	ServiceLevelAnswered float64
	// Occupancy is the mean fraction of agents busy, λ(1−PAbandon)/(nμ).
	Occupancy float64
	// MeanQueueLength is L_q, the time-average number of calls waiting.
	MeanQueueLength float64
	// Stable is false for an Erlang C queue with λ ≥ nμ. Its queue grows
	// without bound: PWait and Occupancy are 1, ServiceLevel 0, and the
	// wait measures and MeanQueueLength +Inf. Erlang A is always stable.
	Stable bool
}

// ErrInvalidQueue is wrapped by the errors of Queue.Validate, Measures and
// StaffFor for parameters outside their domain.
var ErrInvalidQueue = errors.New("invalid queue")

// ErrTargetUnreachable is wrapped by StaffFor's error when even maxAgents
// agents do not reach the service-level target.
var ErrTargetUnreachable = errors.New("service-level target unreachable")

// DefaultMaxAgents is the staffing search limit StaffFor uses when its
// maxAgents argument is not positive.
const DefaultMaxAgents = 100_000

// maxQueueStates bounds the queue states the Erlang A sums visit: about
// (λ−nμ)·patience + a few √(λ·patience). Only an overloaded queue with a
// mean patience of weeks comes near it.
const maxQueueStates = 100_000_000

// ErlangB returns the Erlang B blocking probability of n servers offered a
// Erlangs (M/M/n/n), via the stable recursion 1/B_k = 1 + (k/a)·1/B_{k−1}
// with rescaling, so it neither overflows nor loses accuracy for thousands
// of servers (it underflows to 0 only below about 1e−308). It returns NaN
// for n < 0, a < 0 or a NaN.
func ErlangB(n int, a float64) float64 {
	if n < 0 || !(a >= 0) {
		return math.NaN()
	}
	return math.Exp(logErlangB(n, a))
}

// logErlangB returns ln B(n, a) for n ≥ 0 and a ≥ 0 (−Inf when B = 0).
func logErlangB(n int, a float64) float64 {
	if n == 0 {
		return 0
	}
	if a == 0 {
		return math.Inf(-1)
	}
	if math.IsInf(a, 1) {
		return 0
	}
	// r_k = 1/B_k = 1 + r_{k−1}·k/a, r_0 = 1; kept as r·e^scale.
	const big = 1e200
	logBig := math.Log(big)
	r, scale, unit := 1.0, 0.0, 1.0 // unit = e^{−scale}
	for k := 1; k <= n; k++ {
		r = unit + r*float64(k)/a
		if r > big {
			r /= big
			scale += logBig
			unit = math.Exp(-scale)
		}
	}
	return -(math.Log(r) + scale)
}

// ErlangC returns the Erlang C probability of waiting, P(W>0), for n
// servers offered a Erlangs (M/M/n), C = B/(1 − ρ + ρB) with ρ = a/n and B
// = ErlangB(n, a). It returns 1 when a ≥ n (the queue is unstable) and NaN
// for n < 1, a < 0 or a NaN.
func ErlangC(n int, a float64) float64 {
	if n < 1 || !(a >= 0) {
		return math.NaN()
	}
	if a >= float64(n) {
		return 1
	}
	b := ErlangB(n, a)
	rho := a / float64(n)
	return b / (1 - rho + rho*b)
}

// HasAbandonment reports whether callers abandon: a finite, positive
// PatienceSeconds (Erlang A) rather than 0 or +Inf (Erlang C).
func (q Queue) HasAbandonment() bool {
	return q.PatienceSeconds > 0 && !math.IsInf(q.PatienceSeconds, 1)
}

// OfferedLoadErlangs returns the offered load a = λ/μ in Erlangs
// (ArrivalsPerHour × AHTSeconds ÷ 3600).
func (q Queue) OfferedLoadErlangs() float64 {
	return q.ArrivalsPerHour / SecondsPerHour * q.AHTSeconds
}

// Validate checks the parameters: a finite arrival rate ≥ 0 calls per hour,
// a positive finite AHT in seconds, a patience of 0, +Inf or a positive
// finite mean in seconds, and at least one agent.
func (q Queue) Validate() error {
	if err := q.validateRates(); err != nil {
		return err
	}
	if q.Agents < 1 {
		return fmt.Errorf("%w: agents must be at least 1, got %d", ErrInvalidQueue, q.Agents)
	}
	return nil
}

func (q Queue) validateRates() error {
	if !(q.ArrivalsPerHour >= 0) || math.IsInf(q.ArrivalsPerHour, 1) {
		return fmt.Errorf("%w: arrivals must be finite and >= 0 calls/h, got %g", ErrInvalidQueue, q.ArrivalsPerHour)
	}
	if !(q.AHTSeconds > 0) || math.IsInf(q.AHTSeconds, 1) {
		return fmt.Errorf("%w: AHT must be positive and finite, got %g s", ErrInvalidQueue, q.AHTSeconds)
	}
	if !(q.PatienceSeconds >= 0) {
		return fmt.Errorf("%w: mean patience must be >= 0 s (0 or +Inf: no abandonment), got %g s", ErrInvalidQueue, q.PatienceSeconds)
	}
	return nil
}

func validSLSeconds(slSeconds float64) error {
	if !(slSeconds >= 0) || math.IsInf(slSeconds, 1) {
		return fmt.Errorf("%w: service-level threshold must be finite and >= 0 s, got %g s", ErrInvalidQueue, slSeconds)
	}
	return nil
}

// Measures returns the stationary measures of the queue, with the service
// level threshold slSeconds (seconds): Erlang C when callers never abandon,
// Erlang A (Garnett, Mandelbaum & Reiman 2002) otherwise. Erlang A is exact,
// overloaded queues (λ > nμ) included; an unstable Erlang C queue is
// reported with Stable false, not as an error.
func (q Queue) Measures(slSeconds float64) (Measures, error) {
	if err := q.Validate(); err != nil {
		return Measures{}, err
	}
	if err := validSLSeconds(slSeconds); err != nil {
		return Measures{}, err
	}
	if q.HasAbandonment() {
		return q.erlangA(slSeconds)
	}
	return q.erlangC(slSeconds), nil
}

// erlangC returns the M/M/n measures.
func (q Queue) erlangC(t float64) Measures {
	n := float64(q.Agents)
	lam := q.ArrivalsPerHour / SecondsPerHour // per second
	mu := 1 / q.AHTSeconds                    // per second
	a := q.OfferedLoadErlangs()
	m := Measures{Agents: q.Agents, OfferedLoadErlangs: a, ServiceLevelSeconds: t}
	if a >= n {
		inf := math.Inf(1)
		m.PWait, m.Occupancy = 1, 1
		m.ASASeconds, m.MeanWaitSeconds, m.MeanQueueLength = inf, inf, inf
		return m
	}
	m.Stable = true
	c := ErlangC(q.Agents, a)
	drain := n*mu - lam // per second
	m.PWait = c
	m.ASASeconds = c / drain
	m.MeanWaitSeconds = m.ASASeconds
	m.ServiceLevel = 1 - c*math.Exp(-drain*t)
	m.ServiceLevelAnswered = m.ServiceLevel
	m.Occupancy = a / n
	m.MeanQueueLength = lam * m.ASASeconds
	return m
}

// erlangA returns the M/M/n+M measures.
//
// With x = nμ/θ and y = λ/θ, an arrival that finds n+j calls in the system
// (j ≥ 0 waiting) sees queue weight q_j(y) = y^j / ∏_{i=1..j}(x+i) relative
// to state n; it is answered with probability x/(x+j+1), and then after a
// wait Σ_{i=1..j+1} Exp(θ(x+i)); otherwise it abandons. A = Σ q_j is GMR's
// x·e^y·y^{−x}·γ(x,y) and π_n = E/(1−E+A·E) with E = ErlangB(n, λ/μ).
// Answered within t: substituting u = y·e^{−θv} in the integral of the
// offered-wait density gives
// P(0 < W ≤ t, answered) = π_n [S(y) − S(z)·e^{−(x+1)θt − y(e^{−θt}−1)}],
// z = y·e^{−θt}, S(w) = Σ_j q_j(w)·x/(x+j+1), the answered-from-queue sum.
func (q Queue) erlangA(t float64) (Measures, error) {
	n := float64(q.Agents)
	lam := q.ArrivalsPerHour / SecondsPerHour // per second
	mu := 1 / q.AHTSeconds                    // per second
	theta := 1 / q.PatienceSeconds            // per second
	a := q.OfferedLoadErlangs()
	x := n * mu / theta
	y := lam / theta
	m := Measures{Abandonment: true, Stable: true, Agents: q.Agents, OfferedLoadErlangs: a, ServiceLevelSeconds: t}

	sy, err := sumQueueStates(x, y)
	if err != nil {
		return Measures{}, err
	}
	logE := logErlangB(q.Agents, a)
	log1mE := math.Log1p(-math.Exp(logE))
	logAE := logE + math.Log(sy.all) + sy.logScale
	logDen := logAddExp(log1mE, logAE)
	noWait := math.Exp(log1mE - logDen) // P(W=0)
	m.PWait = math.Exp(logAE - logDen)
	base := math.Exp(logE - logDen + sy.logScale) // π_n·e^{scale}
	m.PAbandon = base * sy.abandoned
	servedQueued := base * sy.served
	served := noWait + servedQueued

	m.ASASeconds = base * sy.servedWait * q.PatienceSeconds / served
	m.MeanWaitSeconds = m.PAbandon * q.PatienceSeconds
	m.MeanQueueLength = lam * m.MeanWaitSeconds
	m.Occupancy = a * served / n

	inT := 0.0 // P(0 < W ≤ t, answered)
	if t > 0 && servedQueued > 0 {
		tt := theta * t
		sz, err := sumQueueStates(x, y*math.Exp(-tt))
		if err != nil {
			return Measures{}, err
		}
		logR := math.Log(sz.served) + sz.logScale - (x+1)*tt - y*math.Expm1(-tt) -
			math.Log(sy.served) - sy.logScale
		inT = max(0, -servedQueued*math.Expm1(min(logR, 0)))
	}
	m.ServiceLevel = noWait + inT
	m.ServiceLevelAnswered = m.ServiceLevel / served
	return m, nil
}

// queueSums are the Erlang A sums over the queue states j = 0, 1, …, each
// scaled by e^{−logScale}: all = Σ q_j, served = Σ q_j·x/(x+j+1),
// abandoned = Σ q_j·(j+1)/(x+j+1) and servedWait = Σ q_j·x/(x+j+1)·H_j
// with H_j = Σ_{i=1..j+1} 1/(x+i) (the answered wait in units of 1/θ).
type queueSums struct {
	logScale                           float64
	all, served, abandoned, servedWait float64
}

// sumQueueStates computes the queueSums of q_j(w) = w^j/∏_{i=1..j}(x+i)
// for x > 0, w ≥ 0. The terms are log-concave in j: they rise while
// w > x+j+1 and then fall faster than geometrically, so the sweep stops
// once a bound on the weighted tail is below 1e−17 of every sum. An
// overloaded queue with long patience peaks far out (j ≈ w − x): the sweep
// then starts where the terms before it are below 1e−17 of the peak
// (firstQueueState), so its cost grows with √w, not w.
func sumQueueStates(x, w float64) (queueSums, error) {
	const (
		eps    = 1e-17
		big    = 1e280
		logBig = 644.7238260383328 // ln 1e280
	)
	var s queueSums
	j0, logQ0 := firstQueueState(x, w)
	s.logScale = logQ0
	qj := 1.0 // q_j·e^{−logScale}
	// H_j = Σ_{i=1..j+1} 1/(x+i) = ψ(x+j+2) − ψ(x+1).
	h := 1 / (x + 1)
	if j0 > 0 {
		h = mathext.Digamma(x+float64(j0)+2) - mathext.Digamma(x+1)
	}
	for j := j0; ; j++ {
		fj := float64(j)
		d := x + fj + 1
		srv := x / d
		s.all += qj
		s.served += qj * srv
		s.abandoned += qj * (fj + 1) / d
		s.servedWait += qj * srv * h
		r := w / d // q_{j+1}/q_j
		if r < 1 {
			g := r / (1 - r)
			tail := qj * g                               // ≥ Σ_{k>j} q_k
			tailK := qj * (g*(fj+1) + g/(1-r)) / (x + 1) // ≥ Σ_{k>j} q_k·H_k
			if tail <= eps*s.all && tail <= eps*s.served && tail <= eps*s.abandoned &&
				tailK <= eps*s.servedWait {
				return s, nil
			}
		}
		if j >= maxQueueStates {
			return queueSums{}, fmt.Errorf("%w: Erlang A needs more than %d queue states (x=nμ/θ=%g, λ/θ=%g): the queue is overloaded and patience very long",
				ErrInvalidQueue, maxQueueStates, x, w)
		}
		qj *= r
		h += 1 / (d + 1)
		if qj > big {
			qj /= big
			s.all /= big
			s.served /= big
			s.abandoned /= big
			s.servedWait /= big
			s.logScale += logBig
		}
	}
}

// firstQueueState returns the first queue state j0 worth summing and
// ln q_{j0}: 0 unless the terms rise for long (w ≫ x), else a state left
// of the peak whose predecessors add up to less than 1e−17 of the peak.
// Left of the peak q_{j−1}/q_j = (x+j)/w < 1, so the states before j0 add
// up to at most q_{j0}·ρ/(1−ρ) with ρ = (x+j0)/w.
func firstQueueState(x, w float64) (int, float64) {
	peak := math.Floor(w - x - 1)
	if peak < 1000 {
		return 0, 0
	}
	logQ := func(j float64) float64 { // ln q_j = j ln w − ln Γ(x+j+1) + ln Γ(x+1)
		a, _ := math.Lgamma(x + j + 1)
		b, _ := math.Lgamma(x + 1)
		return j*math.Log(w) - a + b
	}
	top := logQ(peak)
	for gap := 9 * math.Sqrt(w); ; gap *= 2 {
		j0 := peak - math.Ceil(gap)
		if j0 <= 0 {
			return 0, 0
		}
		rho := (x + j0) / w
		if l := logQ(j0); l+math.Log(rho/(1-rho)) < top-40 { // e^−40 ≈ 4e−18
			return int(j0), l
		}
	}
}

// logAddExp returns ln(e^a + e^b) without overflow.
func logAddExp(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	if math.IsInf(b, -1) {
		return a
	}
	return a + math.Log1p(math.Exp(b-a))
}

// StaffFor returns the fewest agents n ≤ maxAgents whose service level
// (answered within slSeconds ÷ offered, Measures.ServiceLevel) is at least
// target, in [0,1), together with the measures at n; for Erlang C the queue
// must also be stable (n > λ/μ). q.Agents is ignored. maxAgents ≤ 0 means
// DefaultMaxAgents. The search uses that the service level rises with n: it
// starts at the bound n ≥ target·λ/μ (an answered share above n/(λ/μ) is
// impossible), gallops up and bisects, so it costs O(log n) evaluations.
// When even maxAgents fall short the error wraps ErrTargetUnreachable.
func StaffFor(q Queue, slSeconds, target float64, maxAgents int) (int, Measures, error) {
	return StaffForTargets(q, StaffingTargets{ServiceLevelSeconds: slSeconds, ServiceLevel: target}, maxAgents)
}

// StaffingTargets are what a staffing plan must meet.
type StaffingTargets struct {
	// ServiceLevelSeconds and ServiceLevel: at least ServiceLevel, in
	// [0,1), of the offered calls answered within ServiceLevelSeconds.
	ServiceLevelSeconds, ServiceLevel float64
	// MaxAbandonRate is the most of the offered calls that may abandon, in
	// (0,1]; 0 means no such bound.
	MaxAbandonRate float64
}

// StaffForTargets is StaffFor with every target of t: the fewest agents
// meeting the service level and, if set, the abandonment ceiling (both
// improve with agents, so the search is the same).
func StaffForTargets(q Queue, t StaffingTargets, maxAgents int) (int, Measures, error) {
	return StaffNear(q, t, maxAgents, 0)
}

// StaffNear is StaffForTargets searching outward from hint, the answer
// for a similar queue (a plan's neighbouring interval): when the hint is
// close, a few evaluations instead of O(log n). hint ≤ 0: no hint.
func StaffNear(q Queue, t StaffingTargets, maxAgents, hint int) (int, Measures, error) {
	if err := q.validateRates(); err != nil {
		return 0, Measures{}, err
	}
	slSeconds, target := t.ServiceLevelSeconds, t.ServiceLevel
	if err := validSLSeconds(slSeconds); err != nil {
		return 0, Measures{}, err
	}
	if !(target >= 0 && target < 1) {
		return 0, Measures{}, fmt.Errorf("%w: service-level target must be in [0,1), got %g", ErrInvalidQueue, target)
	}
	if !(t.MaxAbandonRate >= 0 && t.MaxAbandonRate <= 1) {
		return 0, Measures{}, fmt.Errorf("%w: abandonment ceiling must be in [0,1], got %g", ErrInvalidQueue, t.MaxAbandonRate)
	}
	if maxAgents <= 0 {
		maxAgents = DefaultMaxAgents
	}
	a := q.OfferedLoadErlangs()
	eval := func(n int) (bool, Measures, error) {
		q.Agents = n
		m, err := q.Measures(slSeconds)
		ok := err == nil && m.Stable && m.ServiceLevel >= target && (t.MaxAbandonRate == 0 || m.PAbandon <= t.MaxAbandonRate)
		return ok, m, err
	}
	// Every n < lo fails: SL ≤ answered share ≤ n/a, the abandoned share is
	// at least 1 − n/a, and Erlang C needs n > a.
	need := target
	if t.MaxAbandonRate > 0 {
		need = max(need, 1-t.MaxAbandonRate)
	}
	lo := max(1, int(math.Min(math.Floor(need*a), float64(maxAgents))))
	if !q.HasAbandonment() {
		lo = max(lo, int(math.Min(math.Floor(a), float64(maxAgents)))+1)
	}
	if lo > maxAgents {
		return 0, Measures{}, fmt.Errorf("%w: an Erlang C queue offered %.4g Erlangs needs more than %d agents to be stable",
			ErrTargetUnreachable, a, maxAgents)
	}
	step := max(1, int(math.Sqrt(a)))
	hi := lo
	var best Measures
	if hint > lo && hint <= maxAgents {
		// Down from a hint that meets the targets, doubling the step,
		// until a count fails; else up from just above it.
		ok, m, err := eval(hint)
		if err != nil {
			return 0, Measures{}, err
		}
		if ok {
			hi, best = hint, m
			for down := 1; ; down *= 2 {
				c := max(hi-down, lo)
				ok, m, err := eval(c)
				if err != nil {
					return 0, Measures{}, err
				}
				if !ok {
					lo = c + 1
					break
				}
				hi, best = c, m
				if c == lo {
					return c, m, nil
				}
			}
			return bisectStaff(eval, lo, hi, best)
		}
		lo, hi, step = hint+1, min(hint+1, maxAgents), 1
	}
	for {
		ok, m, err := eval(hi)
		if err != nil {
			return 0, Measures{}, err
		}
		if ok {
			best = m
			break
		}
		if hi == maxAgents {
			return 0, Measures{}, fmt.Errorf("%w: %d agents give service level %.6f (target %g) and abandonment %.6f (ceiling %g)",
				ErrTargetUnreachable, maxAgents, m.ServiceLevel, target, m.PAbandon, t.MaxAbandonRate)
		}
		lo = hi + 1
		hi = min(hi+step, maxAgents)
		step *= 2
	}
	return bisectStaff(eval, lo, hi, best)
}

// bisectStaff returns the fewest agents in [lo, hi] that meet the targets,
// given that every count below lo fails and hi (with measures best) meets
// them.
func bisectStaff(eval func(int) (bool, Measures, error), lo, hi int, best Measures) (int, Measures, error) {
	for lo < hi {
		mid := lo + (hi-lo)/2
		ok, m, err := eval(mid)
		if err != nil {
			return 0, Measures{}, err
		}
		if ok {
			hi, best = mid, m
		} else {
			lo = mid + 1
		}
	}
	return hi, best, nil
}
