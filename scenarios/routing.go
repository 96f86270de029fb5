package scenarios

import (
	"fmt"
	"math"
	"slices"

	"offsim/internal/tomlx"
	"offsim/model"
)

// This file declares and decodes [routing]: one route per contact type
// (the route in [routing] itself, or [routing.by_type.<type>]) and the
// escalation site.

var routingKey = &key{name: "routing", unit: "table", defs: "required with more than one site (with a `[tender]`: only `escalation_site`)",
	doc: "how contacts reach sites", dec: decodeRouting, enc: encodeRouting}

// routeSchema is a route: [routing] itself (which also has by_type and
// escalation_site) or [routing.by_type.<type>].
var routeSchema = &schema{keys: []*key{
	{name: "kind", unit: "string", defs: "required in a route", rngs: `"share", "overflow", "pooled"`, doc: "how the route chooses a site", dec: decodeRouteKind},
	{name: "shares", unit: "table `{ <site> = fraction }`", defs: "required with `\"share\"`", rngs: "[0, 1], sum 1", only: routeKind.only(model.RouteShare), need: routeKind.need(model.RouteShare),
		val: func(d *decoder, p keyPath, v any, dst any, _ place) {
			d.shares(p, v, dst.(*model.Route), "routing shares must sum to 1 in every replication (a [sweep] may vary them)")
		}, doc: "each contact goes to one site drawn by share"},
	{name: "order", unit: "array of site names", defs: "required with `\"overflow\"` and `\"pooled\"`", rngs: "distinct, known", only: routeKind.only(model.RouteOverflow, model.RoutePooled),
		need: routeKind.need(model.RouteOverflow, model.RoutePooled), val: func(d *decoder, p keyPath, v any, dst any, _ place) { d.order(p, v, dst.(*model.Route)) },
		doc: "overflow: the sites in the order they are offered a contact; pooled: an arriving contact goes to an idle agent of the first site in order that has one, else waits in the route's one queue"},
	{name: "overflow_queue", unit: "array of integers, callers", defs: "required with `\"overflow\"` and 2+ sites", rngs: ">= 0, one per site of `order` but the last",
		only: routeKind.only(model.RouteOverflow), need: queueNeeded, val: decodeQueue, doc: "a contact moves on from a site with no free agent and at least this many waiting"},
	{name: "delay_seconds", unit: "table `{ <site> = seconds }`", defs: "0 for every site; only with `\"pooled\"`", rngs: ">= 0, at most 1e9; sites of `order`",
		only: routeKind.only(model.RoutePooled), val: decodeDelays, doc: "a site's agents take a waiting contact only once it has waited this long (the site is held back)"},
	{name: "by_type", unit: "table of routes", rngs: "known type names", doc: "`[routing.by_type.<type>]`", skip: true},
	{name: "escalation_site", unit: "site name", defs: "required when a contact type has `escalation` > 0, else not allowed", rngs: "a known site",
		doc: "the second line escalated contacts go to", skip: true},
}}

// maxDelaySeconds bounds a pooled route's delay (the longest horizon).
const maxDelaySeconds = 1e9

