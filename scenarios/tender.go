package scenarios

import (
	"slices"
	"strings"

	"offsim/model"
)

// This file decodes the race-to-the-bottom features: [policy] (the policy
// switches), [tender] (contract cycle, award rule, transition, bidders and
// their levers) and a site's country. Defaults are in README.md.

// Tender defaults. ASSUMPTION each: no published figure was found.
const (
	// DefaultNoticeDays is the time from an award to the handover.
	DefaultNoticeDays = 90
	// DefaultReviewMonths is how often a provider reviews its margin.
	DefaultReviewMonths = 3
)

// bidderSiteNames returns the names of the sites the file's
// [[tender.bidders]] run, read from the raw tree before the decoder checks
// it, so that those sites' costs may go without a price.
func bidderSiteNames(raw map[string]any) map[string]bool {
	out := map[string]bool{}
	t, _ := raw["tender"].(map[string]any)
	var bidders []map[string]any
	switch a := t["bidders"].(type) {
	case []map[string]any:
		bidders = a
	case []any:
		for _, e := range a {
			if m, ok := e.(map[string]any); ok {
				bidders = append(bidders, m)
			}
		}
	}
	for _, b := range bidders {
		if sites, ok := b["sites"].(map[string]any); ok {
			for name := range sites {
				out[name] = true
			}
		}
	}
	return out
}

// country decodes a site's country = "SR": two upper-case letters.
func (d *decoder) country(t *table, dst *string) {
	v, p, ok := t.get("country")
	if !ok {
		return
	}
	s, ok := d.str(p, v)
	if !ok {
		return
	}
	if len(s) != 2 || strings.ToUpper(s) != s || strings.ToLower(s) == s {
		d.errorf(p, "must be a two-letter upper-case country code (NL, SR), got %q", s)
		return
	}
	*dst = s
}

// policySwitches decodes [policy] into p.
func (d *decoder) policySwitches(root *table, p *model.Policy) {
	v, tp, ok := root.get("policy")
	if !ok {
		return
	}
	t, ok := d.table(tp, v)
	if !ok {
		return
	}
	if t.has("wage_floor_premium") {
		p.WageFloor = d.optNumber(t, "wage_floor_premium", &p.WageFloorPremium, d.nonNegative)
	}
	if v, bp, ok := t.get("ban_per_contact_billing"); ok {
		if b, ok := v.(bool); ok {
			p.BanPerContactBilling = b
		} else {
			d.errorf(bp, "must be true or false, got %s", describe(v))
		}
	}
	if t.has("max_monitoring") {
		p.CapMonitoring = d.optNumber(t, "max_monitoring", &p.MaxMonitoring, d.fraction)
	}
	d.optNumber(t, "min_training_days", &p.MinTrainingDays, d.nonNegative)
	d.done(t)
}

// checkBannedBilling reports, under a ban on per-contact billing, each
// site outside the tender with a fixed price per contact.
func (d *decoder) checkBannedBilling(sc *model.Scenario, bidders map[string]bool) {
	if !sc.Policy.BanPerContactBilling {
		return
	}
	for i, s := range sc.Sites {
		if s.Costs.Billing == model.BillPerContact && !bidders[s.Name] {
			d.errorf(keyPath("sites").index(i).key("costs").key("billing"),
				"bills per contact, which policy.ban_per_contact_billing forbids (per_hour or per_resolved)")
		}
	}
}

