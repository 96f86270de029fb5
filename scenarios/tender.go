package scenarios

import (
	"slices"
	"strconv"
	"strings"

	sch "offsim/internal/tomlschema"
	"offsim/model"
)

// This file declares and decodes the race-to-the-bottom features: [policy]
// (the policy switches) and [tender] (contract cycle, award rule,
// transition, bidders and their levers).

var policySchema = &schema{Keys: []*key{
	{Name: "wage_floor_premium", Unit: "fraction of the minimum wage", Defs: "no floor", B: sch.NonNeg(maxFactor), At: sch.Field(func(p *model.Policy) *float64 { return &p.WageFloorPremium }), Val: switchOn(func(p *model.Policy) *bool { return &p.WageFloor }, func(p *model.Policy) *float64 { return &p.WageFloorPremium }, sch.NonNeg(maxFactor)), Omit: func(_ *encoder, _ keyPath, src any) bool { return !src.(*model.Policy).WageFloor },
		Doc: "a sector wage floor at domestic sites: no wage below minimum × (1 + x). The CAO Facilitaire Contactcenters' lowest scale is WML + 3.85% in 2026 (cnv.nl, 2025). Offshore sites are not covered"},
	{Name: "ban_per_contact_billing", Unit: "boolean", Def: false, At: sch.Field(func(p *model.Policy) *bool { return &p.BanPerContactBilling }), Doc: "per-contact billing is forbidden: a tender's per-contact sites bill per productive hour; a fixed-price site billing per contact is an error"},
	{Name: "max_monitoring", Unit: "fraction", Defs: "no cap", B: sch.Fraction, At: sch.Field(func(p *model.Policy) *float64 { return &p.MaxMonitoring }), Val: switchOn(func(p *model.Policy) *bool { return &p.CapMonitoring }, func(p *model.Policy) *float64 { return &p.MaxMonitoring }, sch.Fraction), Omit: func(_ *encoder, _ keyPath, src any) bool { return !src.(*model.Policy).CapMonitoring },
		Doc: "monitoring never above it, whatever a site or a lever says"},
	{Name: "min_training_days", Unit: "days", B: sch.NonNeg(maxDays), At: sch.Field(func(p *model.Policy) *float64 { return &p.MinTrainingDays }), Doc: "classroom training never shorter"},
}}

// switchOn returns the decoder of a number whose presence switches a
// policy on.
func switchOn(flag func(*model.Policy) *bool, f func(*model.Policy) *float64, b bounds) func(d *decoder, p keyPath, v any, dst any, at place) {
	return func(d *decoder, p keyPath, v any, dst any, at place) {
		if x, pd, ok := d.Number(p, v, b); ok {
			*f(dst.(*model.Policy)), *flag(dst.(*model.Policy)) = x, true
			d.Bind(p, pd, b, func(sc *model.Scenario, x float64) { *f(at(sc).(*model.Policy)) = x })
		}
	}
}

var tenderKey = &key{Name: "tender", Unit: "table", Sub: tenderSchema, Lazy: true, Defs: "none", Doc: "re-tender the first line among bidders ([`[tender]`](#tender))",
	At: sch.Field(func(s *model.Scenario) *model.Tender {
		if s.Tender == nil {
			s.Tender = &model.Tender{}
		}
		return s.Tender
	}),
	Omit: func(_ *encoder, _ keyPath, src any) bool { return src.(*model.Scenario).Tender == nil }}

