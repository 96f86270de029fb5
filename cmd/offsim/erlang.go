package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"text/tabwriter"

	"offsim/model"
)

const erlangUsage = `Usage: offsim erlang [flags]

Prints the analytic stationary measures of an M/M/n queue: Erlang C when
callers never abandon, Erlang A (M/M/n+M) with exponential patience. The
service level is calls answered within -sl-seconds ÷ calls offered, as in
offsim run. With -agents 0 and -target, finds the fewest agents that reach
the target.

Examples:
  offsim erlang -calls-per-hour 1000 -aht 360 -patience 180 -agents 105 -sl-seconds 20
  offsim erlang -calls-per-hour 1000 -aht 360 -patience 180 -target 0.8

Flags:
`

// maxErlangAgents bounds -agents and -max-agents: a million agents is
// beyond any contact centre and still computed in a fraction of a second;
// the measures cost time in proportion to the agents.
const maxErlangAgents = 1_000_000

// erlangFlags are the flags of offsim erlang.
type erlangFlags struct {
	callsPerHour float64
	aht          float64
	patience     float64
	agents       int
	slSeconds    float64
	target       float64
	maxAgents    int
	json         bool
	// set names the flags given on the command line.
	set map[string]bool
}

func newErlangFlagSet(stderr io.Writer, f *erlangFlags) *flag.FlagSet {
	fs := newFlagSet("erlang", erlangUsage, stderr)
	fs.Float64Var(&f.callsPerHour, "calls-per-hour", 0, "arrival rate λ, calls per hour (required)")
	fs.Float64Var(&f.aht, "aht", 0, "mean handle time 1/μ, seconds (required)")
	fs.Float64Var(&f.patience, "patience", 0, "mean patience 1/θ, seconds, exponential; 0: callers never abandon (Erlang C)")
	fs.IntVar(&f.agents, "agents", 0, "agents n; 0 with -target: find the fewest agents meeting the target")
	fs.Float64Var(&f.slSeconds, "sl-seconds", 20, "service-level threshold t, seconds")
	fs.Float64Var(&f.target, "target", 0, "service-level target in (0,1), e.g. 0.8: with -agents 0, staff for it; otherwise report whether it is met")
	fs.IntVar(&f.maxAgents, "max-agents", model.DefaultMaxAgents, "largest staffing the -target search tries")
	fs.BoolVar(&f.json, "json", false, "print JSON instead of a table")
	return fs
}

// check rejects arguments and flag values that cannot work; given names
// the flags the command line set.
func (f *erlangFlags) check(pos []string, given map[string]bool) error {
	f.set = given
	if len(pos) > 0 {
		return fmt.Errorf("unexpected argument %q", pos[0])
	}
	switch {
	case !f.set["calls-per-hour"]:
		return errors.New("-calls-per-hour is required")
	case !(f.callsPerHour > 0) || math.IsInf(f.callsPerHour, 1):
		return fmt.Errorf("-calls-per-hour must be a positive number of calls per hour, got %g", f.callsPerHour)
	case !f.set["aht"]:
		return errors.New("-aht (mean handle time, seconds) is required")
	case !(f.aht > 0) || math.IsInf(f.aht, 1):
		return fmt.Errorf("-aht must be a positive number of seconds, got %g", f.aht)
	case !(f.patience >= 0):
		return fmt.Errorf("-patience must be >= 0 seconds (0: callers never abandon), got %g", f.patience)
	case f.agents < 0 || f.agents > maxErlangAgents:
		return fmt.Errorf("-agents must be in [0, %d], got %d", maxErlangAgents, f.agents)
	case !(f.slSeconds >= 0) || math.IsInf(f.slSeconds, 1):
		return fmt.Errorf("-sl-seconds must be >= 0 seconds, got %g", f.slSeconds)
	case f.set["target"] && !(f.target > 0 && f.target < 1):
		return fmt.Errorf("-target must be a service level strictly between 0 and 1, got %g", f.target)
	case f.maxAgents < 1 || f.maxAgents > maxErlangAgents:
		return fmt.Errorf("-max-agents must be in [1, %d], got %d", maxErlangAgents, f.maxAgents)
	case f.agents == 0 && !f.set["target"]:
		return errors.New("give -agents N, or -target P (with -agents 0) to find the fewest agents meeting it")
	}
	return nil
}

