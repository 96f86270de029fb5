package model

import (
	"math"
	"testing"
)

// TestPoolRelations checks the pool's relations at hand-computed points.
func TestPoolRelations(t *testing.T) {
	p := LabourPool{Size: 1000, GoingWageToMinimum: 1.2, WagePressure: 0.3, HireCostDepletion: 0.5,
		AttractivenessPayElasticity: 2, AttractivenessMonitoringEffect: 0.5, OtherEmployersHeadcount: 100}
	cases := []struct {
		name      string
		got, want float64
	}{
		{"going wage, full pool", p.GoingWage(1), 1.2},
		// 1.2·(1 + 0.3·(1 − 0.5)) = 1.2·1.15 = 1.38
		{"going wage, half full", p.GoingWage(0.5), 1.38},
		// 1.2·(1 + 0.3·(1 − 0.001)) = 1.2·1.2997
		{"going wage, empty", p.GoingWage(p.Fill(0)), 1.2 * 1.2997},
		{"going wage unset is the minimum", (&LabourPool{WagePressure: 0.3}).GoingWage(1), 1},
		{"hire cost, full", p.HireCostFactor(1), 1},
		// with a floor of 0.25: 0.25^(−0.5) = 2 at any fill below it
		{"hire cost below the floor", (&LabourPool{HireCostDepletion: 0.5, DepletionFloor: 0.25}).HireCostFactor(0.01), 2},
		// 21·0.5^(−1) = 42 above the floor; 21·0.25^(−1) = 84 below it
		{"lead time above the floor", (&LabourPool{LeadTimeDays: 21, LeadTimeDepletion: 1, DepletionFloor: 0.25}).LeadTime(0.5), 42},
		{"lead time below the floor", (&LabourPool{LeadTimeDays: 21, LeadTimeDepletion: 1, DepletionFloor: 0.25}).LeadTime(0.001), 84},
		{"skill below the floor", (&LabourPool{SkillDepletion: 0.5, DepletionFloor: 0.25}).HireSkillFactor(0.001), 0.5},
		// 0.25^(−0.5) = 2
		{"hire cost, quarter full", p.HireCostFactor(0.25), 2},
		{"attractiveness at the going wage, no monitoring", p.Attractiveness(1, 0), 1},
		// e^(2·(0.9 − 1))·(1 − 0.5·0.4) = 0.818730753·0.8
		{"attractiveness, underpaid and monitored", p.Attractiveness(0.9, 0.4), 0.6549846024623855},
		// e^(2·0.1) = 1.221402758
		{"attractiveness, paid 10% above", p.Attractiveness(1.1, 0), 1.22140275816017},
		// (30·0.8 + 100·1)/(30 + 100) = 124/130
		{"pool attractiveness", p.PoolAttractiveness(30*0.8, 30, 400), 124.0 / 130},
		{"pool attractiveness, nobody employed", (&LabourPool{}).PoolAttractiveness(0, 0, 0), 1},
		{"no growth", p.OtherEmployers(1000), 1},
		// 1.1^(730/365) = 1.21; the other employers' 100 agents grow to 121:
		// (30·0.8 + 121)/(30 + 121) = 145/151
		{"sector growth over two years", (&LabourPool{OtherEmployersGrowthPerYear: 0.1}).OtherEmployers(730), 1.21},
		{"pool attractiveness, grown sector", (&LabourPool{OtherEmployersHeadcount: 100, OtherEmployersGrowthPerYear: 0.1}).PoolAttractiveness(30*0.8, 30, 730), 145.0 / 151},
	}
	for _, c := range cases {
		if !closeTo(c.got, c.want, 1e-12) {
			t.Errorf("%s: %.12g, want %.12g", c.name, c.got, c.want)
		}
	}
	// Monitoring beyond 1/effect drives attractiveness to 0, not below.
	q := p
	q.AttractivenessMonitoringEffect = 2
	if got := q.Attractiveness(1.2, 0.6); got != 0 {
		t.Errorf("attractiveness with (1 − 2·0.6) < 0: %g, want 0", got)
	}
	// Tightening raises the going wage and the cost per hire, strictly.
	prevG, prevC := 0.0, 0.0
	for _, c := range grid(1000, 0, 50) {
		f := p.Fill(c)
		g, h := p.GoingWage(f), p.HireCostFactor(f)
		if !(g >= prevG && h >= prevC) || math.IsInf(h, 0) {
			t.Fatalf("candidates %g: going wage %g, hire cost %g not rising or not finite", c, g, h)
		}
		prevG, prevC = g, h
	}
}

// TestCover checks the cover hours and their cost at hand-computed points:
// a plan of 1,000 hours a week against 800 available.
func TestCover(t *testing.T) {
	cases := []struct {
		name                 string
		c                    Cover
		planned, avail, want float64
	}{
		{"none", Cover{Kind: CoverNone, MaxShare: 1}, 1000, 800, 0},
		{"overtime, unbounded", Cover{Kind: CoverOvertime}, 1000, 800, 200},
		// 0.2·800 = 160 < 200
		{"overtime, bounded by own hours", Cover{Kind: CoverOvertime, MaxShare: 0.2}, 1000, 800, 160},
		// 0.1·1000 = 100 < 200
		{"agency, bounded by the plan", Cover{Kind: CoverAgency, MaxShare: 0.1}, 1000, 800, 100},
		{"agency, bound not binding", Cover{Kind: CoverAgency, MaxShare: 0.5}, 1000, 800, 200},
		{"no gap", Cover{Kind: CoverAgency}, 800, 1000, 0},
		{"nobody available: overtime cannot cover", Cover{Kind: CoverOvertime, MaxShare: 0.3}, 1000, 0, 0},
	}
	for _, c := range cases {
		if got := c.c.Hours(c.planned, c.avail); !closeTo(got, c.want, 1e-12) {
			t.Errorf("%s: %g cover hours, want %g", c.name, got, c.want)
		}
	}
	// 15·(1 + 0.35)·(1 + 0.5) = 30.375
	if got := (&Cover{Kind: CoverOvertime, Premium: 0.5}).CostPerHour(15, 0.35); !closeTo(got, 30.375, 1e-12) {
		t.Errorf("cost per cover hour %g, want 30.375", got)
	}
}

