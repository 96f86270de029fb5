package sim

import (
	"fmt"
	"math"
	"slices"

	"offsim/model"
)

// planInterval is the interval of staffing plans made during a run, in
// seconds, as the scenarios package plans them.
const planInterval = 1800

// tenderState is a replication's contract cycle: who holds the contract,
// the award pending before a handover, each bidder's site shares and
// levers, and what each bidder delivered in its last contract.
type tenderState struct {
	t     *model.Tender
	owner []int // bidder of each site, −1 for the client's own

	holder           int     // bidder serving the contract now
	contractStartDay float64 // day the current contract started
	next             int     // winner of the pending award, −1 when none
	nextStartDay     float64 // day the pending contract starts
	nextBids         []float64

	shares [][]float64            // per bidder, site shares as levers moved them
	est    [][]model.SiteEstimate // per bidder and site, the estimates of its last bid
	// pending holds, per bidder, shares an offshore lever decided on: the
	// sites hire for them first, the calls move at the next review.
	pending   [][]float64
	exhausted [][]bool // per bidder and lever: nothing left to pull
	pulled    [][]int  // per bidder, the levers pulled one step each, in order (released from the end)

	delivered    []float64 // per bidder, quality in its last contract
	hasDelivered []bool

	awards  []model.Award
	holders []int // per month

	profiles model.ProfileCache // load forecasts, the same in every replication
}

func newTenderState(sc *model.Scenario) *tenderState {
	t := sc.Tender
	ts := &tenderState{t: t, owner: make([]int, len(sc.Sites))}
	for si := range ts.owner {
		ts.owner[si] = t.BidderOf(si)
	}
	ts.shares = make([][]float64, len(t.Bidders))
	ts.est = make([][]model.SiteEstimate, len(t.Bidders))
	ts.pending = make([][]float64, len(t.Bidders))
	ts.exhausted = make([][]bool, len(t.Bidders))
	ts.pulled = make([][]int, len(t.Bidders))
	for b := range t.Bidders {
		ts.shares[b] = make([]float64, len(t.Bidders[b].Shares))
		ts.est[b] = make([]model.SiteEstimate, len(t.Bidders[b].Sites))
		ts.exhausted[b] = make([]bool, len(t.Bidders[b].Levers))
	}
	ts.delivered = make([]float64, len(t.Bidders))
	ts.hasDelivered = make([]bool, len(t.Bidders))
	return ts
}

// resetTender starts a replication's contract cycle: the incumbent's sites
// are planned for the first contract, every other bidder's site is empty.
// It runs before the workforces start, so the initial staff match.
func (e *Engine) resetTender() {
	ts := e.tender
	t := ts.t
	for b := range t.Bidders {
		copy(ts.shares[b], t.Bidders[b].Shares)
		clear(ts.exhausted[b])
		ts.pulled[b] = ts.pulled[b][:0]
		ts.pending[b] = nil
	}
	clear(ts.delivered)
	clear(ts.hasDelivered)
	ts.holder, ts.contractStartDay, ts.next = t.Incumbent, 0, -1
	ts.awards = nil
	ts.holders = append(ts.holders[:0], make([]int, len(e.months))...)
	for si, b := range ts.owner {
		if b < 0 {
			continue
		}
		e.sites[si].wf.dormant = b != t.Incumbent
		e.setSchedule(si, nil)
	}
	e.applyBidder(t.Incumbent)
}

// tenderDay runs the contract cycle at the start of day e.day: the first
// contract's price on day 0, awards NoticeDays before each contract ends,
// handovers, and the holder's margin reviews.
func (e *Engine) tenderDay() {
	ts := e.tender
	t := ts.t
	day := float64(e.day)
	if e.day == 0 {
		bids := e.award(0, 0)
		e.setPrices(ts.holder, bids[ts.holder], &ts.awards[0])
	}
	if ts.next >= 0 && day >= ts.nextStartDay {
		e.handover(day)
	}
	if end := ts.contractStartDay + t.ContractDays(); ts.next < 0 && day >= end-t.NoticeDays && end < e.horizon/model.SecondsPerDay {
		bids := e.award(day, end)
		ts.nextBids = bids
		if ts.next != ts.holder {
			e.prepare(ts.next)
		}
		if day >= end {
			e.handover(day)
		}
	}
	if first := e.day == 0 || e.dayMonth(e.day) != e.dayMonth(e.day-1); first {
		m := e.dayMonth(e.day)
		ts.holders[m] = ts.holder
		if start := e.dayMonth(int(ts.contractStartDay)); m > start && (m-start)%t.ReviewMonths == 0 {
			e.review(m)
		}
	}
}

