package scenarios

import (
	"cmp"

	"offsim/model"
)

// This file declares the labour-market keys: [[labour_pools]] (pools
// shared by the sites that name them) and a site's own
// [sites.workforce.pool], which take the same keys; a workforce's
// labour_pool and cover; [sites.costs.sla]; and [engagement].
// Figures and their sources: docs/calibration.md §5–§8.

const (
	maxPool     = 1e8 // candidates
	maxPoolFlow = 1e7 // candidates a month
)

// unitOpenBelow is (0, 1].
var unitOpenBelow = bounds{hi: 1, loOpen: true, what: "must be in (0, 1]"}

// poolKeys are the keys of a labour pool, shared or a site's own; inflow
// is its inflow key (a site's own pool also takes refill_per_month, the
// key's former name).
func poolKeys(inflow ...*key) []*key {
	ks := []*key{
		{name: "size", unit: "candidates", b: nonNeg(maxPool), defs: "0 = unlimited", at: field(func(p *model.LabourPool) *float64 { return &p.Size }), doc: "suitable candidates within reach at day 0, and the most the pool holds"},
	}
	ks = append(ks, inflow...)
	return append(ks,
		&key{name: "outflow_per_month_share", unit: "fraction a month", b: fraction, at: field(func(p *model.LabourPool) *float64 { return &p.OutflowPerMonthShare }), doc: "share of the candidates who leave the pool each month (emigration, other work, study)"},
		&key{name: "other_employers_hires_per_month", unit: "hires a month", b: nonNeg(maxPoolFlow), at: field(func(p *model.LabourPool) *float64 { return &p.OtherEmployersHiresPerMonth }), doc: "the rest of the sector's demand: competes with the sites' requisitions for the candidates"},
		&key{name: "other_employers_growth_per_year", unit: "rate a year", b: above(-1, maxRateOfChange), at: field(func(p *model.LabourPool) *float64 { return &p.OtherEmployersGrowthPerYear }), doc: "the rest of the sector grows: its hires and headcount × (1 + g)^(days ÷ 365)"},
		&key{name: "other_employers_headcount", unit: "agents", b: nonNeg(maxPool), at: field(func(p *model.LabourPool) *float64 { return &p.OtherEmployersHeadcount }), doc: "the rest of the sector's employment: its weight (at attractiveness 1) in the attractiveness that sets the inflow"},
		&key{name: "return_share", unit: "fraction", def: 0.1, b: fraction, at: field(func(p *model.LabourPool) *float64 { return &p.ReturnShare }), src: "ASSUMPTION", doc: "share of leavers (and of the other employers' hires, standing for their leavers) who return to the pool..."},
		&key{name: "return_delay_days", unit: "days", def: 180.0, b: nonNeg(maxDays), at: field(func(p *model.LabourPool) *float64 { return &p.ReturnDelayDays }), doc: "...after this delay"},
		&key{name: "lead_time_days", unit: "days", def: 30.0, b: nonNeg(maxDays), at: field(func(p *model.LabourPool) *float64 { return &p.LeadTimeDays }), src: "ASSUMPTION", doc: "requisition to start, full pool"},
		&key{name: "lead_time_depletion", unit: "exponent", def: 1.0, b: nonNeg(10), at: field(func(p *model.LabourPool) *float64 { return &p.LeadTimeDepletion }), src: "ASSUMPTION", doc: "lead time × fill^(−d)"},
		&key{name: "skill_depletion", unit: "exponent", def: 0.5, b: nonNeg(10), at: field(func(p *model.LabourPool) *float64 { return &p.SkillDepletion }), src: "ASSUMPTION", doc: "skill at hire × fill^d: the best candidates go first"},
		&key{name: "hire_cost_depletion", unit: "exponent", def: 0.5, b: nonNeg(10), at: field(func(p *model.LabourPool) *float64 { return &p.HireCostDepletion }), src: "ASSUMPTION, tri(0.25, 0.5, 1) (docs/calibration.md §6.3)", doc: "cost per hire × fill^(−d): a tight market needs more advertising and selection per hire"},
		&key{name: "depletion_floor", unit: "fraction", def: 0.25, b: fraction, at: field(func(p *model.LabourPool) *float64 { return &p.DepletionFloor }), src: "ASSUMPTION (docs/calibration.md §6.3): at most 4 × the lead time, 2 × the cost per hire, half the skill at hire with the default exponents", doc: "the fill below which lead time, skill at hire and cost per hire stop worsening: beyond it, scarcity is requisitions waiting for candidates"},
		&key{name: "going_wage_to_minimum", unit: "multiple of the local minimum wage", def: 1.0, b: positive(maxFactor), at: field(func(p *model.LabourPool) *float64 { return &p.GoingWageToMinimum }), defs: "1: the minimum (set it from docs/calibration.md §3.2, §3.4, §6.3: about 1.09 in the Netherlands, 2.0 in Paramaribo)", doc: "the going wage (what other employers pay for the work) when the pool is full; quits respond to pay ÷ the going wage"},
		&key{name: "wage_pressure", unit: "fraction", def: 0.3, b: nonNeg(maxFactor), at: field(func(p *model.LabourPool) *float64 { return &p.WagePressure }), src: "ASSUMPTION, tri(0.1, 0.3, 0.6) (docs/calibration.md §6.3)", doc: "the going wage × (1 + p·(1 − fill)): an empty pool lifts it by p"},
		&key{name: "attractiveness_pay_elasticity", unit: "factor", b: nonNeg(maxFactor), at: field(func(p *model.LabourPool) *float64 { return &p.AttractivenessPayElasticity }), defs: "0: pay does not draw candidates (ASSUMPTION where set: no source measures it)", doc: "an employer's attractiveness × e^(ε·(pay ÷ going wage − 1)): it sets the employer's share of a tight pool and, weighted by headcount, the pool's inflow"},
		&key{name: "attractiveness_monitoring_effect", unit: "factor", b: nonNeg(maxFactor), at: field(func(p *model.LabourPool) *float64 { return &p.AttractivenessMonitoringEffect }), defs: "0 (ASSUMPTION where set; direction: the sector's image, UWV)", doc: "attractiveness × max(0, 1 − m·monitoring)"},
	)
}

