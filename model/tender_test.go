package model

import (
	"math"
	"strings"
	"testing"
)

func TestScoreBids(t *testing.T) {
	for _, c := range []struct {
		name      string
		rule      AwardRule
		price     []float64
		quality   []float64
		incumbent int
		want      int
		scores    []float64
	}{
		{"lowest price", AwardRule{}, []float64{100, 80, 90}, []float64{0.9, 0.5, 0.7}, 0, 1, []float64{0.8, 1, 80.0 / 90}},
		{"tie to the incumbent", AwardRule{}, []float64{100, 100}, []float64{0, 0}, 1, 1, []float64{1, 1}},
		{"tie, no incumbent among them: lowest index", AwardRule{}, []float64{90, 100, 90}, []float64{0, 0, 0}, 1, 0, []float64{1, 0.9, 1}},
		// (1−w)·lowest/price + w·quality/best: A 0.5·0.8 + 0.5·1 = 0.9,
		// B 0.5·1 + 0.5·(0.5/0.9) = 0.7778.
		{"quality weight", AwardRule{QualityWeight: 0.5}, []float64{100, 80}, []float64{0.9, 0.5}, 1, 0, []float64{0.9, 0.5 + 0.5*0.5/0.9}},
		{"small weight, price wins", AwardRule{QualityWeight: 0.1}, []float64{100, 80}, []float64{0.9, 0.5}, 0, 1, []float64{0.9*0.8 + 0.1, 0.9 + 0.1*0.5/0.9}},
		// A floor of 0.7 spreads the points: A 0.3·(60/100) + 0.7 = 0.88,
		// B 0.3 + 0.7·(0.74−0.7)/(0.8−0.7) = 0.58; without it B wins
		// (0.3 + 0.7·0.74/0.8 = 0.9475 against 0.88).
		{"quality floor", AwardRule{QualityWeight: 0.7, QualityFloor: 0.7}, []float64{100, 60}, []float64{0.8, 0.74}, 1, 0, []float64{0.88, 0.3 + 0.7*0.04/0.1}},
		{"no floor", AwardRule{QualityWeight: 0.7}, []float64{100, 60}, []float64{0.8, 0.74}, 0, 1, []float64{0.88, 0.3 + 0.7*0.74/0.8}},
		{"below the floor: no points", AwardRule{QualityWeight: 0.5, QualityFloor: 0.7}, []float64{100, 100}, []float64{0.8, 0.6}, 1, 0, []float64{1, 0.5}},
	} {
		scores, got := c.rule.ScoreBids(c.price, c.quality, c.incumbent)
		if got != c.want {
			t.Errorf("%s: winner %d, want %d (scores %v)", c.name, got, c.want, scores)
		}
		for i := range scores {
			if math.Abs(scores[i]-c.scores[i]) > 1e-12 {
				t.Errorf("%s: score %d = %.6f, want %.6f", c.name, i, scores[i], c.scores[i])
			}
		}
	}
}

func TestBidQuality(t *testing.T) {
	a := AwardRule{DeliveredWeight: 0.75}
	if got := a.BidQuality(0.8, 0.6, false); got != 0.8 {
		t.Errorf("no record: %g, want the promise 0.8", got)
	}
	if got := a.BidQuality(0.8, 0.6, true); math.Abs(got-0.65) > 1e-12 {
		t.Errorf("record: %g, want 0.75·0.6 + 0.25·0.8 = 0.65", got)
	}
}

func TestBidMonthlyEUR(t *testing.T) {
	// (100,000 + 240,000/24) × 1.1 ÷ (1 − 0.12) = 137,500.
	if got := BidMonthlyEUR(100000, 240000, 24, 0.12, 1.1); math.Abs(got-137500) > 1e-6 {
		t.Errorf("bid %g, want 137500", got)
	}
}

func TestPolicyApply(t *testing.T) {
	site := func(country string) *Site {
		return &Site{Country: country, Workforce: &Workforce{Monitoring: 0.8, TrainingDays: 7,
			Wages: Wages{Policy: WagePolicy{Kind: WageScale, Scale: []ScaleStep{{0, 0}, {365, 0.05}}}}}}
	}
	p := Policy{WageFloor: true, WageFloorPremium: 0.0385, CapMonitoring: true, MaxMonitoring: 0.4, MinTrainingDays: 28}
	nl, sr := site(""), site("SR")
	w := p.Apply(nl)
	if w.Monitoring != 0.4 || w.TrainingDays != 28 || w.Wages.Policy.Floor != 0.0385 {
		t.Errorf("domestic site under the policy: monitoring %g, training %g, floor %g", w.Monitoring, w.TrainingDays, w.Wages.Policy.Floor)
	}
	w.Wages.Policy.Scale[0].Premium = 1
	if nl.Workforce.Wages.Policy.Scale[0].Premium != 0 {
		t.Error("Apply shares the scale with the scenario")
	}
	if w := p.Apply(sr); w.Wages.Policy.Floor != 0 || w.Monitoring != 0.4 {
		t.Errorf("offshore site: floor %g (the Dutch CAO does not cover it), monitoring %g", w.Wages.Policy.Floor, w.Monitoring)
	}
	if w := (&Policy{}).Apply(nl); w.Monitoring != 0.8 || w.TrainingDays != 7 || w.Wages.Policy.Floor != 0 {
		t.Errorf("the zero policy changed the site: %+v", w)
	}
	// The floor lifts wages: minimum 10 → 10.385, counted as lifted.
	wp := WagePolicy{Kind: WageMinimum, Floor: 0.0385}
	if wage, lifted := wp.Wage(10, 0, 0); math.Abs(wage-10.385) > 1e-12 || !lifted {
		t.Errorf("floored wage %g lifted %v, want 10.385 true", wage, lifted)
	}
	if b := (&Policy{BanPerContactBilling: true}).Billing(BillPerContact); b != BillPerHour {
		t.Errorf("banned per-contact billing becomes %v", b)
	}
	if b := (&Policy{BanPerContactBilling: true}).Billing(BillPerResolved); b != BillPerResolved {
		t.Errorf("the ban changes per-resolved billing to %v", b)
	}
}

