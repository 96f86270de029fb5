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
// year without Dutch agents). With a tender, holder_<bidder> is the share
// of the year's months that bidder served the contract.
func YearMetrics(sc *Scenario, r *Replication) [][]Metric {
	var out [][]Metric
	for y0 := 0; y0 < len(r.Months); y0 += MonthsPerYear {
		y1 := min(y0+MonthsPerYear, len(r.Months))
		y := sumYear(sc, r, y0, y1)
		h, extra := yearExtras(sc, &y)
		out = append(out, markNotApplicable(YearTable, append(yearMetrics(sc, r, &y), extra...), h))
	}
	return out
}

// yearSums are the months m0 to m1 (excluded) of a replication merged
// over all sites, over the first line (the tender's bidder sites, every
// site without a tender) and over its domestic sites.
type yearSums struct {
	m0, m1                int
	all, people, domestic Month
	offshoreHandled       float64
}

func sumYear(sc *Scenario, r *Replication, m0, m1 int) yearSums {
	y := yearSums{m0: m0, m1: m1}
	for m := m0; m < m1; m++ {
		for si := range r.Months[m] {
			mo := &r.Months[m][si]
			y.all.Merge(mo)
			if sc.Tender == nil || sc.Tender.BidderOf(si) >= 0 {
				y.people.Merge(mo)
				if !sc.Sites[si].Offshore() {
					y.domestic.Merge(mo)
				}
			}
			if sc.Sites[si].Offshore() {
				y.offshoreHandled += float64(mo.Handled)
			}
		}
	}
	return y
}

func yearMetrics(sc *Scenario, r *Replication, y *yearSums) []Metric {
	all, domestic, months := &y.all, &y.domestic, float64(y.m1-y.m0)
	// The workforce figures are the month's over the merged first-line
	// months, the customer figures the month's over all sites.
	people, customers := y.people.Metrics(), all.Metrics()
	out := []Metric{
		{"client_cost_eur", all.Ledger.Total()},
		{"provider_margin_eur", all.Ledger[CostProviderMargin]},
		{"provider_margin_share", ratio(all.Ledger[CostProviderMargin], all.RevenueEUR)},
	}
	out = append(out, pick(people, "mean_wage_to_minimum", "share_at_minimum_wage")...)
	out = append(out,
		Metric{"domestic_wage_to_minimum", ratioOrNaN(domestic.WageToMinimumAgentDays, domestic.EmployedAgentDays)},
		Metric{"domestic_jobs", domestic.EmployedAgentDays / (months * DaysPerMonth)},
		Metric{"offshore_share", ratio(y.offshoreHandled, float64(all.Handled))},
		Metric{"turnover_annual", value(people, "turnover_annual")},
		Metric{"attrition_rate_annual", value(people, "turnover_annual")}, // turnover_annual under its former name
	)
	out = append(out, pick(people, "wage_to_going_wage", "going_wage_eur_per_hour", "vacancy_rate", "time_to_fill_days")...)
	out = append(out, pick(customers, "service_level", "fcr", "csat", "churn_rate")...)
	if t := sc.Tender; t != nil && len(r.Holders) > 0 {
		for b := range t.Bidders {
			n := 0
			for m := y.m0; m < y.m1 && m < len(r.Holders); m++ {
				if r.Holders[m] == b {
					n++
				}
			}
			out = append(out, Metric{"holder_" + t.Bidders[b].Name, float64(n) / months})
		}
	}
	return out
}

// pick returns the metrics of ms with the given names, in that order.
func pick(ms []Metric, names ...string) []Metric {
	out := make([]Metric, len(names))
	for i, n := range names {
		out[i] = Metric{n, value(ms, n)}
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
