package scenarios

import (
	"math"

	sch "offsim/internal/tomlschema"
	"offsim/model"
)

// This file declares the plain tables of the format: every key with its
// unit, default (and where the default comes from: a source listed in
// CALIBRATION.md, or ASSUMPTION for a figure no published source gives),
// range, limits and meaning. The tables with keys of their own kind
// (routes, dated paths, weekly tables, tenders) are declared beside their
// decoders. README.md's reference tables are generated from these
// declarations (go test ./scenarios -run TestReadmeGenerated -update).

// Limits that keep a scenario within what the engine can hold in memory
// and run in finite time; a file past them is an error with a line rather
// than a failure at run time.
const (
	maxHorizonHours = 20 * 8760 // 20 years
	maxReplications = 1_000_000
	maxAgents       = 100_000 // per site and interval
	maxTotalAgents  = 250_000 // the sites' peaks together
	maxHeadcount    = 1_000_000
	maxSites        = 1000
	maxContactTypes = 255  // the engine keeps a contact type in a byte
	maxSiteTypes    = 4096 // sites × contact types: the plan and the statistics grow with it
	maxRate         = 1e5  // calls per hour
	maxDays         = 3650 // a duration of the workforce's calendar
	maxMoney        = 1e9  // EUR
	maxLocal        = 1e7  // local currency per hour, or per EUR
	maxRateOfChange = 10   // an indexation or raise, a year or a step: +1000%
	maxFactor       = 100  // a multiplier or penalty
	maxArray        = 10_000
	maxNameBytes    = 100 // a name is part of file names
	maxDistMeanDays = 366 // a duration's mean
	maxDurationCV   = 10  // a duration's lognormal cv
	minBetaShape    = 0.1 // a beta distribution's shapes: the sampler stays finite
	maxBetaShape    = 1e4
	maxLognormalCV  = 100 // a parameter's lognormal sd ÷ mean
)

const secondsPerMonth = model.DaysPerMonth * model.SecondsPerDay

// Defaults without a field of their own.
const (
	// DefaultFCR is a contact type's first-contact resolution when the
	// file gives none. ASSUMPTION: the rate of an expert agent (skill 1,
	// native language, no monitoring pressure), chosen so that a typical
	// mix of skills lands near the observed 70–75% (QLM, n.d.).
	DefaultFCR = 0.85
	// DefaultNoticeDays is the time from an award to the handover
	// (ASSUMPTION).
	DefaultNoticeDays = 90
	// DefaultReviewMonths is how often a provider reviews its margin
	// (ASSUMPTION).
	DefaultReviewMonths = 3
)

// DefaultWorkforce returns the workforce a [sites.workforce] table starts
// from; every key but wages.minimum_per_hour has a default. Wages are paid
// in EUR at the minimum (policy "minimum"), MinimumPerHour is left empty.
func DefaultWorkforce() model.Workforce { return defaults[model.Workforce](workforceSchema) }

// DefaultCustomers returns the customer-journey parameters a
// [demand.customers] table starts from. A file without that table gets
// model.Customers{} instead: no repeat contacts.
func DefaultCustomers() model.Customers { return defaults[model.Customers](customersSchema) }

// DefaultPerformance returns the performance relations of a scenario
// without a [performance] table, or the values its missing keys take.
func DefaultPerformance() model.Performance { return defaults[model.Performance](performanceSchema) }

func defaults[T any](s *schema) T {
	var v T
	sch.FillDefaults(s, &v)
	return v
}

var runSchema = &schema{Fixed: "run settings are the same in every replication", Check: checkWarmup, Keys: runKeys}

