package model

import (
	"errors"
	"math"
	"testing"
)

// near reports whether got is within rel (relative) of want, or within
// 1e-14 absolutely for values that are essentially zero.
func near(got, want, rel float64) bool {
	return math.Abs(got-want) <= rel*math.Abs(want)+1e-14
}

func TestPublicCheckValues(t *testing.T) {
	// CALIBRATION.md, "Queueing theory for validation", 6 decimals.
	if c := ErlangC(10, 8); math.Abs(c-0.409180) > 5e-7 {
		t.Errorf("ErlangC(10, 8) = %.7f, want 0.409180", c)
	}
	// Erlang A n=10, λ=9, μ=1, θ=0.5 per minute.
	m, err := Queue{ArrivalsPerHour: 9 * 60, AHTSeconds: 60, PatienceSeconds: 120, Agents: 10}.Measures(20)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(m.PWait-0.468942) > 5e-7 || math.Abs(m.PAbandon-0.067012) > 5e-7 {
		t.Errorf("Erlang A: P(W>0) = %.7f, P(Ab) = %.7f; want 0.468942, 0.067012", m.PWait, m.PAbandon)
	}
}

// The reference values were computed with an exact calculator, erlang_a.py
// (plain Python, two independent methods: the integral form and the
// birth–death chain; kept outside this repository), in seconds (λ per second, means in
// seconds); each row's comment is the command that prints them to 10
// digits with both of the tool's methods. The full-precision values are
// those of its state-space method (II), printed by
//
//	python3 -c 'import sys; sys.path.insert(0, TOOLS_DIR); from erlang_a import *
//	r = erlang_a_states(CPH/3600, 1/AHT, 1/PATIENCE, N, T)
//	print(*map(repr, (r["P_wait"], r["P_ab"], r["ASA"], r["SL"]*(1-r["P_ab"]), r["SL"])))'
//
// (the tool's SL is P(wait ≤ t | answered); × (1 − P_ab) it is the service
// level over all arrivals). Method (I), the integral form, agrees with (II)
// to the relative difference noted, and with this package to 1e-9 or better.
var erlangARef = []struct {
	q                             Queue
	sl                            float64 // seconds
	pWait, pAb, asa, slAll, slAns float64
}{
	// python3 erlang_a.py --lam 0.15 --mean-service 60 --mean-patience 120 --agents 10 --t 20  (methods I and II differ by 3.7e-15)
	{Queue{540, 60, 120, 10}, 20, 0.4689417044413371, 0.06701171547344817, 7.554629130556254, 0.7937898664122931, 0.8508036805790167},
	// python3 erlang_a.py --lam 0.2777777777777778 --mean-service 360 --mean-patience 180 --agents 105 --t 20  (methods I and II differ by 1.9e-14)
	{Queue{1000, 360, 180, 105}, 20, 0.2717396338478068, 0.02518805846625534, 4.288536834543804, 0.8918763120509132, 0.9149214059151322},
	// python3 erlang_a.py --lam 0.016666666666666666 --mean-service 300 --mean-patience 120 --agents 3 --t 20  (methods I and II differ by 4.2e-16)
	{Queue{60, 300, 120, 3}, 20, 0.7654316884380375, 0.46466477778194637, 46.538658112873925, 0.2860738973222957, 0.5343827296418237},
	// python3 erlang_a.py --lam 0.008333333333333333 --mean-service 600 --mean-patience 60 --agents 1 --t 30  (methods I and II differ by 9.7e-10)
	{Queue{30, 600, 60, 1}, 30, 0.8878032012677113, 0.8224393597464578, 22.656758434169728, 0.13602092790318235, 0.7660533759562674},
	// python3 erlang_a.py --lam 0.2777777777777778 --mean-service 360 --mean-patience 180 --agents 90 --t 20  (methods I and II differ by 2.3e-14)
	{Queue{1000, 360, 180, 90}, 20, 0.7441326254430406, 0.11381288560930378, 20.443221861170485, 0.5034628555213992, 0.5681225187612421},
	// python3 erlang_a.py --lam 0.5555555555555556 --mean-service 360 --mean-patience 180 --agents 150 --t 20  (methods I and II differ by 1.2e-13)
	{Queue{2000, 360, 180, 150}, 20, 0.9958029279491218, 0.2500750876659067, 50.61160190638469, 0.05005280655603556, 0.06674375758534198},
	// python3 erlang_a.py --lam 0.05555555555555555 --mean-service 180 --mean-patience 30 --agents 12 --t 15  (methods I and II differ by 1.3e-15)
	{Queue{200, 180, 30, 12}, 15, 0.2046875369026613, 0.08888320162922377, 1.7449149125048102, 0.870381015082494, 0.9552902730351099},
	// python3 erlang_a.py --lam 0.013888888888888888 --mean-service 900 --mean-patience 1800 --agents 14 --t 60  (methods I and II differ by 9.9e-16)
	{Queue{50, 900, 1800, 14}, 60, 0.42337928864477853, 0.04917452528656235, 83.72705264253754, 0.6542769571035401, 0.6881146693095573},
	// python3 erlang_a.py --lam 1.6666666666666667 --mean-service 300 --mean-patience 240 --agents 500 --t 20  (methods I and II differ by 1.8e-13)
	{Queue{6000, 300, 240, 500}, 20, 0.4784249305295348, 0.018831984738402, 4.4621229612438436, 0.9370710909585563, 0.9550567042370571},
	// python3 erlang_a.py --lam 1.6666666666666667 --mean-service 300 --mean-patience 240 --agents 520 --t 20  (methods I and II differ by 6.1e-13)
	{Queue{6000, 300, 240, 520}, 20, 0.18229743381410743, 0.005099467480009535, 1.2007004805546106, 0.9892418445628877, 0.9943123078416997},
	// python3 erlang_a.py --lam 1.3888888888888888 --mean-service 360 --mean-patience 600 --agents 450 --t 20  (methods I and II differ by 1.3e-12)
	{Queue{5000, 360, 600, 450}, 20, 0.9984826517865005, 0.10002386255444656, 62.833780748281754, 0.021755788659538512, 0.024173739451902623},
	// python3 erlang_a.py --lam 8.333333333333334 --mean-service 300 --mean-patience 120 --agents 2600 --t 20  (methods I and II differ by 9.7e-12)
	{Queue{30000, 300, 120, 2600}, 20, 0.020644839401578206, 0.00030823795711207893, 0.036513657752953024, 0.9996917620309045, 0.9999999999880129},
	// Heavily overloaded (a = 2500 Erlangs, 1000 agents, about 18,000 waiting);
	// method (I) overflows here:
	// python3 -c '... r = erlang_a_states(30000/3600, 1/300, 1/3600, 1000, 20) ...'
	{Queue{30000, 300, 3600, 1000}, 20, 0.9999999999999999, 0.6000000000002012, 3298.496636832101, 1.1102230246251563e-16, 2.7755575615642866e-16},
}

