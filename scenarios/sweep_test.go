package scenarios

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"offsim/model"
)

// sweepHead is a two-site scenario that tests append a [sweep] to.
var sweepHead = `name = "s"
[run]
horizon_hours = 100
[demand]
arrivals_per_hour = 100
[[demand.contact_types]]
name = "simple"
share = 0.6
[[demand.contact_types]]
name = "very complex"
share = 0.4
` + site("NL", 20, 300) + site("SR", 20, 330) + `[sites.workforce.wages]
currency = "SRD"
minimum_per_hour = 52.47
fx_local_per_eur = 44
[routing]
kind = "share"
shares = { NL = 0.5, SR = 0.5 }
[routing.by_type."very complex"]
kind = "share"
shares = { NL = 1 }
`

func TestSweep(t *testing.T) {
	for _, tt := range []struct {
		name, sweep string
		names       []string
		check       func(t *testing.T, scs []*model.Scenario)
	}{{
		name:  "a range of shares, the other share following",
		sweep: `"routing.shares.SR" = { from = 0, to = 1, step = 0.25 }`,
		names: []string{"s [SR=0]", "s [SR=0.25]", "s [SR=0.5]", "s [SR=0.75]", "s [SR=1]"},
		check: func(t *testing.T, scs []*model.Scenario) {
			for i, sc := range scs {
				v := float64(i) * 0.25
				r := sc.Routing.ByType[0]
				if !slices.Equal(r.Shares, []float64{1 - v, v}) || !slices.Equal(r.Sites, []int{0, 1}) {
					t.Errorf("%s: route %+v", sc.Name, r)
				}
				want := []model.SweepValue{{Key: "routing.shares.SR", Value: v, Label: "SR share (routing)", Unit: "fraction",
					Doc: "each contact goes to one site drawn by share", Base: 0.5, HasBase: true}}
				if !reflect.DeepEqual(sc.Sweep, want) {
					t.Errorf("%s: sweep %+v", sc.Name, sc.Sweep)
				}
				if !slices.Equal(sc.Routing.ByType[1].Shares, []float64{1}) {
					t.Errorf("%s: the other route changed", sc.Name)
				}
			}
		},
	}, {
		name: "a product, in the file's order, the first key slowest",
		sweep: `"sites.SR.workforce.wages.premium" = [0.1, 0.2]
"sites[0].agents" = { values = [18, 22, 26] }
"sites.SR.workforce.wages.policy" = "premium"`,
	}, {
		name: "by index and by name; an integer key; a new key and table",
		sweep: `"sites[1].agents" = [10, 30]
"sites.SR.workforce.pool.size" = [500]`,
		names: []string{"s [agents=10, size=500]", "s [agents=30, size=500]"},
		check: func(t *testing.T, scs []*model.Scenario) {
			if scs[1].Sites[1].Staffing.Agents[0] != 30 || scs[1].Sites[1].Workforce.Pool.Size != 500 || scs[1].Sites[0].Staffing.Agents[0] != 20 {
				t.Errorf("%+v", scs[1].Sites)
			}
		},
	}, {
		name: "dotted keys, a quoted name, a rounded range, names that need more than their last element",
		sweep: `demand.contact_types."very complex".fcr = { from = 0.6, to = 0.9, step = 0.1 }
sites.NL.handle_time.mean_seconds = [300]
sites.SR.handle_time.mean_seconds = [330]`,
		names: []string{
			"s [fcr=0.6, NL.handle_time.mean_seconds=300, SR.handle_time.mean_seconds=330]",
			"s [fcr=0.7, NL.handle_time.mean_seconds=300, SR.handle_time.mean_seconds=330]",
			"s [fcr=0.8, NL.handle_time.mean_seconds=300, SR.handle_time.mean_seconds=330]",
			"s [fcr=0.9, NL.handle_time.mean_seconds=300, SR.handle_time.mean_seconds=330]",
		},
		check: func(t *testing.T, scs []*model.Scenario) {
			for i, sc := range scs {
				if want := []float64{0.6, 0.7, 0.8, 0.9}[i]; sc.Demand.ContactTypes[1].FCR != want || sc.Sweep[0].Value != want {
					t.Errorf("%s: fcr %g", sc.Name, sc.Demand.ContactTypes[1].FCR)
				}
				if sc.Sweep[0].Key != `demand.contact_types."very complex".fcr` {
					t.Errorf("sweep key %q", sc.Sweep[0].Key)
				}
			}
		},
	}, {
		name:  "a sweep replaces a distribution",
		sweep: `"demand.contact_types.simple.fcr" = [0.5]`,
		check: func(t *testing.T, scs []*model.Scenario) {
			if len(scs[0].Uncertain) != 0 || scs[0].Demand.ContactTypes[0].FCR != 0.5 {
				t.Errorf("uncertain %+v, fcr %g", scs[0].Uncertain, scs[0].Demand.ContactTypes[0].FCR)
			}
		},
	}} {
		t.Run(tt.name, func(t *testing.T) {
			src := sweepHead + "[sweep]\n" + tt.sweep + "\n"
			if strings.Contains(tt.name, "distribution") {
				src = strings.Replace(src, "share = 0.6\n", "share = 0.6\nfcr = { dist = \"uniform\", min = 0.6, max = 0.9 }\n", 1)
			}
			if strings.Contains(tt.name, "product") {
				src = strings.Replace(src, "fx_local_per_eur = 44\n", "fx_local_per_eur = 44\npolicy = \"premium\"\npremium = 0\n", 1)
				src = strings.Replace(src, "\"sites.SR.workforce.wages.policy\" = \"premium\"", "", 1)
				tt.names = []string{
					"s [premium=0.1, agents=18]", "s [premium=0.1, agents=22]", "s [premium=0.1, agents=26]",
					"s [premium=0.2, agents=18]", "s [premium=0.2, agents=22]", "s [premium=0.2, agents=26]",
				}
			}
			scs := parseAll(t, src)
			var names []string
			for _, sc := range scs {
				names = append(names, sc.Name)
			}
			if tt.names != nil && !slices.Equal(names, tt.names) {
				t.Errorf("variants\n%q\nwant\n%q", names, tt.names)
			}
			if tt.check != nil {
				tt.check(t, scs)
			}
		})
	}
}

