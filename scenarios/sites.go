package scenarios

import (
	"math"
	"strings"

	sch "offsim/internal/tomlschema"
	"offsim/internal/tomlx"
	"offsim/model"
)

// This file declares and decodes [[sites]]: a site's staffing (fixed, a
// weekly table, or the Erlang-based plan computed once the whole scenario
// is read), its handle times per contact type, costs and workforce.

var siteSchema = &schema{Check: checkSitePricing, Keys: []*key{
	nameKey("site", func(s *model.Site) *string { return &s.Name }, "the site's name in routing"),
	{Name: "country", Unit: "two-letter code", Defs: "`\"NL\"`, the client's country", Rngs: "upper case, e.g. `\"SR\"`", Val: decodeCountry, At: sch.Field(func(s *model.Site) *string { return &s.Country }), Doc: "a site outside the Netherlands is offshore: it counts in `offshore_share`, and a sector wage floor does not cover it", Omit: func(_ *encoder, _ keyPath, src any) bool { return src.(*model.Site).Country == "" }},
	{Name: "agents", Unit: "integer, table or `\"erlang\"`", Defs: "required without a `[sites.workforce]`; with one, absent = `\"erlang\"`", Rngs: "1–100,000", Doc: "agents on duty (see below)", Dec: decodeAgents, Enc: encodeAgents},
	{Name: "handle_time", Unit: "distribution", Defs: "required unless `handle_time_by_type` covers every type", Doc: "handle time (talk, hold, wrap-up) of every contact type", Dec: decodeHandleTimes, Enc: encodeHandleTimes(false)},
	{Name: "handle_time_by_type", Unit: "table of distributions", Rngs: "known type names", Skip: true, Enc: encodeHandleTimes(true), Doc: "`handle_time_by_type.<type>` overrides `handle_time`"},
	{Name: "costs", Unit: "table", Sub: costsSchema, Defs: "in house, no costs", Doc: "see `[sites.costs]`", At: sch.Field(func(s *model.Site) *model.Costs { return &s.Costs })},
	{Name: "workforce", Unit: "table", Sub: workforceSchema, Lazy: true, Defs: "none: identical agents that never change", Doc: "see `[sites.workforce]`",
		At: sch.Field(func(s *model.Site) *model.Workforce {
			if s.Workforce == nil {
				s.Workforce = &model.Workforce{}
			}
			return s.Workforce
		}),
		Omit: func(_ *encoder, _ keyPath, src any) bool { return src.(*model.Site).Workforce == nil }},
}}

// checkSitePricing checks that a price following wages or costs has
// people whose wages and costs it follows.
func checkSitePricing(d *decoder, t *table, dst any, _ place) {
	s := dst.(*model.Site)
	if pp := t.Path.Key("costs").Key("pricing"); s.Costs.Pricing != model.PricingFixed && s.Workforce == nil && !d.Bad[pp] {
		d.Errorf(pp, "%q pricing needs a [sites.workforce]: the wages and costs it follows are its people's", s.Costs.Pricing.String())
	}
	if bp := t.Path.Key("costs").Key("billing"); s.Costs.Billing == model.BillPerHour && s.Workforce == nil && !d.Bad[bp] {
		d.Errorf(bp, `"per_hour" billing needs a [sites.workforce]: the paid hours it bills are its people's`)
	}
}

// planned is the value of agents that asks for the Erlang-based plan.
const planned = "erlang"

// plannedSite is a site whose staffing comes from the Erlang-based plan
// (model.PlanStaffing), and the key path its problems are reported on.
type plannedSite struct {
	index int
	path  keyPath
}

// siteIndex returns i of a key path sites[i]..., -1 if p is not one.
func siteIndex(p keyPath) int { return indexIn(p, "sites") }

// siteName returns the name of the site whose table (or a table in it) t
// is.
func siteName(d *decoder, t *table) string {
	if i, names := siteIndex(t.Path), d.Names("site").List; i >= 0 && i < len(names) {
		return names[i]
	}
	return ""
}

// decodeCountry decodes a site's country = "SR": two upper-case letters.
func decodeCountry(d *decoder, p keyPath, v any, dst any, _ place) {
	if s, ok := d.Str(p, v); !ok {
		return
	} else if len(s) != 2 || strings.ToUpper(s) != s || strings.ToLower(s) == s {
		d.Errorf(p, "must be a two-letter upper-case country code (NL, SR), got %q", s)
	} else {
		dst.(*model.Site).Country = s
	}
}

// decodeAgents decodes a site's agents, or registers the site for the
// Erlang-based plan.
func decodeAgents(d *decoder, t *table, dst any, _ place) bool {
	v, p, given := t.Get("agents")
	_, hasWorkforce := t.M["workforce"]
	switch {
	case given && v == planned:
		if !hasWorkforce {
			d.Errorf(p, `%q needs a [sites.workforce] table (its service_level_target drives the plan)`, planned)
		}
		d.plans = append(d.plans, plannedSite{siteIndex(p), p})
	case given:
		dst.(*model.Site).Staffing = d.agents(p, v)
	case hasWorkforce:
		d.plans = append(d.plans, plannedSite{siteIndex(p), p})
	default:
		d.Errorf(p, "required key is missing (give agents, or a [sites.workforce] table to staff by an Erlang-based plan)")
	}
	return true
}

