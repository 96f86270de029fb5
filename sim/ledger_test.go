package sim

import (
	"fmt"
	"math"
	"testing"

	"offsim/model"
)

// ledgerScenario: three sites with constant wages, exchange rates and
// prices, so that every cost line follows from counts: an in-house site,
// one billing per contact with governance and an SLA it misses, one
// billing per productive hour that covers its gaps with agency staff;
// 4 months with a 10-day warm-up.
func ledgerScenario() *model.Scenario {
	sc := workforceScenario(4)
	sc.Run.WarmupSeconds = 10 * model.SecondsPerDay
	hourly := workforceSite("NL2", 8, 14.06, 1)
	hourly.Costs.Billing = model.BillPerHour
	hourly.Costs.PriceEUR = 45
	hourly.Workforce.Cover = model.Cover{Kind: model.CoverAgency, Premium: 0.35, MaxShare: 0.2}
	sc.Sites = append(sc.Sites, hourly)
	sc.Sites[1].Costs.SLA = model.SLA{Target: 0.99, PenaltyPerPoint: 0.01, Cap: 0.1}
	for i := range sc.Sites {
		sc.Sites[i].Workforce.Wages.NightPremium = 0
	}
	sc.Routing.ByType = []model.Route{{Kind: model.RouteShare, Sites: []int{0, 1, 2}, Shares: []float64{0.3, 0.4, 0.3}}}
	return sc
}

// ledgerFromCounts recomputes each site's ledger over the window from its
// primitive counts — paid agent-days × hours × wage, hires × cost per
// hire, agent-days × seat and management rates, handled minutes × telecom
// rate, days × governance, cover hours × the cover's cost per hour,
// billed units × price less the SLA credits — and returns every line
// that differs from the engine's. It needs constant wages, exchange rates,
// prices and costs per hire, and no night premium (ledgerScenario).
func ledgerFromCounts(sc *model.Scenario, r *model.Replication) []error {
	var errs []error
	windowDays := 0
	for d := 0; float64(d)*model.SecondsPerDay <= sc.Run.HorizonSeconds; d++ {
		if float64(d)*model.SecondsPerDay >= sc.Run.WarmupSeconds {
			windowDays++
		}
	}
	for si, site := range sc.Sites {
		s := &r.Sites[si]
		w, c, p := &s.Workforce, &site.Costs, site.Workforce
		wage, _ := p.Wages.Policy.Wage(p.Wages.MinimumPerHour.At(0), 0, 0)
		fx := p.Wages.FX.At(0)
		paidEUR := w.EmployedAgentDays * p.ContractHoursPerWeek / 7 * wage / fx
		var want model.Ledger
		want[model.CostOnCosts] = paidEUR * p.Wages.OnCostRate
		want[model.CostRecruitment] = float64(w.Hires) * c.RecruitmentPerHireEUR
		want[model.CostSeats] = w.EmployedAgentDays * c.SeatPerAgentMonthEUR / model.DaysPerMonth
		want[model.CostManagement] = w.EmployedAgentDays * c.ManagementPerAgentMonthEUR / model.DaysPerMonth
		want[model.CostTelecom] = s.Contacts.HandledSeconds / 60 * c.TelecomPerMinuteEUR
		want[model.CostGovernance] = float64(windowDays) * c.GovernancePerMonthEUR / model.DaysPerMonth
		want[model.CostCover] = w.CoverHours * p.Cover.CostPerHour(wage, p.Wages.OnCostRate) / fx
		got := s.Ledger
		// Wages and training wages split paid hours by tenure: check their sum.
		check := func(name string, g, v float64) {
			if math.Abs(g-v) > 1e-9*max(1, math.Abs(v)) {
				errs = append(errs, fmt.Errorf("site %s: %s %.6f, from counts %.6f", site.Name, name, g, v))
			}
		}
		check("wages + training wages", got[model.CostWages]+got[model.CostTrainingWages], paidEUR)
		for _, cat := range []model.CostCategory{model.CostOnCosts, model.CostShiftPremiums, model.CostRecruitment,
			model.CostSeats, model.CostTelecom, model.CostManagement, model.CostGovernance, model.CostCover} {
			check(cat.String(), got[cat], want[cat])
		}
		provider := paidEUR + want[model.CostOnCosts] + want[model.CostRecruitment] + want[model.CostSeats] +
			want[model.CostTelecom] + want[model.CostManagement] + want[model.CostCover]
		var revenue float64
		switch c.Billing {
		case model.BillPerContact:
			revenue = float64(s.Contacts.Handled)*c.PriceEUR - w.SLACreditEUR
		case model.BillPerHour:
			revenue = w.ProductiveAgentSeconds/model.SecondsPerHour*c.PriceEUR - w.SLACreditEUR
		case model.BillInHouse:
			revenue = provider
		}
		check("revenue", w.RevenueEUR, map[bool]float64{true: 0, false: revenue}[c.Billing == model.BillInHouse])
		check("provider margin", got[model.CostProviderMargin], revenue-provider)
		check("total", got.Total(), revenue+want[model.CostGovernance])
	}
	return errs
}

