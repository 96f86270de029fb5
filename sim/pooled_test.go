package sim

import (
	"fmt"
	"math"
	"testing"

	"offsim/model"
)

// pooledScenario is one contact type on a pooled route over sites with
// fixed agents and exponential handle times, exponential patience (0:
// none), delays per site (nil: none), run for about calls arrivals with 5%
// warm-up.
func pooledScenario(perHour, patienceSeconds float64, sites []model.PooledSite, delays []float64, calls float64) *model.Scenario {
	hours := calls / perHour
	sc := mmnScenario(perHour, 1, patienceSeconds, 1, hours*1.05, hours*0.05)
	sc.Name = "pooled"
	sc.Sites = nil
	rt := model.Route{Kind: model.RoutePooled, DelaySeconds: delays}
	for i, s := range sites {
		sc.Sites = append(sc.Sites, model.Site{
			Name:       fmt.Sprintf("S%d", i),
			Staffing:   model.AgentSchedule{Agents: []int{s.Agents}},
			HandleTime: []model.Dist{model.Exp(s.AHTSeconds)},
		})
		rt.Sites = append(rt.Sites, i)
	}
	sc.Routing.ByType = []model.Route{rt}
	return sc
}

// within99 checks that the mean of per-replication values v lies within
// its own 99% confidence interval (Student t) of the exact value, plus the
// start-up bias allowance the Erlang tests use (0.5% of the value + 1e-4).
func within99(t *testing.T, name string, v []float64, exact float64) {
	t.Helper()
	s := model.Summarize(v)
	half := model.TQuantile(0.995, s.N-1) * s.SD / math.Sqrt(float64(s.N))
	allow := 0.005*math.Abs(exact) + 1e-4
	if d := math.Abs(s.Mean - exact); d > half+allow {
		t.Errorf("%s: simulated %.5f ± %.5f (99%% CI), exact %.5f: off by %.5f > %.5f", name, s.Mean, half, exact, d, half+allow)
	}
}

// checkPooled runs the scenario and compares it with the exact measures of
// the chain: the route's service level, abandonment, ASA and queue length,
// and each site's occupancy and share of the answered calls.
func checkPooled(t *testing.T, sc *model.Scenario, exact model.PooledMeasures) {
	t.Helper()
	reps := runMany(t, sc, 8, 0)
	pick := func(f func(r *model.Replication) float64) []float64 {
		v := make([]float64, len(reps))
		for i := range reps {
			v[i] = f(&reps[i])
		}
		return v
	}
	route := func(r *model.Replication) *model.CallStats { return &r.Pooled[0] }
	within99(t, "service level", pick(func(r *model.Replication) float64 { return route(r).ServiceLevel() }), exact.ServiceLevel)
	within99(t, "abandon rate", pick(func(r *model.Replication) float64 { return route(r).AbandonRate() }), exact.PAbandon)
	within99(t, "ASA seconds", pick(func(r *model.Replication) float64 { return route(r).ASASeconds() }), exact.ASASeconds)
	within99(t, "queue length", pick(func(r *model.Replication) float64 { return route(r).MeanQueueLength() }), exact.MeanQueueLength)
	for i := range sc.Sites {
		within99(t, fmt.Sprintf("site %d occupancy", i), pick(func(r *model.Replication) float64 { return r.Sites[i].Calls.Occupancy() }), exact.Occupancy[i])
		within99(t, fmt.Sprintf("site %d answered share", i), pick(func(r *model.Replication) float64 {
			return float64(r.Sites[i].Calls.Answered) / float64(route(r).Answered)
		}), exact.AnsweredShare[i])
	}
	// The total over sites is the route: every pooled call is counted at
	// exactly one site.
	for _, r := range reps {
		if tot, p := r.Total.Calls, r.Pooled[0]; tot.Offered != p.Offered || tot.Answered != p.Answered || tot.Abandoned != p.Abandoned ||
			tot.WaitingAtEnd != p.WaitingAtEnd || tot.AnsweredInSL != p.AnsweredInSL {
			t.Fatalf("replication %d: sites' total %+v differs from the route's %+v", r.Index, tot, p)
		}
	}
}

