package model

import (
	"fmt"
	"strings"
)

// The scenario-file names of model's enumerations are tables indexed by
// the value; these two helpers turn a value into its name and back, so
// that every enumeration prints and parses the same way and its error
// lists the names in the table's order.

// enumName returns names[v], or typ(v) for a value without a name (out of
// the table, or an empty entry that stands for "unset").
func enumName[T ~uint8](names []string, v T, typ string) string {
	if int(v) < len(names) && names[v] != "" {
		return names[v]
	}
	return fmt.Sprintf("%s(%d)", typ, v)
}

// parseEnum returns the value named s; what names the enumeration in the
// error ("unknown what "s" (want a, b or c)").
func parseEnum[T ~uint8](names []string, s, what string) (T, error) {
	for i, n := range names {
		if n != "" && n == s {
			return T(i), nil
		}
	}
	return 0, fmt.Errorf("unknown %s %q (want %s)", what, s, orList(names))
}

// orList returns the non-empty names as "a, b or c".
func orList(names []string) string {
	var ns []string
	for _, n := range names {
		if n != "" {
			ns = append(ns, n)
		}
	}
	if len(ns) < 2 {
		return strings.Join(ns, "")
	}
	return strings.Join(ns[:len(ns)-1], ", ") + " or " + ns[len(ns)-1]
}

var costNames = [NumCostCategories]string{
	"wages", "on_costs", "shift_premiums", "training_wages", "recruitment",
	"seats_facilities", "telecom", "management", "governance", "provider_margin", "cover",
}

// String returns the category's name in outputs (e.g. "on_costs").
func (c CostCategory) String() string {
	return enumName(costNames[:], c, "CostCategory")
}

var billingNames = [...]string{"in_house", "per_hour", "per_contact", "per_resolved"}

// String returns the scenario-file name of the model.
func (b BillingModel) String() string {
	return enumName(billingNames[:], b, "BillingModel")
}

// ParseBillingModel returns the billing model with the given name.
func ParseBillingModel(s string) (BillingModel, error) {
	return parseEnum[BillingModel](billingNames[:], s, "billing model")
}

var pricingNames = [...]string{"fixed", "wage_indexed", "cost_plus"}

// String returns the scenario-file name of the mode.
func (m PricingMode) String() string {
	return enumName(pricingNames[:], m, "PricingMode")
}

// ParsePricingMode returns the pricing mode with the given name.
func ParsePricingMode(s string) (PricingMode, error) {
	return parseEnum[PricingMode](pricingNames[:], s, "pricing")
}

var wagePolicyNames = [...]string{"minimum", "premium", "fixed", "scale"}

// String returns the scenario-file name of the policy.
func (k WagePolicyKind) String() string {
	return enumName(wagePolicyNames[:], k, "WagePolicyKind")
}

// ParseWagePolicyKind returns the policy with the given scenario-file name.
func ParseWagePolicyKind(s string) (WagePolicyKind, error) {
	return parseEnum[WagePolicyKind](wagePolicyNames[:], s, "wage policy")
}

var planQueueNames = [...]string{"erlang_a", "erlang_c"}

// String returns the scenario-file name of the model.
func (p PlanQueue) String() string {
	return enumName(planQueueNames[:], p, "PlanQueue")
}

// ParsePlanQueue returns the queue model with the given name.
func ParsePlanQueue(s string) (PlanQueue, error) {
	return parseEnum[PlanQueue](planQueueNames[:], s, "plan queue")
}

var coverNames = [...]string{"none", "overtime", "agency"}

// String returns the scenario-file name of the kind.
func (k CoverKind) String() string {
	return enumName(coverNames[:], k, "CoverKind")
}

// ParseCoverKind returns the cover with the given scenario-file name.
func ParseCoverKind(s string) (CoverKind, error) {
	return parseEnum[CoverKind](coverNames[:], s, "cover")
}

var qualityNames = [...]string{"service_level", "fcr", "csat"}

// String returns the scenario-file name of the metric.
func (q QualityMetric) String() string {
	return enumName(qualityNames[:], q, "QualityMetric")
}

// ParseQualityMetric returns the metric with the given scenario-file name.
func ParseQualityMetric(s string) (QualityMetric, error) {
	return parseEnum[QualityMetric](qualityNames[:], s, "quality metric")
}

var bidStrategyNames = [...]string{"cost_plus", "price_to_win"}

// String returns the scenario-file name of the strategy.
func (s BidStrategy) String() string {
	return enumName(bidStrategyNames[:], s, "BidStrategy")
}

// ParseBidStrategy returns the strategy with the given scenario-file name.
func ParseBidStrategy(s string) (BidStrategy, error) {
	return parseEnum[BidStrategy](bidStrategyNames[:], s, "bid strategy")
}

var leverNames = [...]string{"wage_premium", "monitoring", "training", "offshore_share"}

// String returns the scenario-file name of the lever.
func (k LeverKind) String() string {
	return enumName(leverNames[:], k, "LeverKind")
}

// ParseLeverKind returns the lever with the given scenario-file name.
func ParseLeverKind(s string) (LeverKind, error) {
	return parseEnum[LeverKind](leverNames[:], s, "lever")
}

var paramNames = [...]string{"", "triangular", "uniform", "normal", "lognormal", "beta"}

// String returns the scenario-file name of the family.
func (k ParamKind) String() string {
	return enumName(paramNames[:], k, "ParamKind")
}

// ParseParamKind returns the family with the given scenario-file name.
func ParseParamKind(s string) (ParamKind, error) {
	return parseEnum[ParamKind](paramNames[:], s, "parameter distribution")
}
