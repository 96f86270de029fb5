// Package sim is offsim's mechanism: a discrete-event simulation of a
// multi-site contact centre (one event calendar, one simulated clock in
// seconds, one set of random streams per replication) and the Monte Carlo
// runner that executes replications in parallel, deterministically.
//
// Agents are indices into per-site slices, callers are values in ring
// buffers, events are 16-byte values in a calendar queue and a heap (see
// calendar): in steady state the event loop allocates nothing. Statistics
// are streamed into counters and integrals; no slice of every call is
// kept. Calls happen in seconds; hiring, training, quitting and paying
// happen in a daily event of the same calendar.
package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync/atomic"

	"offsim/model"
)

// Engine runs replications of one scenario. It keeps its buffers between
// runs, so a worker that reuses an Engine allocates little per
// replication. An Engine is not safe for concurrent use.
type Engine struct {
	sc    *model.Scenario
	cal   calendar
	sites []siteState
	now   float64

	arrivals  rateClock
	typeCum   []float64 // cumulative live contact-type shares (after deflection)
	typeFCR   []float64
	typeEsc   []float64
	escSite   int
	patience  sampler
	redialP   float64
	redialD   sampler
	repeatD   sampler
	routes    []route // per contact type
	pools     []pool  // per contact type: the queue of a pooled route
	customers *model.Customers
	// scoreJourneys is false when the scenario gives neither satisfaction
	// nor churn parameters: every journey then scores 0 on both.
	scoreJourneys bool

	warmup, horizon, slSeconds float64
	monthSeconds               float64
	day                        int // current day since the start
	month                      int // current month since the start
	// The current day's and month's bounds, in seconds: most calls arrive
	// within them, and find their rows without a division (callRows).
	dayLo, dayHi, monthLo, monthHi float64
	curMonth                       []model.Month // e.months[month]
	curDay                         []model.Day   // e.days[day]

	journeys journeys
	months   [][]model.Month // [month][site]
	days     [][]model.Day   // [day][site]

	rngArrivals, rngPatience, rngService, rngRouting, rngRedial *rand.Rand
	rngCustomer, rngDemand, rngWorkforce, rngTender             *rand.Rand
	events                                                      int64

	tender *tenderState // nil without a tender
	err    error        // the first failure of the replication (see fail)

	labour  []labourState // the labour pools (see initLabour)
	engaged bool          // the scenario's Engagement is switched on

	// scratch takes what happens before the warm-up ends (see rowsAt).
	scratch struct {
		stats model.Stats
		month model.Month
	}

	// Stop, if not nil, is checked every 1024 events: once it is true, Run
	// returns at once an unfinished replication, which the caller discards
	// (RunOptions.Stop: a second Ctrl-C).
	Stop *atomic.Bool
}

// route is a model.Route with site indices as int16 and cumulative shares.
type route struct {
	kind     model.RouteKind
	sites    []int16
	cumShare []float64
	overflow []int
}

// pool is the one FCFS queue of a pooled route (model.RoutePooled), which
// every site of the route serves, each once a caller has waited its delay.
// A call is counted at the site that answers it; one that abandons or is
// still waiting at the horizon counts at the front site, as does the
// queue's length.
type pool struct {
	queue waitQueue
	sites []int16   // in the route's order
	delay []float64 // per entry of sites: seconds a caller waits before that site may take it
	slot  []int     // per entry of sites: the index of this pool in that site's pools
	front int16     // the route's first site (kept when the route stops being pooled)
	lastT float64   // time up to which the queue's integral is accumulated
	stats model.CallStats
}

// siteState is the live state of one site.
type siteState struct {
	handle []sampler // per contact type

	schedule    []int   // agents per interval (len 1: constant)
	ownSchedule bool    // schedule is the engine's, not the scenario's
	interval    float64 // seconds
	planned     float64 // agent-hours per week of the schedule

	target  int // agents the schedule wants on duty now
	onDuty  int // agents on duty: free + busy
	busy    int
	leaving int  // busy agents who go off duty when their call ends
	free    ring // on-duty agents without a call, longest idle first
	avail   ring // agents able to answer but off duty
	ag      agents

	languageFit float64
	telecomEUR  float64            // per handled minute: the site's Costs.TelecomPerMinuteEUR
	billing     model.BillingModel // as the scenario's Policy allows
	priceEUR    float64            // billed price per unit today, set at the day's start (updatePrice)
	contract    contract           // the contract the price runs under

	queue waitQueue
	// pools are the contact types whose pooled route the site serves;
	// poolDelay and wakeAt are per entry: the site's delay on that route
	// and the time of the site's pending wake-up for its queue (−1: none).
	pools     []uint8
	poolDelay []float64
	wakeAt    []float64

	lastT float64 // time up to which the integrals are accumulated
	stats model.Stats

	wf      *workforceState // nil: fixed, identical agents
	slaFrom int             // first month of the SLA period not yet settled
}

