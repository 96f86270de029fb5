package model

import (
	"fmt"
	"strings"
	"testing"
)

// TestEnumNames: every enumeration prints each value as its scenario-file
// name and parses it back, prints a value out of its table as Type(n), and
// refuses an unknown name with the message the scenario errors quote.
func TestEnumNames(t *testing.T) {
	checkEnum(t, "BillingModel", ParseBillingModel, []string{"in_house", "per_hour", "per_contact", "per_resolved"},
		`unknown billing model "x" (want in_house, per_hour, per_contact or per_resolved)`)
	checkEnum(t, "PricingMode", ParsePricingMode, []string{"fixed", "wage_indexed", "cost_plus"},
		`unknown pricing "x" (want fixed, wage_indexed or cost_plus)`)
	checkEnum(t, "WagePolicyKind", ParseWagePolicyKind, []string{"minimum", "premium", "fixed", "scale"},
		`unknown wage policy "x" (want minimum, premium, fixed or scale)`)
	checkEnum(t, "QualityMetric", ParseQualityMetric, []string{"service_level", "fcr", "csat"},
		`unknown quality metric "x" (want service_level, fcr or csat)`)
	checkEnum(t, "BidStrategy", ParseBidStrategy, []string{"cost_plus", "price_to_win"},
		`unknown bid strategy "x" (want cost_plus or price_to_win)`)
	checkEnum(t, "LeverKind", ParseLeverKind, []string{"wage_premium", "monitoring", "training", "offshore_share"},
		`unknown lever "x" (want wage_premium, monitoring, training or offshore_share)`)
	checkEnum(t, "PlanQueue", ParsePlanQueue, []string{"erlang_a", "erlang_c"},
		`unknown plan queue "x" (want erlang_a or erlang_c)`)
	checkEnum(t, "CoverKind", ParseCoverKind, []string{"none", "overtime", "agency"},
		`unknown cover "x" (want none, overtime or agency)`)
	checkEnum(t, "ParamKind", ParseParamKind, []string{"", "triangular", "uniform", "normal", "lognormal", "beta"},
		`unknown parameter distribution "x" (want triangular, uniform, normal, lognormal or beta)`)

	if got := CostCategory(NumCostCategories).String(); got != "CostCategory(11)" {
		t.Errorf("out-of-range cost category prints %q", got)
	}
	if got := CostProviderMargin.String(); got != "provider_margin" {
		t.Errorf("CostProviderMargin prints %q", got)
	}
}

// checkEnum checks one enumeration against its names by value ("" for a
// value without one) and the error its parser gives for the name "x".
func checkEnum[T interface {
	~uint8
	fmt.Stringer
}](t *testing.T, typ string, parse func(string) (T, error), names []string, unknown string) {
	t.Helper()
	for v, name := range names {
		want := name
		if name == "" {
			want = typ + "(0)"
		}
		if got := T(v).String(); got != want {
			t.Errorf("%s(%d).String() = %q, want %q", typ, v, got, want)
		}
		if name == "" {
			continue
		}
		if got, err := parse(name); err != nil || got != T(v) {
			t.Errorf("Parse%s(%q) = %d, %v; want %d", typ, name, got, err, v)
		}
	}
	out := T(len(names))
	if got, want := out.String(), fmt.Sprintf("%s(%d)", typ, out); got != want {
		t.Errorf("%s(%d).String() = %q, want %q", typ, out, got, want)
	}
	last := names[len(names)-1]
	for _, s := range []string{"", strings.ToUpper(last), last + " "} {
		if _, err := parse(s); err == nil {
			t.Errorf("Parse%s(%q) accepted it", typ, s)
		}
	}
	if _, err := parse("x"); err == nil || err.Error() != unknown {
		t.Errorf("Parse%s(\"x\"): %v, want %s", typ, err, unknown)
	}
}
