package model

import "math"

// Engagement says how an agent's engagement forms and what it changes.
// Engagement is a per-agent state in [0,1] that moves each day towards a
// target set by the agent's pay against the going wage, the site's
// monitoring, the site's classroom training and the agent's tenure
// (EngagementTarget), and that shortens handle time, raises resolution
// and lowers quits relative to an agent at Reference, the engagement at
// which the scenario's contact-type resolution, handle times and
// attrition rates hold (the Engagement*Factor functions). The zero value
// switches it off: every effect is 0 and every factor 1.
//
// Sizes: Gallup's meta-analyses of business units find, between the top
// and the bottom quartile of engagement, median differences of 21% in
// productivity, 10% in customer ratings and 25% in turnover (in
// high-turnover organisations such as contact centres); engagement
// correlates −0.30 with turnover and 0.33 with customer loyalty
// (Harter, Schmidt & Hayes 2002; Harter et al. 2013; docs/calibration.md
// §5.4). How many engagement points the quartiles lie apart, and how the
// drivers move engagement, no source gives: ASSUMPTION.
type Engagement struct {
	// Base is the target engagement of an agent paid the going wage,
	// without monitoring, fully trained, at hire.
	Base float64
	// Reference is the engagement at which every effect is neutral: that
	// of the typical agent the scenario's resolution rates, handle times
	// and base attrition describe.
	Reference float64
	// PayWeight: target + w·(pay ÷ going wage − 1). Relative pay lowers
	// quits (Batt 2002): direction sourced, size ASSUMPTION.
	PayWeight float64
	// MonitoringWeight: target − w·monitoring. Electronic monitoring
	// raises quits (Batt 2002; Batt & Colvin 2011): direction sourced,
	// size ASSUMPTION.
	MonitoringWeight float64
	// TrainingWeight and ReferenceTrainingDays: target −
	// w·max(0, 1 − training days ÷ reference); a site that cuts classroom
	// training below the reference leaves agents less able and less
	// committed (ASSUMPTION); 0 days switches the term off.
	TrainingWeight        float64
	ReferenceTrainingDays float64
	// TenureDecline and TenureDays: target − d·(1 − e^(−tenure ÷ days)):
	// the honeymoon of the first months wears off (ASSUMPTION); 0 days
	// switches the term off.
	TenureDecline float64
	TenureDays    float64
	// AdjustDays is the time constant, in days, of the state: each day
	// engagement closes 1 − e^(−1/AdjustDays) of its gap to the target;
	// 0: it is the target at once.
	AdjustDays float64

	// HandleTimeEffect: handle time × max(0.05, 1 − h·(E − Reference)).
	HandleTimeEffect float64
	// ResolutionEffect: P(resolve) × max(0, 1 + r·(E − Reference)).
	ResolutionEffect float64
	// QuitEffect: quit hazard × e^(−q·(E − Reference)).
	QuitEffect float64
}

// EngagementTarget returns the engagement, in [0,1], that an agent paid
// payToGoing times the going wage, under the given monitoring, after
// trainingDays of classroom training and with tenureDays of tenure tends
// to: Base + PayWeight·(payToGoing − 1) − MonitoringWeight·monitoring −
// TrainingWeight·max(0, 1 − trainingDays/ReferenceTrainingDays) −
// TenureDecline·(1 − e^(−tenureDays/TenureDays)), clamped to [0,1].
func EngagementTarget(g *Engagement, payToGoing, monitoring, trainingDays, tenureDays float64) float64 {
	e := g.Base + g.PayWeight*(payToGoing-1) - g.MonitoringWeight*monitoring
	if g.ReferenceTrainingDays > 0 {
		e -= g.TrainingWeight * max(0, 1-trainingDays/g.ReferenceTrainingDays)
	}
	if g.TenureDays > 0 && tenureDays > 0 {
		e -= g.TenureDecline * -math.Expm1(-tenureDays/g.TenureDays)
	}
	return min(max(e, 0), 1)
}

// EngagementStep returns engagement after one day from e towards target.
func EngagementStep(g *Engagement, e, target float64) float64 {
	if g.AdjustDays <= 0 {
		return target
	}
	return e + (target-e)*-math.Expm1(-1/g.AdjustDays)
}

// EngagementHandleTimeFactor is the factor on handle time of an agent
// with engagement e: max(0.05, 1 − HandleTimeEffect·(e − Reference)).
func EngagementHandleTimeFactor(g *Engagement, e float64) float64 {
	return max(0.05, 1-g.HandleTimeEffect*(e-g.Reference))
}

// EngagementResolutionFactor is the factor on the chance of resolving a
// contact of an agent with engagement e: max(0, 1 + ResolutionEffect·
// (e − Reference)). Above 1 it can lift a resolution chance to 1, no further.
func EngagementResolutionFactor(g *Engagement, e float64) float64 {
	return max(0, 1+g.ResolutionEffect*(e-g.Reference))
}

// EngagementQuitFactor is the factor on the quit hazard of an agent with
// engagement e: e^(−QuitEffect·(e − Reference)).
func EngagementQuitFactor(g *Engagement, e float64) float64 {
	return math.Exp(-g.QuitEffect * (e - g.Reference))
}
