package scenarios_test

import (
	"fmt"

	"offsim/scenarios"
)

// A file's [optimize] table as an optimize.Problem, and the scenario of one
// of its designs.
func ExampleParseOptimization() {
	src := []byte(`name = "staff one queue"
[run]
horizon_hours = 20
[demand]
arrivals_per_hour = 360
patience = { dist = "exponential", mean_seconds = 180 }
[[sites]]
name = "NL"
agents = 40
handle_time = { dist = "exponential", mean_seconds = 300 }

[optimize]
minimize = "sites.NL.agents"
budget_replications = 600
[optimize.variables]
"sites.NL.agents" = { from = 20, to = 60, step = 1 }
[optimize.constraints]
service_level = { min = 0.80 }
`)
	o, err := scenarios.ParseOptimization("staff.toml", src)
	if err != nil {
		fmt.Println(err)
		return
	}
	p := o.Problem
	fmt.Println(p.Minimize, p.BudgetReplications, p.Confidence)
	fmt.Printf("%+v\n", p.Variables[0])
	fmt.Println(p.Constraints[0].Metric, p.Constraints[0].Min)
	sc, err := o.Design([]float64{33})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sc.Name, sc.Sites[0].Staffing.Max())
	// Output:
	// sites.NL.agents 600 0.95
	// {Key:sites.NL.agents From:20 To:60 Step:1}
	// service_level 0.8
	// staff one queue [agents=33] 33
}
