package sim

import (
	"context"
	"math"
	"reflect"
	"testing"

	"offsim/model"
)

func runOne(t *testing.T, sc *model.Scenario, rep int) model.Replication {
	t.Helper()
	_, r := runEngine(t, sc, rep)
	return r
}

// runEngine is runOne that also returns the engine, to look inside it.
func runEngine(t *testing.T, sc *model.Scenario, rep int) (*Engine, model.Replication) {
	t.Helper()
	e, err := NewEngine(sc)
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Run(rep)
	if err != nil {
		t.Fatal(err)
	}
	return e, r
}

func runMany(t *testing.T, sc *model.Scenario, n, workers int) []model.Replication {
	t.Helper()
	reps, err := RunReplications(context.Background(), sc, Indices(n), RunOptions{Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	return reps
}

// weekly returns a week of intervals of intervalSeconds, f(i) in the i-th.
func weekly[T any](intervalSeconds float64, f func(i int) T) []T {
	out := make([]T, int(model.SecondsPerWeek/intervalSeconds))
	for i := range out {
		out[i] = f(i)
	}
	return out
}

// twoSiteScenario has two contact types, a weekly arrival profile, a weekly
// staffing table, overflow routing for one type and share routing for the
// other, abandonment with redials: every mechanism at once.
func twoSiteScenario() *model.Scenario {
	const interval = 3600
	n := int(model.SecondsPerWeek / interval)
	rates := make([]float64, n)
	agentsA := make([]int, n)
	agentsB := make([]int, n)
	for i := range rates {
		h := i % 24
		if h >= 8 && h < 20 {
			rates[i] = 400 + 40*float64(h-8)
			agentsA[i] = 20 + (h-8)*2
			agentsB[i] = 12
		} else {
			rates[i] = 30
			agentsA[i] = 3
			agentsB[i] = 1
		}
	}
	return &model.Scenario{
		Name: "two-site",
		Run:  model.Run{HorizonSeconds: 2 * model.SecondsPerWeek, WarmupSeconds: model.SecondsPerDay, Replications: 4, Seed: 7, ServiceLevelSeconds: 20},
		Demand: model.Demand{
			Arrivals:     model.RateProfile{IntervalSeconds: interval, PerHour: rates},
			ContactTypes: []model.ContactType{{Name: "simple", Share: 0.7}, {Name: "complex", Share: 0.3}},
			Patience:     model.Dist{Kind: model.Lognormal, MeanSeconds: 90, CV: 1},
			Redial:       model.Redial{Probability: 0.4, Delay: model.Exp(300)},
		},
		Sites: []model.Site{
			{Name: "SR", Staffing: model.AgentSchedule{IntervalSeconds: interval, Agents: agentsA},
				HandleTime: []model.Dist{{Kind: model.Lognormal, MeanSeconds: 240, CV: 0.6}, {Kind: model.Lognormal, MeanSeconds: 480, CV: 0.8}}},
			{Name: "NL", Staffing: model.AgentSchedule{IntervalSeconds: interval, Agents: agentsB},
				HandleTime: []model.Dist{{Kind: model.Deterministic, MeanSeconds: 200}, model.Exp(420)}},
		},
		Routing: model.Routing{ByType: []model.Route{
			{Kind: model.RouteOverflow, Sites: []int{0, 1}, OverflowQueue: []int{3}},
			{Kind: model.RouteShare, Sites: []int{0, 1}, Shares: []float64{0.25, 0.75}},
		}},
	}
}

// pooledTwoSiteScenario is twoSiteScenario with the simple contacts on a
// pooled route, NL held back 20 s, while the complex ones keep each site's
// own queue: agents choose between queues by the longest wait.
func pooledTwoSiteScenario() *model.Scenario {
	sc := twoSiteScenario()
	sc.Name = "two-site-pooled"
	sc.Routing.ByType[0] = model.Route{Kind: model.RoutePooled, Sites: []int{0, 1}, DelaySeconds: []float64{0, 20}}
	return sc
}

// TestConservation: every call offered after the warm-up is answered,
// abandoned or still waiting at the end, per site and in total.
func TestConservation(t *testing.T) {
	t.Parallel()
	for _, sc := range []*model.Scenario{w1(), twoSiteScenario(), pooledTwoSiteScenario(), mmnScenario(500, 360, 0, 40, 200, 5)} {
		r := runOne(t, sc, 3)
		all := []model.CallStats{r.Total.Calls}
		for _, site := range r.Sites {
			all = append(all, site.Calls)
		}
		for i, s := range all {
			if s.Offered == 0 {
				t.Errorf("%s[%d]: no call offered", sc.Name, i)
			}
			if got := s.Answered + s.Abandoned + s.WaitingAtEnd; got != s.Offered {
				t.Errorf("%s[%d]: answered %d + abandoned %d + waiting %d = %d, offered %d",
					sc.Name, i, s.Answered, s.Abandoned, s.WaitingAtEnd, got, s.Offered)
			}
			if s.AnsweredInSL > s.Answered || s.Redials > s.Offered {
				t.Errorf("%s[%d]: inconsistent counts %+v", sc.Name, i, s)
			}
			var hist int64
			for _, c := range s.WaitHist {
				hist += c
			}
			if hist != s.Answered {
				t.Errorf("%s[%d]: wait histogram holds %d calls, answered %d", sc.Name, i, hist, s.Answered)
			}
		}
	}
}

// TestLittlesLaw checks L_q = λ·W_q on the queue: the time-average number
// waiting equals the arrival rate times the mean wait of all callers,
// within a 99% confidence interval over replications.
func TestLittlesLaw(t *testing.T) {
	t.Parallel()
	for _, sc := range []*model.Scenario{w1(), mmnScenario(1000, 360, 0, 103, 300, 10), twoSiteScenario(), pooledTwoSiteScenario()} {
		sc.Run.HorizonSeconds = min(sc.Run.HorizonSeconds, 150*model.SecondsPerHour)
		reps := runMany(t, sc, 8, 0)
		diffs := make([]float64, len(reps))
		var lq float64
		for i, r := range reps {
			s := r.Total.Calls
			left := s.Answered + s.Abandoned
			lambda := float64(left) / s.WindowSeconds
			diffs[i] = s.MeanQueueLength() - lambda*s.MeanWaitSeconds()
			lq += s.MeanQueueLength() / float64(len(reps))
		}
		sum := model.Summarize(diffs)
		half := model.TQuantile(0.995, sum.N-1) * sum.SD / math.Sqrt(float64(sum.N))
		// Edge effects (callers waiting across the window's ends) add a bias
		// of order (queue length × mean wait) ÷ window: far below 0.1% of Lq.
		allow := 1e-3 * lq
		if math.Abs(sum.Mean) > half+allow {
			t.Errorf("%s: Lq − λWq = %.5f ± %.5f (Lq %.4f)", sc.Name, sum.Mean, half, lq)
		}
		if lq == 0 {
			t.Errorf("%s: empty queue: the test cannot fail", sc.Name)
		}
	}
}

// TestDeterminism: the same scenario and seed give identical replications
// for any number of workers and in any order of indices.
func TestDeterminism(t *testing.T) {
	t.Parallel()
	for _, sc := range []*model.Scenario{twoSiteScenario(), pooledTwoSiteScenario()} {
		sc.Run.HorizonSeconds = 3 * model.SecondsPerDay
		one := runMany(t, sc, 6, 1)
		many := runMany(t, sc, 6, 4)
		if !reflect.DeepEqual(one, many) {
			t.Fatalf("%s: 1 worker and 4 workers disagree", sc.Name)
		}
		e, _ := NewEngine(sc)
		again, _ := e.Run(4)
		if !reflect.DeepEqual(again, one[4]) {
			t.Fatalf("%s: a reused engine gives a different replication", sc.Name)
		}
		if reflect.DeepEqual(one[0].Total.Calls, one[1].Total.Calls) {
			t.Fatalf("%s: replications 0 and 1 are identical: streams are not per replication", sc.Name)
		}
		sc.Run.Seed++
		if reflect.DeepEqual(runOne(t, sc, 0).Total.Calls, one[0].Total.Calls) {
			t.Fatalf("%s: a different seed gives the same replication", sc.Name)
		}
	}
}

// TestNoAllocationPerEvent: a replication allocates a fixed handful of
// times (its random streams and its result), the same for one week as for
// three weeks with three times the events: nothing per event.
func TestNoAllocationPerEvent(t *testing.T) {
	for _, scenario := range []func() *model.Scenario{twoSiteScenario, pooledTwoSiteScenario} {
		allocs := func(weeks float64) (float64, int64) {
			sc := scenario()
			sc.Run.HorizonSeconds = weeks * model.SecondsPerWeek
			e, err := NewEngine(sc)
			if err != nil {
				t.Fatal(err)
			}
			r, _ := e.Run(0) // grows the calendar and queues to their working size
			return testing.AllocsPerRun(3, func() { e.Run(0) }), r.Events
		}
		short, events := allocs(1)
		long, longEvents := allocs(3)
		name := scenario().Name
		if events < 100000 || longEvents < 2*events {
			t.Fatalf("%s: %d and %d events: the test cannot show anything", name, events, longEvents)
		}
		if long != short || short > 40 {
			t.Errorf("%s: %.0f allocations for %d events, %.0f for %d: the loop allocates", name, short, events, long, longEvents)
		}
		t.Logf("%s: %.0f allocations per replication of %d events, %.0f for %d", name, short, events, long, longEvents)
	}
}

// TestArrivalProfileExact: arrivals follow a piecewise-constant weekly
// profile exactly: per interval, counts match rate × duration within a
// Poisson 99.9% band, including intervals with zero rate.
func TestArrivalProfileExact(t *testing.T) {
	t.Parallel()
	const interval = 900
	rates := weekly(interval, func(i int) float64 {
		if i%96 >= 32 && i%96 < 80 { // open 08:00–20:00
			return float64(100 + (i*37)%900)
		}
		return 0
	})
	n := len(rates)
	p := model.RateProfile{IntervalSeconds: interval, PerHour: rates}
	clock := newRateClock(p)
	rng := NewStream(1, 0, StreamArrivals)
	const weeks = 40
	counts := make([]float64, n)
	for t := clock.next(0, rng.ExpFloat64()); t < weeks*model.SecondsPerWeek; t = clock.next(t, rng.ExpFloat64()) {
		counts[int(t/interval)%n]++
	}
	for i, c := range counts {
		want := rates[i] * interval / model.SecondsPerHour * weeks
		if want == 0 {
			if c != 0 {
				t.Fatalf("interval %d: %g arrivals while closed", i, c)
			}
			continue
		}
		if z := (c - want) / math.Sqrt(want); math.Abs(z) > 4.5 { // 672 intervals: P(any |z|>4.5) ≈ 0.5%
			t.Errorf("interval %d: %g arrivals, want %.1f (z=%.1f)", i, c, want, z)
		}
	}
}

// TestOffDutyFinishesCall: when staffing drops while every agent is busy,
// agents finish their call before leaving; the site never answers with more
// agents than scheduled, and all calls in service at a shift end complete.
func TestOffDutyFinishesCall(t *testing.T) {
	t.Parallel()
	const interval = 1800
	agents := weekly(interval, func(i int) int { return 10 * (i % 3) }) // 0, 10, 20 agents in turn
	n := len(agents)
	sc := mmnScenario(1200, 600, 120, 1, 24*7, 0)
	sc.Sites[0].Staffing = model.AgentSchedule{IntervalSeconds: interval, Agents: agents}
	sc.Sites[0].HandleTime = []model.Dist{{Kind: model.Deterministic, MeanSeconds: 1000}}
	e, err := NewEngine(sc)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := e.Run(0)
	s := r.Total.Calls
	// Scheduled agent-seconds: each 3-interval cycle staffs 0+10+20 agents.
	scheduled := 0.0
	for _, a := range agents {
		scheduled += float64(a) * interval
	}
	if s.OnDutyAgentSeconds <= scheduled {
		t.Errorf("on-duty %.0f agent-s <= scheduled %.0f: nobody stayed on to finish a call", s.OnDutyAgentSeconds, scheduled)
	}
	// A call of 1000 s can hold an agent at most 1000 s past a shift end;
	// every drop is 10 agents (20→0) per 3 intervals.
	drops := float64(n / 3)
	if s.OnDutyAgentSeconds > scheduled+drops*20*1000 {
		t.Errorf("on-duty %.0f agent-s exceeds the scheduled %.0f plus finishing calls", s.OnDutyAgentSeconds, scheduled)
	}
	if s.BusyAgentSeconds > s.OnDutyAgentSeconds {
		t.Errorf("busy %.0f > on duty %.0f", s.BusyAgentSeconds, s.OnDutyAgentSeconds)
	}
	// With deterministic 1000-s calls, answered calls × 1000 s ≈ busy time
	// (calls in service at the end count as answered; off by at most 20 calls).
	if d := float64(s.Answered)*1000 - s.BusyAgentSeconds; d < 0 || d > 20*1000 {
		t.Errorf("answered × handle time − busy = %.0f s, want in [0, 20000]", d)
	}
}

// TestRouting checks share routing sends the given fractions and overflow
// routing only overflows when the first site is saturated.
func TestRouting(t *testing.T) {
	t.Parallel()
	sc := twoSiteScenario()
	sc.Demand.ContactTypes = []model.ContactType{{Name: "only", Share: 1}}
	sc.Sites[0].HandleTime = sc.Sites[0].HandleTime[:1]
	sc.Sites[1].HandleTime = sc.Sites[1].HandleTime[:1]
	sc.Demand.Redial = model.Redial{}
	sc.Routing.ByType = []model.Route{{Kind: model.RouteShare, Sites: []int{0, 1}, Shares: []float64{0.3, 0.7}}}
	r := runOne(t, sc, 0)
	frac := float64(r.Sites[0].Calls.Offered) / float64(r.Total.Calls.Offered)
	if sd := math.Sqrt(0.3 * 0.7 / float64(r.Total.Calls.Offered)); math.Abs(frac-0.3) > 4*sd {
		t.Errorf("share routing: %.4f to site 0, want 0.3 ± %.4f", frac, 4*sd)
	}

	// Overflow with a huge threshold never overflows; with threshold 0 the
	// second site takes calls exactly when the first has no free agent.
	sc.Routing.ByType = []model.Route{{Kind: model.RouteOverflow, Sites: []int{0, 1}, OverflowQueue: []int{1 << 30}}}
	if r := runOne(t, sc, 0); r.Sites[1].Calls.Offered != 0 {
		t.Errorf("overflow threshold never reached, yet %d calls overflowed", r.Sites[1].Calls.Offered)
	}
	sc.Routing.ByType[0].OverflowQueue = []int{0}
	r = runOne(t, sc, 0)
	if r.Sites[1].Calls.Offered == 0 || r.Sites[0].Calls.Offered == 0 {
		t.Errorf("overflow at threshold 0: offered %d / %d", r.Sites[0].Calls.Offered, r.Sites[1].Calls.Offered)
	}
	if r.Sites[0].Calls.Abandoned != 0 || r.Sites[0].Calls.QueueAreaCallSeconds != 0 {
		t.Errorf("threshold 0: the first site should never queue, abandoned %d, queue area %.0f",
			r.Sites[0].Calls.Abandoned, r.Sites[0].Calls.QueueAreaCallSeconds)
	}
}

// TestRedials: with certain redial, every abandoner comes back, so redials
// offered ≈ abandoned (up to the calls in flight at the window's edges).
func TestRedials(t *testing.T) {
	t.Parallel()
	sc := mmnScenario(980, 360, 30, 100, 200, 10)
	sc.Demand.Redial = model.Redial{Probability: 1, Delay: model.Dist{Kind: model.Deterministic, MeanSeconds: 120}}
	s := runOne(t, sc, 0).Total.Calls
	if s.Redials == 0 || math.Abs(float64(s.Redials-s.Abandoned)) > 200 {
		t.Errorf("redials %d, abandoned %d: want nearly equal", s.Redials, s.Abandoned)
	}
	sc.Demand.Redial.Probability = 0
	if s := runOne(t, sc, 0).Total.Calls; s.Redials != 0 {
		t.Errorf("redial probability 0 gave %d redials", s.Redials)
	}
}

// TestWarmupExcluded: statistics start after the warm-up.
func TestWarmupExcluded(t *testing.T) {
	t.Parallel()
	sc := mmnScenario(1000, 360, 180, 105, 20, 10)
	s := runOne(t, sc, 0).Total.Calls
	if s.WindowSeconds != 10*3600 {
		t.Errorf("window %.0f s, want 36000", s.WindowSeconds)
	}
	want := 1000.0 * 10
	if math.Abs(float64(s.Offered)-want) > 4.5*math.Sqrt(want) {
		t.Errorf("offered %d in the 10-hour window, want about %.0f", s.Offered, want)
	}
	if d := s.OnDutyAgentSeconds - 105*10*3600; math.Abs(d) > 1e-6 {
		t.Errorf("on-duty agent-seconds off by %g", d)
	}
}

// TestUncertainParameters: a parameter given as a distribution is drawn
// once per replication, within its support, deterministically, and the
// draw reaches the simulation.
func TestUncertainParameters(t *testing.T) {
	t.Parallel()
	sc := mmnScenario(1000, 360, 180, 105, 20, 1)
	sc.Uncertain = []model.Uncertain{{
		Key:  "sites[0].handle_time.mean_seconds",
		Dist: model.ParamDist{Kind: model.ParamTriangular, Min: 300, Mode: 360, Max: 420},
		Apply: func(sc *model.Scenario, v float64) {
			sc.Sites[0].HandleTime[0].MeanSeconds = v
		},
	}}
	reps := runMany(t, sc, 12, 2)
	again := runMany(t, sc, 12, 1)
	var draws, occ []float64
	for i, r := range reps {
		if len(r.Parameters) != 1 || r.Parameters[0] < 300 || r.Parameters[0] > 420 {
			t.Fatalf("replication %d drew %v", i, r.Parameters)
		}
		if !reflect.DeepEqual(r, again[i]) {
			t.Fatal("draws depend on the number of workers")
		}
		draws = append(draws, r.Parameters[0])
		occ = append(occ, r.Total.Calls.Occupancy())
	}
	if model.Summarize(draws).SD == 0 {
		t.Fatal("every replication drew the same value")
	}
	// Longer handle times mean busier agents: occupancy follows the draw.
	if c := correlation(draws, occ); c < 0.8 {
		t.Errorf("correlation of drawn handle time and occupancy %.2f: the draw does not reach the engine", c)
	}
	if sc.Sites[0].HandleTime[0].MeanSeconds != 360 {
		t.Error("drawing changed the original scenario")
	}
}

func correlation(x, y []float64) float64 {
	sx, sy := model.Summarize(x), model.Summarize(y)
	var c float64
	for i := range x {
		c += (x[i] - sx.Mean) * (y[i] - sy.Mean)
	}
	return c / float64(len(x)-1) / (sx.SD * sy.SD)
}

// TestCommonRandomNumbers: two nearly equal scenarios (105 and 106 agents)
// run with the same seed see the same arrivals and patience, so the paired
// difference of their service levels has a much narrower confidence
// interval than the unpaired one; with different seeds it does not.
func TestCommonRandomNumbers(t *testing.T) {
	t.Parallel()
	a := mmnScenario(1000, 360, 180, 105, 60, 2)
	b := mmnScenario(1000, 360, 180, 106, 60, 2)
	ra, rb := runMany(t, a, 10, 0), runMany(t, b, 10, 0)
	b.Run.Seed = 99
	rc := runMany(t, b, 10, 0)
	sl := func(rs []model.Replication) []float64 {
		v := make([]float64, len(rs))
		for i := range rs {
			v[i] = rs[i].Total.Calls.ServiceLevel()
		}
		return v
	}
	paired := func(x, y []float64) float64 {
		d := make([]float64, len(x))
		for i := range x {
			d[i] = y[i] - x[i]
		}
		return model.Summarize(d).SD / math.Sqrt(float64(len(d)))
	}
	unpaired := func(x, y []float64) float64 {
		sx, sy := model.Summarize(x), model.Summarize(y)
		return math.Sqrt(sx.SD*sx.SD/float64(sx.N) + sy.SD*sy.SD/float64(sy.N))
	}
	crn, indep := paired(sl(ra), sl(rb)), unpaired(sl(ra), sl(rb))
	if !(crn < indep/2) {
		t.Errorf("standard error of the paired difference %.5f, unpaired %.5f: common random numbers do not help", crn, indep)
	}
	if noCRN := paired(sl(ra), sl(rc)); !(noCRN > crn*2) {
		t.Errorf("different seeds: paired standard error %.5f, same seed %.5f: the test cannot tell", noCRN, crn)
	}
}
