package sim

import (
	"math"

	"offsim/model"
)

// Kinds of call.
const (
	callFirst    uint8 = iota // a customer's first attempt on an issue
	callRedial                // after abandoning
	callRepeat                // after an unresolved contact
	callTransfer              // escalated to the second line
)

func (e *Engine) onArrival() {
	e.cal.arrive(e.arrivals.next(e.now, e.rngArrivals.ExpFloat64()))
	ct := 0
	if len(e.typeCum) > 1 {
		u := e.rngArrivals.Float64()
		for ct < len(e.typeCum)-1 && u >= e.typeCum[ct] {
			ct++
		}
	}
	j := e.journeys.open(e.inWindow(e.now))
	e.offer(ct, j, callFirst)
}

// offer routes a call of contact type ct in journey j: to a site, where it
// is answered at once by a free agent or joins the site's queue, or to its
// pooled route's queue.
func (e *Engine) offer(ct int, j int32, kind uint8) {
	// Patience is drawn for every call, answered at once or not, so the
	// patience stream stays aligned across scenarios (common random numbers).
	patience := e.patience.draw(e.rngPatience)
	w := waiter{arrival: e.now, deadline: e.now + patience, ctype: uint8(ct), kind: kind, counted: e.inWindow(e.now), journey: j}
	if kind != callTransfer && e.routes[ct].kind == model.RoutePooled {
		e.offerPooled(&e.pools[ct], w)
		return
	}
	si := e.escSite
	if kind != callTransfer {
		si = e.route(ct)
	}
	st := &e.sites[si]
	e.countOffered(si, &w)
	if st.free.len() > 0 {
		e.startService(si, st, st.free.pop(), &w)
		return
	}
	e.advance(st, e.now)
	seq := st.queue.push(w)
	if !math.IsInf(w.deadline, 1) {
		e.cal.soon(abandonEvent(&w, si, seq))
	}
}

// abandonEvent is the event at which caller w, with sequence seq in site
// si's queue, hangs up if still waiting.
func abandonEvent(w *waiter, si int, seq uint32) event {
	return event{t: w.deadline, kind: evAbandon, site: int16(si), ref: int32(seq)}
}

// abandonPooledEvent is abandonEvent for a caller of contact type ct's
// pooled queue.
func abandonPooledEvent(w *waiter, ct uint8, seq uint32) event {
	return event{t: w.deadline, kind: evAbandonPooled, ctype: ct, ref: int32(seq)}
}

// route picks the site for a call of contact type ct (share and overflow
// routes).
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
		if st.free.len() > 0 || st.queue.waiting < r.overflow[i] {
			return int(s)
		}
	}
	return int(r.sites[last])
}

// countOffered records call w as offered at site si, in the month and day
// of its arrival, and makes si the site of its journey if it has none yet.
func (e *Engine) countOffered(si int, w *waiter) {
	if jn := &e.journeys.j[w.journey]; jn.site < 0 {
		jn.site = int16(si)
	}
	if !w.counted {
		return
	}
	c := &e.sites[si].stats.Calls
	c.Offered++
	if w.kind == callRedial {
		c.Redials++
	}
	mo, d := e.callRows(w.arrival)
	mo[si].Offered++
	d[si].Offered++
}

// startService hands call w to agent a of site si.
func (e *Engine) startService(si int, st *siteState, a int32, w *waiter) {
	e.advance(st, e.now)
	st.busy++
	wait := e.now - w.arrival
	if w.counted {
		c := &st.stats.Calls
		c.Answered++
		c.AnsweredWaitSeconds += wait
		if wait <= e.slSeconds {
			c.AnsweredInSL++
			mo, d := e.callRows(w.arrival)
			mo[si].AnsweredInSL++
			d[si].AnsweredInSL++
		}
		c.WaitHist.Add(wait)
	}
	j, ct := w.journey, int(w.ctype)
	e.journeys.answered(j, wait, st.languageFit)
	h := st.handle[ct].draw(e.rngService) * st.ag.htf[a]
	st.ag.onCall[a] = true
	st.ag.callStart[a] = e.now
	st.ag.journey[a] = j
	e.cal.soon(event{t: e.now + h, kind: evDeparture, site: int16(si), ref: a, ctype: uint8(ct)})
}