func TestErlangAReference(t *testing.T) {
	for _, c := range erlangARef {
		m, err := c.q.Measures(c.sl)
		if err != nil {
			t.Fatalf("%+v: %v", c.q, err)
		}
		const rel = 1e-9
		for _, f := range []struct {
			name      string
			got, want float64
			abs       float64
		}{
			{"P(wait>0)", m.PWait, c.pWait, 0},
			{"P(abandon)", m.PAbandon, c.pAb, 0},
			{"ASA", m.ASASeconds, c.asa, 0},
			// An overloaded queue with long patience is summed from near
			// its peak, on a scale from ln Γ: exact to about 1e−11 absolute.
			{"service level", m.ServiceLevel, c.slAll, 1e-10},
			{"service level of answered", m.ServiceLevelAnswered, c.slAns, 1e-10},
		} {
			if !near(f.got, f.want, rel) && math.Abs(f.got-f.want) > f.abs {
				t.Errorf("%+v t=%g s: %s = %.15g, want %.15g (rel. error %.1e)",
					c.q, c.sl, f.name, f.got, f.want, math.Abs(f.got-f.want)/f.want)
			}
		}
		// Identities: Little's law on the queue, θ·L_q = λ·P(Ab), and the
		// busy agents a·P(answered).
		lam := c.q.ArrivalsPerHour / SecondsPerHour
		if !near(m.MeanWaitSeconds, m.PAbandon*c.q.PatienceSeconds, 1e-12) ||
			!near(m.MeanQueueLength, lam*m.MeanWaitSeconds, 1e-12) {
			t.Errorf("%+v: mean wait %g s, L_q %g inconsistent with P(Ab) %g", c.q, m.MeanWaitSeconds, m.MeanQueueLength, m.PAbandon)
		}
		a := c.q.OfferedLoadErlangs()
		if !near(m.Occupancy*float64(c.q.Agents), a*(1-m.PAbandon), 1e-12) {
			t.Errorf("%+v: occupancy %g, want a(1−P(Ab))/n = %g", c.q, m.Occupancy, a*(1-m.PAbandon)/float64(c.q.Agents))
		}
		if !m.Abandonment || !m.Stable || m.Agents != c.q.Agents || m.OfferedLoadErlangs != a || m.ServiceLevelSeconds != c.sl {
			t.Errorf("%+v: bookkeeping fields wrong: %+v", c.q, m)
		}
	}
}

