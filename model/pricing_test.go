package model

import (
	"math"
	"strings"
	"testing"
)

// TestPriceToWin checks the price at which a bid still wins, at
// hand-computed points: on price alone the lowest rival bid; with half the
// score on quality (floor 0, so points are quality ÷ best quality), a
// better bidder may charge more and a worse one must charge less.
func TestPriceToWin(t *testing.T) {
	inf := math.Inf(1)
	for _, c := range []struct {
		name    string
		weight  float64
		rivals  []float64 // entry 0 is the bidder's own, ignored
		quality []float64
		want    float64
	}{
		{"price only", 0, []float64{0, 100, 80}, []float64{0.7, 0.7, 0.7}, 80},
		// 0.5·100/p + 0.5·1 = 0.5·1 + 0.5·0.75 → p = 50/0.375.
		{"better quality", 0.5, []float64{0, 100}, []float64{0.8, 0.6}, 50 / 0.375},
		// 0.5 + 0.5·0.75 = 0.5·p/100 + 0.5·1 → p = 75.
		{"worse quality", 0.5, []float64{0, 100}, []float64{0.6, 0.8}, 75},
		{"no rival", 0, []float64{0}, []float64{0.7}, inf},
		{"quality alone", 1, []float64{0, 100}, []float64{0.8, 0.6}, inf},
	} {
		a := AwardRule{QualityWeight: c.weight}
		got := a.PriceToWin(0, c.rivals, c.quality)
		if !(got == c.want || math.Abs(got-c.want) <= 1e-9*c.want) {
			t.Errorf("%s: price to win %.9g, want %.9g", c.name, got, c.want)
		}
	}
}

// TestBid checks a bidder's bid at hand-computed points: cost 100, target
// margin 10%, least margin 5% (floor 100/0.95), undercut 2%.
func TestBid(t *testing.T) {
	inf := math.Inf(1)
	cp := Bidder{TargetMargin: 0.1, MinMargin: 0.05, Undercut: 0.02}
	ptw := cp
	ptw.Strategy = BidPriceToWin
	floor := 100 / 0.95
	for _, c := range []struct {
		name           string
		bd             Bidder
		win, reference float64
		want           float64
	}{
		{"cost plus ignores rivals", cp, 200, 150, 100 / 0.9},
		{"just under the rival", ptw, 200, 0, 196},
		{"capped at the reference", ptw, 200, 150, 150},
		{"never below the floor", ptw, 100, 0, floor},
		{"floor over the reference", ptw, 200, 90, floor},
		{"no rival: target margin", ptw, inf, 0, 100 / 0.9},
		{"no rival: reference", ptw, inf, 105.5, 105.5},
	} {
		if got := c.bd.Bid(100, c.win, c.reference); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("%s: bid %.6f, want %.6f", c.name, got, c.want)
		}
	}
}

// TestPriceToWinMarket: one cheap bidder (cost 50) among dear rivals (cost
// 100) bids just under their floor and keeps most of the gap; with a
// second cheap bidder (cost 55) it bids just under that one's floor.
// Every bidder prices to win, least margin 5%, undercut 1%; price only.
func TestPriceToWinMarket(t *testing.T) {
	market := func(costs []float64) (bids []float64) {
		a := AwardRule{}
		bd := Bidder{Strategy: BidPriceToWin, MinMargin: 0.05, Undercut: 0.01, TargetMargin: 0.1}
		q := make([]float64, len(costs))
		for b := range costs {
			floors := make([]float64, len(costs))
			for r, c := range costs {
				floors[r] = bd.FloorEUR(c)
			}
			bids = append(bids, bd.Bid(costs[b], a.PriceToWin(b, floors, q), 0))
		}
		return bids
	}
	one := market([]float64{50, 100, 100})
	if want := 100 / 0.95 * 0.99; math.Abs(one[0]-want) > 1e-9 {
		t.Errorf("one cheap bidder bids %.4f, want %.4f", one[0], want)
	}
	two := market([]float64{50, 55, 100})
	if want := 55 / 0.95 * 0.99; math.Abs(two[0]-want) > 1e-9 {
		t.Errorf("with a second cheap bidder it bids %.4f, want %.4f", two[0], want)
	}
	if want := 55 / 0.95; math.Abs(two[1]-want) > 1e-9 {
		t.Errorf("the second cheap bidder bids %.4f, want its floor %.4f", two[1], want)
	}
	t.Logf("margin of the cheap winner: %.3f alone, %.3f against a second cheap bidder", 1-50/one[0], 1-50/two[0])
}

