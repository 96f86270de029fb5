package model

import (
	"math"
	"testing"
)

// TestYearMetrics checks the yearly figures of a hand-made replication:
// two bidder sites, one Dutch and one offshore, and the client's second
// line, over 18 months (the second year is partial).
func TestYearMetrics(t *testing.T) {
	sc := &Scenario{
		Sites: []Site{{Name: "NL"}, {Name: "SR", Country: "SR"}, {Name: "L2"}},
		Tender: &Tender{Bidders: []Bidder{
			{Name: "home", Sites: []int{0}}, {Name: "away", Sites: []int{1}}}},
	}
	r := Replication{Months: make([][]Month, 18), Holders: make([]int, 18)}
	for m := range r.Months {
		r.Months[m] = make([]Month, 3)
		nl, sr, l2 := &r.Months[m][0], &r.Months[m][1], &r.Months[m][2]
		nl.Handled, sr.Handled, l2.Handled = 300, 100, 100
		nl.Offered, nl.AnsweredInSL = 400, 300
		nl.FirstContacts, nl.FirstResolved = 200, 150
		nl.JourneysEnded, nl.Satisfaction, nl.Churned = 100, 80, 1
		nl.EmployedAgentDays, nl.WageToMinimumAgentDays, nl.AtMinimumAgentDays = 100, 110, 50
		sr.EmployedAgentDays, sr.WageToMinimumAgentDays = 100, 170
		l2.EmployedAgentDays, l2.WageToMinimumAgentDays = 1000, 5000 // not a bidder's: left out
		nl.Leavers = 1
		nl.WageToGoingAgentDays, sr.WageToGoingAgentDays = 95, 110
		nl.GoingWageEURAgentDays, sr.GoingWageEURAgentDays = 1600, 240
		nl.VacantAgentDays = 10
		nl.Hires, nl.UnfilledRequisitionDays, nl.LeadTimeDaysSum = 2, 20, 40
		nl.Ledger[CostWages], nl.RevenueEUR, nl.Ledger[CostProviderMargin] = 900, 1000, 100
		if m >= 6 {
			r.Holders[m] = 1
		}
	}
	years := YearMetrics(sc, &r)
	if len(years) != 2 {
		t.Fatalf("%d years, want 2", len(years))
	}
	want := map[string]float64{
		"client_cost_eur":          12 * 1000,
		"provider_margin_eur":      12 * 100,
		"provider_margin_share":    0.1,
		"mean_wage_to_minimum":     (110 + 170) / 200.0,
		"share_at_minimum_wage":    50 / 200.0,
		"domestic_wage_to_minimum": 1.1,
		"domestic_jobs":            100 / DaysPerMonth,
		"offshore_share":           100 / 500.0,
		"turnover_annual":          DaysPerYear * 12 / 2400, // 12 leavers over 2,400 agent-days
		"attrition_rate_annual":    DaysPerYear * 12 / 2400,
		"wage_to_going_wage":       (95 + 110) / 200.0,
		"going_wage_eur_per_hour":  (1600 + 240) / 200.0,
		"vacancy_rate":             10 / 210.0,
		"time_to_fill_days":        (20 + 40) / 2.0,
		"service_level":            0.75,
		"fcr":                      0.75,
		"csat":                     0.8,
		"churn_rate":               0.01,
		"holder_home":              0.5,
		"holder_away":              0.5,
		"lost_customer_value_eur":  0, // no lifetime value given
		"economic_cost_eur":        12 * 1000,
	}
	for _, m := range years[0] {
		if w, ok := want[m.Name]; !ok {
			t.Errorf("unexpected metric %q", m.Name)
		} else if math.Abs(m.Value-w) > 1e-12*math.Max(1, w) {
			t.Errorf("%s = %.6g, want %.6g", m.Name, m.Value, w)
		}
		delete(want, m.Name)
	}
	for n := range want {
		t.Errorf("metric %q missing", n)
	}
	for _, m := range years[1] {
		if m.Name == "holder_away" && m.Value != 1 {
			t.Errorf("year 2: holder_away = %g, want 1", m.Value)
		}
	}
	// Without Dutch agents their pay over the minimum does not exist.
	for m := range r.Months {
		r.Months[m][0].EmployedAgentDays, r.Months[m][0].WageToMinimumAgentDays = 0, 0
	}
	for _, m := range YearMetrics(sc, &r)[0] {
		if m.Name == "domestic_wage_to_minimum" && !math.IsNaN(m.Value) {
			t.Errorf("no Dutch agents: domestic_wage_to_minimum = %g, want NaN", m.Value)
		}
	}
}
