package sim

import (
	"math"
	"testing"

	"offsim/model"
)

// TestIncidentRaisesAbandonmentOnlyInItsDays: a media storm triples the
// arrivals for three days each month. On those days abandonment soars; on
// days well clear of a storm it matches the same centre without storms
// (two-sample 99% confidence interval over days).
func TestIncidentRaisesAbandonmentOnlyInItsDays(t *testing.T) {
	t.Parallel()
	calm := mmnScenario(300, 300, 120, 28, 24*90, 0)
	storm := mmnScenario(300, 300, 120, 28, 24*90, 0)
	storm.Demand.Incidents = model.Incidents{ProbabilityPerMonth: 1, Multiplier: 3, Days: 3}

	e, err := NewEngine(storm)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := e.Run(0)
	factors := e.arrivals.dayFactor
	rate := func(d model.Day) float64 { return float64(d.Abandoned) / float64(d.Offered) }
	var in, clear []float64
	for d := range len(r.Days) - 1 {
		switch {
		case factors[d] > 1:
			in = append(in, rate(r.Days[d][0]))
		case d > 0 && factors[d-1] == 1:
			clear = append(clear, rate(r.Days[d][0]))
		}
	}
	var base []float64
	rc := runOne(t, calm, 0)
	for d := range len(rc.Days) - 1 {
		base = append(base, rate(rc.Days[d][0]))
	}
	if len(in) < 6 {
		t.Fatalf("only %d storm days in 90 days", len(in))
	}
	sIn, sClear, sBase := model.Summarize(in), model.Summarize(clear), model.Summarize(base)
	if !(sIn.Mean > 5*sBase.Mean) {
		t.Errorf("abandonment on storm days %.3f, normally %.3f: the storm does not show", sIn.Mean, sBase.Mean)
	}
	se := math.Sqrt(sClear.SD*sClear.SD/float64(sClear.N) + sBase.SD*sBase.SD/float64(sBase.N))
	if d := sClear.Mean - sBase.Mean; math.Abs(d) > model.TQuantile(0.995, min(sClear.N, sBase.N)-1)*se {
		t.Errorf("abandonment on clear days %.4f vs %.4f without storms: the storm leaks outside its days", sClear.Mean, sBase.Mean)
	}
}

// TestDailyOverdispersion: with a daily CV, daily volumes vary more than
// Poisson, by about the CV; without it they are Poisson.
func TestDailyOverdispersion(t *testing.T) {
	t.Parallel()
	for _, cv := range []float64{0, 0.2} {
		sc := mmnScenario(500, 300, 120, 60, 24*200, 0)
		sc.Demand.DailyCV = cv
		r := runOne(t, sc, 1)
		var v []float64
		for d := range len(r.Days) - 1 {
			v = append(v, float64(r.Days[d][0].Offered))
		}
		s := model.Summarize(v)
		mean := 500.0 * 24
		want := math.Sqrt(mean + cv*cv*mean*mean) // Poisson plus the gamma multiplier
		// The sample sd of 200 days is within about ±20% of the true sd.
		if math.Abs(s.SD/want-1) > 0.2 {
			t.Errorf("cv %.1f: daily sd %.0f, want about %.0f", cv, s.SD, want)
		}
	}
}

// TestDeflection: self-service deflection removes a share of simple
// contacts, so fewer calls arrive and the live mix is more complex.
func TestDeflection(t *testing.T) {
	t.Parallel()
	sc := twoSiteScenario()
	sc.Run.HorizonSeconds = model.SecondsPerWeek
	base := runOne(t, sc, 0).Total.Calls.Offered
	sc.Demand.ContactTypes[0].Deflection = 0.5 // half of the simple (70%) contacts
	got := runOne(t, sc, 0).Total.Calls.Offered
	if ratio := float64(got) / float64(base); math.Abs(ratio-0.65) > 0.03 {
		t.Errorf("offered ratio %.3f after deflecting half the simple contacts, want about 0.65", ratio)
	}
	e, _ := NewEngine(sc)
	if complexShare := 1 - e.typeCum[0]; math.Abs(complexShare-0.3/0.65) > 1e-12 {
		t.Errorf("live complex share %.4f, want %.4f", complexShare, 0.3/0.65)
	}
}

// TestEscalation: escalated complex contacts reach the second line, which
// handles nothing else.
func TestEscalation(t *testing.T) {
	t.Parallel()
	sc := twoSiteScenario()
	sc.Run.HorizonSeconds = model.SecondsPerWeek
	sc.Routing.ByType[1] = model.Route{Kind: model.RouteShare, Sites: []int{0}, Shares: []float64{1}}
	sc.Routing.ByType[0] = model.Route{Kind: model.RouteShare, Sites: []int{0}, Shares: []float64{1}}
	sc.Demand.ContactTypes[1].Escalation = 0.4
	sc.Routing.EscalationSite = 1
	r := runOne(t, sc, 0)
	esc := r.Sites[0].Contacts.Escalated
	if esc == 0 || r.Sites[1].Calls.Offered < esc*9/10 || r.Sites[1].Calls.Offered > esc {
		t.Errorf("escalated %d, second line offered %d", esc, r.Sites[1].Calls.Offered)
	}
}
