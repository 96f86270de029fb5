package model

import (
	"fmt"
	"math"
)

// Customers holds what happens to a customer's issue (a journey of one or
// more contacts) and how its outcome feels and costs.
type Customers struct {
	// RepeatProbability is the chance that a customer whose contact did
	// not resolve the issue contacts again (else the customer gives up).
	RepeatProbability float64
	// RepeatDelay is the time from an unresolved contact to the repeat
	// contact, in seconds (typically days).
	RepeatDelay Dist
	// MaxContacts ends a journey unresolved after this many contacts;
	// 0 means no limit.
	MaxContacts  int
	Satisfaction Satisfaction
	Churn        Churn
	// LifetimeValueEUR is the value lost when a customer churns.
	LifetimeValueEUR float64
}

// Satisfaction holds the parameters of JourneySatisfaction: a journey's
// satisfaction score in [0,1] (the share of customers who would rate it
// satisfied).
type Satisfaction struct {
	// Base is the score of a journey resolved at the first contact with no
	// wait, by a native speaker.
	Base float64
	// RepeatFactor multiplies the score for each contact after the first
	// (0.85: −15% per extra call, SQM Group).
	RepeatFactor float64
	// UnresolvedFactor multiplies the score of an unresolved journey.
	UnresolvedFactor float64
	// WaitPenaltyPerMinute is subtracted per minute of total wait.
	WaitPenaltyPerMinute float64
	// LanguagePenalty × (1 − mean language fit of the journey's contacts)
	// is subtracted.
	LanguagePenalty float64
}

// JourneySatisfaction returns the satisfaction score in [0,1] of a journey
// with the given number of contacts, total wait in seconds, outcome and mean
// language fit of the agents who handled it:
// Base·RepeatFactor^(contacts−1)·(UnresolvedFactor if unresolved)
// − WaitPenaltyPerMinute·wait/60 − LanguagePenalty·(1 − fit), clamped.
func JourneySatisfaction(p *Satisfaction, contacts int, waitSeconds float64, resolved bool, languageFit float64) float64 {
	s := p.Base
	if contacts > 1 { // a power of 0 is 1: most journeys need no math.Pow
		s *= math.Pow(p.RepeatFactor, float64(contacts-1))
	}
	if !resolved {
		s *= p.UnresolvedFactor
	}
	s -= p.WaitPenaltyPerMinute * waitSeconds / 60
	s -= p.LanguagePenalty * (1 - languageFit)
	return min(max(s, 0), 1)
}

// Churn holds the parameters of ChurnProbability.
type Churn struct {
	// Resolved is the chance that a customer whose issue was resolved
	// leaves because of the journey.
	Resolved float64
	// UnresolvedFactor multiplies it for an unresolved journey (SQM Group:
	// unresolved customers are 5× more likely to leave).
	UnresolvedFactor float64
	// DissatisfactionFactor: × (1 + f·(1 − satisfaction)).
	DissatisfactionFactor float64
}

// ChurnProbability returns the chance that a journey's customer leaves:
// Resolved·(UnresolvedFactor if unresolved)·(1 + f·(1 − satisfaction)),
// at most 1.
func ChurnProbability(p *Churn, resolved bool, satisfaction float64) float64 {
	q := p.Resolved
	if !resolved {
		q *= p.UnresolvedFactor
	}
	q *= 1 + p.DissatisfactionFactor*(1-satisfaction)
	return min(max(q, 0), 1)
}

// Incidents are media storms or outages that multiply arrivals for some
// days.
type Incidents struct {
	// ProbabilityPerMonth that an incident starts in a given month.
	ProbabilityPerMonth float64
	// Multiplier of the arrival rate during an incident.
	Multiplier float64
	// Days an incident lasts.
	Days int
}

func (c *Customers) validate() error {
	if c.RepeatProbability > 0 {
		if err := c.RepeatDelay.Validate(false); err != nil {
			return fmt.Errorf("repeat delay: %w", err)
		}
	}
	return nil
}
