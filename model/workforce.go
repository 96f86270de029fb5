package model

import (
	"fmt"
	"math"
)

// DaysPerYear and DaysPerMonth convert the workforce's calendar: a month is
// a twelfth of a 365-day year, so 24 months are exactly 730 days.
const (
	DaysPerYear  = 365.0
	DaysPerMonth = DaysPerYear / 12
)

// Workforce is a site's people model: agents who are hired from a finite
// labour pool, train, learn and leave, and who are paid against the local
// minimum wage. A site without a Workforce staffs its AgentSchedule with
// identical agents that never change (the queueing checks).
type Workforce struct {
	// InitialHeadcount is the number of agents employed at time 0 (0: the
	// headcount target), with tenures drawn from an exponential
	// distribution with mean InitialTenureMeanDays; an agent whose tenure
	// is short starts in training or nesting.
	InitialHeadcount      int
	InitialTenureMeanDays float64
	// HeadcountTarget is the number of employed agents (training, nesting
	// and productive) that requisitions try to hold; 0 means the headcount
	// the staffing plan needs, from Erlang-based staffing.
	HeadcountTarget int
	// ServiceLevelTarget is the plan's target share of calls answered within
	// Run.ServiceLevelSeconds, in [0,1], used for Erlang-based staffing.
	ServiceLevelTarget float64
	// MaxAbandonRate is the plan's ceiling on the share of offered calls
	// that abandon, in [0,1]; 0: none. A plan held only to a service level
	// staffs fewer agents when callers are less patient (they hang up
	// instead of waiting): the ceiling stops a plan from rewarding
	// impatience.
	MaxAbandonRate float64
	// PlanQueue is the queue model of the plan: Erlang A with the callers'
	// mean patience (the default), or Erlang C, as if nobody abandoned.
	PlanQueue PlanQueue
	// Shrinkage is the share of paid hours an agent is not available to
	// answer (absence, breaks, coaching), in [0,1).
	Shrinkage float64
	// ContractHoursPerWeek are the paid hours of one full-time agent.
	ContractHoursPerWeek float64

	// TrainingDays are paid calendar days of classroom training before an
	// agent answers calls.
	TrainingDays float64
	// NestingDays follow training: the agent answers, more slowly
	// (Performance.NestingHandleTimeFactor) and resolving less.
	NestingDays float64

	// SkillAtHire is the distribution of skill in [0,1] of a new hire, a
	// beta distribution; a depleted pool lowers it (LabourPool).
	SkillAtHire Beta
	// SkillCeiling is the skill agents approach with tenure, in [0,1].
	SkillCeiling float64
	// LearningDays is the time constant of the learning curve: the gap to
	// the ceiling shrinks by a factor e every LearningDays of tenure.
	LearningDays float64

	// LanguageFit is how well agents' Dutch fits the client's customers,
	// in [0,1]: 1 native, lower for accent, idiom and cultural distance.
	LanguageFit float64
	// Monitoring is the management's pressure, in [0,1]: 0 trust-based, 1
	// heavy electronic monitoring and handle-time targets.
	Monitoring float64

	Attrition Attrition
	// LabourPool names the shared pool (Scenario.LabourPools) the site
	// hires from and returns its leavers to; "" for its own Pool.
	LabourPool string
	// Pool is the site's own labour pool, a pool of this one site; not
	// used when LabourPool names a shared one.
	Pool LabourPool
	// Cover is how the site fills the hours its available agents cannot
	// work when it is short of its plan.
	Cover Cover
	Wages Wages
}

// PlanQueue names the queue model a staffing plan uses.
type PlanQueue uint8

const (
	// PlanErlangA plans with the callers' mean patience (Erlang A).
	PlanErlangA PlanQueue = iota
	// PlanErlangC plans as if nobody abandoned (Erlang C): more agents,
	// and a plan that does not depend on patience.
	PlanErlangC
)

// Beta is a beta distribution on [0,1] with shape parameters Alpha, Beta.
type Beta struct{ Alpha, Beta float64 }

