package sim

import (
	"math"
	"testing"

	"offsim/model"
)

// sharedPoolScenario is two sites of 60 agents each (as peopleScenario,
// 12 months, 45% turnover) hiring from one shared pool of the given size
// without inflow; each site's own pool is unlimited but not used.
func sharedPoolScenario(size float64) *model.Scenario {
	sc := peopleScenario()
	sc.Run.HorizonSeconds = 12 * model.DaysPerMonth * model.SecondsPerDay
	a := sc.Sites[0]
	a.Workforce.HeadcountTarget, a.Workforce.InitialHeadcount = 60, 60
	a.Workforce.Attrition.BaseAnnual = 0.45
	b := a
	wb := *a.Workforce
	b.Name, b.Workforce = "B", &wb
	sc.Sites = []model.Site{a, b}
	sc.Routing.ByType = []model.Route{{Kind: model.RouteShare, Sites: []int{0, 1}, Shares: []float64{0.5, 0.5}}}
	sc.LabourPools = []model.LabourPool{{Name: "P", Size: size, LeadTimeDays: 14, LeadTimeDepletion: 1}}
	a.Workforce.LabourPool, wb.LabourPool = "P", "P"
	return sc
}

// TestSharedPool: two sites naming one pool draw from it together. With
// no inflow and no returns, the candidates taken (hires started, plus
// offers not yet started at the horizon) and those left add up to the
// pool's size; each site reports the shared stock, the total counts it
// once; and against two pools of the same size each, sharing leaves
// fewer candidates to hire (paired, 99% CI).
func TestSharedPool(t *testing.T) {
	t.Parallel()
	shared := sharedPoolScenario(30)
	e, r := runEngine(t, shared, 0)
	pending := len(e.sites[0].wf.pending) + len(e.sites[1].wf.pending)
	taken := float64(r.Total.Workforce.Hires) + float64(pending)
	if got := taken + r.Total.Workforce.PoolEnd; math.Abs(got-30) > 1e-9 {
		t.Errorf("%.0f candidates taken + %.3f left = %.3f, want the pool's 30", taken, r.Total.Workforce.PoolEnd, got)
	}
	if r.Sites[0].Workforce.Hires == 0 || r.Sites[1].Workforce.Hires == 0 {
		t.Errorf("hires %d and %d: both sites must draw from the shared pool", r.Sites[0].Workforce.Hires, r.Sites[1].Workforce.Hires)
	}
	if r.Sites[0].Workforce.PoolEnd != r.Total.Workforce.PoolEnd || r.Sites[1].Workforce.PoolEnd != r.Total.Workforce.PoolEnd {
		t.Errorf("pool at the end: sites %g and %g, total %g: want the shared stock, counted once",
			r.Sites[0].Workforce.PoolEnd, r.Sites[1].Workforce.PoolEnd, r.Total.Workforce.PoolEnd)
	}
	own := sharedPoolScenario(30)
	for i := range own.Sites {
		own.Sites[i].Workforce.LabourPool = ""
		own.Sites[i].Workforce.Pool = own.LabourPools[0]
	}
	own.LabourPools = nil
	m, h := pairedDiff(t, own, shared, 4, func(s *model.Stats) float64 { return float64(s.Workforce.Hires) })
	requireNegative(t, "hires: one shared pool against two of the same size", m, h)
}

// TestOtherEmployersCompete: the rest of the sector hiring from the same
// pool empties it sooner: lead times and time to fill grow, requisitions
// go unfilled, vacancies rise, the going wage rises with the tightening
// and pay falls against it (paired, 99% CI).
func TestOtherEmployersCompete(t *testing.T) {
	t.Parallel()
	alone := sharedPoolScenario(400)
	alone.LabourPools[0].RefillPerMonth = 10
	alone.LabourPools[0].WagePressure = 0.5
	busy := sharedPoolScenario(400)
	busy.LabourPools[0] = alone.LabourPools[0]
	busy.LabourPools[0].OtherEmployersHiresPerMonth = 40
	ra, rb := runMany(t, alone, 6, 0), runMany(t, busy, 6, 0)
	for _, c := range []struct {
		what string
		f    func(*model.Stats) float64
	}{
		{"time to fill without other employers", func(s *model.Stats) float64 { return s.Workforce.TimeToFillDays() }},
		{"vacancy rate without other employers", func(s *model.Stats) float64 { return s.Workforce.VacancyRate() }},
		{"going wage without other employers", func(s *model.Stats) float64 { return s.Workforce.GoingWageEURPerHour() }},
		{"pay ÷ going wage with other employers", func(s *model.Stats) float64 { return -s.Workforce.WageToGoing() }},
	} {
		requireFalls(t, c.what, rb, ra, c.f)
	}
	for _, r := range rb {
		w := r.Total.Workforce
		if lead := w.LeadTimeDaysSum / float64(w.Hires); !(w.TimeToFillDays() >= lead) || !(lead > 14) {
			t.Errorf("time to fill %.1f days, lead time %.1f: want time to fill ≥ lead time > 14", w.TimeToFillDays(), lead)
		}
	}
}

