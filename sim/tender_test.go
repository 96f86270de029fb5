package sim

import (
	"math"
	"reflect"
	"testing"

	"offsim/model"
)

// tenderScenario is years of a small client (40 calls an hour around the
// clock) re-tendered every 24 months among the given bidder sites, each
// site its own bidder; the first is the incumbent. Every site is planned
// for the whole first line, as the scenarios package plans it.
func tenderScenario(years float64, sites ...model.Site) *model.Scenario {
	sc := workforceScenario(12 * years)
	sc.Name = "tender"
	sc.Demand.Arrivals.PerHour = []float64{40}
	sc.Sites = sites
	t := &model.Tender{ContractMonths: 24, NoticeDays: 60, ReviewMonths: 3}
	for i := range sites {
		t.Bidders = append(t.Bidders, model.Bidder{Name: sites[i].Name, Sites: []int{i}, Shares: []float64{1}, TargetMargin: 0.1, PromisedQuality: 0.7})
	}
	sc.Tender = t
	planTender(sc)
	return sc
}

// planTender plans every bidder's sites for the routing its bidder would
// have, then routes the first line to the incumbent.
func planTender(sc *model.Scenario) {
	t := sc.Tender
	nt := len(sc.Demand.ContactTypes)
	plan := func(b int, sh []float64, only func(i int) bool) {
		sc.Routing = t.BidderRouting(sc.Routing, nt, b, sh)
		for i, si := range t.Bidders[b].Sites {
			if !only(i) {
				continue
			}
			plan, err := model.PlanStaffing(sc, si, 1800)
			if err != nil {
				panic(err)
			}
			sc.Sites[si].Staffing, sc.Sites[si].Planned = plan, true
		}
	}
	for b := range t.Bidders {
		sh := t.Bidders[b].Shares
		plan(b, sh, func(i int) bool { return sh[i] > 0 })
		for i := range sh { // a site only the offshore lever fills: as if it took all
			if sh[i] == 0 {
				one := make([]float64, len(sh))
				one[i] = 1
				plan(b, one, func(k int) bool { return k == i })
			}
		}
	}
	b := t.Incumbent
	sc.Routing = t.BidderRouting(sc.Routing, nt, b, t.Bidders[b].Shares)
}

// bidderSite is a Dutch provider's site paying the minimum plus premium,
// billed per hour, with a minimum wage rising 3% every half year.
func bidderSite(name string, premium float64) model.Site {
	s := workforceSite(name, 1, 14.06, 1)
	s.Costs.Billing = model.BillPerHour
	s.Costs.PriceIndexPerYear = 0.01
	w := s.Workforce
	w.Wages.Policy = model.WagePolicy{Kind: model.WagePremium, Premium: premium}
	w.Wages.MinimumPerHour.IndexEveryDays = 182.5
	w.Wages.MinimumPerHour.IndexRate = 0.03
	w.Wages.NightPremium = 0
	return s
}

// wageLever cuts the wage premium 5 points a review, down to the minimum.
var wageLever = []model.Lever{{Kind: model.LeverWagePremium, Step: 0.05, Limit: 0}}

// yearly returns metric name of year y (from 1) of every replication.
func yearly(sc *model.Scenario, reps []model.Replication, y int, name string) []float64 {
	out := make([]float64, len(reps))
	for r := range reps {
		for _, m := range model.YearMetrics(sc, &reps[r])[y-1] {
			if m.Name == name {
				out[r] = m.Value
			}
		}
	}
	return out
}

// ci99 returns the mean and the 99% Student-t half-width of xs.
func ci99(xs []float64) (mean, half float64) {
	s := model.Summarize(xs)
	return s.Mean, model.TQuantile(0.995, len(xs)-1) * s.SD / math.Sqrt(float64(len(xs)))
}

