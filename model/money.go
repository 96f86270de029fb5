package model

import (
	"errors"
	"fmt"
	"math"
)

// CostCategory is one line of the cost ledger.
type CostCategory uint8

// The ledger's categories. Every euro of the client's total cost is in
// exactly one of them.
const (
	CostWages          CostCategory = iota // paid hours outside training, at the base wage
	CostOnCosts                            // employer on-costs on all wages and premiums
	CostShiftPremiums                      // night premiums (Dutch mornings are Surinamese nights)
	CostTrainingWages                      // wages of agents in classroom training
	CostRecruitment                        // cost per hire
	CostSeats                              // seats and facilities per employed agent
	CostTelecom                            // per handled minute
	CostManagement                         // team leaders and management per employed agent
	CostGovernance                         // the client's offshore governance: travel, quality, fixed
	CostProviderMargin                     // outsourced: billed price − service credits − the provider's costs (may be < 0)
	CostCover                              // overtime or agency hours that cover a staffing gap, on-costs included
	NumCostCategories
)

// Ledger holds EUR per cost category.
type Ledger [NumCostCategories]float64

// Total returns the sum of all categories, in EUR: the client's cost.
func (l *Ledger) Total() float64 {
	var s float64
	for _, v := range l {
		s += v
	}
	return s
}

// ProviderCost returns what running the site costs whoever employs the
// agents: every category but governance and the margin.
func (l *Ledger) ProviderCost() float64 {
	return l.Total() - l[CostGovernance] - l[CostProviderMargin]
}

// Add adds o into l.
func (l *Ledger) Add(o *Ledger) {
	for i := range l {
		l[i] += o[i]
	}
}

// BillingModel says what an outsourced site's client pays for.
type BillingModel uint8

const (
	// BillInHouse: no provider; the client bears the costs, no margin.
	BillInHouse BillingModel = iota
	// BillPerHour: a price per productive agent hour (on duty, answering
	// or available to answer).
	BillPerHour
	// BillPerContact: a price per handled contact, repeats included: the
	// "activity trap" in which repeat traffic is revenue.
	BillPerContact
	// BillPerResolved: a price per contact resolved at that attempt.
	BillPerResolved
)

// PricingMode says how an outsourced site's price per unit moves during a
// contract, and so who bears a change in the provider's costs.
type PricingMode uint8

const (
	// PricingFixed: the contracted price, raised by PriceIndexPerYear each
	// full year of the contract. A wage rise is the provider's: it reaches
	// the client only through the yearly index.
	PricingFixed PricingMode = iota
	// PricingWageIndexed: the price follows the site's wage index (its
	// minimum wage, or the CAO scale tied to it, in EUR) at each change of
	// the minimum, as Dutch contracts often do: a wage rise reaches the
	// client in proportion to the wage.
	PricingWageIndexed
	// PricingCostPlus: every RepriceMonths the price is reset to the
	// provider's measured cost per billed unit over the months since the
	// last reset ÷ (1 − margin): the client bears every cost change, late.
	PricingCostPlus
)

// Costs holds a site's cost parameters, in EUR unless noted.
type Costs struct {
	// Billing turns an outsourced provider's costs into the client's price.
	Billing BillingModel
	// PriceEUR per unit of the billing model (hour, contact, resolved
	// contact): the contracted price at the start. A tender's bids set the
	// price of a bidder's site instead.
	PriceEUR float64
	// Pricing says how the price moves during a contract.
	Pricing PricingMode
	// PriceIndexPerYear raises a fixed price each full year (0.03 = +3%);
	// fixed pricing only.
	PriceIndexPerYear float64
	// RepriceMonths is how often, in months, a cost-plus price is reset
	// (cost-plus pricing only; at least 1).
	RepriceMonths int
	// MarginShare is the provider's margin on a cost-plus price, as a share
	// of the price, in [0,1) (cost-plus pricing outside a tender; in a
	// tender the margin of the winning bid holds).
	MarginShare float64
	// ReferencePriceEUR is the market's price per unit of Billing (0: none):
	// a tender bidder that prices to win never bids above it.
	ReferencePriceEUR float64
	// RecruitmentPerHireEUR is the cost of one hire (ads, selection).
	RecruitmentPerHireEUR float64
	// SeatPerAgentMonthEUR is seats and facilities per employed agent-month.
	SeatPerAgentMonthEUR float64
	// TelecomPerMinuteEUR per minute of handled contact.
	TelecomPerMinuteEUR float64
	// ManagementPerAgentMonthEUR is team leaders and management per
	// employed agent-month.
	ManagementPerAgentMonthEUR float64
	// GovernancePerMonthEUR is the client's own fixed cost of steering the
	// site (travel, quality audits), per month.
	GovernancePerMonthEUR float64
	// SLA is the outsourced contract's service-level agreement, if any
	// (Target 0: none).
	SLA SLA
}

