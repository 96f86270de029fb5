package model

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// DomesticCountry is the client's country: a site elsewhere is offshore.
const DomesticCountry = "NL"

// Offshore reports whether the site is outside the client's country.
func (s *Site) Offshore() bool { return s.Country != "" && s.Country != DomesticCountry }

// Tender is a client's repeated outsourcing of its first-line contacts:
// the contract is re-tendered every ContractMonths among Bidders, awarded
// by Award, and handed over with a Transition. The first contract, from
// time 0, is held by Incumbent. While a bidder holds the contract its sites
// take every first-line contact by its shares; the other bidders' sites
// are empty. The first contract was not competed: it is priced at the
// incumbent's target margin whatever its strategy. The escalation site (the client's second line) is no
// bidder's.
type Tender struct {
	// ContractMonths is the length of one contract, in months (> 0).
	ContractMonths int
	// NoticeDays is the time from an award to the start of the contract,
	// in days: the winner recruits and trains in it, the loser still
	// serves. At most one contract long.
	NoticeDays float64
	// ReviewMonths is how often, in months from the start of each
	// contract, the provider holding it compares its margin over the
	// months since its last review (12: each contract year as a whole)
	// with its target, and pulls or releases a lever.
	ReviewMonths int
	// Incumbent is the index into Bidders of the first contract's holder.
	Incumbent int
	Award     AwardRule
	Bidders   []Bidder
	// Transition is what a change of provider costs.
	Transition Transition
}

// QualityMetric names the customer outcome a price/quality award scores.
type QualityMetric uint8

const (
	// QualityServiceLevel scores the share of calls answered in time.
	QualityServiceLevel QualityMetric = iota
	// QualityFCR scores first-contact resolution.
	QualityFCR
	// QualityCSAT scores journey satisfaction.
	QualityCSAT
)

// AwardRule is how the client scores bids. Each bid scores
// (1 − QualityWeight)·(lowest price ÷ its price) + QualityWeight·(its
// quality points), the points being (quality − QualityFloor) ÷ (best
// quality − QualityFloor), at least 0; the highest score wins, a tie goes
// to the incumbent. With QualityWeight 0 the lowest price wins.
type AwardRule struct {
	// QualityWeight is the share of the score given to quality, in [0,1].
	QualityWeight float64
	// Quality is the customer outcome that is scored.
	Quality QualityMetric
	// QualityFloor is the quality that earns no points, in [0,1): a
	// tender's scale starts there, so that differences between good and
	// poor service weigh (0: points in proportion to quality).
	QualityFloor float64
	// DeliveredWeight is, in [0,1], how much a bidder's quality as
	// delivered in its last contract counts against the quality it
	// promises; a bidder that never held the contract is scored on its
	// promise alone.
	DeliveredWeight float64
	// BidNoiseCV is the coefficient of variation of a bidder's error in
	// estimating its own cost (lognormal, mean 1), drawn per bid; 0: bidders
	// know their expected cost.
	BidNoiseCV float64
}

// BidStrategy is how a bidder turns its estimated cost into its bid.
type BidStrategy uint8

const (
	// BidCostPlus bids the estimated cost ÷ (1 − TargetMargin), whatever
	// the rivals do.
	BidCostPlus BidStrategy = iota
	// BidPriceToWin bids the higher of the floor (estimated cost ÷
	// (1 − MinMargin)) and the price to win: just under (by Undercut) the
	// highest price at which the bid still beats the rival bids it expects
	// (see AwardRule.PriceToWin), never above the bidder's reference price
	// where its sites have one. With no rival to beat and no reference
	// price it bids as BidCostPlus.
	BidPriceToWin
)

