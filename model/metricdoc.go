package model

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// This file is the one table of what every output metric means: its unit,
// the period it covers, where it exists, its definition, the range its
// values lie in and the interval its summaries carry. docs/metrics.md is
// generated from it (MetricDictionary), the results package summarises
// each metric by it (SummarizeMetric), and the plots and the command line
// label money figures with its periods. A metric that does not apply — the
// wage of a site without agents, the margin of an in-house site, the
// service level of a site that took no calls — is NaN here (NotApplicable)
// and absent from every output file (an empty cell where a row must stand),
// never 0 and never "NaN".

// MetricTable says in which output files a metric appears, and so what one
// value of it is.
type MetricTable uint8

const (
	// RunTable metrics have one value per replication over the measured
	// window (after the warm-up), per site and in total: summary.json,
	// summary.csv, paired.csv, replications.csv.
	RunTable MetricTable = iota
	// MonthTable metrics have one value per month, per site and in total,
	// summarised over replications: timeseries.csv.
	MonthTable
	// YearTable metrics have one value per year of the run: yearly.csv,
	// yearly_replications.csv.
	YearTable
	// OutcomeTable metrics have one value per replication, in total only,
	// for a scenario with a tender: the answers to "what is left at the
	// end?" (summary.json, summary.csv, paired.csv, replications.csv).
	OutcomeTable
	numMetricTables
)

var tableTitles = [numMetricTables]string{
	"Per replication (summary.json, summary.csv, paired.csv, replications.csv)",
	"Per month (timeseries.csv)",
	"Per year (yearly.csv, yearly_replications.csv)",
	"Tender outcomes (summary.json, summary.csv, paired.csv, replications.csv; only with a tender)",
}

// Periods a metric's value covers.
const (
	PeriodRun       = "whole run"
	PeriodMonth     = "per month"
	PeriodYear      = "per year"
	PeriodEnd       = "at the end"
	PeriodMonthEnd  = "at the month's end"
	PeriodFinalYear = "final year"
	// PeriodMonthlyMean is a whole-run amount ÷ the months of the window.
	PeriodMonthlyMean = "per month (whole-run mean)"
	// PeriodYearlyRate is an annual rate measured over the window.
	PeriodYearlyRate = "per year (rate over the run)"
)

// Need says when a metric applies: without it the metric is NotApplicable.
type Need uint8

const (
	Always            Need = iota
	NeedCalls              // calls were offered
	NeedAnswered           // calls were answered
	NeedFirstContacts      // issues had a first answered contact
	NeedHandled            // contacts were handled
	NeedIssues             // customer issues ended
	NeedResolved           // issues were resolved
	NeedOnDuty             // agents were on duty
	NeedWorkforce          // agents were employed (a site with a workforce)
	NeedHires              // agents were hired
	NeedProvider           // an outsourced provider billed the client
	NeedProductive         // agents were on duty (productive hours)
	NeedWindow             // the measured window has a length
	NeedDomestic           // domestic (Dutch) first-line agents were employed
	NeedFirstLine          // first-line agents were employed (bidders' sites with a tender)
	numNeeds
)

var needText = [numNeeds]string{
	"", "calls offered", "calls answered", "first contacts", "contacts handled", "issues ended",
	"issues resolved", "agents on duty", "agents employed", "agents hired", "an outsourced provider",
	"productive hours", "a measured window", "Dutch first-line agents", "first-line agents",
}

// Interval is how a metric's 95% confidence interval is computed.
type Interval uint8

const (
	// IntervalT is mean ± t(0.975, n−1)·sd/√n (Student t), clipped to the
	// metric's range.
	IntervalT Interval = iota
	// IntervalWilson is the Wilson score interval of a share of
	// replications: for an all-or-nothing outcome (1 or 0 per
	// replication), whose mean is the share of replications with it.
	IntervalWilson
)

// NotApplicable is the value of a metric that does not apply (see Need).
var NotApplicable = math.NaN()

// MetricDoc documents one metric of one table.
type MetricDoc struct {
	// Name is the metric's name in the files; a name with <…> is a
	// pattern (holder_<bidder>: one metric per bidder).
	Name  string
	Table MetricTable
	// Unit of a value: "EUR", "share" (0–1), "calls", "agents", …
	Unit string
	// Period the value covers (PeriodRun, PeriodMonth, …).
	Period string
	// Scope: where the metric exists ("site, total": per site and for all
	// sites together).
	Scope string
	// Definition in one or two sentences.
	Definition string
	// Lo and Hi bound every value; a confidence interval is clipped to them.
	Lo, Hi float64
	// Interval is how the 95% CI is computed.
	Interval Interval
	// Need says when the metric applies.
	Need Need
	// Integer marks a count (charts tick at whole numbers).
	Integer bool
}