// tender decodes [tender] (nil when absent) for the decoded sites; it
// reports bidder sites that are no bidder's business (the escalation site,
// in-house sites, sites without workforce) and sites of no bidder.
func (d *decoder) tender(root *table, sc *model.Scenario, sites *names) *model.Tender {
	v, tp, ok := root.get("tender")
	if !ok {
		return nil
	}
	t, ok := d.table(tp, v)
	if !ok {
		return nil
	}
	tn := &model.Tender{NoticeDays: DefaultNoticeDays, ReviewMonths: DefaultReviewMonths,
		Award:      model.AwardRule{Quality: model.QualityCSAT, DeliveredWeight: 1},
		Transition: model.Transition{SkillRetention: 1}}
	if v, p, ok := d.required(t, "contract_months"); ok {
		if n, ok := d.intRange(p, v, 1, 1200); ok {
			tn.ContractMonths = int(n)
		}
	}
	notice := true
	d.fixedNumbers("the notice period times the contract cycle, the same in every replication", func() {
		notice = d.optNumber(t, "notice_days", &tn.NoticeDays, d.nonNegative)
	})
	if notice && tn.ContractMonths > 0 && tn.NoticeDays > tn.ContractDays() {
		d.errorf(tp.key("notice_days"), "must be at most one contract (%s days), got %s", num(tn.ContractDays()), num(tn.NoticeDays))
	}
	d.optInt(t, "review_months", &tn.ReviewMonths, 1, 1200)
	d.optNumber(t, "quality_weight", &tn.Award.QualityWeight, d.fraction)
	if v, p, ok := t.get("quality_metric"); ok {
		if s, ok := d.str(p, v); ok {
			if q, err := model.ParseQualityMetric(s); err != nil {
				d.errorf(p, "%s", err)
			} else {
				tn.Award.Quality = q
			}
		}
	}
	d.optNumber(t, "quality_floor", &tn.Award.QualityFloor, d.belowOne)
	d.optNumber(t, "delivered_weight", &tn.Award.DeliveredWeight, d.fraction)
	d.optNumber(t, "bid_noise_cv", &tn.Award.BidNoiseCV, d.nonNegative)
	if v, p, ok := t.get("transition"); ok {
		if tt, ok := d.table(p, v); ok {
			tr := &tn.Transition
			d.optNumber(tt, "rehire_probability", &tr.RehireProbability, d.fraction)
			d.optNumber(tt, "skill_retention", &tr.SkillRetention, d.fraction)
			d.optNumber(tt, "client_cost_eur", &tr.ClientCostEUR, d.nonNegative)
			d.done(tt)
		}
	}
	owner := make([]int, len(sc.Sites))
	for i := range owner {
		owner[i] = -1
	}
	bidders := &names{index: map[string]int{}}
	if v, p, ok := d.required(t, "bidders"); ok {
		if a, ok := d.tables(p, v); ok {
			if len(a) == 0 {
				d.errorf(p, "must list at least one bidder")
			}
			tn.Bidders = make([]model.Bidder, len(a))
			for i, e := range a {
				d.bidder(p.index(i), e, &tn.Bidders[i], i, bidders, sc, sites, owner, tn.Award.QualityWeight > 0)
			}
		}
	}
	if v, p, ok := t.get("incumbent"); ok {
		if s, ok := d.str(p, v); ok {
			if i, known := bidders.index[s]; known {
				tn.Incumbent = i
			} else {
				d.errorf(p, "unknown bidder %q (bidders: %s)", s, bidders)
			}
		}
	}
	d.done(t)
	escalates := slices.ContainsFunc(sc.Demand.ContactTypes, func(ct model.ContactType) bool { return ct.Escalation > 0 })
	if len(tn.Bidders) > 0 && len(bidders.list) == len(tn.Bidders) {
		for si, o := range owner {
			if o < 0 && !(escalates && si == sc.Routing.EscalationSite) && sc.Sites[si].Name != "" {
				d.errorf(keyPath("sites").index(si).key("name"),
					"site %q belongs to no bidder and is not routing.escalation_site: with a [tender], every first-line site is a bidder's", sc.Sites[si].Name)
			}
		}
	}
	return tn
}

// bidder decodes [[tender.bidders]] entry i at p into b and marks its
// sites in owner.
func (d *decoder) bidder(p keyPath, v any, b *model.Bidder, i int, bidders *names, sc *model.Scenario, sites *names, owner []int, weighted bool) {
	t, ok := d.table(p, v)
	if !ok {
		bidders.add("")
		return
	}
	name := ""
	if v, np, ok := d.required(t, "name"); ok {
		if s, ok := d.name(np, v); ok {
			if j, dup := bidders.index[s]; dup {
				d.errorf(np, "duplicate bidder name %q (also %s)", s, p.parent().index(j).key("name"))
			} else {
				name = s
			}
			b.Name = s
		}
	}
	bidders.add(name)
	if v, sp, ok := d.required(t, "sites"); ok {
		d.bidderSites(sp, v, b, i, sc, sites, owner, bidders)
	}
	d.reqNumber(t, "target_margin", &b.TargetMargin, d.belowOne)
	if weighted {
		d.reqNumber(t, "promised_quality", &b.PromisedQuality, d.fraction)
	} else {
		d.optNumber(t, "promised_quality", &b.PromisedQuality, d.fraction)
	}
	if v, lp, ok := t.get("levers"); ok {
		if a, ok := d.tables(lp, v); ok {
			b.Levers = make([]model.Lever, 0, len(a))
			for k, e := range a {
				if l, ok := d.lever(lp.index(k), e, b, sc); ok {
					b.Levers = append(b.Levers, l)
				}
			}
		}
	}
	d.done(t)
}

