// Package scenarios reads offsim's TOML scenario files into a validated
// model.Scenario, writes a scenario back in that format (Encode), and holds
// the library of built-in scenarios that is embedded in the binary.
//
// The format names every figure with its unit in the key (horizon_hours,
// mean_seconds, arrivals_per_hour) and is decoded strictly: an unknown key,
// a wrong type or a value out of range is an error that names the file, the
// key path and the line, and every problem of a file is reported at once.
// README.md in this directory is the reference of the format, with complete
// examples; its reference tables are generated from the schema.
//
// # One schema
//
// Every key is declared once, as a key in the schema of its table (keys.go
// and beside the decoders of the tables with keys of their own kind): its
// name, unit, default and its source, range and the limits that keep a run
// finite, meaning, and where its value goes in the model (an accessor
// from the table's Go value to the field). One engine walks that
// declarative table, package internal/tomlschema: its DecodeTable decodes
// and checks a table's keys and fills its defaults, its Encoder writes
// them back, and the README test generates each key's row of the
// reference from the same declarations. The engine is a package of its
// own so that this one holds the format (which keys, their defaults and
// ranges, what they mean) and the engine the mechanism, tested apart on a
// toy format; the engine also holds the forms several keys share (a number
// or its parameter distribution, a duration, a date, a weekly table, a
// dated path) and the extends merge. It is generic in this package's
// decoder, which embeds it, so that the declarations' hooks get what the
// format keeps across tables (the sites a tender's bidders run, the
// staffing plans).
//
// The tree walked is the one BurntSushi/toml parses into (map[string]any),
// not typed structs, for three reasons the format needs: problems are
// reported with their line (tomlx.Lines) and every one at once, in exact
// words (testdata/bad); a number may be a parameter distribution instead;
// and a file may extend another and sweep keys, which both work on the
// tree before it is decoded. Keys whose value has a form of its own (a
// route, a tender's bidders, an exchange rate) keep a decoder and an
// encoder of their own, declared on the key (Val, Dec, Enc). Writing uses
// toml.Encoder, with MarshalTOML for inline tables and a struct type made
// per table so that keys keep the schema's order.
//
// An uncertain parameter's Apply sets its drawn value through the same
// accessors, from a place function that finds the table in a replication's
// clone: no reflection and no pointer into the decoded scenario.
//
// Every range check lives in the schema; model.Validate checks structure
// only. testdata/hostile holds files offsim refuses, each with its message.
package scenarios

import (
	"embed"
	"fmt"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"offsim/internal/tomlx"
	"offsim/model"
)

//go:embed builtin/*.toml
var builtinFS embed.FS

// defaultNames are the built-ins offsim run runs with no argument.
var defaultNames = []string{"nl-inhouse", "nl-outsourced", "sr-offshore", "hybrid", "good-employer"}

// BuiltinNames returns the names of the built-in scenarios, sorted. A name
// is the file name in scenarios/builtin without ".toml".
func BuiltinNames() []string {
	entries, _ := fs.ReadDir(builtinFS, "builtin")
	var names []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".toml"); ok && !e.IsDir() {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names
}

// Builtin parses the built-in scenario of the given name (with or without
// ".toml"). Each call returns a new scenario that the caller may change.
func Builtin(name string) (*model.Scenario, error) {
	src, err := builtinSource(name)
	if err != nil {
		return nil, err
	}
	return one(parse(src, false))
}

// BuiltinSource returns the TOML source of the built-in scenario of the
// given name (with or without ".toml"), e.g. for offsim to print or for a
// user to copy and edit.
func BuiltinSource(name string) ([]byte, error) {
	if !isBuiltin(name) {
		return nil, fmt.Errorf("no built-in scenario %q%s", name, suggestBuiltin(name))
	}
	return builtinFS.ReadFile(builtinFile(name))
}

// DefaultNames returns the built-ins that `offsim run` runs when it is given
// no scenario.
func DefaultNames() []string { return slices.Clone(defaultNames) }

func isBuiltin(name string) bool {
	return slices.Contains(BuiltinNames(), strings.TrimSuffix(name, ".toml"))
}

// builtinFile is the path of a built-in in the embedded tree, also the file
// name in its error messages.
func builtinFile(name string) string {
	return "builtin/" + strings.TrimSuffix(name, ".toml") + ".toml"
}

// builtinGroups are names that stand for several built-ins at once.
var builtinGroups = map[string][]string{
	// race: the race to the bottom, one variant per policy, quality
	// weighting with a wage floor, and the race among Dutch providers only
	// (in which the facilitator competes) with the wage floor and the
	// per-contact ban.
	"race": {"race-to-the-bottom", "race-wage-floor", "race-quality", "race-no-per-contact", "race-monitoring-cap", "race-quality-floor",
		"race-domestic", "race-domestic-wage-floor", "race-domestic-no-per-contact"},
}

// BuiltinGroup returns the built-ins a group name stands for ("race": the
// race-to-the-bottom scenario, its four policy variants,
// race-quality-floor, and race-domestic with two policy variants), and
// whether name is a group.
func BuiltinGroup(name string) ([]string, bool) {
	g, ok := builtinGroups[name]
	return slices.Clone(g), ok
}

// suggestBuiltin returns the hint for a name that is neither a file nor a
// built-in: " (did you mean X?)" with the closest built-in or group name,
// else the list of the built-ins.
func suggestBuiltin(name string) string {
	base := strings.TrimSuffix(filepath.Base(name), ".toml")
	known := append(BuiltinNames(), slices.Sorted(maps.Keys(builtinGroups))...)
	if hint := tomlx.Suggest(base, known); strings.HasPrefix(hint, " (did you mean") {
		return hint
	}
	return fmt.Sprintf(" (built-ins: %s; groups: %s)", strings.Join(BuiltinNames(), ", "),
		strings.Join(slices.Sorted(maps.Keys(builtinGroups)), ", "))
}

// Starter returns a commented starter scenario named name (a default name
// when empty): two sites, one in-house Dutch team and one outsourced team
// in Paramaribo, with workforces, wages, costs and customers, every key
// commented with its unit, and commented-out examples of an uncertain
// parameter and of a [sweep]. It parses as it is. offsim init writes it.
func Starter(name string) []byte {
	if strings.TrimSpace(name) == "" {
		name = "my-scenario"
	}
	line, _ := toml.Marshal(map[string]string{"name": name})
	return []byte(strings.Replace(starter, "name = @NAME@\n", string(line), 1))
}

//go:embed starter.tmpl
var starter string
