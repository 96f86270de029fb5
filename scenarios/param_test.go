package scenarios

import (
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	sch "offsim/internal/tomlschema"
	"offsim/model"
)

// A template (testdata/uncertain) is a scenario file whose every number
// that may be a distribution is written @plain | dist | v@: its plain
// value, a distribution for it and a value that distribution may draw.

// templateKey is one such number, with its key path.
type templateKey struct {
	key, plain, dist string
	v                float64
}

var placeholder = regexp.MustCompile(`@([^@|]+)\|([^@|]+)\|([^@|]+)@`)

// readTemplate returns the template in file and its keys, in the order of
// the file; a key's path is where the TOML parser finds its number.
func readTemplate(t *testing.T, file string) (string, []templateKey) {
	t.Helper()
	data := must(os.ReadFile(filepath.Join("../testdata/uncertain", file)))(t)
	const mark = 987_650_000 // the number of key i is mark + i
	var keys []templateKey
	marked := placeholder.ReplaceAllStringFunc(string(data), func(m string) string {
		g := placeholder.FindStringSubmatch(m)
		v, err := strconv.ParseFloat(strings.TrimSpace(g[3]), 64)
		if err != nil {
			t.Fatalf("%s: %v", m, err)
		}
		keys = append(keys, templateKey{plain: strings.TrimSpace(g[1]), dist: strings.TrimSpace(g[2]), v: v})
		return strconv.Itoa(mark + len(keys) - 1)
	})
	var tree map[string]any
	if _, err := toml.Decode(marked, &tree); err != nil {
		t.Fatal(err)
	}
	var find func(p keyPath, v any)
	find = func(p keyPath, v any) {
		switch x := v.(type) {
		case int64:
			if i := int(x - mark); i >= 0 && i < len(keys) {
				keys[i].key = string(p)
			}
		case map[string]any:
			for k, e := range x {
				find(p.Key(k), e)
			}
		case []map[string]any:
			for i, e := range x {
				find(p.Index(i), e)
			}
		case []any:
			for i, e := range x {
				find(p.Index(i), e)
			}
		}
	}
	find("", tree)
	return string(data), keys
}

// fill returns the template with each key's number as value says.
func fill(src string, keys []templateKey, value func(templateKey) string) string {
	i := -1
	return placeholder.ReplaceAllStringFunc(src, func(string) string {
		i++
		return value(keys[i])
	})
}

// fillOne returns the template with every key plain but key, which gets
// value.
func fillOne(src string, keys []templateKey, key, value string) string {
	return fill(src, keys, func(k templateKey) string {
		if k.key == key {
			return value
		}
		return k.plain
	})
}

// withoutApply returns a copy of sc whose uncertain parameters have no
// Apply (functions never compare equal).
func withoutApply(sc *model.Scenario) *model.Scenario {
	c := sc.Clone()
	for i := range c.Uncertain {
		c.Uncertain[i].Apply = nil
	}
	return c
}

// TestUncertainKeys gives every key that may be a distribution a
// distribution in turn, and checks that the scenario holds the expected
// value, that Uncertain records the key and the distribution, and that
// Apply on a clone sets that field, and only it, as a file with the drawn
// value would. every-tender-key.tmpl holds the keys of [policy] and
// [tender].
func TestUncertainKeys(t *testing.T) {
	t.Parallel()
	for _, file := range []string{"every-key.tmpl", "every-tender-key.tmpl"} {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			checkUncertainKeys(t, file)
		})
	}
}