// TestTenderIdenticalBiddersStable: two identical providers bid; the
// challenger prices in staffing up from scratch, so the incumbent keeps
// every contract in every replication, and nobody is laid off.
func TestTenderIdenticalBiddersStable(t *testing.T) {
	longTest(t)
	t.Parallel()
	sc := tenderScenario(6, bidderSite("A", 0.2), bidderSite("B", 0.2))
	reps := runMany(t, sc, 4, 0)
	for _, r := range reps {
		if len(r.Awards) != 3 {
			t.Fatalf("replication %d: %d awards, want the first contract and 2 tenders", r.Index, len(r.Awards))
		}
		for k, a := range r.Awards {
			if a.Winner != 0 {
				t.Errorf("replication %d tender %d: won by %d, bids %.0f", r.Index, k, a.Winner, a.MonthlyEUR)
			}
			if k > 0 && !(a.MonthlyEUR[1] > a.MonthlyEUR[0]) {
				t.Errorf("tender %d: the challenger's bid %.0f is not above the incumbent's %.0f", k, a.MonthlyEUR[1], a.MonthlyEUR[0])
			}
		}
		for m, h := range r.Holders {
			if h != 0 {
				t.Fatalf("month %d held by %d", m, h)
			}
		}
		if w := r.Sites[1].Workforce; w.Hires != 0 || w.EmployedAgentDays != 0 || r.Total.Workforce.LaidOff != 0 {
			t.Errorf("the losing bidder employed people: %+v", w)
		}
		checkLedger(t, sc, r)
	}
}

// TestTenderRaceToMinimum: a provider whose margin the rising minimum
// squeezes (prices indexed 1% a year, the minimum 3% a half-year) cuts
// its premium review by review: wage ÷ minimum falls from 1.3 towards 1
// over the contracts. A sector wage floor of 3.85% stops the fall there.
func TestTenderRaceToMinimum(t *testing.T) {
	longTest(t)
	t.Parallel()
	race := tenderScenario(8, bidderSite("A", 0.3), bidderSite("B", 0.3))
	for b := range race.Tender.Bidders {
		race.Tender.Bidders[b].Levers = wageLever
	}
	floor := tenderScenario(8, bidderSite("A", 0.3), bidderSite("B", 0.3))
	floor.Tender = race.Tender
	floor.Policy = model.Policy{WageFloor: true, WageFloorPremium: 0.0385}
	const n = 6
	for _, c := range []struct {
		sc   *model.Scenario
		low  float64 // the least final-year ratio allowed
		high float64 // the final-year ratio's 99% CI must end below
	}{{race, 1, 1.05}, {floor, 1.0385, 1.0385 + 0.05}} {
		reps := runMany(t, c.sc, n, 0)
		first, final := yearly(c.sc, reps, 1, "mean_wage_to_minimum"), yearly(c.sc, reps, 8, "mean_wage_to_minimum")
		m1, h1 := ci99(first)
		m8, h8 := ci99(final)
		t.Logf("floor %v: wage/minimum year 1 %.4f ± %.4f, year 8 %.4f ± %.4f", c.sc.Policy.WageFloor, m1, h1, m8, h8)
		if !(m8+h8 < m1-h1) {
			t.Errorf("floor %v: wage ÷ minimum did not fall: year 1 %.4f ± %.4f, year 8 %.4f ± %.4f", c.sc.Policy.WageFloor, m1, h1, m8, h8)
		}
		if !(m8+h8 < c.high) {
			t.Errorf("floor %v: year-8 wage ÷ minimum %.4f ± %.4f, want below %.4f", c.sc.Policy.WageFloor, m8, h8, c.high)
		}
		for r, v := range final {
			if v < c.low-1e-9 {
				t.Errorf("floor %v: replication %d pays %.5f × the minimum, below %.4f", c.sc.Policy.WageFloor, r, v, c.low)
			}
		}
		if c.sc.Policy.WageFloor {
			for _, v := range yearly(c.sc, reps, 8, "share_at_minimum_wage") {
				if v != 0 {
					t.Errorf("with a floor %.3f of agent-days are at the statutory minimum", v)
				}
			}
		}
	}
}

// cheapSite is a provider paying the bare minimum under heavy monitoring:
// much cheaper, and worse for customers.
func cheapSite(name string) model.Site {
	s := bidderSite(name, 0)
	s.Workforce.Monitoring = 0.9
	s.Workforce.LanguageFit = 0.8
	s.Workforce.SkillCeiling = 0.7
	return s
}