// bidderSites decodes a bidder's sites = { <site> = share } into b, in
// the order of the scenario's sites, and marks them as b's in owner.
func (d *decoder) bidderSites(p keyPath, v any, b *model.Bidder, bi int, sc *model.Scenario, sites *names, owner []int, bidders *names) {
	var r model.Route
	d.shares(p, v, sites, &r, "a bidder's shares must sum to 1 in every replication")
	escalates := slices.ContainsFunc(sc.Demand.ContactTypes, func(ct model.ContactType) bool { return ct.Escalation > 0 })
	for k, si := range r.Sites {
		site := &sc.Sites[si]
		kp := p.key(site.Name)
		switch {
		case owner[si] >= 0:
			d.errorf(kp, "site %q already belongs to bidder %q; a site has one provider", site.Name, bidders.list[owner[si]])
			continue
		case escalates && si == sc.Routing.EscalationSite:
			d.errorf(kp, "site %q is routing.escalation_site, the client's own second line, which is no bidder's", site.Name)
		case site.Workforce == nil:
			d.errorf(kp, "site %q needs a [sites.workforce]: a bidder's costs and levers act on its people", site.Name)
		case site.Costs.Billing == model.BillInHouse:
			d.errorf(kp, `site %q has billing = "in_house"; a bidder's site bills the client (per_hour, per_contact or per_resolved)`, site.Name)
		}
		owner[si] = bi
		b.Sites = append(b.Sites, si)
		b.Shares = append(b.Shares, r.Shares[k])
	}
}

// lever decodes one { lever = "...", step = ..., limit = ... } of bidder b.
func (d *decoder) lever(p keyPath, v any, b *model.Bidder, sc *model.Scenario) (model.Lever, bool) {
	var l model.Lever
	t, ok := d.table(p, v)
	if !ok {
		return l, false
	}
	good := true
	if v, kp, ok := d.required(t, "lever"); ok {
		if s, ok := d.str(kp, v); ok {
			k, err := model.ParseLeverKind(s)
			if err != nil {
				d.errorf(kp, "%s", err)
				good = false
			}
			l.Kind = k
			if k == model.LeverOffshoreShare && !hasBothCountries(b, sc) {
				d.errorf(kp, "needs the bidder to run a domestic site and an offshore site (country other than %s) to move work between", model.DomesticCountry)
			}
		} else {
			good = false
		}
	} else {
		good = false
	}
	d.fixedNumbers("a lever's step and limit are the provider's policy, the same in every replication", func() {
		good = d.reqNumber(t, "step", &l.Step, d.positive) && good
		limit := d.nonNegative
		if l.Kind == model.LeverMonitoring || l.Kind == model.LeverOffshoreShare {
			limit = d.fraction
		}
		good = d.reqNumber(t, "limit", &l.Limit, limit) && good
	})
	d.done(t)
	return l, good
}

// hasBothCountries reports whether bidder b runs a domestic and an
// offshore site.
func hasBothCountries(b *model.Bidder, sc *model.Scenario) bool {
	var dom, off bool
	for _, si := range b.Sites {
		if sc.Sites[si].Offshore() {
			off = true
		} else {
			dom = true
		}
	}
	return dom && off
}

// tenderRouting checks that [routing] holds nothing but the escalation
// site under a tender, and routes the first line to the incumbent.
func (d *decoder) tenderRouting(root *table, sc *model.Scenario) {
	if v, p, ok := root.get("routing"); ok {
		if t, ok := v.(map[string]any); ok {
			for _, k := range sortedKeys(t) {
				if k != "escalation_site" {
					d.errorf(p.key(k), "with a [tender], the contract holder's bidder shares route the first line; [routing] may only give escalation_site")
				}
			}
		}
	}
	tn := sc.Tender
	if len(tn.Bidders) == 0 || tn.Incumbent >= len(tn.Bidders) || len(tn.Bidders[tn.Incumbent].Shares) == 0 {
		return
	}
	b := tn.Incumbent
	sc.Routing = tn.BidderRouting(sc.Routing, len(sc.Demand.ContactTypes), b, tn.Bidders[b].Shares)
}