// award holds a tender on the given day for a contract from startDay:
// every bidder estimates its cost and bids by its strategy, the rule
// scores the bids, the winner becomes the pending holder. On day 0 the
// incumbent holds the first contract whatever the scores, and every bid
// is its cost at the bidder's target margin: that contract was not
// competed here. It returns the bids.
func (e *Engine) award(day, startDay float64) []float64 {
	ts := e.tender
	t := ts.t
	n := len(t.Bidders)
	a := model.Award{Day: day, StartDay: startDay, MonthlyEUR: make([]float64, n), Quality: make([]float64, n),
		CostEUR: make([]float64, n), FloorEUR: make([]float64, n)}
	if day > ts.contractStartDay { // the holder's record is its current contract so far
		ts.delivered[ts.holder] = e.quality(ts.holder, ts.contractStartDay, day)
		ts.hasDelivered[ts.holder] = true
	}
	// Expected costs first (no noise), then each bidder's error of estimate
	// in bidder order: the draws of cost-plus tenders are as they were.
	expected := make([]float64, n)
	reference := make([]float64, n)
	for b := range t.Bidders {
		expected[b], reference[b] = e.estimateBid(b, startDay, b != ts.holder)
	}
	for b := range t.Bidders {
		a.CostEUR[b] = expected[b] * e.bidNoise()
		a.FloorEUR[b] = t.Bidders[b].FloorEUR(a.CostEUR[b])
		a.Quality[b] = t.Award.BidQuality(t.Bidders[b].PromisedQuality, ts.delivered[b], ts.hasDelivered[b])
	}
	for b := range t.Bidders {
		bd := &t.Bidders[b]
		win := math.Inf(1)
		if day == 0 { // the first contract was not competed: priced at target
			a.MonthlyEUR[b] = a.CostEUR[b] / (1 - bd.TargetMargin)
			continue
		}
		if bd.Strategy == model.BidPriceToWin {
			win = t.Award.PriceToWin(b, e.expectedRivalBids(b, expected), a.Quality)
		}
		a.MonthlyEUR[b] = bd.Bid(a.CostEUR[b], win, reference[b])
	}
	a.Score, a.Winner = t.Award.ScoreBids(a.MonthlyEUR, a.Quality, ts.holder)
	if day == 0 {
		a.Winner = ts.holder
	} else {
		ts.next, ts.nextStartDay = a.Winner, startDay
	}
	ts.awards = append(ts.awards, a)
	return a.MonthlyEUR
}

// bidNoise draws a bidder's error in estimating a cost: lognormal with
// mean 1 and the award rule's CV (1 without noise, drawing nothing).
func (e *Engine) bidNoise() float64 {
	cv := e.tender.t.Award.BidNoiseCV
	if cv == 0 {
		return 1
	}
	s2 := math.Log1p(cv * cv)
	return math.Exp(math.Sqrt(s2)*e.rngTender.NormFloat64() - s2/2)
}

// expectedRivalBids returns the bids bidder b expects of its rivals (its
// own entry is unused): each rival's expected cost, as b misjudges it,
// at the least margin the rival accepts (a cost-plus rival: its target).
func (e *Engine) expectedRivalBids(b int, expected []float64) []float64 {
	bids := make([]float64, len(expected))
	for r := range expected {
		if r == b {
			continue
		}
		rd := &e.tender.t.Bidders[r]
		margin := rd.MinMargin
		if rd.Strategy == model.BidCostPlus {
			margin = rd.TargetMargin
		}
		bids[r] = expected[r] * e.bidNoise() / (1 - margin)
	}
	return bids
}

