package sim

import (
	"math"
	"testing"

	"offsim/model"
)

// riseDay is the first day of month 3, when the minimum of pricingScenario
// rises by riseShare.
const (
	riseDay   = 92
	riseShare = 0.2
)

// pricingScenario is a year of one outsourced Dutch site billed €40 per
// productive hour under the given pricing, paying the minimum + 5%; with
// rise, the minimum wage rises 20% on the first day of month 3. A price
// never feeds back into the operation, so the replications with and
// without the rise answer the same calls with the same agents: they differ
// only in pay and in what the client is billed.
func pricingScenario(mode model.PricingMode, rise bool) *model.Scenario {
	sc := workforceScenario(12)
	sc.Name = "pricing"
	sc.Demand.Arrivals.PerHour = []float64{80}
	site := workforceSite("P", 10, 14, 1)
	site.Workforce.Wages.NightPremium = 0
	if rise {
		site.Workforce.Wages.MinimumPerHour = model.Path{Days: []float64{0, riseDay}, Values: []float64{14, 14 * (1 + riseShare)}}
	}
	site.Costs.Billing = model.BillPerHour
	site.Costs.PriceEUR = 40
	site.Costs.TelecomPerMinuteEUR = 0 // booked by the contact's time, not its day: kept out of the exact checks
	site.Costs.Pricing = mode
	if mode == model.PricingCostPlus {
		site.Costs.RepriceMonths = 3
		site.Costs.MarginShare = 0.1
	}
	sc.Sites = []model.Site{site}
	sc.Routing.ByType = []model.Route{{Kind: model.RouteShare, Sites: []int{0}, Shares: []float64{1}}}
	return sc
}

// monthly sums revenue, provider cost and productive hours of months
// [m0, m1) of site 0.
func monthly(r *model.Replication, m0, m1 int) (revenue, cost, hours float64) {
	for m := m0; m < m1; m++ {
		mo := &r.Months[m][0]
		revenue += mo.RevenueEUR
		cost += mo.Ledger.ProviderCost()
		hours += mo.ProductiveAgentSeconds / model.SecondsPerHour
	}
	return revenue, cost, hours
}

// TestPricingPassThrough: a 20% rise of the minimum wage reaches the
// client not at all under a fixed price (the price per hour stays €40),
// in full and at once under a wage-indexed price (the price rises by the
// wage's 20% on the day of the rise), and in full but one reprice period
// late under cost-plus pricing (each quarter's price is the last quarter's
// measured cost per hour ÷ (1 − 10%)), so in part over the year. Checked
// exactly month by month, and as the share of the provider's extra cost
// the client pays, from paired runs with and without the rise.
func TestPricingPassThrough(t *testing.T) {
	t.Parallel()
	const tol = 1e-9
	for _, mode := range []model.PricingMode{model.PricingFixed, model.PricingWageIndexed, model.PricingCostPlus} {
		flat, rise := runMany(t, pricingScenario(mode, false), 1, 0)[0], runMany(t, pricingScenario(mode, true), 1, 0)[0]
		checkLedger(t, pricingScenario(mode, true), rise)
		for m := range rise.Months {
			rev, _, hours := monthly(&rise, m, m+1)
			want := 40.0
			switch {
			case mode == model.PricingWageIndexed && m >= 3:
				want = 40 * (1 + riseShare)
			case mode == model.PricingCostPlus && m >= 3:
				q := m / 3 * 3
				_, c, h := monthly(&rise, q-3, q)
				want = c / h / (1 - 0.1)
			}
			if got := rev / hours; math.Abs(got-want) > tol*want {
				t.Errorf("%v, month %d: billed €%.6f per productive hour, want €%.6f", mode, m, got, want)
			}
		}
		// The operation is the same with and without the rise.
		if fh, rh := flat.Total.Workforce.ProductiveAgentSeconds, rise.Total.Workforce.ProductiveAgentSeconds; fh != rh {
			t.Fatalf("%v: productive seconds differ with the rise: %g and %g", mode, fh, rh)
		}
		fr, fc, _ := monthly(&flat, 3, 12)
		rr, rc, _ := monthly(&rise, 3, 12)
		passed := (rr - fr) / (rc - fc)
		_, late, _ := monthly(&flat, 6, 12)
		_, lateRise, _ := monthly(&rise, 6, 12)
		lr, _, _ := monthly(&flat, 6, 12)
		lrr, _, _ := monthly(&rise, 6, 12)
		passedLate := (lrr - lr) / (lateRise - late)
		t.Logf("%v: the client pays %.3f of the provider's extra cost over months 4-12, %.3f over months 7-12", mode, passed, passedLate)
		switch mode {
		case model.PricingFixed:
			if rr != fr {
				t.Errorf("fixed: the rise changed the bill by €%.2f", rr-fr)
			}
		case model.PricingWageIndexed:
			if math.Abs((rr-fr)/fr-riseShare) > tol {
				t.Errorf("wage-indexed: the bill rose %.6f, want the wage's %g", (rr-fr)/fr, riseShare)
			}
		case model.PricingCostPlus:
			r0, _, _ := monthly(&rise, 3, 6)
			f0, _, _ := monthly(&flat, 3, 6)
			if r0 != f0 {
				t.Errorf("cost-plus: the rise reached the bill before the next reprice (€%.2f)", r0-f0)
			}
			if !(passed > 0 && passed < passedLate) {
				t.Errorf("cost-plus: passed %.3f over the year after the rise, %.3f after the lag: want in part, then more", passed, passedLate)
			}
		}
	}
}