func (e *Engine) onDeparture(si int, a int32, ct int) {
	st := &e.sites[si]
	e.advance(st, e.now)
	st.busy--
	st.ag.onCall[a] = false
	e.contactDone(si, st, a, ct)
	switch {
	case st.ag.quit[a]:
		st.onDuty--
		e.removeAgent(st, a)
		return
	case st.leaving > 0:
		st.leaving--
		st.onDuty--
		st.avail.push(a)
		return
	}
	if src := e.nextCall(st); src != noCall {
		e.take(si, st, a, src)
		return
	}
	st.free.push(a)
	e.armPools(si)
}

// noCall and ownQueue are values of nextCall: nothing to take, or the
// head of the site's own queue; other values index siteState.pools.
const (
	noCall   = -2
	ownQueue = -1
)

// nextCall returns where a freed agent of the site finds its next call:
// the longest-waiting caller among the site's own queue and the queues of
// the pooled routes it serves, counting a pooled caller only once it has
// waited the site's delay on that route.
func (e *Engine) nextCall(st *siteState) int {
	best, bestT := noCall, math.Inf(1)
	if st.queue.waiting > 0 {
		best, bestT = ownQueue, st.queue.peek().arrival
	}
	for k, ct := range st.pools {
		q := &e.pools[ct].queue
		if q.waiting == 0 {
			continue
		}
		// arrival+delay <= now is the very expression that timed the
		// wake-up event, so a caller is eligible at that event's instant.
		if t := q.peek().arrival; t < bestT && t+st.poolDelay[k] <= e.now {
			best, bestT = k, t
		}
	}
	return best
}

// take gives agent a of site si the call nextCall found at src. The
// caller's abandonment event, now without effect, is taken off the
// calendar where that is cheap.
func (e *Engine) take(si int, st *siteState, a int32, src int) {
	if src == ownQueue {
		w := st.queue.popWaiting()
		if !math.IsInf(w.deadline, 1) {
			e.cal.cancel(abandonEvent(&w, si, w.seq))
		}
		e.startService(si, st, a, &w)
		return
	}
	p := &e.pools[st.pools[src]]
	e.advancePool(p, e.now)
	w := p.queue.popWaiting()
	if !math.IsInf(w.deadline, 1) {
		e.cal.cancel(abandonPooledEvent(&w, w.ctype, w.seq))
	}
	e.answerPooled(si, st, a, p, &w)
}

// offerPooled gives a call of a pooled route to an idle agent of the first
// site in order that has one and no delay, or else queues it; sites with a
// delay and an idle agent are woken when the call has waited their delay.
func (e *Engine) offerPooled(p *pool, w waiter) {
	if w.counted {
		p.stats.Offered++
		if w.kind == callRedial {
			p.stats.Redials++
		}
	}
	for i, s := range p.sites {
		if st := &e.sites[s]; p.delay[i] == 0 && st.free.len() > 0 {
			e.answerPooled(int(s), st, st.free.pop(), p, &w)
			return
		}
	}
	e.advancePool(p, e.now)
	seq := p.queue.push(w)
	if !math.IsInf(w.deadline, 1) {
		e.cal.soon(abandonPooledEvent(&w, w.ctype, seq))
	}
	if p.queue.waiting == 1 { // a new head: idle sites with a delay wait for it
		for i, s := range p.sites {
			if e.sites[s].free.len() > 0 {
				e.arm(int(s), p.slot[i])
			}
		}
	}
}

// answerPooled hands call w of pool p to agent a of site si: the call
// counts as offered to the site that answers it.
func (e *Engine) answerPooled(si int, st *siteState, a int32, p *pool, w *waiter) {
	if w.counted {
		wait := e.now - w.arrival
		c := &p.stats
		c.Answered++
		c.AnsweredWaitSeconds += wait
		if wait <= e.slSeconds {
			c.AnsweredInSL++
		}
		c.WaitHist.Add(wait)
	}
	e.countOffered(si, w)
	e.startService(si, st, a, w)
}

// arm schedules the moment the head of the k-th pooled queue of site si
// becomes eligible there, unless a wake-up is already pending.
func (e *Engine) arm(si, k int) {
	st := &e.sites[si]
	q := &e.pools[st.pools[k]].queue
	if st.wakeAt[k] >= 0 || q.waiting == 0 {
		return
	}
	t := max(q.peek().arrival+st.poolDelay[k], e.now)
	if t > e.horizon {
		return
	}
	st.wakeAt[k] = t
	e.cal.soon(event{t: t, kind: evWake, site: int16(si), ctype: st.pools[k]})
}

// armPools arms every pooled queue of site si that has a caller, while
// the site has idle agents.
func (e *Engine) armPools(si int) {
	st := &e.sites[si]
	if st.free.len() == 0 {
		return
	}
	for k, ct := range st.pools {
		if e.pools[ct].queue.waiting > 0 {
			e.arm(si, k)
		}
	}
}