// TestLedgerFromCounts: every cost line of every site equals what its
// counts give; and the check itself catches a 1% error in any one line.
func TestLedgerFromCounts(t *testing.T) {
	t.Parallel()
	sc := ledgerScenario()
	r := runOne(t, sc, 0)
	for si, s := range r.Sites {
		if s.Workforce.Hires == 0 || s.Contacts.Handled == 0 || s.Workforce.EmployedAgentDays == 0 {
			t.Fatalf("site %d: nothing to count (%+v)", si, s.Workforce)
		}
	}
	if r.Sites[1].Workforce.SLACreditEUR == 0 || r.Sites[2].Workforce.CoverHours == 0 {
		t.Fatalf("no SLA credit (%g) or no cover hours (%g) to count", r.Sites[1].Workforce.SLACreditEUR, r.Sites[2].Workforce.CoverHours)
	}
	for _, err := range ledgerFromCounts(sc, &r) {
		t.Error(err)
	}
	for cat := range model.NumCostCategories {
		for si := range r.Sites {
			if r.Sites[si].Ledger[cat] == 0 {
				continue
			}
			m := r
			m.Sites = append([]model.Stats(nil), r.Sites...)
			m.Sites[si].Ledger[cat] *= 1.01
			if len(ledgerFromCounts(sc, &m)) == 0 {
				t.Errorf("a 1%% error in %s of site %d goes unnoticed", cat, si)
			}
		}
	}
}

// monthsAddUp returns every count of the months and days series that does
// not add up to the replication's window totals, per site.
func monthsAddUp(r *model.Replication) []error {
	var errs []error
	for si := range r.Sites {
		var mo model.Month
		for m := range r.Months {
			mo.Merge(&r.Months[m][si])
		}
		var dy model.Day
		for d := range r.Days {
			x := r.Days[d][si]
			dy.Offered += x.Offered
			dy.AnsweredInSL += x.AnsweredInSL
			dy.Abandoned += x.Abandoned
		}
		s := &r.Sites[si]
		w := &s.Workforce
		for _, f := range []struct {
			name        string
			months, tot float64
		}{
			{"offered", float64(mo.Offered), float64(s.Calls.Offered)},
			{"offered (days)", float64(dy.Offered), float64(s.Calls.Offered)},
			{"answered in SL", float64(mo.AnsweredInSL), float64(s.Calls.AnsweredInSL)},
			{"answered in SL (days)", float64(dy.AnsweredInSL), float64(s.Calls.AnsweredInSL)},
			{"abandoned", float64(mo.Abandoned), float64(s.Calls.Abandoned)},
			{"abandoned (days)", float64(dy.Abandoned), float64(s.Calls.Abandoned)},
			{"handled", float64(mo.Handled), float64(s.Contacts.Handled)},
			{"first contacts", float64(mo.FirstContacts), float64(s.Contacts.FirstContacts)},
			{"first resolved", float64(mo.FirstResolved), float64(s.Contacts.FirstResolved)},
			{"journeys ended", float64(mo.JourneysEnded), float64(s.Journeys.Ended)},
			{"satisfaction", mo.Satisfaction, s.Journeys.Satisfaction},
			{"churned", mo.Churned, s.Journeys.Churned},
			{"hires", float64(mo.Hires), float64(w.Hires + w.Rehired)},
			{"leavers", float64(mo.Leavers), float64(w.Quits + w.Dismissals)},
			{"laid off", float64(mo.LaidOff), float64(w.LaidOff)},
			{"agent-days", mo.EmployedAgentDays, w.EmployedAgentDays},
			{"wage ÷ minimum agent-days", mo.WageToMinimumAgentDays, w.WageToMinimumAgentDays},
			{"revenue", mo.RevenueEUR, w.RevenueEUR},
			{"SLA credit", mo.SLACreditEUR, w.SLACreditEUR},
			{"cover hours", mo.CoverHours, w.CoverHours},
			{"vacant agent-days", mo.VacantAgentDays, w.VacantAgentDays},
			{"unfilled requisition-days", mo.UnfilledRequisitionDays, w.UnfilledRequisitionDays},
			{"lead-time days", mo.LeadTimeDaysSum, w.LeadTimeDaysSum},
			{"wage ÷ going wage agent-days", mo.WageToGoingAgentDays, w.WageToGoingAgentDays},
		} {
			if math.Abs(f.months-f.tot) > 1e-9*max(1, math.Abs(f.tot)) {
				errs = append(errs, fmt.Errorf("site %d: %s: months %.6f, window total %.6f", si, f.name, f.months, f.tot))
			}
		}
		for cat := range model.NumCostCategories {
			if d := mo.Ledger[cat] - s.Ledger[cat]; math.Abs(d) > 1e-9*max(1, math.Abs(s.Ledger[cat])) {
				errs = append(errs, fmt.Errorf("site %d: %s: months %.6f, window total %.6f", si, cat, mo.Ledger[cat], s.Ledger[cat]))
			}
		}
	}
	return errs
}

// TestWindowRule: with a warm-up, the months and days add up to the window
// totals, count by count, for calls (W1 with 20 h of horizon and 10 h of
// warm-up) and for a workforce with customers and billing.
func TestWindowRule(t *testing.T) {
	t.Parallel()
	short := mmnScenario(1000, 360, 180, 105, 20, 10)
	for _, sc := range []*model.Scenario{short, ledgerScenario()} {
		r := runOne(t, sc, 0)
		if r.Total.Calls.Offered == 0 || r.Total.Contacts.Handled == 0 {
			t.Fatalf("%s: nothing counted", sc.Name)
		}
		for _, err := range monthsAddUp(&r) {
			t.Errorf("%s: %v", sc.Name, err)
		}
		if h, o := r.Months[0][0].Handled, r.Months[0][0].Offered; float64(h) > 1.1*float64(o) {
			t.Errorf("%s: month 0 handled %d contacts of %d offered: the warm-up leaks in", sc.Name, h, o)
		}
	}
}
