package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"offsim/model"
)

func TestParseW1(t *testing.T) {
	data := must(os.ReadFile("../testdata/w1.toml"))(t)
	got := must(Parse("w1.toml", data))(t)
	want := &model.Scenario{
		Name: "W1 Erlang-A",
		Run: model.Run{
			HorizonSeconds:      1000 * 3600,
			WarmupSeconds:       10 * 3600,
			Replications:        4,
			Seed:                1,
			ServiceLevelSeconds: 20,
		},
		Demand: model.Demand{
			Arrivals:     model.RateProfile{PerHour: []float64{1000}},
			ContactTypes: []model.ContactType{{Name: "default", Share: 1, FCR: DefaultFCR}},
			Patience:     model.Dist{Kind: model.Exponential, MeanSeconds: 180},
		},
		Sites: []model.Site{{
			Name:       "NL",
			Staffing:   model.AgentSchedule{Agents: []int{105}},
			HandleTime: []model.Dist{{Kind: model.Exponential, MeanSeconds: 360}},
		}},
		Routing:     model.Routing{ByType: []model.Route{{Kind: model.RouteShare, Sites: []int{0}, Shares: []float64{1}}}},
		Performance: DefaultPerformance(),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("W1 decodes to\n%+v\nwant\n%+v", got, want)
	}
}

// TestParseTwoSites decodes a two-site scenario with contact types, a
// default share route and by_type routes.
func TestParseTwoSites(t *testing.T) {
	data := must(os.ReadFile("../testdata/good/two-sites.toml"))(t)
	got := mustParse(t, string(data))
	exp := func(m float64) model.Dist { return model.Dist{Kind: model.Exponential, MeanSeconds: m} }
	want := &model.Scenario{
		Name: "two sites",
		Run: model.Run{
			HorizonSeconds:      48 * 3600,
			WarmupSeconds:       1800,
			Replications:        3,
			Seed:                0,
			ServiceLevelSeconds: 30,
		},
		Demand: model.Demand{
			Arrivals: model.RateProfile{PerHour: []float64{600.5}},
			ContactTypes: []model.ContactType{
				{Name: "simple", Share: 0.6, FCR: DefaultFCR}, {Name: "complex", Share: 0.3, FCR: DefaultFCR},
				{Name: "billing dispute", Share: 0.1, FCR: DefaultFCR},
			},
			Patience: model.Dist{Kind: model.Lognormal, MeanSeconds: 90, CV: 1.2},
			Redial:   model.Redial{Probability: 0.25, Delay: model.Dist{Kind: model.Deterministic, MeanSeconds: 600}},
		},
		Sites: []model.Site{
			{
				Name:     "NL",
				Staffing: model.AgentSchedule{Agents: []int{40}},
				HandleTime: []model.Dist{
					exp(300), {Kind: model.Lognormal, MeanSeconds: 600, CV: 0.8}, exp(300),
				},
			},
			{
				Name:     "SR",
				Staffing: model.AgentSchedule{Agents: []int{30}},
				HandleTime: []model.Dist{
					exp(330), exp(330), {Kind: model.Deterministic, MeanSeconds: 400},
				},
			},
		},
		Routing: model.Routing{ByType: []model.Route{
			{Kind: model.RouteOverflow, Sites: []int{1, 0}, OverflowQueue: []int{5}},
			{Kind: model.RouteOverflow, Sites: []int{0}},
			{Kind: model.RouteShare, Sites: []int{0, 1}, Shares: []float64{0.75, 0.25}},
		}},
		Performance: DefaultPerformance(),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decodes to\n%+v\nwant\n%+v", got, want)
	}
}

// TestGoodFiles parses every file of testdata/good.
func TestGoodFiles(t *testing.T) {
	files, _ := filepath.Glob("../testdata/good/*.toml")
	if len(files) == 0 {
		t.Fatal("no files in testdata/good")
	}
	for _, f := range files {
		if _, err := Load(f); err != nil {
			t.Error(err)
		}
	}
}

