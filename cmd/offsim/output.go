package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"offsim/model"
)

// summaryJSON renders summary.json: indented, keys of maps sorted, so equal
// results give byte-identical files.
func summaryJSON(b model.BatchSummary) ([]byte, error) {
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// summaryCSV renders summary.csv in tidy long format: one row per scenario,
// site ("all" for the total) and metric.
func summaryCSV(b model.BatchSummary) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"scenario", "site", "metric", "n", "mean", "sd", "ci95_low", "ci95_high", "p05", "p50", "p95"})
	order := model.MetricNames()
	row := func(scenario, site string, metrics map[string]model.Summary) {
		for _, name := range metricOrder(order, metrics) {
			s := metrics[name]
			w.Write([]string{scenario, site, name, strconv.Itoa(s.N),
				num(s.Mean), num(s.SD), num(s.CI95Low), num(s.CI95High), num(s.P05), num(s.P50), num(s.P95)})
		}
	}
	for _, sc := range b.Scenarios {
		row(sc.Name, "all", sc.Metrics)
		sites := make([]string, 0, len(sc.Sites))
		for name := range sc.Sites {
			sites = append(sites, name)
		}
		slices.Sort(sites)
		for _, name := range sites {
			row(sc.Name, name, sc.Sites[name].Metrics)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("summary.csv: %w", err)
	}
	return buf.Bytes(), nil
}

// metricOrder lists the metrics present in m: the known ones in their fixed
// order first, any others sorted after them.
func metricOrder(known []string, m map[string]model.Summary) []string {
	var out, extra []string
	for _, n := range known {
		if _, ok := m[n]; ok {
			out = append(out, n)
		}
	}
	for n := range m {
		if !slices.Contains(known, n) {
			extra = append(extra, n)
		}
	}
	slices.Sort(extra)
	return append(out, extra...)
}

// num formats a float in the shortest form that reads back exactly.
func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// scenarioRun is one scenario of a batch with its finished replications.
type scenarioRun struct {
	sc   *model.Scenario
	reps []model.Replication
}

// pairedCSV renders paired.csv: per scenario and metric, the difference to
// the baseline paired by replication (common random numbers).
func pairedCSV(b model.BatchSummary) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"scenario", "baseline", "metric", "n", "mean", "sd", "ci95_low", "ci95_high"})
	order := model.MetricNames()
	for _, sc := range b.Scenarios {
		if sc.Baseline == "" {
			continue
		}
		for _, name := range metricOrder(order, sc.VsBaseline) {
			s := sc.VsBaseline[name]
			w.Write([]string{sc.Name, sc.Baseline, name, strconv.Itoa(s.N), num(s.Mean), num(s.SD), num(s.CI95Low), num(s.CI95High)})
		}
	}
	w.Flush()
	return buf.Bytes()
}

// replicationsCSV renders replications.csv: one row per scenario,
// replication, site ("all" for the total) and metric.
func replicationsCSV(runs []scenarioRun) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"scenario", "replication", "site", "metric", "value"})
	for _, run := range runs {
		for i := range run.reps {
			r := &run.reps[i]
			total, sites := model.ReplicationMetrics(run.sc, r)
			rep := strconv.Itoa(r.Index)
			for _, m := range total {
				w.Write([]string{run.sc.Name, rep, "all", m.Name, num(m.Value)})
			}
			for s, ms := range sites {
				for _, m := range ms {
					w.Write([]string{run.sc.Name, rep, run.sc.Sites[s].Name, m.Name, num(m.Value)})
				}
			}
		}
	}
	w.Flush()
	return buf.Bytes()
}

// timeseriesCSV renders timeseries.csv: per scenario, site, month and
// metric, the mean and the 5th, 50th and 95th percentiles over replications.
func timeseriesCSV(runs []scenarioRun) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"scenario", "site", "month", "metric", "n", "mean", "p05", "p50", "p95"})
	for _, run := range runs {
		for _, m := range model.SummarizeMonths(run.sc, run.reps) {
			w.Write([]string{run.sc.Name, m.Site, strconv.Itoa(m.Month), m.Metric, strconv.Itoa(m.N),
				num(m.Mean), num(m.P05), num(m.P50), num(m.P95)})
		}
	}
	w.Flush()
	return buf.Bytes()
}