// checkUncertainKeys runs the checks of TestUncertainKeys on a template.
func checkUncertainKeys(t *testing.T, file string) {
	src, keys := readTemplate(t, file)
	base := mustParse(t, fillOne(src, keys, "", ""))
	if len(base.Uncertain) != 0 {
		t.Fatalf("plain template has uncertain parameters %+v", base.Uncertain)
	}
	seen := map[string]bool{}
	for _, k := range keys {
		t.Run(k.key, func(t *testing.T) {
			if seen[k.key] || k.key == "" {
				t.Fatalf("key %q twice, or not found", k.key)
			}
			seen[k.key] = true
			sc := mustParse(t, fillOne(src, keys, k.key, k.dist))
			if len(sc.Uncertain) != 1 {
				t.Fatalf("%d uncertain parameters, want 1", len(sc.Uncertain))
			}
			u := sc.Uncertain[0]
			if u.Key != k.key || u.Apply == nil {
				t.Fatalf("uncertain %q (apply %v), want key %q", u.Key, u.Apply != nil, k.key)
			}
			lo, hi := u.Dist.Support()
			if !(k.v >= lo && k.v <= hi) {
				t.Fatalf("test value %g outside the support [%g, %g]", k.v, lo, hi)
			}
			// The scenario holds the expected value.
			expected := mustParse(t, fillOne(src, keys, k.key, sch.Num(u.Dist.ExpectedValue())))
			got := withoutApply(sc)
			got.Uncertain = nil
			if !reflect.DeepEqual(got, expected) {
				t.Errorf("the scenario does not hold the expected value %g", u.Dist.ExpectedValue())
			}
			// Apply on a clone is the file with the drawn value.
			want := mustParse(t, fillOne(src, keys, k.key, sch.Num(k.v)))
			clone := sc.Clone()
			u.Apply(clone, k.v)
			clone.Uncertain = nil
			if !reflect.DeepEqual(clone, want) {
				t.Errorf("Apply(%g) differs from the file with %s = %g", k.v, k.key, k.v)
			}
			// ... and leaves the original alone.
			if got := withoutApply(sc); !reflect.DeepEqual(got, withoutApply(mustParse(t, fillOne(src, keys, k.key, k.dist)))) {
				t.Error("Apply changed the original scenario")
			}
		})
	}
}

// TestUncertainDraw checks Scenario.Draw with several parameters: each
// replication's values land in its own clone.
func TestUncertainDraw(t *testing.T) {
	sc := mustParse(t, wfHead+`handle_time_by_type.default = { dist = "exponential", mean_seconds = { dist = "uniform", min = 200, max = 400 } }
[sites.workforce]
shrinkage = { dist = "triangular", min = 0.2, mode = 0.3, max = 0.4 }
attrition.base_annual = { dist = "beta", alpha = 2, beta = 5, max = 0.9 }
[sites.workforce.wages]
minimum_per_hour = { dist = "uniform", min = 14, max = 15 }
`)
	wantKeys := []string{"sites[0].handle_time_by_type.default.mean_seconds", "sites[0].workforce.shrinkage",
		"sites[0].workforce.attrition.base_annual", "sites[0].workforce.wages.minimum_per_hour"}
	var keys []string
	for _, u := range sc.Uncertain {
		keys = append(keys, u.Key)
	}
	if !slices.Equal(keys, wantKeys) {
		t.Fatalf("keys %q, want %q", keys, wantKeys)
	}
	w := sc.Sites[0].Workforce
	if sc.Sites[0].HandleTime[0].MeanSeconds != 300 || w.Shrinkage != 0.3 || math.Abs(w.Attrition.BaseAnnual-0.9*2/7) > 1e-15 || w.Wages.MinimumPerHour.Values[0] != 14.5 {
		t.Errorf("expected values: %g, %g, %g, %g", sc.Sites[0].HandleTime[0].MeanSeconds, w.Shrinkage, w.Attrition.BaseAnnual, w.Wages.MinimumPerHour.Values[0])
	}
	before := withoutApply(sc)
	for r := range 20 {
		c, vals := sc.Draw(rand.NewPCG(uint64(r), 7))
		cw := c.Sites[0].Workforce
		got := []float64{c.Sites[0].HandleTime[0].MeanSeconds, cw.Shrinkage, cw.Attrition.BaseAnnual, cw.Wages.MinimumPerHour.Values[0]}
		if !slices.Equal(got, vals) {
			t.Fatalf("replication %d: fields %v, drawn %v", r, got, vals)
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("replication %d: %v", r, err)
		}
	}
	if !reflect.DeepEqual(withoutApply(sc), before) {
		t.Error("Draw changed the scenario")
	}
}

