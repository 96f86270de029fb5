package scenarios

import (
	"cmp"
	"fmt"
	"math"

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
	fillDefaults(s, &v)
	return v
}

var runSchema = &schema{fixed: "run settings are the same in every replication", check: checkWarmup, keys: runKeys}

var runKeys = []*key{
	{name: "horizon_hours", unit: "hours", group: "horizon", req: true, factor: model.SecondsPerHour, b: positive(maxHorizonHours), at: field(func(r *model.Run) *float64 { return &r.HorizonSeconds }), defs: "required: exactly one of the two", doc: "simulated time of one replication, warm-up included"},
	{name: "horizon_months", unit: "months (365/12 days)", group: "horizon", factor: secondsPerMonth, b: positive(maxHorizonHours / 24 / model.DaysPerMonth), at: field(func(r *model.Run) *float64 { return &r.HorizonSeconds }), doc: "the same, in months"},
	{name: "warmup_hours", unit: "hours", group: "warmup", factor: model.SecondsPerHour, b: nonNeg(maxHorizonHours), rngs: "< horizon", at: field(func(r *model.Run) *float64 { return &r.WarmupSeconds }), defs: "0: at most one of the three", doc: "initial time left out of every statistic"},
	{name: "warmup_days", unit: "days", group: "warmup", factor: model.SecondsPerDay, b: nonNeg(maxHorizonHours / 24), rngs: "< horizon", at: field(func(r *model.Run) *float64 { return &r.WarmupSeconds }), doc: "the same, in days"},
	{name: "warmup_months", unit: "months", group: "warmup", factor: secondsPerMonth, b: nonNeg(maxHorizonHours / 24 / model.DaysPerMonth), rngs: "< horizon", at: field(func(r *model.Run) *float64 { return &r.WarmupSeconds }), doc: "the same, in months"},
	{name: "replications", unit: "integer", def: 10, b: ints(1, maxReplications), at: field(func(r *model.Run) *int { return &r.Replications }), doc: "Monte Carlo replications"},
	{name: "seed", unit: "integer", def: 1, b: ints(0, math.MaxInt64), at: field(func(r *model.Run) *uint64 { return &r.Seed }), doc: "root of every random stream"},
	{name: "service_level_seconds", unit: "seconds", def: 20.0, b: nonNeg(model.SecondsPerDay), at: field(func(r *model.Run) *float64 { return &r.ServiceLevelSeconds }), doc: "a call answered within it counts as answered in time"},
}

// checkWarmup checks that the warm-up ends before the horizon.
func checkWarmup(d *decoder, t *table, dst any, _ place) {
	r := dst.(*model.Run)
	given := func(group string) *key { // the first given without a problem
		for _, k := range runKeys {
			if _, ok := t.m[k.name]; ok && k.group == group && !d.bad[t.path.Key(k.name)] {
				return k
			}
		}
		return nil
	}
	h, w := given("horizon"), given("warmup")
	if h == nil || w == nil || !(r.WarmupSeconds >= r.HorizonSeconds) {
		return
	}
	hv, wv := num(r.HorizonSeconds/h.factor), num(r.WarmupSeconds/w.factor)
	if h.factor == w.factor {
		d.errorf(t.path.Key(w.name), "must be less than %s (%s), got %s", t.path.Key(h.name), hv, wv)
		return
	}
	d.errorf(t.path.Key(w.name), "must be less than %s (%s = %.4g %s), got %s", t.path.Key(h.name), hv,
		r.HorizonSeconds/w.factor, w.unit, wv)
}

