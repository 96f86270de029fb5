package scenarios

import (
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"offsim/model"
)

// roundTrip checks that Parse(Encode(sc)) equals sc, but for the Apply
// functions and the Sweep.
func roundTrip(t *testing.T, what string, sc *model.Scenario) *model.Scenario {
	t.Helper()
	out, err := Encode(sc)
	if err != nil {
		t.Fatalf("%s: Encode: %v", what, err)
	}
	got, err := Parse("resolved.toml", out)
	if err != nil {
		t.Fatalf("%s: the resolved form does not parse: %v\n%s", what, err, out)
	}
	want := withoutApply(sc)
	want.Sweep = nil
	if g := withoutApply(got); !reflect.DeepEqual(g, want) {
		t.Errorf("%s: the resolved form reads back as another scenario\n%s", what, out)
	}
	return got
}

func TestEncodeRoundTrip(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("../testdata/*.toml")
	good, _ := filepath.Glob("../testdata/good/*.toml")
	for _, f := range append(files, good...) {
		scs := must(LoadAll(f))(t)
		for _, sc := range scs {
			roundTrip(t, f+": "+sc.Name, sc)
		}
	}
	for _, n := range BuiltinNames() {
		roundTrip(t, n, builtinScenario(t, n))
	}
	for i, b := range readmeBlocks(t) {
		scs := must(ParseAll("README.md", []byte(b)))(t)
		for _, sc := range scs {
			if sc.Uncertain != nil && sc.Uncertain[0].Key == volumeKey {
				continue // TestEncodeVolume
			}
			roundTrip(t, "README block "+string(rune('1'+i)), sc)
		}
	}
	// Every distribution at once but the volume's; a start on a Thursday.
	src, keys := readTemplate(t, "every-key.tmpl")
	sc := mustParse(t, strings.Replace(fill(src, keys, func(k templateKey) string {
		if k.key == volumeKey {
			return k.plain
		}
		return k.dist
	}), "start_date = 2026-01-05", "start_date = 2026-01-08", 1))
	if len(sc.Uncertain) != len(keys)-1 {
		t.Fatalf("%d uncertain parameters, want %d", len(sc.Uncertain), len(keys)-1)
	}
	roundTrip(t, "every distribution", sc)
}

const volumeKey = "demand.arrivals.calls_per_week"

// TestEncodeVolume: an uncertain weekly volume is written as a volume whose
// shares are recovered from the rates, equal to within rounding.
func TestEncodeVolume(t *testing.T) {
	src, keys := readTemplate(t, "every-key.tmpl")
	sc := mustParse(t, fillOne(src, keys, volumeKey, keys[slices.IndexFunc(keys, func(k templateKey) bool { return k.key == volumeKey })].dist))
	got := roundTripLoose(t, sc)
	if len(got.Uncertain) != 1 || got.Uncertain[0].Key != volumeKey || got.Uncertain[0].Dist != sc.Uncertain[0].Dist {
		t.Fatalf("uncertain %+v", got.Uncertain)
	}
	a, b := sc.Demand.Arrivals.PerHour, got.Demand.Arrivals.PerHour
	for k := range a {
		if math.Abs(a[k]-b[k]) > 1e-9*math.Max(a[k], 1) {
			t.Fatalf("rate %d: %g, want %g", k, b[k], a[k])
		}
	}
	c1, c2 := sc.Clone(), got.Clone()
	sc.Uncertain[0].Apply(c1, 4000)
	got.Uncertain[0].Apply(c2, 4000)
	for k := range a {
		if x, y := c1.Demand.Arrivals.PerHour[k], c2.Demand.Arrivals.PerHour[k]; math.Abs(x-y) > 1e-9*math.Max(x, 1) {
			t.Fatalf("drawn rate %d: %g, want %g", k, y, x)
		}
	}
}

func roundTripLoose(t *testing.T, sc *model.Scenario) *model.Scenario {
	t.Helper()
	out := must(Encode(sc))(t)
	got, err := Parse("resolved.toml", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return got
}

// TestEncodeForm checks what a resolved file says.
func TestEncodeForm(t *testing.T) {
	scs := must(LoadAll("../testdata/sweep.toml"))(t)
	out := must(Encode(scs[1]))(t)
	s := string(out)
	for _, want := range []string{
		"# sweep demo [SR=0.25]: the resolved scenario",
		"# A variant of a sweep: routing.shares.SR = 0.25.\n",
		"name = \"sweep demo [SR=0.25]\"\nstart_date = 2026-01-05\n",
		"\n[run]\nhorizon_hours = 200.0\nwarmup_hours = 20.0\nreplications = 3\nseed = 1\nservice_level_seconds = 20.0\n",
		"\n[[sites]]\nname = \"NL\"\nagents = 12\n",
		"\n[routing.by_type.default]\nkind = \"share\"\nshares = { NL = 0.75, SR = 0.25 }\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("resolved form lacks %q:\n%s", want, s)
		}
	}
	// A plan is written as an agents table, weekly, from day 0.
	out, _ = Encode(builtinScenario(t, "sr-offshore"))
	if !strings.Contains(string(out), "\n[sites.agents]\ninterval_minutes = 30\nweekly = [\n  0, 0,") ||
		!strings.Contains(string(out), `minimum_per_hour = { days = [-279.0], values = [52.47], index_every_days = 365.0, index_rate = { dist = "triangular", min = -0.08, mode = 0.0, max = 0.08, shared = "sr-minimum-real-index" } }`) {
		t.Errorf("resolved sr-offshore:\n%s", out)
	}
	if _, err := Encode(&model.Scenario{Name: "empty"}); err == nil {
		t.Error("Encode of an invalid scenario succeeded")
	}
}

