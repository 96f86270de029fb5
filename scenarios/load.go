package scenarios

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	sch "offsim/internal/tomlschema"
	"offsim/internal/tomlx"
	"offsim/model"
)

// Parse decodes one scenario file's contents; file is the name used in error
// messages, and its directory is where a relative extends starts from.
//
// Decoding is strict: an unknown key (also inside an inline table), a value
// of the wrong type or out of range, a duplicate or unknown name, a missing
// required key are all errors. Parse reports every problem in the file, not
// just the first, as an ErrorList, ordered by file (the file itself, then
// the files it extends) and line; each problem names the file, the key
// path and the line (see Error). On success the scenario has every default
// filled in and passes (*model.Scenario).Validate.
//
// A file with a [sweep] table is a batch of variants: Parse refuses it
// (the error says how many variants it makes) and ParseAll reads it. A
// file with an [optimize] table is checked with it, and gives the
// scenario as written (ParseOptimization reads the question).
func Parse(file string, data []byte) (*model.Scenario, error) {
	return one(parse(fileSource(file, data), false))
}

// ParseAll decodes a scenario file that may have a [sweep] table into one
// scenario per variant, in the order of the sweep (the first swept key
// varies slowest). A file without [sweep] gives one scenario, as from
// Parse. Each variant is named "<name> [<key>=<value>, ...]" and records
// its swept values in Scenario.Sweep. A problem that only some variants
// have says in which (the first) it occurs.
func ParseAll(file string, data []byte) ([]*model.Scenario, error) {
	return parse(fileSource(file, data), true)
}

// Load reads and parses the scenario file at pathOrName or, when that is not
// an existing path and is the name of a built-in scenario (with or without
// ".toml"), that built-in. A file always wins over a built-in of the same
// name. Errors are an ErrorList, as from Parse; like Parse, Load refuses a
// file with a [sweep] (use LoadAll).
func Load(pathOrName string) (*model.Scenario, error) { return one(load(pathOrName, false)) }

// LoadAll is Load for a file that may have a [sweep]: it returns one
// scenario per variant, as ParseAll.
func LoadAll(pathOrName string) ([]*model.Scenario, error) { return load(pathOrName, true) }

func load(pathOrName string, all bool) ([]*model.Scenario, error) {
	top, err := loadSource(pathOrName)
	if err != nil {
		return nil, err
	}
	return parse(top, all)
}

// loadSource reads the file at pathOrName, or the built-in of that name.
func loadSource(pathOrName string) (*srcFile, error) {
	data, err := tomlx.ReadFile(pathOrName, maxFileBytes)
	switch {
	case err == nil:
		return fileSource(pathOrName, data), nil
	case errors.Is(err, fs.ErrNotExist) && isBuiltin(pathOrName):
		return builtinSource(pathOrName)
	case errors.Is(err, fs.ErrNotExist):
		return nil, ErrorList{{File: pathOrName, Msg: "no such file, and no built-in scenario of that name" + suggestBuiltin(pathOrName)}}
	}
	return nil, ErrorList{{File: pathOrName, Msg: "cannot read: " + err.Error()}}
}

// Limits of what the reader takes in: a scenario file is small, and
// whatever a name points to (a device, a pipe, a huge file) must not hang
// or exhaust it; deep nesting makes the TOML parser slow and hungry.
const (
	maxFileBytes = 1 << 20
	maxNesting   = 32
	maxErrors    = 200 // problems reported of one file
)

// one returns the one scenario of a file without a [sweep].
func one(scs []*model.Scenario, err error) (*model.Scenario, error) {
	if err != nil {
		return nil, err
	}
	return scs[0], nil
}

// parse reads top (and what it extends) into its scenarios; all says
// whether a [sweep] may give several.
func parse(top *srcFile, all bool) ([]*model.Scenario, error) {
	return guard(top, func(tree map[string]any, loc *locator) ([]*model.Scenario, error) {
		if o, ok, err := optimizationOf(tree, loc); ok {
			// An optimisation: the file as written is the scenario, the
			// [optimize] table is checked with it.
			if err != nil {
				return nil, err
			}
			return []*model.Scenario{o.Base}, nil
		}
		sv, hasSweep := tree["sweep"]
		if !hasSweep {
			sc, errs := decodeTree(tree, loc)
			if errs != nil {
				return nil, errs
			}
			return []*model.Scenario{sc}, nil
		}
		delete(tree, "sweep")
		d := newDecoder(loc)
		axes := d.sweep("sweep", sv, tree)
		if len(d.Errs) > 0 {
			d.Errs.SortByLine(loc.Names()...)
			return nil, d.Errs
		}
		if !all {
			d.Errorf("sweep", "the file is a sweep of %s: read it with LoadAll or ParseAll (offsim run and offsim validate do)",
				sch.Plural(variantCount(axes), "variant"))
			return nil, d.Errs
		}
		return sweepVariants(tree, loc, axes)
	})
}

// guard returns f of top's resolved tree. Parsing must never panic,
// whatever the input: a panic is a bug, turned into an error so that a
// caller (offsim validate) can go on with its other files. FuzzParse
// fails on it.
func guard[T any](top *srcFile, f func(tree map[string]any, loc *locator) (T, error)) (v T, err error) {
	defer func() {
		if r := recover(); r != nil {
			var zero T
			v, err = zero, ErrorList{{File: top.Name, Msg: fmt.Sprintf("internal error: %v", r)}}
		}
	}()
	tree, loc, errs := sch.Resolve(top, resolveRef)
	if errs != nil {
		return v, errs
	}
	return f(tree, loc)
}

// decodeTree decodes a resolved tree into a validated scenario: the keys
// along the schema, then what needs the whole scenario (a tender's
// routing, the staffing plans, the sizes), then the uncertain parameters.
func decodeTree(tree map[string]any, loc *locator) (*model.Scenario, ErrorList) {
	d := newDecoder(loc)
	sc := &model.Scenario{}
	d.sc, d.bidding = sc, bidderSiteNames(tree)
	_, d.tender = tree["tender"]
	sch.FillDefaults(scenarioSchema, sc)
	d.DecodeTable(&table{M: tree}, scenarioSchema, sc, func(s *model.Scenario) any { return s })
	if sc.Tender != nil {
		d.checkTender(sc)
	}
	d.checkBannedBilling(sc)
	for _, step := range []func(){
		// The plan needs the whole scenario: demand, routing, performance
		// and the site's workforce. It plans on the expected value of
		// every uncertain parameter, and stays as it is when a
		// replication draws other values.
		func() { d.plan(sc) },
		func() { d.checkSizes(sc) },
		func() { d.Uncertain(sc) },
	} {
		if len(d.Errs) == 0 {
			step()
		}
	}
	if len(d.Errs) > 0 {
		d.Errs = d.Errs.Sorted(loc)
		if n := len(d.Errs); n > maxErrors {
			d.Errs = append(d.Errs[:maxErrors], &Error{File: loc.Files[0].Name, Msg: fmt.Sprintf("... and %d more problems", n-maxErrors)})
		}
		return nil, d.Errs
	}
	if err := sc.Validate(); err != nil {
		// The checks above are meant to cover everything Validate checks.
		return nil, ErrorList{{File: loc.Files[0].Name, Msg: "internal error: decoded scenario is invalid: " +
			strings.ReplaceAll(err.Error(), "\n", "; ")}}
	}
	return sc, nil
}
