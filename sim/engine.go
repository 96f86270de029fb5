// Package sim is offsim's mechanism: a discrete-event simulation of a
// multi-site contact centre (one event calendar, one simulated clock in
// seconds, one set of random streams per replication) and the Monte Carlo
// runner that executes replications in parallel, deterministically.
//
// Agents are indices into per-site slices, callers are values in ring
// buffers, events are 16-byte values in a heap: in steady state the event
// loop allocates nothing. Statistics are streamed into counters and
// integrals; no slice of every call is kept.
package sim

import (
	"fmt"
	"math"
	"math/rand/v2"

	"offsim/model"
)

// Engine runs replications of one scenario. It keeps its buffers between
// runs, so a worker that reuses an Engine allocates almost nothing per
// replication. An Engine is not safe for concurrent use.
type Engine struct {
	sc    *model.Scenario
	cal   calendar
	sites []siteState
	now   float64

	arrivals rateClock
	typeCum  []float64 // cumulative contact-type shares
	patience sampler
	redialP  float64
	redialD  sampler
	routes   []route

	warmup, horizon, slSeconds float64

	rngArrivals, rngPatience, rngService, rngRouting, rngRedial *rand.Rand
	events                                                      int64
}

// route is a model.Route with site indices as int16 and cumulative shares.
type route struct {
	kind     model.RouteKind
	sites    []int16
	cumShare []float64
	overflow []int
}

// siteState is the live state of one site.
type siteState struct {
	handle []sampler // per contact type

	schedule []int   // agents per interval (len 1: constant)
	interval float64 // seconds

	target   int // agents the schedule wants on duty now
	onDuty   int // agents on duty: free + busy
	busy     int
	leaving  int     // busy agents who go off duty when their call ends
	free     []int32 // ring of free agents, longest idle first
	freeHead int
	freeLen  int
	offDuty  []int32 // stack of agents off duty

	queue waitQueue

	lastT float64 // time up to which the integrals are accumulated
	stats model.CallStats
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
		sc:        sc,
		arrivals:  newRateClock(sc.Demand.Arrivals),
		patience:  newSampler(sc.Demand.Patience),
		redialP:   sc.Demand.Redial.Probability,
		redialD:   newSampler(sc.Demand.Redial.Delay),
		warmup:    sc.Run.WarmupSeconds,
		horizon:   sc.Run.HorizonSeconds,
		slSeconds: sc.Run.ServiceLevelSeconds,
	}
	var cum float64
	for _, ct := range sc.Demand.ContactTypes {
		cum += ct.Share
		e.typeCum = append(e.typeCum, cum)
	}
	for _, r := range sc.Routing.ByType {
		rt := route{kind: r.Kind, overflow: r.OverflowQueue}
		cum = 0
		for i, s := range r.Sites {
			rt.sites = append(rt.sites, int16(s))
			if r.Kind == model.RouteShare {
				cum += r.Shares[i]
				rt.cumShare = append(rt.cumShare, cum)
			}
		}
		e.routes = append(e.routes, rt)
	}
	e.sites = make([]siteState, len(sc.Sites))
	for i, s := range sc.Sites {
		st := &e.sites[i]
		for _, d := range s.HandleTime {
			st.handle = append(st.handle, newSampler(d))
		}
		st.schedule = s.Staffing.Agents
		st.interval = s.Staffing.IntervalSeconds
		n := s.Staffing.Max()
		st.free = make([]int32, n)
		st.offDuty = make([]int32, 0, n)
		st.queue = newWaitQueue(n)
	}
	return e, nil
}

// Run simulates replication rep and returns its statistics.
func (e *Engine) Run(rep int) model.Replication {
	e.reset(rep)
	e.cal.push(event{t: e.arrivals.next(0, e.rngArrivals.ExpFloat64()), kind: evArrival})
	for i := range e.sites {
		e.setStaffing(i, 0)
	}
	for e.cal.len() > 0 {
		ev := e.cal.pop()
		if ev.t > e.horizon {
			break
		}
		e.now = ev.t
		e.events++
		switch ev.kind {
		case evArrival:
			e.onArrival()
		case evRedial:
			e.offer(int(ev.ctype), true)
		case evDeparture:
			e.onDeparture(int(ev.site), ev.ref)
		case evAbandon:
			e.onAbandon(int(ev.site), uint32(ev.ref))
		case evStaffing:
			e.setStaffing(int(ev.site), e.now)
		}
	}
	return e.result(rep)
}