// Scopes.
const (
	scopeSiteTotal = "site, total"
	scopeTotal     = "total"
	scopeFirstLine = "first line (a tender's bidders' sites; without a tender every site with agents)"
	scopeDomestic  = "Dutch first-line sites"
	scopeAll       = "all sites"
)

var inf = math.Inf(1)

// unit kinds with their ranges.
type unitKind struct {
	name    string
	lo, hi  float64
	integer bool
}

var (
	uEUR     = unitKind{"EUR", 0, inf, false}
	uEURpm   = unitKind{"EUR (may be < 0)", -inf, inf, false}
	uShare   = unitKind{"share (0–1)", 0, 1, false}
	uBinary  = unitKind{"1 or 0 (share of replications)", 0, 1, false}
	uCalls   = unitKind{"calls", 0, inf, true}
	uCount   = unitKind{"count", 0, inf, true}
	uAgents  = unitKind{"agents", 0, inf, true}
	uJobs    = unitKind{"agents (mean employed)", 0, inf, false}
	uSeconds = unitKind{"seconds", 0, inf, false}
	uDays    = unitKind{"days", 0, inf, false}
	uHours   = unitKind{"hours", 0, inf, false}
	uRatio   = unitKind{"ratio (1 = the minimum)", 0, inf, false}
	uNumber  = unitKind{"number", 0, inf, false}
	uPeople  = unitKind{"customers (expected)", 0, inf, false}

	uEURperHour    = unitKind{"EUR per productive hour", 0, inf, false}
	uEURperContact = unitKind{"EUR per contact", 0, inf, false}
	uMarginShare   = unitKind{"share of revenue (may be < 0)", -inf, 1, false}
)

func doc(t MetricTable, name string, u unitKind, period, scope string, need Need, def string) MetricDoc {
	return MetricDoc{Name: name, Table: t, Unit: u.name, Period: period, Scope: scope, Definition: def,
		Lo: u.lo, Hi: u.hi, Need: need, Integer: u.integer}
}

// costCategoryDocs define the ledger's categories.
var costCategoryDocs = [NumCostCategories]string{
	CostWages:          "wages of paid hours outside training, at the base wage",
	CostOnCosts:        "employer on-costs on all wages and premiums",
	CostShiftPremiums:  "night premiums (Dutch mornings are Surinamese nights)",
	CostTrainingWages:  "wages of agents in classroom training",
	CostRecruitment:    "recruitment: the cost per hire of every hire",
	CostSeats:          "seats and facilities per employed agent",
	CostTelecom:        "telecom per handled minute",
	CostManagement:     "team leaders and management per employed agent",
	CostGovernance:     "the client's offshore governance: travel, quality, fixed",
	CostProviderMargin: "an outsourced provider's margin: what it billed minus service credits and its costs (may be < 0)",
	CostCover:          "overtime or agency hours that cover a staffing gap, on-costs included",
}

// metricDocs is the table. Keep it in the order of the outputs.
var metricDocs = buildMetricDocs()

