package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"offsim/model"
)

// writeFiles writes name → contents into a new directory and returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// extendsBase is a parent scenario; line numbers matter to the tests.
var extendsBase = `name = "base"
[run]
horizon_hours = 100
replications = 5
[demand]
arrivals_per_hour = 100
patience = { dist = "lognormal", mean_seconds = 90, cv = 1.2 }
[[demand.contact_types]]
name = "simple"
share = 0.6
fcr = 0.9
[[demand.contact_types]]
name = "complex"
share = 0.4
` + site("NL", 20, 300)

func TestExtends(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"base.toml": extendsBase,
		"sub/child.toml": `extends = "../base.toml"
name = "child"
run.replications = 7
[demand]
patience = { dist = "exponential", mean_seconds = 60 }   # inline: replaces, no cv left over
[[demand.contact_types]]
name = "complex"
fcr = 0.7
[[sites]]
name = "SR"
agents = 15
handle_time = { dist = "exponential", mean_seconds = { dist = "uniform", min = 300, max = 360 } }
[[sites]]
name = "NL"
agents = 18
[routing]
kind = "share"
shares = { NL = 0.7, SR = 0.3 }
`,
		"sub/grandchild.toml": `extends = "child.toml"
name = "grandchild"
[[sites]]
name = "NL"
handle_time = { dist = "deterministic", mean_seconds = 250 }
`,
	})
	sc := must(Load(filepath.Join(dir, "sub/child.toml")))(t)
	if sc.Name != "child" || sc.Run.Replications != 7 || sc.Run.HorizonSeconds != 100*3600 {
		t.Errorf("run %+v of %q: want replications from the child, the horizon from the parent", sc.Run, sc.Name)
	}
	if sc.Demand.Patience != model.Exp(60) {
		t.Errorf("patience %+v: an inline table replaces", sc.Demand.Patience)
	}
	cts := sc.Demand.ContactTypes
	if len(cts) != 2 || cts[0].FCR != 0.9 || cts[1].FCR != 0.7 || cts[1].Share != 0.4 {
		t.Errorf("contact types %+v: merged by name", cts)
	}
	// NL keeps its place and its handle time; SR is appended.
	if len(sc.Sites) != 2 || sc.Sites[0].Name != "NL" || sc.Sites[1].Name != "SR" ||
		sc.Sites[0].Staffing.Agents[0] != 18 || sc.Sites[0].HandleTime[0] != model.Exp(300) || sc.Sites[1].Staffing.Agents[0] != 15 {
		t.Errorf("sites %+v", sc.Sites)
	}
	// An uncertain key is a path in the merged scenario.
	if len(sc.Uncertain) != 1 || sc.Uncertain[0].Key != "sites[1].handle_time.mean_seconds" {
		t.Errorf("uncertain %+v", sc.Uncertain)
	}
	// A chain: the grandchild's NL has the child's agents and its own handle time.
	g := must(Load(filepath.Join(dir, "sub/grandchild.toml")))(t)
	if g.Name != "grandchild" || g.Run.Replications != 7 || g.Sites[0].Staffing.Agents[0] != 18 ||
		g.Sites[0].HandleTime[0] != (model.Dist{Kind: model.Deterministic, MeanSeconds: 250}) || len(g.Sites) != 2 {
		t.Errorf("grandchild: %q, %+v", g.Name, g.Sites)
	}
}

// TestExtendsBuiltin reads testdata/extends.toml, a variant of a built-in.
func TestExtendsBuiltin(t *testing.T) {
	sc := must(Load("../testdata/extends.toml"))(t)
	parent := builtinScenario(t, "sr-offshore")
	if sc.Name != "sr-offshore, better paid" || sc.Run.HorizonSeconds != 12*model.DaysPerMonth*model.SecondsPerDay {
		t.Errorf("%q, horizon %g s", sc.Name, sc.Run.HorizonSeconds)
	}
	w, pw := sc.Sites[0].Workforce, parent.Sites[0].Workforce
	if w.Monitoring != 0.4 || w.Wages.Policy.Premium != 1.0 || w.Shrinkage != pw.Shrinkage ||
		w.Wages.Currency != "SRD" || !slices.Equal(w.Wages.MinimumPerHour.Values, pw.Wages.MinimumPerHour.Values) {
		t.Errorf("workforce %+v", w)
	}
	if len(sc.Sites) != 2 || sc.Sites[1].Name != "NL-2nd" || sc.Sites[0].Costs != parent.Sites[0].Costs {
		t.Errorf("sites %+v", sc.Sites)
	}
	// The plan is the variant's own: less monitoring changes handle
	// times and repeat contacts.
	if slices.Equal(sc.Sites[0].Staffing.Agents, parent.Sites[0].Staffing.Agents) {
		t.Errorf("the variant has its parent's plan")
	}
}

