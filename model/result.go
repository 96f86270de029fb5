package model

import "math"

// CallStats are the call-level counters and time integrals of one
// replication (total or one site), measured after the warm-up. Calls are
// attributed to the window by their arrival time, so
// Offered == Answered + Abandoned + WaitingAtEnd holds exactly.
type CallStats struct {
	// Offered calls that arrived after the warm-up, redials included.
	Offered int64
	// Redials among Offered: calls from callers who abandoned before.
	Redials int64
	// Answered calls among Offered.
	Answered int64
	// AnsweredInSL were answered within the service-level threshold.
	AnsweredInSL int64
	// Abandoned callers among Offered who hung up before an answer.
	Abandoned int64
	// WaitingAtEnd are among Offered and still queued when the horizon ends.
	WaitingAtEnd int64
	// AnsweredWaitSeconds is the total wait of answered calls, seconds.
	AnsweredWaitSeconds float64
	// AbandonedWaitSeconds is the total wait of abandoned calls, seconds.
	AbandonedWaitSeconds float64
	// QueueAreaCallSeconds is ∫ (callers waiting) dt over the window, in
	// call-seconds: divided by the window it is the mean queue length.
	QueueAreaCallSeconds float64
	// BusyAgentSeconds is ∫ (agents handling a call) dt over the window.
	BusyAgentSeconds float64
	// OnDutyAgentSeconds is ∫ (agents on duty) dt over the window, including
	// agents finishing a call after their shift ended.
	OnDutyAgentSeconds float64
	// WindowSeconds is the length of the measured window (horizon − warm-up).
	WindowSeconds float64
	// WaitHist is a histogram of the waits of answered calls.
	WaitHist WaitHistogram
}

// WaitHistBinSeconds and WaitHistBins fix the wait histogram: one-second
// bins up to ten minutes; longer waits land in the last bin.
const (
	WaitHistBinSeconds = 1.0
	WaitHistBins       = 600
)

// WaitHistogram counts waits in fixed one-second bins; the last bin holds
// every wait of WaitHistBins−1 seconds or more.
type WaitHistogram [WaitHistBins]int64

// Add counts one wait of w seconds.
func (h *WaitHistogram) Add(w float64) {
	i := int(w / WaitHistBinSeconds)
	if i >= WaitHistBins || i < 0 {
		i = WaitHistBins - 1
	}
	h[i]++
}

// Quantile returns the upper edge, in seconds, of the bin holding the p-th
// quantile of the counted waits (0 when nothing was counted).
func (h *WaitHistogram) Quantile(p float64) float64 {
	var n int64
	for _, c := range h {
		n += c
	}
	if n == 0 {
		return 0
	}
	need := int64(p*float64(n) + 0.5)
	var cum int64
	for i, c := range h {
		cum += c
		if cum >= need && cum > 0 {
			return float64(i+1) * WaitHistBinSeconds
		}
	}
	return WaitHistBins * WaitHistBinSeconds
}

