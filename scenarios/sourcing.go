package scenarios

import (
	"fmt"
	"math"

	"offsim/model"
)

// This file decodes the demand side of the sourcing model (weekly volume,
// incidents, customer journeys), the scenario-wide performance relations
// and a site's costs. The defaults are documented in README.md; each says
// where its figure comes from (see /work/shared/CALIBRATION.md) or that it
// is an ASSUMPTION, a figure no published source gives.

// DefaultFCR is a contact type's first-contact resolution when the file
// gives none. ASSUMPTION: the rate of an expert agent (skill 1, native
// language, no monitoring pressure), chosen so that a typical mix of skills
// lands near the observed 70–75% (QLM, n.d.).
const DefaultFCR = 0.85

// DefaultCustomers returns the customer-journey parameters a
// [demand.customers] table starts from. A file without that table gets
// model.Customers{} instead: no repeat contacts, as before the table
// existed.
func DefaultCustomers() model.Customers {
	return model.Customers{
		// ASSUMPTION: most customers whose issue was not resolved call again.
		RepeatProbability: 0.8,
		// ASSUMPTION: two days on average (172,800 s).
		RepeatDelay: model.Exp(2 * model.SecondsPerDay),
		MaxContacts: 5,
		Satisfaction: model.Satisfaction{
			Base:         0.85, // ASSUMPTION
			RepeatFactor: 0.85, // satisfaction drops ~15% per extra call (SQM Group)
			// ASSUMPTION: an unresolved journey halves the score.
			UnresolvedFactor:     0.5,
			WaitPenaltyPerMinute: 0.02, // ASSUMPTION
			// Accent and location did not affect satisfaction (Walsh et al.
			// 2012), so the penalty is small.
			LanguagePenalty: 0.05,
		},
		Churn: model.Churn{
			Resolved:              0.01, // ASSUMPTION
			UnresolvedFactor:      5,    // unresolved customers 5× more likely to leave (SQM Group)
			DissatisfactionFactor: 1,    // ASSUMPTION
		},
	}
}

// DefaultPerformance returns the performance relations of a scenario
// without a [performance] table, or the values its missing keys take.
func DefaultPerformance() model.Performance {
	return model.Performance{
		// New hires take 1.3–1.8× a tenured agent's handle time (WFM Labs):
		// at skill 0.3, 1 + 0.8·0.7 = 1.56.
		NoviceHandleTimePenalty:   0.8,
		NestingHandleTimeFactor:   1.15, // ASSUMPTION
		MonitoringSpeedup:         0.15, // ASSUMPTION
		LanguageHandleTimePenalty: 0.3,  // ASSUMPTION
		// ASSUMPTION; performance rises 64% over the first year (De Grip,
		// Sauermann & Sieben 2016): at skill 0.3, 1 − 0.35·0.7 = 0.755.
		NoviceResolutionPenalty: 0.35,
		NestingResolutionFactor: 0.9, // ASSUMPTION
		// ASSUMPTION; direction: monitoring pushes calls short (Batt 2002).
		MonitoringResolutionPenalty: 0.2,
		LanguageResolutionPenalty:   0.3, // ASSUMPTION
	}
}

// weeklyVolume decodes demand.arrivals = { calls_per_week, interval_minutes,
// day_shares, intraday_shares } into dst: the rate of interval k of day d,
// in calls per hour, is calls_per_week × day_share[d] × intraday_share[k] ÷
// the interval in hours, with both lists of shares normalised to sum to 1.
// The week is rotated to start on start_date's weekday. calls_per_week may
// be a distribution: a replication scales the whole profile to its draw.
func (d *decoder) weeklyVolume(p keyPath, v any, dst *model.RateProfile) {
	t, ok := d.table(p, v)
	if !ok {
		return
	}
	var perWeek float64
	ok = false
	if v, wp, present := d.required(t, "calls_per_week"); present {
		perWeek, ok = d.positive(wp, v)
	}
	volume := d.take()
	perDay, intervalSeconds, good := d.interval(t)
	ok = ok && good
	days, good := d.profileShares(t, "day_shares", 7, "Monday to Sunday")
	ok = ok && good
	intraday, good := d.profileShares(t, "intraday_shares", perDay,
		fmt.Sprintf("one per %d-minute interval of a day, from 00:00", 24*60/max(perDay, 1)))
	ok = ok && good
	d.done(t)
	if !ok {
		return
	}
	hours := intervalSeconds / model.SecondsPerHour
	wd := weekday(d.start)
	week := volumeWeek(perWeek, days, intraday, hours, wd)
	for _, r := range week {
		if math.IsInf(r, 0) {
			d.errorf(t.path.key("calls_per_week"), "is too large, got %s", num(perWeek))
			return
		}
	}
	*dst = model.RateProfile{IntervalSeconds: intervalSeconds, PerHour: week}
	d.bindFunc(volume, dst, func(ptr any, v float64) {
		rp := ptr.(*model.RateProfile)
		rp.PerHour = volumeWeek(v, days, intraday, hours, wd)
	})
}