var runKeys = []*key{
	{Name: "horizon_hours", Unit: "hours", Group: "horizon", Req: true, Factor: model.SecondsPerHour, B: sch.Positive(maxHorizonHours), At: sch.Field(func(r *model.Run) *float64 { return &r.HorizonSeconds }), Defs: "required: exactly one of the two", Doc: "simulated time of one replication, warm-up included"},
	{Name: "horizon_months", Unit: "months (365/12 days)", Group: "horizon", Factor: secondsPerMonth, B: sch.Positive(maxHorizonHours / 24 / model.DaysPerMonth), At: sch.Field(func(r *model.Run) *float64 { return &r.HorizonSeconds }), Doc: "the same, in months"},
	{Name: "warmup_hours", Unit: "hours", Group: "warmup", Factor: model.SecondsPerHour, B: sch.NonNeg(maxHorizonHours), Rngs: "< horizon", At: sch.Field(func(r *model.Run) *float64 { return &r.WarmupSeconds }), Defs: "0: at most one of the three", Doc: "initial time left out of every statistic"},
	{Name: "warmup_days", Unit: "days", Group: "warmup", Factor: model.SecondsPerDay, B: sch.NonNeg(maxHorizonHours / 24), Rngs: "< horizon", At: sch.Field(func(r *model.Run) *float64 { return &r.WarmupSeconds }), Doc: "the same, in days"},
	{Name: "warmup_months", Unit: "months", Group: "warmup", Factor: secondsPerMonth, B: sch.NonNeg(maxHorizonHours / 24 / model.DaysPerMonth), Rngs: "< horizon", At: sch.Field(func(r *model.Run) *float64 { return &r.WarmupSeconds }), Doc: "the same, in months"},
	{Name: "replications", Unit: "integer", Def: 10, B: sch.Ints(1, maxReplications), At: sch.Field(func(r *model.Run) *int { return &r.Replications }), Doc: "Monte Carlo replications"},
	{Name: "seed", Unit: "integer", Def: 1, B: sch.Ints(0, math.MaxInt64), At: sch.Field(func(r *model.Run) *uint64 { return &r.Seed }), Doc: "root of every random stream"},
	{Name: "service_level_seconds", Unit: "seconds", Def: 20.0, B: sch.NonNeg(model.SecondsPerDay), At: sch.Field(func(r *model.Run) *float64 { return &r.ServiceLevelSeconds }), Doc: "a call answered within it counts as answered in time"},
}

// checkWarmup checks that the warm-up ends before the horizon, and that
// there is none with a [tender], whose margin reviews and delivered
// quality read the months from the start.
func checkWarmup(d *decoder, t *table, dst any, _ place) {
	r := dst.(*model.Run)
	given := func(group string) *key { // the first given without a problem
		for _, k := range runKeys {
			if _, ok := t.M[k.Name]; ok && k.Group == group && !d.Bad[t.Path.Key(k.Name)] {
				return k
			}
		}
		return nil
	}
	h, w := given("horizon"), given("warmup")
	if w != nil && r.WarmupSeconds > 0 && d.tender {
		d.Errorf(t.Path.Key(w.Name), "must be 0 with a [tender]: its margin reviews and delivered quality are measured from the start, got %s", sch.Num(r.WarmupSeconds/w.Factor))
		return
	}
	if h == nil || w == nil || !(r.WarmupSeconds >= r.HorizonSeconds) {
		return
	}
	hv, wv := sch.Num(r.HorizonSeconds/h.Factor), sch.Num(r.WarmupSeconds/w.Factor)
	if h.Factor == w.Factor {
		d.Errorf(t.Path.Key(w.Name), "must be less than %s (%s), got %s", t.Path.Key(h.Name), hv, wv)
		return
	}
	d.Errorf(t.Path.Key(w.Name), "must be less than %s (%s = %.4g %s), got %s", t.Path.Key(h.Name), hv,
		r.HorizonSeconds/w.Factor, w.Unit, wv)
}

var performanceSchema = &schema{Keys: []*key{
	{Name: "novice_handle_time_penalty", Unit: "factor", Def: 0.8, B: sch.NonNeg(maxFactor), At: sch.Field(func(p *model.Performance) *float64 { return &p.NoviceHandleTimePenalty }), Src: "new hires take 1.3–1.8× tenured handle time (WFM Labs)"},
	{Name: "nesting_handle_time_factor", Unit: "factor", Def: 1.15, B: sch.Positive(maxFactor), At: sch.Field(func(p *model.Performance) *float64 { return &p.NestingHandleTimeFactor }), Src: "ASSUMPTION"},
	{Name: "monitoring_speedup", Unit: "fraction", Def: 0.15, B: sch.Fraction, At: sch.Field(func(p *model.Performance) *float64 { return &p.MonitoringSpeedup }), Src: "ASSUMPTION"},
	{Name: "language_handle_time_penalty", Unit: "factor", Def: 0.3, B: sch.NonNeg(maxFactor), At: sch.Field(func(p *model.Performance) *float64 { return &p.LanguageHandleTimePenalty }), Src: "ASSUMPTION"},
	{Name: "novice_resolution_penalty", Unit: "fraction", Def: 0.35, B: sch.Fraction, At: sch.Field(func(p *model.Performance) *float64 { return &p.NoviceResolutionPenalty }), Src: "ASSUMPTION; performance rises 64% over the first year, De Grip, Sauermann & Sieben 2016"},
	{Name: "nesting_resolution_factor", Unit: "fraction", Def: 0.9, B: sch.Fraction, At: sch.Field(func(p *model.Performance) *float64 { return &p.NestingResolutionFactor }), Src: "ASSUMPTION"},
	{Name: "monitoring_resolution_penalty", Unit: "fraction", Def: 0.2, B: sch.Fraction, At: sch.Field(func(p *model.Performance) *float64 { return &p.MonitoringResolutionPenalty }), Src: "ASSUMPTION; direction: Batt 2002"},
	{Name: "language_resolution_penalty", Unit: "fraction", Def: 0.3, B: sch.Fraction, At: sch.Field(func(p *model.Performance) *float64 { return &p.LanguageResolutionPenalty }), Src: "ASSUMPTION"},
}}

