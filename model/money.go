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

var costNames = [NumCostCategories]string{
	"wages", "on_costs", "shift_premiums", "training_wages", "recruitment",
	"seats_facilities", "telecom", "management", "governance", "provider_margin", "cover",
}

// String returns the category's name in outputs (e.g. "on_costs").
func (c CostCategory) String() string {
	if c < NumCostCategories {
		return costNames[c]
	}
	return fmt.Sprintf("CostCategory(%d)", c)
}

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

var billingNames = [...]string{"in_house", "per_hour", "per_contact", "per_resolved"}

// String returns the scenario-file name of the model.
func (b BillingModel) String() string {
	if int(b) < len(billingNames) {
		return billingNames[b]
	}
	return fmt.Sprintf("BillingModel(%d)", b)
}

// ParseBillingModel returns the billing model with the given name.
func ParseBillingModel(s string) (BillingModel, error) {
	for i, n := range billingNames {
		if n == s {
			return BillingModel(i), nil
		}
	}
	return 0, fmt.Errorf("unknown billing model %q (want in_house, per_hour, per_contact or per_resolved)", s)
}

// Costs holds a site's cost parameters, in EUR unless noted.
type Costs struct {
	// Billing turns an outsourced provider's costs into the client's price.
	Billing BillingModel
	// PriceEUR per unit of the billing model (hour, contact, resolved contact).
	PriceEUR float64
	// PriceIndexPerYear raises the price each full year (0.03 = +3%).
	PriceIndexPerYear float64
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

// Price returns the billed price per unit on the given day, indexed yearly.
func (c *Costs) Price(day float64) float64 {
	return c.PriceEUR * math.Pow(1+c.PriceIndexPerYear, math.Floor(day/DaysPerYear))
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
	if c.PriceIndexPerYear <= -1 {
		return errors.New("price indexation must be > -1")
	}
	return nil
}