func buildMetricDocs() []MetricDoc {
	R, M, Y, O := RunTable, MonthTable, YearTable, OutcomeTable
	st, fl := scopeSiteTotal, scopeFirstLine
	d := slices.Concat([]MetricDoc{
		doc(R, "calls_offered", uCalls, PeriodRun, st, Always, "calls that arrived in the window, redials included"),
		doc(R, "calls_answered", uCalls, PeriodRun, st, Always, "offered calls answered by an agent"),
		doc(R, "calls_abandoned", uCalls, PeriodRun, st, Always, "offered calls whose caller hung up before an answer"),
		doc(R, "calls_redialled", uCalls, PeriodRun, st, Always, "offered calls from callers who had abandoned before"),
		doc(R, "calls_waiting_at_end", uCalls, PeriodEnd, st, Always, "offered calls still queued when the run ends (offered = answered + abandoned + waiting)"),
		doc(R, "service_level", uShare, PeriodRun, st, NeedCalls, "calls answered within the service-level threshold ÷ calls offered"),
		doc(R, "abandon_rate", uShare, PeriodRun, st, NeedCalls, "abandoned calls ÷ calls offered"),
		doc(R, "asa_seconds", uSeconds, PeriodRun, st, NeedAnswered, "average speed of answer: mean wait of answered calls"),
		doc(R, "mean_wait_seconds", uSeconds, PeriodRun, st, NeedCalls, "mean wait of calls that left the queue, answered or abandoned"),
		doc(R, "wait_p90_seconds", uSeconds, PeriodRun, st, NeedAnswered, "90th percentile of the wait of answered calls (upper edge of its one-second bin)"),
		doc(R, "mean_queue_length", uNumber, PeriodRun, st, NeedWindow, "time-average number of callers waiting"),
		doc(R, "occupancy", uShare, PeriodRun, st, NeedOnDuty, "agent time busy with calls ÷ agent time on duty"),
		doc(R, "contacts_handled", uCalls, PeriodRun, st, Always, "answered calls whose handling ended in the window"),
		doc(R, "fcr", uShare, PeriodRun, st, NeedFirstContacts, "first-contact resolution: issues resolved at their first answered contact ÷ first answered contacts"),
		doc(R, "escalated", uCalls, PeriodRun, st, Always, "contacts passed to the second line"),
		doc(R, "issues", uCount, PeriodRun, st, Always, "customer issues (journeys of one or more contacts) that started in the window and ended before its end; by the site of their first call"),
		doc(R, "issues_resolved_rate", uShare, PeriodRun, st, NeedIssues, "ended issues that were resolved ÷ ended issues"),
		doc(R, "repeat_contacts_per_issue", uNumber, PeriodRun, st, NeedIssues, "answered contacts after each issue's first ÷ ended issues"),
		doc(R, "csat", uShare, PeriodRun, st, NeedIssues, "mean satisfaction score of ended issues (a function of wait, repeats, resolution and language fit)"),
		doc(R, "churn_rate", uShare, PeriodRun, st, NeedIssues, "expected share of customers lost per ended issue (mean churn probability)"),
		doc(R, "customers_lost", uPeople, PeriodRun, st, Always, "expected customers lost: the sum of the issues' churn probabilities"),
		doc(R, "lost_customer_value_eur", uEUR, PeriodRun, st, Always, "customers lost × customer lifetime value: the cost of poor quality"),
		doc(R, "headcount_end", uAgents, PeriodEnd, st, NeedWorkforce, "agents employed at the end (training, nesting and productive)"),
		doc(R, "headcount_target_end", uAgents, PeriodEnd, st, NeedWorkforce, "the headcount target at the end"),
		doc(R, "hires", uAgents, PeriodRun, st, NeedWorkforce, "agents hired"),
		doc(R, "leavers", uAgents, PeriodRun, st, NeedWorkforce, "agents who quit or were dismissed (not those laid off at a handover)"),
		doc(R, "dismissals", uAgents, PeriodRun, st, NeedWorkforce, "agents dismissed"),
		doc(R, "laid_off", uAgents, PeriodRun, st, NeedWorkforce, "agents let go when their provider lost the contract"),
		doc(R, "rehired", uAgents, PeriodRun, st, NeedWorkforce, "agents the new provider took over from the old one at a handover"),
		doc(R, "turnover_annual", uNumber, PeriodYearlyRate, st, NeedWorkforce, "leavers per year ÷ average headcount, the scale HR uses (365 × leavers per employed agent-day)"),
		doc(R, "attrition_rate_annual", uNumber, PeriodYearlyRate, st, NeedWorkforce, "turnover_annual under its former name (leavers per year ÷ average headcount)"),
		doc(R, "leavers_per_year", uNumber, PeriodYearlyRate, st, NeedWindow, "leavers ÷ the window's length in years"),
		doc(R, "mean_wage_to_minimum", uRatio, PeriodRun, st, NeedWorkforce, "mean over employed agent-days of wage ÷ the local statutory minimum wage"),
		doc(R, "share_at_minimum_wage", uShare, PeriodRun, st, NeedWorkforce, "share of employed agent-days paid the minimum wage (within 0.5%)"),
		doc(R, "lifted_to_minimum_agent_days", uDays, PeriodRun, st, NeedWorkforce, "agent-days on which the wage policy's figure was below the minimum and was lifted to it"),
		doc(R, "going_wage_eur_per_hour", uEUR, PeriodRun, st, NeedWorkforce, "mean over employed agent-days of the going wage of the agent's labour pool, EUR per hour"),
		doc(R, "wage_to_going_wage", uRatio, PeriodRun, st, NeedWorkforce, "mean over employed agent-days of wage ÷ the going wage of the agent's labour pool"),
		doc(R, "vacancy_rate", uShare, PeriodRun, st, NeedWorkforce, "vacant agent-days ÷ (employed + vacant agent-days)"),
		doc(R, "time_to_fill_days", uDays, PeriodRun, st, NeedHires, "mean days from a requisition to the hire's start"),
		doc(R, "unfilled_requisition_days", uDays, PeriodRun, st, NeedWorkforce, "requisition-days that could not be filled because the labour pool was empty"),
		doc(R, "hire_lead_time_days", uDays, PeriodRun, st, NeedHires, "mean lead time of the hires"),
		doc(R, "cost_per_hire_eur", uEUR, PeriodRun, st, NeedHires, "recruitment cost ÷ hires"),
		doc(R, "cover_hours", uHours, PeriodRun, st, NeedWorkforce, "overtime or agency hours worked to cover staffing gaps"),
		doc(R, "sla_credit_eur", uEUR, PeriodRun, st, NeedProvider, "service credits the provider owed the client under its SLA"),
		doc(R, "engagement", uShare, PeriodRun, st, NeedWorkforce, "mean engagement of the employed agents over agent-days"),
		doc(R, "pool_candidates_end", uCount, PeriodEnd, st, NeedWorkforce, "candidates left in the labour pool at the end"),
		doc(R, "productive_hours", uHours, PeriodRun, st, Always, "agent hours on duty, answering or available to answer (what per-hour billing charges for)"),
		doc(R, "cost_total_eur", uEUR, PeriodRun, st, Always, "the client's cost: the sum of the ledger's categories (wages to provider margin)"),
		doc(R, "cost_per_contact_eur", uEUR, PeriodRun, st, NeedHandled, "the client's cost ÷ contacts handled"),
		doc(R, "cost_per_resolved_issue_eur", uEUR, PeriodRun, st, NeedResolved, "the client's cost ÷ resolved issues"),
		doc(R, "cost_per_productive_hour_eur", uEUR, PeriodRun, st, NeedProductive, "the client's cost ÷ productive hours"),
		doc(R, "provider_margin_eur", uEURpm, PeriodRun, st, NeedProvider, "what outsourced providers billed minus their costs; absent for in-house sites"),
		doc(R, "provider_revenue_eur", uEUR, PeriodRun, st, NeedProvider, "what outsourced providers billed the client"),
		doc(R, "provider_margin_share", uMarginShare, PeriodRun, st, NeedProvider, "provider margin ÷ what it billed"),
		doc(R, "price_per_productive_hour_eur", uEURperHour, PeriodRun, st, NeedProvider, "what outsourced providers billed ÷ their productive hours, whatever the billing model"),
		doc(R, "price_per_contact_eur", uEURperContact, PeriodRun, st, NeedProvider, "what outsourced providers billed ÷ their handled contacts, whatever the billing model"),
	}, costDocs(R, PeriodRun, "ledger category: "), []MetricDoc{
		doc(R, "economic_cost_eur", uEUR, PeriodRun, st, Always, "the client's cost + lost customer value: what the choice costs the client, customers who leave included"),
		doc(R, "cost_per_month_eur", uEUR, PeriodMonthlyMean, st, NeedWindow, "the client's cost ÷ the months of the window (a month is 365/12 days)"),
		doc(R, "lost_customer_value_per_month_eur", uEUR, PeriodMonthlyMean, st, NeedWindow, "lost customer value ÷ the months of the window"),
		doc(R, "economic_cost_per_month_eur", uEUR, PeriodMonthlyMean, st, NeedWindow, "economic cost (client's cost + lost customer value) ÷ the months of the window"),
		doc(R, "provider_margin_per_month_eur", uEURpm, PeriodMonthlyMean, st, NeedProvider, "provider margin ÷ the months of the window; absent for in-house sites"),

		// Months.
		doc(M, "calls_offered", uCalls, PeriodMonth, st, Always, "calls that arrived in the month (in the window)"),
		doc(M, "service_level", uShare, PeriodMonth, st, NeedCalls, "calls answered within the threshold ÷ calls offered in the month"),
		doc(M, "abandon_rate", uShare, PeriodMonth, st, NeedCalls, "abandoned ÷ offered calls in the month"),
		doc(M, "fcr", uShare, PeriodMonth, st, NeedFirstContacts, "first-contact resolution of the month's first contacts"),
		doc(M, "contacts_handled", uCalls, PeriodMonth, st, Always, "contacts whose handling ended in the month"),
		doc(M, "csat", uShare, PeriodMonth, st, NeedIssues, "mean satisfaction of the issues that ended in the month"),
		doc(M, "churn_rate", uShare, PeriodMonth, st, NeedIssues, "mean churn probability of the issues that ended in the month"),
		doc(M, "headcount", uAgents, PeriodMonthEnd, st, NeedWorkforce, "agents employed at the month's end"),
		doc(M, "headcount_training", uAgents, PeriodMonthEnd, st, NeedWorkforce, "agents in classroom training at the month's end"),
		doc(M, "headcount_nesting", uAgents, PeriodMonthEnd, st, NeedWorkforce, "agents nesting (answering, slower) at the month's end"),
		doc(M, "headcount_productive", uAgents, PeriodMonthEnd, st, NeedWorkforce, "productive agents at the month's end"),
		doc(M, "hires", uAgents, PeriodMonth, st, NeedWorkforce, "agents hired in the month"),
		doc(M, "leavers", uAgents, PeriodMonth, st, NeedWorkforce, "agents who quit or were dismissed in the month"),
		doc(M, "laid_off", uAgents, PeriodMonth, st, NeedWorkforce, "agents laid off at a handover in the month"),
		doc(M, "mean_wage_to_minimum", uRatio, PeriodMonth, st, NeedWorkforce, "mean wage ÷ minimum over the month's employed agent-days"),
		doc(M, "share_at_minimum_wage", uShare, PeriodMonth, st, NeedWorkforce, "share of the month's employed agent-days paid the minimum"),
		doc(M, "turnover_annual", uNumber, PeriodYearlyRate, st, NeedWorkforce, "the month's leavers per employed agent-day × 365"),
		doc(M, "going_wage_eur_per_hour", uEUR, PeriodMonth, st, NeedWorkforce, "mean going wage of the agents' labour pools, EUR per hour"),
		doc(M, "wage_to_going_wage", uRatio, PeriodMonth, st, NeedWorkforce, "mean wage ÷ going wage over the month's employed agent-days"),
		doc(M, "vacancy_rate", uShare, PeriodMonth, st, NeedWorkforce, "vacant ÷ (employed + vacant) agent-days in the month"),
		doc(M, "time_to_fill_days", uDays, PeriodMonth, st, NeedHires, "mean days from a requisition to the start of the month's hires"),
		doc(M, "cover_hours", uHours, PeriodMonth, st, NeedWorkforce, "overtime or agency hours in the month"),
		doc(M, "sla_credit_eur", uEUR, PeriodMonth, st, NeedProvider, "service credits owed in the month"),
		doc(M, "engagement", uShare, PeriodMonth, st, NeedWorkforce, "mean engagement over the month's employed agent-days"),
		doc(M, "pool_candidates", uCount, PeriodMonthEnd, st, NeedWorkforce, "candidates left in the site's labour pool (a shared pool counted at each of its sites)"),
		doc(M, "cost_total_eur", uEUR, PeriodMonth, st, Always, "the client's cost in the month"),
	}, costDocs(M, PeriodMonth, "ledger category in the month: "), []MetricDoc{
		doc(M, "lost_customer_value_eur", uEUR, PeriodMonth, st, Always, "customers lost by the issues that ended in the month × lifetime value"),
		doc(M, "economic_cost_eur", uEUR, PeriodMonth, st, Always, "the client's cost + lost customer value in the month"),

		// Years.
		doc(Y, "client_cost_eur", uEUR, PeriodYear, scopeAll, Always, "the client's cost in the year"),
		doc(Y, "provider_margin_eur", uEURpm, PeriodYear, scopeAll, NeedProvider, "what providers billed minus their costs in the year"),
		doc(Y, "provider_margin_share", uMarginShare, PeriodYear, scopeAll, NeedProvider, "provider margin ÷ what the providers billed in the year"),
		doc(Y, "mean_wage_to_minimum", uRatio, PeriodYear, fl, NeedFirstLine, "mean wage ÷ local minimum wage over the year's first-line agent-days"),
		doc(Y, "share_at_minimum_wage", uShare, PeriodYear, fl, NeedFirstLine, "share of the year's first-line agent-days paid the minimum"),
		doc(Y, "domestic_wage_to_minimum", uRatio, PeriodYear, scopeDomestic, NeedDomestic, "mean wage ÷ minimum of the Dutch first-line agents (absent in a year without them)"),
		doc(Y, "domestic_jobs", uJobs, PeriodYear, scopeDomestic, Always, "Dutch first-line jobs: mean agents employed over the year"),
		doc(Y, "offshore_share", uShare, PeriodYear, scopeAll, NeedHandled, "contacts handled at offshore sites ÷ all contacts handled in the year"),
		doc(Y, "turnover_annual", uNumber, PeriodYear, fl, NeedFirstLine, "first-line leavers in the year ÷ average headcount"),
		doc(Y, "attrition_rate_annual", uNumber, PeriodYear, fl, NeedFirstLine, "turnover_annual under its former name"),
		doc(Y, "wage_to_going_wage", uRatio, PeriodYear, fl, NeedFirstLine, "mean wage ÷ going wage of the first-line agents"),
		doc(Y, "going_wage_eur_per_hour", uEUR, PeriodYear, fl, NeedFirstLine, "mean going wage the first-line agents face, EUR per hour"),
		doc(Y, "vacancy_rate", uShare, PeriodYear, fl, NeedFirstLine, "vacant ÷ (employed + vacant) first-line agent-days"),
		doc(Y, "time_to_fill_days", uDays, PeriodYear, fl, NeedHires, "mean days from a requisition to the start of the year's first-line hires"),
		doc(Y, "service_level", uShare, PeriodYear, scopeAll, NeedCalls, "calls answered within the threshold ÷ offered in the year"),
		doc(Y, "fcr", uShare, PeriodYear, scopeAll, NeedFirstContacts, "first-contact resolution in the year"),
		doc(Y, "csat", uShare, PeriodYear, scopeAll, NeedIssues, "mean satisfaction of the issues that ended in the year"),
		doc(Y, "churn_rate", uShare, PeriodYear, scopeAll, NeedIssues, "mean churn probability of the issues that ended in the year"),
		doc(Y, "lost_customer_value_eur", uEUR, PeriodYear, scopeAll, Always, "customers lost in the year × lifetime value"),
		doc(Y, "economic_cost_eur", uEUR, PeriodYear, scopeAll, Always, "the client's cost + lost customer value in the year"),
		doc(Y, "holder_<bidder>", uShare, PeriodYear, scopeTotal, Always, "with a tender: share of the year's months the bidder served the contract"),

		// Tender outcomes.
		doc(O, "final_year_domestic_jobs", uJobs, PeriodFinalYear, scopeDomestic, Always, "Dutch first-line jobs in the final year (mean agents employed): how many survive"),
		doc(O, "final_year_offshore_share", uShare, PeriodFinalYear, scopeAll, NeedHandled, "share of the final year's contacts handled offshore"),
		doc(O, "final_year_domestic_wage_to_minimum", uRatio, PeriodFinalYear, scopeDomestic, NeedDomestic, "Dutch first-line pay ÷ the minimum in the final year (absent without Dutch first-line agents)"),
		doc(O, "final_year_share_at_minimum_wage", uShare, PeriodFinalYear, scopeFirstLine, NeedFirstLine, "share of the final year's first-line agent-days paid the minimum"),
		doc(O, "final_year_client_cost_eur", uEUR, PeriodFinalYear, scopeAll, Always, "the client's cost in the final year"),
		doc(O, "domestic_first_line_kept", uBinary, PeriodFinalYear, scopeDomestic, NeedDomestic,
			"1 when the final year still has at least half the Dutch first-line jobs of the first year, else 0; its mean is the share of replications that keep the Dutch first line (absent when the first year has none)"),
	})
	d[len(d)-1].Interval = IntervalWilson
	return d
}