var performanceSchema = &schema{keys: []*key{
	{name: "novice_handle_time_penalty", unit: "factor", def: 0.8, b: nonNeg(maxFactor), at: field(func(p *model.Performance) *float64 { return &p.NoviceHandleTimePenalty }), src: "new hires take 1.3–1.8× tenured handle time (WFM Labs)"},
	{name: "nesting_handle_time_factor", unit: "factor", def: 1.15, b: positive(maxFactor), at: field(func(p *model.Performance) *float64 { return &p.NestingHandleTimeFactor }), src: "ASSUMPTION"},
	{name: "monitoring_speedup", unit: "fraction", def: 0.15, b: fraction, at: field(func(p *model.Performance) *float64 { return &p.MonitoringSpeedup }), src: "ASSUMPTION"},
	{name: "language_handle_time_penalty", unit: "factor", def: 0.3, b: nonNeg(maxFactor), at: field(func(p *model.Performance) *float64 { return &p.LanguageHandleTimePenalty }), src: "ASSUMPTION"},
	{name: "novice_resolution_penalty", unit: "fraction", def: 0.35, b: fraction, at: field(func(p *model.Performance) *float64 { return &p.NoviceResolutionPenalty }), src: "ASSUMPTION; performance rises 64% over the first year, De Grip, Sauermann & Sieben 2016"},
	{name: "nesting_resolution_factor", unit: "fraction", def: 0.9, b: fraction, at: field(func(p *model.Performance) *float64 { return &p.NestingResolutionFactor }), src: "ASSUMPTION"},
	{name: "monitoring_resolution_penalty", unit: "fraction", def: 0.2, b: fraction, at: field(func(p *model.Performance) *float64 { return &p.MonitoringResolutionPenalty }), src: "ASSUMPTION; direction: Batt 2002"},
	{name: "language_resolution_penalty", unit: "fraction", def: 0.3, b: fraction, at: field(func(p *model.Performance) *float64 { return &p.LanguageResolutionPenalty }), src: "ASSUMPTION"},
}}

// durationSchema is a duration's distribution, model.Dist: patience,
// handle times, delays.
var durationSchema = &schema{keys: []*key{
	{name: "dist", unit: "string", req: true, rngs: `"exponential", "lognormal", "deterministic"`, doc: "the family", dec: decodeDurationKind, enc: func(_ *encoder, _ keyPath, src any) any { return src.(*model.Dist).Kind.String() }},
	{name: "mean_seconds", unit: "seconds", group: "mean", req: true, b: positive(maxDistMeanDays * model.SecondsPerDay).atLeast(1), at: field(func(d *model.Dist) *float64 { return &d.MeanSeconds }), defs: "required: exactly one of the two", doc: "the mean"},
	{name: "mean_days", unit: "days", group: "mean", factor: model.SecondsPerDay, b: positive(maxDistMeanDays).atLeast(1 / model.SecondsPerDay), at: field(func(d *model.Dist) *float64 { return &d.MeanSeconds }), doc: "the mean, in days"},
	{name: "cv", unit: "coefficient of variation", b: positive(maxDurationCV), at: field(func(d *model.Dist) *float64 { return &d.CV }),
		defs: "required with lognormal, else not allowed", doc: "standard deviation ÷ mean",
		only: durationKind.only(model.Lognormal), need: durationKind.need(model.Lognormal), omit: durationKind.omit(model.Lognormal)},
}}

// durationKind allows, requires and writes cv by the distribution's kind.
var durationKind = choice[model.DistKind]{key: "dist", of: func(dst any) model.DistKind { return dst.(*model.Dist).Kind }, lenient: true}

// decodeDurationKind decodes a duration's dist; a parameter family there
// is refused with a hint, and stops the table.
func decodeDurationKind(d *decoder, t *table, dst any, _ place) bool {
	v, p, ok := t.get("dist")
	if !ok {
		d.errorf(p, "required key is missing")
		return true
	}
	s, ok := d.str(p, v)
	if !ok {
		return true
	}
	switch s {
	case "triangular", "uniform", "normal", "beta":
		d.errorf(p, "%q is a parameter distribution, not a duration's: a duration takes \"exponential\", \"lognormal\" or \"deterministic\" with mean_seconds (to make the mean uncertain, write mean_seconds = { dist = %q, ... })", s, s)
		return false
	}
	k, err := model.ParseDistKind(s)
	if err != nil || k == model.None {
		d.errorf(p, "unknown distribution %q (want exponential, lognormal or deterministic)", s)
		return true
	}
	dst.(*model.Dist).Kind = k
	for _, k := range []string{"mean", "sd"} {
		if _, present := t.m[k]; present {
			_, kp, _ := t.get(k)
			d.errorf(kp, `not a key of a duration's distribution, which takes mean_seconds (or mean_days) and cv; mean and sd belong to a parameter distribution (to make the mean uncertain, write mean_seconds = { dist = "lognormal", mean = ..., sd = ... })`)
		}
	}
	return true
}

// durationKey is a key whose value is a duration's distribution.
func durationKey[T any](name string, f func(*T) *model.Dist, defs, doc string) *key {
	return &key{name: name, unit: "distribution", defs: defs, doc: doc, sub: durationSchema, at: field(f), lazy: true, inline: true,
		want: `a distribution table { dist = "exponential", mean_seconds = ... }`,
		omit: func(_ *encoder, _ keyPath, src any) bool { return f(src.(*T)).Kind == model.None }}
}