// estimateBid returns bidder b's expected monthly cost of a contract from
// startDay in EUR (a challenger's staffing up from scratch spread over the
// contract) and the market's price of the month's units at its sites'
// reference prices (0 when a site has none); it keeps the site estimates
// for the prices.
func (e *Engine) estimateBid(b int, startDay float64, challenger bool) (costEUR, referenceEUR float64) {
	bd := &e.tender.t.Bidders[b]
	plan, err := e.planBidder(b, e.tender.shares[b])
	e.fail(err)
	view := e.planView(b, plan)
	var cost, transition float64
	referenced := true
	ests := e.tender.est[b]
	for i, si := range bd.Sites {
		ests[i] = model.SiteEstimate{}
		if e.tender.shares[b][i] == 0 {
			continue
		}
		ests[i] = model.EstimateSite(view, si, startDay, e.sites[si].wf.fx, &e.tender.profiles)
		cost += ests[i].CostEUR
		if challenger {
			transition += ests[i].Headcount * ests[i].HireCostEUR
		}
		// The reference price is in the unit the site's contract names,
		// whatever billing the policy leaves it.
		c := &e.sc.Sites[si].Costs
		referenced = referenced && c.ReferencePriceEUR > 0
		referenceEUR += c.ReferencePriceEUR * ests[i].Units(c.Billing)
	}
	if !referenced {
		referenceEUR = 0
	}
	return model.BidCostEUR(cost, transition, e.tender.t.ContractMonths, 1), referenceEUR
}

// setPrices puts each of bidder b's sites under a contract from the
// current day, at a unit price such that its expected bills (the site
// estimates of its bid) add up to the bid; a cost-plus price keeps the
// bid's margin (1 − estimated cost ÷ bid).
func (e *Engine) setPrices(b int, bidEUR float64, a *model.Award) {
	bd := &e.tender.t.Bidders[b]
	ests := e.tender.est[b]
	var cost float64
	for i := range bd.Sites {
		cost += ests[i].CostEUR
	}
	margin := a.MarginShareOf(b)
	if !(margin > 0) {
		margin = 0
	}
	for i, si := range bd.Sites {
		price := 0.0
		if u := ests[i].Units(e.sites[si].billing); u > 0 && cost > 0 {
			price = bidEUR * ests[i].CostEUR / cost / u
		}
		e.startContract(si, price, margin)
	}
}

// bidderPlan is what a bidder runs with given site shares: the first
// line's routing and, per entry of the bidder's Sites, the site's staffing.
type bidderPlan struct {
	routing  model.Routing
	staffing []model.AgentSchedule
}

// planBidder plans bidder b's sites for the load the given shares route
// to them (a site without load plans nobody), with the replication's
// workforces as the levers left them. It changes nothing.
func (e *Engine) planBidder(b int, shares []float64) (bidderPlan, error) {
	ts := e.tender
	bd := &ts.t.Bidders[b]
	plan := bidderPlan{
		routing:  ts.t.BidderRouting(e.sc.Routing, len(e.sc.Demand.ContactTypes), b, shares),
		staffing: make([]model.AgentSchedule, len(bd.Sites)),
	}
	view := e.planView(b, plan)
	for i, si := range bd.Sites {
		switch {
		case shares[i] == 0:
			plan.staffing[i] = model.AgentSchedule{Agents: []int{0}}
		case !e.sc.Sites[si].Planned:
			plan.staffing[i] = e.sc.Sites[si].Staffing
		default:
			s, err := model.PlanStaffingCached(view, si, planInterval, &ts.profiles)
			if err != nil {
				return bidderPlan{}, fmt.Errorf("day %d: planning bidder %q: %w", e.day, bd.Name, err)
			}
			plan.staffing[i] = s
		}
	}
	return plan, nil
}