// decodeRouting decodes [routing] into sc.Routing. Under a [tender] it
// may only give escalation_site: the contract holder's bidder routes the
// first line (see tenderRouting).
func decodeRouting(d *decoder, root *table, dst any, _ place) bool {
	sc := dst.(*model.Scenario)
	types, sites := d.names("contact type"), d.names("site")
	cts := sc.Demand.ContactTypes
	escalating := slices.IndexFunc(cts, func(ct model.ContactType) bool { return ct.Escalation > 0 })
	_, tendered := root.m["tender"]
	v, p, ok := root.get("routing")
	if !ok {
		if escalating >= 0 {
			d.errorf(keyPath("demand").Key("contact_types").Index(escalating).Key("escalation"),
				"needs routing.escalation_site, the second-line site escalated contacts go to")
		}
		switch {
		case tendered:
		case len(sites.list) > 1:
			d.errorf(p, "required when there is more than one site (sites: %s)", sites)
		default:
			sc.Routing = model.Routing{ByType: make([]model.Route, len(types.list))}
			for i := range sc.Routing.ByType {
				sc.Routing.ByType[i] = model.Route{Kind: model.RouteShare, Sites: []int{0}, Shares: []float64{1}}
			}
		}
		return true
	}
	t, ok := d.table(p, v)
	if !ok {
		return true
	}
	if tendered {
		for _, k := range sortedKeys(t.m) {
			if k != "escalation_site" {
				d.errorf(p.Key(k), "with a [tender], the contract holder's bidder shares route the first line; [routing] may only give escalation_site")
			}
		}
		sc.Routing.EscalationSite = d.escalationSite(t, cts, escalating)
		return true
	}
	var def *model.Route
	for _, k := range routeSchema.keys[:5] {
		if _, _, given := t.get(k.name); given && def == nil {
			def = new(model.Route)
		}
	}
	if def != nil {
		*def = d.route(t)
	}
	byType := make([]*model.Route, len(types.list))
	if v, bp, ok := t.get("by_type"); ok {
		if bt, ok := d.table(bp, v); ok {
			for _, name := range sortedKeys(bt.m) {
				v, kp, _ := bt.get(name)
				i, known := types.index[name]
				if !known {
					d.errorf(kp, "unknown contact type %q (contact types: %s)", name, types)
				}
				if rt, ok := d.table(kp, v); ok {
					r := d.route(rt)
					d.done(rt)
					if known {
						byType[i] = &r
					}
				}
			}
		}
	}
	sc.Routing = model.Routing{ByType: make([]model.Route, len(types.list)), EscalationSite: d.escalationSite(t, cts, escalating)}
	d.done(t)
	for i, name := range types.list {
		switch {
		case byType[i] != nil:
			sc.Routing.ByType[i] = *byType[i]
		case def != nil:
			sc.Routing.ByType[i] = *def
		case len(sites.list) == 1:
			sc.Routing.ByType[i] = model.Route{Kind: model.RouteShare, Sites: []int{0}, Shares: []float64{1}}
		case name != "":
			d.errorf(p.Key("kind"), "required: contact type %q has no route (give a route for all types here, or routing.by_type.%s)", name, tomlx.QuoteKey(name))
		}
	}
	return true
}

// escalationSite decodes routing.escalation_site: required when contact
// type escalating (−1: none) escalates, not allowed otherwise.
func (d *decoder) escalationSite(t *table, cts []model.ContactType, escalating int) int {
	sites := d.names("site")
	v, ep, ok := t.get("escalation_site")
	if !ok {
		if escalating >= 0 {
			d.errorf(ep, "required: contact type %q escalates %s of its contacts (sites: %s)",
				cts[escalating].Name, num(cts[escalating].Escalation), sites)
		}
		return 0
	}
	name, ok := d.str(ep, v)
	if !ok {
		return 0
	}
	i, known := sites.index[name]
	switch {
	case !known:
		d.errorf(ep, "unknown site %q (sites: %s)", name, sites)
	case escalating < 0:
		d.errorf(ep, "only allowed when a contact type has escalation > 0")
	default:
		return i
	}
	return 0
}

// route decodes the route keys of t (t may hold other keys too).
func (d *decoder) route(t *table) model.Route {
	var r model.Route
	sub := &table{path: t.path, m: map[string]any{}}
	for _, k := range routeSchema.keys[:5] {
		if v, _, ok := t.get(k.name); ok {
			sub.m[k.name] = v
		}
	}
	d.orderEntries = 0
	d.decodeTable(sub, routeSchema, &r, nil)
	return r
}

func decodeRouteKind(d *decoder, t *table, dst any, _ place) bool {
	v, p, ok := t.get("kind")
	if !ok {
		d.errorf(p, `required key is missing ("share", "overflow" or "pooled")`)
	} else if s, ok := d.str(p, v); ok {
		k := slices.Index([]string{"share", "overflow", "pooled"}, s)
		if k < 0 {
			d.errorf(p, `must be "share", "overflow" or "pooled", got %q`, s)
		}
		dst.(*model.Route).Kind = model.RouteKind(max(k, 0))
	}
	return true
}

// routeKind allows and requires a route key by the route's kind.
var routeKind = choice[model.RouteKind]{key: "kind", of: func(dst any) model.RouteKind { return dst.(*model.Route).Kind }}