// NewEngine prepares an engine for the scenario, which must be valid.
func NewEngine(sc *model.Scenario) (*Engine, error) {
	if err := sc.Validate(); err != nil {
		return nil, fmt.Errorf("scenario %q: %w", sc.Name, err)
	}
	if len(sc.Sites) > math.MaxInt16 || len(sc.Demand.ContactTypes) > math.MaxUint8 {
		return nil, fmt.Errorf("scenario %q: too many sites or contact types", sc.Name)
	}
	e := &Engine{
		sc:           sc,
		patience:     newSampler(sc.Demand.Patience),
		redialP:      sc.Demand.Redial.Probability,
		redialD:      newSampler(sc.Demand.Redial.Delay),
		repeatD:      newSampler(sc.Demand.Customers.RepeatDelay),
		customers:    &sc.Demand.Customers,
		warmup:       sc.Run.WarmupSeconds,
		horizon:      sc.Run.HorizonSeconds,
		slSeconds:    sc.Run.ServiceLevelSeconds,
		escSite:      sc.Routing.EscalationSite,
		monthSeconds: model.DaysPerMonth * model.SecondsPerDay,
	}
	e.initDemand()
	e.scoreJourneys = e.customers.Satisfaction != (model.Satisfaction{}) || e.customers.Churn != (model.Churn{})
	e.sites = make([]siteState, len(sc.Sites))
	for i := range sc.Sites {
		e.initSite(i)
	}
	e.initLabour()
	e.engaged = sc.Engagement != (model.Engagement{})
	e.routes = make([]route, len(sc.Demand.ContactTypes))
	e.pools = make([]pool, len(sc.Demand.ContactTypes))
	e.setRoutes(&sc.Routing)
	if sc.Tender != nil {
		e.tender = newTenderState(sc)
	}
	nMonths := int(math.Ceil(e.horizon/e.monthSeconds - 1e-9))
	e.months = make([][]model.Month, max(nMonths, 1))
	for m := range e.months {
		e.months[m] = make([]model.Month, len(sc.Sites))
	}
	e.days = make([][]model.Day, int(math.Ceil(e.horizon/model.SecondsPerDay))+1)
	for d := range e.days {
		e.days[d] = make([]model.Day, len(sc.Sites))
	}
	return e, nil
}

// initDemand applies self-service deflection: deflected contacts never
// reach an agent, so the live rate falls and the live mix shifts.
func (e *Engine) initDemand() {
	sc := e.sc
	var live float64
	for _, ct := range sc.Demand.ContactTypes {
		live += ct.Share * (1 - ct.Deflection)
	}
	profile := sc.Demand.Arrivals
	scaled := make([]float64, len(profile.PerHour))
	for i, r := range profile.PerHour {
		scaled[i] = r * live
	}
	profile.PerHour = scaled
	e.arrivals = newRateClock(profile)
	var cum float64
	for _, ct := range sc.Demand.ContactTypes {
		if live > 0 {
			cum += ct.Share * (1 - ct.Deflection) / live
		}
		e.typeCum = append(e.typeCum, cum)
		e.typeFCR = append(e.typeFCR, ct.FCR)
		e.typeEsc = append(e.typeEsc, ct.Escalation)
	}
}

func (e *Engine) initSite(i int) {
	s := &e.sc.Sites[i]
	st := &e.sites[i]
	for _, d := range s.HandleTime {
		st.handle = append(st.handle, newSampler(d))
	}
	st.billing = e.sc.Policy.Billing(s.Costs.Billing)
	st.telecomEUR = s.Costs.TelecomPerMinuteEUR
	st.schedule = s.Staffing.Agents
	st.interval = s.Staffing.IntervalSeconds
	st.languageFit = 1
	if s.Workforce != nil {
		// Night premiums and daily plans need a table that changes at
		// least hourly: expand a constant plan.
		if len(st.schedule) == 1 {
			n := int(model.SecondsPerWeek / model.SecondsPerHour)
			st.schedule = make([]int, n)
			for k := range st.schedule {
				st.schedule[k] = s.Staffing.Agents[0]
			}
			st.interval = model.SecondsPerHour
		}
		st.languageFit = s.Workforce.LanguageFit
		st.wf = newWorkforceState(e.sc, i)
	}
	weekly := st.interval
	if len(st.schedule) == 1 {
		weekly = model.SecondsPerWeek
	}
	for _, a := range st.schedule {
		st.planned += float64(a) * weekly / model.SecondsPerHour
	}
	st.queue = newWaitQueue(s.Staffing.Max())
}

