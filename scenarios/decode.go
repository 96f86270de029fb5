package scenarios

import "offsim/model"

// A date is a TOML local date (2026-01-01) or a string ("2026-01-01"); the
// decoder keeps its day number, days since 1970-01-01.

// scen is what the decoder keeps of the scenario format across tables.
type scen struct {
	plans []plannedSite // the sites staffed by the Erlang-based plan
	// bidding names the sites a [tender]'s bidders run (their price comes
	// from their bids), owner is each site's bidder (−1: none).
	bidding map[string]bool
	owner   []int
	sc      *model.Scenario // the scenario so far, for checks across tables
	// orderEntries counts the entries of the route's order being decoded.
	orderEntries int
}