// planView returns the scenario as bidder b's plan would run it: its
// routing, its sites' staffing, every site's workforce as the
// replication's levers left it. The engine's scenario is not touched.
func (e *Engine) planView(b int, plan bidderPlan) *model.Scenario {
	view := *e.sc
	view.Routing = plan.routing
	view.Sites = slices.Clone(e.sc.Sites)
	for i := range view.Sites {
		if wf := e.sites[i].wf; wf != nil {
			view.Sites[i].Workforce = wf.p
		}
	}
	for i, si := range e.tender.t.Bidders[b].Sites {
		if i < len(plan.staffing) && plan.staffing[i].Agents != nil {
			view.Sites[si].Staffing = plan.staffing[i]
		}
	}
	return &view
}

// fail records the first error of the replication; Run returns it at the
// end of the day.
func (e *Engine) fail(err error) {
	if err != nil && e.err == nil {
		e.err = err
	}
}

// applyBidder plans bidder b for its current shares, makes the plan the
// schedule its sites work to, and routes the first line to them.
func (e *Engine) applyBidder(b int) {
	plan, err := e.planBidder(b, e.tender.shares[b])
	if err != nil {
		e.fail(err)
		return
	}
	for i, si := range e.tender.t.Bidders[b].Sites {
		e.setSchedule(si, &plan.staffing[i])
	}
	e.setRoutes(&plan.routing)
}

// setSchedule sets site si's weekly staffing (nil: nobody) and its
// headcount target.
func (e *Engine) setSchedule(si int, s *model.AgentSchedule) {
	st := &e.sites[si]
	n := int(model.SecondsPerWeek / model.SecondsPerHour)
	interval := model.SecondsPerHour
	if s != nil && len(s.Agents) > 1 {
		n, interval = len(s.Agents), s.IntervalSeconds
	}
	if cap(st.schedule) < n || !st.ownSchedule {
		st.schedule = make([]int, n)
		st.ownSchedule = true
	}
	st.schedule = st.schedule[:n]
	st.interval = interval
	st.planned = 0
	for k := range st.schedule {
		a := 0
		if s != nil {
			a = s.Agents[min(k, len(s.Agents)-1)]
		}
		st.schedule[k] = a
		st.planned += float64(a) * interval / model.SecondsPerHour
	}
	if wf := st.wf; wf != nil {
		wf.target = headcountTarget(wf.p, st.planned)
		if wf.dormant || st.planned == 0 {
			wf.target = 0
		}
	}
}

// prepare lets the winner of an award recruit for the contract it starts
// after the notice period: its sites get their headcount target (less the
// loser's agents it expects to rehire) but staff no calls yet.
func (e *Engine) prepare(b int) {
	ts := e.tender
	plan, err := e.planBidder(b, ts.shares[b])
	if err != nil {
		e.fail(err)
		return
	}
	for i, si := range ts.t.Bidders[b].Sites {
		st := &e.sites[si]
		st.wf.dormant = false
		e.setSchedule(si, &plan.staffing[i])
		expected := ts.t.Transition.RehireProbability * float64(e.rehirable(si))
		st.wf.target = max(0, st.wf.target-int(expected))
		clear(st.schedule) // recruits train, but nobody answers before the start
		st.planned = 0
	}
}

// rehirable is the number of the holder's agents employed at sites in the
// same labour market as site si (model.Scenario.SameLabourMarket): those
// the winner may rehire there.
func (e *Engine) rehirable(si int) int {
	ts := e.tender
	n := 0
	for _, lsi := range ts.t.Bidders[ts.holder].Sites {
		if e.sc.SameLabourMarket(lsi, si) {
			n += e.sites[lsi].wf.employed()
		}
	}
	return n
}

// handover starts the pending contract on the given day: a new holder
// takes over the first line, the old one lets its staff go (a share is
// rehired by the new holder), and the client pays for the change.
func (e *Engine) handover(day float64) {
	ts := e.tender
	old, win := ts.holder, ts.next
	ts.delivered[old] = e.quality(old, ts.contractStartDay, day)
	ts.hasDelivered[old] = true
	ts.holder, ts.next, ts.contractStartDay = win, -1, day
	e.movePending(old)
	if win != old {
		plan, err := e.planBidder(win, ts.shares[win])
		if err != nil {
			e.fail(err)
			return
		}
		for i, si := range ts.t.Bidders[win].Sites {
			e.setSchedule(si, &plan.staffing[i])
		}
		for _, si := range ts.t.Bidders[old].Sites {
			e.closeSite(si, win)
		}
		e.setRoutes(&plan.routing)
		if c := ts.t.Transition.ClientCostEUR; c > 0 {
			e.accrue(ts.t.Bidders[win].Sites[0], model.CostGovernance, c)
		}
	}
	e.setPrices(win, ts.nextBids[win], &ts.awards[len(ts.awards)-1])
}

