package model

import (
	"errors"
	"fmt"
	"math"
)

// Path is a quantity that changes on given days: Values[i] holds from
// Days[i] (days since the scenario start) until the next entry. After the
// last entry it is indexed by IndexRate every IndexEveryDays, if both are
// set (the Dutch minimum wage rises each 1 January and 1 July).
type Path struct {
	Days   []float64
	Values []float64
	// IndexEveryDays and IndexRate: after the last dated value, the value
	// is multiplied by (1 + IndexRate) every IndexEveryDays.
	IndexEveryDays float64
	IndexRate      float64
}

// ConstantPath returns a path that always has value v.
func ConstantPath(v float64) Path { return Path{Days: []float64{0}, Values: []float64{v}} }

// At returns the value in force on the given day (days since the start).
func (p *Path) At(day float64) float64 {
	i := 0
	for i+1 < len(p.Days) && p.Days[i+1] <= day {
		i++
	}
	v := p.Values[i]
	if i == len(p.Days)-1 && p.IndexEveryDays > 0 && p.IndexRate != 0 {
		steps := math.Floor((day - p.Days[i]) / p.IndexEveryDays)
		if steps > 0 {
			v *= math.Pow(1+p.IndexRate, steps)
		}
	}
	return v
}

func (p *Path) validate(positive bool) error {
	if len(p.Days) == 0 || len(p.Days) != len(p.Values) {
		return errors.New("a path needs one value per date, at least one")
	}
	for i := 1; i < len(p.Days); i++ {
		if !(p.Days[i] > p.Days[i-1]) {
			return errors.New("dates must increase")
		}
	}
	return nil
}

// WagePolicyKind names how a site sets its agents' hourly wage.
type WagePolicyKind uint8

const (
	// WageMinimum pays the minimum in force, tracking every indexation.
	WageMinimum WagePolicyKind = iota
	// WagePremium pays minimum × (1 + Premium).
	WagePremium
	// WageFixed pays FixedPerHour at the start, raised by AnnualRaise each
	// full year; lifted to the minimum when the minimum overtakes it.
	WageFixed
	// WageScale pays minimum × (1 + premium of the agent's tenure step).
	WageScale
)

// ScaleStep is one step of a tenure pay scale.
type ScaleStep struct {
	// FromTenureDays is the tenure at which the step starts.
	FromTenureDays float64
	// Premium over the minimum on this step (0.04 = minimum + 4%).
	Premium float64
}

// WagePolicy sets an agent's hourly wage in local currency.
type WagePolicy struct {
	Kind WagePolicyKind
	// Premium over the minimum (WagePremium), e.g. 0.0385 for WML + 3.85%.
	Premium float64
	// FixedPerHour is the starting hourly wage (WageFixed), local currency.
	FixedPerHour float64
	// AnnualRaise is the yearly raise of a fixed wage, e.g. 0.02.
	AnnualRaise float64
	// Scale steps by tenure (WageScale), ordered by FromTenureDays, the
	// first from 0.
	Scale []ScaleStep
	// Floor is a premium over the minimum below which no wage falls (a
	// sector floor set by Policy, e.g. 0.0385 for WML + 3.85%); 0: the
	// statutory minimum.
	Floor float64
}

// Wage returns the hourly wage in local currency of an agent with the given
// tenure on the given day, when the minimum in force is minimum, and
// whether the policy's own figure was below the minimum (or the floor) and
// was lifted to it.
func (p *WagePolicy) Wage(minimum, tenureDays, day float64) (wage float64, lifted bool) {
	switch p.Kind {
	case WageMinimum:
		wage = minimum
	case WagePremium:
		wage = minimum * (1 + p.Premium)
	case WageFixed:
		wage = p.FixedPerHour * math.Pow(1+p.AnnualRaise, math.Floor(day/DaysPerYear))
	case WageScale:
		prem := 0.0
		for _, s := range p.Scale {
			if tenureDays >= s.FromTenureDays {
				prem = s.Premium
			}
		}
		wage = minimum * (1 + prem)
	}
	if floor := minimum * (1 + p.Floor); wage < floor {
		return floor, true
	}
	return wage, false
}

// FXPath is the exchange rate of a site's currency: units of local currency
// per EUR. It follows Path (constant or dated values); with a drift, a
// volatility or a jump rate it is instead a monthly random walk from
// the first value (geometric, with drift and devaluation jumps), drawn anew
// in each replication.
type FXPath struct {
	Path
	// DriftPerYear is the expected yearly growth rate of local units per
	// EUR: E[rate] grows as e^(drift·t) (positive: the local currency
	// weakens); the expected log-change is drift − volatility²/2.
	DriftPerYear float64
	// VolatilityPerYear is the yearly standard deviation of the log-change.
	VolatilityPerYear float64
	// JumpProbabilityPerYear is the yearly rate of devaluation jumps.
	JumpProbabilityPerYear float64
	// JumpSize multiplies local units per EUR at a jump (0.5: 50% more SRD).
	JumpSize float64
}

