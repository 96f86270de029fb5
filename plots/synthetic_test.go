package plots

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"offsim/model"
	"offsim/results"
)

// synthScenario is the recipe of one synthetic scenario.
type synthScenario struct {
	name string
	// costMonth is the mean total cost per month, EUR.
	costMonth            float64
	sl, fcr, csat, churn float64
	// margin is the provider margin's share of the cost (may be < 0).
	margin     float64
	wageRatio  float64
	headcount  float64
	sweepValue float64
}

var synthBatch = []synthScenario{
	{"nl-inhouse", 356_000, 0.89, 0.77, 0.78, 0.0055, 0, 1.14, 73, 0},
	{"nl-outsourced", 350_000, 0.77, 0.69, 0.735, 0.0073, 0.07, 1.07, 70, 0},
	{"sr-offshore", 122_000, 0.83, 0.65, 0.73, 0.0071, -0.04, 1.6, 68, 0},
	{"hybrid", 282_000, 0.875, 0.69, 0.753, 0.0063, 0.03, 1.33, 77, 0},
	{"good-employer", 378_000, 0.90, 0.81, 0.79, 0.0052, 0, 1.26, 72, 0},
}

// synthSweep sweeps a wage premium over six scenarios.
func synthSweep() []synthScenario {
	var out []synthScenario
	for i := range 6 {
		p := 0.1 * float64(i)
		out = append(out, synthScenario{
			name: fmt.Sprintf("premium-%.1f", p), costMonth: 120_000 * (1 + 0.6*p), sl: 0.8 + 0.1*p, fcr: 0.64 + 0.2*p,
			csat: 0.72 + 0.1*p, churn: 0.0072 - 0.003*p, margin: 0.02, wageRatio: 1 + p, headcount: 68, sweepValue: p,
		})
	}
	return out
}

// synthParams are the uncertain parameters of the synthetic batch and how
// strongly each moves cost (share of cost per unit of the standardised
// draw).
var synthParams = []struct {
	name   string
	lo, hi float64
	effect float64
}{
	{"sites.SR.attrition.base_annual", 0.2, 0.6, 0.04},
	{"sites.SR.fx.drift_per_year", -0.05, 0.25, -0.02},
	{"demand.weekly_volume", 14000, 18000, 0.06},
	{"sites.NL.wage.premium", 0.0, 0.2, 0.005},
}