var redialSchema = &schema{Keys: []*key{
	{Name: "probability", Unit: "fraction", Req: true, B: sch.Fraction, At: sch.Field(func(r *model.Redial) *float64 { return &r.Probability }), Doc: "chance that a caller who hung up calls again"},
	durationKey("delay", func(r *model.Redial) *model.Dist { return &r.Delay }, "required when probability > 0", "time from hanging up to the redial").
		Needs(func(d *decoder, t *table, dst any) string {
			if dst.(*model.Redial).Probability > 0 && !d.Bad[t.Path.Key("probability")] {
				return "required when probability > 0"
			}
			return ""
		}),
}}

var incidentsSchema = &schema{Keys: []*key{
	{Name: "probability_per_month", Unit: "fraction", Req: true, B: sch.Fraction, At: sch.Field(func(i *model.Incidents) *float64 { return &i.ProbabilityPerMonth }), Doc: "chance that an incident starts in a month"},
	{Name: "multiplier", Unit: "factor", Req: true, B: sch.NonNeg(20), At: sch.Field(func(i *model.Incidents) *float64 { return &i.Multiplier }), Doc: "arrivals are multiplied by it during an incident"},
	{Name: "days", Unit: "integer, days", Req: true, B: sch.Ints(0, 366), At: sch.Field(func(i *model.Incidents) *int { return &i.Days }), Doc: "how long an incident lasts"},
}}

var contactTypeSchema = &schema{Keys: []*key{
	nameKey("contact type", func(c *model.ContactType) *string { return &c.Name }, "the type's name in routing and handle times"),
	{Name: "share", Unit: "fraction", Req: true, B: sch.Fraction, Rngs: "[0, 1], all sum to 1", Fixed: "the shares of the contact types must sum to 1 in every replication", At: sch.Field(func(c *model.ContactType) *float64 { return &c.Share }), Doc: "share of first attempts, before deflection"},
	{Name: "fcr", Unit: "fraction", Def: DefaultFCR, B: sch.Fraction, At: sch.Field(func(c *model.ContactType) *float64 { return &c.FCR }), Src: "ASSUMPTION: an expert's rate, so that a typical mix of skills lands near the observed 70–75%, QLM", Doc: "chance that an expert agent resolves the contact"},
	{Name: "deflection", Unit: "fraction", B: sch.Fraction, Rngs: "[0, 1], not every contact", At: sch.Field(func(c *model.ContactType) *float64 { return &c.Deflection }), Doc: "share absorbed by self-service before reaching an agent"},
	{Name: "escalation", Unit: "fraction", B: sch.Fraction, At: sch.Field(func(c *model.ContactType) *float64 { return &c.Escalation }), Doc: "chance that a handled contact goes on to `routing.escalation_site`"},
}}

