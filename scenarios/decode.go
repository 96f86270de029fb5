package scenarios

import (
	"cmp"
	"fmt"

	sch "offsim/internal/tomlschema"
	"offsim/model"
)

// The engine that walks the declarations of this package is
// internal/tomlschema; these are its types as this format uses them.
type (
	// The declarations: a table's keys and schema, their hooks, the
	// choices that allow and require keys, arrays of tables.
	key    = sch.Key[decoder]
	schema = sch.Schema[decoder]
	hook   = sch.Hook[decoder]
	choice[E interface {
		comparable
		fmt.Stringer
	}] = sch.Choice[decoder, E]
	listOf[T, E any] = sch.ListOf[T, E]

	// The walk: the encoder, a table being decoded and its place in a
	// scenario, the range of a number, a key path.
	encoder = sch.Encoder[decoder]
	table   = sch.Table
	place   = sch.Place
	bounds  = sch.Bounds
	keyPath = sch.Path

	// The files of an extends chain, and where a path is in them.
	locator = sch.Locator
	srcFile = sch.File
)

// Error is one problem found in a scenario file: its file, line (0 when
// unknown), key path and message, printed as FILE:LINE: KEY: message,
// for example "w1.toml:12: sites[0].agents: must be at least 1, got 0".
type Error = sch.Error

// ErrorList is every problem found in one file and the files it extends,
// ordered by file (the file given first) and line, one per line in its
// message; Parse returns one as its error when the file is invalid, and
// errors.As finds an *Error in it.
type ErrorList = sch.ErrorList

// decoder is the engine's decoder with what the scenario format keeps
// across tables.
type decoder struct {
	*sch.Decoder[decoder]
	plans []plannedSite // the sites staffed by the Erlang-based plan
	// bidding names the sites a [tender]'s bidders run (their price comes
	// from their bids), owner is each site's bidder (−1: none).
	bidding map[string]bool
	owner   []int
	tender  bool            // the file has a [tender]
	sc      *model.Scenario // the scenario so far, for checks across tables
	// orderEntries counts the entries of the route's order being decoded.
	orderEntries int
}

// forms are the engine's durations, parameter distributions, weekly
// tables and dated paths.
var forms = sch.NewForms[decoder]()

func newDecoder(loc *locator) *decoder {
	d := &decoder{}
	d.Decoder = sch.NewDecoder(loc, d, forms)
	return d
}

// nameKey is the name key of the elements of an array of tables: unique
// among them.
func nameKey[T any](noun string, f func(*T) *string, doc string) *key {
	what := map[string]string{"site": "site name", "bidder": "bidder name"}[noun]
	return sch.NameKey[decoder](noun, cmp.Or(what, noun), f, doc)
}

// durationKey is a key whose value is a duration's distribution.
func durationKey[T any](name string, f func(*T) *model.Dist, defs, doc string) *key {
	return sch.DurationKey(forms, name, f, defs, doc)
}
