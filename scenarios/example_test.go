package scenarios_test

import (
	"fmt"
	"os"

	"offsim/scenarios"
)

func ExampleParse() {
	data, err := os.ReadFile("../testdata/w1.toml")
	if err != nil {
		fmt.Println(err)
		return
	}
	sc, err := scenarios.Parse("w1.toml", data)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sc.Name, sc.Run.HorizonSeconds, sc.Run.Replications, sc.Sites[0].Staffing.Agents)

	// Every problem is reported with file, line and key.
	_, err = scenarios.Parse("bad.toml", []byte(`name = "bad"
run.horizon_hours = -5
demand.arrivals_per_hour = 1000
demand.patience = { dist = "exponential", mean_second = 180 }
sites = [{ name = "NL", agents = 0, handle_time = { dist = "exponential", mean_seconds = 360 } }]
`))
	fmt.Println(err)
	// Output:
	// W1 Erlang-A 3.6e+06 4 [105]
	// bad.toml:2: run.horizon_hours: must be positive, got -5
	// bad.toml:4: demand.patience.mean_seconds: required key is missing (give mean_seconds or mean_days)
	// bad.toml:4: demand.patience.mean_second: unknown key (did you mean mean_seconds?)
	// bad.toml:5: sites[0].agents: must be at least 1, got 0
}

// A file's [optimize] table as an optimize.Problem, and the scenario of one
// of its designs.
func ExampleLoadOptimization() {
	o, err := scenarios.LoadOptimization("../testdata/optimize.toml")
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