// TestPayAgainstTheGoingWage: quits respond to pay ÷ the going wage, not
// to euros: a Dutch site paying its €16 going wage + 10% and a Surinamese
// one paying its €2.40 going wage + 10% have the same turnover,
// replication by replication (common random numbers); the same +€1.60 an
// hour at the Surinamese site is a 67% raise against its market and
// lowers its turnover far more.
func TestPayAgainstTheGoingWage(t *testing.T) {
	t.Parallel()
	site := func(minimum, fx, goingEUR, payEUR float64) *model.Scenario {
		sc := peopleScenario()
		sc.Run.HorizonSeconds = 6 * model.DaysPerMonth * model.SecondsPerDay
		w := sc.Sites[0].Workforce
		w.Attrition.PayElasticity = 2
		w.Wages.MinimumPerHour = model.ConstantPath(minimum)
		w.Wages.FX = model.FXPath{Path: model.ConstantPath(fx)}
		w.Wages.Policy = model.WagePolicy{Kind: model.WageFixed, FixedPerHour: payEUR * fx}
		w.Pool.GoingWageToMinimum = goingEUR * fx / minimum
		return sc
	}
	nl := site(14.71, 1, 16, 17.6)
	sr := site(52.47, 44, 2.4, 2.64)
	ra, rb := runMany(t, nl, 3, 0), runMany(t, sr, 3, 0)
	for i := range ra {
		a, b := ra[i].Total.Workforce, rb[i].Total.Workforce
		if a.Quits != b.Quits || math.Abs(a.TurnoverAnnual()-b.TurnoverAnnual()) > 1e-12 {
			t.Errorf("replication %d: turnover %.4f in NL, %.4f in SR at the same pay ÷ going wage", i, a.TurnoverAnnual(), b.TurnoverAnnual())
		}
		if g := a.WageToGoingAgentDays / a.EmployedAgentDays; math.Abs(g-1.1) > 1e-9 {
			t.Errorf("wage ÷ going wage %.6f, want 1.1", g)
		}
	}
	plus := site(52.47, 44, 2.4, 2.4+1.6)
	nlPlus := site(14.71, 1, 16, 16+1.6)
	m, h := pairedDiff(t, nlPlus, plus, 6, attrition)
	requireNegative(t, "SR turnover against NL after the same +€1.60 an hour", m, h)
}

// TestCoverFillsTheGap: a site that lost a third of its agents covers
// the gap with agency staff (up to 30% of the plan) at a 35% premium: it
// works more hours, answers more calls in time, and pays a cover line
// that no site without cover has (paired, 99% CI). Overtime is bounded by
// a share of the available agents' own hours.
func TestCoverFillsTheGap(t *testing.T) {
	t.Parallel()
	short := func(c model.Cover) *model.Scenario {
		sc := workforceScenario(1)
		sc.Demand.Arrivals.PerHour = []float64{90}
		sc.Sites = sc.Sites[:1]
		w := sc.Sites[0].Workforce
		w.Pool = model.LabourPool{Size: 1, LeadTimeDays: 14} // one candidate to hire
		w.InitialHeadcount = 50                              // of a target of 67
		w.Cover = c
		sc.Routing.ByType = []model.Route{{Kind: model.RouteShare, Sites: []int{0}, Shares: []float64{1}}}
		return sc
	}
	none := short(model.Cover{})
	agency := short(model.Cover{Kind: model.CoverAgency, Premium: 0.35, MaxShare: 0.3})
	rn, ra := runMany(t, none, 4, 0), runMany(t, agency, 4, 0)
	requireFalls(t, "service level without cover", ra, rn, func(s *model.Stats) float64 { return s.Calls.ServiceLevel() })
	requireFalls(t, "hours on duty without cover", ra, rn, func(s *model.Stats) float64 { return s.Calls.OnDutyAgentSeconds })
	for i := range ra {
		if rn[i].Total.Ledger[model.CostCover] != 0 || !(ra[i].Total.Ledger[model.CostCover] > 0) {
			t.Errorf("cover cost %g without cover, %g with agency staff", rn[i].Total.Ledger[model.CostCover], ra[i].Total.Ledger[model.CostCover])
		}
	}
	ot := short(model.Cover{Kind: model.CoverOvertime, Premium: 0.5, MaxShare: 0.1})
	r := runOne(t, ot, 0)
	w := ot.Sites[0].Workforce
	// At most 10% of the hours of the 51 agents available (fewer as they leave).
	bound := 0.1 * 51 * w.ContractHoursPerWeek * (1 - w.Shrinkage) / 7 * ot.Run.HorizonSeconds / model.SecondsPerDay
	if c := r.Total.Workforce.CoverHours; !(c > 0) || c > bound+1e-9 {
		t.Errorf("overtime %.1f hours, want in (0, %.1f]", c, bound)
	}
}