// costDocs define the ledger categories' metrics of table t: provider
// margin may be < 0 and needs a provider (an in-house site has no
// provider, not a margin of 0).
func costDocs(t MetricTable, period, what string) []MetricDoc {
	var d []MetricDoc
	for c := range NumCostCategories {
		u, need := uEUR, Always
		if c == CostProviderMargin {
			u, need = uEURpm, NeedProvider
		}
		d = append(d, doc(t, "cost_"+c.String()+"_eur", u, period, scopeSiteTotal, need, what+costCategoryDocs[c]))
	}
	return d
}

// MetricDocs returns the dictionary of every metric, in output order
// within each table.
func MetricDocs() []MetricDoc { return slices.Clone(metricDocs) }

// LookupMetric returns the row of metric name in table t; a pattern row
// (holder_<bidder>) matches every name with its prefix.
func LookupMetric(t MetricTable, name string) (MetricDoc, bool) {
	for _, d := range metricDocs {
		if d.Table != t {
			continue
		}
		if d.Name == name {
			return d, true
		}
		if pre, _, ok := strings.Cut(d.Name, "<"); ok && strings.HasPrefix(name, pre) && len(name) > len(pre) {
			return d, true
		}
	}
	return MetricDoc{}, false
}

// has says which Needs hold for one set of figures.
type has [numNeeds]bool