// closeSite ends site si's part in the contract: its agents are laid off,
// each rehired by bidder win's site in the same labour market (the same
// shared pool; between sites with their own pools, the same country) with
// the transition's probability (keeping a share of its skill) or
// returning to the site's labour pool; requisitions are cancelled.
func (e *Engine) closeSite(si, win int) {
	ts := e.tender
	st := &e.sites[si]
	wf := st.wf
	to := -1
	for _, wsi := range ts.t.Bidders[win].Sites {
		if e.sc.SameLabourMarket(wsi, si) {
			to = wsi
			break
		}
	}
	day := float64(e.day)
	s, mo := e.dayRows(si)
	tr := &ts.t.Transition
	for a := range st.ag.state {
		if st.ag.state[a] == agentGone || st.ag.quit[a] {
			continue
		}
		skill := model.Skill(st.ag.skill0[a], wf.p.SkillCeiling, day-st.ag.hireDay[a], wf.p.LearningDays)
		if to >= 0 && e.rngTender.Float64() < tr.RehireProbability {
			e.rehire(to, skill*tr.SkillRetention)
		} else {
			e.labour[wf.pool].add(1)
		}
		mo.LaidOff++
		s.Workforce.LaidOff++
		e.takeOut(si, int32(a)) // laid off: not a quit
	}
	wf.pending = wf.pending[:0]
	wf.dormant = true
	e.setSchedule(si, nil)
}

// rehire employs an agent of the losing provider at site si: it skips
// classroom training and starts nesting with the skill it keeps.
func (e *Engine) rehire(si int, skill float64) {
	st := &e.sites[si]
	wf := st.wf
	a := st.ag.add(agentNesting, float64(e.day)-wf.p.TrainingDays, skill)
	wf.count(agentNesting, +1)
	st.avail.push(a)
	s, mo := e.dayRows(si)
	mo.Hires++
	s.Workforce.Rehired++
}

// quality is what bidder b delivered from fromDay to toDay on the award
// rule's quality metric, over its sites (0 when nothing was measured).
func (e *Engine) quality(b int, fromDay, toDay float64) float64 {
	m0, m1 := e.dayMonth(int(fromDay)), e.dayMonth(int(toDay))
	m1 = max(m1, m0+1)
	var mo model.Month
	for m := m0; m < m1 && m < len(e.months); m++ {
		for _, si := range e.tender.t.Bidders[b].Sites {
			mo.Merge(&e.months[m][si])
		}
	}
	ratio := func(a, b float64) float64 {
		if b == 0 {
			return 0
		}
		return a / b
	}
	switch e.tender.t.Award.Quality {
	case model.QualityServiceLevel:
		return ratio(float64(mo.AnsweredInSL), float64(mo.Offered))
	case model.QualityFCR:
		return ratio(float64(mo.FirstResolved), float64(mo.FirstContacts))
	}
	return ratio(mo.Satisfaction, float64(mo.JourneysEnded))
}