// Mean returns α/(α+β).
func (b Beta) Mean() float64 { return b.Alpha / (b.Alpha + b.Beta) }

// Performance holds the scenario-wide parameters of how skill, language fit
// and monitoring change handle time and first-contact resolution. See
// HandleTimeFactor and ResolveProbability.
type Performance struct {
	// NoviceHandleTimePenalty: handle time × (1 + p·(1 − skill)). With
	// p = 0.8, an agent of skill 0.3 takes 1.56× an expert's time
	// (CALIBRATION: new hires 1.3–1.8× tenured, WFM Labs).
	NoviceHandleTimePenalty float64
	// NestingHandleTimeFactor multiplies handle time while nesting.
	NestingHandleTimeFactor float64
	// MonitoringSpeedup: handle time × (1 − s·monitoring).
	MonitoringSpeedup float64
	// LanguageHandleTimePenalty: handle time × (1 + l·(1 − languageFit)).
	LanguageHandleTimePenalty float64

	// NoviceResolutionPenalty: P(resolve) × (1 − p·(1 − skill)).
	NoviceResolutionPenalty float64
	// NestingResolutionFactor multiplies P(resolve) while nesting.
	NestingResolutionFactor float64
	// MonitoringResolutionPenalty: P(resolve) × (1 − m·monitoring): calls
	// pushed short leave problems unsolved.
	MonitoringResolutionPenalty float64
	// LanguageResolutionPenalty: P(resolve) × (1 − l·(1 − languageFit)).
	LanguageResolutionPenalty float64
}

// Skill returns an agent's skill after tenureDays on the learning curve
// from skill s0 at hire towards ceiling with time constant tauDays:
// ceiling − (ceiling − s0)·e^(−tenure/τ). An agent hired above the ceiling
// keeps its skill.
func Skill(s0, ceiling, tenureDays, tauDays float64) float64 {
	if s0 >= ceiling || tenureDays <= 0 {
		return s0
	}
	if tauDays <= 0 {
		return ceiling
	}
	return ceiling - (ceiling-s0)*math.Exp(-tenureDays/tauDays)
}

// HandleTimeFactor is the multiplier on a contact type's expert handle time
// for an agent of the given skill under the site's monitoring and language
// fit: (1 + novice·(1−skill))·(1 − speedup·monitoring)·(1 + lang·(1−fit)),
// times the nesting factor while nesting. Never below 0.05.
func HandleTimeFactor(p *Performance, skill, monitoring, languageFit float64, nesting bool) float64 {
	f := (1 + p.NoviceHandleTimePenalty*(1-skill)) *
		(1 - p.MonitoringSpeedup*monitoring) *
		(1 + p.LanguageHandleTimePenalty*(1-languageFit))
	if nesting {
		f *= p.NestingHandleTimeFactor
	}
	return max(f, 0.05)
}

// ResolveProbability is the chance that a contact is resolved at this
// attempt: the contact type's expert resolution rate times
// (1 − novice·(1−skill))·(1 − monitoring penalty·monitoring)·
// (1 − lang·(1−fit)), each factor floored at 0, times the nesting factor
// while nesting, in [0,1].
func ResolveProbability(p *Performance, baseFCR, skill, monitoring, languageFit float64, nesting bool) float64 {
	q := baseFCR *
		max(0, 1-p.NoviceResolutionPenalty*(1-skill)) *
		max(0, 1-p.MonitoringResolutionPenalty*monitoring) *
		max(0, 1-p.LanguageResolutionPenalty*(1-languageFit))
	if nesting {
		q *= p.NestingResolutionFactor
	}
	return min(max(q, 0), 1)
}