// agents decodes sites[i].agents: a constant number or a table.
func (d *decoder) agents(p keyPath, v any) model.AgentSchedule {
	switch x := v.(type) {
	case map[string]any:
		if sch.HasDist(x) {
			d.Errorf(p, "must be an integer, a table or %q: agents cannot be a distribution", planned)
			return model.AgentSchedule{}
		}
		t := &table{Path: p, M: x}
		interval, week, ok := d.WeekTable(t, false, func(p keyPath, v any) (float64, bool) {
			n, ok := d.IntIn(p, v, sch.Ints(0, maxAgents))
			return float64(n), ok
		})
		d.Done(t)
		if !ok {
			return model.AgentSchedule{}
		}
		s := model.AgentSchedule{IntervalSeconds: interval, Agents: make([]int, len(week))}
		for i, x := range week {
			s.Agents[i] = int(x)
		}
		if s.Max() == 0 {
			d.Errorf(p, "every interval has 0 agents: the site never staffs anyone")
		}
		return s
	case int64, float64:
		n, _ := d.IntIn(p, v, sch.Ints(1, maxAgents))
		return model.AgentSchedule{Agents: []int{int(n)}}
	}
	d.Errorf(p, "must be an integer, a table { interval_minutes, daily | weekly } or %q, got %s", planned, tomlx.Describe(v))
	return model.AgentSchedule{}
}

// decodeHandleTimes decodes handle_time and handle_time_by_type of a site
// into one distribution per contact type. A shared handle_time is one
// parameter for every type that takes it.
func decodeHandleTimes(d *decoder, t *table, dst any, at place) bool {
	site, types := dst.(*model.Site), d.Names("contact type")
	site.HandleTime = make([]model.Dist, len(types.List))
	typeAt := func(i int) place {
		return func(sc *model.Scenario) any { return &at(sc).(*model.Site).HandleTime[i] }
	}
	all, ap, hasAll := t.Get("handle_time")
	own := make([]bool, len(types.List))
	if v, bp, ok := t.Get("handle_time_by_type"); ok {
		if bt, ok := d.Table(bp, v); ok {
			for _, name := range sch.SortedKeys(bt.M) {
				v, kp, _ := bt.Get(name)
				i, known := types.Index[name]
				if known {
					own[i] = true
					d.duration(kp, v, &site.HandleTime[i], typeAt(i))
				} else {
					d.unbound(func() { d.duration(kp, v, new(model.Dist), typeAt(0)) })
					d.Errorf(kp, "unknown contact type %q (contact types: %s)", name, types)
				}
			}
		}
	}
	used := false
	for i, name := range types.List {
		switch {
		case own[i]:
		case hasAll:
			used = true
			d.duration(ap, all, &site.HandleTime[i], typeAt(i))
		case name != "":
			d.Errorf(ap, "required: contact type %q has no handle time (give handle_time, or handle_time_by_type.%s)", name, tomlx.QuoteKey(name))
		}
	}
	if hasAll && !used {
		d.unbound(func() { d.duration(ap, all, new(model.Dist), typeAt(0)) })
	}
	return true
}

// duration decodes a duration's distribution v at p into dst, found in a
// scenario at at.
func (d *decoder) duration(p keyPath, v any, dst *model.Dist, at place) {
	if t, ok := d.TableAs(p, v, `a distribution table { dist = "exponential", mean_seconds = ... }`); ok {
		d.DecodeTable(t, forms.Duration, dst, at)
	}
}

// unbound runs f, which decodes a value no field of the scenario takes:
// its distributions are checked, and are no parameters.
func (d *decoder) unbound(f func()) {
	n := len(d.Params)
	f()
	d.Params = d.Params[:n]
}

// plan makes the staffing plans of the sites in d.plans (see
// model.PlanSites), once the rest of the scenario is resolved.
func (d *decoder) plan(sc *model.Scenario) {
	sites := make([]int, len(d.plans))
	for i, ps := range d.plans {
		sites[i] = ps.index
	}
	errs := model.PlanSites(sc, sites, maxAgents)
	for _, ps := range d.plans {
		if err := errs[ps.index]; err != nil {
			d.Errorf(ps.path, "staffing plan: %s", err)
		}
	}
}

// checkSizes checks what the sites staff and employ, once their plans are
// made: at most maxTotalAgents on duty at the sites' peaks together, at
// most maxHeadcount employed at a site.
func (d *decoder) checkSizes(sc *model.Scenario) {
	total := 0
	for i := range sc.Sites {
		s := &sc.Sites[i]
		total += s.Staffing.Max()
		if w := s.Workforce; w != nil && w.HeadcountTarget == 0 {
			hours := float64(s.Staffing.Max()) * 168
			if len(s.Staffing.Agents) > 1 {
				hours = 0
				for _, n := range s.Staffing.Agents {
					hours += float64(n) * s.Staffing.IntervalSeconds / model.SecondsPerHour
				}
			}
			if n := math.Ceil(hours / (w.ContractHoursPerWeek * (1 - w.Shrinkage))); n > maxHeadcount {
				d.Errorf(keyPath("sites").Index(i).Key("workforce"), "the site would employ %.0f agents (planned agent-hours ÷ available hours per agent), at most %d: give headcount_target, or more contract hours or less shrinkage", n, maxHeadcount)
			}
		}
	}
	if total > maxTotalAgents {
		d.Errorf("sites", "the sites staff %d agents at their peaks together, at most %d", total, maxTotalAgents)
	}
}
