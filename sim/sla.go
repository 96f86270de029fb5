package sim

import "offsim/model"

// settleSLAs settles, on the first day of month m, every SLA period that
// ended with month m − 1.
func (e *Engine) settleSLAs(m int) {
	for si := range e.sites {
		if p := e.sc.Sites[si].Costs.SLA.Period(); m%p == 0 {
			e.settleSLA(si, m-p, m)
		}
	}
}

// settleSLA credits the client for site si's SLA over months [m0, m1):
// the service level of the calls that arrived in them, as counted now,
// against the period's invoice (what the months billed before the credits
// booked in them). The credit is booked today, on the next invoice: it
// lowers the provider's revenue and the client's cost.
func (e *Engine) settleSLA(si, m0, m1 int) {
	sla := &e.sc.Sites[si].Costs.SLA
	if sla.Target <= 0 || e.sites[si].billing == model.BillInHouse {
		return
	}
	m0 = max(m0, e.sites[si].slaFrom)
	if m0 >= m1 {
		return
	}
	e.sites[si].slaFrom = m1
	var offered, inSL int64
	var invoice float64
	for m := m0; m < m1; m++ {
		mo := &e.months[m][si]
		offered += mo.Offered
		inSL += mo.AnsweredInSL
		invoice += mo.RevenueEUR + mo.SLACreditEUR
	}
	if offered == 0 {
		return
	}
	credit := sla.Credit(float64(inSL)/float64(offered), invoice)
	if credit == 0 {
		return
	}
	s, mo := e.dayRows(si)
	s.Workforce.RevenueEUR -= credit
	s.Workforce.SLACreditEUR += credit
	mo.RevenueEUR -= credit
	mo.SLACreditEUR += credit
}
