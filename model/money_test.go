package model

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

func TestLedgerTotalAndProviderCost(t *testing.T) {
	var l Ledger
	// Category i holds 2^i EUR: the total is 2^n − 1 exactly.
	for i := range l {
		l[i] = float64(int(1) << i)
	}
	total := float64(int(1)<<NumCostCategories - 1)
	if got := l.Total(); got != total {
		t.Errorf("Total = %g, want %g", got, total)
	}
	// Governance is 2^8 = 256, the margin 2^9 = 512: the rest is the provider's.
	if got := l.ProviderCost(); got != total-768 {
		t.Errorf("ProviderCost = %g, want %g", got, total-768)
	}

	// Governance and margin change the client's total, never the provider's
	// cost; every other category changes both by the same amount.
	for c := range NumCostCategories {
		m := l
		m[c] += 100
		dTotal, dProvider := m.Total()-l.Total(), m.ProviderCost()-l.ProviderCost()
		if dTotal != 100 {
			t.Errorf("%v: +100 moves the total by %g", c, dTotal)
		}
		want := 100.0
		if c == CostGovernance || c == CostProviderMargin {
			want = 0
		}
		if dProvider != want {
			t.Errorf("%v: +100 moves the provider's cost by %g, want %g", c, dProvider, want)
		}
	}

	// A negative margin (the provider loses money) lowers the client's total.
	n := l
	n[CostProviderMargin] = -300
	if got := n.Total(); got != total-512-300 {
		t.Errorf("negative margin: Total = %g", got)
	}

	// Random ledgers: the total is the sum of the categories; Add adds
	// category by category.
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		var a, b Ledger
		var sa, sb float64
		for i := range a {
			a[i] = rng.Float64()*1e6 - 1e5
			b[i] = rng.Float64() * 1e4
			sa += a[i]
			sb += b[i]
		}
		if !closeTo(a.Total(), sa, 1e-12) {
			t.Fatalf("Total %g ≠ sum %g", a.Total(), sa)
		}
		sum := a
		sum.Add(&b)
		for i := range sum {
			if sum[i] != a[i]+b[i] {
				t.Fatalf("Add: category %d = %g, want %g", i, sum[i], a[i]+b[i])
			}
		}
		if !closeTo(sum.Total(), sa+sb, 1e-12) {
			t.Fatalf("Total after Add %g, want %g", sum.Total(), sa+sb)
		}
		if !closeTo(a.ProviderCost(), sa-a[CostGovernance]-a[CostProviderMargin], 1e-12) {
			t.Fatalf("ProviderCost %g", a.ProviderCost())
		}
	}
	var zero Ledger
	if zero.Total() != 0 || zero.ProviderCost() != 0 {
		t.Error("empty ledger is not zero")
	}
}

func TestCostCategoryNames(t *testing.T) {
	snake := regexp.MustCompile(`^[a-z]+(_[a-z]+)*$`)
	seen := map[string]CostCategory{}
	for c := range NumCostCategories {
		s := c.String()
		if !snake.MatchString(s) {
			t.Errorf("category %d name %q is not snake_case", c, s)
		}
		if prev, dup := seen[s]; dup {
			t.Errorf("categories %d and %d share the name %q", prev, c, s)
		}
		seen[s] = c
	}
	if len(seen) != int(NumCostCategories) {
		t.Errorf("%d names for %d categories", len(seen), NumCostCategories)
	}
	for c, want := range map[CostCategory]string{CostWages: "wages", CostOnCosts: "on_costs", CostGovernance: "governance", CostProviderMargin: "provider_margin"} {
		if c.String() != want {
			t.Errorf("%d.String() = %q, want %q", c, c.String(), want)
		}
	}
	if s := NumCostCategories.String(); snake.MatchString(s) || !strings.Contains(s, "CostCategory") {
		t.Errorf("out-of-range category prints %q", s)
	}
}

// The SPEC's invariant "the ledger's categories add up to the total", as the
// metrics report it: the cost_<category>_eur metrics sum to cost_total_eur.
func TestLedgerMetricsAddUp(t *testing.T) {
	var s Stats
	var m Month
	for i := range s.Ledger {
		s.Ledger[i] = float64(100 * (i + 1))
		m.Ledger[i] = float64(7 * (i + 3))
	}
	s.Ledger[CostProviderMargin] = -50
	check := func(name string, metrics []Metric) {
		var total, sum float64
		var found int
		names := map[string]bool{}
		for _, mt := range metrics {
			if names[mt.Name] {
				t.Errorf("%s: metric %q twice", name, mt.Name)
			}
			names[mt.Name] = true
			if mt.Name == "cost_total_eur" {
				total = mt.Value
				continue
			}
			for c := range NumCostCategories {
				if mt.Name == "cost_"+c.String()+"_eur" {
					sum += mt.Value
					found++
				}
			}
		}
		if found != int(NumCostCategories) {
			t.Errorf("%s: %d category metrics, want %d", name, found, NumCostCategories)
		}
		if !closeTo(sum, total, 1e-12) || total == 0 {
			t.Errorf("%s: categories sum to %g, total %g", name, sum, total)
		}
	}
	check("stats", s.Metrics(500))
	check("month", m.Metrics())
}

func TestCostsPrice(t *testing.T) {
	c := Costs{PriceEUR: 3, PriceIndexPerYear: 0.03}
	for _, tc := range []struct{ day, want float64 }{
		{0, 3}, {364.9, 3},
		{365, 3.09},      // 3·1.03
		{729, 3.09},      // still one full year
		{730, 3.1827},    // 3·1.03²
		{1095, 3.278181}, // 3·1.03³
	} {
		if got := c.Price(tc.day); !closeTo(got, tc.want, 1e-12) {
			t.Errorf("Price(day %g) = %.10g, want %.10g", tc.day, got, tc.want)
		}
	}
	flat := Costs{PriceEUR: 28}
	if got := flat.Price(2000); got != 28 {
		t.Errorf("unindexed price = %g", got)
	}
}