// TestErlangAGMRClosedForm checks P(Ab) against the closed form of
// Garnett, Mandelbaum & Reiman, P(Ab | W>0) = 1/(ρA) + 1 − 1/ρ, with A
// recovered from P(W>0) = A·E/(1 + (A−1)·E).
func TestErlangAGMRClosedForm(t *testing.T) {
	for _, c := range erlangARef[:len(erlangARef)-1] {
		m, err := c.q.Measures(c.sl)
		if err != nil {
			t.Fatal(err)
		}
		a := c.q.OfferedLoadErlangs()
		e := ErlangB(c.q.Agents, a)
		bigA := m.PWait * (1 - e) / (e * (1 - m.PWait))
		rho := a / float64(c.q.Agents)
		gmr := m.PWait * (1/(rho*bigA) + 1 - 1/rho)
		if !near(m.PAbandon, gmr, 1e-9) {
			t.Errorf("%+v: P(Ab) = %.15g, GMR closed form %.15g", c.q, m.PAbandon, gmr)
		}
	}
}

// Erlang C references: C from the tool's erlang_c, ASA = C/(nμ−λ) and
// SL = 1 − C·e^{−(nμ−λ)t}, printed by
//
//	python3 -c 'import sys, math; sys.path.insert(0, TOOLS_DIR); from erlang_a import erlang_c
//	lam, mu = CPH/3600, 1/AHT; C = erlang_c(N, lam/mu)
//	print(repr(C), repr(C/(N*mu-lam)), repr(1-C*math.exp(-(N*mu-lam)*T)))'
var erlangCRef = []struct {
	q             Queue
	sl            float64 // seconds
	c, asa, slAll float64
}{
	{Queue{480, 60, 0, 10}, 20, 0.4091801507964436, 12.275404523893311, 0.7899199058127684},
	{Queue{1000, 360, 0, 105}, 20, 0.5157074268123085, 37.130934730486196, 0.6093696077343456},
	{Queue{10, 300, 0, 1}, 20, 0.8333333333333334, 1499.9999999999998, 0.1758746755883981},
	{Queue{60, 300, 0, 6}, 20, 0.587516450460613, 176.25493513818387, 0.45037425677311416},
	{Queue{100, 180, 0, 6}, 10, 0.5875164504606125, 105.75296108291023, 0.444233250548291},
	{Queue{1000, 360, 0, 140}, 20, 9.671807911620379e-05, 0.0008704627120458341, 0.9999895188529564},
	{Queue{6000, 300, 0, 501}, 20, 0.9457226421693764, 283.7167926508064, 0.11526986234799252},
	{Queue{6000, 300, 0, 520}, 20, 0.2747563446965241, 4.121345170447863, 0.9275750138588581},
	{Queue{12000, 300, 0, 1100}, 20, 0.0010447979284075092, 0.003134393785222526, 0.9999986703548407},
	{Queue{30000, 300, 0, 2600}, 20, 0.028133989244864842, 0.08440196773459438, 0.9999641957343205},
}