// TestAwardRatios: the winning bid ÷ the runner-up's and the winner's
// margin from its cost.
func TestAwardRatios(t *testing.T) {
	a := Award{Winner: 1, MonthlyEUR: []float64{120, 90, 100}, Score: []float64{0.75, 1, 0.9}, CostEUR: []float64{110, 60, 95}}
	if got := a.WinToSecond(); math.Abs(got-0.9) > 1e-12 {
		t.Errorf("win to second %g, want 0.9", got)
	}
	if got := a.MarginShareOf(1); math.Abs(got-1.0/3) > 1e-12 {
		t.Errorf("margin %g, want 1/3", got)
	}
	single := Award{MonthlyEUR: []float64{100}, Score: []float64{1}}
	if !math.IsNaN(single.WinToSecond()) {
		t.Error("one bidder: want NaN")
	}
}

// TestPricingFormulas: wage-indexed and cost-plus prices.
func TestPricingFormulas(t *testing.T) {
	if got := WageIndexedPrice(40, 14, 16.8); math.Abs(got-48) > 1e-12 {
		t.Errorf("wage-indexed %g, want 48", got)
	}
	if got := CostPlusPrice(9000, 300, 0.1); math.Abs(got-100/3.0) > 1e-12 {
		t.Errorf("cost plus %g, want 33.33", got)
	}
	if got := CostPlusPrice(9000, 0, 0.1); got != 0 {
		t.Errorf("cost plus without units %g, want 0", got)
	}
	c := Costs{PriceEUR: 10, PriceIndexPerYear: 0.1}
	if got := c.IndexedPrice(20, 100, 100+2*DaysPerYear); math.Abs(got-24.2) > 1e-12 {
		t.Errorf("indexed %g, want 24.2", got)
	}
}

// TestCostsValidatePricing: the combinations that make no sense are
// refused with a message naming what is wrong.
func TestCostsValidatePricing(t *testing.T) {
	for _, c := range []struct {
		costs Costs
		want  string
	}{
		{Costs{Billing: BillPerHour, PriceEUR: 20, Pricing: PricingCostPlus}, "reprice months"},
		{Costs{Billing: BillPerHour, PriceEUR: 20, Pricing: PricingWageIndexed, PriceIndexPerYear: 0.02}, "fixed pricing only"},
		{Costs{Billing: BillPerHour, PriceEUR: 20, RepriceMonths: 3}, "cost-plus pricing only"},
		{Costs{Billing: BillPerHour, PriceEUR: 20, Pricing: PricingCostPlus, RepriceMonths: 3, MarginShare: 1}, "margin share"},
		{Costs{Billing: BillPerHour, PriceEUR: 20, ReferencePriceEUR: -1}, "reference price"},
		{Costs{Billing: BillInHouse, Pricing: PricingWageIndexed}, "in-house"},
		{Costs{Billing: BillPerHour, PriceEUR: 20, Pricing: 7}, "unknown pricing"},
	} {
		err := c.costs.validate(false)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want one about %q", c.costs, err, c.want)
		}
	}
	ok := Costs{Billing: BillPerHour, PriceEUR: 20, Pricing: PricingCostPlus, RepriceMonths: 3, MarginShare: 0.2, ReferencePriceEUR: 25}
	if err := ok.validate(false); err != nil {
		t.Error(err)
	}
}

// TestMinimumTracksFX: after its last dated value the minimum rises by
// its real rate times the exchange rate's expected drift per step; a
// random-walk rate starts from its value on day 0, its earlier dates
// being history, and may not have dates after day 0.
func TestMinimumTracksFX(t *testing.T) {
	w := Wages{
		MinimumPerHour:  Path{Days: []float64{-400, -30}, Values: []float64{40, 50}, IndexEveryDays: DaysPerYear, IndexRate: 0.02},
		FX:              FXPath{Path: Path{Days: []float64{-700, -100}, Values: []float64{30, 44}}, DriftPerYear: 0.1},
		MinimumTracksFX: true,
	}
	if err := w.validate(); err != nil {
		t.Fatal(err)
	}
	if got, want := w.MinimumAt(-30+DaysPerYear), 50*1.02*math.Exp(0.1); math.Abs(got-want) > 1e-9 {
		t.Errorf("minimum a year after its last date %g, want %g", got, want)
	}
	if got := w.MinimumAt(0); got != 50 {
		t.Errorf("minimum on day 0 %g, want 50", got)
	}
	if got := w.FX.Start(); got != 44 {
		t.Errorf("rate on day 0 %g, want 44", got)
	}
	w.MinimumTracksFX = false
	if got, want := w.MinimumAt(-30+DaysPerYear), 50*1.02; math.Abs(got-want) > 1e-9 {
		t.Errorf("without tracking %g, want %g", got, want)
	}
	w.FX.Days[1] = 10
	if err := w.validate(); err == nil || !strings.Contains(err.Error(), "history") {
		t.Errorf("a random walk with a date after day 0: %v", err)
	}
	w.FX = FXPath{Path: ConstantPath(44)}
	w.MinimumTracksFX = true
	if got, want := w.MinimumAt(-30+DaysPerYear), 50*1.02; math.Abs(got-want) > 1e-9 {
		t.Errorf("tracking a fixed rate %g, want %g: no drift to follow", got, want)
	}
}
