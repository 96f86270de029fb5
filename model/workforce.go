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
	Pool      LabourPool
	Wages     Wages
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

var planQueueNames = [...]string{"erlang_a", "erlang_c"}

// String returns the scenario-file name of the model.
func (p PlanQueue) String() string {
	if int(p) < len(planQueueNames) {
		return planQueueNames[p]
	}
	return fmt.Sprintf("PlanQueue(%d)", p)
}

// ParsePlanQueue returns the queue model with the given name.
func ParsePlanQueue(s string) (PlanQueue, error) {
	for i, n := range planQueueNames {
		if n == s {
			return PlanQueue(i), nil
		}
	}
	return 0, fmt.Errorf("unknown plan queue %q (want erlang_a or erlang_c)", s)
}

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

// Attrition holds the drivers of an agent's daily quit hazard.
type Attrition struct {
	// BaseAnnual is the share of agents who would quit within a year at
	// reference conditions (pay at ReferencePayRatio, no monitoring,
	// occupancy below threshold, past early tenure), in [0,1).
	BaseAnnual float64
	// ReferencePayRatio is the wage ÷ minimum at which BaseAnnual holds.
	ReferencePayRatio float64
	// PayElasticity: hazard × e^(−elasticity·(pay/min − reference)).
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
	// DismissalAnnual is the share of agents dismissed within a year, a
	// separate constant hazard.
	DismissalAnnual float64
}

// AnnualToDailyHazard converts a share leaving within a year into the
// constant daily hazard h with 1 − e^(−365h) = annual.
func AnnualToDailyHazard(annual float64) float64 {
	if annual <= 0 {
		return 0
	}
	if annual >= 1 {
		return math.Inf(1)
	}
	return -math.Log1p(-annual) / DaysPerYear
}

// QuitHazardPerDay returns an agent's daily hazard of quitting (excluding
// dismissals) given pay ÷ local minimum, the site's monitoring, its recent
// occupancy and the agent's tenure in days. See Attrition for each factor.
func QuitHazardPerDay(a *Attrition, payToMinimum, monitoring, occupancy, tenureDays float64) float64 {
	h := AnnualToDailyHazard(a.BaseAnnual)
	h *= math.Exp(-a.PayElasticity * (payToMinimum - a.ReferencePayRatio))
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
// minimum, monitoring and occupancy, plus dismissals: the early-tenure
// hazard for the first EarlyTenureDays, the settled one after. In steady
// state a position is refilled every ExpectedTenureDays, so a site hires
// headcount ÷ tenure agents a day. Infinite when nobody ever leaves.
func ExpectedTenureDays(a *Attrition, payToMinimum, monitoring, occupancy float64) float64 {
	dismiss := AnnualToDailyHazard(a.DismissalAnnual)
	late := QuitHazardPerDay(a, payToMinimum, monitoring, occupancy, math.Inf(1)) + dismiss
	early := QuitHazardPerDay(a, payToMinimum, monitoring, occupancy, 0) + dismiss
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

// LabourPool is the finite supply of suitable candidates a site hires from.
type LabourPool struct {
	// Size is the number of suitable candidates reachable at time 0; the
	// pool never holds more. 0 means unlimited.
	Size float64
	// RefillPerMonth new candidates enter the pool each month (graduates,
	// people moving into reach).
	RefillPerMonth float64
	// ReturnShare of leavers re-enter the pool after ReturnDelayDays.
	ReturnShare     float64
	ReturnDelayDays float64
	// LeadTimeDays from requisition to start when the pool is full.
	LeadTimeDays float64
	// LeadTimeDepletion: lead time × fill^(−d), fill = pool ÷ Size; a
	// depleted pool takes longer to hire from.
	LeadTimeDepletion float64
	// SkillDepletion: skill at hire × fill^d; the best candidates go first.
	SkillDepletion float64
}

// Fill returns the pool's fill level in (0,1] for the given number of
// candidates (1 for an unlimited pool); never 0, so lead times stay finite.
func (p *LabourPool) Fill(candidates float64) float64 {
	if p.Size <= 0 {
		return 1
	}
	return min(max(candidates/p.Size, 1e-3), 1)
}

// LeadTime returns the hiring lead time in days at the given fill.
func (p *LabourPool) LeadTime(fill float64) float64 {
	return p.LeadTimeDays * math.Pow(fill, -p.LeadTimeDepletion)
}

// HireSkillFactor returns the factor on skill at hire at the given fill.
func (p *LabourPool) HireSkillFactor(fill float64) float64 {
	return math.Pow(fill, p.SkillDepletion)
}

func (w *Workforce) validate() error {
	if err := w.Wages.validate(); err != nil {
		return fmt.Errorf("wages: %w", err)
	}
	return nil
}