// TestStartWeekday checks that weekly profiles, given Monday first, start
// on start_date's weekday.
func TestStartWeekday(t *testing.T) {
	profile := `
[run]
horizon_hours = 100
[demand]
# Monday 10/h, Tuesday 20/h, ..., Sunday 70/h.
arrivals_per_hour = { interval_minutes = 60, daily = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  day_factors = [10, 20, 30, 40, 50, 60, 70] }
[[sites]]
name = "NL"
agents = { interval_minutes = 30, weekly = [` + "1" + strings.Repeat(", 1", 3*48-1) + ", 5" + strings.Repeat(", 1", 4*48-1) + `] }
handle_time = { dist = "exponential", mean_seconds = 60 }
`
	for _, tt := range []struct {
		start string
		rate  float64 // at t = 0
		agent int     // Thursday 00:00 is at interval (3 - weekday)·48 mod 336
		at    int
	}{
		{"", 40, 5, 0}, // 2026-01-01, a Thursday
		{"start_date = 2026-01-05\n", 10, 5, 144}, // a Monday
		{"start_date = 2026-01-04\n", 70, 5, 192}, // a Sunday
		{"start_date = 1969-12-31\n", 30, 5, 48},  // a Wednesday, before 1970
	} {
		sc := mustParse(t, "name = \"w\"\n"+tt.start+profile)
		a := sc.Demand.Arrivals.PerHour
		if a[0] != tt.rate || a[23] != tt.rate || a[24] != float64(int(tt.rate)%70+10) {
			t.Errorf("%q: rates at hours 0, 23, 24: %g, %g, %g; want %g on day 0", tt.start, a[0], a[23], a[24], tt.rate)
		}
		if got := sc.Sites[0].Staffing.Agents[tt.at]; got != tt.agent {
			t.Errorf("%q: %d agents at interval %d, want %d", tt.start, got, tt.at, tt.agent)
		}
	}
	// A weekly volume rotates too.
	sc := mustParse(t, `name = "v"
run.horizon_hours = 10
demand.arrivals = { calls_per_week = 700, interval_minutes = 60, day_shares = [1, 2, 3, 4, 5, 6, 7], intraday_shares = [`+
		"1"+strings.Repeat(", 1", 23)+"] }\n"+site("NL", 3, 60))
	if got, want := sc.Demand.Arrivals.PerHour[0], 700*4.0/28/24; math.Abs(got-want) > 1e-12 {
		t.Errorf("a Thursday start: %g calls an hour at t = 0, want Thursday's %g", got, want)
	}
}

func TestStarter(t *testing.T) {
	t.Parallel()
	src := string(Starter(`my "scenario"`))
	sc := must(Parse("starter.toml", []byte(src)))(t)
	if sc.Name != `my "scenario"` || len(sc.Sites) != 2 || sc.Sites[0].Workforce == nil || sc.Sites[1].Workforce == nil ||
		sc.Sites[1].Workforce.Wages.Currency != "SRD" || sc.Demand.Customers.MaxContacts != 5 {
		t.Errorf("starter: %q, %+v", sc.Name, sc.Sites)
	}
	if !strings.Contains(string(Starter("")), `name = "my-scenario"`) {
		t.Error("Starter(\"\") has no default name")
	}
	// Every key has a comment, but those whose line above says it.
	for i, line := range strings.Split(src, "\n") {
		if k, _, ok := strings.Cut(line, " = "); ok && !strings.HasPrefix(line, "#") && !strings.Contains(line, "#") &&
			!strings.HasPrefix(k, "name") && !strings.HasPrefix(k, "currency") && !strings.HasPrefix(k, "policy") && !strings.HasPrefix(k, "handle_time_by_type") && !strings.HasPrefix(k, "fcr") && !strings.HasPrefix(k, "share") {
			t.Errorf("starter line %d has no comment: %s", i+1, line)
		}
	}
	// The commented-out examples work: an uncertain parameter and a sweep.
	src = strings.Replace(src, "attrition.base_annual = 0.25 ", "# ", 1)
	src = strings.Replace(src, "# attrition.base_annual = {", "attrition.base_annual = {", 1)
	src = strings.Replace(src, "# [sweep]\n# ", "[sweep]\n", 1)
	scs := must(ParseAll("starter.toml", []byte(src)))(t)
	if len(scs) != 4 || scs[3].Name != `my "scenario" [SR=0.8]` || len(scs[0].Uncertain) != 1 ||
		scs[0].Uncertain[0].Key != "sites[0].workforce.attrition.base_annual" {
		t.Errorf("%d variants, the last %q, uncertain %+v", len(scs), scs[len(scs)-1].Name, scs[0].Uncertain)
	}
}
