package optimize

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strings"
	"sync"

	"offsim/model"
)

// Synthetic evaluators: exact Erlang A measures with per-replication noise
// the size a simulation of a few thousand calls shows, drawn with common
// random numbers: replication r's common draw is the same for every design.

// slSeconds is the service-level threshold of the synthetic queues.
const slSeconds = 20

// noiseInflation scales the binomial standard deviation of a replication's
// service level, sqrt(SL(1−SL)/calls): calls answered within 20 s are
// positively correlated (busy periods), so a simulation's spread is wider.
const noiseInflation = 3

// crnNormals returns replication r's common standard normal draw and the
// design's own one, both functions of (seed, r, design) only.
func crnNormals(seed uint64, r int, design []float64) (common, own float64) {
	common = rand.New(rand.NewPCG(seed, uint64(r))).NormFloat64()
	h := fnv.New64a()
	fmt.Fprint(h, design)
	own = rand.New(rand.NewPCG(seed^h.Sum64(), uint64(r)+1<<40)).NormFloat64()
	return common, own
}

// noisy returns mean + sd·(ρ·common + √(1−ρ²)·own).
func noisy(mean, sd, rho, common, own float64) float64 {
	return mean + sd*(rho*common+math.Sqrt(1-rho*rho)*own)
}

// erlangQueue is a single site under Erlang A conditions.
type erlangQueue struct {
	arrivalsPerHour, ahtSeconds, patienceSeconds float64
	// hours simulated per replication: λ·hours calls.
	hours float64
}

func (q erlangQueue) String() string {
	return fmt.Sprintf("λ=%g/h AHT=%gs patience=%gs", q.arrivalsPerHour, q.ahtSeconds, q.patienceSeconds)
}

func (q erlangQueue) queue(agents int) model.Queue {
	return model.Queue{ArrivalsPerHour: q.arrivalsPerHour, AHTSeconds: q.ahtSeconds, PatienceSeconds: q.patienceSeconds, Agents: agents}
}

// serviceLevel returns the exact Erlang A service level with n agents.
func (q erlangQueue) serviceLevel(n int) float64 {
	m, err := q.queue(n).Measures(slSeconds)
	if err != nil {
		panic(err)
	}
	return m.ServiceLevel
}

// staffing returns the exact Erlang A staffing for the target.
func (q erlangQueue) staffing(target float64) int {
	n, _, err := model.StaffFor(q.queue(1), slSeconds, target, 0)
	if err != nil {
		panic(err)
	}
	return n
}

// slNoiseSD is the standard deviation of one replication's service level.
func slNoiseSD(sl, calls float64) float64 {
	return noiseInflation * math.Sqrt(max(sl*(1-sl), 0.01)/calls)
}

// cache memoises exact measures by key; safe for concurrent use.
type cache struct {
	mu sync.Mutex
	m  map[string]float64
}

func (c *cache) get(key string, f func() float64) float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]float64{}
	}
	if v, ok := c.m[key]; ok {
		return v
	}
	v := f()
	c.m[key] = v
	return v
}

// staffingEvaluator reports service_level for a design {agents}.
func staffingEvaluator(q erlangQueue, seed uint64) EvaluatorFunc {
	var c cache
	calls := q.arrivalsPerHour * q.hours
	return func(ctx context.Context, design []float64, reps []int) ([][]float64, error) {
		n := int(design[0])
		sl := c.get(fmt.Sprint(n), func() float64 { return q.serviceLevel(n) })
		rows := make([][]float64, len(reps))
		for i, r := range reps {
			common, own := crnNormals(seed, r, design)
			rows[i] = []float64{min(1, max(0, noisy(sl, slNoiseSD(sl, calls), 0.8, common, own)))}
		}
		return rows, ctx.Err()
	}
}

// twoSite is a two-variable case: n1 onshore and n2 offshore agents in one
// pooled Erlang A queue. Offshore agents cost less but handle calls more
// slowly (AHT grows with their share) and lower satisfaction.
type twoSite struct {
	q              erlangQueue
	costNL, costSR float64 // per agent, in cost units
	ahtPenalty     float64 // AHT × (1 + ahtPenalty·share offshore)
	csatBase       float64 // satisfaction all onshore
	csatPenalty    float64 // satisfaction lost all offshore
}

var twoSiteMetrics = []string{"cost", "service_level", "csat"}

func share(n1, n2 int) float64 { return float64(n2) / float64(n1+n2) }

// exact returns the exact means of cost, service level and satisfaction.
func (t twoSite) exact(n1, n2 int) (cost, sl, csat float64) {
	q := t.q
	q.ahtSeconds *= 1 + t.ahtPenalty*share(n1, n2)
	return t.costNL*float64(n1) + t.costSR*float64(n2), q.serviceLevel(n1 + n2), t.csatBase - t.csatPenalty*share(n1, n2)
}

func (t twoSite) evaluator(seed uint64) EvaluatorFunc {
	var c cache
	calls := t.q.arrivalsPerHour * t.q.hours
	return func(ctx context.Context, design []float64, reps []int) ([][]float64, error) {
		n1, n2 := int(design[0]), int(design[1])
		cost, _, csat := t.exact(n1, n2)
		sl := c.get(fmt.Sprint(n1, n2), func() float64 { _, sl, _ := t.exact(n1, n2); return sl })
		rows := make([][]float64, len(reps))
		for i, r := range reps {
			common, own := crnNormals(seed, r, design)
			rows[i] = []float64{
				noisy(cost, 0.01*cost, 0.9, common, own),
				min(1, max(0, noisy(sl, slNoiseSD(sl, calls), 0.8, common, own))),
				noisy(csat, 0.005, 0.8, common, own),
			}
		}
		return rows, ctx.Err()
	}
}

// dump renders a result completely (NaN-safe, pointer-free) for comparison.
func dump(r Result) string {
	var b strings.Builder
	if err := r.WriteCSV(&b); err != nil {
		panic(err)
	}
	fmt.Fprintf(&b, "best %d spent %d\n%+v\n", r.Best, r.Spent, r.Guarantee)
	for i, d := range r.Designs {
		if d.Final != nil {
			fmt.Fprintf(&b, "%d %+v\n", i, *d.Final)
		}
	}
	return b.String()
}
