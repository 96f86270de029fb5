package scenarios_test

import (
	"fmt"

	"offsim/scenarios"
)

func ExampleParse() {
	src := []byte(`name = "W1 Erlang-A"
[run]
horizon_hours = 1000
warmup_hours = 10
[demand]
arrivals_per_hour = 1000
patience = { dist = "exponential", mean_seconds = 180 }
[[sites]]
name = "NL"
agents = 105
handle_time = { dist = "exponential", mean_seconds = 360 }
`)
	sc, err := scenarios.Parse("w1.toml", src)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sc.Name, sc.Run.HorizonSeconds, sc.Run.Replications, sc.Sites[0].Staffing.Agents)

	// Every problem is reported with file, line and key.
	_, err = scenarios.Parse("bad.toml", []byte(`name = "bad"
[run]
horizon_hours = -5
[demand]
arrivals_per_hour = 1000
patience = { dist = "exponential", mean_second = 180 }
[[sites]]
name = "NL"
agents = 0
handle_time = { dist = "exponential", mean_seconds = 360 }
`))
	fmt.Println(err)
	// Output:
	// W1 Erlang-A 3.6e+06 10 [105]
	// bad.toml:3: run.horizon_hours: must be positive, got -5
	// bad.toml:6: demand.patience.mean_seconds: required key is missing (give mean_seconds or mean_days)
	// bad.toml:6: demand.patience.mean_second: unknown key (did you mean mean_seconds?)
	// bad.toml:9: sites[0].agents: must be at least 1, got 0
}
