package model

// BatchSummary is the content of summary.json: one entry per scenario, in
// the order the scenarios were given.
type BatchSummary struct {
	Scenarios []ScenarioSummary `json:"scenarios"`
	// Metrics says, for every metric of the scenarios, its unit, the
	// period its value covers and what it is (the metric dictionary,
	// docs/metrics.md).
	Metrics map[string]MetricLabel `json:"metrics,omitempty"`
}

// MetricLabel is what summary.json says of a metric.
type MetricLabel struct {
	Unit       string `json:"unit"`
	Period     string `json:"period"`
	Definition string `json:"definition"`
}

// ScenarioSummary summarises every metric of one scenario over its
// replications, in total and per site.
type ScenarioSummary struct {
	Name         string `json:"name"`
	Replications int    `json:"replications"`
	Seed         uint64 `json:"seed"`
	// Months is the length of the monthly series (the horizon in months);
	// its last year is the final year of the tender outcomes.
	Months int `json:"months,omitempty"`
	// Metrics maps a metric name (e.g. "service_level") to its summary.
	Metrics map[string]Summary `json:"metrics"`
	// Sites maps a site name to its own metrics.
	Sites map[string]SiteSummary `json:"sites"`
	// Baseline names the scenario the paired differences are against;
	// empty for the baseline itself.
	Baseline string `json:"baseline,omitempty"`
	// VsBaseline maps a metric to the summary of this scenario's value
	// minus the baseline's, paired by replication index.
	VsBaseline map[string]Summary `json:"vs_baseline,omitempty"`
	// Tenders lists, for a scenario with a tender, each contract (the first
	// from day 0) and the share of replications each bidder won it.
	Tenders []TenderSummary `json:"tenders,omitempty"`
}

// TenderSummary is one contract of a tender over the replications.
type TenderSummary struct {
	// StartDay is the contract's first day, in days since the start.
	StartDay float64 `json:"start_day"`
	// Winners maps a bidder's name to the share of replications it won.
	Winners map[string]float64 `json:"winners"`
	// Replications is the number of replications the shares are of.
	Replications int `json:"replications,omitempty"`
	// WinnersCI95 maps a bidder's name to the 95% Wilson score interval
	// of its share (Wilson).
	WinnersCI95 map[string][2]float64 `json:"winners_ci95,omitempty"`
}

// SiteSummary holds the metrics of one site.
type SiteSummary struct {
	Metrics map[string]Summary `json:"metrics"`
}

// SummarizeScenario summarises the replications of scenario sc.
func SummarizeScenario(sc *Scenario, reps []Replication) ScenarioSummary {
	clv := sc.Demand.Customers.LifetimeValueEUR
	out := ScenarioSummary{
		Name:         sc.Name,
		Replications: len(reps),
		Seed:         sc.Run.Seed,
		Metrics:      summarizeMetrics(reps, clv, func(r *Replication) *Stats { return &r.Total }),
		Sites:        make(map[string]SiteSummary, len(sc.Sites)),
	}
	for i, s := range sc.Sites {
		out.Sites[s.Name] = SiteSummary{Metrics: summarizeMetrics(reps, clv, func(r *Replication) *Stats { return &r.Sites[i] })}
	}
	for k, shares := range AwardShares(sc, reps) {
		ts := TenderSummary{StartDay: reps[0].Awards[k].StartDay, Winners: map[string]float64{}}
		for b, v := range shares {
			ts.Winners[sc.Tender.Bidders[b].Name] = v
		}
		out.Tenders = append(out.Tenders, ts)
	}
	return out
}

// MetricNames returns the names of the per-replication metrics in their
// fixed output order.
func MetricNames() []string {
	var s Stats
	ms := RunMetrics(&s, 0)
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = m.Name
	}
	return names
}

func summarizeMetrics(reps []Replication, clv float64, pick func(*Replication) *Stats) map[string]Summary {
	if len(reps) == 0 {
		return map[string]Summary{}
	}
	cols := make([][]float64, 0)
	var names []string
	for i := range reps {
		for j, m := range pick(&reps[i]).Metrics(clv) {
			if i == 0 {
				names = append(names, m.Name)
				cols = append(cols, make([]float64, len(reps)))
			}
			cols[j][i] = m.Value
		}
	}
	out := make(map[string]Summary, len(names))
	for j, n := range names {
		out[n] = Summarize(cols[j])
	}
	return out
}

// MonthSummary is one point of a monthly series: a metric of one site (or
// "all") in one month, summarised over replications.
type MonthSummary struct {
	// Month counts from 1.
	Month  int
	Site   string
	Metric string
	Summary
}

// SummarizeMonths summarises the monthly series of the replications: per
// month, for all sites together and per site, every Month metric.
func SummarizeMonths(sc *Scenario, reps []Replication) []MonthSummary {
	if len(reps) == 0 {
		return nil
	}
	var out []MonthSummary
	nMonths := len(reps[0].Months)
	for m := range nMonths {
		for s := -1; s < len(sc.Sites); s++ {
			site := "all"
			if s >= 0 {
				site = sc.Sites[s].Name
			}
			var names []string
			var cols [][]float64
			for r := range reps {
				var mo Month
				if s < 0 {
					for i := range reps[r].Months[m] {
						mo.Merge(&reps[r].Months[m][i])
					}
				} else {
					mo = reps[r].Months[m][s]
				}
				for j, met := range mo.Metrics() {
					if r == 0 {
						names = append(names, met.Name)
						cols = append(cols, make([]float64, len(reps)))
					}
					cols[j][r] = met.Value
				}
			}
			for j, n := range names {
				out = append(out, MonthSummary{Month: m + 1, Site: site, Metric: n, Summary: Summarize(cols[j])})
			}
		}
	}
	return out
}

// ReplicationMetrics returns, per replication, the total metrics and each
// site's, in their fixed order: the rows of replications.csv.
func ReplicationMetrics(sc *Scenario, r *Replication) (total []Metric, sites [][]Metric) {
	clv := sc.Demand.Customers.LifetimeValueEUR
	total = RunMetrics(&r.Total, clv)
	sites = make([][]Metric, len(r.Sites))
	for i := range r.Sites {
		sites[i] = RunMetrics(&r.Sites[i], clv)
	}
	return total, sites
}

// PairedDifference summarises, per total metric, the difference other −
// baseline over replications with the same index (common random numbers:
// the same arrivals and patience where the demand is the same). Only
// replication indices present in both are paired.
func PairedDifference(baseSc *Scenario, base []Replication, otherSc *Scenario, other []Replication) map[string]Summary {
	byIndex := make(map[int]*Replication, len(base))
	for i := range base {
		byIndex[base[i].Index] = &base[i]
	}
	var names []string
	var cols [][]float64
	for i := range other {
		b, ok := byIndex[other[i].Index]
		if !ok {
			continue
		}
		bm := b.Total.Metrics(baseSc.Demand.Customers.LifetimeValueEUR)
		om := other[i].Total.Metrics(otherSc.Demand.Customers.LifetimeValueEUR)
		if names == nil {
			for _, m := range om {
				names = append(names, m.Name)
				cols = append(cols, nil)
			}
		}
		for j := range om {
			cols[j] = append(cols[j], om[j].Value-bm[j].Value)
		}
	}
	out := make(map[string]Summary, len(names))
	for j, n := range names {
		out[n] = Summarize(cols[j])
	}
	return out
}
