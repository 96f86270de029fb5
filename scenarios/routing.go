package scenarios

import (
	"fmt"
	"slices"

	sch "offsim/internal/tomlschema"
	"offsim/internal/tomlx"
	"offsim/model"
)

// This file declares and decodes [routing]: one route per contact type
// (the route in [routing] itself, or [routing.by_type.<type>]) and the
// escalation site.

var routingKey = &key{Name: "routing", Unit: "table", Defs: "required with more than one site (with a `[tender]`: only `escalation_site`)",
	Doc: "how contacts reach sites", Dec: decodeRouting, Enc: encodeRouting}

// routeSchema is a route: [routing] itself (which also has by_type and
// escalation_site) or [routing.by_type.<type>].
var routeSchema = &schema{Keys: []*key{
	{Name: "kind", Unit: "string", Defs: "required in a route", Rngs: `"share", "overflow", "pooled"`, Doc: "how the route chooses a site", Dec: decodeRouteKind},
	{Name: "shares", Unit: "table `{ <site> = fraction }`", Defs: "required with `\"share\"`", Rngs: "[0, 1], sum 1", Only: routeKind.Only(model.RouteShare), Need: routeKind.Need(model.RouteShare),
		Val: func(d *decoder, p keyPath, v any, dst any, _ place) {
			d.shares(p, v, dst.(*model.Route), "routing shares must sum to 1 in every replication (a [sweep] may vary them)")
		}, Doc: "each contact goes to one site drawn by share"},
	{Name: "order", Unit: "array of site names", Defs: "required with `\"overflow\"` and `\"pooled\"`", Rngs: "distinct, known", Only: routeKind.Only(model.RouteOverflow, model.RoutePooled),
		Need: routeKind.Need(model.RouteOverflow, model.RoutePooled), Val: func(d *decoder, p keyPath, v any, dst any, _ place) { d.order(p, v, dst.(*model.Route)) },
		Doc: "overflow: the sites in the order they are offered a contact; pooled: an arriving contact goes to an idle agent of the first site in order that has one, else waits in the route's one queue"},
	{Name: "overflow_queue", Unit: "array of integers, callers", Defs: "required with `\"overflow\"` and 2+ sites", Rngs: ">= 0, one per site of `order` but the last",
		Only: routeKind.Only(model.RouteOverflow), Need: queueNeeded, Val: decodeQueue, Doc: "a contact moves on from a site with no free agent and at least this many waiting"},
	{Name: "delay_seconds", Unit: "table `{ <site> = seconds }`", Defs: "0 for every site; only with `\"pooled\"`", Rngs: ">= 0, at most 1e9; sites of `order`",
		Only: routeKind.Only(model.RoutePooled), Val: decodeDelays, Doc: "a site's agents take a waiting contact only once it has waited this long (the site is held back)"},
	{Name: "by_type", Unit: "table of routes", Rngs: "known type names", Doc: "`[routing.by_type.<type>]`", Skip: true},
	{Name: "escalation_site", Unit: "site name", Defs: "required when a contact type has `escalation` > 0, else not allowed", Rngs: "a known site",
		Doc: "the second line escalated contacts go to", Skip: true},
}}

// maxDelaySeconds bounds a pooled route's delay (the longest horizon).
const maxDelaySeconds = 1e9