// TestWageIndexedFollowsEUR: at an offshore site paid in a currency that
// falls, a wage-indexed price follows the minimum in EUR at each of its
// changes: a 10% rise of the SRD minimum when the SRD has lost 10% leaves
// the price where it was.
func TestWageIndexedFollowsEUR(t *testing.T) {
	t.Parallel()
	sc := pricingScenario(model.PricingWageIndexed, false)
	sc.Run.HorizonSeconds = 6 * model.DaysPerMonth * model.SecondsPerDay
	w := sc.Sites[0].Workforce
	w.Wages.Currency = "SRD"
	w.Wages.MinimumPerHour = model.Path{Days: []float64{0, riseDay}, Values: []float64{50, 55}}
	w.Wages.FX = model.FXPath{Path: model.Path{Days: []float64{0, 40}, Values: []float64{40, 44}}}
	r := runMany(t, sc, 1, 0)[0]
	for m := range r.Months {
		rev, _, hours := monthly(&r, m, m+1)
		if got := rev / hours; math.Abs(got-40) > 1e-9 {
			t.Errorf("month %d: €%.6f per hour, want €40 (the minimum in EUR did not change)", m, got)
		}
	}
}

// offshoreBidder is a provider in Paramaribo: the Surinamese minimum at 44
// SRD per EUR, billed per productive hour; far cheaper than a Dutch site.
func offshoreBidder(name string) model.Site {
	s := workforceSite(name, 1, 52.47, 44)
	s.Country = "SR"
	s.Workforce.LanguageFit = 0.85
	s.Workforce.Wages.Currency = "SRD"
	s.Workforce.Wages.NightPremium = 0
	s.Costs.Billing = model.BillPerHour
	return s
}

// pricedToWin makes every bidder price to win with a 5% least margin,
// undercutting by 2%.
func pricedToWin(sc *model.Scenario) {
	for b := range sc.Tender.Bidders {
		bd := &sc.Tender.Bidders[b]
		bd.Strategy, bd.MinMargin, bd.Undercut = model.BidPriceToWin, 0.05, 0.02
	}
}

// TestPriceToWinOneCheapBidder: among two Dutch providers, one Paramaribo
// provider prices just under the Dutch floor (2% under the lowest Dutch
// cost ÷ 0.95) and wins, keeping most of the wage gap as margin; the Dutch
// bid their floors, since the price they would have to beat is below them.
// Without noise the bids are checked at these hand-computed points; the
// Paramaribo price per hour billed after the handover is the bid's.
func TestPriceToWinOneCheapBidder(t *testing.T) {
	t.Parallel()
	sc := tenderScenario(2.5, bidderSite("A", 0.3), bidderSite("B", 0.3), offshoreBidder("C"))
	pricedToWin(sc)
	const tol = 1e-9
	for _, r := range runMany(t, sc, 2, 0) {
		a := r.Awards[1]
		floorDutch := min(a.FloorEUR[0], a.FloorEUR[1])
		if want := floorDutch * (1 - 0.02); math.Abs(a.MonthlyEUR[2]-want) > tol*want {
			t.Errorf("the offshore bid is %.2f, want 0.98 × the Dutch floor %.2f = %.2f", a.MonthlyEUR[2], floorDutch, want)
		}
		for b := range 2 {
			if math.Abs(a.MonthlyEUR[b]-a.CostEUR[b]/0.95) > tol*a.MonthlyEUR[b] || a.FloorEUR[b] != a.MonthlyEUR[b] {
				t.Errorf("Dutch bidder %d bids %.2f, want its floor %.2f = cost %.2f ÷ 0.95", b, a.MonthlyEUR[b], a.FloorEUR[b], a.CostEUR[b])
			}
		}
		if a.Winner != 2 {
			t.Fatalf("won by %d, bids %.0f", a.Winner, a.MonthlyEUR)
		}
		if w := a.WinToSecond(); math.Abs(w-0.98) > tol {
			t.Errorf("winning bid ÷ runner-up %.6f, want 0.98", w)
		}
		if m := a.MarginShareOf(2); !(m > 0.5) {
			t.Errorf("the offshore winner's margin is %.3f of its price: want most of the wage gap (> 0.5)", m)
		}
		t.Logf("offshore bid %.0f against Dutch floors %.0f, %.0f; its cost %.0f, margin %.3f", a.MonthlyEUR[2], a.FloorEUR[0], a.FloorEUR[1], a.CostEUR[2], a.MarginShareOf(2))
		checkLedger(t, sc, r)
	}
}