// volumeWeek returns the rates of a weekly volume: perWeek × days[d] ×
// intraday[k] ÷ hours for interval k of day d, rotated to start on weekday
// wd.
func volumeWeek(perWeek float64, days, intraday []float64, hours float64, wd int) []float64 {
	week := make([]float64, 0, len(days)*len(intraday))
	for _, ds := range days {
		for _, is := range intraday {
			week = append(week, perWeek*ds*is/hours)
		}
	}
	return rotateWeek(week, wd)
}

// profileShares decodes the required list name of t: n shares >= 0, not
// all zero, returned normalised to sum to 1. n is 0 when the length is
// unknown because of another problem.
func (d *decoder) profileShares(t *table, name string, n int, what string) ([]float64, bool) {
	v, p, ok := d.required(t, name)
	if !ok {
		return nil, false
	}
	shares, ok := d.values(p, v, n, what, d.nonNegative)
	if !ok {
		return nil, false
	}
	var sum float64
	for _, s := range shares {
		sum += s
	}
	switch {
	case sum == 0:
		d.errorf(p, "all shares are zero")
		return nil, false
	case math.IsInf(sum, 0):
		d.errorf(p, "shares are too large")
		return nil, false
	}
	for i := range shares {
		shares[i] /= sum
	}
	return shares, true
}

// incidents decodes demand.incidents = { probability_per_month, multiplier,
// days } into in.
func (d *decoder) incidents(p keyPath, v any, in *model.Incidents) {
	t, ok := d.table(p, v)
	if !ok {
		return
	}
	d.reqNumber(t, "probability_per_month", &in.ProbabilityPerMonth, d.fraction)
	d.reqNumber(t, "multiplier", &in.Multiplier, d.nonNegative)
	if v, dp, ok := d.required(t, "days"); ok {
		n, _ := d.intRange(dp, v, 0, math.MaxInt32)
		in.Days = int(n)
	}
	d.done(t)
}

// customers decodes [demand.customers] into c; missing keys take the values
// of DefaultCustomers.
func (d *decoder) customers(p keyPath, v any, c *model.Customers) {
	*c = DefaultCustomers()
	t, ok := d.table(p, v)
	if !ok {
		return
	}
	d.optNumber(t, "repeat_probability", &c.RepeatProbability, d.fraction)
	if v, dp, ok := t.get("repeat_delay"); ok {
		d.dist(dp, v, &c.RepeatDelay)
	}
	d.optInt(t, "max_contacts", &c.MaxContacts, 0, math.MaxInt32)
	d.optNumber(t, "lifetime_value_eur", &c.LifetimeValueEUR, d.nonNegative)
	if st := d.optTable(t, "satisfaction"); st != nil {
		s := &c.Satisfaction
		d.optNumber(st, "base", &s.Base, d.fraction)
		d.optNumber(st, "repeat_factor", &s.RepeatFactor, d.fraction)
		d.optNumber(st, "unresolved_factor", &s.UnresolvedFactor, d.fraction)
		d.optNumber(st, "wait_penalty_per_minute", &s.WaitPenaltyPerMinute, d.nonNegative)
		d.optNumber(st, "language_penalty", &s.LanguagePenalty, d.nonNegative)
		d.done(st)
	}
	if ct := d.optTable(t, "churn"); ct != nil {
		ch := &c.Churn
		d.optNumber(ct, "resolved", &ch.Resolved, d.fraction)
		d.optNumber(ct, "unresolved_factor", &ch.UnresolvedFactor, d.nonNegative)
		d.optNumber(ct, "dissatisfaction_factor", &ch.DissatisfactionFactor, d.nonNegative)
		d.done(ct)
	}
	d.done(t)
}