// Run simulates replication rep and returns its statistics; it fails only
// when a re-plan during the run does (a tender's staffing plan).
func (e *Engine) Run(rep int) (model.Replication, error) {
	e.reset(rep)
	e.cal.arrive(e.arrivals.next(0, e.rngArrivals.ExpFloat64()))
	e.onDay() // day 0: the workforce starts, staffing is set
	c := &e.cal
	for e.err == nil {
		if e.events&1023 == 0 && e.Stop != nil && e.Stop.Load() {
			return model.Replication{Index: rep}, nil
		}
		// An arrival, the commonest event, is told apart before any
		// event is copied out of the calendar's queues.
		if t := c.arrival; t <= c.near.first() && t <= c.far.first() {
			if t > e.horizon { // also: nothing left at all (+Inf)
				break
			}
			c.arrival = math.Inf(1)
			e.now = t
			e.events++
			e.onArrival()
			continue
		}
		ev := c.popScheduled()
		if ev.t > e.horizon {
			break
		}
		e.now = ev.t
		e.events++
		if ev.kind == evDeparture {
			e.onDeparture(int(ev.site), ev.ref, int(ev.ctype))
			continue
		}
		switch ev.kind {
		case evRedial:
			e.offer(int(ev.ctype), ev.ref, callRedial)
		case evRepeat:
			e.offer(int(ev.ctype), ev.ref, callRepeat)
		case evAbandon:
			e.onAbandon(int(ev.site), uint32(ev.ref))
		case evAbandonPooled:
			e.onAbandonPooled(int(ev.ctype), uint32(ev.ref))
		case evWake:
			e.onWake(int(ev.site), ev.ctype)
		case evStaffing:
			e.setStaffing(int(ev.site), e.now, true)
		case evDay:
			e.onDay() // a failed re-plan ends the loop
		}
	}
	if e.err != nil {
		return model.Replication{}, e.err
	}
	return e.result(rep), nil
}

func (e *Engine) reset(rep int) {
	seed := e.sc.Run.Seed
	e.rngArrivals = NewStream(seed, rep, StreamArrivals)
	e.rngPatience = NewStream(seed, rep, StreamPatience)
	e.rngService = NewStream(seed, rep, StreamService)
	e.rngRouting = NewStream(seed, rep, StreamRouting)
	e.rngRedial = NewStream(seed, rep, StreamRedial)
	e.rngCustomer = NewStream(seed, rep, StreamCustomer)
	e.rngDemand = NewStream(seed, rep, StreamDemand)
	e.rngWorkforce = NewStream(seed, rep, StreamWorkforce)
	e.rngTender = NewStream(seed, rep, StreamTender)
	e.cal.reset()
	e.now, e.events, e.day, e.month = 0, 0, 0, 0
	e.dayLo, e.dayHi, e.monthLo, e.monthHi = 0, 0, 0, 0
	e.err = nil
	e.journeys.reset()
	e.arrivals.setDayFactors(e.drawDayFactors())
	for m := range e.months {
		clear(e.months[m])
	}
	for d := range e.days {
		clear(e.days[d])
	}
	for i := range e.sites {
		if wf := e.sites[i].wf; wf != nil {
			wf.own = e.sc.Policy.Apply(&e.sc.Sites[i])
		}
	}
	for ct := range e.pools {
		p := &e.pools[ct]
		p.queue.reset()
		p.lastT = 0
		p.stats = model.CallStats{}
	}
	if e.tender != nil {
		e.resetTender()
	}
	e.resetLabour()
	for i := range e.sites {
		st := &e.sites[i]
		st.target, st.onDuty, st.busy, st.leaving, st.slaFrom = 0, 0, 0, 0, 0
		st.free.reset()
		st.avail.reset()
		st.ag.reset()
		st.queue.reset()
		for k := range st.wakeAt {
			st.wakeAt[k] = -1
		}
		st.lastT = 0
		st.stats = model.Stats{}
		st.contract, st.priceEUR = contract{}, 0 // a tender's award sets its bidders' prices
		if st.wf != nil {
			e.startWorkforce(i)
		}
		if e.tender == nil || e.tender.owner[i] < 0 {
			c := &e.sc.Sites[i].Costs
			e.startContract(i, c.PriceEUR, c.MarginShare)
		}
		if st.wf != nil {
			continue
		}
		for range e.sc.Sites[i].Staffing.Max() {
			st.avail.push(st.ag.add(agentProductive, 0, 1))
		}
	}
}

