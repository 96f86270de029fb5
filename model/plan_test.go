package model

import (
	"strings"
	"testing"
)

// planScenario is three sites: NL and SR share the simple contacts 40/60,
// complex contacts go to NL first and overflow to SR, and a second line
// takes escalated complex contacts. 100 first attempts an hour; 20% of
// simple contacts are deflected; 10% of complex ones escalate.
func planScenario() *Scenario {
	return &Scenario{
		Name: "plan",
		Run:  Run{HorizonSeconds: 30 * SecondsPerDay, WarmupSeconds: SecondsPerDay, Replications: 2, Seed: 1, ServiceLevelSeconds: 20},
		Demand: Demand{
			Arrivals: RateProfile{PerHour: []float64{100}},
			ContactTypes: []ContactType{
				{Name: "simple", Share: 0.7, FCR: 0.8, Deflection: 0.2},
				{Name: "complex", Share: 0.3, FCR: 0.6, Escalation: 0.1},
			},
			Patience: Exp(120),
			Customers: Customers{
				Satisfaction: Satisfaction{Base: 0.9, RepeatFactor: 0.85, UnresolvedFactor: 0.5, WaitPenaltyPerMinute: 0.02},
				Churn:        Churn{Resolved: 0.02, UnresolvedFactor: 5, DissatisfactionFactor: 1},
			},
		},
		Sites: []Site{
			{Name: "NL", Staffing: AgentSchedule{Agents: []int{20}}, HandleTime: []Dist{Exp(240), Exp(600)}},
			{Name: "SR", Staffing: AgentSchedule{Agents: []int{20}}, HandleTime: []Dist{Exp(300), Exp(720)},
				Costs: Costs{Billing: BillPerContact, PriceEUR: 3}},
			{Name: "2nd", Staffing: AgentSchedule{Agents: []int{5}}, HandleTime: []Dist{Exp(400), Exp(900)}},
		},
		Routing: Routing{
			ByType: []Route{
				{Kind: RouteShare, Sites: []int{0, 1}, Shares: []float64{0.4, 0.6}},
				{Kind: RouteOverflow, Sites: []int{0, 1}, OverflowQueue: []int{5}},
			},
			EscalationSite: 2,
		},
		Performance: testPerformance,
	}
}

// testWorkforce is a Paramaribo-like workforce: planning skill
// (0.4 + 0.9)/2 = 0.65, monitoring 0.5, language fit 0.8.
func testWorkforce() *Workforce {
	return &Workforce{
		InitialHeadcount: 20, InitialTenureMeanDays: 300, ServiceLevelTarget: 0.8, Shrinkage: 0.3, ContractHoursPerWeek: 40,
		TrainingDays: 28, NestingDays: 14, SkillAtHire: Beta{2, 3}, SkillCeiling: 0.9, LearningDays: 120,
		LanguageFit: 0.8, Monitoring: 0.5,
		Attrition: testAttrition,
		Pool:      LabourPool{Size: 200, RefillPerMonth: 5, LeadTimeDays: 14, LeadTimeDepletion: 1, SkillDepletion: 0.5},
		Wages: Wages{
			Currency: "SRD", MinimumPerHour: ConstantPath(52.47),
			Policy: WagePolicy{Kind: WagePremium, Premium: 0.5},
			FX:     FXPath{Path: ConstantPath(44)}, OnCostRate: 0.2,
			NightPremium: 0.25, NightStartHour: 22, NightEndHour: 6, UTCOffsetHours: -4,
		},
	}
}

