package sim

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"offsim/model"
)

// occupancyDays is the window of "sustained occupancy" that drives quits.
const occupancyDays = 28

// workforceState is the people side of a site with a model.Workforce.
type workforceState struct {
	// own is this replication's copy of the site's workforce, as the
	// scenario's Policy lets it run and as a provider's levers change it;
	// p and wages point into it.
	own   model.Workforce
	p     *model.Workforce
	wages *model.Wages
	costs *model.Costs

	dormant bool // a tender bidder's site without the contract and not preparing for one

	target       int     // headcount requisitions try to hold
	planScale    float64 // share of the staffing plan the available agents can cover
	quittingBusy int     // agents who quit and finish their current call first

	training, nesting, productive int

	pool    int           // index of the site's labour pool in Engine.labour
	need    int           // requisitions open today (set by hireDay)
	attract float64       // the site's attractiveness to candidates today
	pending []pendingHire // accepted offers, not started yet

	minimum  float64 // minimum wage in force, local per hour
	fx       float64 // local currency per EUR
	meanWage float64 // mean hourly wage of employed agents, local

	dayBusy, dayOnDuty, dayNightOnDuty float64 // agent-seconds today
	night                              bool    // the current interval is in the site's night
	occBusy, occOnDuty                 [occupancyDays]float64
	occIdx                             int
}

type pendingHire struct {
	startDay, skill0, leadDays float64
	costEUR                    float64 // recruitment cost of the hire
}

func newWorkforceState(sc *model.Scenario, si int) *workforceState {
	s := &sc.Sites[si]
	wf := &workforceState{costs: &s.Costs}
	wf.p, wf.wages = &wf.own, &wf.own.Wages
	return wf
}

// headcountTarget returns the employed agents a site needs: the given
// target, or the plan's weekly agent-hours over one agent's available hours.
func headcountTarget(w *model.Workforce, plannedHoursPerWeek float64) int {
	if w.HeadcountTarget > 0 {
		return w.HeadcountTarget
	}
	return int(math.Ceil(plannedHoursPerWeek / (w.ContractHoursPerWeek * (1 - w.Shrinkage))))
}

// startWorkforce employs the initial agents of site si at time 0.
func (e *Engine) startWorkforce(si int) {
	st := &e.sites[si]
	wf := st.wf
	p := wf.p
	wf.target = headcountTarget(p, st.planned)
	if wf.dormant {
		wf.target = 0
	}
	wf.quittingBusy = 0
	wf.training, wf.nesting, wf.productive = 0, 0, 0
	wf.pending = wf.pending[:0]
	wf.need, wf.attract = 0, 1
	wf.fx = wf.wages.FX.Start()
	wf.dayBusy, wf.dayOnDuty, wf.dayNightOnDuty = 0, 0, 0
	wf.occBusy, wf.occOnDuty, wf.occIdx = [occupancyDays]float64{}, [occupancyDays]float64{}, 0
	n := p.InitialHeadcount
	if n == 0 || wf.dormant {
		n = wf.target
	}
	for range n {
		tenure := 0.0
		if p.InitialTenureMeanDays > 0 {
			tenure = e.rngWorkforce.ExpFloat64() * p.InitialTenureMeanDays
		}
		a := st.ag.add(stateAt(p, tenure), -tenure, e.drawSkill(p, 1))
		wf.count(st.ag.state[a], +1)
		if st.ag.state[a] != agentTraining {
			st.avail.push(a)
		}
	}
	wf.planScale = 1
}

// stateAt returns the state of an agent with the given tenure in days.
func stateAt(p *model.Workforce, tenure float64) uint8 {
	switch {
	case tenure < p.TrainingDays:
		return agentTraining
	case tenure < p.TrainingDays+p.NestingDays:
		return agentNesting
	}
	return agentProductive
}

func (wf *workforceState) count(state uint8, d int) {
	switch state {
	case agentTraining:
		wf.training += d
	case agentNesting:
		wf.nesting += d
	case agentProductive:
		wf.productive += d
	}
}

func (wf *workforceState) employed() int { return wf.training + wf.nesting + wf.productive }

