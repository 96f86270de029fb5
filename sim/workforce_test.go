package sim

import (
	"math"
	"testing"

	"offsim/model"
)

// peopleScenario is one site with a workforce of 120 agents and little
// traffic: cheap to run for 24 months, with enough people for attrition
// statistics. Every attrition driver is off (constant hazard).
func peopleScenario() *model.Scenario {
	sc := workforceScenario(24)
	sc.Demand.Arrivals.PerHour = []float64{20}
	site := workforceSite("NL", 4, 14.06, 1)
	w := site.Workforce
	w.HeadcountTarget = 120
	w.InitialHeadcount = 120
	w.Monitoring = 0
	w.Attrition = model.Attrition{BaseAnnual: 0.3, ReferencePayRatio: 1, EarlyTenureFactor: 1}
	sc.Sites = []model.Site{site}
	sc.Routing.ByType = []model.Route{{Kind: model.RouteShare, Sites: []int{0}, Shares: []float64{1}}}
	return sc
}

// pairedDiff returns the mean and 99% CI half-width of f(b) − f(a) over
// paired replications (same seeds: common random numbers).
func pairedDiff(t *testing.T, a, b *model.Scenario, n int, f func(*model.Stats) float64) (mean, half float64) {
	t.Helper()
	return pairedDiffOf(runMany(t, a, n, 0), runMany(t, b, n, 0), f)
}

func pairedDiffOf(ra, rb []model.Replication, f func(*model.Stats) float64) (mean, half float64) {
	n := len(ra)
	d := make([]float64, n)
	for i := range d {
		d[i] = f(&rb[i].Total) - f(&ra[i].Total)
	}
	s := model.Summarize(d)
	return s.Mean, model.TQuantile(0.995, n-1) * s.SD / math.Sqrt(float64(n))
}

// requireFalls fails unless f falls from the replications ra to their
// pairs rb (same seeds: common random numbers) with 99% confidence.
func requireFalls(t *testing.T, what string, ra, rb []model.Replication, f func(*model.Stats) float64) {
	t.Helper()
	m, h := pairedDiffOf(ra, rb, f)
	requireNegative(t, what, m, h)
}

// handleSeconds is the mean handle time of the handled contacts.
func handleSeconds(s *model.Stats) float64 {
	return s.Contacts.HandledSeconds / float64(s.Contacts.Handled)
}

func fcr(s *model.Stats) float64 { return s.Contacts.FCR() }

// requireNegative fails unless the difference is below zero with 99% confidence.
func requireNegative(t *testing.T, what string, mean, half float64) {
	t.Helper()
	if mean+half >= 0 {
		t.Errorf("%s: change %.4g ± %.4g (99%% CI) is not negative", what, mean, half)
	}
}

func attrition(s *model.Stats) float64 { return s.Workforce.TurnoverAnnual() }

// TestConstantHazardAttrition: with every driver off, the observed
// turnover (leavers per year ÷ average headcount) matches the base rate,
// read on the same HR scale, within its 99% confidence interval over
// replications: the daily hazard is base ÷ 365.
func TestConstantHazardAttrition(t *testing.T) {
	t.Parallel()
	for _, base := range []float64{0.1, 0.6, 1.2} {
		sc := peopleScenario()
		sc.Sites[0].Workforce.Attrition.BaseAnnual = base
		reps := runMany(t, sc, 10, 0)
		v := make([]float64, len(reps))
		for i := range reps {
			v[i] = reps[i].Total.Workforce.TurnoverAnnual()
		}
		s := model.Summarize(v)
		half := model.TQuantile(0.995, s.N-1) * s.SD / math.Sqrt(float64(s.N))
		want := base
		if math.Abs(s.Mean-want) > half {
			t.Errorf("base %.2f: observed %.4f ± %.4f, want %.4f", base, s.Mean, half, want)
		}
	}
}

// TestWagePremiumLowersAttrition: paying 30% above the minimum, with a pay
// elasticity, lowers attrition.
func TestWagePremiumLowersAttrition(t *testing.T) {
	t.Parallel()
	a := peopleScenario()
	a.Sites[0].Workforce.Attrition.PayElasticity = 2
	a.Sites[0].Workforce.Wages.Policy = model.WagePolicy{Kind: model.WageMinimum}
	b := peopleScenario()
	b.Sites[0].Workforce.Attrition.PayElasticity = 2
	b.Sites[0].Workforce.Wages.Policy = model.WagePolicy{Kind: model.WagePremium, Premium: 0.3}
	m, h := pairedDiff(t, a, b, 8, attrition)
	requireNegative(t, "attrition after a 30% premium", m, h)
}

// TestMonitoring: more monitoring shortens calls, lowers first-contact
// resolution and raises attrition.
func TestMonitoring(t *testing.T) {
	t.Parallel()
	low := peopleScenario()
	high := peopleScenario()
	low.Sites[0].Workforce.Monitoring = 0
	high.Sites[0].Workforce.Monitoring = 0.9
	for _, sc := range []*model.Scenario{low, high} {
		sc.Sites[0].Workforce.Attrition.MonitoringEffect = 0.8
	}
	rl, rh := runMany(t, low, 8, 0), runMany(t, high, 8, 0)
	requireFalls(t, "handle time under monitoring", rl, rh, handleSeconds)
	requireFalls(t, "FCR under monitoring", rl, rh, fcr)
	requireFalls(t, "attrition without monitoring", rh, rl, attrition)
}