var redialSchema = &schema{keys: []*key{
	{name: "probability", unit: "fraction", req: true, b: fraction, at: field(func(r *model.Redial) *float64 { return &r.Probability }), doc: "chance that a caller who hung up calls again"},
	durationKey("delay", func(r *model.Redial) *model.Dist { return &r.Delay }, "required when probability > 0", "time from hanging up to the redial").
		needs(func(d *decoder, t *table, dst any) string {
			if dst.(*model.Redial).Probability > 0 && !d.bad[t.path.Key("probability")] {
				return "required when probability > 0"
			}
			return ""
		}),
}}

var incidentsSchema = &schema{keys: []*key{
	{name: "probability_per_month", unit: "fraction", req: true, b: fraction, at: field(func(i *model.Incidents) *float64 { return &i.ProbabilityPerMonth }), doc: "chance that an incident starts in a month"},
	{name: "multiplier", unit: "factor", req: true, b: nonNeg(20), at: field(func(i *model.Incidents) *float64 { return &i.Multiplier }), doc: "arrivals are multiplied by it during an incident"},
	{name: "days", unit: "integer, days", req: true, b: ints(0, 366), at: field(func(i *model.Incidents) *int { return &i.Days }), doc: "how long an incident lasts"},
}}

var contactTypeSchema = &schema{keys: []*key{
	nameKey("contact type", func(c *model.ContactType) *string { return &c.Name }, "the type's name in routing and handle times"),
	{name: "share", unit: "fraction", req: true, b: fraction, rngs: "[0, 1], all sum to 1", fixed: "the shares of the contact types must sum to 1 in every replication", at: field(func(c *model.ContactType) *float64 { return &c.Share }), doc: "share of first attempts, before deflection"},
	{name: "fcr", unit: "fraction", def: DefaultFCR, b: fraction, at: field(func(c *model.ContactType) *float64 { return &c.FCR }), src: "ASSUMPTION: an expert's rate, so that a typical mix of skills lands near the observed 70–75%, QLM", doc: "chance that an expert agent resolves the contact"},
	{name: "deflection", unit: "fraction", b: fraction, rngs: "[0, 1], not every contact", at: field(func(c *model.ContactType) *float64 { return &c.Deflection }), doc: "share absorbed by self-service before reaching an agent"},
	{name: "escalation", unit: "fraction", b: fraction, at: field(func(c *model.ContactType) *float64 { return &c.Escalation }), doc: "chance that a handled contact goes on to `routing.escalation_site`"},
}}

var customersSchema = &schema{keys: []*key{
	{name: "repeat_probability", unit: "fraction", def: 0.8, b: fraction, at: field(func(c *model.Customers) *float64 { return &c.RepeatProbability }), src: "ASSUMPTION", doc: "chance that a customer whose contact did not resolve the issue calls again"},
	durationKey("repeat_delay", func(c *model.Customers) *model.Dist { return &c.RepeatDelay }, "exponential, mean 172,800 s = 2 days (ASSUMPTION)", "time to the repeat contact").
		inits(func(dst any) { dst.(*model.Customers).RepeatDelay = model.Exp(2 * model.SecondsPerDay) }),
	{name: "max_contacts", unit: "integer", def: 5, b: ints(0, 1000), rngs: "0–1000; 0 = no limit, unless `repeat_probability` is 1", at: field(func(c *model.Customers) *int { return &c.MaxContacts }),
		doc: "a journey ends unresolved after this many contacts",
		only: func(d *decoder, t *table, dst any) string {
			if c := dst.(*model.Customers); c.RepeatProbability == 1 && t.m["max_contacts"] == int64(0) {
				return "must be at least 1 with repeat_probability = 1: an unresolved customer would call again forever"
			}
			return ""
		}},
	{name: "lifetime_value_eur", unit: "EUR", b: nonNeg(maxMoney), at: field(func(c *model.Customers) *float64 { return &c.LifetimeValueEUR }), doc: "value lost when a customer churns"},
	{name: "satisfaction", unit: "table", sub: satisfactionSchema, at: field(func(c *model.Customers) *model.Satisfaction { return &c.Satisfaction }), doc: "see below"},
	{name: "churn", unit: "table", sub: churnSchema, at: field(func(c *model.Customers) *model.Churn { return &c.Churn }), doc: "see below"},
}}

