package model_test

import (
	"fmt"

	"offsim/model"
)

// The W1 workload: 1,000 calls an hour, 6-minute handle time, callers who
// wait 3 minutes on average before hanging up, 105 agents.
func ExampleQueue_Measures() {
	q := model.Queue{ArrivalsPerHour: 1000, AHTSeconds: 360, PatienceSeconds: 180, Agents: 105}
	m, err := q.Measures(20)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("offered load       %.1f Erlangs\n", m.OfferedLoadErlangs)
	fmt.Printf("P(wait > 0)        %.4f\n", m.PWait)
	fmt.Printf("P(abandon)         %.4f\n", m.PAbandon)
	fmt.Printf("ASA                %.2f s\n", m.ASASeconds)
	fmt.Printf("service level 20 s %.4f\n", m.ServiceLevel)
	fmt.Printf("occupancy          %.4f\n", m.Occupancy)
	fmt.Printf("mean queue length  %.3f calls\n", m.MeanQueueLength)

	// Without abandonment (Erlang C) the same staffing waits much longer.
	q.PatienceSeconds = 0
	c, _ := q.Measures(20)
	fmt.Printf("Erlang C: P(wait > 0) %.4f, ASA %.2f s, service level %.4f\n", c.PWait, c.ASASeconds, c.ServiceLevel)
	// Output:
	// offered load       100.0 Erlangs
	// P(wait > 0)        0.2717
	// P(abandon)         0.0252
	// ASA                4.29 s
	// service level 20 s 0.8919
	// occupancy          0.9284
	// mean queue length  1.259 calls
	// Erlang C: P(wait > 0) 0.5157, ASA 37.13 s, service level 0.6094
}

func ExampleStaffFor() {
	q := model.Queue{ArrivalsPerHour: 1000, AHTSeconds: 360, PatienceSeconds: 180}
	n, m, err := model.StaffFor(q, 20, 0.8, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d agents: %.1f%% answered within 20 s, %.1f%% abandon\n", n, 100*m.ServiceLevel, 100*m.PAbandon)
	// Output:
	// 101 agents: 81.6% answered within 20 s, 4.2% abandon
}

func ExampleErlangC() {
	fmt.Printf("%.6f\n", model.ErlangC(10, 8))
	// Output:
	// 0.409180
}