var inflowKey = &key{name: "inflow_per_month", unit: "candidates a month", group: "inflow", b: nonNeg(maxPoolFlow), at: field(func(p *model.LabourPool) *float64 { return &p.RefillPerMonth }), doc: "new candidates a month (school leavers, returners, training programmes), at attractiveness 1"}

// poolSchema is a site's own [sites.workforce.pool]: a pool of that one
// site.
var poolSchema = &schema{keys: poolKeys(inflowKey,
	&key{name: "refill_per_month", unit: "candidates a month", group: "inflow", b: nonNeg(maxPoolFlow), at: field(func(p *model.LabourPool) *float64 { return &p.RefillPerMonth }), doc: "the same (its former name)"})}

// labourPoolSchema is one [[labour_pools]]: a pool shared by the sites
// that name it.
var labourPoolSchema = &schema{keys: append([]*key{nameKey("labour pool", func(p *model.LabourPool) *string { return &p.Name }, "what a site's `labour_pool` names")}, poolKeys(inflowKey)...)}

var labourPoolsKey = &key{name: "labour_pools", unit: "array of tables `[[labour_pools]]`", sub: labourPoolSchema, noun: "labour pool", b: ints(0, maxSites), defs: "none",
	list: listOf[model.Scenario, model.LabourPool](func(s *model.Scenario) *[]model.LabourPool { return &s.LabourPools }),
	omit: func(_ *encoder, _ keyPath, src any) bool { return len(src.(*model.Scenario).LabourPools) == 0 },
	doc:  "labour markets shared by the sites that name them ([`[[labour_pools]]`](#labour_pools))"}

// labourPoolKey is a workforce's labour_pool: the name of a shared pool.
var labourPoolKey = &key{name: "labour_pool", unit: "labour pool name", defs: "none: the site's own `pool`", rngs: "a known `[[labour_pools]]` name",
	at: field(func(w *model.Workforce) *string { return &w.LabourPool }), doc: "the shared pool the site hires from and returns its leavers to",
	val: func(d *decoder, p keyPath, v any, dst any, _ place) {
		s, ok := d.str(p, v)
		if !ok {
			return
		}
		pools := d.names("labour pool")
		if _, known := pools.index[s]; !known {
			d.errorf(p, "unknown labour pool %q (labour pools: %s)", s, cmp.Or(pools.String(), "none"))
			return
		}
		dst.(*model.Workforce).LabourPool = s
	},
	omit: func(_ *encoder, _ keyPath, src any) bool { return src.(*model.Workforce).LabourPool == "" }}

