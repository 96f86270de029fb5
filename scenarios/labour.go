package scenarios

import (
	"cmp"

	sch "offsim/internal/tomlschema"
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
var unitOpenBelow = bounds{Hi: 1, LoOpen: true, What: "must be in (0, 1]"}

// poolKeys are the keys of a labour pool, shared or a site's own; inflow
// is its inflow key (a site's own pool also takes refill_per_month, the
// key's former name).
func poolKeys(inflow ...*key) []*key {
	ks := []*key{
		{Name: "size", Unit: "candidates", B: sch.NonNeg(maxPool), Defs: "0 = unlimited", At: sch.Field(func(p *model.LabourPool) *float64 { return &p.Size }), Doc: "suitable candidates within reach at day 0, and the most the pool holds"},
	}
	ks = append(ks, inflow...)
	return append(ks,
		&key{Name: "outflow_per_month_share", Unit: "fraction a month", B: sch.Fraction, At: sch.Field(func(p *model.LabourPool) *float64 { return &p.OutflowPerMonthShare }), Doc: "share of the candidates who leave the pool each month (emigration, other work, study)"},
		&key{Name: "other_employers_hires_per_month", Unit: "hires a month", B: sch.NonNeg(maxPoolFlow), At: sch.Field(func(p *model.LabourPool) *float64 { return &p.OtherEmployersHiresPerMonth }), Doc: "the rest of the sector's demand: competes with the sites' requisitions for the candidates"},
		&key{Name: "other_employers_growth_per_year", Unit: "rate a year", B: sch.Above(-1, maxRateOfChange), At: sch.Field(func(p *model.LabourPool) *float64 { return &p.OtherEmployersGrowthPerYear }), Doc: "the rest of the sector grows: its hires and headcount × (1 + g)^(days ÷ 365)"},
		&key{Name: "other_employers_headcount", Unit: "agents", B: sch.NonNeg(maxPool), At: sch.Field(func(p *model.LabourPool) *float64 { return &p.OtherEmployersHeadcount }), Doc: "the rest of the sector's employment: its weight (at attractiveness 1) in the attractiveness that sets the inflow"},
		&key{Name: "return_share", Unit: "fraction", Def: 0.1, B: sch.Fraction, At: sch.Field(func(p *model.LabourPool) *float64 { return &p.ReturnShare }), Src: "ASSUMPTION", Doc: "share of leavers (and of the other employers' hires, standing for their leavers) who return to the pool..."},
		&key{Name: "return_delay_days", Unit: "days", Def: 180.0, B: sch.NonNeg(maxDays), At: sch.Field(func(p *model.LabourPool) *float64 { return &p.ReturnDelayDays }), Doc: "...after this delay"},
		&key{Name: "lead_time_days", Unit: "days", Def: 30.0, B: sch.NonNeg(maxDays), At: sch.Field(func(p *model.LabourPool) *float64 { return &p.LeadTimeDays }), Src: "ASSUMPTION", Doc: "requisition to start, full pool"},
		&key{Name: "lead_time_depletion", Unit: "exponent", Def: 1.0, B: sch.NonNeg(10), At: sch.Field(func(p *model.LabourPool) *float64 { return &p.LeadTimeDepletion }), Src: "ASSUMPTION", Doc: "lead time × fill^(−d)"},
		&key{Name: "skill_depletion", Unit: "exponent", Def: 0.5, B: sch.NonNeg(10), At: sch.Field(func(p *model.LabourPool) *float64 { return &p.SkillDepletion }), Src: "ASSUMPTION", Doc: "skill at hire × fill^d: the best candidates go first"},
		&key{Name: "hire_cost_depletion", Unit: "exponent", Def: 0.5, B: sch.NonNeg(10), At: sch.Field(func(p *model.LabourPool) *float64 { return &p.HireCostDepletion }), Src: "ASSUMPTION, tri(0.25, 0.5, 1) (docs/calibration.md §6.3)", Doc: "cost per hire × fill^(−d): a tight market needs more advertising and selection per hire"},
		&key{Name: "depletion_floor", Unit: "fraction", Def: 0.25, B: sch.Fraction, At: sch.Field(func(p *model.LabourPool) *float64 { return &p.DepletionFloor }), Src: "ASSUMPTION (docs/calibration.md §6.3): at most 4 × the lead time, 2 × the cost per hire, half the skill at hire with the default exponents", Doc: "the fill below which lead time, skill at hire and cost per hire stop worsening: beyond it, scarcity is requisitions waiting for candidates"},
		&key{Name: "going_wage_to_minimum", Unit: "multiple of the local minimum wage", Def: 1.0, B: sch.Positive(maxFactor), At: sch.Field(func(p *model.LabourPool) *float64 { return &p.GoingWageToMinimum }), Defs: "1: the minimum (set it from docs/calibration.md §3.2, §3.4, §6.3: about 1.09 in the Netherlands, 2.0 in Paramaribo)", Doc: "the going wage (what other employers pay for the work) when the pool is full; quits respond to pay ÷ the going wage"},
		&key{Name: "wage_pressure", Unit: "fraction", Def: 0.3, B: sch.NonNeg(maxFactor), At: sch.Field(func(p *model.LabourPool) *float64 { return &p.WagePressure }), Src: "ASSUMPTION, tri(0.1, 0.3, 0.6) (docs/calibration.md §6.3)", Doc: "the going wage × (1 + p·(1 − fill)): an empty pool lifts it by p"},
		&key{Name: "attractiveness_pay_elasticity", Unit: "factor", B: sch.NonNeg(maxFactor), At: sch.Field(func(p *model.LabourPool) *float64 { return &p.AttractivenessPayElasticity }), Defs: "0: pay does not draw candidates (ASSUMPTION where set: no source measures it)", Doc: "an employer's attractiveness × e^(ε·(pay ÷ going wage − 1)): it sets the employer's share of a tight pool and, weighted by headcount, the pool's inflow"},
		&key{Name: "attractiveness_monitoring_effect", Unit: "factor", B: sch.NonNeg(maxFactor), At: sch.Field(func(p *model.LabourPool) *float64 { return &p.AttractivenessMonitoringEffect }), Defs: "0 (ASSUMPTION where set; direction: the sector's image, UWV)", Doc: "attractiveness × max(0, 1 − m·monitoring)"},
	)
}

var inflowKey = &key{Name: "inflow_per_month", Unit: "candidates a month", Group: "inflow", B: sch.NonNeg(maxPoolFlow), At: sch.Field(func(p *model.LabourPool) *float64 { return &p.RefillPerMonth }), Doc: "new candidates a month (school leavers, returners, training programmes), at attractiveness 1"}

// poolSchema is a site's own [sites.workforce.pool]: a pool of that one
// site.
var poolSchema = &schema{Keys: poolKeys(inflowKey,
	&key{Name: "refill_per_month", Unit: "candidates a month", Group: "inflow", B: sch.NonNeg(maxPoolFlow), At: sch.Field(func(p *model.LabourPool) *float64 { return &p.RefillPerMonth }), Doc: "the same (its former name)"})}

// labourPoolSchema is one [[labour_pools]]: a pool shared by the sites
// that name it.
var labourPoolSchema = &schema{Keys: append([]*key{nameKey("labour pool", func(p *model.LabourPool) *string { return &p.Name }, "what a site's `labour_pool` names")}, poolKeys(inflowKey)...)}

var labourPoolsKey = &key{Name: "labour_pools", Unit: "array of tables `[[labour_pools]]`", Sub: labourPoolSchema, Noun: "labour pool", B: sch.Ints(0, maxSites), Defs: "none",
	List: listOf[model.Scenario, model.LabourPool](func(s *model.Scenario) *[]model.LabourPool { return &s.LabourPools }),
	Omit: func(_ *encoder, _ keyPath, src any) bool { return len(src.(*model.Scenario).LabourPools) == 0 },
	Doc:  "labour markets shared by the sites that name them ([`[[labour_pools]]`](#labour_pools))"}

// labourPoolKey is a workforce's labour_pool: the name of a shared pool.
var labourPoolKey = &key{Name: "labour_pool", Unit: "labour pool name", Defs: "none: the site's own `pool`", Rngs: "a known `[[labour_pools]]` name",
	At: sch.Field(func(w *model.Workforce) *string { return &w.LabourPool }), Doc: "the shared pool the site hires from and returns its leavers to",
	Val: func(d *decoder, p keyPath, v any, dst any, _ place) {
		s, ok := d.Str(p, v)
		if !ok {
			return
		}
		pools := d.Names("labour pool")
		if _, known := pools.Index[s]; !known {
			d.Errorf(p, "unknown labour pool %q (labour pools: %s)", s, cmp.Or(pools.String(), "none"))
			return
		}
		dst.(*model.Workforce).LabourPool = s
	},
	Omit: func(_ *encoder, _ keyPath, src any) bool { return src.(*model.Workforce).LabourPool == "" }}

// ownPoolOnly refuses a site's own pool beside a shared one.
func ownPoolOnly(_ *decoder, t *table, _ any) string {
	if _, shared := t.M["labour_pool"]; shared {
		return "give labour_pool or pool, not both (a site hires from one pool)"
	}
	return ""
}

// coverKeys are a workforce's cover keys.
var coverKeys = []*key{
	sch.EnumKey(&key{Name: "cover", Rngs: `"none", "overtime", "agency"`, Doc: "how a site short of its plan fills the gap: its available agents work overtime, or agency staff come in"},
		model.ParseCoverKind, func(w *model.Workforce) *model.CoverKind { return &w.Cover.Kind }, "none"),
	{Name: "cover_premium", Unit: "fraction", B: sch.NonNeg(maxFactor), At: sch.Field(func(w *model.Workforce) *float64 { return &w.Cover.Premium }), Only: cover.Only(model.CoverOvertime, model.CoverAgency),
		Defs: "0.5 for overtime (Dutch CAOs 25–50% on weekdays; Surinamese law at least 50%); 0.35 for agency staff (EST: agency factor 1.75–2.2 × gross against 1.35–1.55 × for an employee) (docs/calibration.md §7)",
		Doc:  "an hour of cover costs wage × (1 + on-cost rate) × (1 + premium)", Omit: cover.Omit(model.CoverOvertime, model.CoverAgency)},
	{Name: "cover_max_share", Unit: "fraction", Def: 0.25, B: sch.NonNeg(10), At: sch.Field(func(w *model.Workforce) *float64 { return &w.Cover.MaxShare }), Only: cover.Only(model.CoverOvertime, model.CoverAgency),
		Src:  "ASSUMPTION: a 36-hour contract stretched to 45 hours; the Surinamese 48-hour week (docs/calibration.md §7)",
		Doc:  "the most cover: overtime as a share of the available agents' own hours, agency hours as a share of the plan's; 0 = no bound",
		Omit: cover.Omit(model.CoverOvertime, model.CoverAgency)},
}

var cover = choice[model.CoverKind]{Key: "cover", Of: func(dst any) model.CoverKind { return dst.(*model.Workforce).Cover.Kind }}

// checkCover gives a cover without a premium the one of its kind.
func checkCover(_ *decoder, t *table, dst any, _ place) {
	w := dst.(*model.Workforce)
	if _, given := t.M["cover_premium"]; given {
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
var slaKey = &key{Name: "sla", Unit: "table", Sub: slaSchema, Lazy: true, Defs: "none", Only: outsourced("an in-house site has no invoice to credit"),
	At:   sch.Field(func(c *model.Costs) *model.SLA { return &c.SLA }),
	Omit: func(_ *encoder, _ keyPath, src any) bool { return src.(*model.Costs).SLA == model.SLA{} },
	Doc:  "a service-level agreement that turns a missed target into a credit (see below)"}

var slaSchema = &schema{Keys: []*key{
	{Name: "target", Unit: "fraction", Req: true, B: unitOpenBelow, At: sch.Field(func(s *model.SLA) *float64 { return &s.Target }), Doc: "the service level (answered within `run.service_level_seconds` ÷ offered) the provider promises; 80/20 is the standard (docs/calibration.md §9)"},
	{Name: "period_months", Unit: "integer, months", Def: 1, B: sch.Ints(1, 1200), At: sch.Field(func(s *model.SLA) *int { return &s.PeriodMonths }), Src: "ASSUMPTION (docs/calibration.md §8)", Doc: "the measurement period; the credit comes off the next invoice"},
	{Name: "penalty_per_point", Unit: "fraction of the period's invoice", Def: 0.01, B: sch.NonNeg(1), At: sch.Field(func(s *model.SLA) *float64 { return &s.PenaltyPerPoint }), Src: "ASSUMPTION, tri(0.005, 0.01, 0.02) (docs/calibration.md §8)", Doc: "credited per percentage point below the target"},
	{Name: "cap", Unit: "fraction of the period's invoice", Def: 0.1, B: unitOpenBelow, At: sch.Field(func(s *model.SLA) *float64 { return &s.Cap }), Src: "ASSUMPTION, tri(0.05, 0.10, 0.15) (docs/calibration.md §8)", Doc: "the largest credit"},
}}

// engagementKey is the top-level [engagement].
var engagementKey = &key{Name: "engagement", Unit: "table", Sub: engagementSchema, Lazy: true, Defs: "none: engagement plays no part",
	At: sch.Field(func(s *model.Scenario) *model.Engagement { return &s.Engagement }),
	Omit: func(_ *encoder, _ keyPath, src any) bool {
		return src.(*model.Scenario).Engagement == model.Engagement{}
	},
	Doc: "agents' engagement and what it changes ([`[engagement]`](#engagement))"}

var engagementSchema = &schema{Keys: []*key{
	{Name: "base", Unit: "engagement in [0, 1]", Def: 0.6, B: sch.Fraction, At: sch.Field(func(g *model.Engagement) *float64 { return &g.Base }), Src: "ASSUMPTION", Doc: "the target of an agent paid the going wage, without monitoring, fully trained, at hire"},
	{Name: "reference", Unit: "engagement in [0, 1]", Def: 0.42, B: sch.Fraction, At: sch.Field(func(g *model.Engagement) *float64 { return &g.Reference }), Src: "EST: a typical Dutch in-house agent (going wage, monitoring 0.3, full training, a year of tenure) with the other defaults, 0.6 − 0.09 − 0.087", Doc: "the engagement at which every effect is neutral: that of the typical agent the contact types' `fcr`, the handle times and `base_annual` describe"},
	{Name: "pay_weight", Unit: "engagement per unit of pay ÷ going wage", Def: 1.0, B: sch.NonNeg(maxFactor), At: sch.Field(func(g *model.Engagement) *float64 { return &g.PayWeight }), Src: "ASSUMPTION; direction: relative pay lowers quits (Batt 2002)", Doc: "target + w·(pay ÷ going wage − 1)"},
	{Name: "monitoring_weight", Unit: "engagement per unit of monitoring", Def: 0.3, B: sch.NonNeg(maxFactor), At: sch.Field(func(g *model.Engagement) *float64 { return &g.MonitoringWeight }), Src: "ASSUMPTION; direction: electronic monitoring raises quits (Batt 2002; Batt & Colvin 2011)", Doc: "target − w·monitoring"},
	{Name: "training_weight", Unit: "engagement", Def: 0.2, B: sch.NonNeg(maxFactor), At: sch.Field(func(g *model.Engagement) *float64 { return &g.TrainingWeight }), Src: "ASSUMPTION", Doc: "target − w·max(0, 1 − training days ÷ `reference_training_days`)"},
	{Name: "reference_training_days", Unit: "days", Def: 29.0, B: sch.NonNeg(maxDays), At: sch.Field(func(g *model.Engagement) *float64 { return &g.ReferenceTrainingDays }), Src: "initial training 4.2 weeks (Batt, Doellgast & Kwon 2005)", Doc: "full training; 0 switches the training term off"},
	{Name: "tenure_decline", Unit: "engagement", Def: 0.1, B: sch.NonNeg(maxFactor), At: sch.Field(func(g *model.Engagement) *float64 { return &g.TenureDecline }), Src: "ASSUMPTION", Doc: "target − d·(1 − e^(−tenure ÷ `tenure_days`)): the honeymoon wears off"},
	{Name: "tenure_days", Unit: "days", Def: 180.0, B: sch.NonNeg(maxDays), At: sch.Field(func(g *model.Engagement) *float64 { return &g.TenureDays }), Src: "ASSUMPTION", Doc: "time constant of the decline; 0 switches it off"},
	{Name: "adjust_days", Unit: "days", Def: 30.0, B: sch.NonNeg(maxDays), At: sch.Field(func(g *model.Engagement) *float64 { return &g.AdjustDays }), Src: "ASSUMPTION", Doc: "engagement closes 1 − e^(−1/adjust_days) of its gap to the target each day; 0: at once"},
	{Name: "handle_time_effect", Unit: "factor", Def: 0.24, B: sch.NonNeg(maxFactor), At: sch.Field(func(g *model.Engagement) *float64 { return &g.HandleTimeEffect }), Src: "EST from a 21% productivity gap between the top and bottom engagement quartiles, half of it handle time (Gallup 2013; docs/calibration.md §5.4)", Doc: "handle time × max(0.05, 1 − h·(engagement − reference))"},
	{Name: "resolution_effect", Unit: "factor", Def: 0.25, B: sch.NonNeg(maxFactor), At: sch.Field(func(g *model.Engagement) *float64 { return &g.ResolutionEffect }), Src: "EST from a 10% customer-rating gap between the quartiles (Gallup 2013; docs/calibration.md §5.4)", Doc: "resolution × max(0, 1 + r·(engagement − reference))"},
	{Name: "quit_effect", Unit: "factor", Def: 0.7, B: sch.NonNeg(maxFactor), At: sch.Field(func(g *model.Engagement) *float64 { return &g.QuitEffect }), Src: "EST from a 25% turnover gap between the quartiles in high-turnover organisations (Gallup 2013; docs/calibration.md §5.4)", Doc: "quit hazard × e^(−q·(engagement − reference))"},
}}