func statsHas(s *Stats) has {
	var h has
	h[Always] = true
	h[NeedCalls] = s.Calls.Offered > 0
	h[NeedAnswered] = s.Calls.Answered > 0
	h[NeedFirstContacts] = s.Contacts.FirstContacts > 0
	h[NeedHandled] = s.Contacts.Handled > 0
	h[NeedIssues] = s.Journeys.Ended > 0
	h[NeedResolved] = s.Journeys.Resolved > 0
	h[NeedOnDuty] = s.Calls.OnDutyAgentSeconds > 0
	h[NeedWorkforce] = s.Workforce.EmployedAgentDays > 0
	h[NeedHires] = s.Workforce.Hires > 0
	h[NeedProvider] = s.Workforce.RevenueEUR != 0 || s.Ledger[CostProviderMargin] != 0
	h[NeedProductive] = s.Workforce.ProductiveAgentSeconds > 0
	h[NeedWindow] = s.Calls.WindowSeconds > 0
	h[NeedFirstLine] = h[NeedWorkforce]
	h[NeedDomestic] = h[NeedWorkforce]
	return h
}

func monthHas(m *Month) has {
	var h has
	h[Always] = true
	h[NeedCalls] = m.Offered > 0
	h[NeedFirstContacts] = m.FirstContacts > 0
	h[NeedHandled] = m.Handled > 0
	h[NeedIssues] = m.JourneysEnded > 0
	h[NeedWorkforce] = m.EmployedAgentDays > 0
	h[NeedHires] = m.Hires > 0
	h[NeedProvider] = m.RevenueEUR != 0 || m.Ledger[CostProviderMargin] != 0
	h[NeedFirstLine] = h[NeedWorkforce]
	h[NeedDomestic] = h[NeedWorkforce]
	h[NeedWindow] = true
	return h
}