// review compares the holder's margin over the months since its last
// review (within the contract) with its target: below target, it pulls
// its next lever one step; at or above the target plus its release band,
// if it releases levers, it releases the lever it pulled last by one step.
func (e *Engine) review(m int) {
	ts := e.tender
	b := ts.holder
	if e.movePending(b) {
		e.applyBidder(b)
	}
	// Whole months of the contract only: the month it started carries the
	// holder's unbilled costs of preparing for it.
	first := e.dayMonth(int(ts.contractStartDay))
	if ts.contractStartDay > 0 {
		first++
	}
	m0 := max(m-ts.t.ReviewMonths, first)
	if m0 >= m {
		return
	}
	var revenue, cost float64
	for k := m0; k < m; k++ {
		for _, si := range ts.t.Bidders[b].Sites {
			mo := &e.months[k][si]
			revenue += mo.RevenueEUR
			cost += mo.Ledger.ProviderCost()
		}
	}
	if revenue <= 0 {
		return
	}
	bd := &ts.t.Bidders[b]
	margin := (revenue - cost) / revenue
	switch {
	case margin < bd.TargetMargin:
		for i := range bd.Levers {
			if ts.exhausted[b][i] {
				continue
			}
			if e.pull(b, i) {
				ts.pulled[b] = append(ts.pulled[b], i)
				return
			}
			ts.exhausted[b][i] = true
		}
	case bd.ReleaseLevers && margin >= bd.TargetMargin+bd.ReleaseBand:
		for len(ts.pulled[b]) > 0 {
			i := ts.pulled[b][len(ts.pulled[b])-1]
			ts.pulled[b] = ts.pulled[b][:len(ts.pulled[b])-1]
			if e.release(b, i) {
				ts.exhausted[b][i] = false
				return
			}
		}
	}
}

// pull moves bidder b's lever i one step and reports whether it moved.
func (e *Engine) pull(b, i int) bool {
	ts := e.tender
	bd := &ts.t.Bidders[b]
	l := bd.Levers[i]
	pol := &e.sc.Policy
	moved := false
	for _, si := range bd.Sites {
		p := e.sites[si].wf.p
		switch l.Kind {
		case model.LeverWagePremium:
			moved = cutPremium(&p.Wages.Policy, l.Step, max(l.Limit, p.Wages.Policy.Floor)) || moved
		case model.LeverMonitoring:
			limit := l.Limit
			if pol.CapMonitoring {
				limit = min(limit, pol.MaxMonitoring)
			}
			if p.Monitoring < limit {
				p.Monitoring = min(p.Monitoring+l.Step, limit)
				moved = true
			}
		case model.LeverTraining:
			if limit := max(l.Limit, pol.MinTrainingDays); p.TrainingDays > limit {
				p.TrainingDays = max(p.TrainingDays-l.Step, limit)
				moved = true
			}
		}
	}
	switch {
	case l.Kind == model.LeverOffshoreShare:
		moved = e.moveOffshore(b, l.Step, l.Limit)
	case moved && l.Kind == model.LeverMonitoring:
		e.applyBidder(b) // faster calls need fewer agents
	}
	return moved
}

// release moves bidder b's lever i one step back towards the workforce and
// shares it contracted with (the scenario's, as the policy lets it run)
// and reports whether it moved.
func (e *Engine) release(b, i int) bool {
	ts := e.tender
	bd := &ts.t.Bidders[b]
	l := bd.Levers[i]
	if l.Kind == model.LeverOffshoreShare {
		return e.moveShares(b, bd.Shares, l.Step)
	}
	moved := false
	for _, si := range bd.Sites {
		p := e.sites[si].wf.p
		orig := e.sc.Policy.Apply(&e.sc.Sites[si])
		switch l.Kind {
		case model.LeverWagePremium:
			moved = restorePremium(&p.Wages.Policy, &orig.Wages.Policy, l.Step) || moved
		case model.LeverMonitoring:
			if p.Monitoring > orig.Monitoring {
				p.Monitoring = max(p.Monitoring-l.Step, orig.Monitoring)
				moved = true
			}
		case model.LeverTraining:
			if p.TrainingDays < orig.TrainingDays {
				p.TrainingDays = min(p.TrainingDays+l.Step, orig.TrainingDays)
				moved = true
			}
		}
	}
	if moved && l.Kind == model.LeverMonitoring {
		e.applyBidder(b) // slower calls need more agents
	}
	return moved
}

// restorePremium raises a wage policy's premium over the minimum by step,
// not above the contracted policy's; a fixed wage's annual raise rises
// instead. It reports whether anything changed.
func restorePremium(w, orig *model.WagePolicy, step float64) bool {
	raise := func(v *float64, to float64) bool {
		if *v >= to {
			return false
		}
		*v = min(*v+step, to)
		return true
	}
	switch w.Kind {
	case model.WagePremium:
		return raise(&w.Premium, orig.Premium)
	case model.WageScale:
		moved := false
		for k := range w.Scale {
			moved = raise(&w.Scale[k].Premium, orig.Scale[k].Premium) || moved
		}
		return moved
	case model.WageFixed:
		return raise(&w.AnnualRaise, orig.AnnualRaise)
	}
	return false
}