func TestErlangCReference(t *testing.T) {
	for _, c := range erlangCRef {
		a := c.q.OfferedLoadErlangs()
		if got := ErlangC(c.q.Agents, a); !near(got, c.c, 1e-9) {
			t.Errorf("ErlangC(%d, %g) = %.15g, want %.15g", c.q.Agents, a, got, c.c)
		}
		for _, patience := range []float64{0, math.Inf(1)} {
			q := c.q
			q.PatienceSeconds = patience
			m, err := q.Measures(c.sl)
			if err != nil {
				t.Fatal(err)
			}
			if !near(m.PWait, c.c, 1e-9) || !near(m.ASASeconds, c.asa, 1e-9) || !near(m.ServiceLevel, c.slAll, 1e-9) {
				t.Errorf("%+v t=%g s: C %.15g ASA %.15g SL %.15g; want %.15g %.15g %.15g",
					q, c.sl, m.PWait, m.ASASeconds, m.ServiceLevel, c.c, c.asa, c.slAll)
			}
			n := float64(q.Agents)
			lam := q.ArrivalsPerHour / SecondsPerHour
			if m.Abandonment || !m.Stable || m.PAbandon != 0 || m.MeanWaitSeconds != m.ASASeconds ||
				m.ServiceLevelAnswered != m.ServiceLevel || !near(m.Occupancy, a/n, 1e-15) ||
				!near(m.MeanQueueLength, lam*m.ASASeconds, 1e-15) {
				t.Errorf("%+v: inconsistent Erlang C measures %+v", q, m)
			}
		}
	}
}

func TestErlangB(t *testing.T) {
	for _, c := range []struct {
		n       int
		a, want float64
	}{
		{0, 3, 1},
		{1, 1, 0.5},
		{1, 4, 0.8},
		{2, 1, 0.2},
		{3, 2, 4.0 / 19}, // (8/6)/(1+2+2+8/6)
		{5, 0, 0},
	} {
		if got := ErlangB(c.n, c.a); !near(got, c.want, 1e-15) {
			t.Errorf("ErlangB(%d, %g) = %.17g, want %.17g", c.n, c.a, got, c.want)
		}
	}
	// Large n: no overflow, underflow to exactly 0, overload B ≈ 1 − n/a.
	if b := ErlangB(5000, 4800); !(b > 0 && b < 0.02) {
		t.Errorf("ErlangB(5000, 4800) = %g", b)
	}
	if b := ErlangB(3000, 10); b != 0 {
		t.Errorf("ErlangB(3000, 10) = %g, want an underflow to 0", b)
	}
	if b := ErlangB(2000, 4000); math.Abs(b-0.5) > 1e-3 {
		t.Errorf("ErlangB(2000, 4000) = %g, want about 1 − n/a = 0.5", b)
	}
	for _, c := range []struct {
		n int
		a float64
	}{{-1, 1}, {3, -1}, {3, math.NaN()}} {
		if b := ErlangB(c.n, c.a); !math.IsNaN(b) {
			t.Errorf("ErlangB(%d, %g) = %g, want NaN", c.n, c.a, b)
		}
	}
	if c := ErlangC(10, 10); c != 1 {
		t.Errorf("ErlangC(10, 10) = %g, want 1 (unstable)", c)
	}
	if c := ErlangC(0, 1); !math.IsNaN(c) {
		t.Errorf("ErlangC(0, 1) = %g, want NaN", c)
	}
}

// TestMonotoneInAgents: more agents mean less waiting and abandonment and
// a higher service level, from overload to ample staffing.
func TestMonotoneInAgents(t *testing.T) {
	for _, q := range []Queue{
		{ArrivalsPerHour: 6000, AHTSeconds: 300, PatienceSeconds: 240}, // Erlang A, a = 500
		{ArrivalsPerHour: 6000, AHTSeconds: 300},                       // Erlang C
		{ArrivalsPerHour: 40, AHTSeconds: 600, PatienceSeconds: 90},    // few agents
	} {
		a := q.OfferedLoadErlangs()
		lo := 1
		if !q.HasAbandonment() {
			lo = int(a) + 1
		}
		var prev Measures
		for n := lo; n <= int(1.3*a)+10; n++ {
			q.Agents = n
			m, err := q.Measures(20)
			if err != nil {
				t.Fatal(err)
			}
			if n > lo && (m.PWait > prev.PWait || m.PAbandon > prev.PAbandon || m.ServiceLevel < prev.ServiceLevel ||
				m.ASASeconds > prev.ASASeconds) {
				t.Fatalf("%+v: not monotone from %d to %d agents:\n%+v\n%+v", q, n-1, n, prev, m)
			}
			if m.ServiceLevel < 0 || m.ServiceLevel > 1-m.PAbandon+1e-15 || m.PWait < 0 || m.PWait > 1 {
				t.Fatalf("%+v: measures out of range: %+v", q, m)
			}
			prev = m
		}
	}
}