func TestSiteLoadSplitsByRouteAndType(t *testing.T) {
	type load struct{ calls, aht float64 }
	cases := []struct {
		name   string
		modify func(*Scenario)
		want   []load // per site
	}{
		{
			// NL: simple 100·0.7·(1 − 0.2)·0.4 = 22.4, complex (overflow,
			// first site) 100·0.3 = 30: 52.4 calls, AHT (22.4·240 + 30·600)/52.4
			// = 446.107 s. SR: simple 100·0.56·0.6 = 33.6 at 300 s; overflow
			// second: none. Second line: escalated 100·0.3·0.1 = 3 at 900 s.
			"first attempts", func(*Scenario) {},
			[]load{{52.4, 446.10687022900765}, {33.6, 300}, {3, 900}},
		},
		{
			// Repeats r = 0.5: an issue needs 1/(1 − r(1 − FCR)) contacts:
			// simple 1/(1 − 0.5·0.2) = 1/0.9, complex 1/(1 − 0.5·0.4) = 1/0.8.
			// NL: 22.4/0.9 + 30/0.8 = 24.889 + 37.5 = 62.389 calls,
			// AHT (24.889·240 + 37.5·600)/62.389 = 456.385 s.
			"repeat contacts", func(sc *Scenario) { sc.Demand.Customers.RepeatProbability = 0.5 },
			[]load{{62.388888888888886, 456.3846838824577}, {33.6 / 0.9, 300}, {3 / 0.8, 900}},
		},
		{
			// SR with a workforce, planning skill 0.65, monitoring 0.5, fit 0.8:
			// handle time × (1 + 0.8·0.35)(1 − 0.2·0.5)(1 + 0.3·0.2) = 1.28·0.9·1.06 = 1.22112,
			// FCR 0.8·(1 − 0.3·0.35)(1 − 0.2·0.5)(1 − 0.2·0.2) = 0.8·0.895·0.9·0.96 = 0.618624,
			// contacts per issue 1/(1 − 0.5·0.381376) = 1/0.809312:
			// 33.6/0.809312 = 41.5167 calls at 300·1.22112 = 366.336 s.
			"workforce at SR", func(sc *Scenario) {
				sc.Demand.Customers.RepeatProbability = 0.5
				sc.Sites[1].Workforce = testWorkforce()
			},
			[]load{{62.388888888888886, 456.3846838824577}, {41.516745087185164, 366.336}, {3 / 0.8, 900}},
		},
		{
			// Deflecting every simple contact leaves NL only complex ones.
			"full deflection", func(sc *Scenario) { sc.Demand.ContactTypes[0].Deflection = 1 },
			[]load{{30, 600}, {0, 0}, {3, 900}},
		},
		{
			// Deflecting half the complex contacts halves what NL and the second
			// line plan for them: NL 22.4 + 100·0.3·0.5 = 37.4 calls at
			// (22.4·240 + 15·600)/37.4 = 384.385 s; escalated 15·0.1 = 1.5.
			"complex deflection", func(sc *Scenario) { sc.Demand.ContactTypes[1].Deflection = 0.5 },
			[]load{{37.4, 384.3850267379679}, {33.6, 300}, {1.5, 900}},
		},
		{
			// Without escalation the second line plans nothing.
			"no escalation", func(sc *Scenario) { sc.Demand.ContactTypes[1].Escalation = 0 },
			[]load{{52.4, 446.10687022900765}, {33.6, 300}, {0, 0}},
		},
	}
	for _, c := range cases {
		sc := planScenario()
		c.modify(sc)
		for si, w := range c.want {
			calls, aht := SiteLoad(sc, si, 3600)
			if len(calls) != 168 || len(aht) != 168 {
				t.Fatalf("%s: %d and %d intervals, want 168", c.name, len(calls), len(aht))
			}
			for k := range calls {
				if !closeTo(calls[k], w.calls, 1e-8) || !closeTo(aht[k], w.aht, 1e-8) {
					t.Fatalf("%s: site %d interval %d: %.10g calls/h at %.10g s, want %.10g at %.10g",
						c.name, si, k, calls[k], aht[k], w.calls, w.aht)
				}
			}
		}
	}
}

// Without repeats, the first-line sites together plan every first attempt
// that is not deflected, whatever the route shares.
func TestSiteLoadConservesFirstAttempts(t *testing.T) {
	for _, nlShare := range []float64{0, 0.25, 0.5, 1} {
		sc := planScenario()
		sc.Routing.ByType[0].Shares = []float64{nlShare, 1 - nlShare}
		sc.Demand.ContactTypes[1].Escalation = 0
		var total float64
		for si := range sc.Sites {
			calls, _ := SiteLoad(sc, si, 900)
			total += calls[0]
		}
		// 100·(0.7·0.8 + 0.3) = 86
		if !closeTo(total, 86, 1e-12) {
			t.Errorf("NL share %g: sites plan %g calls/h in total, want 86", nlShare, total)
		}
	}
}