// Bidder is one sourcing option that bids for the contract: a provider
// with its sites (wage policy, management style and billing are the
// sites'), a bid strategy, a target margin and the levers it pulls under
// margin pressure.
type Bidder struct {
	Name string
	// Sites are indices into Scenario.Sites run by this bidder.
	Sites []int
	// Shares is, per entry of Sites, the share of the client's first-line
	// contacts the site takes while the bidder holds the contract; they sum
	// to 1. With Pooled, the share of the load each site's plan covers.
	Shares []float64
	// Pooled routes the first line through one queue over the bidder's
	// sites with a share (RoutePooled, in the order of Sites), each site
	// held back DelaySeconds[i] (nil: none).
	Pooled       bool
	DelaySeconds []float64
	// TargetMargin is the margin the bidder defends at its reviews (and
	// prices in with BidCostPlus), as a share of its price, in [0,1).
	TargetMargin float64
	// Strategy is how the bidder prices its bids.
	Strategy BidStrategy
	// MinMargin is the least margin the bidder accepts, as a share of its
	// price, in [0,1): its floor is its estimated cost ÷ (1 − MinMargin).
	MinMargin float64
	// Undercut is how far below the price it expects to win at the bidder
	// bids (BidPriceToWin), as a share, in [0,1).
	Undercut float64
	// ReleaseLevers lets a review at which the margin is at least
	// TargetMargin + ReleaseBand (a share of the price, >= 0) release the
	// lever pulled last by one step, back towards the contracted
	// workforce; without it levers are never released.
	ReleaseLevers bool
	ReleaseBand   float64
	// PromisedQuality is the value of Award.Quality the bidder promises
	// (a share in [0,1]).
	PromisedQuality float64
	// Levers are pulled in this order, one step per review, while the
	// margin is below target; released in the reverse order.
	Levers []Lever
}

// LeverKind names a provider's answer to margin pressure.
type LeverKind uint8

const (
	// LeverWagePremium cuts the wage premium over the minimum (premium and
	// scale policies: the premium falls by Step; fixed: the annual raise
	// falls by Step) down to Limit and to any sector floor.
	LeverWagePremium LeverKind = iota
	// LeverMonitoring raises monitoring by Step up to Limit and any cap.
	LeverMonitoring
	// LeverTraining cuts training by Step days down to Limit days and any
	// minimum training.
	LeverTraining
	// LeverOffshoreShare moves Step of the contacts from the bidder's
	// domestic sites to its offshore sites, up to an offshore share of
	// Limit.
	LeverOffshoreShare
	NumLevers
)

// Lever is one margin-pressure lever: how far one pull moves it (Step, in
// the lever's unit: a share of the minimum wage, monitoring in [0,1], days
// of training, a share of contacts) and where it stops (Limit, same unit).
type Lever struct {
	Kind  LeverKind
	Step  float64
	Limit float64
}

// Transition is what a change of provider costs.
type Transition struct {
	// RehireProbability is the chance that an agent of the losing provider
	// is hired by the winner at the handover (into the winner's site in the
	// same country, if it has one), in [0,1].
	RehireProbability float64
	// SkillRetention is the share of a rehired agent's skill that carries
	// over (new tools, processes, scripts), in [0,1].
	SkillRetention float64
	// ClientCostEUR is the client's own one-off cost of a change of
	// provider (tender, project, knowledge transfer), in EUR, booked as
	// governance in the month of the handover.
	ClientCostEUR float64
}

// Policy holds the policy switches debated around outsourcing. They hold
// for every site with a workforce, in and out of tenders. The zero Policy
// switches nothing on.
type Policy struct {
	// WageFloor turns on a sector wage floor for domestic sites: no wage
	// below minimum × (1 + WageFloorPremium) (the CAO's lowest scale,
	// WML + 3.85% in 2026).
	WageFloor        bool
	WageFloorPremium float64
	// BanPerContactBilling forbids billing per handled contact: a tender's
	// per-contact sites bill per productive hour instead; a site with a
	// fixed price per contact is an error.
	BanPerContactBilling bool
	// CapMonitoring caps monitoring at every site at MaxMonitoring, in [0,1].
	CapMonitoring bool
	MaxMonitoring float64
	// MinTrainingDays is the least classroom training, in days (0: none).
	MinTrainingDays float64
}

// Apply returns the site's workforce as the policy lets it run: monitoring
// capped, training at least the minimum, and at a domestic site the wage
// floor. The wage policy's Scale is copied, never shared.
func (p *Policy) Apply(site *Site) Workforce {
	w := *site.Workforce
	w.Wages.Policy.Scale = append([]ScaleStep(nil), w.Wages.Policy.Scale...)
	if p.CapMonitoring {
		w.Monitoring = min(w.Monitoring, p.MaxMonitoring)
	}
	w.TrainingDays = max(w.TrainingDays, p.MinTrainingDays)
	if p.WageFloor && !site.Offshore() {
		w.Wages.Policy.Floor = max(w.Wages.Policy.Floor, p.WageFloorPremium)
	}
	return w
}