// drawSkill draws a new hire's skill from the site's beta distribution,
// scaled by the pool's depletion factor.
func (e *Engine) drawSkill(p *model.Workforce, factor float64) float64 {
	return factor * distuv.Beta{Alpha: p.SkillAtHire.Alpha, Beta: p.SkillAtHire.Beta, Src: e.rngWorkforce}.Rand()
}

// gammaMeanOne draws a gamma variate with mean 1 and the given CV.
func gammaMeanOne(r *rand.Rand, cv float64) float64 {
	k := 1 / (cv * cv)
	return distuv.Gamma{Alpha: k, Beta: k, Src: r}.Rand()
}

// onDay runs at every midnight (client time): it closes the day that ended,
// settles SLA periods that ended, then runs the labour pools and each
// site's workforce for the new day, the hiring, and re-applies staffing.
func (e *Engine) onDay() {
	d := int(math.Round(e.now / model.SecondsPerDay))
	if d > 0 {
		for i := range e.sites {
			if e.sites[i].wf != nil {
				e.closeDay(i)
			}
		}
	}
	e.day = d
	e.month = e.monthOf(e.now)
	e.dayLo, e.dayHi = float64(d)*model.SecondsPerDay, float64(d+1)*model.SecondsPerDay
	e.monthLo = float64(e.month) * e.monthSeconds
	e.monthHi = e.monthLo + e.monthSeconds
	// Where rounding at an edge would disagree with monthOf or dayOf, the
	// cache is off (always divide).
	if e.monthOf(e.monthLo) != e.month || e.monthOf(math.Nextafter(e.monthHi, 0)) != e.month {
		e.monthLo, e.monthHi = 0, 0
	}
	if e.dayOf(e.dayLo) != d || e.dayOf(math.Nextafter(e.dayHi, 0)) != d {
		e.dayLo, e.dayHi = 0, 0
	}
	e.curMonth, e.curDay = e.months[e.month], e.days[min(d, len(e.days)-1)]
	if d > 0 && e.dayMonth(d) != e.dayMonth(d-1) {
		e.settleSLAs(e.dayMonth(d))
	}
	if e.tender != nil {
		e.tenderDay()
	}
	e.labourDay()
	for i := range e.sites {
		st := &e.sites[i]
		e.updatePrice(i) // not once per contact
		if st.wf != nil {
			e.workforceDay(i)
		}
	}
	e.hireDay()
	for i := range e.sites {
		if d == 0 || e.sites[i].wf != nil {
			e.setStaffing(i, e.now, d == 0)
		}
	}
	if next := float64(d+1) * model.SecondsPerDay; next <= e.horizon {
		e.cal.later(event{t: next, kind: evDay})
	}
}

// dayMonth returns the month index of day d.
func (e *Engine) dayMonth(d int) int { return e.monthOf(float64(d) * model.SecondsPerDay) }

// rowsAt returns where site si counts what happens at time t: its window
// totals and t's month, or, before the warm-up ends, scratch rows that
// nobody reads (inWindow is the rule).
func (e *Engine) rowsAt(si int, t float64) (*model.Stats, *model.Month) {
	if !e.inWindow(t) {
		return &e.scratch.stats, &e.scratch.month
	}
	return &e.sites[si].stats, &e.monthRows(t)[si]
}

// dayRows is rowsAt for the current day's flows, counted at its start.
func (e *Engine) dayRows(si int) (*model.Stats, *model.Month) {
	return e.rowsAt(si, float64(e.day)*model.SecondsPerDay)
}

// accrue books eur of category cat for site si on the current day.
func (e *Engine) accrue(si int, cat model.CostCategory, eur float64) {
	s, mo := e.dayRows(si)
	s.Ledger[cat] += eur
	mo.Ledger[cat] += eur
}

// bill books eur of revenue billed by an outsourced site on the current day.
func (e *Engine) bill(si int, eur float64) {
	s, mo := e.dayRows(si)
	earn(s, mo, eur)
}

// earn books eur of revenue into a pair of rows (see rowsAt).
func earn(s *model.Stats, mo *model.Month, eur float64) {
	s.Workforce.RevenueEUR += eur
	mo.RevenueEUR += eur
}