func weeklyProfile() RateProfile {
	p := RateProfile{IntervalSeconds: 3600, PerHour: make([]float64, 168)}
	for k := range p.PerHour {
		p.PerHour[k] = 10 * float64(k%24) // closed 00:00–01:00, 230/h at 23:00
	}
	return p
}

func TestSiteLoadFollowsWeeklyProfile(t *testing.T) {
	sc := planScenario()
	sc.Demand.Arrivals = weeklyProfile()
	for _, iv := range []float64{900, 1800, 3600} {
		calls, aht := SiteLoad(sc, 0, iv)
		perHour := int(3600 / iv)
		if len(calls) != 168*perHour {
			t.Fatalf("interval %g: %d intervals", iv, len(calls))
		}
		for k := range calls {
			// NL takes 0.524 of the arrivals (see TestSiteLoadSplitsByRouteAndType).
			want := 0.524 * sc.Demand.Arrivals.PerHour[k/perHour]
			if !closeTo(calls[k], want, 1e-12) {
				t.Fatalf("interval %g #%d: %g calls/h, want %g", iv, k, calls[k], want)
			}
			switch {
			case want == 0 && aht[k] != 0:
				t.Fatalf("interval %g #%d: AHT %g with no calls, want 0", iv, k, aht[k])
			case want > 0 && !closeTo(aht[k], 446.10687022900765, 1e-12):
				t.Fatalf("interval %g #%d: AHT %g", iv, k, aht[k])
			}
		}
	}
}

// A plan interval longer than the arrival profile's takes the mean of its
// sub-intervals, not the first one's rate: an hourly plan over a
// quarter-hour profile of 100, 200, 300, 400 calls/h plans for 250 calls/h
// (the scenarios package plans at 1800 s and accepts 15-minute profiles).
func TestSiteLoadAveragesFinerProfile(t *testing.T) {
	sc := planScenario()
	p := RateProfile{IntervalSeconds: 900, PerHour: make([]float64, 672)}
	for k := range p.PerHour {
		p.PerHour[k] = 100 * float64(1+k%4)
	}
	sc.Demand.Arrivals = p
	if err := sc.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		iv   float64
		want []float64
	}{
		// NL takes 0.524: half hours 0.524·(100 + 200)/2 = 78.6 and
		// 0.524·(300 + 400)/2 = 183.4.
		{1800, []float64{78.6, 183.4, 78.6, 183.4}},
		// hours 0.524·(100 + 200 + 300 + 400)/4 = 0.524·250 = 131.
		{3600, []float64{131, 131, 131, 131}},
	} {
		calls, _ := SiteLoad(sc, 0, c.iv)
		for k, want := range c.want {
			if !closeTo(calls[k], want, 1e-12) {
				t.Errorf("%g-s plan over quarter-hour arrivals, interval %d: %g calls/h, want the mean %g", c.iv, k, calls[k], want)
			}
		}
	}
}