// ownPoolOnly refuses a site's own pool beside a shared one.
func ownPoolOnly(_ *decoder, t *table, _ any) string {
	if _, shared := t.m["labour_pool"]; shared {
		return "give labour_pool or pool, not both (a site hires from one pool)"
	}
	return ""
}

// coverKeys are a workforce's cover keys.
var coverKeys = []*key{
	enumKey(&key{name: "cover", rngs: `"none", "overtime", "agency"`, doc: "how a site short of its plan fills the gap: its available agents work overtime, or agency staff come in"},
		model.ParseCoverKind, func(w *model.Workforce) *model.CoverKind { return &w.Cover.Kind }, "none"),
	{name: "cover_premium", unit: "fraction", b: nonNeg(maxFactor), at: field(func(w *model.Workforce) *float64 { return &w.Cover.Premium }), only: cover.only(model.CoverOvertime, model.CoverAgency),
		defs: "0.5 for overtime (Dutch CAOs 25–50% on weekdays; Surinamese law at least 50%); 0.35 for agency staff (EST: agency factor 1.75–2.2 × gross against 1.35–1.55 × for an employee) (docs/calibration.md §7)",
		doc:  "an hour of cover costs wage × (1 + on-cost rate) × (1 + premium)", omit: cover.omit(model.CoverOvertime, model.CoverAgency)},
	{name: "cover_max_share", unit: "fraction", def: 0.25, b: nonNeg(10), at: field(func(w *model.Workforce) *float64 { return &w.Cover.MaxShare }), only: cover.only(model.CoverOvertime, model.CoverAgency),
		src:  "ASSUMPTION: a 36-hour contract stretched to 45 hours; the Surinamese 48-hour week (docs/calibration.md §7)",
		doc:  "the most cover: overtime as a share of the available agents' own hours, agency hours as a share of the plan's; 0 = no bound",
		omit: cover.omit(model.CoverOvertime, model.CoverAgency)},
}

var cover = choice[model.CoverKind]{key: "cover", of: func(dst any) model.CoverKind { return dst.(*model.Workforce).Cover.Kind }}

// checkCover gives a cover without a premium the one of its kind.
func checkCover(_ *decoder, t *table, dst any, _ place) {
	w := dst.(*model.Workforce)
	if _, given := t.m["cover_premium"]; given {
		return
	}
	switch w.Cover.Kind {
	case model.CoverOvertime:
		w.Cover.Premium = 0.5
	case model.CoverAgency:
		w.Cover.Premium = 0.35
	}
}

// slaKey is [sites.costs.sla].
var slaKey = &key{name: "sla", unit: "table", sub: slaSchema, lazy: true, defs: "none", only: outsourced("an in-house site has no invoice to credit"),
	at:   field(func(c *model.Costs) *model.SLA { return &c.SLA }),
	omit: func(_ *encoder, _ keyPath, src any) bool { return src.(*model.Costs).SLA == model.SLA{} },
	doc:  "a service-level agreement that turns a missed target into a credit (see below)"}

var slaSchema = &schema{keys: []*key{
	{name: "target", unit: "fraction", req: true, b: unitOpenBelow, at: field(func(s *model.SLA) *float64 { return &s.Target }), doc: "the service level (answered within `run.service_level_seconds` ÷ offered) the provider promises; 80/20 is the standard (docs/calibration.md §9)"},
	{name: "period_months", unit: "integer, months", def: 1, b: ints(1, 1200), at: field(func(s *model.SLA) *int { return &s.PeriodMonths }), src: "ASSUMPTION (docs/calibration.md §8)", doc: "the measurement period; the credit comes off the next invoice"},
	{name: "penalty_per_point", unit: "fraction of the period's invoice", def: 0.01, b: nonNeg(1), at: field(func(s *model.SLA) *float64 { return &s.PenaltyPerPoint }), src: "ASSUMPTION, tri(0.005, 0.01, 0.02) (docs/calibration.md §8)", doc: "credited per percentage point below the target"},
	{name: "cap", unit: "fraction of the period's invoice", def: 0.1, b: unitOpenBelow, at: field(func(s *model.SLA) *float64 { return &s.Cap }), src: "ASSUMPTION, tri(0.05, 0.10, 0.15) (docs/calibration.md §8)", doc: "the largest credit"},
}}

// engagementKey is the top-level [engagement].
var engagementKey = &key{name: "engagement", unit: "table", sub: engagementSchema, lazy: true, defs: "none: engagement plays no part",
	at: field(func(s *model.Scenario) *model.Engagement { return &s.Engagement }),
	omit: func(_ *encoder, _ keyPath, src any) bool {
		return src.(*model.Scenario).Engagement == model.Engagement{}
	},
	doc: "agents' engagement and what it changes ([`[engagement]`](#engagement))"}