// TestSmallPoolDepletes: a small pool with high attrition runs dry: lead
// times grow past the full-pool lead time, the pool ends near empty,
// requisitions go unfilled and the site falls below its headcount target.
func TestSmallPoolDepletes(t *testing.T) {
	t.Parallel()
	sc := peopleScenario()
	w := sc.Sites[0].Workforce
	w.Attrition.BaseAnnual = 0.6
	w.Pool = model.LabourPool{Size: 80, RefillPerMonth: 1, LeadTimeDays: 14, LeadTimeDepletion: 1, SkillDepletion: 0.5}
	reps := runMany(t, sc, 4, 0)
	for _, r := range reps {
		ws := r.Total.Workforce
		if lead := ws.LeadTimeDaysSum / float64(ws.Hires); !(lead > 14*1.5) {
			t.Errorf("mean lead time %.1f days: did not grow from 14 as the pool depleted", lead)
		}
		if ws.PoolEnd > 5 {
			t.Errorf("pool ends with %.1f candidates of 80: not depleted", ws.PoolEnd)
		}
		if ws.UnfilledRequisitionDays == 0 || ws.HeadcountEnd() >= ws.TargetEnd {
			t.Errorf("headcount %d of target %d, unfilled %.0f requisition-days: the dry pool does not show",
				ws.HeadcountEnd(), ws.TargetEnd, ws.UnfilledRequisitionDays)
		}
		first, last := r.Months[0][0], r.Months[len(r.Months)-1][0]
		if !(last.PoolCandidates < first.PoolCandidates) {
			t.Errorf("pool %.1f → %.1f: the monthly series does not show depletion", first.PoolCandidates, last.PoolCandidates)
		}
	}
}

// TestRisingMinimumLiftsFixedWage: a fixed wage of 15.00 is overtaken by a
// minimum rising 2.9% every half year from 14.06; from then on agents are
// lifted to the minimum, and the share at the minimum goes from 0 to 1.
func TestRisingMinimumLiftsFixedWage(t *testing.T) {
	t.Parallel()
	sc := peopleScenario()
	wg := &sc.Sites[0].Workforce.Wages
	wg.MinimumPerHour = model.Path{Days: []float64{0}, Values: []float64{14.06}, IndexEveryDays: 182.5, IndexRate: 0.029}
	wg.Policy = model.WagePolicy{Kind: model.WageFixed, FixedPerHour: 15}
	r := runOne(t, sc, 0)
	first, last := r.Months[0][0], r.Months[len(r.Months)-1][0]
	shareAt := func(m model.Month) float64 { return m.AtMinimumAgentDays / m.EmployedAgentDays }
	if shareAt(first) != 0 || shareAt(last) != 1 {
		t.Errorf("share at minimum: month 1 %.2f, month %d %.2f; want 0 then 1", shareAt(first), len(r.Months), shareAt(last))
	}
	if r.Total.Workforce.LiftedToMinimum == 0 {
		t.Error("no agent-day counted as lifted to the minimum")
	}
	if ratio := last.WageToMinimumAgentDays / last.EmployedAgentDays; ratio != 1 {
		t.Errorf("wage ÷ minimum in the last month %.4f, want 1", ratio)
	}
	// No wage ever below the minimum: the ratio is at least 1 in every month.
	for m, mo := range r.Months {
		if mo[0].WageToMinimumAgentDays < mo[0].EmployedAgentDays-1e-9 {
			t.Errorf("month %d: mean wage below the minimum", m+1)
		}
	}
}

// checkLedger checks what holds in any replication: the months add up to
// the window totals (monthsAddUp) and an in-house site has no margin.
// TestLedgerFromCounts checks each cost line against its counts.
func checkLedger(t *testing.T, sc *model.Scenario, r model.Replication) {
	t.Helper()
	for _, err := range monthsAddUp(&r) {
		t.Error(err)
	}
	for s := range sc.Sites {
		if sc.Sites[s].Costs.Billing == model.BillInHouse && r.Sites[s].Ledger[model.CostProviderMargin] != 0 {
			t.Errorf("site %d: in-house site has a margin", s)
		}
	}
}

// TestPerContactBillingRewardsRepeats: under per-contact billing, lower
// first-contact resolution (more repeat contacts) raises the provider's
// revenue: the repeat-traffic incentive.
func TestPerContactBillingRewardsRepeats(t *testing.T) {
	t.Parallel()
	good, poor := workforceScenario(1), workforceScenario(1)
	poor.Demand.ContactTypes[0].FCR = 0.5
	g, p := runMany(t, good, 6, 0), runMany(t, poor, 6, 0)
	revenue := func(s *model.Stats) float64 { return s.Workforce.RevenueEUR }
	requireFalls(t, "revenue with good resolution", p, g, revenue)
	requireFalls(t, "repeat contacts with poor resolution", g, p, func(s *model.Stats) float64 { return -float64(s.Journeys.Repeats) })
}

// TestNoWorkforceUnchanged: the workforce machinery leaves a scenario
// without workforce exactly as the bare queue: no hires, no costs, and
// handle times untouched (the theory tests hold on the same engine).
func TestNoWorkforceUnchanged(t *testing.T) {
	t.Parallel()
	r := runOne(t, w1(), 0)
	if r.Total.Workforce != (model.WorkforceStats{}) || r.Total.Ledger.Total() != 0 {
		t.Errorf("a scenario without workforce has workforce figures %+v", r.Total.Workforce)
	}
}