// decodeRouting decodes [routing] into sc.Routing. Under a [tender] it
// may only give escalation_site: the contract holder's bidder routes the
// first line (see tenderRouting).
func decodeRouting(d *decoder, root *table, dst any, _ place) bool {
	sc := dst.(*model.Scenario)
	types, sites := d.Names("contact type"), d.Names("site")
	cts := sc.Demand.ContactTypes
	escalating := slices.IndexFunc(cts, func(ct model.ContactType) bool { return ct.Escalation > 0 })
	_, tendered := root.M["tender"]
	v, p, ok := root.Get("routing")
	if !ok {
		if escalating >= 0 {
			d.Errorf(keyPath("demand").Key("contact_types").Index(escalating).Key("escalation"),
				"needs routing.escalation_site, the second-line site escalated contacts go to")
		}
		switch {
		case tendered:
		case len(sites.List) > 1:
			d.Errorf(p, "required when there is more than one site (sites: %s)", sites)
		default:
			sc.Routing = model.Routing{ByType: make([]model.Route, len(types.List))}
			for i := range sc.Routing.ByType {
				sc.Routing.ByType[i] = model.Route{Kind: model.RouteShare, Sites: []int{0}, Shares: []float64{1}}
			}
		}
		return true
	}
	t, ok := d.Table(p, v)
	if !ok {
		return true
	}
	if tendered {
		for _, k := range sch.SortedKeys(t.M) {
			if k != "escalation_site" {
				d.Errorf(p.Key(k), "with a [tender], the contract holder's bidder shares route the first line; [routing] may only give escalation_site")
			}
		}
		sc.Routing.EscalationSite = d.escalationSite(t, cts, escalating)
		return true
	}
	var def *model.Route
	for _, k := range routeSchema.Keys[:5] {
		if _, _, given := t.Get(k.Name); given && def == nil {
			def = new(model.Route)
		}
	}
	if def != nil {
		*def = d.route(t)
	}
	byType := make([]*model.Route, len(types.List))
	if v, bp, ok := t.Get("by_type"); ok {
		if bt, ok := d.Table(bp, v); ok {
			for _, name := range sch.SortedKeys(bt.M) {
				v, kp, _ := bt.Get(name)
				i, known := types.Index[name]
				if !known {
					d.Errorf(kp, "unknown contact type %q (contact types: %s)", name, types)
				}
				if rt, ok := d.Table(kp, v); ok {
					r := d.route(rt)
					d.Done(rt)
					if known {
						byType[i] = &r
					}
				}
			}
		}
	}
	sc.Routing = model.Routing{ByType: make([]model.Route, len(types.List)), EscalationSite: d.escalationSite(t, cts, escalating)}
	d.Done(t)
	for i, name := range types.List {
		switch {
		case byType[i] != nil:
			sc.Routing.ByType[i] = *byType[i]
		case def != nil:
			sc.Routing.ByType[i] = *def
		case len(sites.List) == 1:
			sc.Routing.ByType[i] = model.Route{Kind: model.RouteShare, Sites: []int{0}, Shares: []float64{1}}
		case name != "":
			d.Errorf(p.Key("kind"), "required: contact type %q has no route (give a route for all types here, or routing.by_type.%s)", name, tomlx.QuoteKey(name))
		}
	}
	return true
}

// escalationSite decodes routing.escalation_site: required when contact
// type escalating (−1: none) escalates, not allowed otherwise.
func (d *decoder) escalationSite(t *table, cts []model.ContactType, escalating int) int {
	sites := d.Names("site")
	v, ep, ok := t.Get("escalation_site")
	if !ok {
		if escalating >= 0 {
			d.Errorf(ep, "required: contact type %q escalates %s of its contacts (sites: %s)",
				cts[escalating].Name, sch.Num(cts[escalating].Escalation), sites)
		}
		return 0
	}
	name, ok := d.Str(ep, v)
	if !ok {
		return 0
	}
	i, known := sites.Index[name]
	switch {
	case !known:
		d.Errorf(ep, "unknown site %q (sites: %s)", name, sites)
	case escalating < 0:
		d.Errorf(ep, "only allowed when a contact type has escalation > 0")
	default:
		return i
	}
	return 0
}

// route decodes the route keys of t (t may hold other keys too).
func (d *decoder) route(t *table) model.Route {
	var r model.Route
	sub := &table{Path: t.Path, M: map[string]any{}}
	for _, k := range routeSchema.Keys[:5] {
		if v, _, ok := t.Get(k.Name); ok {
			sub.M[k.Name] = v
		}
	}
	d.orderEntries = 0
	d.DecodeTable(sub, routeSchema, &r, nil)
	return r
}

func decodeRouteKind(d *decoder, t *table, dst any, _ place) bool {
	v, p, ok := t.Get("kind")
	if !ok {
		d.Errorf(p, `required key is missing ("share", "overflow" or "pooled")`)
	} else if s, ok := d.Str(p, v); ok {
		k := slices.Index([]string{"share", "overflow", "pooled"}, s)
		if k < 0 {
			d.Errorf(p, `must be "share", "overflow" or "pooled", got %q`, s)
		}
		dst.(*model.Route).Kind = model.RouteKind(max(k, 0))
	}
	return true
}

// routeKind allows and requires a route key by the route's kind.
var routeKind = choice[model.RouteKind]{Key: "kind", Of: func(dst any) model.RouteKind { return dst.(*model.Route).Kind }}