// TestPriceToWinCompetition: two identical Paramaribo providers bid
// against each other: each expects the other's floor, so the winner bids
// its own floor (cost ÷ 0.95) and the client's price falls to it. With a
// reference price of €20 per productive hour, above its floor (about €15)
// and below what it would win at (about €50), a lone Paramaribo provider
// bids the reference and bills exactly €20 an hour after the handover.
func TestPriceToWinCompetition(t *testing.T) {
	t.Parallel()
	sc := tenderScenario(2.5, bidderSite("A", 0.3), offshoreBidder("C"), offshoreBidder("D"))
	pricedToWin(sc)
	const tol = 1e-9
	for _, r := range runMany(t, sc, 2, 0) {
		a := r.Awards[1]
		w := a.Winner
		if w == 0 || math.Abs(a.MonthlyEUR[w]-a.FloorEUR[w]) > tol*a.FloorEUR[w] {
			t.Errorf("won by %d at %.2f, want an offshore bidder at its floor %.2f", w, a.MonthlyEUR[w], a.FloorEUR[w])
		}
		if m := a.MarginShareOf(w); math.Abs(m-0.05) > tol {
			t.Errorf("winner's margin %.6f, want its least margin 0.05", m)
		}
	}

	ref := tenderScenario(2.5, bidderSite("A", 0.3), offshoreBidder("C"))
	pricedToWin(ref)
	ref.Sites[1].Costs.ReferencePriceEUR = 20
	for _, r := range runMany(t, ref, 1, 0) {
		if r.Awards[1].Winner != 1 {
			t.Fatalf("the offshore bidder did not win: bids %.0f", r.Awards[1].MonthlyEUR)
		}
		start := int(r.Awards[1].StartDay/model.DaysPerMonth) + 1
		var rev, hours float64
		for m := start; m < len(r.Months); m++ {
			rev += r.Months[m][1].RevenueEUR
			hours += r.Months[m][1].ProductiveAgentSeconds / model.SecondsPerHour
		}
		if got := rev / hours; math.Abs(got-20) > tol*20 {
			t.Errorf("billed €%.6f per productive hour after the handover, want the reference €20", got)
		}
	}
}

// TestPriceToWinMoreCheapBiddersLowerCost: with bid noise, a second
// low-cost bidder lowers the client's cost of the contract it competes
// for (paired 99% CI over replications), because the winner can no
// longer price just under the Dutch provider.
func TestPriceToWinMoreCheapBiddersLowerCost(t *testing.T) {
	longTest(t)
	t.Parallel()
	one := tenderScenario(2.5, bidderSite("A", 0.3), offshoreBidder("C"))
	two := tenderScenario(2.5, bidderSite("A", 0.3), offshoreBidder("C"), offshoreBidder("D"))
	for _, sc := range []*model.Scenario{one, two} {
		pricedToWin(sc)
		sc.Tender.Award.BidNoiseCV = 0.05
	}
	const n = 4
	r1, r2 := runMany(t, one, n, 0), runMany(t, two, n, 0)
	d := make([]float64, n)
	for i := range d {
		d[i] = r2[i].Total.Ledger.Total() - r1[i].Total.Ledger.Total()
		if w := r2[i].Awards[1].WinToSecond(); !(w < 1) {
			t.Errorf("replication %d: winning bid ÷ runner-up %.3f", i, w)
		}
	}
	m, h := ci99(d)
	t.Logf("client cost with two low-cost bidders minus one: %.0f ± %.0f EUR", m, h)
	if !(m+h < 0) {
		t.Errorf("a second low-cost bidder does not lower the client's cost: %.0f ± %.0f", m, h)
	}
}

