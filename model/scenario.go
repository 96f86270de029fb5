// Package model holds offsim's domain: the typed, validated scenario a
// replication runs, the behavioural relations, the analytic queueing formulas
// (Erlang B, C and A) and the summary statistics of Monte Carlo results.
//
// model knows nothing of the event loop, of TOML or of files. Times are in
// seconds unless a name says otherwise; rates carry their unit in their name.
package model

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// SecondsPerHour, SecondsPerDay and SecondsPerWeek convert simulated time.
const (
	SecondsPerHour = 3600.0
	SecondsPerDay  = 24 * SecondsPerHour
	SecondsPerWeek = 7 * SecondsPerDay
)

// Scenario is one fully resolved scenario: every default filled in, every
// reference (site, contact type) turned into an index. Build one with the
// scenarios package, or by hand in tests, and call Validate before running it.
type Scenario struct {
	Name    string
	Run     Run
	Demand  Demand
	Sites   []Site
	Routing Routing
	// Performance says how skill, language fit and monitoring change handle
	// time and resolution at sites with a Workforce.
	Performance Performance
	// Engagement says how agents' engagement forms and what it changes at
	// sites with a Workforce; the zero value switches it off.
	Engagement Engagement
	// LabourPools are the labour markets shared by the sites that name
	// them (Workforce.LabourPool), with the rest of the sector.
	LabourPools []LabourPool
	// Uncertain parameters are drawn once per replication (see Draw).
	Uncertain []Uncertain
	// Sweep records the swept values that made this scenario a variant of
	// its file, if any.
	Sweep []SweepValue
	// Policy holds the policy switches (wage floor, billing ban, monitoring
	// cap, minimum training); the zero Policy switches nothing on.
	Policy Policy
	// Tender, if not nil, re-tenders the first line among bidders.
	Tender *Tender
}

// Run holds the simulation-control settings of a scenario.
type Run struct {
	// HorizonSeconds is the simulated time of one replication, warm-up included.
	HorizonSeconds float64
	// WarmupSeconds is the initial stretch left out of every statistic.
	WarmupSeconds float64
	// Replications is the number of Monte Carlo replications.
	Replications int
	// Seed is the root of every random stream; replication r draws from
	// streams derived from (Seed, r).
	Seed uint64
	// ServiceLevelSeconds is the service-level threshold: a call answered
	// within it counts as answered in time.
	ServiceLevelSeconds float64
}

// Demand describes the calls offered to the centre.
type Demand struct {
	// Arrivals is the Poisson arrival rate of first attempts (redials come
	// on top), in calls per hour, constant or piecewise constant over a week.
	Arrivals RateProfile
	// ContactTypes lists the kinds of contact; at least one. Shares sum to 1.
	ContactTypes []ContactType
	// Patience is how long a caller waits before hanging up; a Dist with
	// Kind None means callers never abandon.
	Patience Dist
	// Redial says whether and when an abandoner calls again.
	Redial Redial
	// DailyCV is the coefficient of variation of a day's volume multiplier
	// (gamma with mean 1): real daily volumes vary more than Poisson. 0: none.
	DailyCV float64
	// Incidents multiply arrivals for some days.
	Incidents Incidents
	// Customers says what unresolved customers do and what journeys are worth.
	Customers Customers
}

// ContactType is one kind of contact (e.g. simple, complex).
type ContactType struct {
	Name string
	// Share is the fraction of first attempts of this type, in [0,1],
	// before self-service deflection.
	Share float64
	// FCR is the chance an expert agent (skill 1, native language, no
	// monitoring pressure) resolves a contact of this type, in [0,1].
	FCR float64
	// Deflection is the share of this type's contacts that self-service
	// (web, app, bot) absorbs before they reach an agent, in [0,1].
	Deflection float64
	// Escalation is the chance a handled contact of this type is passed to
	// the second line (Routing.EscalationSite), in [0,1].
	Escalation float64
}