// Merge adds the counts and integrals of o into s (for totals over sites).
func (s *CallStats) Merge(o *CallStats) {
	s.Offered += o.Offered
	s.Redials += o.Redials
	s.Answered += o.Answered
	s.AnsweredInSL += o.AnsweredInSL
	s.Abandoned += o.Abandoned
	s.WaitingAtEnd += o.WaitingAtEnd
	s.AnsweredWaitSeconds += o.AnsweredWaitSeconds
	s.AbandonedWaitSeconds += o.AbandonedWaitSeconds
	s.QueueAreaCallSeconds += o.QueueAreaCallSeconds
	s.BusyAgentSeconds += o.BusyAgentSeconds
	s.OnDutyAgentSeconds += o.OnDutyAgentSeconds
	s.WindowSeconds = max(s.WindowSeconds, o.WindowSeconds)
	for i := range s.WaitHist {
		s.WaitHist[i] += o.WaitHist[i]
	}
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// ServiceLevel is calls answered within the threshold ÷ calls offered.
func (s *CallStats) ServiceLevel() float64 {
	return ratio(float64(s.AnsweredInSL), float64(s.Offered))
}

// AbandonRate is abandoned calls ÷ offered calls.
func (s *CallStats) AbandonRate() float64 {
	return ratio(float64(s.Abandoned), float64(s.Offered))
}

// ASASeconds is the average speed of answer: mean wait of answered calls.
func (s *CallStats) ASASeconds() float64 {
	return ratio(s.AnsweredWaitSeconds, float64(s.Answered))
}

// MeanWaitSeconds is the mean wait of calls that left the queue (answered
// or abandoned).
func (s *CallStats) MeanWaitSeconds() float64 {
	return ratio(s.AnsweredWaitSeconds+s.AbandonedWaitSeconds, float64(s.Answered+s.Abandoned))
}

// Occupancy is agent time busy with calls ÷ agent time on duty.
func (s *CallStats) Occupancy() float64 {
	return ratio(s.BusyAgentSeconds, s.OnDutyAgentSeconds)
}

// MeanQueueLength is the time-average number of callers waiting.
func (s *CallStats) MeanQueueLength() float64 {
	return ratio(s.QueueAreaCallSeconds, s.WindowSeconds)
}

// Metric is one named per-replication figure.
type Metric struct {
	Name  string
	Value float64
}

// Metrics returns the call-level metrics in their fixed output order.
func (s *CallStats) Metrics() []Metric {
	return []Metric{
		{"calls_offered", float64(s.Offered)},
		{"calls_answered", float64(s.Answered)},
		{"calls_abandoned", float64(s.Abandoned)},
		{"calls_redialled", float64(s.Redials)},
		{"calls_waiting_at_end", float64(s.WaitingAtEnd)},
		{"service_level", s.ServiceLevel()},
		{"abandon_rate", s.AbandonRate()},
		{"asa_seconds", s.ASASeconds()},
		{"mean_wait_seconds", s.MeanWaitSeconds()},
		{"wait_p90_seconds", s.WaitHist.Quantile(0.9)},
		{"mean_queue_length", s.MeanQueueLength()},
		{"occupancy", s.Occupancy()},
	}
}

// ContactStats count handled contacts and their resolution.
type ContactStats struct {
	// Handled contacts: answered calls whose handling ended in the window.
	Handled int64
	// HandledSeconds is their total handle time.
	HandledSeconds float64
	// Resolved contacts among Handled that resolved the customer's issue.
	Resolved int64
	// FirstContacts among Handled were the first answered contact of an
	// issue; FirstResolved of them resolved it (first-contact resolution).
	FirstContacts int64
	FirstResolved int64
	// Escalated contacts passed to the second line.
	Escalated int64
}

// Merge adds o into c.
func (c *ContactStats) Merge(o *ContactStats) {
	c.Handled += o.Handled
	c.HandledSeconds += o.HandledSeconds
	c.Resolved += o.Resolved
	c.FirstContacts += o.FirstContacts
	c.FirstResolved += o.FirstResolved
	c.Escalated += o.Escalated
}

// FCR is first-contact resolution: issues resolved at their first answered
// contact ÷ first answered contacts.
func (c *ContactStats) FCR() float64 {
	return ratio(float64(c.FirstResolved), float64(c.FirstContacts))
}

// JourneyStats summarise customer issues (journeys) that started in the
// window and ended before the horizon, by the site of their first call.
type JourneyStats struct {
	// Ended journeys; Resolved of them ended with the issue solved.
	Ended    int64
	Resolved int64
	// Contacts is the total of answered contacts over ended journeys
	// (transfers to the second line included); Repeats counts those after
	// each journey's first.
	Contacts int64
	Repeats  int64
	// WaitSeconds is their total wait, abandoned attempts included.
	WaitSeconds float64
	// Satisfaction is the sum of the journeys' satisfaction scores.
	Satisfaction float64
	// Churned is the expected number of customers lost: the sum of the
	// journeys' churn probabilities.
	Churned float64
	// Open journeys had not ended at the horizon (left out of the above).
	Open int64
}

// Merge adds o into j.
func (j *JourneyStats) Merge(o *JourneyStats) {
	j.Ended += o.Ended
	j.Resolved += o.Resolved
	j.Contacts += o.Contacts
	j.Repeats += o.Repeats
	j.WaitSeconds += o.WaitSeconds
	j.Satisfaction += o.Satisfaction
	j.Churned += o.Churned
	j.Open += o.Open
}

// WorkforceSums are the people and billing figures kept alike over the
// window (WorkforceStats) and over each month (Month): counts, and sums
// over employed agent-days whose ratios are the means.
type WorkforceSums struct {
	Hires int64
	// LaidOff counts agents let go when their provider lost the contract
	// (not quits: they are out of attrition).
	LaidOff int64
	// EmployedAgentDays sums employed agents over the days.
	EmployedAgentDays float64
	// WageToMinimumAgentDays sums each employed agent's wage ÷ minimum
	// over the days; ÷ EmployedAgentDays it is the mean ratio.
	WageToMinimumAgentDays float64
	// AtMinimumAgentDays counts agent-days paid the minimum (within 0.5%).
	AtMinimumAgentDays float64
	// WageToGoingAgentDays sums each employed agent's wage ÷ the going
	// wage of its labour pool over the days; ÷ EmployedAgentDays it is
	// the mean ratio.
	WageToGoingAgentDays float64
	// GoingWageEURAgentDays sums, over employed agent-days, the going
	// wage of the agent's pool in EUR per hour; ÷ EmployedAgentDays it is
	// the going wage the agents face.
	GoingWageEURAgentDays float64
	// VacantAgentDays sums, over days, the positions open below the
	// headcount target (requisitions not yet filled or not yet started).
	VacantAgentDays float64
	// CoverHours are the overtime or agency hours worked to cover a
	// staffing gap (Workforce.Cover).
	CoverHours float64
	// EngagementAgentDays sums employed agents' engagement over the days
	// (0 when Engagement is off); ÷ EmployedAgentDays it is the mean.
	EngagementAgentDays float64
	// UnfilledRequisitionDays sums, over days, requisitions that could not
	// be filled because the labour pool was empty.
	UnfilledRequisitionDays float64
	// LeadTimeDaysSum sums the lead times of the hires (÷ Hires: mean).
	LeadTimeDaysSum float64
	// ProductiveAgentSeconds is on-duty agent time (answering or available
	// to answer): what per-hour billing charges for.
	ProductiveAgentSeconds float64
	// RevenueEUR is what the client is billed (outsourced sites), net of
	// the service credits SLACreditEUR (>= 0) the provider owed the client
	// under its SLA.
	RevenueEUR, SLACreditEUR float64
}

// Merge adds o into w.
func (w *WorkforceSums) Merge(o *WorkforceSums) {
	w.Hires += o.Hires
	w.LaidOff += o.LaidOff
	w.EmployedAgentDays += o.EmployedAgentDays
	w.WageToMinimumAgentDays += o.WageToMinimumAgentDays
	w.AtMinimumAgentDays += o.AtMinimumAgentDays
	w.WageToGoingAgentDays += o.WageToGoingAgentDays
	w.GoingWageEURAgentDays += o.GoingWageEURAgentDays
	w.VacantAgentDays += o.VacantAgentDays
	w.CoverHours += o.CoverHours
	w.EngagementAgentDays += o.EngagementAgentDays
	w.UnfilledRequisitionDays += o.UnfilledRequisitionDays
	w.LeadTimeDaysSum += o.LeadTimeDaysSum
	w.ProductiveAgentSeconds += o.ProductiveAgentSeconds
	w.RevenueEUR += o.RevenueEUR
	w.SLACreditEUR += o.SLACreditEUR
}

// WageToMinimum is the mean over employed agent-days of wage ÷ minimum.
func (w *WorkforceSums) WageToMinimum() float64 {
	return ratio(w.WageToMinimumAgentDays, w.EmployedAgentDays)
}

// ShareAtMinimum is the share of employed agent-days paid the minimum.
func (w *WorkforceSums) ShareAtMinimum() float64 {
	return ratio(w.AtMinimumAgentDays, w.EmployedAgentDays)
}

// GoingWageEURPerHour is the mean over employed agent-days of the going
// wage of the agent's pool, EUR per hour.
func (w *WorkforceSums) GoingWageEURPerHour() float64 {
	return ratio(w.GoingWageEURAgentDays, w.EmployedAgentDays)
}

// WageToGoing is the mean over employed agent-days of wage ÷ going wage.
func (w *WorkforceSums) WageToGoing() float64 {
	return ratio(w.WageToGoingAgentDays, w.EmployedAgentDays)
}

// Engagement is the mean engagement over employed agent-days.
func (w *WorkforceSums) Engagement() float64 {
	return ratio(w.EngagementAgentDays, w.EmployedAgentDays)
}

// VacancyRate is vacancies ÷ (employment + vacancies), over agent-days.
func (w *WorkforceSums) VacancyRate() float64 {
	return ratio(w.VacantAgentDays, w.EmployedAgentDays+w.VacantAgentDays)
}

// TimeToFillDays is the mean time, in days, from a requisition to the
// hire's start: days requisitions waited for a candidate (Little's law
// over the unfilled requisition-days) plus the lead time, per hire
// (rehired agents count with no wait).
func (w *WorkforceSums) TimeToFillDays() float64 {
	return ratio(w.UnfilledRequisitionDays+w.LeadTimeDaysSum, float64(w.Hires))
}

// WorkforceStats hold a site's people figures over the window.
type WorkforceStats struct {
	WorkforceSums
	Quits      int64
	Dismissals int64
	// Rehired counts agents the new provider took over from the old one
	// at a handover.
	Rehired int64
	// LiftedToMinimum counts agent-days on which the wage policy's figure
	// was below the minimum and was lifted to it.
	LiftedToMinimum int64
	// HeadcountEnd is employed agents at the horizon, by state.
	TrainingEnd, NestingEnd, ProductiveEnd int64
	// TargetEnd is the headcount target at the horizon.
	TargetEnd int64
	// PoolEnd is the number of candidates left in the pool at the horizon.
	PoolEnd float64
	// OutsourcedAgentSeconds and OutsourcedHandled are the productive
	// agent time and handled contacts of outsourced sites: what
	// RevenueEUR pays for.
	OutsourcedAgentSeconds float64
	OutsourcedHandled      int64
}

// Merge adds o into w (stocks at the horizon are summed over sites).
func (w *WorkforceStats) Merge(o *WorkforceStats) {
	w.WorkforceSums.Merge(&o.WorkforceSums)
	w.Quits += o.Quits
	w.Dismissals += o.Dismissals
	w.Rehired += o.Rehired
	w.LiftedToMinimum += o.LiftedToMinimum
	w.TrainingEnd += o.TrainingEnd
	w.NestingEnd += o.NestingEnd
	w.ProductiveEnd += o.ProductiveEnd
	w.TargetEnd += o.TargetEnd
	w.PoolEnd += o.PoolEnd
	w.OutsourcedAgentSeconds += o.OutsourcedAgentSeconds
	w.OutsourcedHandled += o.OutsourcedHandled
}

// HeadcountEnd returns employed agents at the horizon.
func (w *WorkforceStats) HeadcountEnd() int64 { return w.TrainingEnd + w.NestingEnd + w.ProductiveEnd }

// TurnoverAnnual is turnover on the scale HR uses: leavers (quits and
// dismissals) per year ÷ average headcount, i.e. 365 × leavers per
// employed agent-day. It is on the same scale as Attrition.BaseAnnual.
func (w *WorkforceStats) TurnoverAnnual() float64 {
	return DaysPerYear * ratio(float64(w.Quits+w.Dismissals), w.EmployedAgentDays)
}

// Stats are everything measured over the window for one site, or in total.
type Stats struct {
	Calls     CallStats
	Contacts  ContactStats
	Journeys  JourneyStats
	Workforce WorkforceStats
	Ledger    Ledger
}

// Merge adds o into s.
func (s *Stats) Merge(o *Stats) {
	s.Calls.Merge(&o.Calls)
	s.Contacts.Merge(&o.Contacts)
	s.Journeys.Merge(&o.Journeys)
	s.Workforce.Merge(&o.Workforce)
	s.Ledger.Add(&o.Ledger)
}

// Metrics returns every per-replication metric in its fixed output order;
// lifetimeValueEUR prices a churned customer. attrition_rate_annual is
// turnover_annual under its former name (both leavers per year ÷ average
// headcount), kept for the readers that still ask for it.
//
// Of the outsourced sites, provider_margin_share is the provider's margin ÷
// what it billed, price_per_productive_hour_eur and price_per_contact_eur
// what it billed ÷ its productive hours and ÷ its handled contacts,
// whatever the billing model: prices a client can compare.
func (s *Stats) Metrics(lifetimeValueEUR float64) []Metric {
	c, j, w := &s.Contacts, &s.Journeys, &s.Workforce
	total := s.Ledger.Total()
	m := s.Calls.Metrics()
	m = append(m,
		Metric{"contacts_handled", float64(c.Handled)},
		Metric{"fcr", c.FCR()},
		Metric{"escalated", float64(c.Escalated)},
		Metric{"issues", float64(j.Ended)},
		Metric{"issues_resolved_rate", ratio(float64(j.Resolved), float64(j.Ended))},
		Metric{"repeat_contacts_per_issue", ratio(float64(j.Repeats), float64(j.Ended))},
		Metric{"csat", ratio(j.Satisfaction, float64(j.Ended))},
		Metric{"churn_rate", ratio(j.Churned, float64(j.Ended))},
		Metric{"customers_lost", j.Churned},
		Metric{"lost_customer_value_eur", j.Churned * lifetimeValueEUR},
		Metric{"headcount_end", float64(w.HeadcountEnd())},
		Metric{"headcount_target_end", float64(w.TargetEnd)},
		Metric{"hires", float64(w.Hires)},
		Metric{"leavers", float64(w.Quits + w.Dismissals)},
		Metric{"dismissals", float64(w.Dismissals)},
		Metric{"laid_off", float64(w.LaidOff)},
		Metric{"rehired", float64(w.Rehired)},
		Metric{"turnover_annual", w.TurnoverAnnual()},
		Metric{"attrition_rate_annual", w.TurnoverAnnual()},
		Metric{"leavers_per_year", ratio(float64(w.Quits+w.Dismissals), s.Calls.WindowSeconds/(DaysPerYear*SecondsPerDay))},
		Metric{"mean_wage_to_minimum", w.WageToMinimum()},
		Metric{"share_at_minimum_wage", w.ShareAtMinimum()},
		Metric{"lifted_to_minimum_agent_days", float64(w.LiftedToMinimum)},
		Metric{"going_wage_eur_per_hour", w.GoingWageEURPerHour()},
		Metric{"wage_to_going_wage", w.WageToGoing()},
		Metric{"vacancy_rate", w.VacancyRate()},
		Metric{"time_to_fill_days", w.TimeToFillDays()},
		Metric{"unfilled_requisition_days", w.UnfilledRequisitionDays},
		Metric{"hire_lead_time_days", ratio(w.LeadTimeDaysSum, float64(w.Hires))},
		Metric{"cost_per_hire_eur", ratio(s.Ledger[CostRecruitment], float64(w.Hires))},
		Metric{"cover_hours", w.CoverHours},
		Metric{"sla_credit_eur", w.SLACreditEUR},
		Metric{"engagement", w.Engagement()},
		Metric{"pool_candidates_end", w.PoolEnd},
		Metric{"productive_hours", w.ProductiveAgentSeconds / SecondsPerHour},
		Metric{"cost_total_eur", total},
		Metric{"cost_per_contact_eur", ratio(total, float64(c.Handled))},
		Metric{"cost_per_resolved_issue_eur", ratio(total, float64(j.Resolved))},
		Metric{"cost_per_productive_hour_eur", ratio(total, w.ProductiveAgentSeconds/SecondsPerHour)},
		Metric{"provider_margin_eur", s.Ledger[CostProviderMargin]},
		Metric{"provider_revenue_eur", w.RevenueEUR},
		Metric{"provider_margin_share", ratio(s.Ledger[CostProviderMargin], w.RevenueEUR)},
		Metric{"price_per_productive_hour_eur", ratio(w.RevenueEUR, w.OutsourcedAgentSeconds/SecondsPerHour)},
		Metric{"price_per_contact_eur", ratio(w.RevenueEUR, float64(w.OutsourcedHandled))},
	)
	for cat := range NumCostCategories {
		m = append(m, Metric{"cost_" + cat.String() + "_eur", s.Ledger[cat]})
	}
	return m
}

// Month is one calendar month (a twelfth of 365 days) of one site: the
// monthly series the plots and the time-series summaries draw from. Flows
// (calls, hires, costs) are over the part of the month in the measured
// window, counted by the same rule as the totals, so that the months of a
// replication add up to its totals; stocks (headcount) are at the month's
// end, and absent (zero) for a month wholly in the warm-up.
type Month struct {
	// Hires, LaidOff (at a handover to another provider) and the sums
	// over agent-days are as in WorkforceStats, over the month; its time
	// to fill counts rehired agents with no wait.
	WorkforceSums
	Offered, AnsweredInSL, Abandoned int64
	FirstContacts, FirstResolved     int64
	Handled                          int64
	JourneysEnded                    int64
	Satisfaction, Churned            float64
	Training, Nesting, Productive    int64
	Leavers                          int64
	// PoolCandidates left in the site's labour pool at the month's end (a
	// shared pool is counted at each of its sites).
	PoolCandidates float64
	Ledger         Ledger
}

// Merge adds o into m (stocks are summed, rates at the end are averaged by
// the caller if needed).
func (m *Month) Merge(o *Month) {
	m.WorkforceSums.Merge(&o.WorkforceSums)
	m.Offered += o.Offered
	m.AnsweredInSL += o.AnsweredInSL
	m.Abandoned += o.Abandoned
	m.FirstContacts += o.FirstContacts
	m.FirstResolved += o.FirstResolved
	m.Handled += o.Handled
	m.JourneysEnded += o.JourneysEnded
	m.Satisfaction += o.Satisfaction
	m.Churned += o.Churned
	m.Training += o.Training
	m.Nesting += o.Nesting
	m.Productive += o.Productive
	m.Leavers += o.Leavers
	m.PoolCandidates += o.PoolCandidates
	m.Ledger.Add(&o.Ledger)
}

// Metrics returns the month's figures in their fixed output order.
func (m *Month) Metrics() []Metric {
	out := []Metric{
		{"calls_offered", float64(m.Offered)},
		{"service_level", ratio(float64(m.AnsweredInSL), float64(m.Offered))},
		{"abandon_rate", ratio(float64(m.Abandoned), float64(m.Offered))},
		{"fcr", ratio(float64(m.FirstResolved), float64(m.FirstContacts))},
		{"contacts_handled", float64(m.Handled)},
		{"csat", ratio(m.Satisfaction, float64(m.JourneysEnded))},
		{"churn_rate", ratio(m.Churned, float64(m.JourneysEnded))},
		{"headcount", float64(m.Training + m.Nesting + m.Productive)},
		{"headcount_training", float64(m.Training)},
		{"headcount_nesting", float64(m.Nesting)},
		{"headcount_productive", float64(m.Productive)},
		{"hires", float64(m.Hires)},
		{"leavers", float64(m.Leavers)},
		{"laid_off", float64(m.LaidOff)},
		{"mean_wage_to_minimum", m.WageToMinimum()},
		{"share_at_minimum_wage", m.ShareAtMinimum()},
		{"turnover_annual", DaysPerYear * ratio(float64(m.Leavers), m.EmployedAgentDays)},
		{"going_wage_eur_per_hour", m.GoingWageEURPerHour()},
		{"wage_to_going_wage", m.WageToGoing()},
		{"vacancy_rate", m.VacancyRate()},
		{"time_to_fill_days", m.TimeToFillDays()},
		{"cover_hours", m.CoverHours},
		{"sla_credit_eur", m.SLACreditEUR},
		{"engagement", m.Engagement()},
		{"pool_candidates", m.PoolCandidates},
		{"cost_total_eur", m.Ledger.Total()},
	}
	for cat := range NumCostCategories {
		out = append(out, Metric{"cost_" + cat.String() + "_eur", m.Ledger[cat]})
	}
	return out
}

// Day counts one day's calls at one site, by arrival day, over the
// measured window (a day of the warm-up counts nothing).
type Day struct {
	Offered, AnsweredInSL, Abandoned int64
}

// Replication is everything one replication of a scenario produced.
type Replication struct {
	// Index is the replication number r; its random streams derive from
	// (Seed, r).
	Index int
	// Total over all sites, over the window after the warm-up.
	Total Stats
	// Sites holds one Stats per scenario site, in scenario order.
	Sites []Stats
	// Months holds the monthly series: Months[m][s] is month m of site s.
	Months [][]Month
	// Days holds the daily call counts: Days[d][s] is day d of site s.
	Days [][]Day
	// Parameters are the values drawn for the scenario's uncertain
	// parameters, in the order of Scenario.Uncertain.
	Parameters []float64
	// Events is the number of events the engine processed (all of them,
	// warm-up included): a measure of work, not an output statistic.
	Events int64
	// Awards are the replication's tenders in order, the first contract
	// (day 0, held by the incumbent) first; nil without a tender.
	Awards []Award
	// Holders[m] is the bidder serving the contract in month m (the one
	// holding it at the month's start); nil without a tender.
	Holders []int
	// Pooled holds, per contact type, the calls of its pooled route's one
	// queue over the window (offered, answered, abandoned, waits, queue
	// length; the agent integrals are the sites'); zero for a type whose
	// route was never pooled, nil when none was.
	Pooled []CallStats
}

// Award is one tender's outcome.
type Award struct {
	// Day of the award and StartDay of the contract it awards, in days
	// since the start.
	Day, StartDay float64
	// Winner is the index of the winning bidder.
	Winner int
	// MonthlyEUR is, per bidder, its bid as the client's expected monthly
	// bill in EUR; Quality what its quality was scored at; Score its score.
	MonthlyEUR, Quality, Score []float64
	// CostEUR is, per bidder, its estimate of its monthly cost of the
	// contract (its error of estimate and a challenger's staffing up
	// included), in EUR; FloorEUR the lowest bid it would make on it:
	// cost ÷ (1 − its minimum margin).
	CostEUR, FloorEUR []float64
}

// WinToSecond returns the winning bid ÷ the runner-up's (the best-scoring
// other bid; with price-only awards the lowest other bid): below 1 and
// close to it when bidders compete, far below 1 when the winner prices
// far under its rivals. NaN with a single bidder.
func (a *Award) WinToSecond() float64 {
	second := -1
	for b := range a.Score {
		if b != a.Winner && (second < 0 || a.Score[b] > a.Score[second]) {
			second = b
		}
	}
	if second < 0 || a.MonthlyEUR[second] == 0 {
		return math.NaN()
	}
	return a.MonthlyEUR[a.Winner] / a.MonthlyEUR[second]
}

// MarginShareOf returns bidder b's expected margin as a share of its bid:
// 1 − its estimated cost ÷ its bid (NaN without a bid).
func (a *Award) MarginShareOf(b int) float64 {
	if b >= len(a.CostEUR) || !(a.MonthlyEUR[b] > 0) {
		return math.NaN()
	}
	return 1 - a.CostEUR[b]/a.MonthlyEUR[b]
}