// queueNeeded requires an overflow route's thresholds, one per site of its
// order but the last.
func queueNeeded(d *decoder, t *table, dst any) string {
	if n := d.orderEntries; routeKind.need(model.RouteOverflow)(d, t, dst) != "" && n > 1 {
		return fmt.Sprintf("required: one threshold per site of order but the last (%s)", plural(n-1, "value"))
	}
	return ""
}

// decodeQueue decodes an overflow route's thresholds.
func decodeQueue(d *decoder, p keyPath, v any, dst any, _ place) {
	r := dst.(*model.Route)
	a, ok := d.arrayOf(p, v)
	if !ok {
		return
	}
	if n := d.orderEntries; n > 0 && len(a) != n-1 {
		d.errorf(p, "needs %s (one per site of order but the last), got %d", plural(n-1, "value"), len(a))
	}
	r.OverflowQueue = make([]int, len(a))
	for i, e := range a {
		n, _ := d.intIn(p.Index(i), e, ints(0, 1_000_000))
		r.OverflowQueue[i] = int(n)
	}
}

// shares decodes shares = { <site> = fraction, ... } into r, in the order
// of the sites in the file; fixed says why a share cannot be a
// distribution.
func (d *decoder) shares(p keyPath, v any, r *model.Route, fixed string) {
	t, ok := d.table(p, v)
	if !ok {
		return
	}
	sites := d.names("site")
	type share struct {
		site int
		f    float64
	}
	var list []share
	var sum float64
	allOK := true
	defer d.fix(fixed)()
	for _, name := range sortedKeys(t.m) {
		v, kp, _ := t.get(name)
		f, _, good := d.number(kp, v, fraction)
		allOK = allOK && good
		sum += f
		i, known := sites.index[name]
		if !known {
			d.errorf(kp, "unknown site %q (sites: %s)", name, sites)
			allOK = false
			continue
		}
		list = append(list, share{i, f})
	}
	if len(t.m) == 0 {
		d.errorf(p, "must give the share of at least one site")
		return
	}
	if allOK && math.Abs(sum-1) > 1e-9 {
		d.errorf(p, "shares sum to %.10g, not 1", sum)
	}
	slices.SortFunc(list, func(a, b share) int { return a.site - b.site })
	for _, s := range list {
		r.Sites = append(r.Sites, s.site)
		r.Shares = append(r.Shares, s.f)
	}
}

// order decodes routing order = ["SR", "NL"] into r.Sites.
func (d *decoder) order(p keyPath, v any, r *model.Route) {
	a, ok := d.arrayOf(p, v)
	if !ok {
		return
	}
	d.orderEntries = len(a)
	if len(a) == 0 {
		d.errorf(p, "must name at least one site")
		return
	}
	sites := d.names("site")
	seen := map[string]int{}
	for i, e := range a {
		ep := p.Index(i)
		name, ok := d.str(ep, e)
		if !ok {
			continue
		}
		if j, dup := seen[name]; dup {
			d.errorf(ep, "site %q is already in the order at %s", name, p.Index(j))
			continue
		}
		seen[name] = i
		si, known := sites.index[name]
		if !known {
			d.errorf(ep, "unknown site %q (sites: %s)", name, sites)
			continue
		}
		r.Sites = append(r.Sites, si)
	}
}

// decodeDelays decodes a pooled route's delay_seconds = { <site> =
// seconds } into r.DelaySeconds, one per site of its order (0 where not
// given).
func decodeDelays(d *decoder, p keyPath, v any, dst any, _ place) {
	r := dst.(*model.Route)
	t, ok := d.table(p, v)
	if !ok {
		return
	}
	sites := d.names("site")
	r.DelaySeconds = make([]float64, len(r.Sites))
	defer d.fix("the delays of a pooled route are the same in every replication (a [sweep] may vary them)")()
	for _, name := range sortedKeys(t.m) {
		v, kp, _ := t.get(name)
		x, _, ok := d.number(kp, v, nonNeg(maxDelaySeconds))
		si, known := sites.index[name]
		k := slices.Index(r.Sites, si)
		switch {
		case !known:
			d.errorf(kp, "unknown site %q (sites: %s)", name, sites)
		case k < 0 && !d.bad[p.Parent().Key("order")] && !d.bad[p.Parent().Key("sites")]:
			d.errorf(kp, "site %q is not in the route's order", name)
		case ok:
			r.DelaySeconds[k] = x
		}
	}
}
