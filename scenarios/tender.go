package scenarios

import (
	"slices"
	"strconv"
	"strings"

	"offsim/model"
)

// This file declares and decodes the race-to-the-bottom features: [policy]
// (the policy switches) and [tender] (contract cycle, award rule,
// transition, bidders and their levers).

var policySchema = &schema{keys: []*key{
	{name: "wage_floor_premium", unit: "fraction of the minimum wage", defs: "no floor", b: nonNeg(maxFactor), at: field(func(p *model.Policy) *float64 { return &p.WageFloorPremium }), val: switchOn(func(p *model.Policy) *bool { return &p.WageFloor }, func(p *model.Policy) *float64 { return &p.WageFloorPremium }, nonNeg(maxFactor)), omit: func(_ *encoder, _ keyPath, src any) bool { return !src.(*model.Policy).WageFloor },
		doc: "a sector wage floor at domestic sites: no wage below minimum × (1 + x). The CAO Facilitaire Contactcenters' lowest scale is WML + 3.85% in 2026 (cnv.nl, 2025). Offshore sites are not covered"},
	{name: "ban_per_contact_billing", unit: "boolean", def: false, at: field(func(p *model.Policy) *bool { return &p.BanPerContactBilling }), doc: "per-contact billing is forbidden: a tender's per-contact sites bill per productive hour; a fixed-price site billing per contact is an error"},
	{name: "max_monitoring", unit: "fraction", defs: "no cap", b: fraction, at: field(func(p *model.Policy) *float64 { return &p.MaxMonitoring }), val: switchOn(func(p *model.Policy) *bool { return &p.CapMonitoring }, func(p *model.Policy) *float64 { return &p.MaxMonitoring }, fraction), omit: func(_ *encoder, _ keyPath, src any) bool { return !src.(*model.Policy).CapMonitoring },
		doc: "monitoring never above it, whatever a site or a lever says"},
	{name: "min_training_days", unit: "days", b: nonNeg(maxDays), at: field(func(p *model.Policy) *float64 { return &p.MinTrainingDays }), doc: "classroom training never shorter"},
}}

// switchOn returns the decoder of a number whose presence switches a
// policy on.
func switchOn(flag func(*model.Policy) *bool, f func(*model.Policy) *float64, b bounds) func(d *decoder, p keyPath, v any, dst any, at place) {
	return func(d *decoder, p keyPath, v any, dst any, at place) {
		if x, pd, ok := d.number(p, v, b); ok {
			*f(dst.(*model.Policy)), *flag(dst.(*model.Policy)) = x, true
			d.bind(p, pd, b, func(sc *model.Scenario, x float64) { *f(at(sc).(*model.Policy)) = x })
		}
	}
}

var tenderKey = &key{name: "tender", unit: "table", sub: tenderSchema, lazy: true, defs: "none", doc: "re-tender the first line among bidders ([`[tender]`](#tender))",
	at: field(func(s *model.Scenario) *model.Tender {
		if s.Tender == nil {
			s.Tender = &model.Tender{}
		}
		return s.Tender
	}),
	omit: func(_ *encoder, _ keyPath, src any) bool { return src.(*model.Scenario).Tender == nil }}