// closeDay books what accrues over the day that just ended at site si:
// productive hours (and per-hour billing), night premiums, occupancy.
func (e *Engine) closeDay(si int) {
	st := &e.sites[si]
	wf := st.wf
	e.advance(st, e.now)
	s, mo := e.dayRows(si)
	s.Workforce.ProductiveAgentSeconds += wf.dayOnDuty
	mo.ProductiveAgentSeconds += wf.dayOnDuty
	if st.billing == model.BillPerHour {
		e.bill(si, st.priceEUR*wf.dayOnDuty/model.SecondsPerHour)
	}
	if prem := wf.wages.NightPremium; prem > 0 && wf.dayNightOnDuty > 0 {
		eur := wf.dayNightOnDuty / model.SecondsPerHour * wf.meanWage * prem / wf.fx
		e.accrue(si, model.CostShiftPremiums, eur)
		e.accrue(si, model.CostOnCosts, eur*wf.wages.OnCostRate)
	}
	wf.occBusy[wf.occIdx], wf.occOnDuty[wf.occIdx] = wf.dayBusy, wf.dayOnDuty
	wf.occIdx = (wf.occIdx + 1) % occupancyDays
	wf.dayBusy, wf.dayOnDuty, wf.dayNightOnDuty = 0, 0, 0
}

// occupancy returns the site's occupancy over the last occupancyDays days.
func (wf *workforceState) occupancy() float64 {
	var b, o float64
	for i := range occupancyDays {
		b += wf.occBusy[i]
		o += wf.occOnDuty[i]
	}
	if o == 0 {
		return 0
	}
	return b / o
}