// TestOfferedProfileRepeats: with repeat contacts the forecast is the
// fixed point c = a + q·K(c), q = repeat probability × (1 − FCR). Open
// around the clock at a constant rate it is a/(1 − q) in every interval;
// with closed hours, what falls due while closed waits for the opening,
// so the week's sum is still Σa/(1 − q) and closed intervals get nothing.
func TestOfferedProfileRepeats(t *testing.T) {
	for _, delay := range []Dist{{}, Exp(3 * SecondsPerDay), {Kind: Deterministic, MeanSeconds: 5400}} {
		sc := planScenario()
		sc.Demand.Customers.RepeatProbability = 0.5
		sc.Demand.Customers.RepeatDelay = delay
		const fcr, q = 0.6, 0.5 * (1 - 0.6)
		// simple contacts: 100 an hour × share 0.7 × (1 − deflection 0.2)
		for k, c := range OfferedProfile(sc, 0, fcr, 1800) {
			if !closeTo(c, 56/(1-q), 1e-9) {
				t.Fatalf("delay %v, constant arrivals, interval %d: %g calls/h, want %g", delay, k, c, 56/(1-q))
			}
		}
		sc.Demand.Arrivals = weeklyProfile()
		a := OfferedProfile(&Scenario{Demand: Demand{Arrivals: sc.Demand.Arrivals, ContactTypes: sc.Demand.ContactTypes}}, 0, fcr, 1800)
		c := OfferedProfile(sc, 0, fcr, 1800)
		var sumA, sumC float64
		for k := range c {
			sumA, sumC = sumA+a[k], sumC+c[k]
			if a[k] == 0 && c[k] != 0 {
				t.Fatalf("delay %v: closed interval %d is offered %g calls/h", delay, k, c[k])
			}
		}
		if !closeTo(sumC, sumA/(1-q), 1e-9) {
			t.Errorf("delay %v, closed hours: the week offers %g calls/h-intervals, want %g", delay, sumC, sumA/(1-q))
		}
	}
}

func TestRouteShare(t *testing.T) {
	share := Route{Kind: RouteShare, Sites: []int{0, 1}, Shares: []float64{0.4, 0.6}}
	over := Route{Kind: RouteOverflow, Sites: []int{1, 0}, OverflowQueue: []int{3}}
	for _, c := range []struct {
		r    Route
		si   int
		want float64
	}{{share, 0, 0.4}, {share, 1, 0.6}, {share, 2, 0}, {over, 1, 1}, {over, 0, 0}, {over, 2, 0}} {
		if got := routeShare(&c.r, c.si); got != c.want {
			t.Errorf("routeShare(%v %v, %d) = %g, want %g", c.r.Kind, c.r.Sites, c.si, got, c.want)
		}
	}
}

// checkMinimalPlan checks that each interval's plan is the fewest agents
// that meet the target: n meets it, n − 1 does not.
func checkMinimalPlan(t *testing.T, sc *Scenario, si int, iv float64, plan AgentSchedule) {
	t.Helper()
	calls, aht := SiteLoad(sc, si, iv)
	if len(plan.Agents) != len(calls) || plan.IntervalSeconds != iv {
		t.Fatalf("plan of %d intervals of %g s, want %d of %g", len(plan.Agents), plan.IntervalSeconds, len(calls), iv)
	}
	target := min(sc.Sites[si].Workforce.ServiceLevelTarget, 0.999)
	patience := 0.0
	if sc.Demand.Patience.Kind != None {
		patience = sc.Demand.Patience.MeanSeconds
	}
	sl := sc.Run.ServiceLevelSeconds
	meets := func(k, n int) bool {
		m, err := Queue{ArrivalsPerHour: calls[k], AHTSeconds: aht[k], PatienceSeconds: patience, Agents: n}.Measures(sl)
		return err == nil && m.Stable && m.ServiceLevel >= target
	}
	for k, n := range plan.Agents {
		if calls[k] == 0 {
			if n != 0 {
				t.Errorf("interval %d: no calls, %d agents planned", k, n)
			}
			continue
		}
		if n < 1 || !meets(k, n) {
			t.Errorf("interval %d: %g calls/h at %g s: %d agents miss the target %g", k, calls[k], aht[k], n, target)
		}
		if n > 1 && meets(k, n-1) {
			t.Errorf("interval %d: %g calls/h at %g s: %d agents already meet the target, %d planned", k, calls[k], aht[k], n-1, n)
		}
	}
}

