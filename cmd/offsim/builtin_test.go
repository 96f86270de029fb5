package main

import (
	"bytes"
	"context"
	"math"
	"path/filepath"
	"testing"

	"offsim/model"
	"offsim/scenarios"
	"offsim/sim"
)

// TestBuiltinLedgerIdentity: for every built-in scenario, in every month
// and at every site, the cost categories add up to the client's total —
// provider costs plus governance plus margin, and for an outsourced site
// exactly what was billed plus governance — and the months add up to the
// window's total.
func TestBuiltinLedgerIdentity(t *testing.T) {
	for _, name := range scenarios.BuiltinNames() {
		sc, err := scenarios.Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		reps, err := sim.RunReplications(context.Background(), sc, []int{0, 1}, sim.RunOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range reps {
			var months model.Ledger
			for m, sites := range r.Months {
				for s := range sites {
					mo := &sites[s]
					l := &mo.Ledger
					months.Add(l)
					var sum float64
					for _, v := range l {
						sum += v
					}
					if d := sum - (l.ProviderCost() + l[model.CostGovernance] + l[model.CostProviderMargin]); math.Abs(d) > 1e-6 {
						t.Errorf("%s rep %d month %d site %s: categories off by %g", name, r.Index, m+1, sc.Sites[s].Name, d)
					}
					if sc.Sites[s].Costs.Billing != model.BillInHouse {
						if d := l.Total() - (mo.RevenueEUR + l[model.CostGovernance]); math.Abs(d) > 1e-6*max(1, l.Total()) {
							t.Errorf("%s month %d site %s: client pays %.2f, billed %.2f + governance %.2f",
								name, m+1, sc.Sites[s].Name, l.Total(), mo.RevenueEUR, l[model.CostGovernance])
						}
					} else if l[model.CostProviderMargin] != 0 {
						t.Errorf("%s month %d: in-house site %s has a margin", name, m+1, sc.Sites[s].Name)
					}
				}
			}
			total := r.Total.Ledger.Total()
			if total <= 0 && sc.Sites[0].Workforce != nil {
				t.Errorf("%s: no cost at all", name)
			}
			if d := months.Total() - total; math.Abs(d) > 1e-6*max(1, total) {
				t.Errorf("%s rep %d: months sum to %.2f, the window to %.2f", name, r.Index, months.Total(), total)
			}
		}
	}
}

// TestBuiltinBatchCharts: the default batch (two replications each) gives
// every chart of the plots issue, each a non-empty PNG and SVG, and the
// report.
func TestBuiltinBatchCharts(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the five built-ins")
	}
	dir := t.TempDir()
	if code, _, stderr := runCLI(t, "run", "-quiet", "-reps", "2", "-out", dir); code != 0 {
		t.Fatal(stderr)
	}
	for _, name := range []string{"cost_vs_outcome", "cost_vs_outcomes_panel", "cost_breakdown", "cost_distribution",
		"timeseries_cost_total_eur", "timeseries_headcount", "timeseries_leavers", "timeseries_service_level",
		"timeseries_fcr", "timeseries_csat", "timeseries_mean_wage_to_minimum"} {
		for _, ext := range []string{".png", ".svg"} {
			if b := readFile(t, filepath.Join(dir, name+ext)); len(b) < 5000 {
				t.Errorf("%s%s: only %d bytes", name, ext, len(b))
			}
		}
	}
	if b := readFile(t, filepath.Join(dir, "report.html")); !bytes.Contains(b, []byte("<svg")) {
		t.Error("report.html has no inline chart")
	}
}
