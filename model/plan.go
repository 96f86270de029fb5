package model

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// PlanningSkill is the skill a staffing plan assumes for a site's agents:
// halfway between the mean skill at hire and the ceiling.
func PlanningSkill(w *Workforce) float64 {
	return (w.SkillAtHire.Mean() + w.SkillCeiling) / 2
}

// SiteLoad returns the calls per hour and the mean handle time, in
// seconds, that the plan of site si expects in each interval of the week of
// the given length: first attempts after deflection, split by the routes'
// shares; an overflow route plans its whole load on its first site (later
// sites take overflow on top of their own plan). The second-line site also
// plans for the contacts escalated to it. Repeat contacts are forecast in
// time, as a planner forecasts from history: see OfferedProfile.
func SiteLoad(sc *Scenario, si int, intervalSeconds float64) (callsPerHour, ahtSeconds []float64) {
	return SiteLoadCached(sc, si, intervalSeconds, nil)
}

// ProfileCache remembers forecasts of offered contacts (OfferedProfile) by
// contact type, resolution rate and interval, for one scenario's demand:
// a run that re-plans staffing many times forecasts each load once. The
// zero value is ready to use; a nil *ProfileCache caches nothing. Not safe
// for concurrent use.
type ProfileCache struct {
	m map[profileKey][]float64
}

type profileKey struct {
	t                    int
	fcr, intervalSeconds float64
}

// Offered returns OfferedProfile(sc, t, fcr, intervalSeconds), computed
// once per key; the caller must not change the slice.
func (c *ProfileCache) Offered(sc *Scenario, t int, fcr, intervalSeconds float64) []float64 {
	if c == nil {
		return OfferedProfile(sc, t, fcr, intervalSeconds)
	}
	k := profileKey{t, fcr, intervalSeconds}
	if p, ok := c.m[k]; ok {
		return p
	}
	if c.m == nil {
		c.m = map[profileKey][]float64{}
	}
	p := OfferedProfile(sc, t, fcr, intervalSeconds)
	c.m[k] = p
	return p
}

// SiteLoadCached is SiteLoad with the offered-contact forecasts taken from
// cache (nil: computed).
func SiteLoadCached(sc *Scenario, si int, intervalSeconds float64, cache *ProfileCache) (callsPerHour, ahtSeconds []float64) {
	n := int(SecondsPerWeek / intervalSeconds)
	callsPerHour = make([]float64, n)
	ahtSeconds = make([]float64, n)
	htFactor := 1.0
	w := sc.Sites[si].Workforce
	if w != nil {
		htFactor = HandleTimeFactor(&sc.Performance, PlanningSkill(w), w.Monitoring, w.LanguageFit, false)
	}
	offered := make([][]float64, len(sc.Demand.ContactTypes))
	for t, ct := range sc.Demand.ContactTypes {
		f := ct.FCR
		if w != nil {
			f = ResolveProbability(&sc.Performance, ct.FCR, PlanningSkill(w), w.Monitoring, w.LanguageFit, false)
		}
		offered[t] = cache.Offered(sc, t, f, intervalSeconds)
	}
	for k := range n {
		var calls, work float64
		for t, ct := range sc.Demand.ContactTypes {
			share := routeShare(&sc.Routing.ByType[t], si)
			if ct.Escalation > 0 && si == sc.Routing.EscalationSite {
				share += ct.Escalation
			}
			rate := offered[t][k] * share
			calls += rate
			work += rate * sc.Sites[si].HandleTime[t].MeanSeconds * htFactor
		}
		callsPerHour[k] = calls
		if calls > 0 {
			ahtSeconds[k] = work / calls
		}
	}
	return callsPerHour, ahtSeconds
}

