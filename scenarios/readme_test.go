package scenarios

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	sch "offsim/internal/tomlschema"
)

// readmeBlocks returns the ```toml blocks of README.md.
func readmeBlocks(t testing.TB) []string {
	data := must(os.ReadFile("README.md"))(t)
	var blocks []string
	rest := string(data)
	for {
		_, after, ok := strings.Cut(rest, "\n```toml\n")
		if !ok {
			return blocks
		}
		block, after, ok := strings.Cut(after, "\n```\n")
		if !ok {
			t.Fatal("README.md: unterminated ```toml block")
		}
		blocks = append(blocks, block+"\n")
		rest = after
	}
}

// TestReadmeExamples parses every ```toml block of README.md as a complete
// scenario.
func TestReadmeExamples(t *testing.T) {
	blocks := readmeBlocks(t)
	if len(blocks) < 3 {
		t.Fatalf("%d toml blocks in README.md", len(blocks))
	}
	for i, b := range blocks {
		if _, err := ParseAll("README.md block "+string(rune('1'+i)), []byte(b)); err != nil {
			t.Errorf("%v", err)
		}
	}
}

// referenceTables are the schemas whose reference tables README.md holds,
// by the name in its markers.
var referenceTables = map[string]*schema{
	"top": scenarioSchema, "sweep": sweepSchema, "param": forms.Param, "run": runSchema, "demand": demandSchema,
	"week": forms.Week, "volume": volumeSchema, "duration": forms.Duration, "redial": redialSchema,
	"incidents": incidentsSchema, "contact_types": contactTypeSchema, "customers": customersSchema,
	"satisfaction": satisfactionSchema, "churn": churnSchema, "performance": performanceSchema, "sites": siteSchema,
	"costs": costsSchema, "workforce": workforceSchema, "skill": skillSchema, "attrition": attritionSchema,
	"pool": poolSchema, "wages": wagesSchema, "scale": scaleSchema, "path": forms.Path, "walk": walkSchema,
	"policy": policySchema, "tender": tenderSchema, "transition": transitionSchema, "bidders": bidderSchema,
	"lever": leverSchema, "routing": routeSchema, "labour_pools": labourPoolSchema, "sla": slaSchema,
	"engagement": engagementSchema, "optimize": optimizeSchema,
	"optimize_variable": optimizeVariableSchema, "optimize_constraint": optimizeConstraintSchema,
}

// referenceRow is a key's row of the reference: key, type and unit,
// default (and its source), range (and limits), meaning.
func referenceRow(k *key) string {
	integer := strings.HasPrefix(k.Unit, "integer")
	def := k.Defs
	switch x := k.Def.(type) {
	case string:
		def = fmt.Sprintf("`%q`", x)
	case float64:
		def = sch.Num(x)
	case nil:
		if k.Req {
			def = "required"
		} else if k.B != (bounds{}) && k.List == nil {
			def = "0"
		}
	default:
		def = fmt.Sprint(x)
	}
	if k.Defs != "" {
		def = k.Defs
	}
	if strings.HasPrefix(k.Src, "ASSUMPTION") {
		def += " (" + k.Src + ")"
	} else if k.Src != "" {
		def += ": " + k.Src
	}
	rng := k.Rngs
	switch {
	case rng != "":
	case k.List != nil || integer && k.B.Hi < 1e18:
		rng = fmt.Sprintf("%d–%d", int(k.B.Lo), int(k.B.Hi))
	case integer:
		rng = fmt.Sprintf(">= %d", int(k.B.Lo))
	default:
		rng = rangeDoc(k.B)
	}
	return fmt.Sprintf("| `%s` | %s | %s | %s | %s |", k.Name, k.Unit, def, rng, k.Doc)
}

// rangeDoc is the range column of a number's reference row.
func rangeDoc(b bounds) string {
	var s []string
	if w := strings.TrimPrefix(strings.TrimPrefix(b.What, "must be "), "in "); w != "" {
		s = append(s, w)
	}
	if b.Min != 0 {
		s = append(s, "at least "+sch.Num(b.Min))
	}
	if b.Max != 0 {
		s = append(s, "at most "+sch.Num(b.Max))
	}
	return strings.Join(s, ", ")
}