var satisfactionSchema = &schema{keys: []*key{
	{name: "base", unit: "fraction", def: 0.85, b: fraction, at: field(func(s *model.Satisfaction) *float64 { return &s.Base }), src: "ASSUMPTION", doc: "score of a journey resolved at once, no wait, native speaker"},
	{name: "repeat_factor", unit: "factor", def: 0.85, b: fraction, at: field(func(s *model.Satisfaction) *float64 { return &s.RepeatFactor }), src: "~15% less per extra call (SQM Group)", doc: "per contact after the first"},
	{name: "unresolved_factor", unit: "factor", def: 0.5, b: fraction, at: field(func(s *model.Satisfaction) *float64 { return &s.UnresolvedFactor }), src: "ASSUMPTION", doc: "for an unresolved journey"},
	{name: "wait_penalty_per_minute", unit: "per minute", def: 0.02, b: nonNeg(1), at: field(func(s *model.Satisfaction) *float64 { return &s.WaitPenaltyPerMinute }), src: "ASSUMPTION", doc: "per minute of total wait"},
	{name: "language_penalty", unit: "score", def: 0.05, b: nonNeg(1), at: field(func(s *model.Satisfaction) *float64 { return &s.LanguagePenalty }), src: "accent did not affect satisfaction (Walsh et al. 2012), so small", doc: "times (1 − mean language fit)"},
}}

var churnSchema = &schema{keys: []*key{
	{name: "resolved", unit: "fraction", def: 0.01, b: fraction, at: field(func(c *model.Churn) *float64 { return &c.Resolved }), src: "ASSUMPTION", doc: "churn after a resolved journey"},
	{name: "unresolved_factor", unit: "factor", def: 5.0, b: nonNeg(maxFactor), at: field(func(c *model.Churn) *float64 { return &c.UnresolvedFactor }), src: "unresolved customers 5× more likely to leave (SQM Group)"},
	{name: "dissatisfaction_factor", unit: "factor", def: 1.0, b: nonNeg(maxFactor), at: field(func(c *model.Churn) *float64 { return &c.DissatisfactionFactor }), src: "ASSUMPTION"},
}}

