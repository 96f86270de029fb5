package sim

import "offsim/model"

// contract is the price side of an outsourced site: the contract the price
// runs under and what its pricing mode keeps track of.
type contract struct {
	priceEUR float64 // price per unit at the start of the contract
	startDay float64
	// marginShare is the provider's margin on a cost-plus price, a share of
	// the price.
	marginShare float64
	// baseIndex is the wage index in EUR at the start (wage-indexed), and
	// lastMinimum the minimum wage (local) the price last followed.
	baseIndex, lastMinimum float64
	// startMonth is the month the contract started in; costMark and
	// unitsMark the provider's measured cost and billed units at the last
	// cost-plus reset (the window totals then).
	startMonth          int
	costMark, unitsMark float64
}

// startContract puts outsourced site si under a contract from the current
// day at priceEUR per unit, with the given cost-plus margin, and sets the
// day's price.
func (e *Engine) startContract(si int, priceEUR, marginShare float64) {
	st := &e.sites[si]
	day := float64(e.day)
	st.contract = contract{priceEUR: priceEUR, startDay: day, marginShare: marginShare, startMonth: e.dayMonth(e.day)}
	if st.wf != nil {
		st.contract.lastMinimum = st.wf.wages.MinimumAt(day)
		st.contract.baseIndex = e.wageIndex(si, st.contract.lastMinimum)
	}
	st.contract.costMark, st.contract.unitsMark = e.measured(si)
	st.priceEUR = priceEUR
	e.updatePrice(si)
}

// updatePrice sets site si's price per unit for the current day, at its
// start, as its pricing mode moves it: a fixed price indexed each full
// year of the contract; a wage-indexed price at each change of the
// minimum wage; a cost-plus price reset every RepriceMonths months of the
// contract to the provider's measured cost per unit since the last reset
// ÷ (1 − margin).
func (e *Engine) updatePrice(si int) {
	st := &e.sites[si]
	c := &e.sc.Sites[si].Costs
	k := &st.contract
	day := float64(e.day)
	switch c.Pricing {
	case model.PricingFixed:
		st.priceEUR = c.IndexedPrice(k.priceEUR, k.startDay, day)
	case model.PricingWageIndexed:
		if minimum := st.wf.wages.MinimumAt(day); minimum != k.lastMinimum {
			k.lastMinimum = minimum
			st.priceEUR = model.WageIndexedPrice(k.priceEUR, k.baseIndex, e.wageIndex(si, minimum))
		}
	case model.PricingCostPlus:
		m := e.dayMonth(e.day)
		firstDay := e.day > 0 && m != e.dayMonth(e.day-1)
		if !firstDay || m <= k.startMonth || (m-k.startMonth)%c.RepriceMonths != 0 {
			return
		}
		cost, units := e.measured(si)
		if p := model.CostPlusPrice(cost-k.costMark, units-k.unitsMark, k.marginShare); p > 0 {
			st.priceEUR = p
		}
		k.costMark, k.unitsMark = cost, units
	}
}

// wageIndex is site si's wage index in EUR when the minimum is minimum:
// what the contracted wage policy pays at one year of tenure, at the
// current exchange rate (the dated rate of the day, or the random walk's
// latest step).
func (e *Engine) wageIndex(si int, minimum float64) float64 {
	wf := e.sites[si].wf
	fx := wf.fx
	if !wf.wages.FX.Random() {
		fx = wf.wages.FX.At(float64(e.day))
	}
	return e.sc.Sites[si].Workforce.Wages.WageIndexEUR(minimum, fx, float64(e.day))
}

// measured returns site si's provider cost (every ledger category but
// governance and the margin) and billed units so far in the window: what a
// cost-plus price is reset from.
func (e *Engine) measured(si int) (costEUR, units float64) {
	st := &e.sites[si]
	s := &st.stats
	switch st.billing {
	case model.BillPerHour:
		units = s.Workforce.ProductiveAgentSeconds / model.SecondsPerHour
	case model.BillPerContact:
		units = float64(s.Contacts.Handled)
	case model.BillPerResolved:
		units = float64(s.Contacts.Resolved)
	}
	return s.Ledger.ProviderCost(), units
}

// countOutsourced records, at the end of a replication, what an
// outsourced site's revenue paid for: its productive hours and handled
// contacts.
func (e *Engine) countOutsourced(si int) {
	st := &e.sites[si]
	if st.billing == model.BillInHouse {
		return
	}
	w := &st.stats.Workforce
	w.OutsourcedAgentSeconds = w.ProductiveAgentSeconds
	w.OutsourcedHandled = st.stats.Contacts.Handled
}