// parametersCSV renders parameters.csv: the value each replication drew for
// each uncertain parameter (nil when no scenario has one).
func parametersCSV(runs []scenarioRun) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	rows := 0
	w.Write([]string{"scenario", "replication", "parameter", "value"})
	for _, run := range runs {
		for _, r := range run.reps {
			for i, v := range r.Parameters {
				w.Write([]string{run.sc.Name, strconv.Itoa(r.Index), run.sc.Uncertain[i].Key, num(v)})
				rows++
			}
		}
	}
	w.Flush()
	if rows == 0 {
		return nil
	}
	return buf.Bytes()
}

// sweepCSV renders sweep.csv: which value of which swept key made each
// scenario variant (nil when the batch has no sweep).
func sweepCSV(runs []scenarioRun) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	rows := 0
	w.Write([]string{"scenario", "key", "value"})
	for _, run := range runs {
		for _, s := range run.sc.Sweep {
			w.Write([]string{run.sc.Name, s.Key, num(s.Value)})
			rows++
		}
	}
	w.Flush()
	if rows == 0 {
		return nil
	}
	return buf.Bytes()
}

// yearlyCSV renders yearly.csv: per scenario, year and yearly metric
// (model.YearMetrics), the summary over replications.
func yearlyCSV(runs []scenarioRun) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"scenario", "year", "metric", "n", "mean", "sd", "ci95_low", "ci95_high", "p05", "p50", "p95"})
	for _, run := range runs {
		for _, y := range model.SummarizeYears(run.sc, run.reps) {
			s := y.Summary
			w.Write([]string{run.sc.Name, strconv.Itoa(y.Year), y.Metric, strconv.Itoa(s.N),
				num(s.Mean), num(s.SD), num(s.CI95Low), num(s.CI95High), num(s.P05), num(s.P50), num(s.P95)})
		}
	}
	w.Flush()
	return buf.Bytes()
}

// yearlyReplicationsCSV renders yearly_replications.csv: every yearly
// metric of every replication, the points behind the race chart.
func yearlyReplicationsCSV(runs []scenarioRun) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"scenario", "replication", "year", "metric", "value"})
	for _, run := range runs {
		for i := range run.reps {
			r := &run.reps[i]
			for y, ms := range model.YearMetrics(run.sc, r) {
				for _, m := range ms {
					w.Write([]string{run.sc.Name, strconv.Itoa(r.Index), strconv.Itoa(y + 1), m.Name, num(m.Value)})
				}
			}
		}
	}
	w.Flush()
	return buf.Bytes()
}

// tendersCSV renders tenders.csv: per tender scenario, contract (0 is the
// first, from day 0) and bidder, the share of replications it won and the
// means of its bid, quality and score (nil when no scenario has a tender).
func tendersCSV(runs []scenarioRun) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	rows := 0
	w.Write([]string{"scenario", "tender", "award_day", "start_day", "bidder", "won_share", "bid_monthly_eur_mean", "quality_mean", "score_mean"})
	for _, run := range runs {
		shares := model.AwardShares(run.sc, run.reps)
		for k := range shares {
			a0 := run.reps[0].Awards[k]
			for b, bd := range run.sc.Tender.Bidders {
				var bid, q, score float64
				for _, r := range run.reps {
					a := r.Awards[k]
					bid += a.MonthlyEUR[b]
					q += a.Quality[b]
					score += a.Score[b]
				}
				n := float64(len(run.reps))
				w.Write([]string{run.sc.Name, strconv.Itoa(k), num(a0.Day), num(a0.StartDay), bd.Name,
					num(shares[k][b]), num(bid / n), num(q / n), num(score / n)})
				rows++
			}
		}
	}
	w.Flush()
	if rows == 0 {
		return nil
	}
	return buf.Bytes()
}
