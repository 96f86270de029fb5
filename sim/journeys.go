package sim

import "offsim/model"

// journeys holds the customer issues in progress as parallel slices;
// slots of ended journeys are reused, so memory follows the number of open
// issues, not the number of calls.
type journeys struct {
	contacts []int32   // answered contacts so far
	wait     []float64 // total wait so far, seconds
	fitSum   []float64 // sum of language fit over answered contacts
	site     []int16   // site of the first call (−1: not offered yet)
	counted  []bool    // started after the warm-up
	live     []bool
	spare    []int32
}

func (js *journeys) reset() {
	js.contacts = js.contacts[:0]
	js.wait = js.wait[:0]
	js.fitSum = js.fitSum[:0]
	js.site = js.site[:0]
	js.counted = js.counted[:0]
	js.live = js.live[:0]
	js.spare = js.spare[:0]
}

// open starts a journey and returns its index.
func (js *journeys) open(counted bool) int32 {
	var j int32
	if n := len(js.spare); n > 0 {
		j = js.spare[n-1]
		js.spare = js.spare[:n-1]
		js.contacts[j], js.wait[j], js.fitSum[j], js.site[j] = 0, 0, 0, -1
		js.counted[j], js.live[j] = counted, true
		return j
	}
	j = int32(len(js.contacts))
	js.contacts = append(js.contacts, 0)
	js.wait = append(js.wait, 0)
	js.fitSum = append(js.fitSum, 0)
	js.site = append(js.site, -1)
	js.counted = append(js.counted, counted)
	js.live = append(js.live, true)
	return j
}

func (js *journeys) waited(j int32, w float64) { js.wait[j] += w }

func (js *journeys) answered(j int32, w, fit float64) {
	js.wait[j] += w
	js.contacts[j]++
	js.fitSum[j] += fit
}

// contactDone settles a handled contact of type ct by agent a: escalation
// to the second line, or resolution; an unresolved customer comes back or
// gives up. Billing per contact and per resolved contact accrues here.
func (e *Engine) contactDone(si int, st *siteState, a int32, ct int) {
	j := st.ag.journey[a]
	st.ag.journey[a] = -1
	js := &e.journeys
	first := js.contacts[j] == 1
	s, mo := e.rowsAt(si, e.now)
	cs := &s.Contacts
	mo.Handled++
	cs.Handled++
	handled := e.now - st.ag.callStart[a]
	cs.HandledSeconds += handled
	if c := e.sc.Sites[si].Costs.TelecomPerMinuteEUR; c > 0 { // with the contact: telecom = handled minutes × rate
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
	if c.RepeatProbability > 0 && (c.MaxContacts == 0 || int(js.contacts[j]) < c.MaxContacts) &&
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
	si := int(js.site[j])
	n := js.contacts[j]
	fit := 1.0
	if n > 0 {
		fit = js.fitSum[j] / float64(n)
	}
	c := e.customers
	sat := model.JourneySatisfaction(&c.Satisfaction, int(n), js.wait[j], resolved, fit)
	churn := model.ChurnProbability(&c.Churn, resolved, sat)
	if js.counted[j] {
		mo := &e.months[e.monthOf(e.now)][si]
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
		s.WaitSeconds += js.wait[j]
		s.Satisfaction += sat
		s.Churned += churn
	}
	js.live[j] = false
	js.spare = append(js.spare, j)
}

// countOpen records the counted journeys still open at the horizon.
func (js *journeys) countOpen(e *Engine) {
	for j, live := range js.live {
		if live && js.counted[j] {
			e.sites[js.site[j]].stats.Journeys.Open++
		}
	}
}
