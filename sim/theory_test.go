package sim

import (
	"fmt"
	"math"
	"testing"

	"offsim/model"
)

// theoryCase is a stationary M/M/n (+M) queue with its exact measures.
type theoryCase struct {
	callsPerHour, ahtSeconds, patienceSeconds float64
	agents                                    int
}

func (c theoryCase) String() string {
	return fmt.Sprintf("λ=%g/h aht=%gs patience=%gs n=%d (a=%.1f)", c.callsPerHour, c.ahtSeconds,
		c.patienceSeconds, c.agents, c.callsPerHour*c.ahtSeconds/3600)
}

// Erlang C (no abandonment): from 2 to 500 agents, load 75% to 96%.
var erlangCCases = []theoryCase{
	{15, 360, 0, 2},
	{40, 360, 0, 5},
	{80, 360, 0, 10},
	{170, 360, 0, 20},
	{450, 360, 0, 50},
	{1000, 360, 0, 105},
	{1900, 360, 0, 200},
	{4800, 360, 0, 500},
}

// Erlang A (exponential patience): from 1 to 500 agents, including
// overloaded queues (offered load above the agents) that are stable only
// because callers abandon.
var erlangACases = []theoryCase{
	{12, 360, 180, 1},     // overloaded: a = 1.2
	{540, 60, 120, 10},    // the public check value (λ=9, μ=1, θ=0.5 per minute)
	{180, 360, 60, 20},    // a = 18
	{600, 360, 180, 50},   // overloaded: a = 60
	{1000, 360, 180, 105}, // W1
	{1300, 360, 300, 100}, // overloaded: a = 130
	{2900, 360, 120, 300}, // a = 290
	{6000, 360, 180, 500}, // overloaded: a = 600
}

// callsPerReplication sets the length of each replication; replications
// per case set the confidence interval's degrees of freedom.
const (
	callsPerReplication = 150_000
	theoryReplications  = 8
)

// TestErlangC and TestErlangA: the simulated mean of service level,
// abandonment and ASA over independent replications lies within its own 99%
// confidence interval (Student t over replications) of the exact value,
// plus a bias allowance of 0.5% of the exact value (+1e-4 absolute): the
// replications start empty, and the warm-up (5% of the run) removes most,
// not all, of that transient.
func TestErlangC(t *testing.T) {
	t.Parallel()
	testTheory(t, erlangCCases)
}

func TestErlangA(t *testing.T) {
	t.Parallel()
	testTheory(t, erlangACases)
}

func testTheory(t *testing.T, cases []theoryCase) {
	for _, c := range cases {
		t.Run(c.String(), func(t *testing.T) {
			t.Parallel()
			q := model.Queue{ArrivalsPerHour: c.callsPerHour, AHTSeconds: c.ahtSeconds, PatienceSeconds: c.patienceSeconds, Agents: c.agents}
			exact, err := q.Measures(20)
			if err != nil {
				t.Fatal(err)
			}
			hours := callsPerReplication / c.callsPerHour
			sc := mmnScenario(c.callsPerHour, c.ahtSeconds, c.patienceSeconds, c.agents, hours*1.05, hours*0.05)
			reps := runMany(t, sc, theoryReplications, 0)
			check := func(name string, exactValue float64, pick func(*model.CallStats) float64) {
				v := make([]float64, len(reps))
				for i := range reps {
					v[i] = pick(&reps[i].Total.Calls)
				}
				s := model.Summarize(v)
				half := model.TQuantile(0.995, s.N-1) * s.SD / math.Sqrt(float64(s.N))
				allow := 0.005*math.Abs(exactValue) + 1e-4
				if d := math.Abs(s.Mean - exactValue); d > half+allow {
					t.Errorf("%s: simulated %.5f ± %.5f (99%% CI), exact %.5f: off by %.5f > %.5f",
						name, s.Mean, half, exactValue, d, half+allow)
				}
			}
			check("service level", exact.ServiceLevel, (*model.CallStats).ServiceLevel)
			check("abandon rate", exact.PAbandon, (*model.CallStats).AbandonRate)
			check("ASA seconds", exact.ASASeconds, (*model.CallStats).ASASeconds)
			check("occupancy", exact.Occupancy, (*model.CallStats).Occupancy)
		})
	}
}