// TestSLACredit checks the service credit at hand-computed points: target
// 80%, 1% of the invoice per point short, capped at 10%.
func TestSLACredit(t *testing.T) {
	s := SLA{Target: 0.8, PenaltyPerPoint: 0.01, Cap: 0.10}
	cases := []struct {
		name             string
		sla              SLA
		sl, invoice, eur float64
	}{
		{"on target", s, 0.8, 100000, 0},
		{"above target", s, 0.9, 100000, 0},
		// 100·(0.8 − 0.75) = 5 points × 1% = 5% of 100,000
		{"5 points short", s, 0.75, 100000, 5000},
		// 30 points × 1% = 30%, capped at 10%
		{"capped", s, 0.5, 100000, 10000},
		{"no invoice", s, 0.5, 0, 0},
		{"no SLA", SLA{PenaltyPerPoint: 0.01}, 0.1, 100000, 0},
		// cap 0 means the whole invoice: 100·0.8 points × 2% = 160% → 100%
		{"uncapped", SLA{Target: 0.8, PenaltyPerPoint: 0.02}, 0, 1000, 1000},
	}
	for _, c := range cases {
		if got := c.sla.Credit(c.sl, c.invoice); !closeTo(got, c.eur, 1e-9) {
			t.Errorf("%s: credit %g, want %g", c.name, got, c.eur)
		}
	}
	if (&SLA{}).Period() != 1 || (&SLA{PeriodMonths: 3}).Period() != 3 {
		t.Error("SLA period: 0 must mean 1 month")
	}
}

// TestValidateLabourPools: pools need unique names, sites name existing
// pools, a cover is of a known kind (value ranges are the scenario
// format's to check).
func TestValidateLabourPools(t *testing.T) {
	base := func() *Scenario {
		sc := planScenario()
		sc.Sites[0].Workforce, sc.Sites[1].Workforce = testWorkforce(), testWorkforce()
		sc.LabourPools = []LabourPool{{Name: "Paramaribo", Size: 9000, RefillPerMonth: 60, OutflowPerMonthShare: 0.004, OtherEmployersHiresPerMonth: 150}}
		sc.Sites[1].Workforce.LabourPool = "Paramaribo"
		return sc
	}
	if err := base().Validate(); err != nil {
		t.Fatalf("valid scenario rejected: %v", err)
	}
	checkRejects(t, base, []rejectCase{
		{"unknown pool", func(sc *Scenario) { sc.Sites[1].Workforce.LabourPool = "Rotterdam" }, []string{`site "SR"`, `"Rotterdam"`}},
		{"unnamed pool", func(sc *Scenario) { sc.LabourPools[0].Name = "" }, []string{"labour pool 0", "no name"}},
		{"pool named twice", func(sc *Scenario) { sc.LabourPools = append(sc.LabourPools, sc.LabourPools[0]) }, []string{"named twice"}},
		{"unknown cover", func(sc *Scenario) { sc.Sites[0].Workforce.Cover.Kind = 7 }, []string{`site "NL"`, "unknown cover"}},
	})
}

// TestPoolOfAndSameMarket: a site draws from the pool it names, else its
// own; handovers rehire within a named pool, or within a country between
// sites with their own pools.
func TestPoolOfAndSameMarket(t *testing.T) {
	sc := planScenario()
	sc.LabourPools = []LabourPool{{Name: "A", Size: 10}, {Name: "B", Size: 20}}
	w := func(pool string) *Workforce { c := testWorkforce(); c.LabourPool = pool; return c }
	sc.Sites = append(sc.Sites, sc.Sites[0], sc.Sites[0], sc.Sites[0])
	sc.Sites[1].Country = "SR"
	sc.Sites[0].Workforce = w("A")
	sc.Sites[1].Workforce = w("")
	sc.Sites[3].Workforce = w("A")
	sc.Sites[4].Workforce = w("B")
	sc.Sites[5].Workforce = w("")
	sc.Sites[5].Country = "SR"
	if sc.PoolOf(sc.Sites[0].Workforce) != &sc.LabourPools[0] || sc.PoolOf(sc.Sites[4].Workforce) != &sc.LabourPools[1] {
		t.Error("PoolOf: a site naming a pool must get that pool")
	}
	if own := sc.Sites[5].Workforce; sc.PoolOf(own) != &own.Pool {
		t.Error("PoolOf: a site naming no pool must get its own")
	}
	for _, c := range []struct {
		a, b int
		want bool
	}{
		{0, 3, true}, {0, 4, false}, {0, 5, false},
		{1, 5, true},  // both own pools, both SR
		{1, 2, false}, // the second line has no workforce
		{4, 4, true},
	} {
		if got := sc.SameLabourMarket(c.a, c.b); got != c.want {
			t.Errorf("SameLabourMarket(%d, %d) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