// cmdErlang runs offsim erlang and returns the exit code: 0 ok, 2 usage
// error, 1 other error.
func cmdErlang(args []string, stdout, stderr io.Writer) int {
	var f erlangFlags
	fs := newErlangFlagSet(stderr, &f)
	pos, code, ok := parseFlags(fs, args, 0, -1, nil)
	if !ok {
		return code
	}
	if err := f.check(pos, givenFlags(fs)); err != nil {
		fmt.Fprintf(stderr, "offsim erlang: %v\nRun \"offsim erlang -h\" for the flags.\n", err)
		return 2
	}
	q := model.Queue{ArrivalsPerHour: f.callsPerHour, AHTSeconds: f.aht, PatienceSeconds: f.patience, Agents: f.agents}
	r := erlangResult{flags: f, hasTarget: f.set["target"]}
	var err error
	if f.agents == 0 {
		r.staffed = true
		_, r.m, err = model.StaffFor(q, f.slSeconds, f.target, f.maxAgents)
		if err == nil && r.m.Agents > 1 {
			q.Agents = r.m.Agents - 1
			var below model.Measures
			below, err = q.Measures(f.slSeconds)
			r.below = &below
		}
	} else {
		r.m, err = q.Measures(f.slSeconds)
	}
	if err != nil {
		fmt.Fprintf(stderr, "offsim erlang: %v\n", err)
		return 1
	}
	if f.json {
		data, err := json.MarshalIndent(r.jsonView(), "", "  ")
		if err != nil {
			fmt.Fprintf(stderr, "offsim erlang: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "%s\n", data)
		return 0
	}
	r.writeText(stdout)
	return 0
}

// erlangResult is what offsim erlang computed.
type erlangResult struct {
	flags     erlangFlags
	hasTarget bool
	staffed   bool            // agents found by the -target search
	m         model.Measures  // at the given or found number of agents
	below     *model.Measures // staffed: at one agent fewer
}

func (r *erlangResult) meetsTarget() bool {
	return r.m.Stable && r.m.ServiceLevel >= r.flags.target
}

// fnum formats a measure with the given decimals; infinity as "inf".
func fnum(v float64, decimals int) string {
	if math.IsInf(v, 1) {
		return "inf"
	}
	return strconv.FormatFloat(v, 'f', decimals, 64)
}

// writeText prints the measures as an aligned table: label, value, unit
// or meaning.
func (r *erlangResult) writeText(w io.Writer) {
	f, m := r.flags, r.m
	sl := fnum(f.slSeconds, -1)
	if m.Abandonment {
		fmt.Fprintf(w, "Erlang A (M/M/n+M): Poisson arrivals, exponential handle times and patience\n")
	} else {
		fmt.Fprintf(w, "Erlang C (M/M/n): Poisson arrivals, exponential handle times, no abandonment\n")
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(label, value, unit string) { fmt.Fprintf(tw, "  %s\t%s\t%s\n", label, value, unit) }
	row("arrivals", fnum(f.callsPerHour, -1), "calls/h")
	row("mean handle time", fnum(f.aht, -1), "s")
	if m.Abandonment {
		row("mean patience", fnum(f.patience, -1), "s")
	} else {
		row("mean patience", "none", "callers never abandon")
	}
	row("offered load", fnum(m.OfferedLoadErlangs, 3), "Erlangs")
	switch {
	case r.staffed && r.below != nil:
		row("agents", strconv.Itoa(m.Agents), fmt.Sprintf("fewest with service level >= %g (%d agents: %s)",
			f.target, m.Agents-1, belowSL(r.below)))
	case r.staffed:
		row("agents", strconv.Itoa(m.Agents), fmt.Sprintf("fewest with service level >= %g", f.target))
	default:
		row("agents", strconv.Itoa(m.Agents), "on duty")
	}
	row("P(wait > 0)", fnum(m.PWait, 6), "probability an arriving call queues")
	row("P(abandon)", fnum(m.PAbandon, 6), "abandoned ÷ offered")
	row("ASA", fnum(m.ASASeconds, 3), "s, mean wait of answered calls")
	row("mean wait", fnum(m.MeanWaitSeconds, 3), "s, mean wait of all calls")
	row("service level", fnum(m.ServiceLevel, 6), "answered within "+sl+" s ÷ offered")
	if m.Abandonment {
		row("  of answered", fnum(m.ServiceLevelAnswered, 6), "answered within "+sl+" s ÷ answered")
	}
	row("occupancy", fnum(m.Occupancy, 6), "busy agents ÷ agents")
	row("mean queue length", fnum(m.MeanQueueLength, 3), "calls waiting, time average")
	if r.hasTarget && !r.staffed {
		met := "not met"
		if r.meetsTarget() {
			met = "met"
		}
		row("target", fnum(f.target, -1), met)
	}
	tw.Flush()
	if !m.Stable {
		fmt.Fprintf(w, "unstable: %.4g Erlangs offered to %d agents who never lose a caller; the queue grows without bound\n",
			m.OfferedLoadErlangs, m.Agents)
	}
}

func belowSL(m *model.Measures) string {
	if !m.Stable {
		return "unstable"
	}
	return fnum(m.ServiceLevel, 4)
}

// erlangJSON is the -json output; measures that are infinite (an unstable
// Erlang C queue) are null.
type erlangJSON struct {
	Model                string   `json:"model"`
	CallsPerHour         float64  `json:"calls_per_hour"`
	AHTSeconds           float64  `json:"aht_seconds"`
	PatienceSeconds      *float64 `json:"patience_seconds"`
	SLSeconds            float64  `json:"sl_seconds"`
	Target               *float64 `json:"target,omitempty"`
	MeetsTarget          *bool    `json:"meets_target,omitempty"`
	Staffed              bool     `json:"staffed"`
	Agents               int      `json:"agents"`
	OfferedLoadErlangs   float64  `json:"offered_load_erlangs"`
	PWait                float64  `json:"p_wait"`
	PAbandon             float64  `json:"p_abandon"`
	ASASeconds           *float64 `json:"asa_seconds"`
	MeanWaitSeconds      *float64 `json:"mean_wait_seconds"`
	ServiceLevel         float64  `json:"service_level"`
	ServiceLevelAnswered float64  `json:"service_level_answered"`
	Occupancy            float64  `json:"occupancy"`
	MeanQueueLength      *float64 `json:"mean_queue_length"`
	Stable               bool     `json:"stable"`
	// BelowServiceLevel is the service level with one agent fewer (staffed only).
	BelowServiceLevel *float64 `json:"service_level_one_agent_fewer,omitempty"`
}

func finite(v float64) *float64 {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return nil
	}
	return &v
}

func (r *erlangResult) jsonView() erlangJSON {
	f, m := r.flags, r.m
	j := erlangJSON{
		Model:                "erlang_c",
		CallsPerHour:         f.callsPerHour,
		AHTSeconds:           f.aht,
		SLSeconds:            f.slSeconds,
		Staffed:              r.staffed,
		Agents:               m.Agents,
		OfferedLoadErlangs:   m.OfferedLoadErlangs,
		PWait:                m.PWait,
		PAbandon:             m.PAbandon,
		ASASeconds:           finite(m.ASASeconds),
		MeanWaitSeconds:      finite(m.MeanWaitSeconds),
		ServiceLevel:         m.ServiceLevel,
		ServiceLevelAnswered: m.ServiceLevelAnswered,
		Occupancy:            m.Occupancy,
		MeanQueueLength:      finite(m.MeanQueueLength),
		Stable:               m.Stable,
	}
	if m.Abandonment {
		j.Model = "erlang_a"
		j.PatienceSeconds = finite(f.patience)
	}
	if r.hasTarget {
		j.Target = finite(f.target)
		met := r.meetsTarget()
		j.MeetsTarget = &met
	}
	if r.below != nil && r.below.Stable {
		j.BelowServiceLevel = finite(r.below.ServiceLevel)
	}
	return j
}