// TestLeverRelease: a provider whose costs jump a month into a long
// contract (the minimum doubles) cuts its wage premium from 30% to 0 at
// its quarterly reviews. When the minimum falls back in month 13 its margin
// recovers: if it releases levers once its margin is back at its target,
// it gives the premium back step by step at the following reviews, and pays the
// contracted 30% again by the end; without one, its agents stay at the
// minimum.
func TestLeverRelease(t *testing.T) {
	t.Parallel()
	run := func(release bool) (final float64, ratio []float64) {
		site := bidderSite("A", 0.3)
		site.Workforce.Wages.MinimumPerHour = model.Path{Days: []float64{0, 30, 400}, Values: []float64{14, 28, 14}}
		sc := tenderScenario(3, site)
		sc.Tender.ContractMonths = 48
		bd := &sc.Tender.Bidders[0]
		bd.Levers = []model.Lever{{Kind: model.LeverWagePremium, Step: 0.1, Limit: 0}}
		bd.ReleaseLevers = release
		e, r := runEngine(t, sc, 0)
		for y := 1; y <= 3; y++ {
			ratio = append(ratio, yearly(sc, []model.Replication{r}, y, "mean_wage_to_minimum")[0])
		}
		return e.sites[0].wf.own.Wages.Policy.Premium, ratio
	}
	kept, keptRatio := run(false)
	back, backRatio := run(true)
	t.Logf("wage ÷ minimum by year: %.3f without release, %.3f with", keptRatio, backRatio)
	if kept != 0 {
		t.Errorf("without release the premium ends at %g, want 0", kept)
	}
	if math.Abs(back-0.3) > 1e-12 {
		t.Errorf("with release the premium ends at %g, want the contracted 0.3", back)
	}
	if !(backRatio[1] < 1.3-1e-9 && backRatio[2] > backRatio[1] && keptRatio[2] < 1+1e-9) {
		t.Errorf("wage ÷ minimum by year %.4f with release, %.4f without: want a cut in year 2, given back in year 3 only with release", backRatio, keptRatio)
	}
}

// TestBanPerContactBillingEffect: a facilitator billed per contact whose
// costs double a month into a long contract raises monitoring review by
// review; faster, less resolved calls need fewer agents and bring more
// repeat contacts. Per contact, that lifts what it earns per productive
// hour (year 3 against year 1, 99% CI over replications); under the ban
// it bills per productive hour, and earns exactly its contract's hourly
// price whatever the repeat traffic.
func TestBanPerContactBillingEffect(t *testing.T) {
	longTest(t)
	t.Parallel()
	perHour := func(r *model.Replication, y int) float64 {
		rev, _, hours := monthly(r, 12*(y-1), 12*y)
		return rev / hours
	}
	for _, ban := range []bool{false, true} {
		site := bidderSite("F", 0.0385)
		site.Costs.Billing = model.BillPerContact
		site.Costs.PriceIndexPerYear = 0
		site.Workforce.Wages.MinimumPerHour = model.Path{Days: []float64{0, 30}, Values: []float64{14, 28}}
		sc := tenderScenario(3, site)
		sc.Tender.ContractMonths = 48
		sc.Tender.Bidders[0].Levers = []model.Lever{{Kind: model.LeverMonitoring, Step: 0.2, Limit: 0.9}}
		sc.Policy.BanPerContactBilling = ban
		reps := runMany(t, sc, 4, 0)
		d := make([]float64, len(reps))
		for i := range reps {
			d[i] = perHour(&reps[i], 3) - perHour(&reps[i], 1)
			checkLedger(t, sc, reps[i])
		}
		m, h := ci99(d)
		t.Logf("ban %v: revenue per productive hour year 3 − year 1: %.3f ± %.3f EUR", ban, m, h)
		switch {
		case !ban && !(m-h > 0):
			t.Errorf("per contact: revenue per hour did not rise with monitoring: %.3f ± %.3f", m, h)
		case ban:
			for i := range d {
				if math.Abs(d[i]) > 1e-9*perHour(&reps[i], 1) {
					t.Errorf("under the ban, replication %d: revenue per hour moved by %g", i, d[i])
				}
			}
		}
	}
}