// TestTenderQualityWeighting: on price alone the cheap provider wins the
// first tender in every replication; with 80% of the score on
// satisfaction, the incumbent's delivered quality keeps the contract.
func TestTenderQualityWeighting(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		weight float64
		want   int
	}{{0, 1}, {0.8, 0}} {
		sc := tenderScenario(2.5, bidderSite("A", 0.3), cheapSite("B"))
		sc.Tender.Award = model.AwardRule{QualityWeight: c.weight, Quality: model.QualityCSAT, DeliveredWeight: 1}
		sc.Tender.Bidders[1].PromisedQuality = 0.6
		sc.Tender.Transition = model.Transition{RehireProbability: 0.5, SkillRetention: 0.8, ClientCostEUR: 50000}
		reps := runMany(t, sc, 4, 0)
		for _, r := range reps {
			a := r.Awards[1]
			if a.Winner != c.want {
				t.Errorf("quality weight %g, replication %d: won by %d, want %d (bids %.0f, quality %.3f, scores %.3f)",
					c.weight, r.Index, a.Winner, c.want, a.MonthlyEUR, a.Quality, a.Score)
			}
			checkLedger(t, sc, r)
			checkConservation(t, r)
			if c.want == 1 {
				checkHandover(t, sc, r)
			}
		}
	}
}

// checkHandover checks a change of provider: the loser's agents are laid
// off, some rehired by the winner, the winner serves from the start day,
// and the client pays the transition cost.
func checkHandover(t *testing.T, sc *model.Scenario, r model.Replication) {
	t.Helper()
	w := r.Total.Workforce
	if w.LaidOff == 0 || w.Rehired == 0 || w.Rehired > w.LaidOff {
		t.Errorf("handover: %d laid off, %d rehired", w.LaidOff, w.Rehired)
	}
	start := int(r.Awards[1].StartDay / model.DaysPerMonth)
	if r.Holders[start+1] != 1 || r.Holders[start-1] != 0 {
		t.Errorf("holders around the handover month %d: %v", start, r.Holders)
	}
	last := len(r.Months) - 1
	if r.Months[last][0].Handled != 0 || r.Months[last][1].Handled == 0 {
		t.Errorf("after the handover the loser handles %d contacts, the winner %d", r.Months[last][0].Handled, r.Months[last][1].Handled)
	}
}

// checkConservation: offered = answered + abandoned + waiting at the end.
func checkConservation(t *testing.T, r model.Replication) {
	t.Helper()
	for i, s := range append([]model.Stats{r.Total}, r.Sites...) {
		c := s.Calls
		if c.Answered+c.Abandoned+c.WaitingAtEnd != c.Offered {
			t.Errorf("stats %d: %d answered + %d abandoned + %d waiting != %d offered", i, c.Answered, c.Abandoned, c.WaitingAtEnd, c.Offered)
		}
	}
}

// TestTenderOffshoreLever: a provider with an empty offshore site under
// margin pressure moves work offshore step by step, up to its limit.
func TestTenderOffshoreLever(t *testing.T) {
	t.Parallel()
	nl := bidderSite("NL", 0)
	sr := workforceSite("SR", 1, 52.47, 44)
	sr.Country = "SR"
	sr.Costs.Billing = model.BillPerHour
	sr.Workforce.LanguageFit = 0.85
	sc := tenderScenario(3, nl, sr)
	sc.Tender.Bidders = []model.Bidder{{Name: "F", Sites: []int{0, 1}, Shares: []float64{1, 0}, TargetMargin: 0.3,
		Levers: []model.Lever{{Kind: model.LeverOffshoreShare, Step: 0.2, Limit: 0.6}}}}
	planTender(sc)
	reps := runMany(t, sc, 2, 0)
	for _, r := range reps {
		y1, y3 := yearly(sc, []model.Replication{r}, 1, "offshore_share")[0], yearly(sc, []model.Replication{r}, 3, "offshore_share")[0]
		t.Logf("offshore share year 1 %.3f, year 3 %.3f", y1, y3)
		if !(y3 > y1 && y3 > 0.5 && y3 < 0.6+0.05) {
			t.Errorf("offshore share year 1 %.3f, year 3 %.3f: want a rise towards the 0.6 limit", y1, y3)
		}
		checkLedger(t, sc, r)
		checkConservation(t, r)
	}
}