// Attrition holds the drivers of an agent's daily quit hazard. Rates are
// on the scale HR and the sources use: leavers per year ÷ average
// headcount (docs/calibration.md §5.1), which with steady headcount is
// the hazard per agent-year, so the daily hazard is the rate ÷ 365. A
// rate of 1.0 (100% turnover) does not mean every agent leaves within a
// year: at a constant hazard 1 − e^(−1) = 63% of a cohort does.
type Attrition struct {
	// BaseAnnual is the quit rate, quits per year ÷ average headcount, at
	// reference conditions (pay at ReferencePayRatio times the going wage,
	// no monitoring, occupancy below threshold, past early tenure); >= 0.
	BaseAnnual float64
	// ReferencePayRatio is the pay ÷ going wage (LabourPool.GoingWage) at
	// which BaseAnnual holds.
	ReferencePayRatio float64
	// PayElasticity: hazard × e^(−elasticity·(pay/going wage − reference)):
	// an agent paid below the going wage is poached more easily, and +€1
	// an hour counts relative to the local market.
	PayElasticity float64
	// MonitoringEffect: hazard × (1 + effect·monitoring).
	MonitoringEffect float64
	// OccupancyThreshold and OccupancyEffect: hazard ×
	// (1 + effect·max(0, occupancy − threshold)/(1 − threshold)), where
	// occupancy is the site's over the last 28 days.
	OccupancyThreshold float64
	OccupancyEffect    float64
	// EarlyTenureDays and EarlyTenureFactor: hazard × factor while tenure
	// is below EarlyTenureDays (many leave within weeks).
	EarlyTenureDays   float64
	EarlyTenureFactor float64
	// DismissalAnnual is the dismissal rate, dismissals per year ÷
	// average headcount, a separate constant hazard.
	DismissalAnnual float64
}

// TurnoverToDailyHazard converts a turnover rate on the HR scale
// (leavers per year ÷ average headcount) into the daily hazard:
// rate ÷ 365.
func TurnoverToDailyHazard(perYear float64) float64 {
	return max(perYear, 0) / DaysPerYear
}

// QuitHazardPerDay returns an agent's daily hazard of quitting (excluding
// dismissals) given pay ÷ the going wage, the site's monitoring, its
// recent occupancy and the agent's tenure in days. See Attrition for each
// factor.
func QuitHazardPerDay(a *Attrition, payToGoing, monitoring, occupancy, tenureDays float64) float64 {
	h := TurnoverToDailyHazard(a.BaseAnnual)
	h *= math.Exp(-a.PayElasticity * (payToGoing - a.ReferencePayRatio))
	h *= 1 + a.MonitoringEffect*monitoring
	if a.OccupancyThreshold < 1 && occupancy > a.OccupancyThreshold {
		h *= 1 + a.OccupancyEffect*(occupancy-a.OccupancyThreshold)/(1-a.OccupancyThreshold)
	}
	if tenureDays < a.EarlyTenureDays {
		h *= a.EarlyTenureFactor
	}
	return h
}

// ExpectedTenureDays returns how long, in days, an agent stays on
// average under the quit hazard of QuitHazardPerDay at the given pay ÷
// going wage, monitoring and occupancy, plus dismissals: the early-tenure
// hazard for the first EarlyTenureDays, the settled one after. In steady
// state a position is refilled every ExpectedTenureDays, so a site hires
// headcount ÷ tenure agents a day. Infinite when nobody ever leaves.
func ExpectedTenureDays(a *Attrition, payToGoing, monitoring, occupancy float64) float64 {
	dismiss := TurnoverToDailyHazard(a.DismissalAnnual)
	late := QuitHazardPerDay(a, payToGoing, monitoring, occupancy, math.Inf(1)) + dismiss
	early := QuitHazardPerDay(a, payToGoing, monitoring, occupancy, 0) + dismiss
	e := a.EarlyTenureDays
	if early <= 0 {
		if late <= 0 {
			return math.Inf(1)
		}
		return e + 1/late
	}
	stay := math.Exp(-early * e) // still there after the early weeks
	t := -math.Expm1(-early*e) / early
	if late <= 0 {
		if stay > 0 {
			return math.Inf(1)
		}
		return t
	}
	return t + stay/late
}

func (w *Workforce) validate() error {
	if w.Cover.Kind > CoverAgency {
		return fmt.Errorf("unknown cover %d", w.Cover.Kind)
	}
	if err := w.Wages.validate(); err != nil {
		return fmt.Errorf("wages: %w", err)
	}
	return nil
}
