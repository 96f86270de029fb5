package model

import "math"

// SiteEstimate is a provider's forecast of one month at one site, the
// basis of its bid. Flows are per month; money in EUR.
type SiteEstimate struct {
	// Headcount is the number of employed agents the staffing plan needs.
	Headcount float64
	// ProductiveHours are on-duty agent hours a month (what per-hour
	// billing bills); Contacts and Resolved are handled and resolved
	// contacts a month.
	ProductiveHours, Contacts, Resolved float64
	// AnnualAttrition is the expected share of agents leaving in a year.
	AnnualAttrition float64
	// CostEUR is the provider's cost of a month: wages, on-costs, night
	// premiums, training wages and recruitment of replacements, seats,
	// management and telecom.
	CostEUR float64
	// HireCostEUR is the cost of one new hire: recruitment plus the wages
	// of classroom training. A challenger must staff the site from scratch.
	HireCostEUR float64
}

// Units returns the month's billed units under the billing model: hours,
// contacts, resolved contacts (0 in-house).
func (e *SiteEstimate) Units(b BillingModel) float64 {
	switch b {
	case BillPerHour:
		return e.ProductiveHours
	case BillPerContact:
		return e.Contacts
	case BillPerResolved:
		return e.Resolved
	}
	return 0
}

// HoursPerWeek returns the agent-hours the schedule staffs in a week.
func (s AgentSchedule) HoursPerWeek() float64 {
	if len(s.Agents) == 1 {
		return float64(s.Agents[0]) * SecondsPerWeek / SecondsPerHour
	}
	var h float64
	for _, a := range s.Agents {
		h += float64(a) * s.IntervalSeconds / SecondsPerHour
	}
	return h
}

// EstimateSite forecasts a month of site si on the given day from the
// site's Staffing plan, Workforce and Costs and the scenario's Routing as
// they stand (a bidder sets them to what it bids with), at fx local units
// per EUR; load forecasts come from cache (nil: computed). Agents are costed at one year of tenure and at the plan's
// occupancy; quits of early tenure are left out, so it errs low on
// turnover at sites where many leave within weeks.
func EstimateSite(sc *Scenario, si int, day, fx float64, cache *ProfileCache) SiteEstimate {
	site := &sc.Sites[si]
	w := site.Workforce
	const weeksPerMonth = DaysPerMonth / 7
	var est SiteEstimate
	planned := site.Staffing.HoursPerWeek()
	est.Headcount = planned / (w.ContractHoursPerWeek * (1 - w.Shrinkage))
	est.ProductiveHours = planned * weeksPerMonth

	calls, aht := SiteLoadCached(sc, si, 1800, cache)
	var contacts, workHours float64
	for k := range calls {
		contacts += calls[k] * 0.5
		workHours += calls[k] * 0.5 * aht[k] / SecondsPerHour
	}
	est.Contacts = contacts * weeksPerMonth
	est.Resolved = est.Contacts * planFCR(sc, w)

	minimum := w.Wages.MinimumPerHour.At(day)
	wage, _ := w.Wages.Policy.Wage(minimum, DaysPerYear, day)
	occupancy := 0.0
	if planned > 0 {
		occupancy = min(workHours/planned, 1)
	}
	a := &w.Attrition
	h := QuitHazardPerDay(a, wage/minimum, w.Monitoring, occupancy, math.Inf(1)) +
		AnnualToDailyHazard(a.DismissalAnnual)
	est.AnnualAttrition = -math.Expm1(-DaysPerYear * h)
	hiresPerMonth := est.Headcount * est.AnnualAttrition / 12

	hoursPerDay := w.ContractHoursPerWeek / 7
	trainingLocal := wage * hoursPerDay * w.TrainingDays
	wagesLocal := est.Headcount * w.ContractHoursPerWeek * weeksPerMonth * wage
	nightLocal := est.ProductiveHours * nightShare(site) * wage * w.Wages.NightPremium
	local := (wagesLocal + nightLocal + hiresPerMonth*trainingLocal) * (1 + w.Wages.OnCostRate)
	c := &site.Costs
	est.HireCostEUR = c.RecruitmentPerHireEUR + trainingLocal*(1+w.Wages.OnCostRate)/fx
	est.CostEUR = local/fx +
		hiresPerMonth*c.RecruitmentPerHireEUR +
		est.Headcount*(c.SeatPerAgentMonthEUR+c.ManagementPerAgentMonthEUR) +
		workHours*weeksPerMonth*60*c.TelecomPerMinuteEUR
	return est
}

// planFCR is the share of a site's contacts its planned agents resolve,
// over the live contact mix.
func planFCR(sc *Scenario, w *Workforce) float64 {
	var live, res float64
	for _, ct := range sc.Demand.ContactTypes {
		s := ct.Share * (1 - ct.Deflection)
		live += s
		res += s * ResolveProbability(&sc.Performance, ct.FCR, PlanningSkill(w), w.Monitoring, w.LanguageFit, false)
	}
	return ratio(res, live)
}

// nightShare is the share of the site's planned hours in its local night.
func nightShare(site *Site) float64 {
	s := site.Staffing
	w := &site.Workforce.Wages
	if w.NightPremium == 0 || len(s.Agents) == 1 {
		return 0
	}
	var night, all float64
	for k, a := range s.Agents {
		hour := math.Mod(float64(k)*s.IntervalSeconds/SecondsPerHour, 24)
		all += float64(a)
		if w.IsNight(hour) {
			night += float64(a)
		}
	}
	return ratio(night, all)
}

// BidMonthlyEUR turns a bidder's monthly cost into its bid, the client's
// expected monthly bill: (cost + transition) × noise ÷ (1 − margin). The
// transition is what a challenger spends to staff up (hires × hire
// cost), spread over the contract's months.
func BidMonthlyEUR(costEUR, transitionEUR float64, contractMonths int, margin, noise float64) float64 {
	return (costEUR + transitionEUR/float64(contractMonths)) * noise / (1 - margin)
}