var tenderSchema = &schema{check: checkNotice, keys: []*key{
	{name: "contract_months", unit: "integer, months", req: true, b: ints(1, 1200), at: field(func(t *model.Tender) *int { return &t.ContractMonths }), doc: "the length of one contract"},
	{name: "notice_days", unit: "days", def: float64(DefaultNoticeDays), b: nonNeg(maxDays), rngs: "[0, one contract]", src: "ASSUMPTION", fixed: "the notice period times the contract cycle, the same in every replication", at: field(func(t *model.Tender) *float64 { return &t.NoticeDays }), doc: "from an award to the contract's start: the winner recruits and trains, the loser still serves"},
	{name: "review_months", unit: "integer, months", def: DefaultReviewMonths, b: ints(1, 1200), src: "ASSUMPTION", at: field(func(t *model.Tender) *int { return &t.ReviewMonths }), doc: "how often, counted from each contract's start, the provider holding the contract compares its margin over the months since its last review with its target (12: each contract year as a whole)"},
	{name: "quality_weight", unit: "fraction", b: fraction, defs: "0: lowest price wins", at: field(func(t *model.Tender) *float64 { return &t.Award.QualityWeight }), doc: "the share of the award score given to quality"},
	enumKey(&key{name: "quality_metric", rngs: `"service_level", "fcr", "csat"`, doc: "the outcome quality is scored on"},
		model.ParseQualityMetric, func(t *model.Tender) *model.QualityMetric { return &t.Award.Quality }, "csat"),
	{name: "quality_floor", unit: "fraction", b: belowOne, at: field(func(t *model.Tender) *float64 { return &t.Award.QualityFloor }), doc: "the quality that earns no points: points = (quality − floor) ÷ (best − floor), at least 0"},
	{name: "delivered_weight", unit: "fraction", def: 1.0, b: fraction, at: field(func(t *model.Tender) *float64 { return &t.Award.DeliveredWeight }), doc: "how much quality as delivered in a bidder's last contract counts against its promise"},
	{name: "bid_noise_cv", unit: "coefficient of variation", b: nonNeg(maxDurationCV), at: field(func(t *model.Tender) *float64 { return &t.Award.BidNoiseCV }), doc: "each bidder's error in estimating its own cost (lognormal, mean 1)"},
	{name: "transition", unit: "table", sub: transitionSchema, at: field(func(t *model.Tender) *model.Transition { return &t.Transition }), doc: "see below"},
	{name: "bidders", unit: "array of tables `[[tender.bidders]]`", req: true, sub: bidderSchema, noun: "bidder", b: ints(1, 100), list: listOf[model.Tender, model.Bidder](func(t *model.Tender) *[]model.Bidder { return &t.Bidders }), doc: "the providers that bid"},
	{name: "incumbent", unit: "bidder name", defs: "the first bidder", rngs: "a known bidder", val: decodeIncumbent, enc: func(_ *encoder, _ keyPath, src any) any { t := src.(*model.Tender); return t.Bidders[t.Incumbent].Name },
		doc: "holds the first contract, from day 0"},
}}

var transitionSchema = &schema{keys: []*key{
	{name: "rehire_probability", unit: "fraction", b: fraction, at: field(func(t *model.Transition) *float64 { return &t.RehireProbability }), doc: "chance an agent of the losing provider is hired by the winner's site in the same labour market: the same `[[labour_pools]]` pool, or, between sites with their own pools, the same country"},
	{name: "skill_retention", unit: "fraction", def: 1.0, b: fraction, at: field(func(t *model.Transition) *float64 { return &t.SkillRetention }), doc: "share of a rehired agent's skill that carries over"},
	{name: "client_cost_eur", unit: "EUR", b: nonNeg(maxMoney), at: field(func(t *model.Transition) *float64 { return &t.ClientCostEUR }), doc: "the client's own one-off cost of a change (booked as governance)"},
}}