var costsSchema = &schema{keys: []*key{
	enumKey(&key{name: "billing", rngs: `"in_house", "per_hour", "per_contact", "per_resolved"`, doc: "what an outsourced site's client pays for: productive agent hours, handled contacts (repeats included), resolved contacts"},
		model.ParseBillingModel, func(c *model.Costs) *model.BillingModel { return &c.Billing }, "in_house"),
	{name: "price_eur", unit: "EUR per unit of `billing`", b: positive(maxMoney), at: field(func(c *model.Costs) *float64 { return &c.PriceEUR }),
		defs: "required unless in house; not allowed in house or at a `[tender]` bidder's site (its winning bid sets it)", doc: "the price",
		only: first(priceOnly, atBidder(true, "not allowed on a [tender] bidder's site: its price comes from its winning bid")),
		need: func(d *decoder, t *table, dst any) string {
			if c := dst.(*model.Costs); priceOnly(d, t, dst) == "" && !d.bidding[siteName(d, t)] {
				return "required with billing = \"" + c.Billing.String() + "\""
			}
			return ""
		},
		omit: func(e *encoder, p keyPath, src any) bool {
			return src.(*model.Costs).Billing == model.BillInHouse || e.atBidder(p)
		}},
	enumKey(&key{name: "pricing", defs: "`\"fixed\"`; not allowed in house", rngs: `"fixed", "wage_indexed", "cost_plus"`, only: priceOnly,
		omit: func(_ *encoder, _ keyPath, src any) bool { return src.(*model.Costs).Billing == model.BillInHouse },
		doc:  "how the price moves during a contract: `\"fixed\"` rises by `price_index_per_year` each full year; `\"wage_indexed\"` follows the site's wage index (what its wage policy pays at one year's tenure, in EUR) at each change of the minimum wage; `\"cost_plus\"` is reset every `reprice_months` to the provider's measured cost per billed unit since the last reset ÷ (1 − margin). Under a fixed price a wage rise is the provider's; wage-indexed, it reaches the client at once; cost-plus, one reprice later"},
		model.ParsePricingMode, func(c *model.Costs) *model.PricingMode { return &c.Pricing }, "fixed"),
	{name: "price_index_per_year", unit: "rate", b: above(-1, maxRateOfChange), at: field(func(c *model.Costs) *float64 { return &c.PriceIndexPerYear }), defs: "0; only with `pricing = \"fixed\"`", src: "ASSUMPTION: tri(0.02, 0.03, 0.05) (docs/calibration.md 8)", doc: "the price rises by it each full year of the contract",
		only: first(priceOnly, pricing.only(model.PricingFixed)),
		omit: func(_ *encoder, _ keyPath, src any) bool {
			c := src.(*model.Costs)
			return c.Billing == model.BillInHouse || c.Pricing != model.PricingFixed
		}},
	{name: "reprice_months", unit: "integer, months", b: ints(1, 1200), defs: "required with `pricing = \"cost_plus\"`, else not allowed", src: "ASSUMPTION", at: field(func(c *model.Costs) *int { return &c.RepriceMonths }),
		only: first(priceOnly, pricing.only(model.PricingCostPlus)), need: pricing.need(model.PricingCostPlus), omit: pricing.omit(model.PricingCostPlus),
		doc: "how often a cost-plus price is reset, counted from the contract's start"},
	{name: "margin_share", unit: "fraction of the price", b: belowOne, defs: "required with `pricing = \"cost_plus\"` outside a `[tender]`, else not allowed (a bidder's margin is its winning bid's)", src: "ASSUMPTION: Dutch outsourcers tri(0.05, 0.08, 0.12), Surinamese tri(0.15, 0.25, 0.40) (docs/calibration.md 12)", at: field(func(c *model.Costs) *float64 { return &c.MarginShare }),
		only: first(priceOnly, pricing.only(model.PricingCostPlus), atBidder(true, "not allowed on a [tender] bidder's site: a cost-plus price keeps the margin of the winning bid")),
		need: func(d *decoder, t *table, dst any) string {
			if d.bidding[siteName(d, t)] {
				return ""
			}
			return pricing.need(model.PricingCostPlus)(d, t, dst)
		},
		omit: func(e *encoder, p keyPath, src any) bool {
			return src.(*model.Costs).Pricing != model.PricingCostPlus || e.atBidder(p)
		},
		doc: "the provider's margin on a cost-plus price"},
	{name: "reference_price_eur", unit: "EUR per unit of `billing`", b: nonNeg(maxMoney), defs: "0: none; only at a `[tender]` bidder's site", at: field(func(c *model.Costs) *float64 { return &c.ReferencePriceEUR }),
		src:  "market prices: NL outsourced tri(32, 42, 55) € per productive hour or tri(3.5, 4.6, 6.0) € per handled contact; from Paramaribo tri(14, 20, 28) € per productive hour (docs/calibration.md 1)",
		only: first(priceOnly, atBidder(false, "only allowed on a [tender] bidder's site: a bidder that prices to win never bids above it")),
		omit: func(e *encoder, p keyPath, src any) bool { return !e.atBidder(p) },
		doc:  "the market's price of the site's work: a bidder that prices to win (`bid_strategy`) never bids above its sites' units at it"},
	{name: "recruitment_per_hire_eur", unit: "EUR", b: nonNeg(maxMoney), at: field(func(c *model.Costs) *float64 { return &c.RecruitmentPerHireEUR }), doc: "cost of one hire"},
	{name: "seat_per_agent_month_eur", unit: "EUR", b: nonNeg(maxMoney), at: field(func(c *model.Costs) *float64 { return &c.SeatPerAgentMonthEUR }), doc: "seats and facilities per employed agent-month"},
	{name: "telecom_per_minute_eur", unit: "EUR", b: nonNeg(maxMoney), at: field(func(c *model.Costs) *float64 { return &c.TelecomPerMinuteEUR }), doc: "per minute of handled contact"},
	{name: "management_per_agent_month_eur", unit: "EUR", b: nonNeg(maxMoney), at: field(func(c *model.Costs) *float64 { return &c.ManagementPerAgentMonthEUR }), doc: "team leaders and management per employed agent-month"},
	{name: "governance_per_month_eur", unit: "EUR", b: nonNeg(maxMoney), at: field(func(c *model.Costs) *float64 { return &c.GovernancePerMonthEUR }), doc: "the client's own fixed cost of steering the site"},
	slaKey,
}}

// pricing allows, requires and writes a costs key by the site's pricing.
var pricing = choice[model.PricingMode]{key: "pricing", of: func(dst any) model.PricingMode { return dst.(*model.Costs).Pricing }, say: true}