// synthetic builds results for the scenarios: reps replications, months
// months; sweep adds sweep.csv rows, params parameter draws.
func synthetic(scens []synthScenario, reps, months int, sweepKey string, params bool) *Results {
	r := &Results{}
	rng := rand.New(rand.NewPCG(1, 2))
	names := model.MetricNames()
	var mo model.Month
	var monthNames []string
	for _, m := range mo.Metrics() {
		monthNames = append(monthNames, m.Name)
	}
	perRep := map[string]map[string][]float64{}
	for si, sc := range scens {
		vals := map[string][]float64{}
		perRep[sc.name] = vals
		// monthly[metric][month][rep]
		monthly := map[string][][]float64{}
		for _, n := range monthNames {
			monthly[n] = make([][]float64, months)
		}
		for rep := range reps {
			z := rng.NormFloat64()
			costShift := 0.0
			if params {
				for _, p := range synthParams {
					u := rng.Float64()
					v := p.lo + u*(p.hi-p.lo)
					r.Parameters = append(r.Parameters, ParamRow{Scenario: sc.name, Replication: rep, Parameter: p.name, Value: v})
					costShift += p.effect * (u - 0.5) * 2
				}
			}
			cost := sc.costMonth * float64(months) * (1 + 0.01*z + costShift)
			resolved := 1e5 * float64(months) / 24 * (1 + 0.005*rng.NormFloat64())
			m := map[string]float64{
				"calls_offered":                1.5e6 * float64(months) / 24,
				"service_level":                sc.sl + 0.01*rng.NormFloat64(),
				"abandon_rate":                 (1 - sc.sl) / 2 * (1 + 0.05*rng.NormFloat64()),
				"asa_seconds":                  30 * (1 - sc.sl) * (1 + 0.1*rng.NormFloat64()),
				"occupancy":                    0.85,
				"fcr":                          sc.fcr + 0.005*rng.NormFloat64(),
				"csat":                         sc.csat + 0.004*rng.NormFloat64(),
				"churn_rate":                   sc.churn * (1 + 0.03*rng.NormFloat64()),
				"repeat_contacts_per_issue":    0.3 + 0.01*rng.NormFloat64(),
				"headcount_end":                math.Round(sc.headcount + 2*rng.NormFloat64()),
				"hires":                        math.Round(20 + 5*rng.Float64()),
				"leavers":                      math.Round(20 + 5*rng.Float64()),
				"attrition_rate_annual":        0.2 + 0.05*rng.Float64(),
				"mean_wage_to_minimum":         sc.wageRatio,
				"share_at_minimum_wage":        math.Max(0, 1.3-sc.wageRatio),
				"cost_total_eur":               cost,
				"cost_per_resolved_issue_eur":  cost / resolved,
				"cost_per_contact_eur":         cost / resolved / 1.3,
				"cost_per_productive_hour_eur": 40,
			}
			m["lost_customer_value_eur"] = m["churn_rate"] * 1e5 * 600
			// Split the cost into the ledger's categories.
			shares := [model.NumCostCategories]float64{0.5, 0.17, 0.01, 0.015, 0.02, 0.09, 0.01, 0.11, 0.02, sc.margin}
			var sum float64
			for _, s := range shares[:model.NumCostCategories-1] {
				sum += s
			}
			for k := range model.NumCostCategories {
				share := shares[k]
				if k < model.CostProviderMargin {
					share = shares[k] / sum * (1 - sc.margin)
				}
				m[categoryMetric(k)] = cost * share
			}
			m["provider_margin_eur"] = m[categoryMetric(model.CostProviderMargin)]
			for _, n := range names {
				v, ok := m[n]
				if !ok {
					v = float64(si*100 + rep)
				}
				vals[n] = append(vals[n], v)
				r.Replications = append(r.Replications, RepRow{Scenario: sc.name, Replication: rep, Site: "all", Metric: n, Value: v})
			}
			for mi := range months {
				trend := 1 + 0.002*float64(mi)
				mm := map[string]float64{
					"calls_offered":        m["calls_offered"] / float64(months),
					"service_level":        sc.sl + 0.03*rng.NormFloat64(),
					"abandon_rate":         (1 - sc.sl) / 2,
					"fcr":                  sc.fcr + 0.01*rng.NormFloat64(),
					"csat":                 sc.csat + 0.01*rng.NormFloat64(),
					"churn_rate":           sc.churn,
					"headcount":            math.Round(sc.headcount + 2*rng.NormFloat64()),
					"leavers":              math.Round(2 + 2*rng.Float64()),
					"hires":                math.Round(2 + 2*rng.Float64()),
					"mean_wage_to_minimum": sc.wageRatio * (1 - 0.001*float64(mi)),
					"cost_total_eur":       cost / float64(months) * trend * (1 + 0.03*rng.NormFloat64()),
				}
				for _, n := range monthNames {
					v, ok := mm[n]
					if !ok {
						v = float64(mi + rep)
					}
					monthly[n][mi] = append(monthly[n][mi], v)
				}
			}
		}
		for mi := range months {
			for _, n := range monthNames {
				s := model.Summarize(monthly[n][mi])
				r.Timeseries = append(r.Timeseries, SeriesRow{Scenario: sc.name, Site: "all", Month: mi + 1, Metric: n,
					N: s.N, Mean: s.Mean, P05: s.P05, P50: s.P50, P95: s.P95})
			}
		}
		ss := model.ScenarioSummary{Name: sc.name, Replications: reps, Seed: 42, Metrics: map[string]model.Summary{},
			Sites: map[string]model.SiteSummary{}}
		for _, n := range names {
			ss.Metrics[n] = model.Summarize(vals[n])
		}
		if si > 0 {
			ss.Baseline = scens[0].name
			ss.VsBaseline = map[string]model.Summary{}
			base := perRep[scens[0].name]
			for _, n := range names {
				diff := make([]float64, reps)
				for k := range diff {
					diff[k] = vals[n][k] - base[n][k]
				}
				s := model.Summarize(diff)
				ss.VsBaseline[n] = s
				r.Paired = append(r.Paired, PairedRow{Scenario: sc.name, Baseline: ss.Baseline, Metric: n, N: s.N,
					Mean: s.Mean, SD: s.SD, CI95Low: s.CI95Low, CI95High: s.CI95High})
			}
		}
		r.Summary.Scenarios = append(r.Summary.Scenarios, ss)
		if sweepKey != "" {
			r.Sweep = append(r.Sweep, SweepRow{Scenario: sc.name, Key: sweepKey, Value: strconv.FormatFloat(sc.sweepValue, 'g', -1, 64)})
		}
	}
	r.ScenarioFiles = []ScenarioFile{{Name: scens[0].name + ".toml", Text: "name = \"" + scens[0].name + "\"\n[run]\nreplications = 10 # <&> escaped\n"}}
	return r
}

// save writes r as offsim run would, through the one results schema, and
// seals the folder with its manifest, so Load can read it back.
func save(t testing.TB, dir string, r *Results) {
	t.Helper()
	if _, err := results.WriteRows(dir, r.Summary, &r.Rows); err != nil {
		t.Fatal(err)
	}
	if len(r.ScenarioFiles) > 0 {
		sd := filepath.Join(dir, results.ScenariosDir)
		if err := os.MkdirAll(sd, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range r.ScenarioFiles {
			if err := os.WriteFile(filepath.Join(sd, f.Name), []byte(f.Text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := results.Seal(dir); err != nil {
		t.Fatal(err)
	}
}

// synthGrid sweeps two keys: a billing model (named values, the x axis)
// and a wage premium (one series per value): nine scenarios.
func synthGrid() *Results {
	var scens []synthScenario
	type key struct{ billing, premium string }
	var keys []key
	for bi, b := range []string{"per_hour", "per_contact", "per_resolved"} {
		for pi, p := range []string{"0", "0.2", "0.4"} {
			f := 0.2 * float64(pi)
			scens = append(scens, synthScenario{
				name: b + "@" + p, costMonth: 120_000 * (1 + 0.6*f) * (1 + 0.05*float64(bi)), sl: 0.8 + 0.1*f, fcr: 0.64 + 0.2*f + 0.02*float64(bi),
				csat: 0.72 + 0.1*f, churn: 0.0072 - 0.003*f, margin: 0.05 - 0.03*float64(bi), wageRatio: 1 + f, headcount: 68,
			})
			keys = append(keys, key{b, p})
		}
	}
	r := synthetic(scens, 4, 6, "", false)
	for i, k := range keys {
		r.Sweep = append(r.Sweep, SweepRow{Scenario: scens[i].name, Key: "sites.SR.costs.billing", Value: k.billing},
			SweepRow{Scenario: scens[i].name, Key: "sites.SR.wage.premium", Value: k.premium})
	}
	return r
}
