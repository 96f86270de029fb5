package model

import (
	"fmt"
	"math"
	"testing"
)

// TestPooledQueueEqualSpeedsIsErlang checks the chain against the closed
// forms: sites of one speed pooled are one site with their summed agents.
func TestPooledQueueEqualSpeedsIsErlang(t *testing.T) {
	cases := []struct {
		perHour, aht, patience float64
		agents                 []int
	}{
		{540, 60, 120, []int{6, 4}},     // the public Erlang A check value, split
		{300, 312, 90, []int{14, 12}},   // the two-site case
		{50, 300, 0, []int{3, 2}},       // Erlang C
		{180, 360, 60, []int{10, 5, 5}}, // three sites
		{1300, 360, 300, []int{7, 3}},   // overloaded, stable through abandonment
	}
	for _, c := range cases {
		t.Run(fmt.Sprint(c), func(t *testing.T) {
			q := PooledQueue{ArrivalsPerHour: c.perHour, PatienceSeconds: c.patience}
			n := 0
			for _, a := range c.agents {
				q.Sites = append(q.Sites, PooledSite{Agents: a, AHTSeconds: c.aht})
				n += a
			}
			got, err := q.Measures(20)
			if err != nil {
				t.Fatal(err)
			}
			want, err := Queue{ArrivalsPerHour: c.perHour, AHTSeconds: c.aht, PatienceSeconds: c.patience, Agents: n}.Measures(20)
			if err != nil {
				t.Fatal(err)
			}
			occ := 0.0
			for i, a := range c.agents {
				occ += got.Occupancy[i] * float64(a) / float64(n)
			}
			for _, f := range []struct {
				name      string
				got, want float64
			}{
				{"P(wait)", got.PWait, want.PWait},
				{"P(abandon)", got.PAbandon, want.PAbandon},
				{"service level", got.ServiceLevel, want.ServiceLevel},
				{"ASA", got.ASASeconds, want.ASASeconds},
				{"queue length", got.MeanQueueLength, want.MeanQueueLength},
				{"occupancy", occ, want.Occupancy},
			} {
				if math.Abs(f.got-f.want) > 1e-9*max(1, math.Abs(f.want)) {
					t.Errorf("%s: chain %.12g, closed form %.12g", f.name, f.got, f.want)
				}
			}
		})
	}
}

// TestPooledQueueOrder: the first site in order answers more when it has
// idle agents; a faster second site answers more per agent.
func TestPooledQueueOrder(t *testing.T) {
	q := PooledQueue{ArrivalsPerHour: 40, PatienceSeconds: 120, Sites: []PooledSite{{2, 300}, {2, 300}}}
	m, err := q.Measures(20)
	if err != nil {
		t.Fatal(err)
	}
	if !(m.Occupancy[0] > m.Occupancy[1]) || math.Abs(m.AnsweredShare[0]+m.AnsweredShare[1]-1) > 1e-12 {
		t.Errorf("first site busier than second expected, got occupancy %v, shares %v", m.Occupancy, m.AnsweredShare)
	}
	// Throughput balances: answered calls = λ(1 − P(abandon)).
	lambda := q.ArrivalsPerHour / SecondsPerHour
	busy := m.Occupancy[0]*2/300 + m.Occupancy[1]*2/300
	if d := busy - lambda*(1-m.PAbandon); math.Abs(d) > 1e-12 {
		t.Errorf("throughput %.9g != λ(1−P(ab)) %.9g", busy, lambda*(1-m.PAbandon))
	}
	if _, err := (PooledQueue{ArrivalsPerHour: 100, Sites: []PooledSite{{1, 360}}}).Measures(20); err == nil {
		t.Error("an unstable Erlang C chain must be refused")
	}
}