// movePending makes bidder b's pending shares its shares, and reports
// whether there were any.
func (e *Engine) movePending(b int) bool {
	ts := e.tender
	if ts.pending[b] == nil {
		return false
	}
	copy(ts.shares[b], ts.pending[b])
	ts.pending[b] = nil
	return true
}

// cutPremium lowers a wage policy's premium over the minimum by step, not
// below floor; a fixed wage's annual raise falls instead. It reports
// whether anything changed.
func cutPremium(w *model.WagePolicy, step, floor float64) bool {
	cut := func(v *float64) bool {
		if *v <= floor {
			return false
		}
		*v = max(*v-step, floor)
		return true
	}
	switch w.Kind {
	case model.WagePremium:
		return cut(&w.Premium)
	case model.WageScale:
		moved := false
		for k := range w.Scale {
			moved = cut(&w.Scale[k].Premium) || moved
		}
		return moved
	case model.WageFixed:
		if w.AnnualRaise > 0 {
			w.AnnualRaise = max(w.AnnualRaise-step, 0)
			return true
		}
	}
	return false
}

// moveOffshore decides to move step of bidder b's contacts from its
// domestic sites to its offshore sites, up to an offshore share of limit:
// the new shares are pending, and the sites that gain start hiring for
// them now; the calls follow at the next review.
func (e *Engine) moveOffshore(b int, step, limit float64) bool {
	ts := e.tender
	bd := &ts.t.Bidders[b]
	if ts.pending[b] != nil {
		return true // the last move has not happened yet: wait for it
	}
	sh := append([]float64(nil), ts.shares[b]...)
	var off, dom float64
	nOff := 0
	for i, si := range bd.Sites {
		if e.sc.Sites[si].Offshore() {
			off += sh[i]
			nOff++
		} else {
			dom += sh[i]
		}
	}
	d := min(step, limit-off, dom)
	if d <= 1e-12 || nOff == 0 {
		return false
	}
	for i, si := range bd.Sites {
		switch {
		case e.sc.Sites[si].Offshore() && off > 0:
			sh[i] += d * sh[i] / off
		case e.sc.Sites[si].Offshore():
			sh[i] += d / float64(nOff)
		default:
			sh[i] -= d * sh[i] / dom
		}
	}
	return e.pendShares(b, sh)
}

// moveShares decides to move bidder b's site shares towards the given
// shares, at most step of the contacts (half the total absolute change) at
// once, as moveOffshore does; it reports whether there was anything to
// move.
func (e *Engine) moveShares(b int, towards []float64, step float64) bool {
	ts := e.tender
	if ts.pending[b] != nil {
		return true // the last move has not happened yet: wait for it
	}
	sh := append([]float64(nil), ts.shares[b]...)
	var d float64
	for i := range sh {
		d += math.Abs(towards[i]-sh[i]) / 2
	}
	if d <= 1e-12 {
		return false
	}
	f := min(1, step/d)
	for i := range sh {
		sh[i] += f * (towards[i] - sh[i])
	}
	return e.pendShares(b, sh)
}

// pendShares makes sh bidder b's pending shares: the sites that gain plan
// the new split and hire ahead for it now; the calls follow at the next
// review.
func (e *Engine) pendShares(b int, sh []float64) bool {
	ts := e.tender
	plan, err := e.planBidder(b, sh)
	if err != nil {
		e.fail(err)
		return false
	}
	for i, si := range ts.t.Bidders[b].Sites {
		st := &e.sites[si]
		if sh[i] > ts.shares[b][i] {
			st.wf.dormant = false
			want := headcountTarget(st.wf.p, plan.staffing[i].HoursPerWeek())
			st.wf.target = max(st.wf.target, want)
		}
	}
	ts.pending[b] = sh
	return true
}
