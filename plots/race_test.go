package plots

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"offsim/results"
)

// raceCharts are the charts of a batch with tenders over 10 years.
var raceCharts = []string{
	"yearly_client_cost_eur", "yearly_provider_margin_eur", "yearly_mean_wage_to_minimum", "yearly_domestic_wage_to_minimum",
	"yearly_share_at_minimum_wage", "yearly_offshore_share", "yearly_domestic_jobs", "yearly_attrition_rate_annual",
	"yearly_fcr", "yearly_csat", "yearly_churn_rate", "tender_winners", "race",
}

// synthRace is a synthetic 10-year batch of three tender scenarios: the
// race (offshore from year 4, Dutch jobs gone), a wage floor (the same,
// floored wages before) and quality weighting (Dutch work kept, dearer).
func synthRace() *Results {
	scens := synthBatch[:3]
	names := []string{"race", "race-floor", "race-quality"}
	r := synthetic(scens, 6, 24, "", false)
	for i := range r.Summary.Scenarios {
		rename(r, scens[i].name, names[i])
	}
	for si, name := range names {
		kept := si == 2
		for y := 1; y <= 10; y++ {
			off := y >= 4 && !kept
			vals := map[string]float64{
				"client_cost_eur":          4.6e6 - 3e6*b2f(off) + 2e5*float64(y)*b2f(kept),
				"provider_margin_eur":      3e5 + 1e4*float64(y),
				"mean_wage_to_minimum":     1.25 - 0.03*float64(min(y, 3)) + 0.4*b2f(off),
				"domestic_wage_to_minimum": (1.25 - 0.03*float64(min(y, 3))) * (1 - b2f(off)),
				"share_at_minimum_wage":    0.1 * float64(si),
				"offshore_share":           0.97 * b2f(off),
				"domestic_jobs":            63 * (1 - b2f(off)),
				"attrition_rate_annual":    0.2 + 0.2*b2f(off),
				"fcr":                      0.8 - 0.17*b2f(off),
				"csat":                     0.79 - 0.07*b2f(off),
				"churn_rate":               0.005 + 0.0025*b2f(off),
			}
			for _, m := range yearlyMetrics {
				v := vals[m]
				r.Yearly = append(r.Yearly, YearRow{Scenario: name, Year: y, Metric: m,
					Stats: results.Stats{N: 6, Mean: v, P05: v * 0.97, P50: v, P95: v * 1.03}})
				for rep := range 6 {
					r.YearlyReps = append(r.YearlyReps, YearRepRow{Scenario: name, Replication: rep, Year: y, Metric: m,
						Value: v * (1 + 0.01*float64(rep-3))})
				}
			}
		}
		for k, start := range []float64{0, 1095, 2190, 3285} {
			for b, bidder := range []string{"quality", "facilitator", "offshore"} {
				won := 0.0
				switch {
				case k == 0 || kept:
					won = b2f(b == 0)
				case b == 2:
					won = 0.83
				case b == 1:
					won = 0.17
				}
				r.Tenders = append(r.Tenders, TenderRow{Scenario: name, Tender: k, AwardDay: math.Max(0, start-90), StartDay: start,
					Bidder: bidder, WonShare: won, BidMonthlyEUR: 3e5 / float64(b+1), QualityMean: 0.8 - 0.03*float64(b), ScoreMean: 0.5})
			}
		}
	}
	return r
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// TestRenderRace draws every race chart from a synthetic tender batch,
// checks each like the other charts, and redraws them byte-identically
// from the saved files.
func TestRenderRace(t *testing.T) {
	r := synthRace()
	dir, paths := render(t, r, Options{})
	for _, c := range raceCharts {
		checkPNG(t, filepath.Join(dir, c+".png"), c)
		checkSVG(t, filepath.Join(dir, c+".svg"), c)
	}
	checkReport(t, filepath.Join(dir, ReportFile), r, raceCharts)
	src := t.TempDir()
	save(t, src, r)
	loaded, err := Load(src)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(loaded.Yearly, r.Yearly) || !reflect.DeepEqual(loaded.YearlyReps, r.YearlyReps) || !reflect.DeepEqual(loaded.Tenders, r.Tenders) {
		t.Fatal("Load does not read back the race outputs exactly")
	}
	again, paths2 := render(t, loaded, Options{})
	if len(paths) != len(paths2) {
		t.Fatalf("%d files, then %d", len(paths), len(paths2))
	}
	for _, c := range raceCharts {
		a, _ := os.ReadFile(filepath.Join(dir, c+".png"))
		b, _ := os.ReadFile(filepath.Join(again, c+".png"))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs after a reload", c)
		}
	}
}

// TestRenderShortNoYearly: fewer than 3 years draw no yearly charts.
func TestRenderShortNoYearly(t *testing.T) {
	r := synthetic(synthBatch[:2], 2, 24, "", false)
	csat := results.Stats{N: 2, Mean: 0.8, P05: 0.8, P50: 0.8, P95: 0.8}
	r.Yearly = []YearRow{{Scenario: "nl-inhouse", Year: 1, Metric: "csat", Stats: csat},
		{Scenario: "nl-inhouse", Year: 2, Metric: "csat", Stats: csat}}
	dir, paths := render(t, r, Options{})
	for _, p := range paths {
		if strings.Contains(p, "yearly_") || strings.Contains(p, "race") {
			t.Errorf("%s drawn from 2 years", p)
		}
	}
	rep, _ := os.ReadFile(filepath.Join(dir, ReportFile))
	if !bytes.Contains(rep, []byte("Fewer than 3 years")) {
		t.Error("the report does not say why the yearly charts were left out")
	}
}