var tenderSchema = &schema{Check: checkNotice, Keys: []*key{
	{Name: "contract_months", Unit: "integer, months", Req: true, B: sch.Ints(1, 1200), At: sch.Field(func(t *model.Tender) *int { return &t.ContractMonths }), Doc: "the length of one contract"},
	{Name: "notice_days", Unit: "days", Def: float64(DefaultNoticeDays), B: sch.NonNeg(maxDays), Rngs: "[0, one contract]", Src: "ASSUMPTION", Fixed: "the notice period times the contract cycle, the same in every replication", At: sch.Field(func(t *model.Tender) *float64 { return &t.NoticeDays }), Doc: "from an award to the contract's start: the winner recruits and trains, the loser still serves"},
	{Name: "review_months", Unit: "integer, months", Def: DefaultReviewMonths, B: sch.Ints(1, 1200), Src: "ASSUMPTION", At: sch.Field(func(t *model.Tender) *int { return &t.ReviewMonths }), Doc: "how often, counted from each contract's start, the provider holding the contract compares its margin over the months since its last review with its target (12: each contract year as a whole)"},
	{Name: "quality_weight", Unit: "fraction", B: sch.Fraction, Defs: "0: lowest price wins", At: sch.Field(func(t *model.Tender) *float64 { return &t.Award.QualityWeight }), Doc: "the share of the award score given to quality"},
	sch.EnumKey(&key{Name: "quality_metric", Rngs: `"service_level", "fcr", "csat"`, Doc: "the outcome quality is scored on"},
		model.ParseQualityMetric, func(t *model.Tender) *model.QualityMetric { return &t.Award.Quality }, "csat"),
	{Name: "quality_floor", Unit: "fraction", B: sch.BelowOne, At: sch.Field(func(t *model.Tender) *float64 { return &t.Award.QualityFloor }), Doc: "the quality that earns no points: points = (quality − floor) ÷ (best − floor), at least 0"},
	{Name: "delivered_weight", Unit: "fraction", Def: 1.0, B: sch.Fraction, At: sch.Field(func(t *model.Tender) *float64 { return &t.Award.DeliveredWeight }), Doc: "how much quality as delivered in a bidder's last contract counts against its promise"},
	{Name: "bid_noise_cv", Unit: "coefficient of variation", B: sch.NonNeg(maxDurationCV), At: sch.Field(func(t *model.Tender) *float64 { return &t.Award.BidNoiseCV }), Doc: "each bidder's error in estimating its own cost (lognormal, mean 1)"},
	{Name: "transition", Unit: "table", Sub: transitionSchema, At: sch.Field(func(t *model.Tender) *model.Transition { return &t.Transition }), Doc: "see below"},
	{Name: "bidders", Unit: "array of tables `[[tender.bidders]]`", Req: true, Sub: bidderSchema, Noun: "bidder", B: sch.Ints(1, 100), List: listOf[model.Tender, model.Bidder](func(t *model.Tender) *[]model.Bidder { return &t.Bidders }), Doc: "the providers that bid"},
	{Name: "incumbent", Unit: "bidder name", Defs: "the first bidder", Rngs: "a known bidder", Val: decodeIncumbent, Enc: func(_ *encoder, _ keyPath, src any) any { t := src.(*model.Tender); return t.Bidders[t.Incumbent].Name },
		Doc: "holds the first contract, from day 0"},
}}

var transitionSchema = &schema{Keys: []*key{
	{Name: "rehire_probability", Unit: "fraction", B: sch.Fraction, At: sch.Field(func(t *model.Transition) *float64 { return &t.RehireProbability }), Doc: "chance an agent of the losing provider is hired by the winner's site in the same labour market: the same `[[labour_pools]]` pool, or, between sites with their own pools, the same country"},
	{Name: "skill_retention", Unit: "fraction", Def: 1.0, B: sch.Fraction, At: sch.Field(func(t *model.Transition) *float64 { return &t.SkillRetention }), Doc: "share of a rehired agent's skill that carries over"},
	{Name: "client_cost_eur", Unit: "EUR", B: sch.NonNeg(maxMoney), At: sch.Field(func(t *model.Transition) *float64 { return &t.ClientCostEUR }), Doc: "the client's own one-off cost of a change (booked as governance)"},
}}

