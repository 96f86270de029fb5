package model_test

import (
	"fmt"

	"offsim/model"
)

// A site with 30% base turnover (leavers per year ÷ headcount): paying
// 20% above the going wage, or easing monitoring, lowers it; new hires in
// their first 90 days leave at twice the rate.
func ExampleQuitHazardPerDay() {
	a := model.Attrition{
		BaseAnnual: 0.3, ReferencePayRatio: 1, PayElasticity: 2, MonitoringEffect: 0.5,
		OccupancyThreshold: 0.85, OccupancyEffect: 1, EarlyTenureDays: 90, EarlyTenureFactor: 2,
	}
	for _, c := range []struct {
		label                        string
		pay, monitoring, occ, tenure float64
	}{
		{"reference", 1, 0, 0.8, 365},
		{"pay 1.2× going", 1.2, 0, 0.8, 365},
		{"heavy monitoring", 1, 1, 0.8, 365},
		{"occupancy 95%", 1, 0, 0.95, 365},
		{"first weeks", 1, 0, 0.8, 30},
	} {
		h := model.QuitHazardPerDay(&a, c.pay, c.monitoring, c.occ, c.tenure)
		fmt.Printf("%-17s %.5f per day, turnover %4.1f%% a year\n", c.label, h, 100*model.DaysPerYear*h)
	}
	// Output:
	// reference         0.00082 per day, turnover 30.0% a year
	// pay 1.2× going    0.00055 per day, turnover 20.1% a year
	// heavy monitoring  0.00123 per day, turnover 45.0% a year
	// occupancy 95%     0.00137 per day, turnover 50.0% a year
	// first weeks       0.00164 per day, turnover 60.0% a year
}

// A fixed wage of €15 with a 1% yearly raise against the Dutch minimum wage
// (14.06 from January 2025, 14.40 from July, then +2.9% a half year): the
// minimum overtakes it in the second year and the wage is lifted.
func ExampleWagePolicy_Wage() {
	wml := model.Path{Days: []float64{0, 181}, Values: []float64{14.06, 14.40}, IndexEveryDays: 182.5, IndexRate: 0.029}
	fixed := model.WagePolicy{Kind: model.WageFixed, FixedPerHour: 15, AnnualRaise: 0.01}
	cao := model.WagePolicy{Kind: model.WageScale, Scale: []model.ScaleStep{{FromTenureDays: 0, Premium: 0.0385}, {FromTenureDays: 365, Premium: 0.0585}}}
	for _, day := range []float64{0, 181, 365, 546, 730} {
		m := wml.At(day)
		w, lifted := fixed.Wage(m, day, day)
		c, _ := cao.Wage(m, day, day)
		fmt.Printf("day %3.0f: minimum %.2f, fixed %.2f (lifted %v), CAO scale %.2f\n", day, m, w, lifted, c)
	}
	// Output:
	// day   0: minimum 14.06, fixed 15.00 (lifted false), CAO scale 14.60
	// day 181: minimum 14.40, fixed 15.00 (lifted false), CAO scale 14.95
	// day 365: minimum 14.82, fixed 15.15 (lifted false), CAO scale 15.68
	// day 546: minimum 15.25, fixed 15.25 (lifted true), CAO scale 16.14
	// day 730: minimum 15.69, fixed 15.69 (lifted true), CAO scale 16.61
}

// An agent hired at skill 0.3 learns towards a ceiling of 0.9 with a 90-day
// time constant; handle time falls as skill rises.
func ExampleSkill() {
	p := model.Performance{NoviceHandleTimePenalty: 0.8, MonitoringSpeedup: 0.2, LanguageHandleTimePenalty: 0.3}
	for _, days := range []float64{0, 30, 90, 180, 365} {
		s := model.Skill(0.3, 0.9, days, 90)
		fmt.Printf("day %3.0f: skill %.3f, handle time ×%.3f\n", days, s, model.HandleTimeFactor(&p, s, 0, 1, false))
	}
	// Output:
	// day   0: skill 0.300, handle time ×1.560
	// day  30: skill 0.470, handle time ×1.424
	// day  90: skill 0.679, handle time ×1.257
	// day 180: skill 0.819, handle time ×1.145
	// day 365: skill 0.890, handle time ×1.088
}

// Satisfaction and churn of three journeys: resolved at once, resolved at
// the third contact after four minutes of waiting, and given up.
func ExampleJourneySatisfaction() {
	s := model.Satisfaction{Base: 0.9, RepeatFactor: 0.85, UnresolvedFactor: 0.5, WaitPenaltyPerMinute: 0.02, LanguagePenalty: 0.1}
	ch := model.Churn{Resolved: 0.02, UnresolvedFactor: 5, DissatisfactionFactor: 1}
	for _, j := range []struct {
		label    string
		contacts int
		wait     float64
		resolved bool
	}{
		{"first contact", 1, 20, true},
		{"third contact", 3, 240, true},
		{"given up", 3, 240, false},
	} {
		sat := model.JourneySatisfaction(&s, j.contacts, j.wait, j.resolved, 0.9)
		fmt.Printf("%-13s satisfaction %.3f, churn %.3f\n", j.label, sat, model.ChurnProbability(&ch, j.resolved, sat))
	}
	// Output:
	// first contact satisfaction 0.883, churn 0.022
	// third contact satisfaction 0.560, churn 0.029
	// given up      satisfaction 0.235, churn 0.176
}