// priceOnly refuses a price at an in-house site.
var priceOnly = outsourced("an in-house site has no price")

// outsourced refuses a costs key at an in-house site, saying why.
func outsourced(why string) hook {
	return func(d *decoder, t *table, dst any) string {
		if d.bad[t.path.Key("billing")] {
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

// atBidder reports whether p is in a [tender] bidder's site.
func (e *encoder) atBidder(p keyPath) bool {
	return e.sc.Tender != nil && e.sc.Tender.BidderOf(siteIndex(p)) >= 0
}

var workforceSchema = &schema{check: checkCover, keys: []*key{
	{name: "initial_headcount", unit: "integer", b: ints(0, maxHeadcount), defs: "0 = the headcount target", at: field(func(w *model.Workforce) *int { return &w.InitialHeadcount }), doc: "agents employed at day 0"},
	{name: "initial_tenure_mean_days", unit: "days", def: 365.0, b: nonNeg(maxDays), at: field(func(w *model.Workforce) *float64 { return &w.InitialTenureMeanDays }), src: "ASSUMPTION", doc: "mean tenure (exponential) of the agents employed at day 0"},
	{name: "headcount_target", unit: "integer", b: ints(0, maxHeadcount), at: field(func(w *model.Workforce) *int { return &w.HeadcountTarget }), defs: "0 = from the plan: weekly planned agent-hours ÷ (contract hours × (1 − shrinkage))", doc: "employed agents that requisitions try to hold"},
	{name: "service_level_target", unit: "fraction", def: 0.8, b: fraction, at: field(func(w *model.Workforce) *float64 { return &w.ServiceLevelTarget }), src: "the 80/20 standard (Call Centre Helper 2015)", doc: "the plan's target share answered within `run.service_level_seconds`"},
	{name: "max_abandon_rate", unit: "fraction", def: 0.05, b: fraction, at: field(func(w *model.Workforce) *float64 { return &w.MaxAbandonRate }),
		defs: "0.05; 0 = no ceiling", src: "2–5% abandonment counts as healthy (Ziptone, ~2024; docs/calibration.md)",
		doc: "the plan's ceiling on the share of offered calls that abandon: a plan held to a service level alone staffs fewer agents when callers are less patient"},
	enumKey(&key{name: "plan_queue", rngs: `"erlang_a", "erlang_c"`, doc: "the plan's queue model: Erlang A with the callers' mean patience, or Erlang C as if nobody abandoned"},
		model.ParsePlanQueue, func(w *model.Workforce) *model.PlanQueue { return &w.PlanQueue }, "erlang_a"),
	{name: "shrinkage", unit: "fraction", def: 0.35, b: bounds{hi: 1, hiOpen: true, what: "must be in [0, 1)", max: 0.9},
		at:  field(func(w *model.Workforce) *float64 { return &w.Shrinkage }),
		src: "sick leave often >10% in contact centres (klantcontact.nl 2024), plus breaks and coaching (ASSUMPTION)", doc: "share of paid hours not available to answer"},
	{name: "contract_hours_per_week", unit: "hours", def: 36.0, b: bounds{hi: 168, loOpen: true, what: "must be in (0, 168]", min: 1},
		at: field(func(w *model.Workforce) *float64 { return &w.ContractHoursPerWeek }), doc: "paid hours of one full-time agent"},
	{name: "training_days", unit: "days", def: 29.0, b: nonNeg(maxDays), at: field(func(w *model.Workforce) *float64 { return &w.TrainingDays }), src: "initial training 4.2 weeks (Batt, Doellgast & Kwon 2005)", doc: "paid classroom training before answering"},
	{name: "nesting_days", unit: "days", def: 28.0, b: nonNeg(maxDays), at: field(func(w *model.Workforce) *float64 { return &w.NestingDays }), src: "ASSUMPTION", doc: "answering, slower and resolving less, after training"},
	{name: "skill_at_hire", unit: "table `{ alpha, beta }`", sub: skillSchema, inline: true, defs: "alpha 2, beta 4 (ASSUMPTION: mean 1/3)", rngs: "both required", at: field(func(w *model.Workforce) *model.Beta { return &w.SkillAtHire }), doc: "beta distribution of a new hire's skill in [0, 1]"},
	{name: "skill_ceiling", unit: "fraction", def: 0.95, b: fraction, at: field(func(w *model.Workforce) *float64 { return &w.SkillCeiling }), doc: "the skill agents approach with tenure"},
	{name: "learning_days", unit: "days", def: 120.0, b: nonNeg(maxDays), at: field(func(w *model.Workforce) *float64 { return &w.LearningDays }), src: "full proficiency in 3–6 months for routine work (WFM Labs)", doc: "the gap to the ceiling shrinks by e every `learning_days`"},
	{name: "language_fit", unit: "fraction", def: 1.0, b: fraction, at: field(func(w *model.Workforce) *float64 { return &w.LanguageFit }), defs: "1 (native)", doc: "how well the agents' Dutch fits the customers"},
	{name: "monitoring", unit: "fraction", def: 0.3, b: fraction, at: field(func(w *model.Workforce) *float64 { return &w.Monitoring }), src: "ASSUMPTION", doc: "management pressure: 0 trust-based, 1 heavy monitoring"},
	{name: "attrition", unit: "table", sub: attritionSchema, at: field(func(w *model.Workforce) *model.Attrition { return &w.Attrition }), doc: "see below"},
	labourPoolKey,
	{name: "pool", unit: "table", sub: poolSchema, at: field(func(w *model.Workforce) *model.LabourPool { return &w.Pool }), only: ownPoolOnly, defs: "unlimited",
		omit: func(_ *encoder, _ keyPath, src any) bool { return src.(*model.Workforce).LabourPool != "" },
		doc:  "the site's own labour pool, a pool of this one site (see below)"},
	coverKeys[0], coverKeys[1], coverKeys[2],
	{name: "wages", unit: "table", sub: wagesSchema, req: true, miss: " (add a [sites.workforce.wages] table with minimum_per_hour)", at: field(func(w *model.Workforce) *model.Wages { return &w.Wages }), doc: "see `[sites.workforce.wages]`"},
}}

var skillSchema = &schema{keys: []*key{
	{name: "alpha", b: positive(maxBetaShape).atLeast(minBetaShape), def: 2.0, at: field(func(b *model.Beta) *float64 { return &b.Alpha }), req: true, doc: "first shape of `skill_at_hire`"},
	{name: "beta", b: positive(maxBetaShape).atLeast(minBetaShape), def: 4.0, at: field(func(b *model.Beta) *float64 { return &b.Beta }), req: true, doc: "second shape of `skill_at_hire`"},
}}

var attritionSchema = &schema{keys: []*key{
	{name: "base_annual", unit: "quits a year ÷ average headcount", def: 0.30, b: nonNeg(maxRateOfChange), at: field(func(a *model.Attrition) *float64 { return &a.BaseAnnual }), src: "NL contact centres 25–35% a year (Ziptone; docs/calibration.md §5)",
		doc: "the quit rate at reference conditions, on the HR turnover scale of the sources: the daily hazard is base_annual ÷ 365 (1.0 means one quit per agent-year, not that everyone leaves within a year)"},
	{name: "reference_pay_ratio", unit: "pay ÷ going wage", def: 1.0, b: nonNeg(10), at: field(func(a *model.Attrition) *float64 { return &a.ReferencePayRatio }), doc: "the pay at which `base_annual` holds, against the going wage of the site's labour pool"},
	{name: "pay_elasticity", unit: "factor", def: 1.0, b: nonNeg(10), at: field(func(a *model.Attrition) *float64 { return &a.PayElasticity }), src: "ASSUMPTION: no source quantifies it", doc: "hazard × e^(−elasticity·(pay ÷ going wage − reference)): an agent paid below the going wage is poached more easily"},
	{name: "monitoring_effect", unit: "factor", def: 0.5, b: nonNeg(maxFactor), at: field(func(a *model.Attrition) *float64 { return &a.MonitoringEffect }), src: "pressure +8.3 points of quits (Batt & Colvin 2011), direction and rough size"},
	{name: "occupancy_threshold", unit: "fraction", def: 0.85, b: fraction, at: field(func(a *model.Attrition) *float64 { return &a.OccupancyThreshold }), src: "ASSUMPTION"},
	{name: "occupancy_effect", unit: "factor", def: 0.5, b: nonNeg(maxFactor), at: field(func(a *model.Attrition) *float64 { return &a.OccupancyEffect }), src: "ASSUMPTION"},
	{name: "early_tenure_days", unit: "days", def: 90.0, b: nonNeg(maxDays), at: field(func(a *model.Attrition) *float64 { return &a.EarlyTenureDays })},
	{name: "early_tenure_factor", unit: "factor", def: 2.0, b: nonNeg(maxFactor), at: field(func(a *model.Attrition) *float64 { return &a.EarlyTenureFactor }), src: "many leave within six weeks (FNV in klantcontact.nl)"},
	{name: "dismissal_annual", unit: "dismissals a year ÷ average headcount", def: 0.05, b: nonNeg(maxRateOfChange), at: field(func(a *model.Attrition) *float64 { return &a.DismissalAnnual }), src: "ASSUMPTION", doc: "a constant hazard on top of quits, on the same scale"},
}}

// paramSchema is a parameter distribution, model.ParamDist (decoded by
// paramDist: which keys a family takes is in paramKeys).
var paramSchema = &schema{keys: []*key{
	{name: "dist", unit: "string", req: true, rngs: `"triangular", "uniform", "normal", "lognormal", "beta"`, doc: "the family"},
	{name: "min", unit: "the key's unit", defs: "required with triangular and uniform; a normal's with `max`; beta 0", rngs: "< `max`", at: field(func(p *model.ParamDist) *float64 { return &p.Min }), doc: "the smallest value drawn"},
	{name: "mode", unit: "the key's unit", defs: "required with triangular", rngs: "[min, max]", at: field(func(p *model.ParamDist) *float64 { return &p.Mode }), doc: "the most likely value"},
	{name: "max", unit: "the key's unit", defs: "required with triangular and uniform; a normal's with `min`; beta 1", rngs: "> `min`", at: field(func(p *model.ParamDist) *float64 { return &p.Max }), doc: "the largest value drawn"},
	{name: "mean", unit: "the key's unit", defs: "required with normal and lognormal", rngs: "lognormal > 0; a bounded normal's within [min, max]", at: field(func(p *model.ParamDist) *float64 { return &p.Mean }), doc: "the mean"},
	{name: "sd", unit: "the key's unit", defs: "required with normal and lognormal", rngs: "> 0; a lognormal's at most 100 × its mean", at: field(func(p *model.ParamDist) *float64 { return &p.SD }), doc: "the standard deviation"},
	{name: "alpha", defs: "required with beta", rngs: "0.1–10,000", at: field(func(p *model.ParamDist) *float64 { return &p.Alpha }), doc: "the first shape"},
	{name: "beta", defs: "required with beta", rngs: "0.1–10,000", at: field(func(p *model.ParamDist) *float64 { return &p.Beta }), doc: "the second shape"},
	{name: "shared", unit: "string", defs: "none", rngs: "a name; the same distribution and range wherever it is used", doc: "every parameter with this name takes one draw per replication: one quantity given at several keys (the national minimum wage's indexation at every site of the country)"},
}}

// sweepSchema is a swept key's range (decoded by sweepRange).
var sweepSchema = &schema{keys: []*key{
	{name: "values", unit: "array of numbers", defs: "one of `values` or `from`, `to`, `step`", rngs: "at least one, distinct", doc: "the values the key takes"},
	{name: "from", unit: "the key's unit", defs: "required in a range", doc: "the first value..."},
	{name: "to", unit: "the key's unit", defs: "required in a range", rngs: ">= `from`", doc: "...the last (included within 1e-9)..."},
	{name: "step", unit: "the key's unit", defs: "required in a range", rngs: "> 0", doc: "...by this step"},
}}

func (b bounds) atLeast(min float64) bounds {
	b.min = min
	return b
}

// needs, inits return k with a condition that requires it, or a default.
func (k *key) needs(h hook) *key {
	k.need = h
	return k
}

func (k *key) inits(f func(dst any)) *key {
	k.init = f
	return k
}

// enumKey makes k a key whose string names one of a model's kinds, def
// by default.
func enumKey[T any, E fmt.Stringer](k *key, parse func(string) (E, error), f func(*T) *E, def string) *key {
	k.unit, k.defs, k.at = "string", cmp.Or(k.defs, "`\""+def+"\"`"), field(f)
	k.init = func(dst any) { *f(dst.(*T)), _ = parse(def) }
	k.val = func(d *decoder, p keyPath, v any, dst any, _ place) {
		if s, ok := d.str(p, v); ok {
			if e, err := parse(s); err != nil {
				d.errorf(p, "%s", err)
			} else {
				*f(dst.(*T)) = e
			}
		}
	}
	k.enc = func(_ *encoder, _ keyPath, src any) any { return (*f(src.(*T))).String() }
	return k
}