func TestSweepFile(t *testing.T) {
	scs := must(LoadAll("../testdata/sweep.toml"))(t)
	if len(scs) != 5 || scs[2].Name != "sweep demo [SR=0.5]" {
		t.Fatalf("%d variants, the third %q", len(scs), scs[2].Name)
	}
	// Load refuses a sweep; LoadAll of a file without one is Load.
	if _, err := Load("../testdata/sweep.toml"); err == nil ||
		!strings.Contains(err.Error(), "sweep.toml:31: sweep: the file is a sweep of 5 variants: read it with LoadAll or ParseAll") {
		t.Errorf("Load: %v", err)
	}
	one, err := LoadAll("../testdata/w1.toml")
	if err != nil || len(one) != 1 || one[0].Name != "W1 Erlang-A" || one[0].Sweep != nil {
		t.Errorf("LoadAll(w1) = %v, %v", one, err)
	}
}

func TestSweepErrors(t *testing.T) {
	for _, tt := range []struct {
		sweep string
		want  []string
	}{
		{`"sites.BE.agents" = [1]`, []string{`s.toml:31: sweep."sites.BE.agents": sites has no element named "BE" (names: NL, SR)`}},
		{`"sites[2].agents" = [1]`, []string{`s.toml:31: sweep."sites[2].agents": sites has 2 elements: no [2]`}},
		{`"sites.NL" = [1]`, []string{`s.toml:31: sweep."sites.NL": sites[0] is a table: a sweep sets a number`}},
		{`"routing.shares" = [1]`, []string{`s.toml:31: sweep."routing.shares": routing.shares is a table: a sweep sets a number`}},
		{`"run.horizon_hours.x" = [1]`, []string{`s.toml:31: sweep."run.horizon_hours.x": run.horizon_hours is integer 100: it has no key x`}},
		{`"sites..agents" = [1]`, []string{`s.toml:31: sweep."sites..agents": not a key path: write the keys from the top, separated by dots, and an element of an array by its name or [index], e.g. sites.SR.workforce.wages.premium`}},
		{`"#sites.NL.agents" = [1]`, []string{`s.toml:31: sweep."#sites.NL.agents": not a key path: write the keys from the top, separated by dots, and an element of an array by its name or [index], e.g. sites.SR.workforce.wages.premium`}},
		{`"sites.NL.agents = 1 #" = [1]`, []string{`s.toml:31: sweep."sites.NL.agents = 1 #": not a key path: write the keys from the top, separated by dots, and an element of an array by its name or [index], e.g. sites.SR.workforce.wages.premium`}},
		// A # in a quoted key is part of it: the path is read, and names
		// no contact type.
		{`'routing.by_type."a#b".shares.NL' = [1]`, []string{`s.toml:31: routing.by_type."a#b": unknown contact type "a#b" (contact types: simple, very complex)`, `s.toml:31: routing.by_type."a#b".kind: required key is missing ("share", "overflow" or "pooled")`}},
		{`"sites.NL.agents" = []`, []string{`s.toml:31: sweep."sites.NL.agents": must give at least one value`}},
		{`"sites.NL.agents" = ["x"]`, []string{`s.toml:31: sweep."sites.NL.agents"[0]: must be a number, got string "x"`}},
		{`"sites.NL.agents" = { from = 1, to = 0, step = 1 }`, []string{`s.toml:31: sweep."sites.NL.agents".to: must be >= from (1), got 0`}},
		{`"sites.NL.agents" = { from = 1, to = 2, step = 1, values = [1] }`, []string{`s.toml:31: sweep."sites.NL.agents".from: give values or from, to and step, not both`}},
		{`"sites.NL.agents" = { from = 1, to = 1e9, step = 1 }`, []string{`s.toml:31: sweep."sites.NL.agents": makes 1e+09 values (from 1 to 1e+09 by 1), at most 1000`}},
		{`"sites.NL.agents" = 3`, []string{`s.toml:31: sweep."sites.NL.agents": must be an array of values or a range { from, to, step }, got integer 3`}},
		{"\"sites.NL.agents\" = [1]\n\"sites[0].agents\" = [2]", []string{`s.toml:32: sweep."sites[0].agents": sweeps the same key as sweep."sites.NL.agents"`}},
		{`"sites.NL.agents" = [20, 2.5]`, []string{`s.toml:31: sites[0].agents: must be an integer, got float 2.5 (in sweep variant agents=2.5)`}},
		{`"sites.NL.agentz" = [20]`, []string{`s.toml:31: sites[0].agentz: unknown key (did you mean agents?)`}},
		{``, []string{`s.toml:30: sweep: must name at least one key to sweep`}},
	} {
		_, err := ParseAll("s.toml", []byte(sweepHead+"[sweep]\n"+tt.sweep+"\n"))
		var list ErrorList
		if !errors.As(err, &list) {
			t.Errorf("%s: %v", tt.sweep, err)
			continue
		}
		var got []string
		for _, e := range list {
			got = append(got, e.Error())
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s:\n got  %q\n want %q", tt.sweep, got, tt.want)
		}
	}
}

func TestParseKeyPath(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []segment
	}{
		{"sites.SR.workforce", []segment{{"sites", -1}, {"SR", -1}, {"workforce", -1}}},
		{`sites[0].handle_time_by_type."very complex".cv`, []segment{{"sites", -1}, {index: 0}, {"handle_time_by_type", -1}, {"very complex", -1}, {"cv", -1}}},
		{`a[1][2].'b.c'`, []segment{{"a", -1}, {index: 1}, {index: 2}, {"b.c", -1}}},
	} {
		got, err := parseKeyPath(tt.in)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("parseKeyPath(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "a.", ".a", "a[x]", "a[-1]", `"a`, "a b", "a[1"} {
		if _, err := parseKeyPath(in); err == nil {
			t.Errorf("parseKeyPath(%q) succeeded", in)
		}
	}
}
