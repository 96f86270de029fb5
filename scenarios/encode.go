package scenarios

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

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
	e := &encoder{sc: sc, uncertain: map[string]*model.Uncertain{}, placed: map[string]bool{}}
	for i := range sc.Uncertain {
		e.uncertain[sc.Uncertain[i].Key] = &sc.Uncertain[i]
		for _, k := range sc.Uncertain[i].Also {
			e.uncertain[k] = &sc.Uncertain[i]
		}
	}
	root := e.table(scenarioSchema, "", sc, false)
	for _, u := range sc.Uncertain {
		for _, k := range append([]string{u.Key}, u.Also...) {
			if !e.placed[k] {
				e.fail(fmt.Errorf("uncertain key %q: no such number in the resolved form", k))
			}
		}
	}
	if e.err != nil {
		return nil, fmt.Errorf("encode %q: %w", sc.Name, e.err)
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

// encoder walks a scenario along the schema into the values toml.Encoder
// writes; placed are the uncertain keys written, err the first problem.
type encoder struct {
	sc        *model.Scenario
	uncertain map[string]*model.Uncertain
	placed    map[string]bool
	err       error
}

func (e *encoder) fail(err error) { e.err = cmp.Or(e.err, err) }

// has reports whether an uncertain parameter has key path p.
func (e *encoder) has(p keyPath) bool { return e.uncertain[string(p)] != nil }

// hasUnder reports whether an uncertain parameter is at or inside p.
func (e *encoder) hasUnder(p keyPath) bool {
	for k := range e.uncertain {
		if under(k, p) {
			return true
		}
	}
	return false
}

// number returns the value at p of a field that holds it × factor: its
// distribution's table when it is uncertain.
func (e *encoder) number(p keyPath, x, factor float64) any {
	if u := e.uncertain[string(p)]; u != nil {
		e.placed[string(p)] = true
		return distTable(u.Dist)
	}
	return quotientOf(x, factor)
}

// table returns the table at p of src, whose schema is s: an inline
// table, or one whose keys toml.Encoder writes in the schema's order.
func (e *encoder) table(s *schema, p keyPath, src any, inline bool) any {
	var keys []string
	var vals []any
	chosen := map[string]bool{}
	for _, k := range s.keys {
		kp := p.Key(k.name)
		if k.omit != nil && k.omit(e, kp, src) {
			continue
		}
		if k.group != "" {
			if chosen[k.group] || !e.chosen(s, k, p, src) {
				continue
			}
			chosen[k.group] = true
		}
		if v := e.value(k, kp, src, inline); v != nil {
			keys, vals = append(keys, k.name), append(vals, v)
		}
	}
	if inline {
		return tomlx.Inline{Keys: keys, Vals: vals}
	}
	return tomlx.Ordered(keys, vals)
}

// chosen reports whether k is the key of its group to write: the one with
// a parameter distribution, else the first whose unit gives the value back
// exactly, else the first.
func (e *encoder) chosen(s *schema, k *key, p keyPath, src any) bool {
	var group []*key
	for _, m := range s.keys {
		if m.group == k.group && (m.omit == nil || !m.omit(e, p.Key(m.name), src)) {
			group = append(group, m)
		}
	}
	for _, m := range group {
		if e.hasUnder(p.Key(m.name)) {
			return m == k
		}
	}
	for _, m := range group {
		if m.at != nil {
			if _, exact := quotient(*m.at(src).(*float64), m.factorOf()); exact {
				return m == k
			}
		}
	}
	return group[0] == k
}

func (e *encoder) value(k *key, p keyPath, src any, inline bool) any {
	switch {
	case k.enc != nil:
		return k.enc(e, p, src)
	case k.list != nil:
		out := make([]any, k.list.len(src))
		for i := range out {
			out[i] = e.table(k.sub, p.Index(i), k.list.elem(src, i), k.inline)
		}
		return out
	case k.sub != nil:
		return e.table(k.sub, p, k.at(src), inline || k.inline)
	case k.at == nil:
		return nil
	}
	switch f := k.at(src).(type) {
	case *float64:
		return e.number(p, *f, k.factorOf())
	case *int:
		return int64(*f)
	case *uint64:
		if *f > math.MaxInt64 {
			e.fail(fmt.Errorf("%s %d is larger than a file may give", p, *f))
		}
		return int64(*f)
	case *string:
		return *f
	case *bool:
		return *f
	}
	panic(fmt.Sprintf("encode %s: field of type %T", p, k.at(src)))
}

// encodeRate writes arrivals_per_hour: a number, or a weekly table.
func encodeRate(e *encoder, p keyPath, src any) any {
	a := src.(*model.Demand).Arrivals
	if a.Constant() {
		return e.number(p, a.PerHour[0], 1)
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
		e.fail(errors.New("demand.arrivals.calls_per_week: the arrivals are not a weekly profile"))
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
		[]any{e.number(p.Key("calls_per_week"), total, 1), int64(a.IntervalSeconds / 60), days, intraday})
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
func (e *encoder) handleTimes(p keyPath, hts []model.Dist) (shared int, own []bool) {
	types := e.sc.Demand.ContactTypes
	own = make([]bool, len(hts))
	for i := range hts {
		own[i] = e.hasUnder(p.Key("handle_time_by_type").Key(types[i].Name))
	}
	shared = slices.Index(own, false)
	if e.hasUnder(p.Key("handle_time")) {
		if shared < 0 {
			e.fail(fmt.Errorf("%s: an uncertain handle_time, but every contact type has its own", p))
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
		shared, own := e.handleTimes(p.Parent(), s.HandleTime)
		if !byType && shared >= 0 {
			return e.table(durationSchema, p, &s.HandleTime[shared], true)
		}
		var t tomlx.Inline
		for i, d := range s.HandleTime {
			if name := e.sc.Demand.ContactTypes[i].Name; byType && (shared < 0 || own[i] || d != s.HandleTime[shared]) {
				t.Add(name, e.table(durationSchema, p.Key(name), &s.HandleTime[i], true))
			}
		}
		if len(t.Keys) == 0 {
			return nil
		}
		return t
	}
}

// path writes a path at p: a number when constant, else { days, values
// [, index_every_days | index_every_months, index_rate] }.
func (e *encoder) path(p keyPath, x model.Path) any {
	if len(x.Days) == 1 && x.Days[0] == 0 && x.IndexEveryDays == 0 && x.IndexRate == 0 && !e.hasUnder(p.Key("index_rate")) {
		return e.number(p, x.Values[0], 1)
	}
	t := tomlx.Inline{Keys: []string{"days", "values"}, Vals: []any{x.Days, x.Values}}
	if x.IndexEveryDays != 0 || x.IndexRate != 0 {
		every, factor := "index_every_days", 1.0
		if e.has(p.Key("index_every_months")) {
			every, factor = "index_every_months", model.DaysPerMonth
		}
		t.Add(every, e.number(p.Key(every), x.IndexEveryDays, factor))
		t.Add("index_rate", e.number(p.Key("index_rate"), x.IndexRate, 1))
	}
	return t
}

// encodeFX writes an exchange rate: a random walk, or a path.
func encodeFX(e *encoder, p keyPath, src any) any {
	fx := &src.(*model.Wages).FX
	walk := fx.Random()
	for _, k := range walkSchema.keys {
		walk = walk || e.hasUnder(p.Key(k.name))
	}
	if !walk {
		return e.path(p, fx.Path)
	}
	if len(fx.Days) != 1 || fx.IndexEveryDays != 0 || fx.IndexRate != 0 {
		e.fail(fmt.Errorf("%s: a random walk starts from one value", p))
	}
	return e.table(walkSchema, p, fx, true)
}

// encodeBidderSites writes a bidder's sites and shares.
func encodeBidderSites(e *encoder, _ keyPath, src any) any {
	b := src.(*model.Bidder)
	return e.bySite(b.Sites, func(i int) any { return b.Shares[i] })
}

// bySite returns the inline table { <site> = value(i) } of sites.
func (e *encoder) bySite(sites []int, value func(i int) any) tomlx.Inline {
	var t tomlx.Inline
	for i, si := range sites {
		t.Add(e.sc.Sites[si].Name, value(i))
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
			by[sc.Demand.ContactTypes[i].Name] = e.route(sc, r)
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

func (e *encoder) route(sc *model.Scenario, r model.Route) any {
	keys, vals := []string{"kind"}, []any{r.Kind.String()}
	add := func(k string, v any) { keys, vals = append(keys, k), append(vals, v) }
	if r.Kind == model.RouteShare {
		if !slices.IsSorted(r.Sites) {
			e.fail(errors.New("routing: share sites must be in site order"))
		}
		add("shares", e.bySite(r.Sites, func(i int) any { return r.Shares[i] }))
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
		add("delay_seconds", e.bySite(r.Sites, func(i int) any { return r.DelaySeconds[i] }))
	}
	return tomlx.Ordered(keys, vals)
}

func distTable(d model.ParamDist) tomlx.Inline {
	t := tomlx.Inline{Keys: []string{"dist"}, Vals: []any{d.Kind.String()}}
	for _, k := range paramKeys[d.Kind] {
		if k == "min" && d.Kind == model.ParamNormal && !d.Bounded {
			break
		}
		t.Add(k, *paramSchema.field(k)(&d).(*float64))
	}
	if d.Shared != "" {
		t.Add("shared", d.Shared)
	}
	return t
}

// quotient returns y with y·c == x exactly, searching a few floats around
// x/c, and whether there is one.
func quotient(x, c float64) (float64, bool) {
	for up, down, i := x/c, x/c, 0; i < 9; i++ {
		for _, y := range []float64{up, down} {
			if y*c == x {
				return y, true
			}
		}
		up, down = math.Nextafter(up, math.Inf(1)), math.Nextafter(down, math.Inf(-1))
	}
	return x / c, false
}

func quotientOf(x, c float64) float64 {
	y, _ := quotient(x, c)
	return y
}
