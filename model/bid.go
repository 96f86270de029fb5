package model

import "math"

// SiteEstimate is a provider's forecast of one month at one site, the
// basis of its bid. Flows are per month; money in EUR.
type SiteEstimate struct {
	// Headcount is the number of employed agents the staffing plan needs.
	Headcount float64
	// ProductiveHours are on-duty agent hours a month (what per-hour
	// billing bills); Contacts and Resolved are answered and resolved
	// contacts a month (abandoned calls left out).
	ProductiveHours, Contacts, Resolved float64
	// TurnoverAnnual is the expected turnover on the scale of the
	// turnover_annual output, leavers per year ÷ headcount: 365 ÷ the
	// expected tenure in days.
	TurnoverAnnual float64
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
// per EUR; load forecasts come from cache (nil: computed). Agents are paid
// at one year of tenure; positions are refilled at the steady-state rate of
// ExpectedTenureDays at the plan's occupancy (early-tenure quits
// included) and against the going wage of a full labour pool, each new
// hire costing recruitment and classroom training.
func EstimateSite(sc *Scenario, si int, day, fx float64, cache *ProfileCache) SiteEstimate {
	site := &sc.Sites[si]
	w := site.Workforce
	const weeksPerMonth = DaysPerMonth / 7
	var est SiteEstimate
	planned := site.Staffing.HoursPerWeek()
	est.Headcount = planned / (w.ContractHoursPerWeek * (1 - w.Shrinkage))
	est.ProductiveHours = planned * weeksPerMonth

	contacts, workHours := answeredLoad(sc, si, cache)
	est.Contacts = contacts * weeksPerMonth
	est.Resolved = est.Contacts * planFCR(sc, w)

	minimum := w.Wages.MinimumAt(day)
	wage, _ := w.Wages.Policy.Wage(minimum, DaysPerYear, day)
	occupancy := 0.0
	if planned > 0 {
		occupancy = min(workHours/planned, 1)
	}
	going := minimum * sc.PoolOf(w).GoingWage(1)
	tenure := ExpectedTenureDays(&w.Attrition, wage/going, w.Monitoring, occupancy)
	est.TurnoverAnnual = DaysPerYear / tenure
	hiresPerMonth := est.Headcount * DaysPerMonth / tenure

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

// answeredLoad returns the contacts a week that site si's staffing
// answers and the agent-hours a week they take: per 30-minute interval,
// the forecast load (SiteLoad) through the Erlang A (or C) queue of the
// agents staffed then, less the callers who abandon.
func answeredLoad(sc *Scenario, si int, cache *ProfileCache) (contacts, workHours float64) {
	const interval = 1800
	calls, aht := SiteLoadCached(sc, si, interval, cache)
	staffing := sc.Sites[si].Staffing
	patience := 0.0
	if sc.Demand.Patience.Kind != None {
		patience = sc.Demand.Patience.MeanSeconds
	}
	for k := range calls {
		n := staffing.Agents[0]
		if len(staffing.Agents) > 1 {
			n = staffing.Agents[int(float64(k)*interval/staffing.IntervalSeconds)%len(staffing.Agents)]
		}
		if calls[k] == 0 || n == 0 {
			continue
		}
		m, err := Queue{ArrivalsPerHour: calls[k], AHTSeconds: aht[k], PatienceSeconds: patience, Agents: n}.Measures(0)
		if err != nil {
			continue
		}
		hours := float64(interval) / SecondsPerHour
		contacts += calls[k] * hours * (1 - m.PAbandon)
		workHours += m.Occupancy * float64(n) * hours
	}
	return contacts, workHours
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

// BidMonthlyEUR turns a bidder's monthly cost into a cost-plus bid, the
// client's expected monthly bill: (cost + transition) × noise ÷
// (1 − margin). The transition is what a challenger spends to staff up
// (hires × hire cost), spread over the contract's months.
func BidMonthlyEUR(costEUR, transitionEUR float64, contractMonths int, margin, noise float64) float64 {
	return BidCostEUR(costEUR, transitionEUR, contractMonths, noise) / (1 - margin)
}

// BidCostEUR is a bidder's estimate of its monthly cost of a contract:
// (cost + transition ÷ contract months) × noise, its error of estimate.
func BidCostEUR(costEUR, transitionEUR float64, contractMonths int, noise float64) float64 {
	return (costEUR + transitionEUR/float64(contractMonths)) * noise
}