func (e *Engine) reset(rep int) {
	seed := e.sc.Run.Seed
	e.rngArrivals = NewStream(seed, rep, StreamArrivals)
	e.rngPatience = NewStream(seed, rep, StreamPatience)
	e.rngService = NewStream(seed, rep, StreamService)
	e.rngRouting = NewStream(seed, rep, StreamRouting)
	e.rngRedial = NewStream(seed, rep, StreamRedial)
	e.cal.reset()
	e.now, e.events = 0, 0
	for i := range e.sites {
		st := &e.sites[i]
		st.target, st.onDuty, st.busy, st.leaving = 0, 0, 0, 0
		st.freeHead, st.freeLen = 0, 0
		st.offDuty = st.offDuty[:0]
		for a := len(st.free) - 1; a >= 0; a-- {
			st.offDuty = append(st.offDuty, int32(a))
		}
		st.queue.reset()
		st.lastT = e.warmup
		st.stats = model.CallStats{}
	}
}

func (e *Engine) onArrival() {
	e.cal.push(event{t: e.arrivals.next(e.now, e.rngArrivals.ExpFloat64()), kind: evArrival})
	ct := 0
	if len(e.typeCum) > 1 {
		u := e.rngArrivals.Float64()
		for ct < len(e.typeCum)-1 && u >= e.typeCum[ct] {
			ct++
		}
	}
	e.offer(ct, false)
}

// offer routes a call of contact type ct to a site, where it is answered at
// once by a free agent or joins the queue.
func (e *Engine) offer(ct int, redial bool) {
	// Patience is drawn for every call, answered at once or not, so the
	// patience stream stays aligned across scenarios (common random numbers).
	patience := e.patience.draw(e.rngPatience)
	si := e.route(ct)
	st := &e.sites[si]
	counted := e.now >= e.warmup
	if counted {
		st.stats.Offered++
		if redial {
			st.stats.Redials++
		}
	}
	if st.freeLen > 0 {
		e.startService(si, st, e.takeFree(st), ct, 0, counted)
		return
	}
	st.advance(e.now)
	seq := st.queue.push(waiter{arrival: e.now, ctype: uint8(ct), counted: counted, redial: redial})
	if !math.IsInf(patience, 1) {
		e.cal.push(event{t: e.now + patience, kind: evAbandon, site: int16(si), ref: int32(seq)})
	}
}

// route picks the site for a call of contact type ct.
func (e *Engine) route(ct int) int {
	r := &e.routes[ct]
	if len(r.sites) == 1 {
		return int(r.sites[0])
	}
	if r.kind == model.RouteShare {
		u := e.rngRouting.Float64()
		for i, c := range r.cumShare[:len(r.cumShare)-1] {
			if u < c {
				return int(r.sites[i])
			}
		}
		return int(r.sites[len(r.sites)-1])
	}
	last := len(r.sites) - 1
	for i, s := range r.sites[:last] {
		st := &e.sites[s]
		if st.freeLen > 0 || st.queue.waiting < r.overflow[i] {
			return int(s)
		}
	}
	return int(r.sites[last])
}

func (e *Engine) takeFree(st *siteState) int32 {
	a := st.free[st.freeHead]
	st.freeHead++
	if st.freeHead == len(st.free) {
		st.freeHead = 0
	}
	st.freeLen--
	return a
}

func (st *siteState) putFree(a int32) {
	i := st.freeHead + st.freeLen
	if i >= len(st.free) {
		i -= len(st.free)
	}
	st.free[i] = a
	st.freeLen++
}

