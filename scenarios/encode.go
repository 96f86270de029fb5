package scenarios

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"offsim/model"
)

// Encode writes sc in the scenario format, fully resolved: every default
// written out, a file's extends merged, staffing plans written as agents
// tables, weekly profiles as weekly tables, dated values as days since the
// start, uncertain parameters as their distribution tables. Parse of the
// result gives back a scenario equal to sc, but for the Apply functions of
// its uncertain parameters (which are rebuilt) and its Sweep (which the
// name and a comment record). offsim writes it for every scenario it runs,
// to repeat a run.
//
// The model keeps no calendar date: the result's start_date is a Monday,
// 2026-01-05, and its weekly tables start with day 0 of sc.
//
// One form is not exact: a distribution on demand.arrivals.calls_per_week
// is written with day and intraday shares recovered from the rates, which
// give them back to within rounding.
func Encode(sc *model.Scenario) ([]byte, error) {
	if err := sc.Validate(); err != nil {
		return nil, fmt.Errorf("encode %q: %w", sc.Name, err)
	}
	e := &encoder{sc: sc, uncertain: map[string]*model.Uncertain{}}
	for i := range sc.Uncertain {
		u := &sc.Uncertain[i]
		e.uncertain[u.Key] = u
	}
	root, err := e.scenario()
	if err != nil {
		return nil, fmt.Errorf("encode %q: %w", sc.Name, err)
	}
	for _, u := range sc.Uncertain {
		if err := placeDist(root, u); err != nil {
			return nil, fmt.Errorf("encode %q: %w", sc.Name, err)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: the resolved scenario, written by offsim: every default filled in,\n", sc.Name)
	b.WriteString("# extends merged, staffing plans written out. Reading it gives back the\n")
	b.WriteString("# scenario that was run. The model keeps no calendar: start_date is a\n")
	b.WriteString("# Monday, weekly tables start with day 0 of the run, dated values are\n")
	b.WriteString("# in days from the start.\n")
	if len(sc.Sweep) > 0 {
		parts := make([]string, len(sc.Sweep))
		for i, s := range sc.Sweep {
			parts[i] = fmt.Sprintf("%s = %g", s.Key, s.Value)
		}
		fmt.Fprintf(&b, "# A variant of a sweep: %s.\n", strings.Join(parts, ", "))
	}
	b.WriteByte('\n')
	w := &tomlWriter{b: &b}
	w.table(nil, root)
	return []byte(b.String()), nil
}

// encodeStart is the start_date of a resolved file, a Monday.
const encodeStart = "2026-01-05"

type encoder struct {
	sc        *model.Scenario
	uncertain map[string]*model.Uncertain
}

// has reports whether an uncertain parameter has key path k.
func (e *encoder) has(k keyPath) bool { return e.uncertain[string(k)] != nil }

// hasUnder reports whether an uncertain parameter is at or inside p.
func (e *encoder) hasUnder(p keyPath) bool {
	for k := range e.uncertain {
		if k == string(p) || strings.HasPrefix(k, string(p)) && strings.ContainsRune(".[", rune(k[len(p)])) {
			return true
		}
	}
	return false
}

func (e *encoder) scenario() (*otable, error) {
	sc := e.sc
	root := &otable{}
	root.set("name", sc.Name)
	root.set("start_date", tomlDate(encodeStart))

	run := &otable{}
	r := sc.Run
	putSpan(run, "horizon", r.HorizonSeconds, []spanUnit{{"hours", model.SecondsPerHour}, {"months", model.DaysPerMonth * model.SecondsPerDay}})
	putSpan(run, "warmup", r.WarmupSeconds, []spanUnit{{"hours", model.SecondsPerHour}, {"days", model.SecondsPerDay}, {"months", model.DaysPerMonth * model.SecondsPerDay}})
	run.set("replications", int64(r.Replications))
	if r.Seed > math.MaxInt64 {
		return nil, fmt.Errorf("seed %d is larger than a file may give", r.Seed)
	}
	run.set("seed", int64(r.Seed))
	run.set("service_level_seconds", r.ServiceLevelSeconds)
	root.set("run", run)

	dm, err := e.demand()
	if err != nil {
		return nil, err
	}
	root.set("demand", dm)

	p := sc.Performance
	perf := &otable{}
	perf.set("novice_handle_time_penalty", p.NoviceHandleTimePenalty)
	perf.set("nesting_handle_time_factor", p.NestingHandleTimeFactor)
	perf.set("monitoring_speedup", p.MonitoringSpeedup)
	perf.set("language_handle_time_penalty", p.LanguageHandleTimePenalty)
	perf.set("novice_resolution_penalty", p.NoviceResolutionPenalty)
	perf.set("nesting_resolution_factor", p.NestingResolutionFactor)
	perf.set("monitoring_resolution_penalty", p.MonitoringResolutionPenalty)
	perf.set("language_resolution_penalty", p.LanguageResolutionPenalty)
	root.set("performance", perf)
	if pol := encodePolicy(&sc.Policy); pol != nil {
		root.set("policy", pol)
	}

	var sites []*otable
	for i := range sc.Sites {
		st, err := e.site(i)
		if err != nil {
			return nil, err
		}
		sites = append(sites, st)
	}
	root.set("sites", sites)

	rt, err := e.routing()
	if err != nil {
		return nil, err
	}
	root.set("routing", rt)
	if sc.Tender != nil {
		root.set("tender", e.tender())
	}
	return root, nil
}

func (e *encoder) demand() (*otable, error) {
	d := e.sc.Demand
	t := &otable{}
	a := d.Arrivals
	switch {
	case e.has("demand.arrivals.calls_per_week"):
		vol, err := volumeTable(a)
		if err != nil {
			return nil, err
		}
		t.set("arrivals", vol)
	case a.Constant():
		t.set("arrivals_per_hour", a.PerHour[0])
	default:
		w := &otable{}
		w.set("interval_minutes", int64(a.IntervalSeconds/60))
		w.set("weekly", weekArray(a.PerHour))
		t.set("arrivals_per_hour", w)
	}
	if d.Patience.Kind != model.None {
		t.set("patience", e.dist("demand.patience", d.Patience))
	}
	if d.Redial != (model.Redial{}) {
		rd := &otable{inline: true}
		rd.set("probability", d.Redial.Probability)
		if d.Redial.Delay.Kind != model.None {
			rd.set("delay", e.dist("demand.redial.delay", d.Redial.Delay))
		}
		t.set("redial", rd)
	}
	t.set("daily_cv", d.DailyCV)
	if d.Incidents != (model.Incidents{}) {
		in := &otable{inline: true}
		in.set("probability_per_month", d.Incidents.ProbabilityPerMonth)
		in.set("multiplier", d.Incidents.Multiplier)
		in.set("days", int64(d.Incidents.Days))
		t.set("incidents", in)
	}
	var cts []*otable
	for _, ct := range d.ContactTypes {
		c := &otable{}
		c.set("name", ct.Name)
		c.set("share", ct.Share)
		c.set("fcr", ct.FCR)
		c.set("deflection", ct.Deflection)
		c.set("escalation", ct.Escalation)
		cts = append(cts, c)
	}
	t.set("contact_types", cts)
	if c := d.Customers; c != (model.Customers{}) {
		if c.RepeatDelay.Kind == model.None {
			return nil, errors.New("customers: a repeat delay is required")
		}
		ct := &otable{}
		ct.set("repeat_probability", c.RepeatProbability)
		ct.set("repeat_delay", e.dist("demand.customers.repeat_delay", c.RepeatDelay))
		ct.set("max_contacts", int64(c.MaxContacts))
		ct.set("lifetime_value_eur", c.LifetimeValueEUR)
		s := &otable{}
		s.set("base", c.Satisfaction.Base)
		s.set("repeat_factor", c.Satisfaction.RepeatFactor)
		s.set("unresolved_factor", c.Satisfaction.UnresolvedFactor)
		s.set("wait_penalty_per_minute", c.Satisfaction.WaitPenaltyPerMinute)
		s.set("language_penalty", c.Satisfaction.LanguagePenalty)
		ct.set("satisfaction", s)
		ch := &otable{}
		ch.set("resolved", c.Churn.Resolved)
		ch.set("unresolved_factor", c.Churn.UnresolvedFactor)
		ch.set("dissatisfaction_factor", c.Churn.DissatisfactionFactor)
		ct.set("churn", ch)
		t.set("customers", ct)
	}
	return t, nil
}

// volumeTable writes a weekly profile as a weekly volume { calls_per_week,
// interval_minutes, day_shares, intraday_shares }, with the shares
// recovered from the rates (exact only to within rounding).
func volumeTable(a model.RateProfile) (*otable, error) {
	n := len(a.PerHour)
	if n%7 != 0 || a.IntervalSeconds == 0 {
		return nil, errors.New("demand.arrivals.calls_per_week: the arrivals are not a weekly profile")
	}
	perDay := n / 7
	hours := a.IntervalSeconds / model.SecondsPerHour
	days := make([]any, 7)
	intraday := make([]float64, perDay)
	var total float64
	for d := range 7 {
		var s float64
		for k := range perDay {
			r := a.PerHour[d*perDay+k]
			s += r
			intraday[k] += r
		}
		days[d] = s * hours
		total += s * hours
	}
	in := make([]any, perDay)
	for k, x := range intraday {
		in[k] = x * hours
	}
	t := &otable{}
	t.set("calls_per_week", total)
	t.set("interval_minutes", int64(a.IntervalSeconds/60))
	t.set("day_shares", days)
	t.set("intraday_shares", in)
	return t, nil
}

// dist returns the table of a duration's distribution at key path p, with
// its mean in days when an uncertain mean was given in days.
func (e *encoder) dist(p keyPath, d model.Dist) *otable {
	t := &otable{inline: true}
	t.set("dist", d.Kind.String())
	if e.has(p.key("mean_days")) {
		t.set("mean_days", quotientOf(d.MeanSeconds, model.SecondsPerDay))
	} else {
		t.set("mean_seconds", d.MeanSeconds)
	}
	if d.Kind == model.Lognormal {
		t.set("cv", d.CV)
	}
	return t
}

func (e *encoder) site(i int) (*otable, error) {
	s := &e.sc.Sites[i]
	sp := keyPath("sites").index(i)
	t := &otable{}
	t.set("name", s.Name)
	if s.Country != "" {
		t.set("country", s.Country)
	}
	if s.Planned {
		t.set("agents", planned)
	} else if a := s.Staffing; len(a.Agents) == 1 {
		t.set("agents", int64(a.Agents[0]))
	} else {
		ag := &otable{}
		ag.set("interval_minutes", int64(a.IntervalSeconds/60))
		vals := make([]float64, len(a.Agents))
		for k, n := range a.Agents {
			vals[k] = float64(n)
		}
		ag.set("weekly", weekArray(vals))
		t.set("agents", ag)
	}
	if err := e.handleTimes(t, sp, s.HandleTime); err != nil {
		return nil, err
	}

	c := s.Costs
	ct := &otable{}
	ct.set("billing", c.Billing.String())
	if c.Billing != model.BillInHouse {
		if e.sc.Tender == nil || e.sc.Tender.BidderOf(i) < 0 {
			ct.set("price_eur", c.PriceEUR)
		}
		ct.set("price_index_per_year", c.PriceIndexPerYear)
	}
	ct.set("recruitment_per_hire_eur", c.RecruitmentPerHireEUR)
	ct.set("seat_per_agent_month_eur", c.SeatPerAgentMonthEUR)
	ct.set("telecom_per_minute_eur", c.TelecomPerMinuteEUR)
	ct.set("management_per_agent_month_eur", c.ManagementPerAgentMonthEUR)
	ct.set("governance_per_month_eur", c.GovernancePerMonthEUR)
	t.set("costs", ct)

	if w := s.Workforce; w != nil {
		wt, err := e.workforce(sp.key("workforce"), w)
		if err != nil {
			return nil, err
		}
		t.set("workforce", wt)
	}
	return t, nil
}

// handleTimes writes handle_time for the contact types that share one
// distribution (and must, when it is uncertain), handle_time_by_type for
// the others (and those with an uncertain parameter of their own).
func (e *encoder) handleTimes(t *otable, sp keyPath, hts []model.Dist) error {
	types := e.sc.Demand.ContactTypes
	own := make([]bool, len(hts))
	for i := range hts {
		own[i] = e.hasUnder(sp.key("handle_time_by_type").key(types[i].Name))
	}
	shared := slices.Index(own, false)
	if !e.hasUnder(sp.key("handle_time")) {
		for i, d := range hts {
			if shared >= 0 && !own[i] && d != hts[shared] {
				shared = -1
			}
		}
	} else if shared < 0 {
		return fmt.Errorf("%s: an uncertain handle_time, but every contact type has its own", sp)
	}
	if shared >= 0 {
		t.set("handle_time", e.dist(sp.key("handle_time"), hts[shared]))
	}
	by := &otable{inline: true}
	for i, d := range hts {
		if shared >= 0 && !own[i] && d == hts[shared] {
			continue
		}
		by.set(types[i].Name, e.dist(sp.key("handle_time_by_type").key(types[i].Name), d))
	}
	if len(by.keys) > 0 {
		t.set("handle_time_by_type", by)
	}
	return nil
}

func (e *encoder) workforce(p keyPath, w *model.Workforce) (*otable, error) {
	t := &otable{}
	t.set("initial_headcount", int64(w.InitialHeadcount))
	t.set("initial_tenure_mean_days", w.InitialTenureMeanDays)
	t.set("headcount_target", int64(w.HeadcountTarget))
	t.set("service_level_target", w.ServiceLevelTarget)
	t.set("shrinkage", w.Shrinkage)
	t.set("contract_hours_per_week", w.ContractHoursPerWeek)
	t.set("training_days", w.TrainingDays)
	t.set("nesting_days", w.NestingDays)
	sk := &otable{inline: true}
	sk.set("alpha", w.SkillAtHire.Alpha)
	sk.set("beta", w.SkillAtHire.Beta)
	t.set("skill_at_hire", sk)
	t.set("skill_ceiling", w.SkillCeiling)
	t.set("learning_days", w.LearningDays)
	t.set("language_fit", w.LanguageFit)
	t.set("monitoring", w.Monitoring)

	a := w.Attrition
	at := &otable{}
	at.set("base_annual", a.BaseAnnual)
	at.set("reference_pay_ratio", a.ReferencePayRatio)
	at.set("pay_elasticity", a.PayElasticity)
	at.set("monitoring_effect", a.MonitoringEffect)
	at.set("occupancy_threshold", a.OccupancyThreshold)
	at.set("occupancy_effect", a.OccupancyEffect)
	at.set("early_tenure_days", a.EarlyTenureDays)
	at.set("early_tenure_factor", a.EarlyTenureFactor)
	at.set("dismissal_annual", a.DismissalAnnual)
	t.set("attrition", at)

	pl := w.Pool
	pt := &otable{}
	pt.set("size", pl.Size)
	pt.set("refill_per_month", pl.RefillPerMonth)
	pt.set("return_share", pl.ReturnShare)
	pt.set("return_delay_days", pl.ReturnDelayDays)
	pt.set("lead_time_days", pl.LeadTimeDays)
	pt.set("lead_time_depletion", pl.LeadTimeDepletion)
	pt.set("skill_depletion", pl.SkillDepletion)
	t.set("pool", pt)

	wg := w.Wages
	wp := p.key("wages")
	wt := &otable{}
	wt.set("currency", wg.Currency)
	wt.set("minimum_per_hour", e.path(wp.key("minimum_per_hour"), wg.MinimumPerHour))
	pol := wg.Policy
	wt.set("policy", pol.Kind.String())
	switch pol.Kind {
	case model.WagePremium:
		wt.set("premium", pol.Premium)
	case model.WageFixed:
		wt.set("fixed_per_hour", pol.FixedPerHour)
		wt.set("annual_raise", pol.AnnualRaise)
	case model.WageScale:
		steps := make([]any, len(pol.Scale))
		for i, s := range pol.Scale {
			st := &otable{inline: true}
			st.set("from_tenure_days", s.FromTenureDays)
			st.set("premium", s.Premium)
			steps[i] = st
		}
		wt.set("scale", steps)
	}
	fp := wp.key("fx_local_per_eur")
	fx := wg.FX
	walk := fx.Random()
	for _, k := range fxKeys {
		walk = walk || e.hasUnder(fp.key(k))
	}
	if walk {
		if len(fx.Days) != 1 || fx.IndexEveryDays != 0 || fx.IndexRate != 0 {
			return nil, fmt.Errorf("%s: a random walk starts from one value", fp)
		}
		ft := &otable{inline: true}
		ft.set("start", fx.Values[0])
		ft.set("drift_per_year", fx.DriftPerYear)
		ft.set("volatility_per_year", fx.VolatilityPerYear)
		ft.set("jump_probability_per_year", fx.JumpProbabilityPerYear)
		ft.set("jump_size", fx.JumpSize)
		wt.set("fx_local_per_eur", ft)
	} else {
		wt.set("fx_local_per_eur", e.path(fp, fx.Path))
	}
	wt.set("on_cost_rate", wg.OnCostRate)
	wt.set("night_premium", wg.NightPremium)
	wt.set("night_start_hour", wg.NightStartHour)
	wt.set("night_end_hour", wg.NightEndHour)
	wt.set("utc_offset_hours", wg.UTCOffsetHours)
	t.set("wages", wt)
	return t, nil
}

// path writes a path at key path p: a number when constant, else { days,
// values [, index_every_days | index_every_months, index_rate] }.
func (e *encoder) path(p keyPath, x model.Path) any {
	if len(x.Days) == 1 && x.Days[0] == 0 && x.IndexEveryDays == 0 && x.IndexRate == 0 && !e.hasUnder(p.key("index_rate")) {
		return x.Values[0]
	}
	t := &otable{inline: true}
	days := make([]any, len(x.Days))
	for i, d := range x.Days {
		days[i] = d
	}
	vals := make([]any, len(x.Values))
	for i, v := range x.Values {
		vals[i] = v
	}
	t.set("days", days)
	t.set("values", vals)
	if x.IndexEveryDays != 0 || x.IndexRate != 0 {
		if e.has(p.key("index_every_months")) {
			t.set("index_every_months", quotientOf(x.IndexEveryDays, model.DaysPerMonth))
		} else {
			t.set("index_every_days", x.IndexEveryDays)
		}
		t.set("index_rate", x.IndexRate)
	}
	return t
}

func (e *encoder) routing() (*otable, error) {
	sc := e.sc
	t := &otable{}
	escalates := slices.ContainsFunc(sc.Demand.ContactTypes, func(ct model.ContactType) bool { return ct.Escalation > 0 })
	if sc.Tender != nil { // the bidders route the first line
		if escalates {
			t.set("escalation_site", sc.Sites[sc.Routing.EscalationSite].Name)
		}
		return t, nil
	}
	by := &otable{}
	for i, r := range sc.Routing.ByType {
		rt := &otable{}
		rt.set("kind", r.Kind.String())
		switch r.Kind {
		case model.RouteShare:
			sh := &otable{inline: true}
			for j, si := range r.Sites {
				if j > 0 && si <= r.Sites[j-1] {
					return nil, fmt.Errorf("routing of %q: share sites must be in site order", sc.Demand.ContactTypes[i].Name)
				}
				sh.set(sc.Sites[si].Name, r.Shares[j])
			}
			rt.set("shares", sh)
		case model.RouteOverflow:
			order := make([]any, len(r.Sites))
			for j, si := range r.Sites {
				order[j] = sc.Sites[si].Name
			}
			rt.set("order", order)
			if len(r.OverflowQueue) > 0 {
				q := make([]any, len(r.OverflowQueue))
				for j, n := range r.OverflowQueue {
					q[j] = int64(n)
				}
				rt.set("overflow_queue", q)
			}
		}
		by.set(sc.Demand.ContactTypes[i].Name, rt)
	}
	t.set("by_type", by)
	if slices.ContainsFunc(sc.Demand.ContactTypes, func(ct model.ContactType) bool { return ct.Escalation > 0 }) {
		t.set("escalation_site", sc.Sites[sc.Routing.EscalationSite].Name)
	}
	return t, nil
}

// putSpan writes a length of time in seconds as base_<unit>, in the first
// unit that gives it back exactly.
func putSpan(t *otable, base string, seconds float64, units []spanUnit) {
	for _, u := range units {
		if x, ok := quotient(seconds, u.seconds); ok {
			t.set(base+"_"+u.suffix, x)
			return
		}
	}
	t.set(base+"_"+units[0].suffix, seconds/units[0].seconds)
}

// quotient returns y with y·c == x exactly, searching a few floats around
// x/c, and whether there is one.
func quotient(x, c float64) (float64, bool) {
	y := x / c
	if y*c == x {
		return y, true
	}
	up, down := y, y
	for range 8 {
		up, down = math.Nextafter(up, math.Inf(1)), math.Nextafter(down, math.Inf(-1))
		if up*c == x {
			return up, true
		}
		if down*c == x {
			return down, true
		}
	}
	return y, false
}

func quotientOf(x, c float64) float64 {
	y, _ := quotient(x, c)
	return y
}

// weekArray returns the values of a week as an array written one day a
// line.
func weekArray(vals []float64) weekValues { return weekValues(vals) }

type weekValues []float64

// tomlDate is a TOML local date, written as it is.
type tomlDate string

// placeDist replaces the value at u's key path in the tree with u's
// distribution table.
func placeDist(root *otable, u model.Uncertain) error {
	segs, err := parseKeyPath(u.Key)
	if err != nil {
		return fmt.Errorf("uncertain key %q: %v", u.Key, err)
	}
	var cur any = root
	for i, s := range segs {
		last := i == len(segs)-1
		switch c := cur.(type) {
		case *otable:
			if s.index >= 0 {
				return fmt.Errorf("uncertain key %q: not an array at %s", u.Key, s)
			}
			v, ok := c.vals[s.name]
			if !ok {
				return fmt.Errorf("uncertain key %q: no key %s in the resolved form", u.Key, s)
			}
			if last {
				c.vals[s.name] = distTable(u.Dist)
				return nil
			}
			cur = v
		case []*otable:
			if s.index < 0 || s.index >= len(c) {
				return fmt.Errorf("uncertain key %q: no element %s", u.Key, s)
			}
			cur = c[s.index]
		case []any:
			if s.index < 0 || s.index >= len(c) {
				return fmt.Errorf("uncertain key %q: no element %s", u.Key, s)
			}
			cur = c[s.index]
		default:
			return fmt.Errorf("uncertain key %q: %s is not a table", u.Key, s)
		}
	}
	return fmt.Errorf("uncertain key %q: not a number", u.Key)
}

// distTable returns the table of a parameter distribution.
func distTable(d model.ParamDist) *otable {
	t := &otable{inline: true}
	t.set("dist", d.Kind.String())
	switch d.Kind {
	case model.ParamTriangular:
		t.set("min", d.Min)
		t.set("mode", d.Mode)
		t.set("max", d.Max)
	case model.ParamUniform:
		t.set("min", d.Min)
		t.set("max", d.Max)
	case model.ParamNormal:
		t.set("mean", d.Mean)
		t.set("sd", d.SD)
		if d.Bounded {
			t.set("min", d.Min)
			t.set("max", d.Max)
		}
	case model.ParamLognormal:
		t.set("mean", d.Mean)
		t.set("sd", d.SD)
	case model.ParamBeta:
		t.set("alpha", d.Alpha)
		t.set("beta", d.Beta)
		t.set("min", d.Min)
		t.set("max", d.Max)
	}
	return t
}

// otable is a TOML table whose keys keep their order.
type otable struct {
	keys   []string
	vals   map[string]any
	inline bool // written { k = v, ... }
}

func (t *otable) set(k string, v any) {
	if t.vals == nil {
		t.vals = map[string]any{}
	}
	if _, ok := t.vals[k]; !ok {
		t.keys = append(t.keys, k)
	}
	t.vals[k] = v
}

// tomlWriter writes an otable tree as TOML.
type tomlWriter struct{ b *strings.Builder }

// table writes the keys of t, then its tables and arrays of tables under
// headers.
func (w *tomlWriter) table(path []string, t *otable) {
	isSection := func(v any) bool {
		switch x := v.(type) {
		case *otable:
			return !x.inline
		case []*otable:
			return true
		}
		return false
	}
	for _, k := range t.keys {
		if v := t.vals[k]; !isSection(v) {
			w.b.WriteString(tomlKey(k))
			w.b.WriteString(" = ")
			w.value(v)
			w.b.WriteByte('\n')
		}
	}
	for _, k := range t.keys {
		sub := append(slices.Clone(path), k)
		header := make([]string, len(sub))
		for i, s := range sub {
			header[i] = tomlKey(s)
		}
		switch x := t.vals[k].(type) {
		case *otable:
			if x.inline {
				continue
			}
			fmt.Fprintf(w.b, "\n[%s]\n", strings.Join(header, "."))
			w.table(sub, x)
		case []*otable:
			for _, e := range x {
				fmt.Fprintf(w.b, "\n[[%s]]\n", strings.Join(header, "."))
				w.table(sub, e)
			}
		}
	}
}

var dayNames = [7]string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

func (w *tomlWriter) value(v any) {
	b := w.b
	switch x := v.(type) {
	case float64:
		b.WriteString(tomlFloat(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case string:
		b.WriteString(tomlString(x))
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case tomlDate:
		b.WriteString(string(x))
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			w.value(e)
		}
		b.WriteByte(']')
	case weekValues:
		perDay := len(x) / 7
		b.WriteString("[\n")
		for d := range 7 {
			b.WriteString("  ")
			for k := range perDay {
				b.WriteString(tomlFloat(x[d*perDay+k]))
				b.WriteString(", ")
			}
			fmt.Fprintf(b, "# day %d (%s)\n", d, dayNames[d])
		}
		b.WriteByte(']')
	case *otable:
		b.WriteString("{ ")
		for i, k := range x.keys {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(tomlKey(k))
			b.WriteString(" = ")
			w.value(x.vals[k])
		}
		b.WriteString(" }")
	default:
		panic(fmt.Sprintf("encode: unexpected value %T", v))
	}
}

// tomlFloat writes a finite float so that it reads back exactly: plain
// decimals where that is short, else with an exponent.
func tomlFloat(x float64) string {
	if a := math.Abs(x); a == 0 || a >= 1e-4 && a < 1e15 {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strconv.FormatFloat(x, 'e', -1, 64)
}

// tomlKey writes a key bare when it may be, else quoted.
func tomlKey(k string) string {
	if k != "" && !strings.ContainsFunc(k, func(r rune) bool { return r > 0x7f || !isBareKeyChar(byte(r)) }) {
		return k
	}
	return tomlString(k)
}

// tomlString writes a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