// Start returns the rate on day 0: the dated value in force then (a
// random walk starts from it; earlier dates are its history).
func (f *FXPath) Start() float64 { return f.At(0) }

// Random reports whether the path is a random walk.
func (f *FXPath) Random() bool {
	return f.VolatilityPerYear > 0 || f.JumpProbabilityPerYear > 0 || f.DriftPerYear != 0
}

// FXStep advances a random-walk rate by dtYears given z, a standard normal
// draw, and whether a devaluation jump happened in the step:
// rate·exp((drift − vol²/2)·dt + vol·√dt·z)·(1 + jump size if jump).
func FXStep(f *FXPath, rate, dtYears, z float64, jump bool) float64 {
	v := f.VolatilityPerYear
	rate *= math.Exp((f.DriftPerYear-v*v/2)*dtYears + v*math.Sqrt(dtYears)*z)
	if jump {
		rate *= 1 + f.JumpSize
	}
	return rate
}

// Wages holds how a site pays its agents and what that costs in EUR.
type Wages struct {
	// Currency is the code of local currency ("EUR", "SRD").
	Currency string
	// MinimumPerHour is the statutory minimum wage path, local currency
	// per hour.
	MinimumPerHour Path
	Policy         WagePolicy
	// FX is local currency per EUR (1 for EUR).
	FX FXPath
	// OnCostRate are employer on-costs (holiday pay, social charges) as a
	// share of gross wages.
	OnCostRate float64
	// NightPremium is the extra share of the wage paid for hours in the
	// site's local night, between NightStartHour and NightEndHour.
	NightPremium   float64
	NightStartHour float64
	NightEndHour   float64
	// UTCOffsetHours is the site's offset from the client's local time
	// (Europe/Amsterdam), in hours: Paramaribo is −4 (−5 in Dutch summer
	// time; a fixed offset is used).
	UTCOffsetHours float64
	// MinimumTracksFX makes the minimum's indexation after its last dated
	// value follow the exchange rate's drift: each step multiplies it by
	// (1 + IndexRate) · e^(DriftPerYear · IndexEveryDays ÷ 365), so that
	// IndexRate is its real growth in EUR. A wage council that follows
	// prices follows, on average, a currency that loses value with them.
	MinimumTracksFX bool
}

// MinimumAt returns the minimum wage in force on the given day, local
// currency per hour (see MinimumTracksFX).
func (w *Wages) MinimumAt(day float64) float64 {
	if !w.MinimumTracksFX || w.FX.DriftPerYear == 0 || w.MinimumPerHour.IndexEveryDays == 0 {
		return w.MinimumPerHour.At(day)
	}
	p := w.MinimumPerHour
	p.IndexRate = (1+p.IndexRate)*math.Exp(w.FX.DriftPerYear*p.IndexEveryDays/DaysPerYear) - 1
	return p.At(day)
}

// WageIndexEUR is the wage index a wage-indexed price follows: what the
// policy pays an agent of one year's tenure on the given day when the
// minimum is minimum (local per hour), in EUR at fx local units per EUR.
func (w *Wages) WageIndexEUR(minimum, fx, day float64) float64 {
	wage, _ := w.Policy.Wage(minimum, DaysPerYear, day)
	return wage / fx
}

// IsNight reports whether the client-time hour of the week falls in the
// site's local night.
func (w *Wages) IsNight(clientHour float64) bool {
	h := math.Mod(clientHour+w.UTCOffsetHours, 24)
	if h < 0 {
		h += 24
	}
	s, e := w.NightStartHour, w.NightEndHour
	if s == e {
		return false
	}
	if s < e {
		return h >= s && h < e
	}
	return h >= s || h < e
}

func (w *Wages) validate() error {
	if err := w.MinimumPerHour.validate(true); err != nil {
		return fmt.Errorf("minimum wage: %w", err)
	}
	if err := w.FX.validate(true); err != nil {
		return fmt.Errorf("exchange rate: %w", err)
	}
	if f := &w.FX; f.Random() && f.Days[len(f.Days)-1] > 0 {
		return errors.New("exchange rate: a random walk takes dated values up to day 0 only (its history), then walks")
	}
	p := w.Policy
	switch p.Kind {
	case WageMinimum, WagePremium, WageFixed:
	case WageScale:
		if len(p.Scale) == 0 || p.Scale[0].FromTenureDays != 0 {
			return errors.New("a scale needs steps, the first from tenure 0")
		}
		for i := 1; i < len(p.Scale); i++ {
			if !(p.Scale[i].FromTenureDays > p.Scale[i-1].FromTenureDays) {
				return errors.New("scale steps must be ordered by tenure")
			}
		}
	default:
		return fmt.Errorf("unknown wage policy %d", p.Kind)
	}
	return nil
}