func TestPlanStaffingIsMinimal(t *testing.T) {
	cases := []struct {
		name   string
		modify func(*Scenario)
		si     int
		iv     float64
	}{
		{"Erlang A, weekly profile, hourly", func(sc *Scenario) { sc.Demand.Arrivals = weeklyProfile() }, 0, 3600},
		{"Erlang A, weekly profile, half-hourly", func(sc *Scenario) { sc.Demand.Arrivals = weeklyProfile() }, 0, 1800},
		{"Erlang C, weekly profile", func(sc *Scenario) {
			sc.Demand.Arrivals = weeklyProfile()
			sc.Demand.Patience = Dist{}
		}, 0, 3600},
		{"SR with repeats", func(sc *Scenario) {
			sc.Demand.Arrivals = weeklyProfile()
			sc.Demand.Customers.RepeatProbability = 0.5
			sc.Demand.Customers.RepeatDelay = Exp(2 * SecondsPerDay)
		}, 1, 3600},
		{"second line, constant", func(*Scenario) {}, 2, 3600},
		{"target 1 is capped at 0.999", func(sc *Scenario) {
			sc.Demand.Arrivals = weeklyProfile()
			sc.Sites[0].Workforce.ServiceLevelTarget = 1
		}, 0, 3600},
		{"target 0.95, 60 s threshold", func(sc *Scenario) {
			sc.Demand.Arrivals = weeklyProfile()
			sc.Sites[0].Workforce.ServiceLevelTarget = 0.95
			sc.Run.ServiceLevelSeconds = 60
		}, 0, 3600},
	}
	for _, c := range cases {
		sc := planScenario()
		for i := range sc.Sites {
			sc.Sites[i].Workforce = testWorkforce()
		}
		c.modify(sc)
		if err := sc.Validate(); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		plan, err := PlanStaffing(sc, c.si, c.iv)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if plan.Max() == 0 {
			t.Fatalf("%s: empty plan", c.name)
		}
		checkMinimalPlan(t, sc, c.si, c.iv, plan)
	}

	// More load, more agents; a stricter target, more agents.
	sc := planScenario()
	sc.Sites[0].Workforce = testWorkforce()
	base, _ := PlanStaffing(sc, 0, 3600)
	sc.Demand.Arrivals.PerHour[0] = 200
	busy, _ := PlanStaffing(sc, 0, 3600)
	sc.Sites[0].Workforce.ServiceLevelTarget = 0.95
	strict, _ := PlanStaffing(sc, 0, 3600)
	if !(base.Agents[0] < busy.Agents[0] && busy.Agents[0] < strict.Agents[0]) {
		t.Errorf("plans %d (100/h), %d (200/h), %d (200/h at 95%%) not rising", base.Agents[0], busy.Agents[0], strict.Agents[0])
	}
}

func TestPlanStaffingErrors(t *testing.T) {
	// A site without a workforce has no plan.
	sc := planScenario()
	if _, err := PlanStaffing(sc, 2, 3600); err == nil || !strings.Contains(err.Error(), "workforce") || !strings.Contains(err.Error(), `"2nd"`) {
		t.Errorf("site without workforce: err = %v", err)
	}
	// The second line without escalations has no load.
	sc = planScenario()
	sc.Sites[2].Workforce = testWorkforce()
	sc.Demand.ContactTypes[1].Escalation = 0
	if _, err := PlanStaffing(sc, 2, 3600); err == nil || !strings.Contains(err.Error(), "no load") || !strings.Contains(err.Error(), `"2nd"`) {
		t.Errorf("site with no routed load: err = %v", err)
	}
	// An impossible plan (an Erlang C queue beyond DefaultMaxAgents) errors.
	sc = planScenario()
	sc.Sites[0].Workforce = testWorkforce()
	sc.Demand.Patience = Dist{}
	sc.Demand.Arrivals.PerHour[0] = 1e9
	if _, err := PlanStaffing(sc, 0, 3600); err == nil || !strings.Contains(err.Error(), `"NL"`) {
		t.Errorf("unreachable plan: err = %v", err)
	}
}