// drawDayFactors draws each day's volume multiplier: gamma over-dispersion
// with mean 1, times the multiplier of any incident running that day.
// Nil when the scenario has neither.
func (e *Engine) drawDayFactors() []float64 {
	d := &e.sc.Demand
	if d.DailyCV == 0 && d.Incidents.ProbabilityPerMonth == 0 {
		return nil
	}
	days := int(math.Ceil(e.horizon/model.SecondsPerDay)) + 1
	f := make([]float64, days)
	for i := range f {
		f[i] = 1
		if d.DailyCV > 0 {
			f[i] = gammaMeanOne(e.rngDemand, d.DailyCV)
		}
	}
	in := d.Incidents
	if in.ProbabilityPerMonth > 0 && in.Days > 0 {
		for m := 0; float64(m)*model.DaysPerMonth < float64(days); m++ {
			if e.rngDemand.Float64() >= in.ProbabilityPerMonth {
				continue
			}
			start := int(float64(m)*model.DaysPerMonth + e.rngDemand.Float64()*model.DaysPerMonth)
			for k := start; k < start+in.Days && k < days; k++ {
				f[k] *= in.Multiplier
			}
		}
	}
	return f
}

// monthOf returns the month index of time t, within the series.
func (e *Engine) monthOf(t float64) int {
	return min(int(t/e.monthSeconds), len(e.months)-1)
}

// dayOf returns the day index of time t, within the series.
func (e *Engine) dayOf(t float64) int {
	return min(int(t/model.SecondsPerDay), len(e.days)-1)
}

// monthRows returns the month rows (one per site) of time t, without a
// division when t is in the current month.
func (e *Engine) monthRows(t float64) []model.Month {
	if t < e.monthLo || t >= e.monthHi {
		return e.months[e.monthOf(t)]
	}
	return e.curMonth
}

// callRows returns the month and day rows (one per site) of time t, a
// call's arrival.
func (e *Engine) callRows(t float64) ([]model.Month, []model.Day) {
	days := e.curDay
	if t < e.dayLo || t >= e.dayHi {
		days = e.days[e.dayOf(t)]
	}
	return e.monthRows(t), days
}

// inWindow is the one rule of the measured window: whatever happens at
// time t counts in the totals, months and days alike when t is at or after
// the warm-up, and nowhere otherwise. A call is counted at its arrival,
// a day's flows (pay, hires, billing) at the day's start.
func (e *Engine) inWindow(t float64) bool { return t >= e.warmup }

// advance accumulates the site's time integrals up to now. Window
// statistics start at the warm-up; the daily integrals run always.
func (e *Engine) advance(st *siteState, now float64) {
	dt := now - st.lastT
	if dt <= 0 {
		return
	}
	if wf := st.wf; wf != nil {
		wf.dayBusy += float64(st.busy) * dt
		wf.dayOnDuty += float64(st.onDuty) * dt
		if wf.night {
			wf.dayNightOnDuty += float64(st.onDuty) * dt
		}
	}
	if now > e.warmup {
		if st.lastT < e.warmup {
			dt = now - e.warmup
		}
		c := &st.stats.Calls
		c.QueueAreaCallSeconds += float64(st.queue.waiting) * dt
		c.BusyAgentSeconds += float64(st.busy) * dt
		c.OnDutyAgentSeconds += float64(st.onDuty) * dt
	}
	st.lastT = now
}