// TestUncertainDecoded checks the decoded distributions of each family,
// with their defaults.
func TestUncertainDecoded(t *testing.T) {
	for _, tt := range []struct {
		dist string
		want model.ParamDist
	}{
		{`{ dist = "triangular", min = 0.1, mode = 0.2, max = 0.6 }`, model.ParamDist{Kind: model.ParamTriangular, Min: 0.1, Mode: 0.2, Max: 0.6}},
		{`{ dist = "uniform", min = 0.1, max = 0.6 }`, model.ParamDist{Kind: model.ParamUniform, Min: 0.1, Max: 0.6}},
		{`{ dist = "normal", mean = 0.3, sd = 0.1, min = 0, max = 0.9 }`, model.ParamDist{Kind: model.ParamNormal, Mean: 0.3, SD: 0.1, Min: 0, Max: 0.9, Bounded: true}},
		{`{ dist = "lognormal", mean = 0.3, sd = 0.1 }`, model.ParamDist{}}, // not in [0, 1): see below
		{`{ dist = "beta", alpha = 2, beta = 3 }`, model.ParamDist{Kind: model.ParamBeta, Alpha: 2, Beta: 3, Min: 0, Max: 1}},
		{`{ dist = "beta", alpha = 2, beta = 3, min = 0.1 }`, model.ParamDist{Kind: model.ParamBeta, Alpha: 2, Beta: 3, Min: 0.1, Max: 1}},
	} {
		sc, err := Parse("d.toml", []byte(wfHead+"[sites.workforce]\nmonitoring = "+tt.dist+"\nwages.minimum_per_hour = 14.71\n"))
		if tt.want.Kind == 0 {
			if err == nil || !strings.Contains(err.Error(), "must be in [0, 1], but the lognormal distribution draws from (0, +Inf)") {
				t.Errorf("%s: %v", tt.dist, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.dist, err)
			continue
		}
		if got := sc.Uncertain[0].Dist; got != tt.want {
			t.Errorf("%s decodes to %+v, want %+v", tt.dist, got, tt.want)
		}
		if got, want := sc.Sites[0].Workforce.Monitoring, tt.want.ExpectedValue(); got != want {
			t.Errorf("%s: monitoring %g, want the expected value %g", tt.dist, got, want)
		}
	}
	// A lognormal suits a key that must be positive.
	sc := mustParse(t, wfHead+"[sites.workforce]\nlearning_days = { dist = \"lognormal\", mean = 120, sd = 40 }\nwages.minimum_per_hour = 14.71\n")
	if u := sc.Uncertain[0]; u.Dist != (model.ParamDist{Kind: model.ParamLognormal, Mean: 120, SD: 40}) || sc.Sites[0].Workforce.LearningDays != 120 {
		t.Errorf("lognormal: %+v", u.Dist)
	}
}

// TestUncertainErrors checks where a distribution's values fall outside
// its key's range, and the other problems of a distribution table.
func TestUncertainErrors(t *testing.T) {
	const head = wfHead + "[sites.workforce]\nwages.minimum_per_hour = 14.71\n" // key on line 8
	for _, tt := range []struct{ key, dist, want string }{
		{"monitoring", `{ dist = "normal", mean = 0.3, sd = 0.1 }`, "must be in [0, 1], but a normal distribution without min and max can draw any value: bound it with min and max"},
		{"monitoring", `{ dist = "uniform", min = 0.5, max = 1.2 }`, "must be in [0, 1], but the uniform distribution draws from [0.5, 1.2]"},
		{"shrinkage", `{ dist = "beta", alpha = 2, beta = 5 }`, "must be in [0, 1), but the beta distribution draws from [0, 1]"},
		{"learning_days", `{ dist = "triangular", min = -1, mode = 100, max = 200 }`, "must be >= 0, but the triangular distribution draws from [-1, 200]"},
		{"contract_hours_per_week", `{ dist = "triangular", min = 0, mode = 36, max = 40 }`, "must be in (0, 168], but the triangular distribution draws from [0, 40]"},
		{"monitoring", `{ dist = "normal", mean = 0.3, sd = 0.1, min = 0 }`, "monitoring.max: required key is missing: a normal is bounded by min and max together"},
		{"monitoring", `{ dist = "normal", mean = 0.95, sd = 0.1, min = 0, max = 0.9 }`, "normal mean 0.95 must lie within [min, max] = [0, 0.9]"},
		{"monitoring", `{ dist = "uniform", min = 0.5 }`, "monitoring.max: required key is missing (uniform takes min, max)"},
		{"monitoring", `{ dist = "uniform", min = 0.5, max = 0.6, mode = 0.55 }`, "monitoring.mode: unknown key (allowed: dist, min, max, shared)"},
		{"monitoring", `{ dist = "uniform", min = 0.5, max = { dist = "uniform", min = 0.6, max = 0.7 } }`, "monitoring.max: must be a number, got table"},
		{"monitoring", `{ dist = "beta", alpha = 0, beta = 1 }`, "beta needs alpha > 0 and beta > 0, got 0, 1"},
		{"monitoring", `{ dist = 3 }`, "monitoring.dist: must be a string, got integer 3"},
	} {
		_, err := Parse("u.toml", []byte(head+tt.key+" = "+tt.dist+"\n"))
		var list ErrorList
		if !errors.As(err, &list) || len(list) != 1 {
			t.Errorf("%s = %s: %v, want one error", tt.key, tt.dist, err)
			continue
		}
		if !strings.HasPrefix(list[0].Error(), "u.toml:9: sites[0].workforce."+tt.key) || !strings.Contains(list[0].Error(), tt.want) {
			t.Errorf("%s = %s:\n got  %v\n want u.toml:9: sites[0].workforce.%s...%s", tt.key, tt.dist, list[0], tt.key, tt.want)
		}
	}
	// A EUR site's exchange rate is 1, certainly.
	_, err := Parse("u.toml", []byte(head+"wages.fx_local_per_eur = { dist = \"uniform\", min = 0.9, max = 1.1 }\n"))
	if err == nil || !strings.Contains(err.Error(), `fx_local_per_eur: must be 1 for currency "EUR"`) {
		t.Errorf("uncertain EUR rate: %v", err)
	}
}

// TestSharedParameter: two keys whose distributions share a name take one
// draw per replication; different distributions under one name are an
// error naming both keys.
func TestSharedParameter(t *testing.T) {
	src := func(max2 string) string {
		return `name = "shared"
[run]
horizon_months = 12
[demand]
arrivals_per_hour = 50
[[sites]]
name = "A"
handle_time = { dist = "exponential", mean_seconds = 300 }
[sites.workforce]
[sites.workforce.wages]
minimum_per_hour = { dates = [2025-12-01], values = [14.71], index_every_months = 6, index_rate = { dist = "uniform", min = 0.01, max = 0.03, shared = "wml" } }
[[sites]]
name = "B"
handle_time = { dist = "exponential", mean_seconds = 300 }
[sites.workforce]
[sites.workforce.wages]
minimum_per_hour = { dates = [2025-12-01], values = [14.71], index_every_months = 6, index_rate = { dist = "uniform", min = 0.01, max = ` + max2 + `, shared = "wml" } }
[routing]
kind = "share"
shares = { A = 0.5, B = 0.5 }
`
	}
	sc := must(Parse("shared.toml", []byte(src("0.03"))))(t)
	if len(sc.Uncertain) != 1 || len(sc.Uncertain[0].Also) != 1 {
		t.Fatalf("uncertain %+v, want one parameter at two keys", sc.Uncertain)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		c, v := sc.Draw(rng)
		a, b := c.Sites[0].Workforce.Wages.MinimumPerHour.IndexRate, c.Sites[1].Workforce.Wages.MinimumPerHour.IndexRate
		if a != b || a != v[0] {
			t.Fatalf("drew %g, sites got %g and %g", v[0], a, b)
		}
	}
	_, err := Parse("shared.toml", []byte(src("0.04")))
	if err == nil || !strings.Contains(err.Error(), `shared = "wml": a different distribution or range than sites[0].workforce.wages.minimum_per_hour.index_rate`) {
		t.Errorf("different distributions under one name: %v", err)
	}
}