// onWake lets the idle agents of site si take the pooled callers that have
// become eligible there; a stale wake-up (superseded, or for a route the
// site no longer serves) does nothing.
func (e *Engine) onWake(si int, ct uint8) {
	st := &e.sites[si]
	k := -1
	for i, c := range st.pools {
		if c == ct {
			k = i
		}
	}
	if k < 0 || st.wakeAt[k] != e.now {
		return
	}
	st.wakeAt[k] = -1
	for st.free.len() > 0 {
		src := e.nextCall(st)
		if src == noCall {
			break
		}
		e.take(si, st, st.free.pop(), src)
	}
	e.armPools(si)
}

func (e *Engine) onAbandon(si int, seq uint32) {
	st := &e.sites[si]
	w := st.queue.at(seq)
	if w == nil {
		return // answered before its patience ran out
	}
	e.advance(st, e.now)
	wc := *w
	st.queue.abandon(w)
	e.countAbandoned(si, &wc)
	e.redialOrEnd(&wc)
}

// onAbandonPooled is onAbandon for a caller of contact type ct's pooled
// queue: an unanswered pooled call counts at the route's first site.
func (e *Engine) onAbandonPooled(ct int, seq uint32) {
	p := &e.pools[ct]
	w := p.queue.at(seq)
	if w == nil {
		return
	}
	e.advancePool(p, e.now)
	wc := *w
	p.queue.abandon(w)
	if wc.counted {
		p.stats.Abandoned++
		p.stats.AbandonedWaitSeconds += e.now - wc.arrival
	}
	e.countOffered(int(p.front), &wc)
	e.countAbandoned(int(p.front), &wc)
	e.redialOrEnd(&wc)
}

// countAbandoned records that call w hung up at site si now.
func (e *Engine) countAbandoned(si int, w *waiter) {
	if !w.counted {
		return
	}
	c := &e.sites[si].stats.Calls
	c.Abandoned++
	c.AbandonedWaitSeconds += e.now - w.arrival
	mo, d := e.callRows(w.arrival)
	mo[si].Abandoned++
	d[si].Abandoned++
}

// redialOrEnd sends an abandoner back later, or ends its journey.
func (e *Engine) redialOrEnd(w *waiter) {
	e.journeys.waited(w.journey, e.now-w.arrival)
	if e.redialP > 0 && e.rngRedial.Float64() < e.redialP {
		t := e.arrivals.whenOpen(e.now+e.redialD.draw(e.rngRedial), e.rngRedial.Float64())
		e.cal.later(event{t: t, kind: evRedial, ctype: w.ctype, ref: w.journey})
		return
	}
	e.endJourney(w.journey, false)
}

// setStaffing brings site si to the agents its schedule wants at time now;
// schedule says whether this is an interval boundary, after which the next
// change is scheduled. Agents going off duty finish their call first.
func (e *Engine) setStaffing(si int, now float64, schedule bool) {
	st := &e.sites[si]
	e.advance(st, now)
	k := 0
	if len(st.schedule) > 1 {
		n := math.Floor(now / st.interval)
		k = int(n) % len(st.schedule)
		if schedule {
			e.cal.later(event{t: (n + 1) * st.interval, kind: evStaffing, site: int16(si)})
		}
	}
	st.target = st.schedule[k]
	if wf := st.wf; wf != nil {
		st.target = int(math.Floor(float64(st.target)*wf.planScale + 0.5))
		wf.night = wf.wages.IsNight(math.Mod(now, model.SecondsPerDay) / model.SecondsPerHour)
	}
	for st.onDuty-st.leaving-st.quittingBusy() > st.target { // too many: free ones go first
		if st.free.len() > 0 {
			st.onDuty--
			st.avail.push(st.free.pop())
		} else {
			st.leaving++
		}
	}
	for st.onDuty-st.leaving-st.quittingBusy() < st.target {
		if st.leaving > 0 { // a leaving agent stays on after all
			st.leaving--
			continue
		}
		if st.avail.len() == 0 {
			break // nobody left to put on duty
		}
		a := st.avail.pop()
		st.onDuty++
		if src := e.nextCall(st); src != noCall {
			e.take(si, st, a, src)
		} else {
			st.free.push(a)
		}
	}
	e.armPools(si)
}

// quittingBusy is the number of busy agents who quit after their call.
func (st *siteState) quittingBusy() int {
	if st.wf == nil {
		return 0
	}
	return st.wf.quittingBusy
}