// workforceDay runs one day of site si's people: pay, engagement,
// learning, quits and dismissals, hires that start, cover and the day's
// costs. Requisitions follow for all sites at once (hireDay).
func (e *Engine) workforceDay(si int) {
	st := &e.sites[si]
	wf := st.wf
	p := wf.p
	day := float64(e.day)
	s, mo := e.dayRows(si)
	ws := &s.Workforce
	ls := &e.labour[wf.pool]
	g := &e.sc.Engagement

	wf.minimum = wf.wages.MinimumAt(day)
	e.updateFX(wf, day)
	going := ls.going * wf.minimum // the going wage, local per hour
	goingEUR := going / wf.fx

	// Hires whose lead time is over start training.
	keep := wf.pending[:0]
	for _, h := range wf.pending {
		if h.startDay > day {
			keep = append(keep, h)
			continue
		}
		st.ag.add(agentTraining, day, h.skill0)
		wf.training++
		// A hire's recruiting is booked when it starts, so the ledger's
		// recruitment line is the sum of the hires' costs per hire.
		e.accrue(si, model.CostRecruitment, h.costEUR)
		mo.Hires++
		ws.Hires++
		ws.LeadTimeDaysSum += h.leadDays
		mo.LeadTimeDaysSum += h.leadDays
	}
	wf.pending = keep

	occ := wf.occupancy()
	dismiss := model.TurnoverToDailyHazard(p.Attrition.DismissalAnnual)
	hoursPerDay := p.ContractHoursPerWeek / 7
	var wagesLocal, trainingLocal, wageSum, toGoingSum float64
	paid := 0 // agents paid today, leavers of the day included
	for a := range st.ag.state {
		state := st.ag.state[a]
		if state == agentGone {
			continue
		}
		tenure := day - st.ag.hireDay[a]
		if now := stateAt(p, tenure); now != state {
			wf.count(state, -1)
			wf.count(now, +1)
			st.ag.state[a] = now
			if state == agentTraining {
				st.avail.push(int32(a)) // ready to answer
			}
			state = now
		}
		wage, lifted := p.Wages.Policy.Wage(wf.minimum, tenure, day)
		st.ag.wage[a] = wage
		ratio := wage / wf.minimum
		toGoing := wage / going
		atMin := ratio <= 1.005
		st.ag.atMin[a] = atMin
		wageSum += wage
		toGoingSum += toGoing
		paid++
		mo.EmployedAgentDays++
		mo.WageToMinimumAgentDays += ratio
		mo.WageToGoingAgentDays += toGoing
		mo.GoingWageEURAgentDays += goingEUR
		ws.EmployedAgentDays++
		ws.WageToMinimumAgentDays += ratio
		ws.WageToGoingAgentDays += toGoing
		ws.GoingWageEURAgentDays += goingEUR
		if atMin {
			mo.AtMinimumAgentDays++
			ws.AtMinimumAgentDays++
		}
		if lifted {
			ws.LiftedToMinimum++
		}
		if state == agentTraining {
			trainingLocal += wage * hoursPerDay
		} else {
			wagesLocal += wage * hoursPerDay
		}

		eng := g.Base
		if e.engaged {
			target := model.EngagementTarget(g, toGoing, p.Monitoring, p.TrainingDays, tenure)
			if eng = st.ag.eng[a]; eng < 0 { // a new hire starts at its target
				eng = target
			} else {
				eng = model.EngagementStep(g, eng, target)
			}
			st.ag.eng[a] = eng
			mo.EngagementAgentDays += eng
			ws.EngagementAgentDays += eng
		}

		quit := model.QuitHazardPerDay(&p.Attrition, toGoing, p.Monitoring, occ, tenure)
		if e.engaged {
			quit *= model.EngagementQuitFactor(g, eng)
		}
		if u := e.rngWorkforce.Float64(); u < -math.Expm1(-(quit + dismiss)) {
			dismissed := e.rngWorkforce.Float64()*(quit+dismiss) < dismiss
			e.leave(si, int32(a), dismissed)
			continue
		}
		skill := model.Skill(st.ag.skill0[a], p.SkillCeiling, tenure, p.LearningDays)
		nesting := state == agentNesting
		st.ag.htf[a] = model.HandleTimeFactor(&e.sc.Performance, skill, p.Monitoring, p.LanguageFit, nesting)
		st.ag.resf[a] = model.ResolveProbability(&e.sc.Performance, 1, skill, p.Monitoring, p.LanguageFit, nesting)
		if e.engaged {
			st.ag.htf[a] *= model.EngagementHandleTimeFactor(g, eng)
			st.ag.resf[a] *= model.EngagementResolutionFactor(g, eng)
		}
	}
	newHireWage, _ := p.Wages.Policy.Wage(wf.minimum, 0, day)
	wf.meanWage, wf.attract = newHireWage, ls.spec.Attractiveness(newHireWage/going, p.Monitoring)
	if paid > 0 { // the day's leavers were paid today too
		wf.meanWage = wageSum / float64(paid)
		wf.attract = ls.spec.Attractiveness(toGoingSum/float64(paid), p.Monitoring)
	}

	// Pay and running costs of the day.
	fx := wf.fx
	e.accrue(si, model.CostWages, wagesLocal/fx)
	e.accrue(si, model.CostTrainingWages, trainingLocal/fx)
	e.accrue(si, model.CostOnCosts, (wagesLocal+trainingLocal)/fx*p.Wages.OnCostRate)
	emp := float64(paid) // seats and management for every agent paid today
	e.accrue(si, model.CostSeats, emp*wf.costs.SeatPerAgentMonthEUR/model.DaysPerMonth)
	e.accrue(si, model.CostManagement, emp*wf.costs.ManagementPerAgentMonthEUR/model.DaysPerMonth)
	if !wf.dormant { // nobody steers a site that has no contract
		e.accrue(si, model.CostGovernance, wf.costs.GovernancePerMonthEUR/model.DaysPerMonth)
	}
	if vacant := wf.target - wf.employed(); vacant > 0 {
		ws.VacantAgentDays += float64(vacant)
		mo.VacantAgentDays += float64(vacant)
	}
	e.cover(si)
	mo.Training, mo.Nesting, mo.Productive = int64(wf.training), int64(wf.nesting), int64(wf.productive)
	mo.PoolCandidates = ls.left()
}