// TestExtendsErrors checks that a problem names the file, key path and line
// its value comes from, and the problems of the extends chain itself.
func TestExtendsErrors(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		// Line 17 of the parent: agents = 0.
		"base.toml": strings.Replace(extendsBase, "agents = 20", "agents = 0", 1),
		"child.toml": `extends = "base.toml"
name = "child"
[[sites]]
name = "SR"
agents = 15
handle_time = { dist = "exponential", mean_seconds = -1 }
[routing]
kind = "share"
shares = { NL = 0.7, SR = 0.3 }
`,
		"a.toml":      "extends = \"b.toml\"\nname = \"a\"\n",
		"b.toml":      "name = \"b\"\nextends = \"c.toml\"\n",
		"c.toml":      "name = \"c\"\n\nextends = \"b.toml\"\n",
		"noname.toml": "extends = \"base.toml\"\nrun.replications = 3\n",
		"syntax.toml": "extends = \"broken.toml\"\nname = \"s\"\n",
		"broken.toml": "name = \"broken\"\n[run\n",
		"typo.toml":   "extends = \"bse.toml\"\nname = \"t\"\n",
		"num.toml":    "extends = 3\nname = \"n\"\n",
	})
	for _, tt := range []struct {
		file string
		want []string
	}{{
		file: "child.toml",
		want: []string{
			"child.toml:6: sites[0].handle_time.mean_seconds: must be positive, got -1",
			"base.toml:17: sites[0].agents: must be at least 1, got 0",
		},
	}, {
		file: "a.toml",
		want: []string{"a.toml:1: extends: cycle: " + filepath.Join(dir, "b.toml") + " extends " + filepath.Join(dir, "c.toml") + " extends " + filepath.Join(dir, "b.toml")},
	}, {
		file: "noname.toml",
		want: []string{"noname.toml:1: name: required key is missing: a file that extends another needs its own name"},
	}, {
		file: "syntax.toml",
		want: []string{"broken.toml:3: syntax error"},
	}, {
		file: "typo.toml",
		want: []string{"typo.toml:1: extends: no such file " + filepath.Join(dir, "bse.toml") + ", and no built-in scenario \"bse.toml\""},
	}, {
		file: "num.toml",
		want: []string{"num.toml:1: extends: must be a string (the name of a built-in scenario, or a path), got integer 3"},
	}} {
		_, err := Load(filepath.Join(dir, tt.file))
		var list ErrorList
		if !errors.As(err, &list) || len(list) != len(tt.want) {
			t.Errorf("%s: %v, want %d errors", tt.file, err, len(tt.want))
			continue
		}
		for i, e := range list {
			got := strings.TrimPrefix(e.Error(), dir+string(filepath.Separator))
			if !strings.HasPrefix(got, tt.want[i]) {
				t.Errorf("%s: error %d\n got  %s\n want %s", tt.file, i, got, tt.want[i])
			}
		}
	}
}

// builtinScenario parses a built-in once per test binary.
func builtinScenario(t *testing.T, name string) *model.Scenario {
	t.Helper()
	builtinMu.Lock()
	defer builtinMu.Unlock()
	if sc, ok := builtinCache[name]; ok {
		return sc
	}
	sc := must(Builtin(name))(t)
	builtinCache[name] = sc
	return sc
}

var (
	builtinMu    sync.Mutex
	builtinCache = map[string]*model.Scenario{}
)