var customersSchema = &schema{Keys: []*key{
	{Name: "repeat_probability", Unit: "fraction", Def: 0.8, B: sch.Fraction, At: sch.Field(func(c *model.Customers) *float64 { return &c.RepeatProbability }), Src: "ASSUMPTION", Doc: "chance that a customer whose contact did not resolve the issue calls again"},
	durationKey("repeat_delay", func(c *model.Customers) *model.Dist { return &c.RepeatDelay }, "exponential, mean 172,800 s = 2 days (ASSUMPTION)", "time to the repeat contact").
		Inits(func(dst any) { dst.(*model.Customers).RepeatDelay = model.Exp(2 * model.SecondsPerDay) }),
	{Name: "max_contacts", Unit: "integer", Def: 5, B: sch.Ints(0, 1000), Rngs: "0–1000; 0 = no limit, unless `repeat_probability` is 1", At: sch.Field(func(c *model.Customers) *int { return &c.MaxContacts }),
		Doc: "a journey ends unresolved after this many contacts",
		Only: func(d *decoder, t *table, dst any) string {
			if c := dst.(*model.Customers); c.RepeatProbability == 1 && t.M["max_contacts"] == int64(0) {
				return "must be at least 1 with repeat_probability = 1: an unresolved customer would call again forever"
			}
			return ""
		}},
	{Name: "lifetime_value_eur", Unit: "EUR", B: sch.NonNeg(maxMoney), At: sch.Field(func(c *model.Customers) *float64 { return &c.LifetimeValueEUR }), Doc: "value lost when a customer churns"},
	{Name: "satisfaction", Unit: "table", Sub: satisfactionSchema, At: sch.Field(func(c *model.Customers) *model.Satisfaction { return &c.Satisfaction }), Doc: "see below"},
	{Name: "churn", Unit: "table", Sub: churnSchema, At: sch.Field(func(c *model.Customers) *model.Churn { return &c.Churn }), Doc: "see below"},
}}

var satisfactionSchema = &schema{Keys: []*key{
	{Name: "base", Unit: "fraction", Def: 0.85, B: sch.Fraction, At: sch.Field(func(s *model.Satisfaction) *float64 { return &s.Base }), Src: "ASSUMPTION", Doc: "score of a journey resolved at once, no wait, native speaker"},
	{Name: "repeat_factor", Unit: "factor", Def: 0.85, B: sch.Fraction, At: sch.Field(func(s *model.Satisfaction) *float64 { return &s.RepeatFactor }), Src: "~15% less per extra call (SQM Group)", Doc: "per contact after the first"},
	{Name: "unresolved_factor", Unit: "factor", Def: 0.5, B: sch.Fraction, At: sch.Field(func(s *model.Satisfaction) *float64 { return &s.UnresolvedFactor }), Src: "ASSUMPTION", Doc: "for an unresolved journey"},
	{Name: "wait_penalty_per_minute", Unit: "per minute", Def: 0.02, B: sch.NonNeg(1), At: sch.Field(func(s *model.Satisfaction) *float64 { return &s.WaitPenaltyPerMinute }), Src: "ASSUMPTION", Doc: "per minute of total wait"},
	{Name: "language_penalty", Unit: "score", Def: 0.05, B: sch.NonNeg(1), At: sch.Field(func(s *model.Satisfaction) *float64 { return &s.LanguagePenalty }), Src: "accent did not affect satisfaction (Walsh et al. 2012), so small", Doc: "times (1 − mean language fit)"},
}}

var churnSchema = &schema{Keys: []*key{
	{Name: "resolved", Unit: "fraction", Def: 0.01, B: sch.Fraction, At: sch.Field(func(c *model.Churn) *float64 { return &c.Resolved }), Src: "ASSUMPTION", Doc: "churn after a resolved journey"},
	{Name: "unresolved_factor", Unit: "factor", Def: 5.0, B: sch.NonNeg(maxFactor), At: sch.Field(func(c *model.Churn) *float64 { return &c.UnresolvedFactor }), Src: "unresolved customers 5× more likely to leave (SQM Group)"},
	{Name: "dissatisfaction_factor", Unit: "factor", Def: 1.0, B: sch.NonNeg(maxFactor), At: sch.Field(func(c *model.Churn) *float64 { return &c.DissatisfactionFactor }), Src: "ASSUMPTION"},
}}