var engagementSchema = &schema{keys: []*key{
	{name: "base", unit: "engagement in [0, 1]", def: 0.6, b: fraction, at: field(func(g *model.Engagement) *float64 { return &g.Base }), src: "ASSUMPTION", doc: "the target of an agent paid the going wage, without monitoring, fully trained, at hire"},
	{name: "reference", unit: "engagement in [0, 1]", def: 0.42, b: fraction, at: field(func(g *model.Engagement) *float64 { return &g.Reference }), src: "EST: a typical Dutch in-house agent (going wage, monitoring 0.3, full training, a year of tenure) with the other defaults, 0.6 − 0.09 − 0.087", doc: "the engagement at which every effect is neutral: that of the typical agent the contact types' `fcr`, the handle times and `base_annual` describe"},
	{name: "pay_weight", unit: "engagement per unit of pay ÷ going wage", def: 1.0, b: nonNeg(maxFactor), at: field(func(g *model.Engagement) *float64 { return &g.PayWeight }), src: "ASSUMPTION; direction: relative pay lowers quits (Batt 2002)", doc: "target + w·(pay ÷ going wage − 1)"},
	{name: "monitoring_weight", unit: "engagement per unit of monitoring", def: 0.3, b: nonNeg(maxFactor), at: field(func(g *model.Engagement) *float64 { return &g.MonitoringWeight }), src: "ASSUMPTION; direction: electronic monitoring raises quits (Batt 2002; Batt & Colvin 2011)", doc: "target − w·monitoring"},
	{name: "training_weight", unit: "engagement", def: 0.2, b: nonNeg(maxFactor), at: field(func(g *model.Engagement) *float64 { return &g.TrainingWeight }), src: "ASSUMPTION", doc: "target − w·max(0, 1 − training days ÷ `reference_training_days`)"},
	{name: "reference_training_days", unit: "days", def: 29.0, b: nonNeg(maxDays), at: field(func(g *model.Engagement) *float64 { return &g.ReferenceTrainingDays }), src: "initial training 4.2 weeks (Batt, Doellgast & Kwon 2005)", doc: "full training; 0 switches the training term off"},
	{name: "tenure_decline", unit: "engagement", def: 0.1, b: nonNeg(maxFactor), at: field(func(g *model.Engagement) *float64 { return &g.TenureDecline }), src: "ASSUMPTION", doc: "target − d·(1 − e^(−tenure ÷ `tenure_days`)): the honeymoon wears off"},
	{name: "tenure_days", unit: "days", def: 180.0, b: nonNeg(maxDays), at: field(func(g *model.Engagement) *float64 { return &g.TenureDays }), src: "ASSUMPTION", doc: "time constant of the decline; 0 switches it off"},
	{name: "adjust_days", unit: "days", def: 30.0, b: nonNeg(maxDays), at: field(func(g *model.Engagement) *float64 { return &g.AdjustDays }), src: "ASSUMPTION", doc: "engagement closes 1 − e^(−1/adjust_days) of its gap to the target each day; 0: at once"},
	{name: "handle_time_effect", unit: "factor", def: 0.24, b: nonNeg(maxFactor), at: field(func(g *model.Engagement) *float64 { return &g.HandleTimeEffect }), src: "EST from a 21% productivity gap between the top and bottom engagement quartiles, half of it handle time (Gallup 2013; docs/calibration.md §5.4)", doc: "handle time × max(0.05, 1 − h·(engagement − reference))"},
	{name: "resolution_effect", unit: "factor", def: 0.25, b: nonNeg(maxFactor), at: field(func(g *model.Engagement) *float64 { return &g.ResolutionEffect }), src: "EST from a 10% customer-rating gap between the quartiles (Gallup 2013; docs/calibration.md §5.4)", doc: "resolution × max(0, 1 + r·(engagement − reference))"},
	{name: "quit_effect", unit: "factor", def: 0.7, b: nonNeg(maxFactor), at: field(func(g *model.Engagement) *float64 { return &g.QuitEffect }), src: "EST from a 25% turnover gap between the quartiles in high-turnover organisations (Gallup 2013; docs/calibration.md §5.4)", doc: "quit hazard × e^(−q·(engagement − reference))"},
}}
