package model

// BatchSummary is the content of summary.json: one entry per scenario, in
// the order the scenarios were given.
type BatchSummary struct {
	Scenarios []ScenarioSummary `json:"scenarios"`
}

// ScenarioSummary summarises every metric of one scenario over its
// replications, in total and per site.
type ScenarioSummary struct {
	Name         string `json:"name"`
	Replications int    `json:"replications"`
	Seed         uint64 `json:"seed"`
	// Metrics maps a metric name (e.g. "service_level") to its summary.
	Metrics map[string]Summary `json:"metrics"`
	// Sites maps a site name to its own metrics.
	Sites map[string]SiteSummary `json:"sites"`
}

// SiteSummary holds the metrics of one site.
type SiteSummary struct {
	Metrics map[string]Summary `json:"metrics"`
}

// SummarizeScenario summarises the replications of scenario sc.
func SummarizeScenario(sc *Scenario, reps []Replication) ScenarioSummary {
	out := ScenarioSummary{
		Name:         sc.Name,
		Replications: len(reps),
		Seed:         sc.Run.Seed,
		Metrics:      summarizeMetrics(reps, func(r *Replication) *CallStats { return &r.Total }),
		Sites:        make(map[string]SiteSummary, len(sc.Sites)),
	}
	for i, s := range sc.Sites {
		out.Sites[s.Name] = SiteSummary{Metrics: summarizeMetrics(reps, func(r *Replication) *CallStats { return &r.Sites[i] })}
	}
	return out
}

// MetricNames returns the names of the per-replication metrics in their
// fixed output order.
func MetricNames() []string {
	var c CallStats
	ms := c.Metrics()
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = m.Name
	}
	return names
}

func summarizeMetrics(reps []Replication, pick func(*Replication) *CallStats) map[string]Summary {
	if len(reps) == 0 {
		return map[string]Summary{}
	}
	cols := make([][]float64, 0)
	var names []string
	for i := range reps {
		for j, m := range pick(&reps[i]).Metrics() {
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