// TestErlangAApproachesErlangC: as patience grows without bound, Erlang A
// tends to Erlang C, with an error proportional to 1/patience.
func TestErlangAApproachesErlangC(t *testing.T) {
	for _, q := range []Queue{
		{ArrivalsPerHour: 1000, AHTSeconds: 360, Agents: 105},
		{ArrivalsPerHour: 6000, AHTSeconds: 300, Agents: 510},
		{ArrivalsPerHour: 10, AHTSeconds: 300, Agents: 1},
	} {
		c, _ := q.Measures(20)
		for _, patience := range []float64{1e8, 1e10} {
			qa := q
			qa.PatienceSeconds = patience
			m, err := qa.Measures(20)
			if err != nil {
				t.Fatal(err)
			}
			tol := 1e6 / patience
			if !near(m.PWait, c.PWait, tol) || !near(m.ASASeconds, c.ASASeconds, tol) ||
				!near(m.ServiceLevel, c.ServiceLevel, tol) || m.PAbandon > tol {
				t.Errorf("%+v, patience %g s: %+v\nErlang C %+v", q, patience, m, c)
			}
		}
	}
}

func TestUnstableErlangC(t *testing.T) {
	m, err := Queue{ArrivalsPerHour: 1000, AHTSeconds: 360, Agents: 100}.Measures(20)
	if err != nil {
		t.Fatal(err)
	}
	if m.Stable || m.PWait != 1 || m.Occupancy != 1 || m.ServiceLevel != 0 ||
		!math.IsInf(m.ASASeconds, 1) || !math.IsInf(m.MeanWaitSeconds, 1) || !math.IsInf(m.MeanQueueLength, 1) {
		t.Errorf("unstable Erlang C: %+v", m)
	}
	// The same load with abandonment is stable.
	m, err = Queue{ArrivalsPerHour: 1000, AHTSeconds: 360, PatienceSeconds: 180, Agents: 100}.Measures(20)
	if err != nil || !m.Stable || !(m.PAbandon > 0 && m.PAbandon < 1) {
		t.Errorf("overloaded Erlang A: %+v, %v", m, err)
	}
}

func TestEdgeCases(t *testing.T) {
	// No calls: nobody waits.
	m, err := Queue{ArrivalsPerHour: 0, AHTSeconds: 300, PatienceSeconds: 60, Agents: 3}.Measures(20)
	if err != nil || m.PWait != 0 || m.PAbandon != 0 || m.ServiceLevel != 1 || m.Occupancy != 0 {
		t.Errorf("no calls: %+v, %v", m, err)
	}
	// A zero threshold: the service level is P(W=0) over all arrivals.
	for _, q := range []Queue{
		{ArrivalsPerHour: 1000, AHTSeconds: 360, PatienceSeconds: 180, Agents: 105},
		{ArrivalsPerHour: 1000, AHTSeconds: 360, Agents: 105},
	} {
		m, err := q.Measures(0)
		if err != nil || !near(m.ServiceLevel, 1-m.PWait, 1e-14) {
			t.Errorf("%+v, t=0: %+v, %v", q, m, err)
		}
	}
	// Thousands of agents, overloaded with long patience: finite, in range.
	m, err = Queue{ArrivalsPerHour: 100000, AHTSeconds: 300, PatienceSeconds: 10000, Agents: 8000}.Measures(20)
	if err != nil || !near(m.PAbandon, 0.04, 1e-9) || m.PWait > 1 || m.ServiceLevel < 0 || math.IsNaN(m.ASASeconds) {
		t.Errorf("large overload: %+v, %v (want P(Ab) = 1 − n/a = 0.04)", m, err)
	}
}