// Redial is what an abandoning caller does next.
type Redial struct {
	// Probability that an abandoner calls again, in [0,1].
	Probability float64
	// Delay from abandoning to the redial, in seconds (a distribution).
	Delay Dist
}

// RateProfile is an arrival rate, in events per hour, that is constant or
// piecewise constant over a repeating week.
type RateProfile struct {
	// IntervalSeconds is the length of one interval (900, 1800 or 3600);
	// ignored when PerHour has a single value.
	IntervalSeconds float64
	// PerHour holds the rate of each interval, in events per hour, starting
	// 00:00 of day 0 (the scenarios package rotates Monday-first tables to
	// start_date's weekday); its length times IntervalSeconds is one week. A single
	// value is a constant rate.
	PerHour []float64
}

// Constant reports whether the profile has one rate for all time.
func (p RateProfile) Constant() bool { return len(p.PerHour) == 1 }

// Mean returns the time-averaged rate in events per hour.
func (p RateProfile) Mean() float64 {
	var s float64
	for _, r := range p.PerHour {
		s += r
	}
	return s / float64(len(p.PerHour))
}

// AgentSchedule is the number of agents a site staffs, constant or per
// interval of a repeating week (in the client's time).
type AgentSchedule struct {
	// IntervalSeconds is the length of one interval; ignored when Agents has
	// a single value.
	IntervalSeconds float64
	// Agents staffed in each interval, starting 00:00 of day 0; a single value
	// is staffed around the clock.
	Agents []int
}

// Max returns the largest number of agents the schedule ever staffs.
func (s AgentSchedule) Max() int {
	m := 0
	for _, a := range s.Agents {
		m = max(m, a)
	}
	return m
}

// Site is one place where agents answer calls.
type Site struct {
	Name string
	// Country is where the site is ("NL", "SR"); "" is the client's own
	// country, DomesticCountry. See Offshore.
	Country string
	// Staffing is the number of agents on duty over the week. With a
	// Workforce it is the plan, capped by the agents available.
	Staffing AgentSchedule
	// Planned says Staffing is the Erlang-based plan (model.PlanStaffing)
	// for the site's load: a tender re-plans it when the load changes.
	Planned bool
	// Workforce, if not nil, makes the agents people who learn and leave.
	Workforce *Workforce
	// Costs of the site, in EUR.
	Costs Costs
	// HandleTime is the handle-time distribution per contact type, indexed
	// like Demand.ContactTypes, in seconds.
	HandleTime []Dist
}

// RouteKind says how a route chooses among its sites.
type RouteKind uint8

const (
	// RouteShare sends each call to one site drawn by fixed shares.
	RouteShare RouteKind = iota
	// RouteOverflow offers each call to the sites in order: a call moves on
	// from a site that has no free agent and at least OverflowQueue[i]
	// callers waiting; the last site takes whatever reaches it.
	RouteOverflow
	// RoutePooled gives the route one FCFS queue that every site of the
	// route serves: an arriving call goes to an idle agent of the first site
	// in order that has one, else waits; a freed agent takes the
	// longest-waiting call it is eligible for. Site i becomes eligible for a
	// call once the call has waited DelaySeconds[i].
	RoutePooled
)

// String returns the scenario-file name of the kind.
func (k RouteKind) String() string {
	switch k {
	case RouteShare:
		return "share"
	case RouteOverflow:
		return "overflow"
	case RoutePooled:
		return "pooled"
	}
	return fmt.Sprintf("RouteKind(%d)", k)
}

// Route is how calls of one contact type reach the sites.
type Route struct {
	Kind RouteKind
	// Sites are indices into Scenario.Sites, in overflow order for
	// RouteOverflow.
	Sites []int
	// Shares of the calls per entry of Sites, summing to 1 (RouteShare).
	// A pooled route may carry them too: the share of the route's load
	// each site's staffing plan covers (nil: all on the first site).
	Shares []float64
	// OverflowQueue is, per entry of Sites but the last, the number of
	// waiting callers at or above which a call overflows to the next site
	// when the site has no free agent (RouteOverflow).
	OverflowQueue []int
	// DelaySeconds is, per entry of Sites, how long a call of a pooled route
	// must have waited before that site's agents may take it, in seconds
	// (RoutePooled; nil means 0 for every site).
	DelaySeconds []float64
}