// OfferedProfile forecasts the calls per hour of contact type t offered in
// each interval of the week: first attempts after deflection plus the
// repeat contacts they cause. An unresolved contact (resolved with chance
// fcr) comes back with the repeat probability after the repeat delay,
// postponed to opening time when it would fall while the centre is closed:
// c = a + q·K(c), solved by iteration, with q = r·(1 − fcr) and K the delay
// kernel on the cyclic week. Redials and the contact limit are left out.
func OfferedProfile(sc *Scenario, t int, fcr, intervalSeconds float64) []float64 {
	n := int(SecondsPerWeek / intervalSeconds)
	ct := sc.Demand.ContactTypes[t]
	a := make([]float64, n)
	open := make([]bool, n)
	for k := range n {
		rate := sc.Demand.Arrivals.meanRate(float64(k)*intervalSeconds, float64(k+1)*intervalSeconds)
		a[k] = rate * ct.Share * (1 - ct.Deflection)
		open[k] = rate > 0
	}
	cust := &sc.Demand.Customers
	q := cust.RepeatProbability * (1 - fcr)
	if q <= 0 {
		return a
	}
	// The week is cyclic: fold the delay kernel onto it.
	kernel := make([]float64, n)
	kernel[0] = 1 // no delay given: the repeat follows at once
	if cust.RepeatDelay.Kind != None {
		kernel[0] = 0
		for j, p := range delayKernel(cust.RepeatDelay, intervalSeconds, 52*n) {
			kernel[j%n] += p
		}
	}
	// nextOpen[k] is the first open interval at or after k, cyclically.
	nextOpen := make([]int, n)
	for k := range n {
		nextOpen[k] = -1
		for j := range n {
			if open[(k+j)%n] {
				nextOpen[k] = (k + j) % n
				break
			}
		}
	}
	// The map is a contraction by q < 1 (the kernel and the carry to the
	// opening keep the mass): iterate until a step moves no interval by
	// more than 1e-13 of the peak, i.e. to rounding.
	c, next := slices.Clone(a), make([]float64, n)
	r := make([]float64, n)
	for range 500 {
		clear(r)
		for k, ck := range c {
			if ck == 0 {
				continue
			}
			// The kernel wraps around the week: r[k:] takes its head,
			// r[:k] its tail (no modulo in the innermost loop).
			w := ck * q
			head, tail := kernel[:n-k], kernel[n-k:]
			for j, p := range head {
				r[k+j] += w * p
			}
			for j, p := range tail {
				r[j] += w * p
			}
		}
		copy(next, a)
		for k := range n {
			switch {
			case open[k]:
				next[k] += r[k]
			case r[k] > 0 && nextOpen[k] >= 0: // due while closed: waits for the opening
				next[nextOpen[k]] += r[k]
			}
		}
		var diff, peak float64
		for k := range n {
			diff = math.Max(diff, math.Abs(next[k]-c[k]))
			peak = math.Max(peak, next[k])
		}
		c, next = next, c
		if diff <= 1e-13*peak {
			break
		}
	}
	return c
}

// delayKernel returns the chance that a delay drawn from d ends j intervals
// after an interval's middle, for j = 0, 1, … until all but 1e-12 of the
// mass is covered (at most maxIntervals).
func delayKernel(d Dist, intervalSeconds float64, maxIntervals int) []float64 {
	cdf := func(x float64) float64 {
		if x <= 0 {
			return 0
		}
		switch d.Kind {
		case Exponential:
			return -math.Expm1(-x / d.MeanSeconds)
		case Deterministic:
			if x >= d.MeanSeconds {
				return 1
			}
			return 0
		case Lognormal:
			mu, sigma := LognormalParams(d.MeanSeconds, d.CV)
			return 0.5 * math.Erfc(-(math.Log(x)-mu)/(sigma*math.Sqrt2))
		}
		return 0
	}
	var k []float64
	for j := 0; j < maxIntervals; j++ {
		hi := cdf((float64(j) + 0.5) * intervalSeconds)
		k = append(k, hi-cdf((float64(j)-0.5)*intervalSeconds))
		if hi > 1-1e-12 {
			break
		}
	}
	return k
}

// routeShare is the share of a route's calls planned on site si.
func routeShare(r *Route, si int) float64 {
	for i, s := range r.Sites {
		if s != si {
			continue
		}
		if r.Kind == RouteShare || r.Kind == RoutePooled && r.Shares != nil {
			return r.Shares[i]
		}
		if i == 0 {
			return 1
		}
	}
	return 0
}

