package sim

import "offsim/model"

// journeys holds the customer issues in progress; slots of ended
// journeys are reused, so memory follows the number of open issues, not
// the number of calls. A journey is one value, so a call touches one
// cache line of it.
type journeys struct {
	j     []journey
	spare []int32
}

// journey is one customer issue in progress.
type journey struct {
	wait     float64 // total wait so far, seconds
	fitSum   float64 // sum of language fit over answered contacts
	contacts int32   // answered contacts so far
	site     int16   // site of the first call (−1: not offered yet)
	counted  bool    // started after the warm-up
	live     bool
}

func (js *journeys) reset() {
	js.j = js.j[:0]
	js.spare = js.spare[:0]
}

// open starts a journey and returns its index.
func (js *journeys) open(counted bool) int32 {
	jn := journey{site: -1, counted: counted, live: true}
	if n := len(js.spare); n > 0 {
		j := js.spare[n-1]
		js.spare = js.spare[:n-1]
		js.j[j] = jn
		return j
	}
	js.j = append(js.j, jn)
	return int32(len(js.j) - 1)
}

func (js *journeys) waited(j int32, w float64) { js.j[j].wait += w }

func (js *journeys) answered(j int32, w, fit float64) {
	jn := &js.j[j]
	jn.wait += w
	jn.contacts++
	jn.fitSum += fit
}

// contactDone settles a handled contact of type ct by agent a: escalation
// to the second line, or resolution; an unresolved customer comes back or
// gives up. Billing per contact and per resolved contact accrues here.
func (e *Engine) contactDone(si int, st *siteState, a int32, ct int) {
	j := st.ag.journey[a]
	st.ag.journey[a] = -1
	jn := &e.journeys.j[j]
	first := jn.contacts == 1
	s, mo := e.rowsAt(si, e.now)
	cs := &s.Contacts
	mo.Handled++
	cs.Handled++
	handled := e.now - st.ag.callStart[a]
	cs.HandledSeconds += handled
	if c := st.telecomEUR; c > 0 { // with the contact: telecom = handled minutes × rate
		s.Ledger[model.CostTelecom] += c * handled / 60
		mo.Ledger[model.CostTelecom] += c * handled / 60
	}
	if st.billing == model.BillPerContact {
		earn(s, mo, st.priceEUR)
	}
	if esc := e.typeEsc[ct]; esc > 0 && si != e.escSite && e.rngCustomer.Float64() < esc {
		cs.Escalated++
		if first {
			cs.FirstContacts++
			mo.FirstContacts++
		}
		e.offer(ct, j, callTransfer)
		return
	}
	resolved := e.rngCustomer.Float64() < e.typeFCR[ct]*st.ag.resf[a]
	if resolved {
		cs.Resolved++
	}
	if first {
		cs.FirstContacts++
		mo.FirstContacts++
		if resolved {
			cs.FirstResolved++
			mo.FirstResolved++
		}
	}
	if resolved {
		if st.billing == model.BillPerResolved {
			earn(s, mo, st.priceEUR)
		}
		e.endJourney(j, true)
		return
	}
	c := e.customers
	if c.RepeatProbability > 0 && (c.MaxContacts == 0 || int(jn.contacts) < c.MaxContacts) &&
		e.rngCustomer.Float64() < c.RepeatProbability {
		t := e.arrivals.whenOpen(e.now+e.repeatD.draw(e.rngCustomer), e.rngCustomer.Float64())
		e.cal.later(event{t: t, kind: evRepeat, ctype: uint8(ct), ref: j})
		return
	}
	e.endJourney(j, false)
}

// endJourney scores a finished journey (satisfaction, churn) into the
// statistics of the site of its first contact, and frees its slot.
func (e *Engine) endJourney(j int32, resolved bool) {
	js := &e.journeys
	jn := &js.j[j]
	si := int(jn.site)
	n := jn.contacts
	fit := 1.0
	if n > 0 {
		fit = jn.fitSum / float64(n)
	}
	c := e.customers
	var sat, churn float64 // both 0 when the scenario scores neither: no call needed
	if e.scoreJourneys {
		sat = model.JourneySatisfaction(&c.Satisfaction, int(n), jn.wait, resolved, fit)
		churn = model.ChurnProbability(&c.Churn, resolved, sat)
	}
	if jn.counted {
		mo := &e.monthRows(e.now)[si]
		mo.JourneysEnded++
		mo.Satisfaction += sat
		mo.Churned += churn
		s := &e.sites[si].stats.Journeys
		s.Ended++
		if resolved {
			s.Resolved++
		}
		s.Contacts += int64(n)
		s.Repeats += int64(max(n-1, 0))
		s.WaitSeconds += jn.wait
		s.Satisfaction += sat
		s.Churned += churn
	}
	jn.live = false
	js.spare = append(js.spare, j)
}

// countOpen records the counted journeys still open at the horizon.
func (js *journeys) countOpen(e *Engine) {
	for _, jn := range js.j {
		if jn.live && jn.counted {
			e.sites[jn.site].stats.Journeys.Open++
		}
	}
}