// Price returns the billed price per unit on the given day, indexed yearly
// (fixed pricing of a contract from day 0 at PriceEUR).
func (c *Costs) Price(day float64) float64 {
	return c.IndexedPrice(c.PriceEUR, 0, day)
}

// IndexedPrice returns the fixed price per unit on the given day of a
// contract that started on startDay at priceEUR: raised by
// PriceIndexPerYear each full year of the contract.
func (c *Costs) IndexedPrice(priceEUR, startDay, day float64) float64 {
	return priceEUR * math.Pow(1+c.PriceIndexPerYear, math.Floor((day-startDay)/DaysPerYear))
}

// WageIndexedPrice returns the price of a wage-indexed contract that
// started at priceEUR when the wage index stood at baseIndex, now that it
// stands at index: the price moves in proportion to the wage.
func WageIndexedPrice(priceEUR, baseIndex, index float64) float64 {
	if baseIndex <= 0 {
		return priceEUR
	}
	return priceEUR * index / baseIndex
}

// CostPlusPrice returns a cost-plus price per unit: the provider's cost
// over a period ÷ the units it billed in it ÷ (1 − margin). Without
// billed units it returns 0 (no measurement: keep the price).
func CostPlusPrice(costEUR, units, margin float64) float64 {
	if !(units > 0) || margin >= 1 {
		return 0
	}
	return costEUR / units / (1 - margin)
}

// validate checks the costs; priced says whether the price comes from
// elsewhere (a tender's bids) rather than PriceEUR.
func (c *Costs) validate(priced bool) error {
	if c.Billing > BillPerResolved {
		return fmt.Errorf("unknown billing model %d", c.Billing)
	}
	for _, v := range []float64{c.PriceEUR, c.RecruitmentPerHireEUR, c.SeatPerAgentMonthEUR,
		c.TelecomPerMinuteEUR, c.ManagementPerAgentMonthEUR, c.GovernancePerMonthEUR} {
		if !(v >= 0) || math.IsInf(v, 0) {
			return fmt.Errorf("costs and prices must be finite and >= 0, got %g", v)
		}
	}
	if c.Billing != BillInHouse && c.PriceEUR == 0 && !priced {
		return errors.New("an outsourced site needs a price")
	}
	if c.PriceIndexPerYear <= -1 || math.IsInf(c.PriceIndexPerYear, 0) || math.IsNaN(c.PriceIndexPerYear) {
		return errors.New("price indexation must be finite and > -1")
	}
	if c.Pricing > PricingCostPlus {
		return fmt.Errorf("unknown pricing %d", c.Pricing)
	}
	if c.Billing == BillInHouse {
		if c.Pricing != PricingFixed || c.ReferencePriceEUR != 0 {
			return errors.New("an in-house site has no price: pricing and reference price apply to outsourced sites")
		}
		return nil
	}
	if c.Pricing != PricingFixed && c.PriceIndexPerYear != 0 {
		return fmt.Errorf("price indexation applies to fixed pricing only, not %s", c.Pricing)
	}
	if c.Pricing == PricingCostPlus && c.RepriceMonths < 1 {
		return fmt.Errorf("cost-plus pricing needs reprice months >= 1, got %d", c.RepriceMonths)
	}
	if c.Pricing != PricingCostPlus && (c.RepriceMonths != 0 || c.MarginShare != 0) {
		return errors.New("reprice months and margin share apply to cost-plus pricing only")
	}
	if !(c.MarginShare >= 0 && c.MarginShare < 1) {
		return fmt.Errorf("margin share must be in [0,1), got %g", c.MarginShare)
	}
	if priced && c.MarginShare != 0 {
		return errors.New("a tender bidder's cost-plus margin is its winning bid's: no margin share")
	}
	if !(c.ReferencePriceEUR >= 0) || math.IsInf(c.ReferencePriceEUR, 0) {
		return fmt.Errorf("reference price must be finite and >= 0, got %g", c.ReferencePriceEUR)
	}
	return nil
}