var bidderSchema = &schema{Keys: []*key{
	nameKey("bidder", func(b *model.Bidder) *string { return &b.Name }, "the bidder's name in outputs"),
	{Name: "sites", Unit: "table `{ <site> = fraction }`", Req: true, Rngs: "known sites, each in one bidder; [0, 1], sum 1", Val: decodeBidderSites, Enc: encodeBidderSites, Doc: "the share of the first line each site takes while the bidder holds the contract; a share of 0 is a site only the `offshore_share` lever fills"},
	{Name: "pooled", Unit: "boolean", Defs: "false", At: sch.Field(func(b *model.Bidder) *bool { return &b.Pooled }),
		Doc: "the bidder answers the first line from one queue over its sites with a share, in the order of `[[sites]]` (a pooled route); each site's staffing is planned for its share"},
	{Name: "delay_seconds", Unit: "table `{ <site> = seconds }`", Defs: "0 for every site; only with `pooled = true`", Rngs: ">= 0, at most 1e9; the bidder's sites",
		Only: func(_ *decoder, t *table, _ any) string {
			if p, _ := t.M["pooled"].(bool); !p {
				return "only allowed with pooled = true"
			}
			return ""
		},
		Val: func(d *decoder, p keyPath, v any, dst any, at place) {
			b := dst.(*model.Bidder)
			r := model.Route{Sites: b.Sites}
			decodeDelays(d, p, v, &r, at)
			b.DelaySeconds = r.DelaySeconds
		},
		Enc: func(e *encoder, _ keyPath, src any) any {
			b := src.(*model.Bidder)
			if b.DelaySeconds == nil {
				return nil
			}
			return bySite(e, b.Sites, func(i int) any { return b.DelaySeconds[i] })
		},
		Doc: "a site's agents take a waiting contact only once it has waited this long (the site is held back)"},
	{Name: "target_margin", Unit: "fraction of the price", Req: true, B: sch.BelowOne, At: sch.Field(func(b *model.Bidder) *float64 { return &b.TargetMargin }), Doc: "defended with levers at reviews; priced into a `\"cost_plus\"` bid, and into the first contract's price"},
	sch.EnumKey(&key{Name: "bid_strategy", Rngs: `"price_to_win", "cost_plus"`,
		Doc: "`\"cost_plus\"`: bid the estimated cost ÷ (1 − `target_margin`); `\"price_to_win\"`: bid the higher of the floor (cost ÷ (1 − `min_margin`)) and the price at which the bid still beats the rival bids the bidder expects (their costs as it misjudges them, by `bid_noise_cv`, at their least margins), less `undercut`, and never above its sites' `reference_price_eur`"},
		model.ParseBidStrategy, func(b *model.Bidder) *model.BidStrategy { return &b.Strategy }, "price_to_win"),
	{Name: "min_margin", Unit: "fraction of the price", B: sch.BelowOne, Src: "ASSUMPTION: Dutch outsourcers tri(0, 0.03, 0.05): contracts were bought below cost price (Ziptone, 2007 survey of the outsourcers' association); Surinamese tri(0.05, 0.10, 0.20) (docs/calibration.md 12)", At: sch.Field(func(b *model.Bidder) *float64 { return &b.MinMargin }), Doc: "the least margin the bidder accepts: its floor is its estimated cost ÷ (1 − min_margin)"},
	{Name: "undercut", Unit: "fraction of the price", Def: 0.01, B: sch.BelowOne, Src: "ASSUMPTION: tri(0.005, 0.01, 0.03)", At: sch.Field(func(b *model.Bidder) *float64 { return &b.Undercut }),
		Only: bidStrategy.Only(model.BidPriceToWin), Omit: bidStrategy.Omit(model.BidPriceToWin),
		Doc: "how far under the price it expects to win at the bidder bids"},
	{Name: "release_levers", Unit: "boolean", Def: false, At: sch.Field(func(b *model.Bidder) *bool { return &b.ReleaseLevers }), Doc: "a review at which the margin is back at `target_margin` + `release_band` releases the lever pulled last by one step, towards the contracted workforce and shares"},
	{Name: "release_band", Unit: "fraction of the price", B: sch.BelowOne, At: sch.Field(func(b *model.Bidder) *float64 { return &b.ReleaseBand }),
		Only: func(_ *decoder, _ *table, dst any) string {
			if !dst.(*model.Bidder).ReleaseLevers {
				return "only allowed with release_levers = true"
			}
			return ""
		},
		Omit: func(_ *encoder, _ keyPath, src any) bool { return !src.(*model.Bidder).ReleaseLevers },
		Doc:  "how far above its target the margin must be for a release: keeps a lever from being pulled and released at every review"},
	{Name: "promised_quality", Unit: "fraction", B: sch.Fraction, Defs: "0; required when `quality_weight` > 0", At: sch.Field(func(b *model.Bidder) *float64 { return &b.PromisedQuality }),
		Doc: "the `quality_metric` the bidder promises",
		Need: func(d *decoder, _ *table, _ any) string {
			if d.sc.Tender.Award.QualityWeight > 0 {
				return "required key is missing"
			}
			return ""
		}},
	{Name: "levers", Unit: "array of `{ lever, step, limit }`", Sub: leverSchema, Noun: "lever", Inline: true, Defs: "none", List: listOf[model.Bidder, model.Lever](func(b *model.Bidder) *[]model.Lever { return &b.Levers }), Omit: func(_ *encoder, _ keyPath, src any) bool { return len(src.(*model.Bidder).Levers) == 0 },
		Doc: "pulled in this order, one step per review, while the margin is below target; released in the reverse order (`release_levers`)"},
}}

// bidStrategy allows and writes a bidder key by its bid strategy.
var bidStrategy = choice[model.BidStrategy]{Key: "bid_strategy", Of: func(dst any) model.BidStrategy { return dst.(*model.Bidder).Strategy }, Lenient: true}

var leverSchema = &schema{Fixed: "a lever's step and limit are the provider's policy, the same in every replication", Keys: []*key{
	{Name: "lever", Unit: "string", Req: true, Rngs: `"wage_premium", "monitoring", "training", "offshore_share"`, Val: decodeLever, Enc: func(_ *encoder, _ keyPath, src any) any { return src.(*model.Lever).Kind.String() }, Doc: "what the provider does under margin pressure"},
	{Name: "step", Unit: "the lever's unit: fraction of the minimum wage; monitoring; days of training; fraction of contacts", Req: true, B: sch.Positive(maxDays), At: sch.Field(func(l *model.Lever) *float64 { return &l.Step }), Doc: "how far one pull moves it"},
	{Name: "limit", Unit: "the lever's unit", Req: true, B: sch.NonNeg(maxDays), Rngs: ">= 0; [0, 1] for monitoring and offshore share", Val: decodeLeverLimit, At: sch.Field(func(l *model.Lever) *float64 { return &l.Limit }), Doc: "where it stops: the least premium (and never below a wage floor), the most monitoring (and never above a cap), the least training (and never below the minimum), the largest offshore share"},
}}