// Routing holds one Route per contact type.
type Routing struct {
	// ByType is indexed like Demand.ContactTypes.
	ByType []Route
	// EscalationSite is the index of the second-line site that escalated
	// contacts go to; used only when a contact type has Escalation > 0.
	EscalationSite int
}

// SumsToOne reports whether sum, of shares, is 1 to within 1e-9: the
// shares of the contact types, of a route or of a bidder's sites, which
// the scenario decoder and Validate must judge alike.
func SumsToOne(sum float64) bool { return math.Abs(sum-1) <= 1e-9 }

// Validate checks the scenario's structure: lengths, indices, shares that
// sum to 1, the references between its parts and the relations between
// values (a warm-up shorter than the horizon). The range of every single
// value (positive, a fraction, and the limits that keep a run finite) is
// the scenarios package's schema's to check, with file, key and line; a
// scenario built in code is trusted with it.
func (s *Scenario) Validate() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if r := s.Run; r.WarmupSeconds >= r.HorizonSeconds {
		bad("run: warm-up must be shorter than the horizon, got %g s of %g s", r.WarmupSeconds, r.HorizonSeconds)
	}
	if err := s.Demand.Arrivals.validate(); err != nil {
		bad("demand: arrivals: %w", err)
	}
	nt := len(s.Demand.ContactTypes)
	if nt == 0 {
		bad("demand: no contact types")
	}
	var share float64
	for _, ct := range s.Demand.ContactTypes {
		share += ct.Share
	}
	if nt > 0 && !SumsToOne(share) {
		bad("demand: contact-type shares sum to %.6g, not 1", share)
	}
	if err := s.Demand.Patience.Validate(true); err != nil {
		bad("demand: patience: %w", err)
	}
	if s.Demand.Redial.Probability > 0 {
		if err := s.Demand.Redial.Delay.Validate(false); err != nil {
			bad("demand: redial delay: %w", err)
		}
	}
	if len(s.Sites) == 0 {
		bad("no sites")
	}
	for _, u := range s.Uncertain {
		if err := u.Dist.Validate(); err != nil {
			bad("%s: %w", u.Key, err)
		}
	}
	for i, site := range s.Sites {
		bidder := s.Tender != nil && s.Tender.BidderOf(i) >= 0
		if err := site.validate(nt, bidder); err != nil {
			bad("site %q: %w", site.Name, err)
		}
		if s.Policy.BanPerContactBilling && !bidder && site.Costs.Billing == BillPerContact {
			bad("site %q: bills per contact, which the policy bans", site.Name)
		}
	}
	if s.Tender != nil {
		if err := s.Tender.validate(s); err != nil {
			bad("tender: %w", err)
		}
		if s.Run.WarmupSeconds > 0 {
			// Margin reviews and delivered quality read the measured months.
			bad("tender: a scenario with a tender is measured from its start: warm-up must be 0, got %g s", s.Run.WarmupSeconds)
		}
	}
	if err := s.validateLabourPools(); err != nil {
		errs = append(errs, err)
	}
	if es := s.Routing.EscalationSite; s.escalates() && (es < 0 || es >= len(s.Sites)) {
		bad("routing: escalation site %d out of range", es)
	}
	if err := s.Demand.Customers.validate(); err != nil {
		bad("customers: %w", err)
	}
	if len(s.Routing.ByType) != nt {
		bad("routing: %d routes for %d contact types", len(s.Routing.ByType), nt)
	} else {
		for i, rt := range s.Routing.ByType {
			if err := rt.validate(len(s.Sites)); err != nil {
				bad("routing of %q: %w", s.Demand.ContactTypes[i].Name, err)
			}
		}
	}
	return errors.Join(errs...)
}

// escalates reports whether any contact type escalates to a second line.
func (s *Scenario) escalates() bool {
	for _, ct := range s.Demand.ContactTypes {
		if ct.Escalation > 0 {
			return true
		}
	}
	return false
}

