package model

import (
	"fmt"
	"math"
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
// plans for the contacts escalated to it. Repeat contacts are forecast too:
// an issue needs 1/(1 − r·(1 − f)) contacts on average, with r the repeat
// probability and f the chance a contact resolves at the planning skill.
func SiteLoad(sc *Scenario, si int, intervalSeconds float64) (callsPerHour, ahtSeconds []float64) {
	n := int(SecondsPerWeek / intervalSeconds)
	callsPerHour = make([]float64, n)
	ahtSeconds = make([]float64, n)
	htFactor := 1.0
	w := sc.Sites[si].Workforce
	if w != nil {
		htFactor = HandleTimeFactor(&sc.Performance, PlanningSkill(w), w.Monitoring, w.LanguageFit, false)
	}
	contactsPerIssue := make([]float64, len(sc.Demand.ContactTypes))
	for t, ct := range sc.Demand.ContactTypes {
		f := ct.FCR
		if w != nil {
			f = ResolveProbability(&sc.Performance, ct.FCR, PlanningSkill(w), w.Monitoring, w.LanguageFit, false)
		}
		contactsPerIssue[t] = 1 / (1 - sc.Demand.Customers.RepeatProbability*(1-f)*(1-1e-9))
	}
	for k := range n {
		rate := sc.Demand.Arrivals.meanRate(float64(k)*intervalSeconds, float64(k+1)*intervalSeconds)
		var calls, work float64
		for t, ct := range sc.Demand.ContactTypes {
			share := ct.Share * (1 - ct.Deflection) * routeShare(&sc.Routing.ByType[t], si)
			if ct.Escalation > 0 && si == sc.Routing.EscalationSite {
				share += ct.Share * (1 - ct.Deflection) * ct.Escalation
			}
			share *= contactsPerIssue[t]
			calls += rate * share
			work += rate * share * sc.Sites[si].HandleTime[t].MeanSeconds * htFactor
		}
		callsPerHour[k] = calls
		if calls > 0 {
			ahtSeconds[k] = work / calls
		}
	}
	return callsPerHour, ahtSeconds
}

// routeShare is the share of a route's calls planned on site si.
func routeShare(r *Route, si int) float64 {
	for i, s := range r.Sites {
		if s != si {
			continue
		}
		if r.Kind == RouteShare {
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
// Run.ServiceLevelSeconds (Erlang A with the mean patience, Erlang C
// without patience). The site must have a Workforce.
func PlanStaffing(sc *Scenario, si int, intervalSeconds float64) (AgentSchedule, error) {
	w := sc.Sites[si].Workforce
	if w == nil {
		return AgentSchedule{}, fmt.Errorf("site %q: a staffing plan needs a workforce", sc.Sites[si].Name)
	}
	calls, aht := SiteLoad(sc, si, intervalSeconds)
	plan := AgentSchedule{IntervalSeconds: intervalSeconds, Agents: make([]int, len(calls))}
	patience := 0.0
	if sc.Demand.Patience.Kind != None {
		patience = sc.Demand.Patience.MeanSeconds
	}
	type key struct{ calls, aht float64 }
	memo := map[key]int{}
	for k := range calls {
		if calls[k] == 0 {
			continue
		}
		if n, ok := memo[key{calls[k], aht[k]}]; ok {
			plan.Agents[k] = n
			continue
		}
		q := Queue{ArrivalsPerHour: calls[k], AHTSeconds: aht[k], PatienceSeconds: patience}
		n, _, err := StaffFor(q, sc.Run.ServiceLevelSeconds, min(w.ServiceLevelTarget, 0.999), 0)
		if err != nil {
			return AgentSchedule{}, fmt.Errorf("site %q: staffing interval %d: %w", sc.Sites[si].Name, k, err)
		}
		memo[key{calls[k], aht[k]}] = n
		plan.Agents[k] = n
	}
	if plan.Max() == 0 {
		return AgentSchedule{}, fmt.Errorf("site %q: no load is planned on the site (overflow alone does not count), so the plan staffs nobody: give its agents", sc.Sites[si].Name)
	}
	return plan, nil
}