func TestParseDefaults(t *testing.T) {
	got := mustParse(t, `
name = "minimal"
run.horizon_hours = 2
demand.arrivals_per_hour = 10
sites = [{ name = "NL", agents = 1, handle_time = { dist = "exponential", mean_seconds = 60 } }]
`)
	want := model.Run{HorizonSeconds: 7200, WarmupSeconds: 0, Replications: 10, Seed: 1, ServiceLevelSeconds: 20}
	if got.Run != want {
		t.Errorf("run %+v, want %+v", got.Run, want)
	}
	if got.Demand.Patience.Kind != model.None {
		t.Errorf("patience %+v, want none (nobody abandons)", got.Demand.Patience)
	}
	if !reflect.DeepEqual(got.Demand.Redial, model.Redial{}) {
		t.Errorf("redial %+v, want none", got.Demand.Redial)
	}
	if !reflect.DeepEqual(got.Demand.ContactTypes, []model.ContactType{{Name: "default", Share: 1, FCR: 0.85}}) {
		t.Errorf("contact types %+v", got.Demand.ContactTypes)
	}
}

func TestParseProfiles(t *testing.T) {
	repeat := func(s string, n int) string { return strings.TrimSuffix(strings.Repeat(s+", ", n), ", ") }
	tests := []struct {
		name     string
		arrivals string
		agents   string
		check    func(t *testing.T, sc *model.Scenario)
	}{{
		name:     "daily with day factors",
		arrivals: `{ interval_minutes = 60, daily = [` + repeat("0", 8) + `, ` + repeat("100", 12) + `, ` + repeat("0", 4) + `], day_factors = [1, 1, 1, 1, 2, 0.5, 0] }`,
		agents:   `{ interval_minutes = 30, daily = [` + repeat("0", 16) + `, ` + repeat("12", 24) + `, ` + repeat("0", 8) + `] }`,
		check: func(t *testing.T, sc *model.Scenario) {
			a := sc.Demand.Arrivals
			if a.IntervalSeconds != 3600 || len(a.PerHour) != 168 {
				t.Fatalf("arrivals: interval %g s, %d values", a.IntervalSeconds, len(a.PerHour))
			}
			for _, c := range []struct {
				i    int
				want float64
			}{{0, 0}, {7, 0}, {8, 100}, {19, 100}, {20, 0}, {4*24 + 10, 200}, {5*24 + 10, 50}, {6*24 + 10, 0}} {
				if a.PerHour[c.i] != c.want {
					t.Errorf("arrivals[%d] = %g, want %g", c.i, a.PerHour[c.i], c.want)
				}
			}
			s := sc.Sites[0].Staffing
			if s.IntervalSeconds != 1800 || len(s.Agents) != 336 || s.Agents[16] != 12 || s.Agents[15] != 0 || s.Agents[6*48+39] != 12 || s.Agents[6*48+40] != 0 {
				t.Errorf("agents: interval %g s, %d values, %v", s.IntervalSeconds, len(s.Agents), s.Agents[:48])
			}
		},
	}, {
		name:     "weekly",
		arrivals: `{ interval_minutes = 15, weekly = [7.5, ` + repeat("0", 7*96-1) + `] }`,
		agents:   `{ interval_minutes = 60, weekly = [` + repeat("3", 7*24-1) + `, 0] }`,
		check: func(t *testing.T, sc *model.Scenario) {
			a := sc.Demand.Arrivals
			if a.IntervalSeconds != 900 || len(a.PerHour) != 672 || a.PerHour[0] != 7.5 || a.PerHour[1] != 0 {
				t.Errorf("arrivals: interval %g s, %d values, first %v", a.IntervalSeconds, len(a.PerHour), a.PerHour[:2])
			}
			s := sc.Sites[0].Staffing
			if s.IntervalSeconds != 3600 || len(s.Agents) != 168 || s.Agents[0] != 3 || s.Agents[167] != 0 {
				t.Errorf("agents: interval %g s, %d values", s.IntervalSeconds, len(s.Agents))
			}
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := mustParse(t, `name = "p"
start_date = 2026-01-05 # a Monday: the week is as the file gives it
run.horizon_hours = 10
demand.arrivals_per_hour = `+tt.arrivals+`
[[sites]]
name = "NL"
agents = `+tt.agents+`
handle_time = { dist = "exponential", mean_seconds = 60 }
`)
			tt.check(t, sc)
		})
	}
}

