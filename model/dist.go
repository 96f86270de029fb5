package model

import (
	"errors"
	"fmt"
	"math"
)

// DistKind names the family of a time distribution.
type DistKind uint8

const (
	// None is the absent distribution: an infinite time (no abandonment).
	None DistKind = iota
	// Exponential with the given mean.
	Exponential
	// Lognormal with the given mean and coefficient of variation.
	Lognormal
	// Deterministic: always exactly the mean.
	Deterministic
)

// String returns the scenario-file name of the kind.
func (k DistKind) String() string {
	switch k {
	case None:
		return "none"
	case Exponential:
		return "exponential"
	case Lognormal:
		return "lognormal"
	case Deterministic:
		return "deterministic"
	}
	return fmt.Sprintf("DistKind(%d)", k)
}

// ParseDistKind returns the kind with the given scenario-file name.
func ParseDistKind(s string) (DistKind, error) {
	for k := None; k <= Deterministic; k++ {
		if k.String() == s {
			return k, nil
		}
	}
	return None, fmt.Errorf("unknown distribution %q (want exponential, lognormal or deterministic)", s)
}

// Dist is a distribution of a duration in seconds, described by its family,
// its mean and (lognormal only) its coefficient of variation.
type Dist struct {
	Kind        DistKind
	MeanSeconds float64
	// CV is the coefficient of variation (sd ÷ mean), lognormal only.
	CV float64
}

// Exp returns an exponential distribution with the given mean in seconds.
func Exp(meanSeconds float64) Dist { return Dist{Kind: Exponential, MeanSeconds: meanSeconds} }

// Validate checks the kind (the range of the mean and cv is the scenarios
// schema's to check). allowNone says whether the absent distribution (an
// infinite time) is acceptable here.
func (d Dist) Validate(allowNone bool) error {
	if d.Kind == None {
		if allowNone {
			return nil
		}
		return errors.New("a distribution is required")
	}
	if d.Kind > Deterministic {
		return fmt.Errorf("unknown distribution kind %d", d.Kind)
	}
	return nil
}

// LognormalParams returns μ and σ of the underlying normal for a lognormal
// with the given mean and coefficient of variation:
// σ² = ln(1+cv²), μ = ln(mean) − σ²/2.
func LognormalParams(mean, cv float64) (mu, sigma float64) {
	s2 := math.Log1p(cv * cv)
	return math.Log(mean) - s2/2, math.Sqrt(s2)
}