func TestInvalidQueue(t *testing.T) {
	good := Queue{ArrivalsPerHour: 1000, AHTSeconds: 360, PatienceSeconds: 180, Agents: 105}
	nan := math.NaN()
	for _, c := range []struct {
		name string
		edit func(*Queue)
	}{
		{"zero agents", func(q *Queue) { q.Agents = 0 }},
		{"negative agents", func(q *Queue) { q.Agents = -3 }},
		{"zero AHT", func(q *Queue) { q.AHTSeconds = 0 }},
		{"negative AHT", func(q *Queue) { q.AHTSeconds = -1 }},
		{"NaN AHT", func(q *Queue) { q.AHTSeconds = nan }},
		{"infinite AHT", func(q *Queue) { q.AHTSeconds = math.Inf(1) }},
		{"negative arrivals", func(q *Queue) { q.ArrivalsPerHour = -1 }},
		{"NaN arrivals", func(q *Queue) { q.ArrivalsPerHour = nan }},
		{"infinite arrivals", func(q *Queue) { q.ArrivalsPerHour = math.Inf(1) }},
		{"negative patience", func(q *Queue) { q.PatienceSeconds = -5 }},
		{"NaN patience", func(q *Queue) { q.PatienceSeconds = nan }},
	} {
		q := good
		c.edit(&q)
		if _, err := q.Measures(20); !errors.Is(err, ErrInvalidQueue) {
			t.Errorf("%s: Measures error %v, want ErrInvalidQueue", c.name, err)
		}
		if c.name != "zero agents" && c.name != "negative agents" {
			if _, _, err := StaffFor(q, 20, 0.8, 0); !errors.Is(err, ErrInvalidQueue) {
				t.Errorf("%s: StaffFor error %v, want ErrInvalidQueue", c.name, err)
			}
		}
	}
	for _, sl := range []float64{-1, nan, math.Inf(1)} {
		if _, err := good.Measures(sl); !errors.Is(err, ErrInvalidQueue) {
			t.Errorf("threshold %g: error %v, want ErrInvalidQueue", sl, err)
		}
	}
}

func TestStaffFor(t *testing.T) {
	for _, c := range []struct {
		q          Queue
		sl, target float64
		wantN      int // 0: only check minimality
	}{
		{Queue{ArrivalsPerHour: 1000, AHTSeconds: 360, PatienceSeconds: 180}, 20, 0.8, 0},
		{Queue{ArrivalsPerHour: 1000, AHTSeconds: 360}, 20, 0.8, 0},
		{Queue{ArrivalsPerHour: 480, AHTSeconds: 60}, 20, 0.78, 10}, // SL(10) = 0.78992 (table above)
		{Queue{ArrivalsPerHour: 6000, AHTSeconds: 300, PatienceSeconds: 240}, 20, 0.9, 0},
		{Queue{ArrivalsPerHour: 30000, AHTSeconds: 300, PatienceSeconds: 120}, 20, 0.95, 0},
		{Queue{ArrivalsPerHour: 30000, AHTSeconds: 300}, 20, 0.95, 0},
		{Queue{ArrivalsPerHour: 12, AHTSeconds: 300, PatienceSeconds: 60}, 30, 0.9, 0},
		{Queue{ArrivalsPerHour: 12, AHTSeconds: 300}, 30, 0.99, 0},
		{Queue{ArrivalsPerHour: 1000, AHTSeconds: 360}, 20, 0, 101}, // smallest stable n
		{Queue{ArrivalsPerHour: 1000, AHTSeconds: 360, PatienceSeconds: 180}, 20, 0, 1},
	} {
		n, m, err := StaffFor(c.q, c.sl, c.target, 0)
		if err != nil {
			t.Fatalf("%+v: %v", c.q, err)
		}
		if c.wantN != 0 && n != c.wantN {
			t.Errorf("%+v target %g: %d agents, want %d", c.q, c.target, n, c.wantN)
		}
		q := c.q
		q.Agents = n
		if got, _ := q.Measures(c.sl); got != m || m.Agents != n || !m.Stable || m.ServiceLevel < c.target {
			t.Errorf("%+v target %g: %d agents give %+v (returned %+v)", c.q, c.target, n, got, m)
		}
		if n > 1 {
			q.Agents = n - 1
			prev, err := q.Measures(c.sl)
			if err != nil {
				t.Fatal(err)
			}
			if prev.Stable && prev.ServiceLevel >= c.target {
				t.Errorf("%+v target %g: %d agents returned but %d already give SL %g", c.q, c.target, n, n-1, prev.ServiceLevel)
			}
		}
	}
}