// meanRate returns the profile's time-averaged rate, per hour, over
// [t0, t1) in seconds of the week.
func (p RateProfile) meanRate(t0, t1 float64) float64 {
	if len(p.PerHour) == 1 {
		return p.PerHour[0]
	}
	var sum float64
	for t := t0; t < t1; {
		k := int(math.Mod(t, SecondsPerWeek) / p.IntervalSeconds)
		k = min(k, len(p.PerHour)-1)
		end := min(t1, math.Floor(t/p.IntervalSeconds+1)*p.IntervalSeconds)
		sum += p.PerHour[k] * (end - t)
		t = end
	}
	return sum / (t1 - t0)
}

// PlanStaffing returns the Erlang-based staffing plan of site si, per
// interval of the week: the fewest agents that answer the site's expected
// load with its workforce's ServiceLevelTarget within
// Run.ServiceLevelSeconds and, with abandonment, no more than its
// MaxAbandonRate hanging up (Erlang A with the mean patience; Erlang C
// without patience or with PlanErlangC). The site must have a Workforce.
func PlanStaffing(sc *Scenario, si int, intervalSeconds float64) (AgentSchedule, error) {
	return PlanStaffingCached(sc, si, intervalSeconds, nil)
}

// PlanStaffingCached is PlanStaffing with the load forecasts taken from
// cache (nil: computed).
func PlanStaffingCached(sc *Scenario, si int, intervalSeconds float64, cache *ProfileCache) (AgentSchedule, error) {
	w := sc.Sites[si].Workforce
	if w == nil {
		return AgentSchedule{}, fmt.Errorf("site %q: a staffing plan needs a workforce", sc.Sites[si].Name)
	}
	calls, aht := SiteLoadCached(sc, si, intervalSeconds, cache)
	plan := AgentSchedule{IntervalSeconds: intervalSeconds, Agents: make([]int, len(calls))}
	patience := 0.0
	if sc.Demand.Patience.Kind != None && w.PlanQueue == PlanErlangA {
		patience = sc.Demand.Patience.MeanSeconds
	}
	targets := StaffingTargets{ServiceLevelSeconds: sc.Run.ServiceLevelSeconds, ServiceLevel: min(w.ServiceLevelTarget, 0.999)}
	if patience > 0 {
		targets.MaxAbandonRate = w.MaxAbandonRate
	}
	type key struct{ calls, aht float64 }
	memo := map[key]int{}
	// Intervals in order of offered load, each search starting from the
	// last answer: a few evaluations per interval, however large the load.
	order := make([]int, 0, len(calls))
	for k := range calls {
		if calls[k] > 0 {
			order = append(order, k)
		}
	}
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(calls[i]*aht[i], calls[j]*aht[j]) })
	last := 0
	for _, k := range order {
		if n, ok := memo[key{calls[k], aht[k]}]; ok {
			plan.Agents[k] = n
			continue
		}
		q := Queue{ArrivalsPerHour: calls[k], AHTSeconds: aht[k], PatienceSeconds: patience}
		if last == 0 {
			// The square-root staffing rule a + √a: near the answer, and
			// far enough above the load that the Erlang A sums stay short
			// however patient the callers.
			a := q.OfferedLoadErlangs()
			last = int(math.Ceil(a + math.Sqrt(a)))
		}
		n, _, err := StaffNear(q, targets, 0, last)
		if err != nil {
			return AgentSchedule{}, fmt.Errorf("site %q: staffing interval %d: %w", sc.Sites[si].Name, k, err)
		}
		memo[key{calls[k], aht[k]}] = n
		plan.Agents[k] = n
		last = n
	}
	if plan.Max() == 0 {
		return AgentSchedule{}, fmt.Errorf("site %q: no load is planned on the site (overflow alone does not count), so the plan staffs nobody: give its agents", sc.Sites[si].Name)
	}
	return plan, nil
}