func (e *Engine) result(rep int) model.Replication {
	r := model.Replication{Index: rep, Events: e.events, Sites: make([]model.Stats, len(e.sites))}
	r.Pooled = e.closePools()
	e.journeys.countOpen(e)
	for i := range e.sites {
		st := &e.sites[i]
		e.advance(st, e.horizon)
		if st.wf != nil {
			e.closeDay(i) // the last, partial day's pay and billing
		}
		st.stats.Calls.WindowSeconds = e.horizon - e.warmup
		q := &st.queue
		for s := q.head; s != q.tail; s++ {
			if w := &q.buf[s&q.mask]; w.state == waiting && w.counted {
				st.stats.Calls.WaitingAtEnd++
			}
		}
		e.finishWorkforce(i)
		e.settleMargin(i)
		e.countOutsourced(i)
		r.Sites[i] = st.stats
		r.Total.Merge(&st.stats)
	}
	e.finishLabour(&r.Total)
	r.Months = copyGrid(e.months)
	r.Days = copyGrid(e.days)
	if ts := e.tender; ts != nil {
		r.Awards = ts.awards
		r.Holders = append([]int(nil), ts.holders...)
		ts.awards = nil // handed over; the next replication starts a new list
	}
	return r
}

// copyGrid copies a [time][site] grid into one backing array: two
// allocations, however long the horizon.
func copyGrid[T any](g [][]T) [][]T {
	if len(g) == 0 {
		return nil
	}
	n := len(g[0])
	flat := make([]T, 0, len(g)*n)
	out := make([][]T, len(g))
	for i, row := range g {
		flat = append(flat, row...)
		out[i] = flat[i*n : (i+1)*n : (i+1)*n]
	}
	return out
}

// advancePool accumulates the pooled queue's length up to now, over the
// window, into the pool's and its front site's integrals.
func (e *Engine) advancePool(p *pool, now float64) {
	dt := now - p.lastT
	if dt <= 0 {
		return
	}
	if now > e.warmup {
		if p.lastT < e.warmup {
			dt = now - e.warmup
		}
		area := float64(p.queue.waiting) * dt
		p.stats.QueueAreaCallSeconds += area
		e.sites[p.front].stats.Calls.QueueAreaCallSeconds += area
	}
	p.lastT = now
}

// closePools counts the callers still waiting in pooled queues at the
// horizon (at each route's front site) and returns the routes' own
// statistics, indexed by contact type; nil without a pooled route.
func (e *Engine) closePools() []model.CallStats {
	var out []model.CallStats
	for ct := range e.pools {
		p := &e.pools[ct]
		if p.queue.buf == nil {
			continue
		}
		if out == nil {
			out = make([]model.CallStats, len(e.pools))
		}
		e.advancePool(p, e.horizon)
		q := &p.queue
		for s := q.head; s != q.tail; s++ {
			if w := &q.buf[s&q.mask]; w.state == waiting && w.counted {
				p.stats.WaitingAtEnd++
				e.countOffered(int(p.front), w)
				e.sites[p.front].stats.Calls.WaitingAtEnd++
			}
		}
		p.stats.WindowSeconds = e.horizon - e.warmup
		out[ct] = p.stats
	}
	return out
}

// setRoutes routes every contact type as r does. Callers waiting in a
// pooled queue stay there, served by the sites of the route's new form.
func (e *Engine) setRoutes(r *model.Routing) {
	for i := range e.sites {
		st := &e.sites[i]
		st.pools, st.poolDelay, st.wakeAt = st.pools[:0], st.poolDelay[:0], st.wakeAt[:0]
	}
	for ct, rt := range r.ByType {
		out := &e.routes[ct]
		out.kind, out.overflow = rt.Kind, rt.OverflowQueue
		out.sites, out.cumShare = out.sites[:0], out.cumShare[:0]
		var cum float64
		for i, s := range rt.Sites {
			out.sites = append(out.sites, int16(s))
			if rt.Kind == model.RouteShare {
				cum += rt.Shares[i]
				out.cumShare = append(out.cumShare, cum)
			}
		}
		p := &e.pools[ct]
		p.sites, p.delay, p.slot = p.sites[:0], p.delay[:0], p.slot[:0]
		if rt.Kind != model.RoutePooled {
			continue
		}
		if p.queue.buf == nil {
			p.queue = newWaitQueue(0)
		}
		p.front = int16(rt.Sites[0])
		for i, s := range rt.Sites {
			d := 0.0
			if rt.DelaySeconds != nil {
				d = rt.DelaySeconds[i]
			}
			st := &e.sites[s]
			p.sites = append(p.sites, int16(s))
			p.delay = append(p.delay, d)
			p.slot = append(p.slot, len(st.pools))
			st.pools = append(st.pools, uint8(ct))
			st.poolDelay = append(st.poolDelay, d)
			st.wakeAt = append(st.wakeAt, -1)
		}
	}
	for i := range e.sites {
		e.armPools(i)
	}
}
