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
	e.cal.push(event{t: e.arrivals.next(e.now, e.rngArrivals.ExpFloat64()), kind: evArrival})
	ct := 0
	if len(e.typeCum) > 1 {
		u := e.rngArrivals.Float64()
		for ct < len(e.typeCum)-1 && u >= e.typeCum[ct] {
			ct++
		}
	}
	j := e.journeys.open(e.now >= e.warmup)
	e.offer(ct, j, callFirst)
}

// offer routes a call of contact type ct in journey j to a site, where it is
// answered at once by a free agent or joins the queue.
func (e *Engine) offer(ct int, j int32, kind uint8) {
	// Patience is drawn for every call, answered at once or not, so the
	// patience stream stays aligned across scenarios (common random numbers).
	patience := e.patience.draw(e.rngPatience)
	si := e.escSite
	if kind != callTransfer {
		si = e.route(ct)
	}
	st := &e.sites[si]
	if e.journeys.site[j] < 0 {
		e.journeys.site[j] = int16(si)
	}
	counted := e.now >= e.warmup
	if counted {
		st.stats.Calls.Offered++
		if kind == callRedial {
			st.stats.Calls.Redials++
		}
		e.months[e.month][si].Offered++
		e.days[e.day][si].Offered++
	}
	if st.free.len() > 0 {
		e.startService(si, st, st.free.pop(), ct, j, 0, counted)
		return
	}
	e.advance(st, e.now)
	seq := st.queue.push(waiter{arrival: e.now, ctype: uint8(ct), counted: counted, journey: j})
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
		if st.free.len() > 0 || st.queue.waiting < r.overflow[i] {
			return int(s)
		}
	}
	return int(r.sites[last])
}

// startService hands a call of journey j that waited wait seconds to agent a.
func (e *Engine) startService(si int, st *siteState, a int32, ct int, j int32, wait float64, counted bool) {
	e.advance(st, e.now)
	st.busy++
	if counted {
		c := &st.stats.Calls
		c.Answered++
		c.AnsweredWaitSeconds += wait
		if wait <= e.slSeconds {
			c.AnsweredInSL++
			e.months[e.month][si].AnsweredInSL++
			e.days[e.day][si].AnsweredInSL++
		}
		c.WaitHist.Add(wait)
	}
	e.journeys.answered(j, wait, st.languageFit)
	h := st.handle[ct].draw(e.rngService) * st.ag.htf[a]
	st.ag.onCall[a] = true
	st.ag.journey[a] = j
	e.cal.push(event{t: e.now + h, kind: evDeparture, site: int16(si), ref: a, ctype: uint8(ct)})
	if c := e.sc.Sites[si].Costs.TelecomPerMinuteEUR; c > 0 {
		e.accrue(si, model.CostTelecom, c*h/60)
	}
	st.stats.Contacts.HandledSeconds += h
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
	case st.queue.waiting > 0:
		w := st.queue.popWaiting()
		e.startService(si, st, a, int(w.ctype), w.journey, e.now-w.arrival, w.counted)
		return
	}
	st.free.push(a)
}

func (e *Engine) onAbandon(si int, seq uint32) {
	st := &e.sites[si]
	w := st.queue.at(seq)
	if w == nil {
		return // answered before its patience ran out
	}
	e.advance(st, e.now)
	wait := e.now - w.arrival
	if w.counted {
		st.stats.Calls.Abandoned++
		st.stats.Calls.AbandonedWaitSeconds += wait
		e.months[e.month][si].Abandoned++
		e.days[e.day][si].Abandoned++
	}
	ct, j := w.ctype, w.journey
	st.queue.abandon(w)
	e.journeys.waited(j, wait)
	if e.redialP > 0 && e.rngRedial.Float64() < e.redialP {
		t := e.arrivals.whenOpen(e.now+e.redialD.draw(e.rngRedial), e.rngRedial.Float64())
		e.cal.push(event{t: t, kind: evRedial, ctype: ct, ref: j})
		return
	}
	e.endJourney(j, false)
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
		k = int(math.Mod(n, float64(len(st.schedule))))
		if schedule {
			e.cal.push(event{t: (n + 1) * st.interval, kind: evStaffing, site: int16(si)})
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
		if st.queue.waiting > 0 {
			w := st.queue.popWaiting()
			e.startService(si, st, a, int(w.ctype), w.journey, now-w.arrival, w.counted)
		} else {
			st.free.push(a)
		}
	}
}

// quittingBusy is the number of busy agents who quit after their call.
func (st *siteState) quittingBusy() int {
	if st.wf == nil {
		return 0
	}
	return st.wf.quittingBusy
}