func TestStaffForErrors(t *testing.T) {
	q := Queue{ArrivalsPerHour: 1000, AHTSeconds: 360, PatienceSeconds: 180}
	if _, _, err := StaffFor(q, 20, 0.8, 50); !errors.Is(err, ErrTargetUnreachable) {
		t.Errorf("50 agents max: error %v, want ErrTargetUnreachable", err)
	}
	if _, _, err := StaffFor(Queue{ArrivalsPerHour: 1000, AHTSeconds: 360}, 20, 0.8, 100); !errors.Is(err, ErrTargetUnreachable) {
		t.Errorf("Erlang C, 100 agents for 100 Erlangs: error %v, want ErrTargetUnreachable", err)
	}
	for _, target := range []float64{-0.1, 1, 1.5, math.NaN()} {
		if _, _, err := StaffFor(q, 20, target, 0); !errors.Is(err, ErrInvalidQueue) {
			t.Errorf("target %g: error %v, want ErrInvalidQueue", target, err)
		}
	}
}

// TestPlanDoesNotRewardImpatience: held to a service level alone, a plan
// staffs fewer agents when callers are half as patient (they hang up
// instead of waiting); with an abandonment ceiling it staffs at least as
// many, and Erlang C ignores patience.
func TestPlanDoesNotRewardImpatience(t *testing.T) {
	staff := func(patience, maxAb float64) int {
		q := Queue{ArrivalsPerHour: 600, AHTSeconds: 300, PatienceSeconds: patience}
		n, _, err := StaffForTargets(q, StaffingTargets{ServiceLevelSeconds: 20, ServiceLevel: 0.8, MaxAbandonRate: maxAb}, 0)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if full, half := staff(60, 0), staff(30, 0); half >= full {
		t.Fatalf("service level alone: %d agents at 60 s patience, %d at 30 s: the case shows nothing", full, half)
	}
	if full, half := staff(60, 0.02), staff(30, 0.02); half < full {
		t.Errorf("with a 2%% abandonment ceiling: %d agents at 60 s patience but %d at 30 s", full, half)
	}
	c, _, err := StaffFor(Queue{ArrivalsPerHour: 600, AHTSeconds: 300}, 20, 0.8, 0)
	if err != nil {
		t.Fatal(err)
	}
	if a := staff(60, 0); c < a {
		t.Errorf("Erlang C plans %d agents, fewer than Erlang A's %d", c, a)
	}
}

// TestStaffNearAgreesWithStaffFor: a search from any hint finds the same
// staffing as one without.
func TestStaffNearAgreesWithStaffFor(t *testing.T) {
	targets := StaffingTargets{ServiceLevelSeconds: 20, ServiceLevel: 0.8, MaxAbandonRate: 0.05}
	for _, q := range []Queue{
		{ArrivalsPerHour: 1000, AHTSeconds: 360, PatienceSeconds: 180},
		{ArrivalsPerHour: 60, AHTSeconds: 300, PatienceSeconds: 60},
		{ArrivalsPerHour: 30000, AHTSeconds: 300, PatienceSeconds: 3600},
		{ArrivalsPerHour: 500, AHTSeconds: 360},
	} {
		want, _, err := StaffForTargets(q, targets, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, hint := range []int{1, want - 7, want - 1, want, want + 1, want + 50, 3 * want} {
			if got, _, err := StaffNear(q, targets, 0, hint); err != nil || got != want {
				t.Errorf("%+v from %d: %d agents (%v), want %d", q, hint, got, err, want)
			}
		}
	}
}