// markNotApplicable sets the metrics of table t that need what h lacks to
// NotApplicable.
func markNotApplicable(t MetricTable, ms []Metric, h has) []Metric {
	for i := range ms {
		if d, ok := LookupMetric(t, ms[i].Name); ok && !h[d.Need] {
			ms[i].Value = NotApplicable
		}
	}
	return ms
}

// value returns the value of metric name in ms (NaN when absent).
func value(ms []Metric, name string) float64 {
	for _, m := range ms {
		if m.Name == name {
			return m.Value
		}
	}
	return math.NaN()
}

// RunMetrics returns every per-replication metric of s (one site or the
// total) in its fixed output order: Stats.Metrics, then the economic cost
// and the monthly means of the money figures, each NotApplicable where it
// does not apply. lifetimeValueEUR prices a churned customer.
func RunMetrics(s *Stats, lifetimeValueEUR float64) []Metric {
	ms := s.Metrics(lifetimeValueEUR)
	total, lost, margin := value(ms, "cost_total_eur"), value(ms, "lost_customer_value_eur"), value(ms, "provider_margin_eur")
	months := s.Calls.WindowSeconds / (DaysPerMonth * SecondsPerDay)
	perMonth := func(v float64) float64 { return ratio(v, months) }
	ms = append(ms,
		Metric{"economic_cost_eur", total + lost},
		Metric{"cost_per_month_eur", perMonth(total)},
		Metric{"lost_customer_value_per_month_eur", perMonth(lost)},
		Metric{"economic_cost_per_month_eur", perMonth(total + lost)},
		Metric{"provider_margin_per_month_eur", perMonth(margin)},
	)
	return markNotApplicable(RunTable, ms, statsHas(s))
}