// cover sets the share of the staffing plan site si can work today: its
// available agents' hours, plus the overtime or agency hours of its Cover
// when it is short, which it pays at the cover's cost per hour.
func (e *Engine) cover(si int) {
	st := &e.sites[si]
	wf := st.wf
	p := wf.p
	if st.planned <= 0 {
		return
	}
	avail := float64(wf.nesting+wf.productive) * p.ContractHoursPerWeek * (1 - p.Shrinkage)
	cover := 0.0
	if !wf.dormant {
		cover = p.Cover.Hours(st.planned, avail)
	}
	wf.planScale = min(1, (avail+cover)/st.planned)
	if cover <= 0 {
		return
	}
	hours := cover / 7 // a day's share of the weekly hours
	e.accrue(si, model.CostCover, hours*p.Cover.CostPerHour(wf.meanWage, p.Wages.OnCostRate)/wf.fx)
	s, mo := e.dayRows(si)
	s.Workforce.CoverHours += hours
	mo.CoverHours += hours
}

// updateFX sets the day's exchange rate: the dated path, or a monthly step
// of the random walk on the first day of each month.
func (e *Engine) updateFX(wf *workforceState, day float64) {
	fx := &wf.wages.FX
	if !fx.Random() {
		wf.fx = fx.At(day)
		return
	}
	d := int(day)
	if d == 0 || e.dayMonth(d) == e.dayMonth(d-1) {
		return
	}
	const dt = 1.0 / 12
	jump := e.rngWorkforce.Float64() < -math.Expm1(-fx.JumpProbabilityPerYear*dt)
	wf.fx = model.FXStep(fx, wf.fx, dt, e.rngWorkforce.NormFloat64(), jump)
}

// leave takes agent a out of site si: at once if not on a call, else when
// the call ends. A share of leavers return to the labour pool later.
func (e *Engine) leave(si int, a int32, dismissed bool) {
	wf := e.sites[si].wf
	s, mo := e.dayRows(si)
	if dismissed {
		s.Workforce.Dismissals++
	} else {
		s.Workforce.Quits++
	}
	mo.Leavers++
	ls := &e.labour[wf.pool]
	if rs := ls.spec.ReturnShare; rs > 0 && !ls.unlimited() && e.rngWorkforce.Float64() < rs {
		ls.returnLater(float64(e.day)+ls.spec.ReturnDelayDays, 1)
	}
	e.takeOut(si, a)
}

// takeOut removes agent a from site si's stocks: at once if not on a
// call, else when the call ends.
func (e *Engine) takeOut(si int, a int32) {
	st := &e.sites[si]
	wf := st.wf
	wf.count(st.ag.state[a], -1)
	switch {
	case st.ag.onCall[a]:
		st.ag.quit[a] = true
		wf.quittingBusy++
		return
	case st.free.remove(a):
		e.advance(st, e.now)
		st.onDuty--
	default:
		st.avail.remove(a)
	}
	st.ag.release(a)
}

// removeAgent releases an agent who quit and has just finished a call.
func (e *Engine) removeAgent(st *siteState, a int32) {
	st.wf.quittingBusy--
	st.ag.release(a)
}

// finishWorkforce settles the site's last SLA period and records its
// stocks at the horizon.
func (e *Engine) finishWorkforce(si int) {
	e.settleSLA(si, 0, len(e.months)) // the last, partial period
	st := &e.sites[si]
	wf := st.wf
	if wf == nil {
		return
	}
	ws := &st.stats.Workforce
	ws.TrainingEnd, ws.NestingEnd, ws.ProductiveEnd = int64(wf.training), int64(wf.nesting), int64(wf.productive)
	ws.TargetEnd = int64(wf.target)
	ws.PoolEnd = e.labour[wf.pool].left()
}

// settleMargin books an outsourced site's margin, billed revenue minus the
// provider's costs, per month and over the window, so that the ledger's
// categories add up to what the client pays: revenue plus governance.
func (e *Engine) settleMargin(si int) {
	if e.sites[si].billing == model.BillInHouse {
		return
	}
	for m := range e.months {
		mo := &e.months[m][si]
		mo.Ledger[model.CostProviderMargin] = mo.RevenueEUR - mo.Ledger.ProviderCost()
	}
	l := &e.sites[si].stats.Ledger
	l[model.CostProviderMargin] = e.sites[si].stats.Workforce.RevenueEUR - l.ProviderCost()
}