// TestPooledEqualSpeedsIsOneSite: sites of one speed pooled behave as one
// site with their summed agents, under Erlang C and Erlang A, at several
// sizes.
func TestPooledEqualSpeedsIsOneSite(t *testing.T) {
	t.Parallel()
	cases := []struct {
		perHour, aht, patience float64
		agents                 []int
	}{
		{50, 300, 0, []int{3, 2}},         // Erlang C, 5 agents, 83% load
		{1000, 360, 0, []int{60, 45}},     // Erlang C, W1's size, 95% load
		{540, 60, 120, []int{6, 4}},       // Erlang A, the public check value split
		{300, 312, 90, []int{14, 12}},     // Erlang A, the case
		{1300, 360, 300, []int{70, 30}},   // Erlang A, overloaded
		{180, 360, 60, []int{10, 5, 5}},   // three sites
		{2900, 360, 120, []int{150, 150}}, // 300 agents
	}
	for _, c := range cases {
		t.Run(fmt.Sprint(c), func(t *testing.T) {
			t.Parallel()
			var sites []model.PooledSite
			n := 0
			for _, a := range c.agents {
				sites = append(sites, model.PooledSite{Agents: a, AHTSeconds: c.aht})
				n += a
			}
			one, err := model.Queue{ArrivalsPerHour: c.perHour, AHTSeconds: c.aht, PatienceSeconds: c.patience, Agents: n}.Measures(20)
			if err != nil {
				t.Fatal(err)
			}
			sc := pooledScenario(c.perHour, c.patience, sites, nil, 100_000)
			exact, err := model.PooledQueue{ArrivalsPerHour: c.perHour, PatienceSeconds: c.patience, Sites: sites}.Measures(20)
			if err == nil {
				checkPooled(t, sc, exact)
				return
			}
			// Too many agents for the chain: the route against Erlang.
			reps := runMany(t, sc, 8, 0)
			pick := func(f func(*model.CallStats) float64) []float64 {
				v := make([]float64, len(reps))
				for i := range reps {
					v[i] = f(&reps[i].Pooled[0])
				}
				return v
			}
			within99(t, "service level", pick((*model.CallStats).ServiceLevel), one.ServiceLevel)
			within99(t, "abandon rate", pick((*model.CallStats).AbandonRate), one.PAbandon)
			within99(t, "ASA seconds", pick((*model.CallStats).ASASeconds), one.ASASeconds)
			within99(t, "queue length", pick((*model.CallStats).MeanQueueLength), one.MeanQueueLength)
			occ := make([]float64, len(reps))
			for i := range reps {
				occ[i] = reps[i].Total.Calls.Occupancy()
			}
			within99(t, "occupancy", occ, one.Occupancy)
		})
	}
}

// TestPooledDifferentSpeedsMatchesChain: sites of different speeds behind
// one queue match the exact continuous-time Markov chain.
func TestPooledDifferentSpeedsMatchesChain(t *testing.T) {
	t.Parallel()
	cases := []struct {
		perHour, patience float64
		sites             []model.PooledSite
	}{
		{40, 120, []model.PooledSite{{Agents: 2, AHTSeconds: 240}, {Agents: 2, AHTSeconds: 400}}},
		{60, 90, []model.PooledSite{{Agents: 3, AHTSeconds: 300}, {Agents: 2, AHTSeconds: 180}}},
		{70, 0, []model.PooledSite{{Agents: 2, AHTSeconds: 200}, {Agents: 3, AHTSeconds: 260}}}, // Erlang C
	}
	for _, c := range cases {
		t.Run(fmt.Sprint(c), func(t *testing.T) {
			t.Parallel()
			exact, err := model.PooledQueue{ArrivalsPerHour: c.perHour, PatienceSeconds: c.patience, Sites: c.sites}.Measures(20)
			if err != nil {
				t.Fatal(err)
			}
			checkPooled(t, pooledScenario(c.perHour, c.patience, c.sites, nil, 100_000), exact)
		})
	}
}

