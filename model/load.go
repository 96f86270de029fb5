package model

import (
	"math"
	"slices"
)

// PlanIntervalSeconds is the interval of an Erlang-based staffing plan
// (PlanStaffing) of a scenario file's "erlang" site: half an hour.
const PlanIntervalSeconds = 1800

// LoadBound returns an upper bound, in Erlangs, of the peak load that
// SiteLoad forecasts for site si at PlanIntervalSeconds, cheap to compute
// (no forecast): for each contact type, the peak rate of first attempts
// plus every repeat contact of a week at once (the repeats of a week
// number q/(1−q) times its first attempts, q the chance that a contact is
// repeated), at the whole route's share plus the escalated share, times
// the planned handle time. It is +Inf when every contact is repeated.
func LoadBound(sc *Scenario, si int) float64 {
	a := sc.Demand.Arrivals
	peak := slices.Max(a.PerHour)
	weekly := a.Mean() * SecondsPerWeek / PlanIntervalSeconds // sum over the plan's intervals
	w := sc.Sites[si].Workforce
	htFactor := 1.0
	if w != nil {
		htFactor = HandleTimeFactor(&sc.Performance, PlanningSkill(w), w.Monitoring, w.LanguageFit, false)
	}
	var erlangs float64
	for t, ct := range sc.Demand.ContactTypes {
		f := ct.FCR
		if w != nil {
			f = ResolveProbability(&sc.Performance, ct.FCR, PlanningSkill(w), w.Monitoring, w.LanguageFit, false)
		}
		q := sc.Demand.Customers.RepeatProbability * (1 - f)
		if q >= 1 {
			return math.Inf(1)
		}
		s := ct.Share * (1 - ct.Deflection)
		rate := peak*s + q/(1-q)*weekly*s
		erlangs += rate * (1 + ct.Escalation) * sc.Sites[si].HandleTime[t].MeanSeconds * htFactor / SecondsPerHour
	}
	return erlangs
}

// PeakLoad returns the peak, over the intervals of the week, of the load in
// Erlangs that SiteLoad forecasts for site si at PlanIntervalSeconds: the
// staffing a plan needs at the least. It costs as much as the forecast;
// LoadBound is a quick upper bound of it.
func PeakLoad(sc *Scenario, si int) float64 {
	calls, aht := SiteLoad(sc, si, PlanIntervalSeconds)
	peak := 0.0
	for k := range calls {
		peak = max(peak, calls[k]*aht[k]/SecondsPerHour)
	}
	return peak
}