// slaScenario is one outsourced per-contact site open 06:00–23:00 (so no
// call is waiting at midnight, when periods are settled) with an SLA it
// misses: 2.5 months.
func slaScenario(period int) *model.Scenario {
	sc := workforceScenario(2.5)
	rates := make([]float64, 168)
	for i := range rates {
		if h := i % 24; h >= 6 && h < 23 {
			rates[i] = 300
		}
	}
	sc.Demand.Arrivals = model.RateProfile{IntervalSeconds: 3600, PerHour: rates}
	sc.Sites = sc.Sites[1:]
	sc.Sites[0].Staffing.Agents = []int{14}
	sc.Sites[0].Workforce.Pool = model.LabourPool{LeadTimeDays: 14}
	sc.Sites[0].Costs.SLA = model.SLA{Target: 0.95, PeriodMonths: period, PenaltyPerPoint: 0.01, Cap: 0.08}
	sc.Routing.ByType = []model.Route{{Kind: model.RouteShare, Sites: []int{0}, Shares: []float64{1}}}
	return sc
}

// TestSLACredits: for each measurement period (one month, two months, the
// last partial one) the credit is the SLA's formula on the period's
// service level and gross invoice, booked in the month after it; the
// revenue is net of it, and the client's cost falls by it.
func TestSLACredits(t *testing.T) {
	t.Parallel()
	for _, period := range []int{1, 2} {
		sc := slaScenario(period)
		r := runOne(t, sc, 0)
		sla := sc.Sites[0].Costs.SLA
		var want float64
		booked := make([]float64, len(r.Months)) // per month
		for m0 := 0; m0 < len(r.Months); m0 += period {
			var offered, inSL int64
			var invoice float64
			m1 := min(m0+period, len(r.Months))
			for m := m0; m < m1; m++ {
				mo := r.Months[m][0]
				offered += mo.Offered
				inSL += mo.AnsweredInSL
				invoice += mo.RevenueEUR + mo.SLACreditEUR
			}
			credit := sla.Credit(float64(inSL)/float64(offered), invoice)
			if credit == 0 {
				t.Fatalf("period %d: months %d–%d: service level %.3f meets the target: nothing to test", period, m0, m1, float64(inSL)/float64(offered))
			}
			want += credit
			booked[min(m1, len(r.Months)-1)] += credit // the month after the period, or the last
		}
		for m := range r.Months {
			if got := r.Months[m][0].SLACreditEUR; math.Abs(got-booked[m]) > 1e-6 {
				t.Errorf("period %d: credit booked in month %d %.2f, want %.2f", period, m, got, booked[m])
			}
		}
		w := r.Total.Workforce
		if math.Abs(w.SLACreditEUR-want) > 1e-6*want {
			t.Errorf("period %d: credits %.2f, want %.2f", period, w.SLACreditEUR, want)
		}
		gross := float64(r.Total.Contacts.Handled) * sc.Sites[0].Costs.PriceEUR
		if math.Abs(w.RevenueEUR-(gross-want)) > 1e-6*gross {
			t.Errorf("period %d: revenue %.2f, want billed %.2f less credits %.2f", period, w.RevenueEUR, gross, want)
		}
		for _, err := range monthsAddUp(&r) {
			t.Error(err)
		}
	}
}