// referenceTable returns the generated reference table of s.
func referenceTable(s *schema) string {
	rows := []string{"| key | type, unit | default | range | meaning |", "|---|---|---|---|---|"}
	for _, k := range s.Keys {
		rows = append(rows, referenceRow(k))
	}
	return strings.Join(rows, "\n")
}

// TestReadmeGenerated checks that the reference tables of README.md are
// those the schema generates; -update rewrites them.
func TestReadmeGenerated(t *testing.T) {
	data := must(os.ReadFile("README.md"))(t)
	marker := regexp.MustCompile(`(?s)(<!-- schema (\w+):[^\n]*-->\n)(.*?)(<!-- end \w+ -->)`)
	seen := map[string]bool{}
	out := marker.ReplaceAllStringFunc(string(data), func(m string) string {
		g := marker.FindStringSubmatch(m)
		s := referenceTables[g[2]]
		if s == nil {
			t.Errorf("README.md: no schema %q", g[2])
			return m
		}
		seen[g[2]] = true
		return g[1] + referenceTable(s) + "\n" + g[4]
	})
	for name := range referenceTables {
		if !seen[name] {
			t.Errorf("README.md has no table of schema %q", name)
		}
	}
	if out == string(data) {
		return
	}
	if *update {
		if err := os.WriteFile("README.md", []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's reference tables are not those of the schema: run go test ./scenarios -run TestReadmeGenerated -update")
}

// TestReadmeReference checks the reference tables of README.md against the
// examples: every key used in the README's examples, testdata/*.toml,
// testdata/good and the built-ins has a row, and every row's key is used
// in at least one of them (which all parse, so the key is real).
func TestReadmeReference(t *testing.T) {
	data := must(os.ReadFile("README.md"))(t)
	row := regexp.MustCompile("(?m)^\\| `([a-z_0-9]+)`")
	documented := map[string]bool{}
	for _, m := range row.FindAllStringSubmatch(string(data), -1) {
		documented[m[1]] = true
	}
	sources := readmeBlocks(t)
	files, _ := filepath.Glob("../testdata/*.toml")
	good, _ := filepath.Glob("../testdata/good/*.toml")
	for _, f := range append(files, good...) {
		b := must(os.ReadFile(f))(t)
		sources = append(sources, string(b))
	}
	for _, n := range BuiltinNames() {
		b, _ := BuiltinSource(n)
		sources = append(sources, string(b))
	}
	used := map[string]bool{}
	for _, src := range sources {
		var m map[string]any
		if _, err := toml.Decode(src, &m); err != nil {
			t.Fatal(err)
		}
		collectKeys(m, used)
	}
	for _, k := range sch.SortedKeys(used) {
		if !documented[k] {
			t.Errorf("key %s is used but has no row in README.md", k)
		}
	}
	for _, k := range sch.SortedKeys(documented) {
		if !used[k] {
			t.Errorf("key %s has a row in README.md but no example uses it", k)
		}
	}
}

// collectKeys adds the key names of a decoded TOML tree to keys, leaving
// out the names of sites and contact types used as keys.
func collectKeys(v any, keys map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if k == "sweep" || k == "variables" || k == "constraints" {
				// Their keys are key paths or metrics; collect the keys of
				// their ranges and bounds.
				keys[k] = true
				collectSweepKeys(e, keys)
				continue
			}
			keys[k] = true
			_, bidderSites := e.(map[string]any)
			bidderSites = bidderSites && k == "sites" // a bidder's sites = { <site> = share }
			if bidderSites || slices.Contains([]string{"shares", "by_type", "handle_time_by_type", "delay_seconds"}, k) {
				if m, ok := e.(map[string]any); ok {
					for _, e := range m {
						collectKeys(e, keys)
					}
					continue
				}
			}
			collectKeys(e, keys)
		}
	case []map[string]any:
		for _, e := range v {
			collectKeys(e, keys)
		}
	case []any:
		for _, e := range v {
			collectKeys(e, keys)
		}
	}
}

// collectSweepKeys adds the keys of the ranges of a [sweep] table (from,
// to, step, values) or of [optimize]'s variables and constraints (min,
// max, tolerance), leaving out the key paths and metric names.
func collectSweepKeys(v any, keys map[string]bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return
	}
	for k, e := range m {
		switch k {
		case "from", "to", "step", "values", "min", "max", "tolerance":
			keys[k] = true
		default:
			collectSweepKeys(e, keys)
		}
	}
}