// startService hands a call that waited wait seconds to agent a.
func (e *Engine) startService(si int, st *siteState, a int32, ct int, wait float64, counted bool) {
	st.advance(e.now)
	st.busy++
	if counted {
		st.stats.Answered++
		st.stats.AnsweredWaitSeconds += wait
		if wait <= e.slSeconds {
			st.stats.AnsweredInSL++
		}
		st.stats.WaitHist.Add(wait)
	}
	h := st.handle[ct].draw(e.rngService)
	e.cal.push(event{t: e.now + h, kind: evDeparture, site: int16(si), ref: a, ctype: uint8(ct)})
}

func (e *Engine) onDeparture(si int, a int32) {
	st := &e.sites[si]
	st.advance(e.now)
	st.busy--
	if st.leaving > 0 {
		st.leaving--
		st.onDuty--
		st.offDuty = append(st.offDuty, a)
		return
	}
	if st.queue.waiting > 0 {
		w := st.queue.popWaiting()
		e.startService(si, st, a, int(w.ctype), e.now-w.arrival, w.counted)
		return
	}
	st.putFree(a)
}

func (e *Engine) onAbandon(si int, seq uint32) {
	st := &e.sites[si]
	w := st.queue.at(seq)
	if w == nil {
		return // answered before its patience ran out
	}
	st.advance(e.now)
	if w.counted {
		st.stats.Abandoned++
		st.stats.AbandonedWaitSeconds += e.now - w.arrival
	}
	ct := w.ctype
	st.queue.abandon(w)
	if e.redialP > 0 && e.rngRedial.Float64() < e.redialP {
		e.cal.push(event{t: e.now + e.redialD.draw(e.rngRedial), kind: evRedial, ctype: ct})
	}
}

// setStaffing brings site si to the agents its schedule wants at time now
// and schedules the next change. Agents going off duty finish their call.
func (e *Engine) setStaffing(si int, now float64) {
	st := &e.sites[si]
	st.advance(now)
	k := 0
	if len(st.schedule) > 1 {
		n := math.Floor(now / st.interval)
		k = int(math.Mod(n, float64(len(st.schedule))))
		e.cal.push(event{t: (n + 1) * st.interval, kind: evStaffing, site: int16(si)})
	}
	st.target = st.schedule[k]
	for st.onDuty-st.leaving > st.target { // too many: free ones go first
		if st.freeLen > 0 {
			a := e.takeFree(st)
			st.onDuty--
			st.offDuty = append(st.offDuty, a)
		} else {
			st.leaving++
		}
	}
	for st.onDuty-st.leaving < st.target {
		if st.leaving > 0 { // a leaving agent stays on after all
			st.leaving--
			continue
		}
		a := st.offDuty[len(st.offDuty)-1]
		st.offDuty = st.offDuty[:len(st.offDuty)-1]
		st.onDuty++
		if st.queue.waiting > 0 {
			w := st.queue.popWaiting()
			e.startService(si, st, a, int(w.ctype), now-w.arrival, w.counted)
		} else {
			st.putFree(a)
		}
	}
}

// advance accumulates the site's time integrals up to now; nothing before
// the warm-up counts, because lastT starts at the end of the warm-up.
func (st *siteState) advance(now float64) {
	dt := now - st.lastT
	if dt <= 0 {
		return
	}
	st.stats.QueueAreaCallSeconds += float64(st.queue.waiting) * dt
	st.stats.BusyAgentSeconds += float64(st.busy) * dt
	st.stats.OnDutyAgentSeconds += float64(st.onDuty) * dt
	st.lastT = now
}

func (e *Engine) result(rep int) model.Replication {
	r := model.Replication{Index: rep, Events: e.events, Sites: make([]model.CallStats, len(e.sites))}
	for i := range e.sites {
		st := &e.sites[i]
		st.advance(e.horizon)
		st.stats.WindowSeconds = e.horizon - e.warmup
		q := &st.queue
		for s := q.head; s != q.tail; s++ {
			if w := &q.buf[s&q.mask]; w.state == waiting && w.counted {
				st.stats.WaitingAtEnd++
			}
		}
		r.Sites[i] = st.stats
		r.Total.Merge(&st.stats)
	}
	return r
}