// TestEstimateSite checks the bid's cost estimate at a hand-computed
// point: 10 agents around the clock (1,680 agent-hours a week), 40-hour
// contracts with 30% shrinkage: 60 agents.
func TestEstimateSite(t *testing.T) {
	sc := &Scenario{
		Demand: Demand{Arrivals: RateProfile{PerHour: []float64{60}}, ContactTypes: []ContactType{{Name: "c", Share: 1, FCR: 0.8}}},
		Sites: []Site{{
			Staffing:   AgentSchedule{Agents: []int{10}},
			HandleTime: []Dist{Exp(300)},
			Costs:      Costs{Billing: BillPerHour, SeatPerAgentMonthEUR: 100, ManagementPerAgentMonthEUR: 50, RecruitmentPerHireEUR: 1000, TelecomPerMinuteEUR: 0.01},
			Workforce: &Workforce{ContractHoursPerWeek: 40, Shrinkage: 0.3, TrainingDays: 14, SkillAtHire: Beta{1, 1}, SkillCeiling: 1, LanguageFit: 1,
				Attrition: Attrition{BaseAnnual: 0.3, ReferencePayRatio: 1},
				Wages:     Wages{MinimumPerHour: ConstantPath(10), Policy: WagePolicy{Kind: WagePremium, Premium: 0.2}, FX: FXPath{Path: ConstantPath(1)}, OnCostRate: 0.25}},
		}},
		Routing: Routing{ByType: []Route{{Kind: RouteShare, Sites: []int{0}, Shares: []float64{1}}}},
	}
	e := EstimateSite(sc, 0, 0, 2, nil)
	const weeks = DaysPerMonth / 7
	headcount := 1680 / (40 * 0.7)
	hires := headcount * 0.3 / 12 // positions refilled at the base hazard 0.3/365 a day (turnover 0.3 a year)
	wage := 12.0
	local := (headcount*40*weeks*wage + hires*wage*40.0/7*14) * 1.25
	want := local/2 + hires*1000 + headcount*150 + 60*168*weeks*300/3600*60*0.01*0 // telecom below
	telecom := 60.0 * 168 * weeks * 5 * 0.01                                       // 60 calls an hour × 5 minutes
	want += telecom
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"headcount", e.Headcount, headcount},
		{"productive hours", e.ProductiveHours, 1680 * weeks},
		{"contacts", e.Contacts, 60 * 168 * weeks},
		{"resolved", e.Resolved, 0.8 * 60 * 168 * weeks},
		{"turnover", e.TurnoverAnnual, 0.3},
		{"cost", e.CostEUR, want},
		{"hire cost", e.HireCostEUR, 1000 + wage*40.0/7*14*1.25/2},
		{"units per hour", e.Units(BillPerHour), e.ProductiveHours},
		{"units per resolved", e.Units(BillPerResolved), e.Resolved},
	} {
		if math.Abs(c.got-c.want) > 1e-9*math.Max(1, math.Abs(c.want)) {
			t.Errorf("%s = %.6f, want %.6f", c.name, c.got, c.want)
		}
	}
}

