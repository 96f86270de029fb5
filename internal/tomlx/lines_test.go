package tomlx

import (
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// lineSource exercises what the line finder must understand. It is valid
// TOML (checked below), so the paths are the ones the decoder builds.
const lineSource = `# comment with [fake] = "header" and key = 1
name = "a # not a comment"   # 2
title = """
[not_a_header]
fake = 1
"""                          # 3-6
lit = '''
[[also_not]] '''             # 7-8
"quoted key" = 1             # 9
'single.quoted' = 2          # 10
dotted.inner.leaf = 3        # 11
esc = "tab\t\"quote\" ] }"   # 12

[run]                        # 14
horizon_hours = 10           # 15

[demand]
arrivals_per_hour = { interval_minutes = 60, daily = [
  1, 2,                      # 19
  # a comment inside an array
  3,
], day_factors = [1, 1, 1, 1, 1, 1, 1] }   # 22
patience = { dist = "exponential",
             mean_seconds = 67 }           # 24, multi-line inline table
types = [ { name = "a" },
  { name = "b", share = { x = 1 } } ]      # 25-26

[[sites]]                    # 28
name = "SR"
[sites.agents]               # 30
daily = [1]
[[sites.shifts]]             # 32
start = 1
[[sites.shifts]]             # 34
start = 2

[[sites]]                    # 37
name = "NL"
handle_time_by_type = { "very complex" = { dist = "exponential" } }   # 39
[[sites.shifts]]             # 40
start = 3

[routing.by_type.simple]     # 43
kind = "overflow"
[ routing . "by_type" . 'complex' ]   # 45
kind = "share"
`

func TestIndexLines(t *testing.T) {
	var v map[string]any
	if _, err := toml.Decode(lineSource, &v); err != nil {
		t.Fatalf("lineSource is not valid TOML: %v", err)
	}
	lines := indexLines(lineSource)
	want := map[string]int{
		"name":                                 2,
		"title":                                3,
		"lit":                                  7,
		`"quoted key"`:                         9,
		`"single.quoted"`:                      10,
		"dotted":                               11,
		"dotted.inner":                         11,
		"dotted.inner.leaf":                    11,
		"esc":                                  12,
		"run":                                  14,
		"run.horizon_hours":                    15,
		"demand":                               17,
		"demand.arrivals_per_hour":             18,
		"demand.arrivals_per_hour.daily":       18,
		"demand.arrivals_per_hour.daily[0]":    19,
		"demand.arrivals_per_hour.daily[1]":    19,
		"demand.arrivals_per_hour.daily[2]":    21,
		"demand.arrivals_per_hour.day_factors": 22,
		"demand.arrivals_per_hour.day_factors[6]": 22,
		"demand.patience":                         23,
		"demand.patience.dist":                    23,
		"demand.patience.mean_seconds":            24,
		"demand.types":                            25,
		"demand.types[0]":                         25,
		"demand.types[0].name":                    25,
		"demand.types[1].name":                    26,
		"demand.types[1].share.x":                 26,
		"sites":                                   28,
		"sites[0]":                                28,
		"sites[0].name":                           29,
		"sites[0].agents":                         30,
		"sites[0].agents.daily[0]":                31,
		"sites[0].shifts":                         32,
		"sites[0].shifts[0].start":                33,
		"sites[0].shifts[1]":                      34,
		"sites[0].shifts[1].start":                35,
		"sites[1]":                                37,
		"sites[1].name":                           38,
		`sites[1].handle_time_by_type."very complex".dist`: 39,
		"sites[1].shifts[0]":           40,
		"sites[1].shifts[0].start":     41,
		"routing":                      43,
		"routing.by_type":              43,
		"routing.by_type.simple.kind":  44,
		"routing.by_type.complex":      45,
		"routing.by_type.complex.kind": 46,
	}
	for k, w := range want {
		if got, ok := lines[k]; !ok {
			t.Errorf("%s: not found", k)
		} else if got != w {
			t.Errorf("%s: line %d, want %d", k, got, w)
		}
	}
	for _, k := range []string{"not_a_header", "fake", "also_not", "key", "sites[2]", "sites[0].shifts[2]"} {
		if l, ok := lines[k]; ok {
			t.Errorf("%s: found on line %d, but it is not a key", k, l)
		}
	}
}

func TestUnescape(t *testing.T) {
	for raw, want := range map[string]string{
		`plain`: "plain", `a\tb`: "a\tb", `q\"`: `q"`, `\e[`: "\x1b[", `\x41\u00e9`: "Aé",
		`\\e`: `\e`, `bad\`: `bad\`,
	} {
		if got := unescape(raw); got != want {
			t.Errorf("unescape(%q) = %q, want %q", raw, got, want)
		}
	}
}

func TestIndexLinesCRLF(t *testing.T) {
	lines := indexLines("a = 1\r\n[b]\r\nc = [\r\n 1,\r\n 2 ]\r\n")
	for k, w := range map[string]int{"a": 1, "b": 2, "b.c": 3, "b.c[1]": 5} {
		if lines[k] != w {
			t.Errorf("%s: line %d, want %d", k, lines[k], w)
		}
	}
}

// TestIndexLinesBroken checks that the finder terminates on inputs the TOML
// parser rejects (FuzzLineIndex tries many more).
func TestIndexLinesBroken(t *testing.T) {
	for _, src := range []string{"", "[", "[[", "a = ", "a = [", "a = {", `a = "`, `a = """`, "a = '''", `"`, "a = [1, {b = [", "= = =", "]]]", "a.=1", `a = "\`, "\x00\xff"} {
		indexLines(src)
	}
}

func TestKeyPath(t *testing.T) {
	p := Path("").Key("sites").Index(1).Key("handle_time_by_type").Key("very.complex").Key("cv")
	if want := `sites[1].handle_time_by_type."very.complex".cv`; string(p) != want {
		t.Fatalf("path %s, want %s", p, want)
	}
	var parents []string
	for p != "" {
		p = p.Parent()
		parents = append(parents, string(p))
	}
	want := []string{`sites[1].handle_time_by_type."very.complex"`, "sites[1].handle_time_by_type", "sites[1]", "sites", ""}
	if len(parents) != len(want) {
		t.Fatalf("parents %q, want %q", parents, want)
	}
	for i := range want {
		if parents[i] != want[i] {
			t.Errorf("parent %d: %q, want %q", i, parents[i], want[i])
		}
	}
	for name, want := range map[string]string{"simple": "simple", "a-b_9": "a-b_9", "": `""`, "a b": `"a b"`, `q"`: `"q\""`} {
		if got := QuoteKey(name); got != want {
			t.Errorf("QuoteKey(%q) = %s, want %s", name, got, want)
		}
	}
}

func indexLines(src string) map[string]int {
	lines, _ := Lines(src)
	return lines
}

// FuzzLineIndex checks that the line finder terminates without panicking
// on any input, valid TOML or not, and only reports lines that exist.
func FuzzLineIndex(f *testing.F) {
	f.Add(lineSource)
	f.Add("a = [1, {b = \"\\")
	f.Fuzz(func(t *testing.T, src string) {
		n := strings.Count(src, "\n") + 1
		for k, l := range indexLines(src) {
			if l < 1 || l > n {
				t.Fatalf("key %s on line %d of %d", k, l, n)
			}
		}
	})
}