func (p RateProfile) validate() error {
	if len(p.PerHour) == 0 {
		return errors.New("no rate given")
	}
	if len(p.PerHour) > 1 {
		if err := validateWeeklyIntervals(p.IntervalSeconds, len(p.PerHour)); err != nil {
			return err
		}
	}
	if slices.Max(p.PerHour) <= 0 {
		return errors.New("all rates are zero: no call would ever arrive")
	}
	return nil
}

func validateWeeklyIntervals(intervalSeconds float64, n int) error {
	switch intervalSeconds {
	case 900, 1800, 3600:
	default:
		return fmt.Errorf("interval must be 900, 1800 or 3600 s, got %g", intervalSeconds)
	}
	if want := int(SecondsPerWeek / intervalSeconds); n != want {
		return fmt.Errorf("a weekly table of %g-s intervals needs %d values, got %d", intervalSeconds, want, n)
	}
	return nil
}

// validate checks the site; a bidder's site gets its price from its bids.
func (s Site) validate(nTypes int, bidder bool) error {
	st := s.Staffing
	if len(st.Agents) == 0 {
		return errors.New("no agents")
	}
	if len(st.Agents) > 1 {
		if err := validateWeeklyIntervals(st.IntervalSeconds, len(st.Agents)); err != nil {
			return fmt.Errorf("agents: %w", err)
		}
	}
	if st.Max() == 0 {
		return errors.New("agents: the site never staffs anyone")
	}
	if len(s.HandleTime) != nTypes {
		return fmt.Errorf("%d handle-time distributions for %d contact types", len(s.HandleTime), nTypes)
	}
	for i, d := range s.HandleTime {
		if err := d.Validate(false); err != nil {
			return fmt.Errorf("handle time of contact type %d: %w", i, err)
		}
	}
	if s.Workforce != nil {
		if err := s.Workforce.validate(); err != nil {
			return fmt.Errorf("workforce: %w", err)
		}
	} else if s.Costs.Billing == BillPerHour {
		return errors.New("per-hour billing needs a workforce (paid hours are counted for agents who are people)")
	} else if s.Costs.Pricing != PricingFixed {
		return fmt.Errorf("%s pricing needs a workforce (wages and the provider's costs)", s.Costs.Pricing)
	}
	return s.Costs.validate(bidder)
}

func validShares(shares []float64, nSites int) error {
	if len(shares) != nSites {
		return fmt.Errorf("%d shares for %d sites", len(shares), nSites)
	}
	var sum float64
	for _, s := range shares {
		sum += s
	}
	if !SumsToOne(sum) {
		return fmt.Errorf("shares sum to %.6g, not 1", sum)
	}
	return nil
}

func (r Route) validate(nSites int) error {
	if len(r.Sites) == 0 {
		return errors.New("no site")
	}
	for _, i := range r.Sites {
		if i < 0 || i >= nSites {
			return fmt.Errorf("site index %d out of range", i)
		}
	}
	switch r.Kind {
	case RouteShare:
		if err := validShares(r.Shares, len(r.Sites)); err != nil {
			return err
		}
	case RouteOverflow:
		if len(r.OverflowQueue) != len(r.Sites)-1 {
			return fmt.Errorf("%d overflow thresholds for %d sites", len(r.OverflowQueue), len(r.Sites))
		}
	case RoutePooled:
		if r.Shares != nil {
			if err := validShares(r.Shares, len(r.Sites)); err != nil {
				return err
			}
		}
		if r.DelaySeconds != nil && len(r.DelaySeconds) != len(r.Sites) {
			return fmt.Errorf("%d delays for %d sites", len(r.DelaySeconds), len(r.Sites))
		}
		for i, a := range r.Sites {
			if slices.Contains(r.Sites[:i], a) {
				return fmt.Errorf("site index %d appears twice", a)
			}
		}
	default:
		return fmt.Errorf("unknown route kind %d", r.Kind)
	}
	return nil
}