// Billing returns the billing model a site uses under the policy.
func (p *Policy) Billing(b BillingModel) BillingModel {
	if p.BanPerContactBilling && b == BillPerContact {
		return BillPerHour
	}
	return b
}

// BidderOf returns the index of the bidder that runs site si, or −1.
func (t *Tender) BidderOf(si int) int {
	for b := range t.Bidders {
		for _, s := range t.Bidders[b].Sites {
			if s == si {
				return b
			}
		}
	}
	return -1
}

// ContractDays returns the length of a contract in whole days.
func (t *Tender) ContractDays() float64 {
	return math.Round(float64(t.ContractMonths) * DaysPerMonth)
}

// BidderRouting returns the client's routing while bidder b holds the
// contract with the given site shares (indexed like the bidder's Sites):
// every contact type is shared over the bidder's sites; escalation is
// unchanged. Sites with a zero share are left out.
func (t *Tender) BidderRouting(r Routing, nTypes, b int, shares []float64) Routing {
	bd := &t.Bidders[b]
	rt := Route{Kind: RouteShare}
	if bd.Pooled {
		rt.Kind = RoutePooled
	}
	for i, s := range bd.Sites {
		if shares[i] > 0 {
			rt.Sites = append(rt.Sites, s)
			rt.Shares = append(rt.Shares, shares[i])
			if bd.Pooled {
				d := 0.0
				if bd.DelaySeconds != nil {
					d = bd.DelaySeconds[i]
				}
				rt.DelaySeconds = append(rt.DelaySeconds, d)
			}
		}
	}
	out := Routing{EscalationSite: r.EscalationSite, ByType: make([]Route, nTypes)}
	for i := range out.ByType {
		out.ByType[i] = rt
	}
	return out
}

// ScoreBids returns each bid's score under the rule and the winner: the
// highest score; a tie (within 1e-9) goes to the incumbent, then to the
// lowest index. monthlyEUR are the bids' expected monthly bills, quality
// the qualities they are scored on.
func (a *AwardRule) ScoreBids(monthlyEUR, quality []float64, incumbent int) (scores []float64, winner int) {
	lowest, best := math.Inf(1), 0.0
	for i, p := range monthlyEUR {
		lowest = min(lowest, p)
		best = max(best, quality[i])
	}
	scores = make([]float64, len(monthlyEUR))
	winner = -1
	for i, p := range monthlyEUR {
		s := (1 - a.QualityWeight) * lowest / p
		if a.QualityWeight > 0 && best > a.QualityFloor {
			s += a.QualityWeight * max(0, quality[i]-a.QualityFloor) / (best - a.QualityFloor)
		}
		scores[i] = s
	}
	for i, s := range scores {
		switch {
		case winner < 0:
			winner = i
		case s > scores[winner]+1e-9:
			winner = i
		case math.Abs(s-scores[winner]) <= 1e-9 && i == incumbent:
			winner = i
		}
	}
	return scores, winner
}

// PriceToWin returns the highest bid, in EUR a month, with which bidder b
// still scores above every rival under the rule, given the rival bids it
// expects (rivals[b] is ignored) and the qualities every bid is scored on.
// A bid lower than all rivals' scores (1 − QualityWeight) plus its quality
// points, so with QualityWeight 0 the answer is the lowest rival bid. It
// is +Inf when there is no rival, or when b's quality wins at any price.
func (a *AwardRule) PriceToWin(b int, rivals, quality []float64) float64 {
	bids := slices.Clone(rivals)
	hi := 0.0
	for r, p := range rivals {
		if r != b {
			hi = max(hi, p)
		}
	}
	if !(hi > 0) || math.IsInf(hi, 1) {
		return math.Inf(1)
	}
	wins := func(p float64) bool {
		bids[b] = p
		scores, _ := a.ScoreBids(bids, quality, b)
		for r, s := range scores {
			if r != b && s >= scores[b] {
				return false
			}
		}
		return true
	}
	// b's score falls and every rival's rises (or stays) as b's price
	// rises: the prices at which b wins form an interval from 0.
	lo := 0.0
	hi *= 1e3
	if wins(hi) {
		return math.Inf(1)
	}
	for range 200 {
		mid := (lo + hi) / 2
		if wins(mid) {
			lo = mid
		} else {
			hi = mid
		}
		if hi-lo <= 1e-12*hi {
			break
		}
	}
	return lo
}