var costsSchema = &schema{Keys: []*key{
	sch.EnumKey(&key{Name: "billing", Rngs: `"in_house", "per_hour", "per_contact", "per_resolved"`, Doc: "what an outsourced site's client pays for: productive agent hours, handled contacts (repeats included), resolved contacts"},
		model.ParseBillingModel, func(c *model.Costs) *model.BillingModel { return &c.Billing }, "in_house"),
	{Name: "price_eur", Unit: "EUR per unit of `billing`", B: sch.Positive(maxMoney), At: sch.Field(func(c *model.Costs) *float64 { return &c.PriceEUR }),
		Defs: "required unless in house; not allowed in house or at a `[tender]` bidder's site (its winning bid sets it)", Doc: "the price",
		Only: sch.First(priceOnly, atBidder(true, "not allowed on a [tender] bidder's site: its price comes from its winning bid")),
		Need: func(d *decoder, t *table, dst any) string {
			if c := dst.(*model.Costs); priceOnly(d, t, dst) == "" && !d.bidding[siteName(d, t)] {
				return "required with billing = \"" + c.Billing.String() + "\""
			}
			return ""
		},
		Omit: func(e *encoder, p keyPath, src any) bool {
			return src.(*model.Costs).Billing == model.BillInHouse || bidderSite(e, p)
		}},
	sch.EnumKey(&key{Name: "pricing", Defs: "`\"fixed\"`; not allowed in house", Rngs: `"fixed", "wage_indexed", "cost_plus"`, Only: priceOnly,
		Omit: func(_ *encoder, _ keyPath, src any) bool { return src.(*model.Costs).Billing == model.BillInHouse },
		Doc:  "how the price moves during a contract: `\"fixed\"` rises by `price_index_per_year` each full year; `\"wage_indexed\"` follows the site's wage index (what its wage policy pays at one year's tenure, in EUR) at each change of the minimum wage; `\"cost_plus\"` is reset every `reprice_months` to the provider's measured cost per billed unit since the last reset ÷ (1 − margin). Under a fixed price a wage rise is the provider's; wage-indexed, it reaches the client at once; cost-plus, one reprice later"},
		model.ParsePricingMode, func(c *model.Costs) *model.PricingMode { return &c.Pricing }, "fixed"),
	{Name: "price_index_per_year", Unit: "rate", B: sch.Above(-1, maxRateOfChange), At: sch.Field(func(c *model.Costs) *float64 { return &c.PriceIndexPerYear }), Defs: "0; only with `pricing = \"fixed\"`", Src: "ASSUMPTION: tri(0.02, 0.03, 0.05) (docs/calibration.md 8)", Doc: "the price rises by it each full year of the contract",
		Only: sch.First(priceOnly, pricing.Only(model.PricingFixed)),
		Omit: func(_ *encoder, _ keyPath, src any) bool {
			c := src.(*model.Costs)
			return c.Billing == model.BillInHouse || c.Pricing != model.PricingFixed
		}},
	{Name: "reprice_months", Unit: "integer, months", B: sch.Ints(1, 1200), Defs: "required with `pricing = \"cost_plus\"`, else not allowed", Src: "ASSUMPTION", At: sch.Field(func(c *model.Costs) *int { return &c.RepriceMonths }),
		Only: sch.First(priceOnly, pricing.Only(model.PricingCostPlus)), Need: pricing.Need(model.PricingCostPlus), Omit: pricing.Omit(model.PricingCostPlus),
		Doc: "how often a cost-plus price is reset, counted from the contract's start"},
	{Name: "margin_share", Unit: "fraction of the price", B: sch.BelowOne, Defs: "required with `pricing = \"cost_plus\"` outside a `[tender]`, else not allowed (a bidder's margin is its winning bid's)", Src: "ASSUMPTION: Dutch outsourcers tri(0.05, 0.08, 0.12), Surinamese tri(0.15, 0.25, 0.40) (docs/calibration.md 12)", At: sch.Field(func(c *model.Costs) *float64 { return &c.MarginShare }),
		Only: sch.First(priceOnly, pricing.Only(model.PricingCostPlus), atBidder(true, "not allowed on a [tender] bidder's site: a cost-plus price keeps the margin of the winning bid")),
		Need: func(d *decoder, t *table, dst any) string {
			if d.bidding[siteName(d, t)] {
				return ""
			}
			return pricing.Need(model.PricingCostPlus)(d, t, dst)
		},
		Omit: func(e *encoder, p keyPath, src any) bool {
			return src.(*model.Costs).Pricing != model.PricingCostPlus || bidderSite(e, p)
		},
		Doc: "the provider's margin on a cost-plus price"},
	{Name: "reference_price_eur", Unit: "EUR per unit of `billing`", B: sch.NonNeg(maxMoney), Defs: "0: none; only at a `[tender]` bidder's site", At: sch.Field(func(c *model.Costs) *float64 { return &c.ReferencePriceEUR }),
		Src:  "market prices: NL outsourced tri(32, 42, 55) € per productive hour or tri(3.5, 4.6, 6.0) € per handled contact; from Paramaribo tri(14, 20, 28) € per productive hour (docs/calibration.md 1)",
		Only: sch.First(priceOnly, atBidder(false, "only allowed on a [tender] bidder's site: a bidder that prices to win never bids above it")),
		Omit: func(e *encoder, p keyPath, src any) bool { return !bidderSite(e, p) },
		Doc:  "the market's price of the site's work: a bidder that prices to win (`bid_strategy`) never bids above its sites' units at it"},
	{Name: "recruitment_per_hire_eur", Unit: "EUR", B: sch.NonNeg(maxMoney), At: sch.Field(func(c *model.Costs) *float64 { return &c.RecruitmentPerHireEUR }), Doc: "cost of one hire"},
	{Name: "seat_per_agent_month_eur", Unit: "EUR", B: sch.NonNeg(maxMoney), At: sch.Field(func(c *model.Costs) *float64 { return &c.SeatPerAgentMonthEUR }), Doc: "seats and facilities per employed agent-month"},
	{Name: "telecom_per_minute_eur", Unit: "EUR", B: sch.NonNeg(maxMoney), At: sch.Field(func(c *model.Costs) *float64 { return &c.TelecomPerMinuteEUR }), Doc: "per minute of handled contact"},
	{Name: "management_per_agent_month_eur", Unit: "EUR", B: sch.NonNeg(maxMoney), At: sch.Field(func(c *model.Costs) *float64 { return &c.ManagementPerAgentMonthEUR }), Doc: "team leaders and management per employed agent-month"},
	{Name: "governance_per_month_eur", Unit: "EUR", B: sch.NonNeg(maxMoney), At: sch.Field(func(c *model.Costs) *float64 { return &c.GovernancePerMonthEUR }), Doc: "the client's own fixed cost of steering the site"},
	slaKey,
}}

