package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	sch "offsim/internal/tomlschema"
	"offsim/internal/tomlx"
	"offsim/model"
)

// Encode writes sc in the scenario format, fully resolved: every default
// written out, a file's extends merged, staffing plans written as agents
// tables, weekly profiles as weekly tables, dated values as days since the
// start, uncertain parameters as their distribution tables. Parse of the
// result gives back a scenario equal to sc, but for the Apply functions of
// its uncertain parameters (which are rebuilt) and its Sweep (which the
// name and a comment record). offsim writes it for every scenario it runs,
// to repeat a run.
//
// The model keeps no calendar date: the result's start_date is a Monday,
// 2026-01-05, and its weekly tables start with day 0 of sc.
//
// One form is not exact: a distribution on demand.arrivals.calls_per_week
// is written with day and intraday shares recovered from the rates, which
// give them back to within rounding.
func Encode(sc *model.Scenario) ([]byte, error) {
	if err := sc.Validate(); err != nil {
		return nil, fmt.Errorf("encode %q: %w", sc.Name, err)
	}
	if c := sc.Demand.Customers; c != (model.Customers{}) && c.RepeatDelay.Kind == model.None {
		return nil, fmt.Errorf("encode %q: customers: a repeat delay is required", sc.Name)
	}
	e := sch.NewEncoder[decoder](sc)
	root := e.Table(scenarioSchema, "", sc, false)
	for _, u := range sc.Uncertain {
		for _, k := range append([]string{u.Key}, u.Also...) {
			if !e.Placed[k] {
				e.Fail(fmt.Errorf("uncertain key %q: no such number in the resolved form", k))
			}
		}
	}
	if e.Err != nil {
		return nil, fmt.Errorf("encode %q: %w", sc.Name, e.Err)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s: the resolved scenario, written by offsim: every default filled in,\n%s", sc.Name, resolvedNote)
	if len(sc.Sweep) > 0 {
		parts := make([]string, len(sc.Sweep))
		for i, s := range sc.Sweep {
			parts[i] = fmt.Sprintf("%s = %g", s.Key, s.Value)
		}
		fmt.Fprintf(&b, "# A variant of a sweep: %s.\n", strings.Join(parts, ", "))
	}
	b.WriteByte('\n')
	enc := toml.NewEncoder(&b)
	enc.Indent = ""
	if err := enc.Encode(root); err != nil {
		return nil, fmt.Errorf("encode %q: %w", sc.Name, err)
	}
	return b.Bytes(), nil
}

// encodeStart is the start_date of a resolved file, a Monday.
const encodeStart = "2026-01-05"

const resolvedNote = `# extends merged, staffing plans written out. Reading it gives back the
# scenario that was run. The model keeps no calendar: start_date is a
# Monday, weekly tables start with day 0 of the run, dated values are
# in days from the start.
`

// encodeRate writes arrivals_per_hour: a number, or a weekly table.
func encodeRate(e *encoder, p keyPath, src any) any {
	a := src.(*model.Demand).Arrivals
	if a.Constant() {
		return e.Number(p, a.PerHour[0], 1)
	}
	return tomlx.Ordered([]string{"interval_minutes", "weekly"}, []any{int64(a.IntervalSeconds / 60), tomlx.Week[float64](a.PerHour)})
}

// encodeVolume writes an uncertain weekly volume { calls_per_week,
// interval_minutes, day_shares, intraday_shares }, with the shares
// recovered from the rates (exact only to within rounding).
func encodeVolume(e *encoder, p keyPath, src any) any {
	a := src.(*model.Demand).Arrivals
	n := len(a.PerHour)
	if n%7 != 0 || a.IntervalSeconds == 0 {
		e.Fail(errors.New("demand.arrivals.calls_per_week: the arrivals are not a weekly profile"))
		return nil
	}
	perDay := n / 7
	hours := a.IntervalSeconds / model.SecondsPerHour
	days, intraday := make([]float64, 7), make([]float64, perDay)
	var total float64
	for d := range 7 {
		var s float64
		for k := range perDay {
			r := a.PerHour[d*perDay+k]
			s += r
			intraday[k] += r * hours
		}
		days[d] = s * hours
		total += s * hours
	}
	return tomlx.Ordered([]string{"calls_per_week", "interval_minutes", "day_shares", "intraday_shares"},
		[]any{e.Number(p.Key("calls_per_week"), total, 1), int64(a.IntervalSeconds / 60), days, intraday})
}

// encodeAgents writes a site's agents: "erlang" for a site a tender
// re-plans, a number, or a weekly table.
func encodeAgents(_ *encoder, _ keyPath, src any) any {
	if s := src.(*model.Site); s.Planned {
		return planned
	} else if len(s.Staffing.Agents) == 1 {
		return int64(s.Staffing.Agents[0])
	} else {
		return tomlx.Ordered([]string{"interval_minutes", "weekly"}, []any{int64(s.Staffing.IntervalSeconds / 60), tomlx.Week[int](s.Staffing.Agents)})
	}
}

// handleTimes returns which contact type's handle time a site writes as
// handle_time (−1: none): one that types without an uncertain parameter
// of their own share (and must, when handle_time itself is uncertain).
func handleTimes(e *encoder, p keyPath, hts []model.Dist) (shared int, own []bool) {
	types := e.Sc.Demand.ContactTypes
	own = make([]bool, len(hts))
	for i := range hts {
		own[i] = e.HasUnder(p.Key("handle_time_by_type").Key(types[i].Name))
	}
	shared = slices.Index(own, false)
	if e.HasUnder(p.Key("handle_time")) {
		if shared < 0 {
			e.Fail(fmt.Errorf("%s: an uncertain handle_time, but every contact type has its own", p))
		}
		return shared, own
	}
	for i, d := range hts {
		if shared >= 0 && !own[i] && d != hts[shared] {
			shared = -1
		}
	}
	return shared, own
}

// encodeHandleTimes writes a site's handle_time (byType false) or
// handle_time_by_type.
func encodeHandleTimes(byType bool) func(e *encoder, p keyPath, src any) any {
	return func(e *encoder, p keyPath, src any) any {
		s := src.(*model.Site)
		shared, own := handleTimes(e, p.Parent(), s.HandleTime)
		if !byType && shared >= 0 {
			return e.Table(forms.Duration, p, &s.HandleTime[shared], true)
		}
		var t tomlx.Inline
		for i, d := range s.HandleTime {
			if name := e.Sc.Demand.ContactTypes[i].Name; byType && (shared < 0 || own[i] || d != s.HandleTime[shared]) {
				t.Add(name, e.Table(forms.Duration, p.Key(name), &s.HandleTime[i], true))
			}
		}
		if len(t.Keys) == 0 {
			return nil
		}
		return t
	}
}

// encodeFX writes an exchange rate: a random walk, or a path.
func encodeFX(e *encoder, p keyPath, src any) any {
	fx := &src.(*model.Wages).FX
	walk := fx.Random()
	for _, k := range walkSchema.Keys {
		walk = walk || e.HasUnder(p.Key(k.Name))
	}
	if !walk {
		return e.Path(p, fx.Path)
	}
	if len(fx.Days) != 1 || fx.IndexEveryDays != 0 || fx.IndexRate != 0 {
		e.Fail(fmt.Errorf("%s: a random walk starts from one value", p))
	}
	return e.Table(walkSchema, p, fx, true)
}

// encodeBidderSites writes a bidder's sites and shares.
func encodeBidderSites(e *encoder, _ keyPath, src any) any {
	b := src.(*model.Bidder)
	return bySite(e, b.Sites, func(i int) any { return b.Shares[i] })
}

// bySite returns the inline table { <site> = value(i) } of sites.
func bySite(e *encoder, sites []int, value func(i int) any) tomlx.Inline {
	var t tomlx.Inline
	for i, si := range sites {
		t.Add(e.Sc.Sites[si].Name, value(i))
	}
	return t
}

// encodeRouting writes [routing]: a route per contact type, and the
// escalation site (alone under a tender, whose bidders route the first
// line).
func encodeRouting(e *encoder, _ keyPath, src any) any {
	sc := src.(*model.Scenario)
	var keys []string
	var vals []any
	if sc.Tender == nil {
		by := map[string]any{}
		for i, r := range sc.Routing.ByType {
			by[sc.Demand.ContactTypes[i].Name] = route(e, sc, r)
		}
		keys, vals = append(keys, "by_type"), append(vals, by)
	}
	if slices.ContainsFunc(sc.Demand.ContactTypes, func(ct model.ContactType) bool { return ct.Escalation > 0 }) {
		keys, vals = append(keys, "escalation_site"), append(vals, sc.Sites[sc.Routing.EscalationSite].Name)
	}
	if len(keys) == 0 {
		return nil
	}
	return tomlx.Ordered(keys, vals)
}

func route(e *encoder, sc *model.Scenario, r model.Route) any {
	keys, vals := []string{"kind"}, []any{r.Kind.String()}
	add := func(k string, v any) { keys, vals = append(keys, k), append(vals, v) }
	if r.Kind == model.RouteShare {
		if !slices.IsSorted(r.Sites) {
			e.Fail(errors.New("routing: share sites must be in site order"))
		}
		add("shares", bySite(e, r.Sites, func(i int) any { return r.Shares[i] }))
		return tomlx.Ordered(keys, vals)
	}
	order := make([]string, len(r.Sites))
	for i, si := range r.Sites {
		order[i] = sc.Sites[si].Name
	}
	add("order", order)
	if len(r.OverflowQueue) > 0 {
		add("overflow_queue", r.OverflowQueue)
	}
	if r.DelaySeconds != nil {
		add("delay_seconds", bySite(e, r.Sites, func(i int) any { return r.DelaySeconds[i] }))
	}
	return tomlx.Ordered(keys, vals)
}
