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