// bindingScenario is workforceScenario for 9 months at 40 calls an hour,
// with its offshore site (27 agents, billed per contact, an 80/20 SLA,
// overtime cover) hiring from a shared Paramaribo pool; binds says
// whether the pool is small and drawn on by the rest of the sector, or
// unlimited.
func bindingScenario(binds bool) *model.Scenario {
	sc := workforceScenario(9)
	sc.Demand.Arrivals.PerHour = []float64{40}
	sc.Sites[0].Staffing.Agents = []int{3}
	sc.Sites[1].Staffing.Agents = []int{4}
	sr := sc.Sites[1].Workforce
	sr.Attrition.BaseAnnual = 0.6
	sr.Cover = model.Cover{Kind: model.CoverOvertime, Premium: 0.5, MaxShare: 0.15}
	sr.LabourPool = "Paramaribo"
	sc.Sites[1].Costs.SLA = model.SLA{Target: 0.8, PenaltyPerPoint: 0.01, Cap: 0.1}
	pool := model.LabourPool{Name: "Paramaribo", LeadTimeDays: 21, LeadTimeDepletion: 1, SkillDepletion: 0.5,
		HireCostDepletion: 0.5, GoingWageToMinimum: 1.5, WagePressure: 0.3, ReturnShare: 0.1, ReturnDelayDays: 180}
	if binds {
		pool.Size, pool.RefillPerMonth, pool.OutflowPerMonthShare, pool.OtherEmployersHiresPerMonth = 40, 2, 0.004, 6
	}
	sc.LabourPools = []model.LabourPool{pool}
	return sc
}

// TestScarcityCosts: where the pool binds, paired against an unlimited
// pool (common random numbers), the client's cost plus the value of the
// customers lost rises, with a 95% confidence interval that excludes 0.
func TestScarcityCosts(t *testing.T) {
	t.Parallel()
	const n = 6
	free, tight := runMany(t, bindingScenario(false), n, 0), runMany(t, bindingScenario(true), n, 0)
	ltv := workforceScenario(24).Demand.Customers.LifetimeValueEUR
	d := make([]float64, n)
	for i := range d {
		cost := func(s *model.Stats) float64 { return s.Ledger.Total() + s.Journeys.Churned*ltv }
		d[i] = cost(&tight[i].Total) - cost(&free[i].Total)
	}
	s := model.Summarize(d)
	half := model.TQuantile(0.975, n-1) * s.SD / math.Sqrt(n)
	if !(s.Mean-half > 0) {
		t.Errorf("client's cost + lost customer value: change %.0f ± %.0f EUR (95%% CI) does not exclude 0", s.Mean, half)
	}
	t.Logf("client's cost + lost customer value, binding pool − unlimited: %.0f ± %.0f EUR (95%% CI, %d paired replications)", s.Mean, half, n)
	w := tight[0].Sites[1].Workforce
	t.Logf("binding pool, replication 0: vacancy rate %.3f, time to fill %.1f days, cover %.0f hours, SLA credit %.0f EUR, pool left %.0f",
		w.VacancyRate(), w.TimeToFillDays(), w.CoverHours, w.SLACreditEUR, w.PoolEnd)
}

// TestEngagementInTheEngine: with engagement switched on, agents paid
// below the going wage are less engaged, so they take longer, resolve
// less and quit more than agents paid at it (paired, 99% CI); with it
// off, pay below the going wage changes none of handle time and
// resolution.
func TestEngagementInTheEngine(t *testing.T) {
	t.Parallel()
	paid := func(toGoing float64, on bool) *model.Scenario {
		sc := peopleScenario()
		sc.Run.HorizonSeconds = 6 * model.DaysPerMonth * model.SecondsPerDay
		w := sc.Sites[0].Workforce
		w.Attrition.BaseAnnual = 0.8
		w.Wages.Policy = model.WagePolicy{Kind: model.WageMinimum}
		w.Pool.GoingWageToMinimum = 1 / toGoing
		if on {
			sc.Engagement = model.Engagement{Base: 0.6, Reference: 0.6, PayWeight: 1, MonitoringWeight: 0.2, AdjustDays: 30,
				HandleTimeEffect: 0.4, ResolutionEffect: 0.3, QuitEffect: 1}
		}
		return sc
	}
	at, below := runMany(t, paid(1, true), 6, 0), runMany(t, paid(0.75, true), 6, 0)
	requireFalls(t, "handle time at the going wage", below, at, handleSeconds)
	requireFalls(t, "FCR below the going wage", at, below, fcr)
	requireFalls(t, "turnover at the going wage", below, at, attrition)
	requireFalls(t, "engagement below the going wage", at, below, func(s *model.Stats) float64 { return s.Workforce.Engagement() })
	off0, off1 := runOne(t, paid(1, false), 0), runOne(t, paid(0.75, false), 0)
	if off0.Total.Contacts.HandledSeconds != off1.Total.Contacts.HandledSeconds || off0.Total.Contacts.FirstResolved != off1.Total.Contacts.FirstResolved {
		t.Error("engagement off: pay against the going wage must not move handle time or resolution")
	}
}