func TestValidate(t *testing.T) {
	good := func() *Scenario {
		sc := planScenario()
		sc.Sites[1].Workforce = testWorkforce()
		return sc
	}
	if err := good().Validate(); err != nil {
		t.Fatalf("good scenario: %v", err)
	}
	for _, c := range []struct {
		name   string
		modify func(*Scenario)
	}{
		{"escalation site out of range without escalation", func(sc *Scenario) {
			sc.Demand.ContactTypes[1].Escalation = 0
			sc.Routing.EscalationSite = 99
		}},
		{"wage scale from tenure 0", func(sc *Scenario) {
			sc.Sites[1].Workforce.Wages.Policy = WagePolicy{Kind: WageScale, Scale: []ScaleStep{{0, 0.02}, {365, 0.04}}}
		}},
		{"weekly profile", func(sc *Scenario) { sc.Demand.Arrivals = weeklyProfile() }},
		{"no patience", func(sc *Scenario) { sc.Demand.Patience = Dist{} }},
		{"lognormal with cv", func(sc *Scenario) { sc.Sites[0].HandleTime[0] = Dist{Kind: Lognormal, MeanSeconds: 240, CV: 0.8} }},
		{"in-house without price", func(sc *Scenario) { sc.Sites[1].Costs = Costs{} }},
		{"fixed wage", func(sc *Scenario) {
			sc.Sites[1].Workforce.Wages.Policy = WagePolicy{Kind: WageFixed, FixedPerHour: 80, AnnualRaise: 0.1}
		}},
	} {
		sc := good()
		c.modify(sc)
		if err := sc.Validate(); err != nil {
			t.Errorf("%s: want valid, got %v", c.name, err)
		}
	}

	checkRejects(t, good, []rejectCase{
		{"all rates zero", func(sc *Scenario) { sc.Demand.Arrivals.PerHour = []float64{0} }, []string{"arrivals", "zero"}},
		{"weekly table too short", func(sc *Scenario) {
			sc.Demand.Arrivals = RateProfile{IntervalSeconds: 3600, PerHour: make([]float64, 100)}
			sc.Demand.Arrivals.PerHour[0] = 1
		}, []string{"arrivals", "168 values"}},
		{"bad interval", func(sc *Scenario) {
			sc.Demand.Arrivals = RateProfile{IntervalSeconds: 600, PerHour: []float64{1, 2}}
		}, []string{"interval", "600"}},
		{"contact-type shares sum ≠ 1", func(sc *Scenario) { sc.Demand.ContactTypes[0].Share = 0.2 }, []string{"contact-type shares sum to 0.5,", "not 1"}},
		{"no contact types", func(sc *Scenario) { sc.Demand.ContactTypes = nil }, []string{"no contact types"}},
		{"escalation site out of range", func(sc *Scenario) { sc.Routing.EscalationSite = 3 }, []string{"escalation site 3"}},
		{"negative escalation site", func(sc *Scenario) { sc.Routing.EscalationSite = -1 }, []string{"escalation site -1"}},
		{"handle times missing", func(sc *Scenario) { sc.Sites[2].HandleTime = []Dist{Exp(400)} }, []string{`"2nd"`, "1 handle-time distributions for 2"}},
		{"wage scale not from 0", func(sc *Scenario) {
			sc.Sites[1].Workforce.Wages.Policy = WagePolicy{Kind: WageScale, Scale: []ScaleStep{{30, 0}, {365, 0.02}}}
		}, []string{`"SR"`, "wages", "scale", "tenure 0"}},
		{"empty wage scale", func(sc *Scenario) {
			sc.Sites[1].Workforce.Wages.Policy = WagePolicy{Kind: WageScale}
		}, []string{"scale"}},
		{"wage scale out of order", func(sc *Scenario) {
			sc.Sites[1].Workforce.Wages.Policy = WagePolicy{Kind: WageScale, Scale: []ScaleStep{{0, 0}, {400, 0.02}, {200, 0.04}}}
		}, []string{"scale", "ordered"}},
		{"unknown wage policy", func(sc *Scenario) { sc.Sites[1].Workforce.Wages.Policy.Kind = 9 }, []string{"wage policy"}},
		{"no minimum wage", func(sc *Scenario) { sc.Sites[1].Workforce.Wages.MinimumPerHour = Path{} }, []string{"minimum wage"}},
		{"minimum wage dates out of order", func(sc *Scenario) {
			sc.Sites[1].Workforce.Wages.MinimumPerHour = Path{Days: []float64{0, 200, 100}, Values: []float64{1, 2, 3}}
		}, []string{"minimum wage", "increase"}},
		{"outsourced without price", func(sc *Scenario) { sc.Sites[1].Costs.PriceEUR = 0 }, []string{`site "SR"`, "price"}},
		{"unknown billing model", func(sc *Scenario) { sc.Sites[0].Costs.Billing = 9 }, []string{`"NL"`, "billing model"}},
		{"negative seat cost", func(sc *Scenario) { sc.Sites[0].Costs.SeatPerAgentMonthEUR = -1 }, []string{`"NL"`, "costs"}},
		{"site staffs nobody", func(sc *Scenario) { sc.Sites[2].Staffing.Agents = []int{0} }, []string{`"2nd"`, "never staffs"}},
		{"no sites", func(sc *Scenario) { sc.Sites = nil }, []string{"no sites"}},
		{"route shares sum ≠ 1", func(sc *Scenario) { sc.Routing.ByType[0].Shares = []float64{0.5, 0.6} }, []string{`"simple"`, "shares sum to 1.1"}},
		{"route to a missing site", func(sc *Scenario) { sc.Routing.ByType[0].Sites = []int{0, 5} }, []string{`"simple"`, "site index 5"}},
		{"overflow thresholds missing", func(sc *Scenario) { sc.Routing.ByType[1].OverflowQueue = nil }, []string{`"complex"`, "overflow thresholds"}},
		{"routes missing", func(sc *Scenario) { sc.Routing.ByType = sc.Routing.ByType[:1] }, []string{"1 routes for 2 contact types"}},
		{"warm-up beyond horizon", func(sc *Scenario) { sc.Run.WarmupSeconds = sc.Run.HorizonSeconds }, []string{"warm-up"}},
		{"redial without delay", func(sc *Scenario) { sc.Demand.Redial.Probability = 0.3 }, []string{"redial delay"}},
		{"repeat without delay", func(sc *Scenario) { sc.Demand.Customers.RepeatProbability = 0.5 }, []string{"customers", "repeat delay"}},
	})

	// Every problem is reported, not just the first. (The range of each
	// value is the scenarios schema's to check.)
	sc := good()
	sc.Demand.Arrivals.PerHour = []float64{0}
	sc.Sites[1].Workforce.Wages.Policy = WagePolicy{Kind: WageScale}
	sc.Run.WarmupSeconds = sc.Run.HorizonSeconds
	err := sc.Validate()
	for _, w := range []string{"arrivals", "scale", "warm-up"} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("three problems: error %v does not mention %q", err, w)
		}
	}
}