// MonthMetrics returns the month's figures in their fixed output order:
// Month.Metrics, then the lost customer value and the economic cost, each
// NotApplicable where it does not apply.
func MonthMetrics(m *Month, lifetimeValueEUR float64) []Metric {
	ms := m.Metrics()
	lost := m.Churned * lifetimeValueEUR
	ms = append(ms,
		Metric{"lost_customer_value_eur", lost},
		Metric{"economic_cost_eur", value(ms, "cost_total_eur") + lost},
	)
	return markNotApplicable(MonthTable, ms, monthHas(m))
}

// yearExtras returns what a year has (over all sites, and for the first
// line) and its lost customer value and economic cost.
func yearExtras(sc *Scenario, y *yearSums) (has, []Metric) {
	h := monthHas(&y.all)
	h[NeedFirstLine] = y.people.EmployedAgentDays > 0
	h[NeedHires] = y.people.Hires > 0
	h[NeedDomestic] = y.domestic.EmployedAgentDays > 0
	lost := y.all.Churned * sc.Demand.Customers.LifetimeValueEUR
	return h, []Metric{{"lost_customer_value_eur", lost}, {"economic_cost_eur", y.all.Ledger.Total() + lost}}
}

// OutcomeMetrics returns the tender outcomes of one replication from its
// yearly figures (YearMetrics): the final year's Dutch jobs, offshore
// share, Dutch pay, share at the minimum and client cost, and whether the
// Dutch first line was kept. Nil without a tender or without years.
func OutcomeMetrics(sc *Scenario, years [][]Metric) []Metric {
	if sc.Tender == nil || len(years) == 0 {
		return nil
	}
	first, last := years[0], years[len(years)-1]
	jobs0, jobs := value(first, "domestic_jobs"), value(last, "domestic_jobs")
	kept := NotApplicable
	if jobs0 > 0 {
		kept = 0
		if jobs >= 0.5*jobs0 {
			kept = 1
		}
	}
	return []Metric{
		{"final_year_domestic_jobs", jobs},
		{"final_year_offshore_share", value(last, "offshore_share")},
		{"final_year_domestic_wage_to_minimum", value(last, "domestic_wage_to_minimum")},
		{"final_year_share_at_minimum_wage", value(last, "share_at_minimum_wage")},
		{"final_year_client_cost_eur", value(last, "client_cost_eur")},
		{"domestic_first_line_kept", kept},
	}
}