// TestParseErrors covers problems beyond testdata/bad, checking the full
// message of each (file, line, key, text).
func TestParseErrors(t *testing.T) {
	const head = "name = \"x\"\nrun.horizon_hours = 10\n" // lines 1-2
	const site = "[[sites]]\nname = \"NL\"\nagents = 1\nhandle_time = { dist = \"exponential\", mean_seconds = 60 }\n"
	tests := []struct {
		name, src string
		want      []string
	}{{
		name: "nan and inf",
		src:  head + "demand.arrivals_per_hour = nan\ndemand.patience = { dist = \"exponential\", mean_seconds = inf }\n" + site,
		want: []string{
			"e.toml:3: demand.arrivals_per_hour: must be a finite number, got NaN",
			"e.toml:4: demand.patience.mean_seconds: must be a finite number, got +Inf",
		},
	}, {
		name: "huge horizon",
		src:  "name = \"x\"\nrun.horizon_hours = 1e308\ndemand.arrivals_per_hour = 1\n" + site,
		want: []string{"e.toml:2: run.horizon_hours: must be at most 175200, got 1e+308"},
	}, {
		name: "empty names and a date",
		src:  "name = \" \"\nrun.horizon_hours = 1979-05-27\ndemand.arrivals_per_hour = 1\n[[sites]]\nname = \"\"\nagents = 1\nhandle_time = { dist = \"exponential\", mean_seconds = 60 }\n",
		want: []string{
			"e.toml:1: name: must not be empty",
			"e.toml:2: run.horizon_hours: must be a number, got date-time",
			"e.toml:5: sites[0].name: must not be empty",
		},
	}, {
		name: "seed, replications, service level",
		src:  "name = \"x\"\n[run]\nhorizon_hours = 10\nseed = -1\nreplications = 2000000\nservice_level_seconds = -20\n[demand]\narrivals_per_hour = 1\n" + site,
		want: []string{
			"e.toml:4: run.seed: must be >= 0, got -1",
			"e.toml:5: run.replications: must be at most 1000000, got 2000000",
			"e.toml:6: run.service_level_seconds: must be >= 0, got -20",
		},
	}, {
		name: "contact types",
		src:  head + "[demand]\narrivals_per_hour = 1\ncontact_types = [\n  { name = \"a\", share = 1.5, colour = 1 },\n  { share = 0.5 },\n  \"c\",\n]\n" + site,
		want: []string{
			"e.toml:6: demand.contact_types[0].share: must be in [0, 1], got 1.5",
			"e.toml:6: demand.contact_types[0].colour: unknown key (allowed: name, share, fcr, deflection, escalation)",
			"e.toml:7: demand.contact_types[1].name: required key is missing",
			"e.toml:8: demand.contact_types[2]: must be a table, got string \"c\"",
		},
	}, {
		name: "routing details",
		src: head + "demand.arrivals_per_hour = 1\n" +
			"[[demand.contact_types]]\nname = \"a\"\nshare = 0.5\n" + // 4-6
			"[[demand.contact_types]]\nname = \"b\"\nshare = 0.5\n" + // 7-9
			site + // 10-13
			"[[sites]]\nname = \"SR\"\nagents = 1\nhandle_time = { dist = \"exponential\", mean_seconds = 60 }\n" + // 14-17
			"[routing]\nkind = \"share\"\norder = [\"NL\"]\nshares = { NL = 0.5, XX = 0.5 }\n" + // 18-21
			"[routing.by_type.a]\nkind = \"overflow\"\norder = [\"NL\", \"SR\", 7]\nshares = {}\nby_type = 1\n", // 22-26
		want: []string{
			"e.toml:20: routing.order: only allowed with kind = \"overflow\" or \"pooled\"",
			"e.toml:21: routing.shares.XX: unknown site \"XX\" (sites: NL, SR)",
			"e.toml:22: routing.by_type.a.overflow_queue: required: one threshold per site of order but the last (2 values)",
			"e.toml:24: routing.by_type.a.order[2]: must be a string, got integer 7",
			"e.toml:25: routing.by_type.a.shares: only allowed with kind = \"share\"",
			"e.toml:26: routing.by_type.a.by_type: unknown key (allowed: kind, shares, order, overflow_queue, delay_seconds)",
		},
	}, {
		name: "route missing for a type",
		src: head + "demand.arrivals_per_hour = 1\n" +
			"[[demand.contact_types]]\nname = \"a\"\nshare = 0.5\n" +
			"[[demand.contact_types]]\nname = \"b\"\nshare = 0.5\n" +
			site + "[[sites]]\nname = \"SR\"\nagents = 1\nhandle_time = { dist = \"exponential\", mean_seconds = 60 }\n" +
			"[routing.by_type.a]\nkind = \"share\"\nshares = { SR = 1 }\n", // 18-20
		want: []string{
			"e.toml:18: routing.kind: required: contact type \"b\" has no route (give a route for all types here, or routing.by_type.b)",
		},
	}, {
		name: "agents tables",
		src: head + "demand.arrivals_per_hour = 1\n[[sites]]\nname = \"NL\"\nhandle_time = { dist = \"exponential\", mean_seconds = 60 }\n" +
			"agents = { interval_minutes = 60, daily = [" + strings.Repeat("0, ", 23) + "0] }\n" + // 7
			"[[sites]]\nname = \"SR\"\nhandle_time = { dist = \"exponential\", mean_seconds = 60 }\n" +
			"agents = { interval_minutes = 60.0, daily = [1.5], weekly = \"x\" }\n" + // 11
			"[[sites]]\nname = \"BE\"\nhandle_time = { dist = \"exponential\", mean_seconds = 60 }\nagents = \"ten\"\n" + // 15
			"[routing]\nkind = \"share\"\nshares = { NL = 1 }\n",
		want: []string{
			"e.toml:7: sites[0].agents: every interval has 0 agents: the site never staffs anyone",
			"e.toml:11: sites[1].agents.interval_minutes: must be an integer, got float 60",
			"e.toml:11: sites[1].agents.weekly: give daily or weekly, not both",
			"e.toml:11: sites[1].agents.daily[0]: must be an integer, got float 1.5",
			"e.toml:11: sites[1].agents.weekly: must be an array, got string \"x\"",
			"e.toml:15: sites[2].agents: must be an integer, a table { interval_minutes, daily | weekly } or \"erlang\", got string \"ten\"",
		},
	}, {
		name: "quoted keys",
		src: head + "demand.arrivals_per_hour = 1\n[[sites]]\nname = \"NL\"\nagents = 1\n" +
			"handle_time = { dist = \"exponential\", mean_seconds = 60 }\n" +
			"handle_time_by_type = { \"very complex\" = { dist = \"exponential\", mean_seconds = -1 } }\n", // 8
		want: []string{
			"e.toml:8: sites[0].handle_time_by_type.\"very complex\".mean_seconds: must be positive, got -1",
			"e.toml:8: sites[0].handle_time_by_type.\"very complex\": unknown contact type \"very complex\" (contact types: default)",
		},
	}, {
		name: "missing tables",
		src:  "name = \"x\"\n",
		want: []string{
			"e.toml: run.horizon_hours: required key is missing (give horizon_hours or horizon_months)",
			"e.toml: demand.arrivals_per_hour: required key is missing (give arrivals_per_hour or arrivals)",
			"e.toml: sites: required key is missing (add a [[sites]] table)",
		},
	}, {
		name: "tables of the wrong type",
		src:  "name = 1\nrun = 2\ndemand = [3]\nsites = [4]\nrouting = \"share\"\n",
		want: []string{
			"e.toml:1: name: must be a string, got integer 1",
			"e.toml:2: run: must be a table, got integer 2",
			"e.toml:3: demand: must be a table, got array",
			"e.toml:4: sites[0]: must be a table, got integer 4",
			"e.toml:5: routing: must be a table, got string \"share\"",
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkErrors(t, tt.src, tt.want) })
	}
}