func TestTenderValidate(t *testing.T) {
	base := func() *Scenario {
		site := func(name string) Site {
			return Site{Name: name, Staffing: AgentSchedule{Agents: []int{5}}, HandleTime: []Dist{Exp(300)},
				Costs: Costs{Billing: BillPerHour},
				Workforce: &Workforce{ContractHoursPerWeek: 40, SkillAtHire: Beta{1, 1}, SkillCeiling: 1,
					Wages: Wages{MinimumPerHour: ConstantPath(10), FX: FXPath{Path: ConstantPath(1)}}}}
		}
		return &Scenario{
			Run:         Run{HorizonSeconds: 1e6, Replications: 1},
			Demand:      Demand{Arrivals: RateProfile{PerHour: []float64{10}}, ContactTypes: []ContactType{{Name: "c", Share: 1}}},
			Sites:       []Site{site("A"), site("B")},
			Performance: Performance{NestingHandleTimeFactor: 1, NestingResolutionFactor: 1},
			Routing:     Routing{ByType: []Route{{Kind: RouteShare, Sites: []int{0}, Shares: []float64{1}}}},
			Tender: &Tender{ContractMonths: 24, NoticeDays: 60, ReviewMonths: 3, Bidders: []Bidder{
				{Name: "a", Sites: []int{0}, Shares: []float64{1}, TargetMargin: 0.1},
				{Name: "b", Sites: []int{1}, Shares: []float64{1}, TargetMargin: 0.1}}},
		}
	}
	if err := base().Validate(); err != nil {
		t.Fatalf("valid tender: %v", err)
	}
	for _, c := range []struct {
		want string
		edit func(*Scenario)
	}{
		{"notice days", func(s *Scenario) { s.Tender.NoticeDays = 800 }},
		{"incumbent", func(s *Scenario) { s.Tender.Incumbent = 2 }},
		{"already belongs", func(s *Scenario) { s.Tender.Bidders[1].Sites = []int{0} }},
		{"belongs to no bidder", func(s *Scenario) { s.Tender.Bidders = s.Tender.Bidders[:1] }},
		{"shares sum", func(s *Scenario) { s.Tender.Bidders[0].Shares = []float64{0.5} }},
		{"bid strategy", func(s *Scenario) { s.Tender.Bidders[0].Strategy = 9 }},
		{"winning bid's", func(s *Scenario) {
			s.Sites[0].Costs = Costs{Billing: BillPerHour, Pricing: PricingCostPlus, RepriceMonths: 3, MarginShare: 0.1}
		}},
		{"needs a workforce", func(s *Scenario) {
			s.Tender = nil
			s.Sites[0].Workforce = nil
			s.Sites[0].Costs = Costs{Billing: BillPerContact, PriceEUR: 3, Pricing: PricingCostPlus, RepriceMonths: 3}
		}},
		{"in-house", func(s *Scenario) { s.Sites[1].Costs.Billing = BillInHouse }},
		{"needs a workforce", func(s *Scenario) { s.Sites[1].Workforce = nil; s.Sites[1].Costs.Billing = BillPerContact }},
		{"bans", func(s *Scenario) {
			s.Tender = nil
			s.Policy.BanPerContactBilling = true
			s.Sites[0].Costs = Costs{Billing: BillPerContact, PriceEUR: 3}
			s.Sites[1].Costs = Costs{Billing: BillPerHour, PriceEUR: 20}
		}},
		{"needs a price", func(s *Scenario) { s.Tender = nil }},
	} {
		s := base()
		c.edit(s)
		err := s.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v", c.want, err)
		}
	}
}

// TestExpectedTenureDays checks the mean tenure against a numerical
// integral of the survival function: the early hazard for the first weeks,
// the settled one after, dismissals on top.
func TestExpectedTenureDays(t *testing.T) {
	for _, a := range []Attrition{
		{BaseAnnual: 0.3, ReferencePayRatio: 1},
		{BaseAnnual: 0.3, ReferencePayRatio: 1, EarlyTenureDays: 90, EarlyTenureFactor: 2},
		{BaseAnnual: 0.5, ReferencePayRatio: 1, EarlyTenureDays: 42, EarlyTenureFactor: 4, DismissalAnnual: 0.05, MonitoringEffect: 0.5},
		{BaseAnnual: 0.2, ReferencePayRatio: 1, EarlyTenureDays: 60, EarlyTenureFactor: 0},
	} {
		got := ExpectedTenureDays(&a, 1, 0.6, 0.8)
		var want, survive float64 = 0, 1
		const dt = 0.01
		for day := 0.0; survive > 1e-12; day += dt {
			h := QuitHazardPerDay(&a, 1, 0.6, 0.8, day+dt/2) + TurnoverToDailyHazard(a.DismissalAnnual)
			next := survive * math.Exp(-h*dt)
			want += (survive - next) / h
			survive = next
		}
		if math.Abs(got-want) > 1e-6*want {
			t.Errorf("%+v: %.4f days, integral %.4f", a, got, want)
		}
	}
	if got := ExpectedTenureDays(&Attrition{}, 1, 0, 0); !math.IsInf(got, 1) {
		t.Errorf("nobody leaves: %g days, want +Inf", got)
	}
}

// TestSumsToOne checks the one tolerance shares are judged by, by the
// decoder and by Validate alike; NaN is no sum of shares.
func TestSumsToOne(t *testing.T) {
	for _, c := range []struct {
		sum  float64
		want bool
	}{{1, true}, {0.7 + 0.2 + 0.1, true}, {1 + 1e-10, true}, {1 - 2e-9, false}, {0, false}, {math.NaN(), false}, {math.Inf(1), false}} {
		if got := SumsToOne(c.sum); got != c.want {
			t.Errorf("SumsToOne(%v) = %v, want %v", c.sum, got, c.want)
		}
	}
}
