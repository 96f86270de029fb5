package model

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
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

// PlanSites makes the Erlang-based staffing plan (PlanStaffing at
// PlanIntervalSeconds) of each of the given sites, of at most maxAgents in
// an interval: a load past that is refused before the search, whose time
// grows with the load. Under a tender, a bidder's site is planned as if
// its bidder held the contract (a site without a share as if it took the
// bidder's whole load) and marked Planned, as the engine re-plans it when
// the contract moves; the other sites (the second line) for what every
// first line escalates to them. It returns the problem of each site that
// has one.
func PlanSites(sc *Scenario, sites []int, maxAgents int) map[int]error {
	errs := map[int]error{}
	plan := func(sub []int) {
		for _, si := range sub {
			if err := planSite(sc, si, maxAgents); err != nil {
				errs[si] = err
			}
		}
	}
	t := sc.Tender
	if t == nil {
		plan(sites)
		return errs
	}
	incumbent, nt := sc.Routing, len(sc.Demand.ContactTypes)
	for b := range t.Bidders {
		bd := &t.Bidders[b]
		byShares := func(shares []float64, only func(i int) bool) {
			sc.Routing = t.BidderRouting(incumbent, nt, b, shares)
			var sub []int
			for i, si := range bd.Sites {
				if slices.Contains(sites, si) && only(i) {
					sub = append(sub, si)
				}
			}
			plan(sub)
		}
		byShares(bd.Shares, func(i int) bool { return bd.Shares[i] > 0 })
		for i := range bd.Shares {
			if bd.Shares[i] == 0 {
				one := make([]float64, len(bd.Shares))
				one[i] = 1
				byShares(one, func(k int) bool { return k == i })
			}
		}
	}
	sc.Routing = incumbent
	var rest []int
	for _, si := range sites {
		if t.BidderOf(si) >= 0 {
			sc.Sites[si].Planned = true
		} else {
			rest = append(rest, si)
		}
	}
	plan(rest)
	return errs
}

// planSite sets the plan of site si (see PlanSites).
func planSite(sc *Scenario, si, maxAgents int) error {
	if !(LoadBound(sc, si) < float64(maxAgents)) {
		if peak := PeakLoad(sc, si); !(peak < float64(maxAgents)) {
			return fmt.Errorf("the load routed to the site peaks at %.4g Erlangs, more than the %d agents a site may staff", peak, maxAgents)
		}
	}
	plan, err := PlanStaffing(sc, si, PlanIntervalSeconds)
	switch {
	case err != nil:
		return errors.New(strings.TrimPrefix(err.Error(), fmt.Sprintf("site %q: ", sc.Sites[si].Name)))
	case plan.Max() > maxAgents:
		return fmt.Errorf("needs %d agents in an interval, at most %d", plan.Max(), maxAgents)
	}
	sc.Sites[si].Staffing = plan
	return nil
}