// SummarizeMetric summarises the finite values of a metric over the
// replications by its row: the Wilson interval of a share for an
// all-or-nothing outcome, else Summarize's Student-t interval clipped to
// the metric's range.
func SummarizeMetric(d MetricDoc, values []float64) Summary {
	s := Summarize(values)
	if s.N == 0 {
		return s
	}
	if d.Interval == IntervalWilson {
		k := 0
		for _, v := range values {
			if v >= 0.5 {
				k++
			}
		}
		s.CI95Low, s.CI95High = Wilson(k, s.N)
		return s
	}
	return ClipInterval(s, d.Lo, d.Hi)
}

// SummarizeDifference summarises paired differences of a metric: the
// Student-t interval clipped to the range of a difference of two values
// of the metric.
func SummarizeDifference(d MetricDoc, diffs []float64) Summary {
	s := Summarize(diffs)
	if s.N == 0 {
		return s
	}
	return ClipInterval(s, d.Lo-d.Hi, d.Hi-d.Lo)
}

// ClipInterval clips s's confidence interval to [lo, hi].
func ClipInterval(s Summary, lo, hi float64) Summary {
	s.CI95Low = min(max(s.CI95Low, lo), hi)
	s.CI95High = min(max(s.CI95High, lo), hi)
	return s
}

// Wilson returns the 95% Wilson score interval of a share of k successes
// in n trials (Wilson 1927): it stays in [0, 1] and keeps its coverage
// near 0 and 1, where the normal approximation does not. (0, 0) when n is
// 0.
func Wilson(k, n int) (lo, hi float64) {
	if n <= 0 {
		return 0, 0
	}
	const z = 1.959963984540054 // the 0.975 quantile of the standard normal
	p, nf := float64(k)/float64(n), float64(n)
	den := 1 + z*z/nf
	mid := (p + z*z/(2*nf)) / den
	half := z * math.Sqrt(p*(1-p)/nf+z*z/(4*nf*nf)) / den
	lo, hi = max(mid-half, 0), min(mid+half, 1)
	if k == 0 {
		lo = 0
	}
	if k == n {
		hi = 1
	}
	return lo, hi
}

// MetricDictionary returns docs/metrics.md: the table of every metric, by
// output file.
func MetricDictionary() string {
	var b strings.Builder
	b.WriteString(`# Output metrics

Generated from ` + "`model/metricdoc.go`" + ` by ` + "`go test ./model -run TestMetricDictionary -update`" + `; do not edit.

Every metric offsim writes, with its unit, the period its value covers,
where it exists (scope: per site and for all sites together, or only in
total) and its definition.

- **Periods.** *whole run* is the measured window (the horizon after the
  warm-up); *per month (whole-run mean)* is a whole-run amount ÷ the
  window's months (a month is 365/12 days); *per month* and *per year*
  are one value per month or year of the series; *at the end* is a stock
  at the horizon; *final year* is the last year of the series (which may
  be partial).
- **Money** is in EUR. The client's cost (` + "`cost_total_eur`" + `) is
  the sum of the ledger's categories; the economic cost adds the value of
  the customers lost (` + "`economic_cost_eur`" + `).
- **Not applicable.** A metric that does not apply — the wage of a site
  without agents, the margin of an in-house site, the service level of a
  site that took no calls, tender outcomes without a tender — is absent
  from summary.json and summary.csv, and an empty cell in the other CSV
  files: never 0, never NaN. The column *applies when* says when it
  exists; summaries count (` + "`n`" + `) the replications in which it does.
- **Intervals.** A summary's 95% confidence interval is the Student-t
  interval of the mean, clipped to the metric's range (a share stays in
  [0, 1], a count at or above 0), except for an all-or-nothing outcome
  (1 or 0 per replication), whose mean is the share of replications and
  whose interval is the Wilson score interval of that share. A paired
  difference's interval is clipped to the range of a difference.
`)
	for t := range numMetricTables {
		fmt.Fprintf(&b, "\n## %s\n\n", tableTitles[t])
		b.WriteString("| metric | unit | period | scope | applies when | range, interval | definition |\n|---|---|---|---|---|---|---|\n")
		for _, d := range metricDocs {
			if d.Table != t {
				continue
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s | %s |\n", d.Name, d.Unit, d.Period, d.Scope,
				orDash(needText[d.Need]), rangeText(d), d.Definition)
		}
	}
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "always"
	}
	return s
}

func rangeText(d MetricDoc) string {
	num := func(x float64) string {
		switch {
		case math.IsInf(x, 1):
			return "∞"
		case math.IsInf(x, -1):
			return "−∞"
		}
		return fmt.Sprint(x)
	}
	r := "[" + num(d.Lo) + ", " + num(d.Hi) + "]"
	if math.IsInf(d.Hi, 1) {
		r = "[" + num(d.Lo) + ", ∞)"
	}
	if math.IsInf(d.Lo, -1) && math.IsInf(d.Hi, 1) {
		r = "any"
	}
	if d.Interval == IntervalWilson {
		return r + ", Wilson"
	}
	return r + ", t clipped"
}