// planTender plans every planned bidder site as if its bidder held the
// contract; a site with no share (one only the offshore lever fills) is
// planned as if it took the bidder's whole load. The routing is then the
// incumbent's again.
func (d *decoder) planTender(sc *model.Scenario, plans []plannedSite) {
	tn := sc.Tender
	incumbent := sc.Routing
	nt := len(sc.Demand.ContactTypes)
	for b := range tn.Bidders {
		bd := &tn.Bidders[b]
		plan := func(shares []float64, only func(i int) bool) {
			sc.Routing = tn.BidderRouting(incumbent, nt, b, shares)
			var sub []plannedSite
			for i, si := range bd.Sites {
				k := slices.IndexFunc(plans, func(ps plannedSite) bool { return ps.index == si })
				if k >= 0 && only(i) {
					sub = append(sub, plans[k])
				}
			}
			d.planStaffing(sc, sub)
		}
		plan(bd.Shares, func(i int) bool { return bd.Shares[i] > 0 })
		for i := range bd.Shares {
			if bd.Shares[i] == 0 {
				one := make([]float64, len(bd.Shares))
				one[i] = 1
				plan(one, func(k int) bool { return k == i })
			}
		}
	}
	sc.Routing = incumbent
	for _, ps := range plans {
		if tn.BidderOf(ps.index) >= 0 {
			sc.Sites[ps.index].Planned = true // the engine re-plans it as the contract moves
		}
	}
	// The second line plans for what every first line escalates to it.
	var rest []plannedSite
	for _, ps := range plans {
		if tn.BidderOf(ps.index) < 0 {
			rest = append(rest, ps)
		}
	}
	d.planStaffing(sc, rest)
}

// escalationOnly decodes [routing] under a tender: only escalation_site
// (the tender's bidders route the first line; tenderRouting reports any
// route given here).
func (d *decoder) escalationOnly(root *table, sites *names, cts []model.ContactType) model.Routing {
	escalating := slices.IndexFunc(cts, func(ct model.ContactType) bool { return ct.Escalation > 0 })
	var r model.Routing
	v, p, ok := root.get("routing")
	if !ok {
		if escalating >= 0 {
			d.errorf(root.path.key("demand").key("contact_types").index(escalating).key("escalation"),
				"needs routing.escalation_site, the second-line site escalated contacts go to")
		}
		return r
	}
	t, ok := d.table(p, v)
	if !ok {
		return r
	}
	r.EscalationSite = d.escalationSite(t, sites, cts, escalating)
	return r
}

// encodePolicy writes the switches that are on; nil when none is.
func encodePolicy(p *model.Policy) *otable {
	if *p == (model.Policy{}) {
		return nil
	}
	t := &otable{}
	if p.WageFloor {
		t.set("wage_floor_premium", p.WageFloorPremium)
	}
	if p.BanPerContactBilling {
		t.set("ban_per_contact_billing", true)
	}
	if p.CapMonitoring {
		t.set("max_monitoring", p.MaxMonitoring)
	}
	if p.MinTrainingDays != 0 {
		t.set("min_training_days", p.MinTrainingDays)
	}
	return t
}

// tender writes [tender] with its transition and bidders.
func (e *encoder) tender() *otable {
	sc := e.sc
	tn := sc.Tender
	t := &otable{}
	t.set("contract_months", int64(tn.ContractMonths))
	t.set("notice_days", tn.NoticeDays)
	t.set("review_months", int64(tn.ReviewMonths))
	t.set("incumbent", tn.Bidders[tn.Incumbent].Name)
	t.set("quality_weight", tn.Award.QualityWeight)
	t.set("quality_metric", tn.Award.Quality.String())
	t.set("quality_floor", tn.Award.QualityFloor)
	t.set("delivered_weight", tn.Award.DeliveredWeight)
	t.set("bid_noise_cv", tn.Award.BidNoiseCV)
	tr := &otable{}
	tr.set("rehire_probability", tn.Transition.RehireProbability)
	tr.set("skill_retention", tn.Transition.SkillRetention)
	tr.set("client_cost_eur", tn.Transition.ClientCostEUR)
	t.set("transition", tr)
	var bidders []*otable
	for _, b := range tn.Bidders {
		bt := &otable{}
		bt.set("name", b.Name)
		sh := &otable{inline: true}
		for i, si := range b.Sites {
			sh.set(sc.Sites[si].Name, b.Shares[i])
		}
		bt.set("sites", sh)
		bt.set("target_margin", b.TargetMargin)
		bt.set("promised_quality", b.PromisedQuality)
		if len(b.Levers) > 0 {
			var levers []any
			for _, l := range b.Levers {
				lt := &otable{inline: true}
				lt.set("lever", l.Kind.String())
				lt.set("step", l.Step)
				lt.set("limit", l.Limit)
				levers = append(levers, lt)
			}
			bt.set("levers", levers)
		}
		bidders = append(bidders, bt)
	}
	t.set("bidders", bidders)
	return t
}