// bidderSiteNames returns the names of the sites the file's
// [[tender.bidders]] run, read from the raw tree before the decoder checks
// it, so that those sites' costs may go without a price.
func bidderSiteNames(raw map[string]any) map[string]bool {
	out := map[string]bool{}
	t, _ := raw["tender"].(map[string]any)
	bidders, _ := sch.NamedOrNot(t["bidders"])
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
			d.Errorf(kp, "site %q already belongs to bidder %q; a site has one provider", site.Name, d.Names("bidder").List[d.owner[si]])
			continue
		case escalates && si == sc.Routing.EscalationSite:
			d.Errorf(kp, "site %q is routing.escalation_site, the client's own second line, which is no bidder's", site.Name)
		case site.Workforce == nil:
			d.Errorf(kp, "site %q needs a [sites.workforce]: a bidder's costs and levers act on its people", site.Name)
		case site.Costs.Billing == model.BillInHouse:
			d.Errorf(kp, `site %q has billing = "in_house"; a bidder's site bills the client (per_hour, per_contact or per_resolved)`, site.Name)
		}
		d.owner[si] = bi
		b.Sites = append(b.Sites, si)
		b.Shares = append(b.Shares, r.Shares[k])
	}
}

// decodeLever decodes a lever's kind; moving work offshore needs a
// bidder with a domestic and an offshore site.
func decodeLever(d *decoder, p keyPath, v any, dst any, _ place) {
	s, ok := d.Str(p, v)
	if !ok {
		return
	}
	k, err := model.ParseLeverKind(s)
	if err != nil {
		d.Errorf(p, "%s", err)
		return
	}
	dst.(*model.Lever).Kind = k
	var dom, off bool
	for _, si := range d.sc.Tender.Bidders[indexIn(p, "tender.bidders")].Sites {
		off = off || d.sc.Sites[si].Offshore()
		dom = dom || !d.sc.Sites[si].Offshore()
	}
	if k == model.LeverOffshoreShare && !(dom && off) {
		d.Errorf(p, "needs the bidder to run a domestic site and an offshore site (country other than %s) to move work between", model.DomesticCountry)
	}
}

// decodeLeverLimit decodes a lever's limit: a fraction for monitoring and
// the offshore share.
func decodeLeverLimit(d *decoder, p keyPath, v any, dst any, _ place) {
	l := dst.(*model.Lever)
	b := sch.NonNeg(maxDays)
	if l.Kind == model.LeverMonitoring || l.Kind == model.LeverOffshoreShare {
		b = sch.Fraction
	}
	if x, _, ok := d.Number(p, v, b); ok {
		l.Limit = x
	}
}

func decodeIncumbent(d *decoder, p keyPath, v any, dst any, _ place) {
	if s, ok := d.Str(p, v); ok {
		bidders := d.Names("bidder")
		if i, known := bidders.Index[s]; known {
			dst.(*model.Tender).Incumbent = i
		} else {
			d.Errorf(p, "unknown bidder %q (bidders: %s)", s, bidders)
		}
	}
}

// checkNotice checks that the notice period fits in a contract.
func checkNotice(d *decoder, t *table, dst any, _ place) {
	tn := dst.(*model.Tender)
	if np := t.Path.Key("notice_days"); !d.Bad[np] && tn.ContractMonths > 0 && tn.NoticeDays > tn.ContractDays() {
		d.Errorf(np, "must be at most one contract (%s days), got %s", sch.Num(tn.ContractDays()), sch.Num(tn.NoticeDays))
	}
}

// checkTender reports the sites that are no bidder's (but the escalation
// site) and routes the first line to the incumbent.
func (d *decoder) checkTender(sc *model.Scenario) {
	tn := sc.Tender
	escalates := slices.ContainsFunc(sc.Demand.ContactTypes, func(ct model.ContactType) bool { return ct.Escalation > 0 })
	if len(tn.Bidders) > 0 && !slices.Contains(d.Names("bidder").List, "") && d.owner != nil {
		for si, o := range d.owner {
			if o < 0 && !(escalates && si == sc.Routing.EscalationSite) && sc.Sites[si].Name != "" {
				d.Errorf(keyPath("sites").Index(si).Key("name"),
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
			d.Errorf(keyPath("sites").Index(i).Key("costs").Key("billing"),
				"bills per contact, which policy.ban_per_contact_billing forbids (per_hour or per_resolved)")
		}
	}
}