// Bid returns a bidder's bid, in EUR a month, from its estimated monthly
// cost (noise and transition included, see BidCostEUR), the price it
// expects to win at (+Inf: none; see AwardRule.PriceToWin) and its
// reference price, the market's price of the month's units (0: none).
func (bd *Bidder) Bid(costEUR, winEUR, referenceEUR float64) float64 {
	target := costEUR / (1 - bd.TargetMargin)
	if bd.Strategy == BidCostPlus {
		return target
	}
	p := target
	if !math.IsInf(winEUR, 1) {
		p = winEUR * (1 - bd.Undercut)
	}
	if referenceEUR > 0 {
		p = min(p, referenceEUR)
	}
	return max(bd.FloorEUR(costEUR), p)
}

// FloorEUR returns the lowest bid the bidder makes on an estimated
// monthly cost: cost ÷ (1 − MinMargin).
func (bd *Bidder) FloorEUR(costEUR float64) float64 { return costEUR / (1 - bd.MinMargin) }

// BidQuality is the quality a bid is scored on: the promise, blended with
// what the bidder delivered in its last contract when it held one.
func (a *AwardRule) BidQuality(promised, delivered float64, hasDelivered bool) float64 {
	if !hasDelivered {
		return promised
	}
	return a.DeliveredWeight*delivered + (1-a.DeliveredWeight)*promised
}

func (t *Tender) validate(sc *Scenario) error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if t.NoticeDays > t.ContractDays() {
		bad("notice days must be at most one contract, got %g", t.NoticeDays)
	}
	if len(t.Bidders) == 0 {
		bad("no bidders")
	}
	if t.Incumbent < 0 || t.Incumbent >= len(t.Bidders) {
		bad("incumbent %d out of range", t.Incumbent)
	}
	if t.Award.Quality > QualityCSAT {
		bad("unknown quality metric %d", t.Award.Quality)
	}
	owner := make([]int, len(sc.Sites))
	for i := range owner {
		owner[i] = -1
	}
	for b := range t.Bidders {
		if err := t.Bidders[b].validate(sc, b, owner); err != nil {
			bad("bidder %q: %w", t.Bidders[b].Name, err)
		}
	}
	for si, o := range owner {
		if o < 0 && !(sc.escalates() && si == sc.Routing.EscalationSite) {
			bad("site %q belongs to no bidder and is not the escalation site", sc.Sites[si].Name)
		}
	}
	return errors.Join(errs...)
}

func (bd *Bidder) validate(sc *Scenario, b int, owner []int) error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if len(bd.Sites) == 0 || len(bd.Shares) != len(bd.Sites) {
		bad("needs sites, one share each")
	}
	if bd.DelaySeconds != nil && (!bd.Pooled || len(bd.DelaySeconds) != len(bd.Sites)) {
		bad("delays need a pooled route and one delay per site")
	}
	var sum float64
	for i, si := range bd.Sites {
		if si < 0 || si >= len(sc.Sites) {
			bad("site index %d out of range", si)
			continue
		}
		site := &sc.Sites[si]
		switch {
		case owner[si] >= 0:
			bad("site %q already belongs to another bidder", site.Name)
		case sc.escalates() && si == sc.Routing.EscalationSite:
			bad("site %q is the escalation site, which stays the client's", site.Name)
		case site.Workforce == nil:
			bad("site %q needs a workforce", site.Name)
		case site.Costs.Billing == BillInHouse:
			bad("site %q is in-house; a bidder's sites bill the client", site.Name)
		}
		owner[si] = b
		if i < len(bd.Shares) {
			sum += bd.Shares[i]
		}
	}
	if len(bd.Shares) > 0 && !SumsToOne(sum) {
		bad("shares sum to %.6g, not 1", sum)
	}
	if bd.Strategy > BidPriceToWin {
		bad("unknown bid strategy %d", bd.Strategy)
	}
	for _, l := range bd.Levers {
		if l.Kind >= NumLevers {
			bad("unknown lever %d", l.Kind)
		}
	}
	return errors.Join(errs...)
}