// TestPooledDelay: a site held back by a delay answers only callers who
// have waited it; one held back beyond every patience never answers, and
// the route is then the first site alone.
func TestPooledDelay(t *testing.T) {
	t.Parallel()
	sites := []model.PooledSite{{Agents: 14, AHTSeconds: 312}, {Agents: 12, AHTSeconds: 312}}
	t.Run("never", func(t *testing.T) {
		t.Parallel()
		sc := pooledScenario(150, 90, sites, []float64{0, 1e7}, 100_000)
		exact, err := model.PooledQueue{ArrivalsPerHour: 150, PatienceSeconds: 90, Sites: sites[:1]}.Measures(20)
		if err != nil {
			t.Fatal(err)
		}
		exact.Occupancy = append(exact.Occupancy, 0)
		exact.AnsweredShare = append(exact.AnsweredShare, 0)
		checkPooled(t, sc, exact)
	})
	t.Run("20.5s", func(t *testing.T) {
		t.Parallel()
		var delay = 20.5 // between histogram bins: a wait of delay − rounding lands in bin 20
		sc := pooledScenario(300, 90, sites, []float64{delay, 0}, 50_000)
		reps := runMany(t, sc, 4, 0)
		for _, r := range reps {
			held := &r.Sites[0].Calls
			if held.Answered == 0 || r.Sites[1].Calls.Answered == 0 {
				t.Fatalf("both sites must answer: %d and %d", held.Answered, r.Sites[1].Calls.Answered)
			}
			for b := range int(delay / model.WaitHistBinSeconds) {
				if held.WaitHist[b] > 0 {
					t.Fatalf("the held-back site answered %d calls after %d s, before the %g s delay", held.WaitHist[b], b, delay)
				}
			}
			// The delay is an event: many callers are answered the very
			// second it ends.
			if held.WaitHist[int(delay)] == 0 {
				t.Error("no caller answered in the second the delay ends: the delayed site is not woken")
			}
		}
	})
}

// TestPooledLittlesLaw: on the route's one queue, L = λW within a 99%
// confidence interval, with a delay and redials.
func TestPooledLittlesLaw(t *testing.T) {
	t.Parallel()
	sc := pooledScenario(300, 90, []model.PooledSite{{Agents: 14, AHTSeconds: 312}, {Agents: 10, AHTSeconds: 250}}, []float64{15, 0}, 60_000)
	sc.Demand.Redial = model.Redial{Probability: 0.5, Delay: model.Exp(600)}
	reps := runMany(t, sc, 8, 0)
	diffs := make([]float64, len(reps))
	var lq float64
	for i, r := range reps {
		s := r.Pooled[0]
		if s.Offered != s.Answered+s.Abandoned+s.WaitingAtEnd {
			t.Fatalf("replication %d: offered %d != answered %d + abandoned %d + waiting %d", i, s.Offered, s.Answered, s.Abandoned, s.WaitingAtEnd)
		}
		lambda := float64(s.Answered+s.Abandoned) / s.WindowSeconds
		diffs[i] = s.MeanQueueLength() - lambda*s.MeanWaitSeconds()
		lq += s.MeanQueueLength() / float64(len(reps))
	}
	sum := model.Summarize(diffs)
	half := model.TQuantile(0.995, sum.N-1) * sum.SD / math.Sqrt(float64(sum.N))
	if lq == 0 || math.Abs(sum.Mean) > half+1e-3*lq {
		t.Errorf("Lq − λWq = %.5f ± %.5f (Lq %.4f)", sum.Mean, half, lq)
	}
}
