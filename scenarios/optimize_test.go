package scenarios

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"offsim/model"
	"offsim/optimize"
)

// threeSites is a scenario of three sites behind a share route, with an
// [optimize] table whose entries are out of alphabetical order.
var threeSites = `name = "three"
[run]
horizon_hours = 24
seed = 5
[demand]
arrivals_per_hour = 100
` + site("NL", 12, 300) + site("SR", 12, 300) + site("PT", 12, 300) + `[routing]
kind = "share"
shares = { NL = 0.5, SR = 0.3, PT = 0.2 }

[optimize]
minimize = "cost_total_eur"
budget_replications = 500
[optimize.variables]
"sites.SR.agents" = { from = 5, to = 30, step = 1 }
"routing.shares.NL" = { from = 0, to = 1, step = 0.1 }
demand.arrivals_per_hour = { from = 80, to = 120 }
[optimize.constraints]
service_level = { min = 0.8, tolerance = 0.01 }
abandon_rate = { max = 0.05 }
asa_seconds = { min = 1, max = 60 }
`

// TestOptimizationProblem: the problem keeps the file's order of variables
// and constraints (a dotted key too), fills the defaults and lists every
// total metric.
func TestOptimizationProblem(t *testing.T) {
	t.Parallel()
	o := mustOptimization(t, threeSites)
	p := o.Problem
	want := []optimize.Variable{
		{Key: "sites.SR.agents", From: 5, To: 30, Step: 1},
		{Key: "routing.shares.NL", From: 0, To: 1, Step: 0.1},
		{Key: "demand.arrivals_per_hour", From: 80, To: 120},
	}
	if !slices.Equal(p.Variables, want) {
		t.Errorf("variables %+v, want %+v", p.Variables, want)
	}
	wantC := []optimize.Constraint{
		{Metric: "service_level", Min: 0.8, HasMin: true, Tolerance: 0.01},
		{Metric: "abandon_rate", Max: 0.05, HasMax: true},
		{Metric: "asa_seconds", Min: 1, HasMin: true, Max: 60, HasMax: true},
	}
	if !slices.Equal(p.Constraints, wantC) {
		t.Errorf("constraints %+v, want %+v", p.Constraints, wantC)
	}
	if p.Minimize != "cost_total_eur" || p.BudgetReplications != 500 || p.Confidence != 0.95 || p.IndifferenceZone != 0 {
		t.Errorf("problem %+v", p)
	}
	if !slices.Equal(p.Metrics, model.MetricNames()) {
		t.Errorf("metrics %q", p.Metrics)
	}
	if o.Base.Name != "three" || o.Base.Run.Seed != 5 {
		t.Errorf("base %q, seed %d", o.Base.Name, o.Base.Run.Seed)
	}
}

// TestOptimizationDesign: a design sets every variable; a share of three
// sites leaves the others 1 − x in the file's proportions (of two, all of
// it); the design is named by its values; the file as written is what
// Parse returns.
func TestOptimizationDesign(t *testing.T) {
	t.Parallel()
	o := mustOptimization(t, threeSites)
	sc := must(o.Design([]float64{20, 0.4, 97.5}))(t)
	if sc.Name != "three [agents=20, NL=0.4, arrivals_per_hour=97.5]" {
		t.Errorf("name %q", sc.Name)
	}
	if sc.Sites[1].Staffing.Max() != 20 || sc.Demand.Arrivals.Mean() != 97.5 {
		t.Errorf("agents %d, arrivals %g", sc.Sites[1].Staffing.Max(), sc.Demand.Arrivals.Mean())
	}
	r := sc.Routing.ByType[0]
	// Sites in the order of the file: NL, SR, PT; SR and PT share 0.6 as 3:2.
	if want := []float64{0.4, 0.36, 0.24}; !slices.Equal(r.Sites, []int{0, 1, 2}) || !approx(r.Shares, want) {
		t.Errorf("shares %v of sites %v, want %v", r.Shares, r.Sites, want)
	}
	base := must(Parse("opt.toml", []byte(threeSites)))(t)
	if base.Name != "three" || base.Routing.ByType[0].Shares[0] != 0.5 || base.Sites[1].Staffing.Max() != 12 {
		t.Errorf("Parse gave %q with shares %v", base.Name, base.Routing.ByType[0].Shares)
	}

	two := strings.Replace(strings.Replace(threeSites, "shares = { NL = 0.5, SR = 0.3, PT = 0.2 }", "shares = { NL = 0.5, SR = 0.5 }", 1),
		site("PT", 12, 300), "", 1)
	sc = must(mustOptimization(t, two).Design([]float64{20, 0.7, 100}))(t)
	if got := sc.Routing.ByType[0].Shares; !approx(got, []float64{0.7, 0.3}) {
		t.Errorf("two-site shares %v, want [0.7 0.3]", got)
	}
	zero := strings.Replace(threeSites, "shares = { NL = 0.5, SR = 0.3, PT = 0.2 }", "shares = { NL = 1, SR = 0, PT = 0 }", 1)
	sc = must(mustOptimization(t, zero).Design([]float64{20, 0.4, 100}))(t)
	if got := sc.Routing.ByType[0].Shares; !approx(got, []float64{0.4, 0.3, 0.3}) {
		t.Errorf("shares from zeros %v, want [0.4 0.3 0.3]", got)
	}
}

func approx(got, want []float64) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			return false
		}
	}
	return true
}

// TestOptimizationErrors: a design a key refuses is an error that names
// the design; a file without [optimize] is refused by ParseOptimization; a
// share without a partner is refused.
func TestOptimizationErrors(t *testing.T) {
	t.Parallel()
	o := mustOptimization(t, threeSites)
	_, err := o.Design([]float64{0, 0.4, 100})
	var list ErrorList
	if !errors.As(err, &list) || !strings.Contains(err.Error(), "sites[1].agents: must be at least 1, got 0 (in design agents=0, NL=0.4, arrivals_per_hour=100)") {
		t.Errorf("Design of 0 agents: %v", err)
	}
	if _, err := ParseOptimization("plain.toml", []byte(threeSites[:strings.Index(threeSites, "[optimize]")])); err == nil || !strings.Contains(err.Error(), "plain.toml: no [optimize] table") {
		t.Errorf("a file without [optimize]: %v", err)
	}
	alone := strings.Replace(threeSites, `"routing.shares.NL" = { from = 0, to = 1, step = 0.1 }`, `"routing.by_type.default.shares.NL" = { from = 0, to = 1, step = 0.1 }`, 1)
	if _, err := ParseOptimization("alone.toml", []byte(alone)); err == nil || !strings.Contains(err.Error(), "names no other site to take 1 − x") {
		t.Errorf("a share without partners: %v", err)
	}
}