var bidderSchema = &schema{keys: []*key{
	nameKey("bidder", func(b *model.Bidder) *string { return &b.Name }, "the bidder's name in outputs"),
	{name: "sites", unit: "table `{ <site> = fraction }`", req: true, rngs: "known sites, each in one bidder; [0, 1], sum 1", val: decodeBidderSites, enc: encodeBidderSites, doc: "the share of the first line each site takes while the bidder holds the contract; a share of 0 is a site only the `offshore_share` lever fills"},
	{name: "pooled", unit: "boolean", defs: "false", at: field(func(b *model.Bidder) *bool { return &b.Pooled }),
		doc: "the bidder answers the first line from one queue over its sites with a share, in the order of `[[sites]]` (a pooled route); each site's staffing is planned for its share"},
	{name: "delay_seconds", unit: "table `{ <site> = seconds }`", defs: "0 for every site; only with `pooled = true`", rngs: ">= 0, at most 1e9; the bidder's sites",
		only: func(_ *decoder, t *table, _ any) string {
			if p, _ := t.m["pooled"].(bool); !p {
				return "only allowed with pooled = true"
			}
			return ""
		},
		val: func(d *decoder, p keyPath, v any, dst any, at place) {
			b := dst.(*model.Bidder)
			r := model.Route{Sites: b.Sites}
			decodeDelays(d, p, v, &r, at)
			b.DelaySeconds = r.DelaySeconds
		},
		enc: func(e *encoder, _ keyPath, src any) any {
			b := src.(*model.Bidder)
			if b.DelaySeconds == nil {
				return nil
			}
			return e.bySite(b.Sites, func(i int) any { return b.DelaySeconds[i] })
		},
		doc: "a site's agents take a waiting contact only once it has waited this long (the site is held back)"},
	{name: "target_margin", unit: "fraction of the price", req: true, b: belowOne, at: field(func(b *model.Bidder) *float64 { return &b.TargetMargin }), doc: "defended with levers at reviews; priced into a `\"cost_plus\"` bid, and into the first contract's price"},
	enumKey(&key{name: "bid_strategy", rngs: `"price_to_win", "cost_plus"`,
		doc: "`\"cost_plus\"`: bid the estimated cost ÷ (1 − `target_margin`); `\"price_to_win\"`: bid the higher of the floor (cost ÷ (1 − `min_margin`)) and the price at which the bid still beats the rival bids the bidder expects (their costs as it misjudges them, by `bid_noise_cv`, at their least margins), less `undercut`, and never above its sites' `reference_price_eur`"},
		model.ParseBidStrategy, func(b *model.Bidder) *model.BidStrategy { return &b.Strategy }, "price_to_win"),
	{name: "min_margin", unit: "fraction of the price", b: belowOne, src: "ASSUMPTION: Dutch outsourcers tri(0, 0.03, 0.05): contracts were bought below cost price (Ziptone, 2007 survey of the outsourcers' association); Surinamese tri(0.05, 0.10, 0.20) (docs/calibration.md 12)", at: field(func(b *model.Bidder) *float64 { return &b.MinMargin }), doc: "the least margin the bidder accepts: its floor is its estimated cost ÷ (1 − min_margin)"},
	{name: "undercut", unit: "fraction of the price", def: 0.01, b: belowOne, src: "ASSUMPTION: tri(0.005, 0.01, 0.03)", at: field(func(b *model.Bidder) *float64 { return &b.Undercut }),
		only: bidStrategy.only(model.BidPriceToWin), omit: bidStrategy.omit(model.BidPriceToWin),
		doc: "how far under the price it expects to win at the bidder bids"},
	{name: "release_levers", unit: "boolean", def: false, at: field(func(b *model.Bidder) *bool { return &b.ReleaseLevers }), doc: "a review at which the margin is back at `target_margin` + `release_band` releases the lever pulled last by one step, towards the contracted workforce and shares"},
	{name: "release_band", unit: "fraction of the price", b: belowOne, at: field(func(b *model.Bidder) *float64 { return &b.ReleaseBand }),
		only: func(_ *decoder, _ *table, dst any) string {
			if !dst.(*model.Bidder).ReleaseLevers {
				return "only allowed with release_levers = true"
			}
			return ""
		},
		omit: func(_ *encoder, _ keyPath, src any) bool { return !src.(*model.Bidder).ReleaseLevers },
		doc:  "how far above its target the margin must be for a release: keeps a lever from being pulled and released at every review"},
	{name: "promised_quality", unit: "fraction", b: fraction, defs: "0; required when `quality_weight` > 0", at: field(func(b *model.Bidder) *float64 { return &b.PromisedQuality }),
		doc: "the `quality_metric` the bidder promises",
		need: func(d *decoder, _ *table, _ any) string {
			if d.sc.Tender.Award.QualityWeight > 0 {
				return "required key is missing"
			}
			return ""
		}},
	{name: "levers", unit: "array of `{ lever, step, limit }`", sub: leverSchema, noun: "lever", inline: true, defs: "none", list: listOf[model.Bidder, model.Lever](func(b *model.Bidder) *[]model.Lever { return &b.Levers }), omit: func(_ *encoder, _ keyPath, src any) bool { return len(src.(*model.Bidder).Levers) == 0 },
		doc: "pulled in this order, one step per review, while the margin is below target; released in the reverse order (`release_levers`)"},
}}

