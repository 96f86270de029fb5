package optimize_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"offsim/model"
	"offsim/optimize"
)

// Staff one Erlang A site for 80% of calls answered within 20 s, at 95%
// confidence, with an evaluator whose replications scatter around the exact
// service level as a simulation of 2880 calls would (replication r's noise
// is common to every staffing level).
func ExampleRun() {
	queue := model.Queue{ArrivalsPerHour: 360, AHTSeconds: 300, PatienceSeconds: 180}
	serviceLevel := func(agents int) float64 {
		q := queue
		q.Agents = agents
		m, err := q.Measures(20)
		if err != nil {
			panic(err)
		}
		return m.ServiceLevel
	}
	evaluate := func(ctx context.Context, design []float64, reps []int) ([][]float64, error) {
		sl := serviceLevel(int(design[0]))
		sd := 3 * math.Sqrt(sl*(1-sl)/2880)
		rows := make([][]float64, len(reps))
		for i, r := range reps {
			noise := rand.New(rand.NewPCG(42, uint64(r))).NormFloat64()
			rows[i] = []float64{sl + sd*noise}
		}
		return rows, nil
	}
	problem := optimize.Problem{
		Variables:          []optimize.Variable{{Key: "sites.NL.agents", From: 1, To: 100, Step: 1}},
		Minimize:           "sites.NL.agents",
		Constraints:        []optimize.Constraint{{Metric: "service_level", Min: 0.8, HasMin: true}},
		BudgetReplications: 1000,
		Confidence:         0.95,
	}
	res, err := optimize.Run(context.Background(), problem, optimize.EvaluatorFunc(evaluate), optimize.Options{Seed: 1})
	if err != nil || res.Best < 0 {
		fmt.Println("no design:", err, res.Guarantee.Statement)
		return
	}
	exact, _, _ := model.StaffFor(queue, 20, 0.8, 0)
	fmt.Println("agents:", res.Designs[res.Best].Values[0])
	fmt.Println("Erlang A staffing:", exact)
	fmt.Println("replications:", res.Spent, "of", res.Budget)
	fmt.Println(res.Guarantee.Statement)
	// Output:
	// agents: 33
	// Erlang A staffing: 33
	// replications: 172 of 1000
	// With probability ≥ 0.95, the returned design (sites.NL.agents=33) meets every constraint, and no candidate with a smaller sites.NL.agents meets every constraint; 5 candidates, two-stage Bonferroni selection on fresh common random numbers.
}
