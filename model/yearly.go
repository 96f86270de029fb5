package model

import "math"

// MonthsPerYear groups the monthly series into years.
const MonthsPerYear = 12

// YearMetrics returns, per year of the replication's monthly series (the
// last year may be partial), the figures of the race-to-the-bottom
// trajectories in their fixed order. Workforce figures (wage ÷ minimum,
// share at the minimum, attrition) are over the tender's bidder sites when
// there is a tender, else over every site with a workforce; the other
// figures are over all sites; domestic_wage_to_minimum and domestic_jobs
// (mean employed agents) are over those of the former in the client's
// country, whose jobs and pay the unions count (the wage ratio is NaN in a
// year without Dutch agents). With a tender,
// holder_<bidder> is the share
// of the year's months that bidder served the contract.
func YearMetrics(sc *Scenario, r *Replication) [][]Metric {
	var out [][]Metric
	for y0 := 0; y0 < len(r.Months); y0 += MonthsPerYear {
		y1 := min(y0+MonthsPerYear, len(r.Months))
		out = append(out, yearMetrics(sc, r, y0, y1))
	}
	return out
}

func yearMetrics(sc *Scenario, r *Replication, m0, m1 int) []Metric {
	var all, people, domestic Month
	var offshoreHandled float64
	for m := m0; m < m1; m++ {
		for si := range r.Months[m] {
			mo := &r.Months[m][si]
			all.Merge(mo)
			if sc.Tender == nil || sc.Tender.BidderOf(si) >= 0 {
				people.Merge(mo)
				if !sc.Sites[si].Offshore() {
					domestic.Merge(mo)
				}
			}
			if sc.Sites[si].Offshore() {
				offshoreHandled += float64(mo.Handled)
			}
		}
	}
	turnover := DaysPerYear * ratio(float64(people.Leavers), people.EmployedAgentDays)
	out := []Metric{
		{"client_cost_eur", all.Ledger.Total()},
		{"provider_margin_eur", all.Ledger[CostProviderMargin]},
		{"provider_margin_share", ratio(all.Ledger[CostProviderMargin], all.RevenueEUR)},
		{"mean_wage_to_minimum", ratio(people.WageToMinimumAgentDays, people.EmployedAgentDays)},
		{"share_at_minimum_wage", ratio(people.AtMinimumAgentDays, people.EmployedAgentDays)},
		{"domestic_wage_to_minimum", ratioOrNaN(domestic.WageToMinimumAgentDays, domestic.EmployedAgentDays)},
		{"domestic_jobs", domestic.EmployedAgentDays / (float64(m1-m0) * DaysPerMonth)},
		{"offshore_share", ratio(offshoreHandled, float64(all.Handled))},
		{"turnover_annual", turnover},
		{"attrition_rate_annual", turnover}, // turnover_annual under its former name
		{"wage_to_going_wage", ratio(people.WageToGoingAgentDays, people.EmployedAgentDays)},
		{"going_wage_eur_per_hour", ratio(people.GoingWageEURAgentDays, people.EmployedAgentDays)},
		{"vacancy_rate", ratio(people.VacantAgentDays, people.EmployedAgentDays+people.VacantAgentDays)},
		{"time_to_fill_days", ratio(people.UnfilledRequisitionDays+people.LeadTimeDaysSum, float64(people.Hires))},
		{"service_level", ratio(float64(all.AnsweredInSL), float64(all.Offered))},
		{"fcr", ratio(float64(all.FirstResolved), float64(all.FirstContacts))},
		{"csat", ratio(all.Satisfaction, float64(all.JourneysEnded))},
		{"churn_rate", ratio(all.Churned, float64(all.JourneysEnded))},
	}
	if t := sc.Tender; t != nil && len(r.Holders) > 0 {
		for b := range t.Bidders {
			n := 0
			for m := m0; m < m1 && m < len(r.Holders); m++ {
				if r.Holders[m] == b {
					n++
				}
			}
			out = append(out, Metric{"holder_" + t.Bidders[b].Name, float64(n) / float64(m1-m0)})
		}
	}
	return out
}

// ratioOrNaN is a ÷ b, NaN when b is 0: a figure that does not exist
// (the pay of Dutch agents when there are none), not a zero.
func ratioOrNaN(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// YearSummary is one yearly metric of a scenario over its replications.
type YearSummary struct {
	// Year counts from 1.
	Year   int
	Metric string
	Summary
}

// SummarizeYears summarises YearMetrics over the replications: per year
// and metric, mean, CI and percentiles over the replications in which the
// figure exists (not NaN); N says how many.
func SummarizeYears(sc *Scenario, reps []Replication) []YearSummary {
	if len(reps) == 0 {
		return nil
	}
	per := make([][][]Metric, len(reps))
	for r := range reps {
		per[r] = YearMetrics(sc, &reps[r])
	}
	var out []YearSummary
	for y := range per[0] {
		for j, met := range per[0][y] {
			var col []float64
			for r := range reps {
				if v := per[r][y][j].Value; !math.IsNaN(v) {
					col = append(col, v)
				}
			}
			sm := Summary{Mean: math.NaN(), SD: math.NaN(), CI95Low: math.NaN(), CI95High: math.NaN(), P05: math.NaN(), P50: math.NaN(), P95: math.NaN()}
			if len(col) > 0 {
				sm = Summarize(col)
			}
			out = append(out, YearSummary{Year: y + 1, Metric: met.Name, Summary: sm})
		}
	}
	return out
}

// AwardShares returns, per tender (in Replication.Awards order) and per
// bidder, the share of replications in which the bidder won it.
func AwardShares(sc *Scenario, reps []Replication) [][]float64 {
	if sc.Tender == nil || len(reps) == 0 {
		return nil
	}
	out := make([][]float64, len(reps[0].Awards))
	for k := range out {
		out[k] = make([]float64, len(sc.Tender.Bidders))
		for r := range reps {
			if k < len(reps[r].Awards) {
				out[k][reps[r].Awards[k].Winner]++
			}
		}
		for b := range out[k] {
			out[k][b] /= float64(len(reps))
		}
	}
	return out
}