func TestErrorFormat(t *testing.T) {
	for _, tt := range []struct {
		e    Error
		want string
	}{
		{Error{File: "a.toml", Line: 3, Key: "run.horizon_hours", Msg: "must be positive, got -5"}, "a.toml:3: run.horizon_hours: must be positive, got -5"},
		{Error{File: "a.toml", Key: "routing", Msg: "required"}, "a.toml: routing: required"},
		{Error{File: "a.toml", Line: 7, Msg: "syntax error: x"}, "a.toml:7: syntax error: x"},
	} {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
	_, err := Parse("m.toml", []byte("name = 1\nrun.horizon_hours = -1\n"))
	if n := strings.Count(err.Error(), "\n") + 1; n != 4 {
		t.Errorf("%d lines in\n%v\nwant 4 (like errors.Join)", n, err)
	}
	var e *Error
	if !errors.As(err, &e) || e.Key != "demand.arrivals_per_hour" || e.Line != 0 {
		t.Errorf("errors.As found %+v, want the first problem (no line: demand.arrivals_per_hour)", e)
	}
}

func TestLoad(t *testing.T) {
	sc, err := Load("../testdata/w1.toml")
	if err != nil || sc.Name != "W1 Erlang-A" {
		t.Fatalf("Load(w1.toml) = %v, %v", sc, err)
	}
	for _, name := range []string{"nl-sr-overflow", "nl-sr-overflow.toml"} {
		if sc, err := Load(name); err != nil || len(sc.Sites) != 2 {
			t.Errorf("Load(%q) = %v, %v", name, sc, err)
		}
	}
	_, err = Load("no-such-scenario")
	if err == nil || !strings.Contains(err.Error(), "no-such-scenario: no such file, and no built-in scenario of that name (built-ins: ") {
		t.Errorf("Load(no-such-scenario) = %v", err)
	}
	dir := t.TempDir()
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "cannot read") {
		t.Errorf("Load(dir) = %v", err)
	}
	// A file wins over a built-in of the same name; its errors name the path.
	bad := filepath.Join(dir, "nl-sr-overflow")
	if err := os.WriteFile(bad, []byte("name = 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(bad); err == nil || !strings.Contains(err.Error(), bad+":1: name: must be a string") {
		t.Errorf("Load(file) = %v", err)
	}
}

func TestBuiltins(t *testing.T) {
	names := BuiltinNames()
	if !slices.IsSorted(names) || len(names) == 0 {
		t.Fatalf("BuiltinNames() = %q", names)
	}
	for _, d := range DefaultNames() {
		if !slices.Contains(names, d) {
			t.Errorf("default %q is not a built-in", d)
		}
	}
	if !slices.Equal(DefaultNames(), []string{"nl-inhouse", "nl-outsourced", "sr-offshore", "hybrid", "good-employer"}) {
		t.Errorf("DefaultNames() = %q", DefaultNames())
	}
	for _, n := range names {
		sc := builtinScenario(t, n)
		if err := sc.Validate(); err != nil {
			t.Errorf("built-in %s: %v", n, err)
		}
		src, err := BuiltinSource(n)
		if err != nil || len(src) == 0 {
			t.Errorf("BuiltinSource(%s) = %d bytes, %v", n, len(src), err)
		}
	}
	// Each call returns a scenario of its own.
	a, _ := Builtin("nl-sr-overflow")
	a.Sites[0].Staffing.Agents[20] = -1
	a.Run.Replications = 1
	b, _ := Builtin("nl-sr-overflow")
	if b.Sites[0].Staffing.Agents[20] < 0 || b.Run.Replications != 10 {
		t.Error("Builtin returns shared state")
	}
	if _, err := BuiltinSource("../w1"); err == nil {
		t.Error("BuiltinSource(../w1) succeeded")
	}
	if _, err := Builtin("nope"); err == nil {
		t.Error("Builtin(nope) succeeded")
	}
}

// TestBuiltinNLSR pins down the shape of the default built-in.
func TestBuiltinNLSR(t *testing.T) {
	sc := must(Builtin("nl-sr-overflow"))(t)
	r := sc.Run
	if r.HorizonSeconds != 5*model.SecondsPerWeek || r.WarmupSeconds != model.SecondsPerWeek || r.Replications != 10 || r.ServiceLevelSeconds != 20 {
		t.Errorf("run %+v: want 4 weeks + 1 week warm-up, 10 replications, 20 s", r)
	}
	d := sc.Demand
	if d.Arrivals.IntervalSeconds != 1800 || len(d.Arrivals.PerHour) != 336 {
		t.Errorf("arrivals: %g-s intervals, %d values", d.Arrivals.IntervalSeconds, len(d.Arrivals.PerHour))
	}
	// Closed before 08:00 and from 20:00, and on Sunday. Day 0 is the
	// default start_date, 2026-01-01, a Thursday.
	for i, rate := range d.Arrivals.PerHour {
		day, slot := (i/48+3)%7, i%48
		open := day < 6 && slot >= 16 && slot < 40
		if open != (rate > 0) {
			t.Errorf("day %d slot %d: rate %g", day, slot, rate)
		}
	}
	if len(d.ContactTypes) != 2 || d.ContactTypes[0].Name != "simple" || d.ContactTypes[1].Name != "complex" {
		t.Errorf("contact types %+v", d.ContactTypes)
	}
	if d.Patience.Kind != model.Exponential || d.Redial.Probability <= 0 || d.Redial.Probability > 0.5 {
		t.Errorf("patience %+v, redial %+v", d.Patience, d.Redial)
	}
	if len(sc.Sites) != 2 || sc.Sites[0].Name != "SR" || sc.Sites[1].Name != "NL" {
		t.Fatalf("sites %+v", sc.Sites)
	}
	for _, s := range sc.Sites {
		for _, h := range s.HandleTime {
			if h.Kind != model.Lognormal {
				t.Errorf("site %s: handle time %+v, want lognormal", s.Name, h)
			}
		}
		// Staffed exactly when open.
		for i, a := range s.Staffing.Agents {
			if (a > 0) != (d.Arrivals.PerHour[i] > 0) {
				t.Errorf("site %s interval %d: %d agents at rate %g", s.Name, i, a, d.Arrivals.PerHour[i])
			}
		}
	}
	want := []model.Route{
		{Kind: model.RouteOverflow, Sites: []int{0, 1}, OverflowQueue: []int{3}},
		{Kind: model.RouteShare, Sites: []int{1}, Shares: []float64{1}},
	}
	if !reflect.DeepEqual(sc.Routing.ByType, want) {
		t.Errorf("routing %+v, want %+v", sc.Routing.ByType, want)
	}
}

// checkErrors parses src as e.toml and checks that it gives exactly the
// errors want, in order.
func checkErrors(t *testing.T, src string, want []string) {
	t.Helper()
	_, err := Parse("e.toml", []byte(src))
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error %v (%T), want an ErrorList", err, err)
	}
	var got []string
	for _, e := range list {
		got = append(got, e.Error())
	}
	if !slices.Equal(got, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