// TestTenderDeterministic: replications with tenders are identical for
// any number of workers, with bids that price to win, cost-plus and
// wage-indexed prices and levers that are released.
func TestTenderDeterministic(t *testing.T) {
	t.Parallel()
	a0, b0 := bidderSite("A", 0.3), cheapSite("B")
	a0.Costs.Pricing, a0.Costs.RepriceMonths, a0.Costs.PriceIndexPerYear = model.PricingCostPlus, 3, 0
	b0.Costs.Pricing, b0.Costs.PriceIndexPerYear = model.PricingWageIndexed, 0
	sc := tenderScenario(2.5, a0, b0)
	sc.Tender.Award.BidNoiseCV = 0.05
	pricedToWin(sc)
	for b := range sc.Tender.Bidders {
		sc.Tender.Bidders[b].Levers, sc.Tender.Bidders[b].ReleaseLevers = wageLever, true
	}
	a, b := runMany(t, sc, 3, 1), runMany(t, sc, 3, 2)
	if !reflect.DeepEqual(a, b) {
		t.Error("1 and 2 workers differ")
	}
}

// TestTenderPolicySwitches: a provider whose costs double a month into a
// four-year contract (the minimum wage doubles) pulls every lever to its
// limit over 3 years of quarterly reviews; the policy's monitoring cap,
// minimum training and wage floor stop the levers there, and banned
// per-contact billing becomes billing per hour.
func TestTenderPolicySwitches(t *testing.T) {
	t.Parallel()
	greedy := func(p model.Policy) *Engine {
		site := bidderSite("A", 0.3)
		site.Costs.Billing = model.BillPerContact
		site.Workforce.Wages.MinimumPerHour = model.Path{Days: []float64{0, 30}, Values: []float64{14, 28}}
		sc := tenderScenario(3, site)
		sc.Policy = p
		sc.Tender.ContractMonths = 48
		sc.Tender.Bidders[0].Levers = []model.Lever{
			{Kind: model.LeverWagePremium, Step: 0.1, Limit: 0},
			{Kind: model.LeverMonitoring, Step: 0.2, Limit: 1},
			{Kind: model.LeverTraining, Step: 7, Limit: 0},
		}
		e, err := NewEngine(sc)
		if err != nil {
			t.Fatal(err)
		}
		e.Run(0)
		return e
	}
	free := greedy(model.Policy{})
	w := free.sites[0].wf.own
	if w.Wages.Policy.Premium != 0 || w.Monitoring != 1 || w.TrainingDays != 0 || free.sites[0].billing != model.BillPerContact {
		t.Errorf("without policy: premium %g, monitoring %g, training %g days, billing %v; want 0, 1, 0, per contact",
			w.Wages.Policy.Premium, w.Monitoring, w.TrainingDays, free.sites[0].billing)
	}
	ruled := greedy(model.Policy{WageFloor: true, WageFloorPremium: 0.0385, BanPerContactBilling: true,
		CapMonitoring: true, MaxMonitoring: 0.4, MinTrainingDays: 21})
	w = ruled.sites[0].wf.own
	if math.Abs(w.Wages.Policy.Premium-0.0385) > 1e-12 || w.Monitoring != 0.4 || w.TrainingDays != 21 || ruled.sites[0].billing != model.BillPerHour {
		t.Errorf("under the policy: premium %g, monitoring %g, training %g days, billing %v; want 0.0385, 0.4, 21, per hour",
			w.Wages.Policy.Premium, w.Monitoring, w.TrainingDays, ruled.sites[0].billing)
	}
}