// pricing allows, requires and writes a costs key by the site's pricing.
var pricing = choice[model.PricingMode]{Key: "pricing", Of: func(dst any) model.PricingMode { return dst.(*model.Costs).Pricing }, Say: true}

// priceOnly refuses a price at an in-house site.
var priceOnly = outsourced("an in-house site has no price")

// outsourced refuses a costs key at an in-house site, saying why.
func outsourced(why string) hook {
	return func(d *decoder, t *table, dst any) string {
		if d.Bad[t.Path.Key("billing")] {
			return "-"
		}
		if dst.(*model.Costs).Billing == model.BillInHouse {
			return `only allowed with billing = "per_hour", "per_contact" or "per_resolved" (` + why + ")"
		}
		return ""
	}
}

// atBidder refuses a key at a [tender] bidder's site (is true) or
// elsewhere (is false).
func atBidder(is bool, msg string) hook {
	return func(d *decoder, t *table, _ any) string { return map[bool]string{is: msg}[d.bidding[siteName(d, t)]] }
}

// bidderSite reports whether p is in a [tender] bidder's site.
func bidderSite(e *encoder, p keyPath) bool {
	return e.Sc.Tender != nil && e.Sc.Tender.BidderOf(siteIndex(p)) >= 0
}

var workforceSchema = &schema{Check: checkCover, Keys: []*key{
	{Name: "initial_headcount", Unit: "integer", B: sch.Ints(0, maxHeadcount), Defs: "0 = the headcount target", At: sch.Field(func(w *model.Workforce) *int { return &w.InitialHeadcount }), Doc: "agents employed at day 0"},
	{Name: "initial_tenure_mean_days", Unit: "days", Def: 365.0, B: sch.NonNeg(maxDays), At: sch.Field(func(w *model.Workforce) *float64 { return &w.InitialTenureMeanDays }), Src: "ASSUMPTION", Doc: "mean tenure (exponential) of the agents employed at day 0"},
	{Name: "headcount_target", Unit: "integer", B: sch.Ints(0, maxHeadcount), At: sch.Field(func(w *model.Workforce) *int { return &w.HeadcountTarget }), Defs: "0 = from the plan: weekly planned agent-hours ÷ (contract hours × (1 − shrinkage))", Doc: "employed agents that requisitions try to hold"},
	{Name: "service_level_target", Unit: "fraction", Def: 0.8, B: sch.Fraction, At: sch.Field(func(w *model.Workforce) *float64 { return &w.ServiceLevelTarget }), Src: "the 80/20 standard (Call Centre Helper 2015)", Doc: "the plan's target share answered within `run.service_level_seconds`"},
	{Name: "max_abandon_rate", Unit: "fraction", Def: 0.05, B: sch.Fraction, At: sch.Field(func(w *model.Workforce) *float64 { return &w.MaxAbandonRate }),
		Defs: "0.05; 0 = no ceiling", Src: "2–5% abandonment counts as healthy (Ziptone, ~2024; docs/calibration.md)",
		Doc: "the plan's ceiling on the share of offered calls that abandon: a plan held to a service level alone staffs fewer agents when callers are less patient"},
	sch.EnumKey(&key{Name: "plan_queue", Rngs: `"erlang_a", "erlang_c"`, Doc: "the plan's queue model: Erlang A with the callers' mean patience, or Erlang C as if nobody abandoned"},
		model.ParsePlanQueue, func(w *model.Workforce) *model.PlanQueue { return &w.PlanQueue }, "erlang_a"),
	{Name: "shrinkage", Unit: "fraction", Def: 0.35, B: bounds{Hi: 1, HiOpen: true, What: "must be in [0, 1)", Max: 0.9},
		At:  sch.Field(func(w *model.Workforce) *float64 { return &w.Shrinkage }),
		Src: "sick leave often >10% in contact centres (klantcontact.nl 2024), plus breaks and coaching (ASSUMPTION)", Doc: "share of paid hours not available to answer"},
	{Name: "contract_hours_per_week", Unit: "hours", Def: 36.0, B: bounds{Hi: 168, LoOpen: true, What: "must be in (0, 168]", Min: 1},
		At: sch.Field(func(w *model.Workforce) *float64 { return &w.ContractHoursPerWeek }), Doc: "paid hours of one full-time agent"},
	{Name: "training_days", Unit: "days", Def: 29.0, B: sch.NonNeg(maxDays), At: sch.Field(func(w *model.Workforce) *float64 { return &w.TrainingDays }), Src: "initial training 4.2 weeks (Batt, Doellgast & Kwon 2005)", Doc: "paid classroom training before answering"},
	{Name: "nesting_days", Unit: "days", Def: 28.0, B: sch.NonNeg(maxDays), At: sch.Field(func(w *model.Workforce) *float64 { return &w.NestingDays }), Src: "ASSUMPTION", Doc: "answering, slower and resolving less, after training"},
	{Name: "skill_at_hire", Unit: "table `{ alpha, beta }`", Sub: skillSchema, Inline: true, Defs: "alpha 2, beta 4 (ASSUMPTION: mean 1/3)", Rngs: "both required", At: sch.Field(func(w *model.Workforce) *model.Beta { return &w.SkillAtHire }), Doc: "beta distribution of a new hire's skill in [0, 1]"},
	{Name: "skill_ceiling", Unit: "fraction", Def: 0.95, B: sch.Fraction, At: sch.Field(func(w *model.Workforce) *float64 { return &w.SkillCeiling }), Doc: "the skill agents approach with tenure"},
	{Name: "learning_days", Unit: "days", Def: 120.0, B: sch.NonNeg(maxDays), At: sch.Field(func(w *model.Workforce) *float64 { return &w.LearningDays }), Src: "full proficiency in 3–6 months for routine work (WFM Labs)", Doc: "the gap to the ceiling shrinks by e every `learning_days`"},
	{Name: "language_fit", Unit: "fraction", Def: 1.0, B: sch.Fraction, At: sch.Field(func(w *model.Workforce) *float64 { return &w.LanguageFit }), Defs: "1 (native)", Doc: "how well the agents' Dutch fits the customers"},
	{Name: "monitoring", Unit: "fraction", Def: 0.3, B: sch.Fraction, At: sch.Field(func(w *model.Workforce) *float64 { return &w.Monitoring }), Src: "ASSUMPTION", Doc: "management pressure: 0 trust-based, 1 heavy monitoring"},
	{Name: "attrition", Unit: "table", Sub: attritionSchema, At: sch.Field(func(w *model.Workforce) *model.Attrition { return &w.Attrition }), Doc: "see below"},
	labourPoolKey,
	{Name: "pool", Unit: "table", Sub: poolSchema, At: sch.Field(func(w *model.Workforce) *model.LabourPool { return &w.Pool }), Only: ownPoolOnly, Defs: "unlimited",
		Omit: func(_ *encoder, _ keyPath, src any) bool { return src.(*model.Workforce).LabourPool != "" },
		Doc:  "the site's own labour pool, a pool of this one site (see below)"},
	coverKeys[0], coverKeys[1], coverKeys[2],
	{Name: "wages", Unit: "table", Sub: wagesSchema, Req: true, Miss: " (add a [sites.workforce.wages] table with minimum_per_hour)", At: sch.Field(func(w *model.Workforce) *model.Wages { return &w.Wages }), Doc: "see `[sites.workforce.wages]`"},
}}