// queueNeeded requires an overflow route's thresholds, one per site of its
// order but the last.
func queueNeeded(d *decoder, t *table, dst any) string {
	if n := d.orderEntries; routeKind.Need(model.RouteOverflow)(d, t, dst) != "" && n > 1 {
		return fmt.Sprintf("required: one threshold per site of order but the last (%s)", sch.Plural(n-1, "value"))
	}
	return ""
}

// decodeQueue decodes an overflow route's thresholds.
func decodeQueue(d *decoder, p keyPath, v any, dst any, _ place) {
	r := dst.(*model.Route)
	a, ok := d.ArrayOf(p, v)
	if !ok {
		return
	}
	if n := d.orderEntries; n > 0 && len(a) != n-1 {
		d.Errorf(p, "needs %s (one per site of order but the last), got %d", sch.Plural(n-1, "value"), len(a))
	}
	r.OverflowQueue = make([]int, len(a))
	for i, e := range a {
		n, _ := d.IntIn(p.Index(i), e, sch.Ints(0, 1_000_000))
		r.OverflowQueue[i] = int(n)
	}
}

// shares decodes shares = { <site> = fraction, ... } into r, in the order
// of the sites in the file; fixed says why a share cannot be a
// distribution.
func (d *decoder) shares(p keyPath, v any, r *model.Route, fixed string) {
	t, ok := d.Table(p, v)
	if !ok {
		return
	}
	sites := d.Names("site")
	type share struct {
		site int
		f    float64
	}
	var list []share
	var sum float64
	allOK := true
	defer d.Fix(fixed)()
	for _, name := range sch.SortedKeys(t.M) {
		v, kp, _ := t.Get(name)
		f, _, good := d.Number(kp, v, sch.Fraction)
		allOK = allOK && good
		sum += f
		i, known := sites.Index[name]
		if !known {
			d.Errorf(kp, "unknown site %q (sites: %s)", name, sites)
			allOK = false
			continue
		}
		list = append(list, share{i, f})
	}
	if len(t.M) == 0 {
		d.Errorf(p, "must give the share of at least one site")
		return
	}
	if allOK && !model.SumsToOne(sum) {
		d.Errorf(p, "shares sum to %.10g, not 1", sum)
	}
	slices.SortFunc(list, func(a, b share) int { return a.site - b.site })
	for _, s := range list {
		r.Sites = append(r.Sites, s.site)
		r.Shares = append(r.Shares, s.f)
	}
}

// order decodes routing order = ["SR", "NL"] into r.Sites.
func (d *decoder) order(p keyPath, v any, r *model.Route) {
	a, ok := d.ArrayOf(p, v)
	if !ok {
		return
	}
	d.orderEntries = len(a)
	if len(a) == 0 {
		d.Errorf(p, "must name at least one site")
		return
	}
	sites := d.Names("site")
	seen := map[string]int{}
	for i, e := range a {
		ep := p.Index(i)
		name, ok := d.Str(ep, e)
		if !ok {
			continue
		}
		if j, dup := seen[name]; dup {
			d.Errorf(ep, "site %q is already in the order at %s", name, p.Index(j))
			continue
		}
		seen[name] = i
		si, known := sites.Index[name]
		if !known {
			d.Errorf(ep, "unknown site %q (sites: %s)", name, sites)
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
	t, ok := d.Table(p, v)
	if !ok {
		return
	}
	sites := d.Names("site")
	r.DelaySeconds = make([]float64, len(r.Sites))
	defer d.Fix("the delays of a pooled route are the same in every replication (a [sweep] may vary them)")()
	for _, name := range sch.SortedKeys(t.M) {
		v, kp, _ := t.Get(name)
		x, _, ok := d.Number(kp, v, sch.NonNeg(maxDelaySeconds))
		si, known := sites.Index[name]
		k := slices.Index(r.Sites, si)
		switch {
		case !known:
			d.Errorf(kp, "unknown site %q (sites: %s)", name, sites)
		case k < 0: // without an order (reported), no site is in it
			if !d.Bad[p.Parent().Key("order")] && !d.Bad[p.Parent().Key("sites")] {
				d.Errorf(kp, "site %q is not in the route's order", name)
			}
		case ok:
			r.DelaySeconds[k] = x
		}
	}
}