// bidStrategy allows and writes a bidder key by its bid strategy.
var bidStrategy = choice[model.BidStrategy]{key: "bid_strategy", of: func(dst any) model.BidStrategy { return dst.(*model.Bidder).Strategy }, lenient: true}

var leverSchema = &schema{fixed: "a lever's step and limit are the provider's policy, the same in every replication", keys: []*key{
	{name: "lever", unit: "string", req: true, rngs: `"wage_premium", "monitoring", "training", "offshore_share"`, val: decodeLever, enc: func(_ *encoder, _ keyPath, src any) any { return src.(*model.Lever).Kind.String() }, doc: "what the provider does under margin pressure"},
	{name: "step", unit: "the lever's unit: fraction of the minimum wage; monitoring; days of training; fraction of contacts", req: true, b: positive(maxDays), at: field(func(l *model.Lever) *float64 { return &l.Step }), doc: "how far one pull moves it"},
	{name: "limit", unit: "the lever's unit", req: true, b: nonNeg(maxDays), rngs: ">= 0; [0, 1] for monitoring and offshore share", val: decodeLeverLimit, at: field(func(l *model.Lever) *float64 { return &l.Limit }), doc: "where it stops: the least premium (and never below a wage floor), the most monitoring (and never above a cap), the least training (and never below the minimum), the largest offshore share"},
}}

// bidderSiteNames returns the names of the sites the file's
// [[tender.bidders]] run, read from the raw tree before the decoder checks
// it, so that those sites' costs may go without a price.
func bidderSiteNames(raw map[string]any) map[string]bool {
	out := map[string]bool{}
	t, _ := raw["tender"].(map[string]any)
	bidders, _ := namedOrNot(t["bidders"])
	for _, b := range bidders {
		if sites, ok := b["sites"].(map[string]any); ok {
			for name := range sites {
				out[name] = true
			}
		}
	}
	return out
}

// indexIn returns i of a key path prefix[i]..., -1 if p is not one.
func indexIn(p keyPath, prefix string) int {
	s, ok := strings.CutPrefix(string(p), prefix+"[")
	if j := strings.IndexByte(s, ']'); ok && j > 0 {
		if i, err := strconv.Atoi(s[:j]); err == nil {
			return i
		}
	}
	return -1
}

// decodeBidderSites decodes a bidder's sites = { <site> = share } in the
// order of the scenario's sites, and marks them as the bidder's.
func decodeBidderSites(d *decoder, p keyPath, v any, dst any, _ place) {
	b, sc := dst.(*model.Bidder), d.sc
	var r model.Route
	d.shares(p, v, &r, "a bidder's shares must sum to 1 in every replication")
	if d.owner == nil {
		d.owner = slices.Repeat([]int{-1}, len(sc.Sites))
	}
	bi := indexIn(p, "tender.bidders")
	escalates := slices.ContainsFunc(sc.Demand.ContactTypes, func(ct model.ContactType) bool { return ct.Escalation > 0 })
	for k, si := range r.Sites {
		site := &sc.Sites[si]
		kp := p.Key(site.Name)
		switch {
		case d.owner[si] >= 0:
			d.errorf(kp, "site %q already belongs to bidder %q; a site has one provider", site.Name, d.names("bidder").list[d.owner[si]])
			continue
		case escalates && si == sc.Routing.EscalationSite:
			d.errorf(kp, "site %q is routing.escalation_site, the client's own second line, which is no bidder's", site.Name)
		case site.Workforce == nil:
			d.errorf(kp, "site %q needs a [sites.workforce]: a bidder's costs and levers act on its people", site.Name)
		case site.Costs.Billing == model.BillInHouse:
			d.errorf(kp, `site %q has billing = "in_house"; a bidder's site bills the client (per_hour, per_contact or per_resolved)`, site.Name)
		}
		d.owner[si] = bi
		b.Sites = append(b.Sites, si)
		b.Shares = append(b.Shares, r.Shares[k])
	}
}