// TestHandoverRehiresWithinThePool: at a change of provider the winner
// rehires the loser's agents only where both hire in the same labour
// market: sites naming one shared pool do, even across a border; sites of
// one country naming different pools do not.
func TestHandoverRehiresWithinThePool(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name                   string
		poolA, poolB, countryB string
		rehires                bool
	}{
		{"one pool, two countries", "P", "P", "BE", true},
		{"two pools, one country", "P", "Q", "", false},
	} {
		a, b := bidderSite("A", 0.3), cheapSite("B")
		b.Country = c.countryB
		sc := tenderScenario(2.5, a, b)
		sc.Tender.Transition = model.Transition{RehireProbability: 0.5, SkillRetention: 0.8}
		sc.LabourPools = []model.LabourPool{{Name: "P", LeadTimeDays: 21}, {Name: "Q", LeadTimeDays: 21}}
		sc.Sites[0].Workforce.LabourPool, sc.Sites[1].Workforce.LabourPool = c.poolA, c.poolB
		r := runOne(t, sc, 0)
		if r.Awards[1].Winner != 1 {
			t.Fatalf("%s: the cheap provider did not win (bids %.0f)", c.name, r.Awards[1].MonthlyEUR)
		}
		w := r.Total.Workforce
		if w.LaidOff == 0 || (w.Rehired > 0) != c.rehires {
			t.Errorf("%s: %d laid off, %d rehired; want rehires %v", c.name, w.LaidOff, w.Rehired, c.rehires)
		}
	}
}

// TestAttractiveness: an employer paying above the going wage draws more
// candidates. Two sites share a tight pool: the one paying 20% above the
// going wage gets more of its requisitions served than the one paying the
// minimum, 9% below it; and a pool whose employers pay above the going
// wage refills faster, so its sites hire more (paired, 99% CI). Quits do not respond
// to pay here: only the pool's attractiveness does.
func TestAttractiveness(t *testing.T) {
	t.Parallel()
	pay := func(a, b float64) *model.Scenario { // pay ÷ going wage at each site
		sc := sharedPoolScenario(3)
		p := &sc.LabourPools[0]
		p.RefillPerMonth, p.AttractivenessPayElasticity, p.GoingWageToMinimum = 3, 3, 1.1
		p.LeadTimeDepletion = 0 // offers start within the horizon
		for i, r := range []float64{a, b} {
			sc.Sites[i].Workforce.Attrition.BaseAnnual = 1
			sc.Sites[i].Workforce.Wages.Policy = model.WagePolicy{Kind: model.WagePremium, Premium: 1.1*r - 1}
		}
		return sc
	}
	split := runMany(t, pay(1.2, 1/1.1), 6, 0)
	d := make([]float64, len(split))
	for i, r := range split {
		d[i] = float64(r.Sites[0].Workforce.Hires - r.Sites[1].Workforce.Hires)
	}
	m, h := ci99(d)
	t.Logf("hires of the better payer − the worse: %.1f ± %.1f (99%% CI)", m, h)
	if !(m-h > 0) {
		t.Errorf("hires of the better payer − the worse: %.1f ± %.1f (99%% CI), want > 0", m, h)
	}
	m, h = pairedDiff(t, pay(1.2, 1.2), pay(1/1.1, 1/1.1), 6, func(s *model.Stats) float64 { return float64(s.Workforce.Hires) })
	requireNegative(t, "hires when the pool's employers pay the minimum, against 20% above the going wage", m, h)
}