var skillSchema = &schema{Keys: []*key{
	{Name: "alpha", B: sch.Positive(maxBetaShape).AtLeast(minBetaShape), Def: 2.0, At: sch.Field(func(b *model.Beta) *float64 { return &b.Alpha }), Req: true, Doc: "first shape of `skill_at_hire`"},
	{Name: "beta", B: sch.Positive(maxBetaShape).AtLeast(minBetaShape), Def: 4.0, At: sch.Field(func(b *model.Beta) *float64 { return &b.Beta }), Req: true, Doc: "second shape of `skill_at_hire`"},
}}

var attritionSchema = &schema{Keys: []*key{
	{Name: "base_annual", Unit: "quits a year ÷ average headcount", Def: 0.30, B: sch.NonNeg(maxRateOfChange), At: sch.Field(func(a *model.Attrition) *float64 { return &a.BaseAnnual }), Src: "NL contact centres 25–35% a year (Ziptone; docs/calibration.md §5)",
		Doc: "the quit rate at reference conditions, on the HR turnover scale of the sources: the daily hazard is base_annual ÷ 365 (1.0 means one quit per agent-year, not that everyone leaves within a year)"},
	{Name: "reference_pay_ratio", Unit: "pay ÷ going wage", Def: 1.0, B: sch.NonNeg(10), At: sch.Field(func(a *model.Attrition) *float64 { return &a.ReferencePayRatio }), Doc: "the pay at which `base_annual` holds, against the going wage of the site's labour pool"},
	{Name: "pay_elasticity", Unit: "factor", Def: 1.0, B: sch.NonNeg(10), At: sch.Field(func(a *model.Attrition) *float64 { return &a.PayElasticity }), Src: "ASSUMPTION: no source quantifies it", Doc: "hazard × e^(−elasticity·(pay ÷ going wage − reference)): an agent paid below the going wage is poached more easily"},
	{Name: "monitoring_effect", Unit: "factor", Def: 0.5, B: sch.NonNeg(maxFactor), At: sch.Field(func(a *model.Attrition) *float64 { return &a.MonitoringEffect }), Src: "pressure +8.3 points of quits (Batt & Colvin 2011), direction and rough size"},
	{Name: "occupancy_threshold", Unit: "fraction", Def: 0.85, B: sch.Fraction, At: sch.Field(func(a *model.Attrition) *float64 { return &a.OccupancyThreshold }), Src: "ASSUMPTION"},
	{Name: "occupancy_effect", Unit: "factor", Def: 0.5, B: sch.NonNeg(maxFactor), At: sch.Field(func(a *model.Attrition) *float64 { return &a.OccupancyEffect }), Src: "ASSUMPTION"},
	{Name: "early_tenure_days", Unit: "days", Def: 90.0, B: sch.NonNeg(maxDays), At: sch.Field(func(a *model.Attrition) *float64 { return &a.EarlyTenureDays })},
	{Name: "early_tenure_factor", Unit: "factor", Def: 2.0, B: sch.NonNeg(maxFactor), At: sch.Field(func(a *model.Attrition) *float64 { return &a.EarlyTenureFactor }), Src: "many leave within six weeks (FNV in klantcontact.nl)"},
	{Name: "dismissal_annual", Unit: "dismissals a year ÷ average headcount", Def: 0.05, B: sch.NonNeg(maxRateOfChange), At: sch.Field(func(a *model.Attrition) *float64 { return &a.DismissalAnnual }), Src: "ASSUMPTION", Doc: "a constant hazard on top of quits, on the same scale"},
}}

// sweepSchema is a swept key's range (decoded by sweepRange).
var sweepSchema = &schema{Keys: []*key{
	{Name: "values", Unit: "array of numbers", Defs: "one of `values` or `from`, `to`, `step`", Rngs: "at least one, distinct", Doc: "the values the key takes"},
	{Name: "from", Unit: "the key's unit", Defs: "required in a range", Doc: "the first value..."},
	{Name: "to", Unit: "the key's unit", Defs: "required in a range", Rngs: ">= `from`", Doc: "...the last (included within 1e-9)..."},
	{Name: "step", Unit: "the key's unit", Defs: "required in a range", Rngs: "> 0", Doc: "...by this step"},
}}