// decodeLever decodes a lever's kind; moving work offshore needs a
// bidder with a domestic and an offshore site.
func decodeLever(d *decoder, p keyPath, v any, dst any, _ place) {
	s, ok := d.str(p, v)
	if !ok {
		return
	}
	k, err := model.ParseLeverKind(s)
	if err != nil {
		d.errorf(p, "%s", err)
		return
	}
	dst.(*model.Lever).Kind = k
	var dom, off bool
	for _, si := range d.sc.Tender.Bidders[indexIn(p, "tender.bidders")].Sites {
		off = off || d.sc.Sites[si].Offshore()
		dom = dom || !d.sc.Sites[si].Offshore()
	}
	if k == model.LeverOffshoreShare && !(dom && off) {
		d.errorf(p, "needs the bidder to run a domestic site and an offshore site (country other than %s) to move work between", model.DomesticCountry)
	}
}

// decodeLeverLimit decodes a lever's limit: a fraction for monitoring and
// the offshore share.
func decodeLeverLimit(d *decoder, p keyPath, v any, dst any, _ place) {
	l := dst.(*model.Lever)
	b := nonNeg(maxDays)
	if l.Kind == model.LeverMonitoring || l.Kind == model.LeverOffshoreShare {
		b = fraction
	}
	if x, _, ok := d.number(p, v, b); ok {
		l.Limit = x
	}
}

func decodeIncumbent(d *decoder, p keyPath, v any, dst any, _ place) {
	if s, ok := d.str(p, v); ok {
		bidders := d.names("bidder")
		if i, known := bidders.index[s]; known {
			dst.(*model.Tender).Incumbent = i
		} else {
			d.errorf(p, "unknown bidder %q (bidders: %s)", s, bidders)
		}
	}
}

// checkNotice checks that the notice period fits in a contract.
func checkNotice(d *decoder, t *table, dst any, _ place) {
	tn := dst.(*model.Tender)
	if np := t.path.Key("notice_days"); !d.bad[np] && tn.ContractMonths > 0 && tn.NoticeDays > tn.ContractDays() {
		d.errorf(np, "must be at most one contract (%s days), got %s", num(tn.ContractDays()), num(tn.NoticeDays))
	}
}

// checkTender reports the sites that are no bidder's (but the escalation
// site) and routes the first line to the incumbent.
func (d *decoder) checkTender(sc *model.Scenario) {
	tn := sc.Tender
	escalates := slices.ContainsFunc(sc.Demand.ContactTypes, func(ct model.ContactType) bool { return ct.Escalation > 0 })
	if len(tn.Bidders) > 0 && !slices.Contains(d.names("bidder").list, "") && d.owner != nil {
		for si, o := range d.owner {
			if o < 0 && !(escalates && si == sc.Routing.EscalationSite) && sc.Sites[si].Name != "" {
				d.errorf(keyPath("sites").Index(si).Key("name"),
					"site %q belongs to no bidder and is not routing.escalation_site: with a [tender], every first-line site is a bidder's", sc.Sites[si].Name)
			}
		}
	}
	if len(tn.Bidders) > 0 && tn.Incumbent < len(tn.Bidders) && len(tn.Bidders[tn.Incumbent].Shares) > 0 {
		b := tn.Incumbent
		sc.Routing = tn.BidderRouting(sc.Routing, len(sc.Demand.ContactTypes), b, tn.Bidders[b].Shares)
	}
}

// checkBannedBilling reports, under a ban on per-contact billing, each
// site outside the tender with a fixed price per contact.
func (d *decoder) checkBannedBilling(sc *model.Scenario) {
	if !sc.Policy.BanPerContactBilling {
		return
	}
	for i, s := range sc.Sites {
		if s.Costs.Billing == model.BillPerContact && !d.bidding[s.Name] {
			d.errorf(keyPath("sites").Index(i).Key("costs").Key("billing"),
				"bills per contact, which policy.ban_per_contact_billing forbids (per_hour or per_resolved)")
		}
	}
}