// performance decodes [performance] (t is empty when the file has none)
// into p; missing keys take the values of DefaultPerformance.
func (d *decoder) performance(t *table, p *model.Performance) {
	*p = DefaultPerformance()
	if t == nil {
		return
	}
	d.optNumber(t, "novice_handle_time_penalty", &p.NoviceHandleTimePenalty, d.nonNegative)
	d.optNumber(t, "nesting_handle_time_factor", &p.NestingHandleTimeFactor, d.positive)
	d.optNumber(t, "monitoring_speedup", &p.MonitoringSpeedup, d.fraction)
	d.optNumber(t, "language_handle_time_penalty", &p.LanguageHandleTimePenalty, d.nonNegative)
	d.optNumber(t, "novice_resolution_penalty", &p.NoviceResolutionPenalty, d.fraction)
	d.optNumber(t, "nesting_resolution_factor", &p.NestingResolutionFactor, d.fraction)
	d.optNumber(t, "monitoring_resolution_penalty", &p.MonitoringResolutionPenalty, d.fraction)
	d.optNumber(t, "language_resolution_penalty", &p.LanguageResolutionPenalty, d.fraction)
	d.done(t)
}

// costs decodes [sites.costs] of site table st into c; a site without one
// is in house and costs nothing beyond its workforce's wages.
func (d *decoder) costs(st *table, c *model.Costs) {
	v, p, ok := st.get("costs")
	if !ok {
		return
	}
	t, ok := d.table(p, v)
	if !ok {
		return
	}
	billingOK := true
	if v, bp, ok := t.get("billing"); ok {
		if s, ok := d.str(bp, v); !ok {
			billingOK = false
		} else if b, err := model.ParseBillingModel(s); err != nil {
			d.errorf(bp, "%s", err.Error())
			billingOK = false
		} else {
			c.Billing = b
		}
	}
	pv, pp, hasPrice := t.get("price_eur")
	iv, ip, hasIndex := t.get("price_index_per_year")
	switch {
	case !billingOK:
	case c.Billing == model.BillInHouse:
		const msg = `only allowed with billing = "per_hour", "per_contact" or "per_resolved" (an in-house site has no price)`
		if hasPrice {
			d.errorf(pp, msg)
		}
		if hasIndex {
			d.errorf(ip, msg)
		}
	case d.siteBids:
		if hasPrice {
			d.errorf(pp, "not allowed on a [tender] bidder's site: its price comes from its winning bid")
		}
		if hasIndex {
			c.PriceIndexPerYear, _ = d.above(-1)(ip, iv)
			d.bind(&c.PriceIndexPerYear)
		}
	default:
		if hasPrice {
			c.PriceEUR, _ = d.positive(pp, pv)
			d.bind(&c.PriceEUR)
		} else {
			d.errorf(pp, "required with billing = %q", c.Billing.String())
		}
		if hasIndex {
			c.PriceIndexPerYear, _ = d.above(-1)(ip, iv)
			d.bind(&c.PriceIndexPerYear)
		}
	}
	d.optNumber(t, "recruitment_per_hire_eur", &c.RecruitmentPerHireEUR, d.nonNegative)
	d.optNumber(t, "seat_per_agent_month_eur", &c.SeatPerAgentMonthEUR, d.nonNegative)
	d.optNumber(t, "telecom_per_minute_eur", &c.TelecomPerMinuteEUR, d.nonNegative)
	d.optNumber(t, "management_per_agent_month_eur", &c.ManagementPerAgentMonthEUR, d.nonNegative)
	d.optNumber(t, "governance_per_month_eur", &c.GovernancePerMonthEUR, d.nonNegative)
	d.done(t)
}