// TestTenderServiceDip: a provider with cheaper seats and management,
// otherwise identical, takes over after two years. Its agents are new: first-contact resolution in
// the three months after the handover is below the three months before,
// and recovers within a year as they learn. Rehiring the loser's agents
// with their skill makes the dip smaller. Paired 99% CIs over replications.
func TestTenderServiceDip(t *testing.T) {
	longTest(t)
	t.Parallel()
	dip := func(rehire float64) (before, after, later []float64) {
		cheap := bidderSite("B", 0.3)
		cheap.Costs.SeatPerAgentMonthEUR, cheap.Costs.ManagementPerAgentMonthEUR = 100, 100
		sc := tenderScenario(3, bidderSite("A", 0.3), cheap)
		sc.Tender.Transition = model.Transition{RehireProbability: rehire, SkillRetention: 1}
		for _, r := range runMany(t, sc, 6, 0) {
			if r.Awards[1].Winner != 1 {
				t.Fatalf("the cheaper provider did not win: bids %.0f", r.Awards[1].MonthlyEUR)
			}
			start := int(math.Round(r.Awards[1].StartDay / model.DaysPerMonth))
			fcr := func(m0, m1 int) float64 {
				var mo model.Month
				for m := m0; m < m1; m++ {
					for s := range r.Months[m] {
						mo.Merge(&r.Months[m][s])
					}
				}
				return float64(mo.FirstResolved) / float64(mo.FirstContacts)
			}
			before = append(before, fcr(start-3, start))
			after = append(after, fcr(start, start+3))
			later = append(later, fcr(start+9, start+12))
		}
		return before, after, later
	}
	diff := func(a, b []float64) []float64 {
		d := make([]float64, len(a))
		for i := range a {
			d[i] = b[i] - a[i]
		}
		return d
	}
	before, after, later := dip(0)
	if m, h := ci99(diff(before, after)); !(m+h < 0) {
		t.Errorf("no dip after the handover: FCR change %.4f ± %.4f", m, h)
	}
	if m, h := ci99(diff(after, later)); !(m-h > 0) {
		t.Errorf("no recovery within a year: FCR change %.4f ± %.4f", m, h)
	}
	rb, ra, _ := dip(1)
	m0, _ := ci99(diff(before, after))
	m1, _ := ci99(diff(rb, ra))
	if m, h := ci99(diff(diff(before, after), diff(rb, ra))); !(m-h > 0) {
		t.Errorf("rehiring does not soften the dip: FCR change %.4f without, %.4f with (difference %.4f ± %.4f)", m0, m1, m, h)
	}
	t.Logf("FCR dip at the handover: %.4f without rehiring, %.4f with", m0, m1)
}

// TestTenderPooledBidder: a bidder whose two sites form one pooled route
// (the second held back 20 s) serves the first line from both sites,
// through a handover, with calls and ledger accounted for.
func TestTenderPooledBidder(t *testing.T) {
	t.Parallel()
	nl, sr := bidderSite("NL", 0.1), workforceSite("SR", 1, 52.47, 44)
	sr.Country = "SR"
	sr.Costs.Billing = model.BillPerHour
	sr.Costs.PriceEUR = 0
	sc := tenderScenario(3, bidderSite("I", 0.3), sr, nl)
	sc.Tender.Bidders = []model.Bidder{
		{Name: "I", Sites: []int{0}, Shares: []float64{1}, TargetMargin: 0.1},
		{Name: "P", Sites: []int{1, 2}, Shares: []float64{0.6, 0.4}, TargetMargin: 0.1, Pooled: true, DelaySeconds: []float64{0, 20}},
	}
	planTender(sc)
	for _, r := range runMany(t, sc, 2, 0) {
		if r.Awards[1].Winner != 1 {
			t.Fatalf("the cheaper pooled bidder lost: bids %v", r.Awards[1].MonthlyEUR)
		}
		last := len(r.Months) - 1
		if r.Months[last][1].Handled == 0 || r.Months[last][2].Handled == 0 {
			t.Errorf("the pooled bidder's sites handle %d and %d contacts in the last month", r.Months[last][1].Handled, r.Months[last][2].Handled)
		}
		if r.Pooled == nil || r.Pooled[0].Answered == 0 {
			t.Error("no call went through the pooled queue")
		}
		checkLedger(t, sc, r)
		checkConservation(t, r)
	}
}