// BenchmarkPlanLongPatience plans one site for 336 distinct half-hour
// loads of 50,000 to 90,000 calls an hour whose callers wait a day on
// average (the longest mean patience the format allows): about the
// costliest plan a site may ask for within the scenario limits (offsim
// validate plans every planned site).
func BenchmarkPlanLongPatience(b *testing.B) {
	sc := planScenario()
	sc.Demand.Patience = Exp(SecondsPerDay)
	sc.Demand.Arrivals = RateProfile{IntervalSeconds: 1800, PerHour: make([]float64, 336)}
	for k := range sc.Demand.Arrivals.PerHour {
		sc.Demand.Arrivals.PerHour[k] = 50000 + float64(k*k%336)*119
	}
	sc.Sites[0].Workforce = testWorkforce()
	sc.Sites[0].Workforce.MaxAbandonRate = 0.05
	for b.Loop() {
		if _, err := PlanStaffing(sc, 0, 1800); err != nil {
			b.Fatal(err)
		}
	}
}

// rejectCase is an edit that makes a valid scenario invalid, and what
// Validate's error must mention (all of wants).
type rejectCase struct {
	name  string
	edit  func(*Scenario)
	wants []string
}

// checkRejects applies each case to a fresh valid scenario and checks
// that Validate rejects it with an error mentioning its wants.
func checkRejects(t *testing.T, valid func() *Scenario, cases []rejectCase) {
	t.Helper()
	for _, c := range cases {
		sc := valid()
		c.edit(sc)
		err := sc.Validate()
		if err == nil {
			t.Errorf("%s: Validate accepted it", c.name)
			continue
		}
		for _, w := range c.wants {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not mention %q", c.name, err, w)
			}
		}
	}
}
