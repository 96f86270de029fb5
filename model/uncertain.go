package model

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// ParamKind names the family of a parameter distribution.
type ParamKind uint8

// Parameter distributions: uncertainty about the world, drawn once per
// replication (beside the randomness inside each replication).
const (
	ParamTriangular ParamKind = iota + 1 // Min, Mode, Max
	ParamUniform                         // Min, Max
	ParamNormal                          // Mean, SD; truncated to [Min, Max] when Bounded
	ParamLognormal                       // Mean, SD of the variable itself (not of its log)
	ParamBeta                            // Alpha, Beta, scaled to [Min, Max] (default [0,1])
)

// ParamDist is the distribution of an uncertain scalar parameter.
type ParamDist struct {
	Kind ParamKind
	// Min and Max bound triangular, uniform and beta, and a Bounded normal.
	Min, Max float64
	// Mode of a triangular distribution.
	Mode float64
	// Mean and SD of a normal or lognormal distribution.
	Mean, SD float64
	// Bounded truncates a normal distribution to [Min, Max].
	Bounded bool
	// Alpha and Beta are the shapes of a beta distribution.
	Alpha, Beta float64
	// Shared names a quantity that several parameters are: all with the
	// same name take one draw per replication (the national minimum wage's
	// indexation at every site of the country); "": none.
	Shared string
}

// Validate checks the parameters of the distribution.
func (d *ParamDist) Validate() error {
	finite := func(vs ...float64) bool {
		for _, v := range vs {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return false
			}
		}
		return true
	}
	switch d.Kind {
	case ParamTriangular:
		if !finite(d.Min, d.Mode, d.Max) || !(d.Min <= d.Mode && d.Mode <= d.Max && d.Min < d.Max) {
			return fmt.Errorf("triangular needs min <= mode <= max and min < max, got %g, %g, %g", d.Min, d.Mode, d.Max)
		}
	case ParamUniform, ParamBeta:
		if !finite(d.Min, d.Max) || !(d.Min < d.Max) {
			return fmt.Errorf("%s needs min < max, got %g, %g", d.Kind, d.Min, d.Max)
		}
		if d.Kind == ParamBeta && !(d.Alpha > 0 && d.Beta > 0 && finite(d.Alpha, d.Beta)) {
			return fmt.Errorf("beta needs alpha > 0 and beta > 0, got %g, %g", d.Alpha, d.Beta)
		}
	case ParamNormal:
		if !finite(d.Mean, d.SD) || !(d.SD > 0) {
			return fmt.Errorf("normal needs a finite mean and sd > 0, got %g, %g", d.Mean, d.SD)
		}
		if d.Bounded && (!finite(d.Min, d.Max) || !(d.Min < d.Max)) {
			return fmt.Errorf("normal bounds need min < max, got %g, %g", d.Min, d.Max)
		}
	case ParamLognormal:
		if !finite(d.Mean, d.SD) || !(d.Mean > 0 && d.SD > 0) {
			return fmt.Errorf("lognormal needs mean > 0 and sd > 0, got %g, %g", d.Mean, d.SD)
		}
	default:
		return errors.New("unknown parameter distribution")
	}
	return nil
}

// Support returns the smallest and largest value the distribution can draw
// (±Inf where unbounded).
func (d *ParamDist) Support() (lo, hi float64) {
	switch d.Kind {
	case ParamTriangular, ParamUniform, ParamBeta:
		return d.Min, d.Max
	case ParamNormal:
		if d.Bounded {
			return d.Min, d.Max
		}
		return math.Inf(-1), math.Inf(1)
	case ParamLognormal:
		return 0, math.Inf(1)
	}
	return math.NaN(), math.NaN()
}

// ExpectedValue returns the distribution's expected value (for a bounded normal, the
// untruncated mean).
func (d *ParamDist) ExpectedValue() float64 {
	switch d.Kind {
	case ParamTriangular:
		return (d.Min + d.Mode + d.Max) / 3
	case ParamUniform:
		return (d.Min + d.Max) / 2
	case ParamNormal, ParamLognormal:
		return d.Mean
	case ParamBeta:
		return d.Min + (d.Max-d.Min)*d.Alpha/(d.Alpha+d.Beta)
	}
	return math.NaN()
}

// Sample draws one value from src; a bounded normal is drawn by rejection
// (falling back to clamping after 1000 tries far in the tails).
func (d *ParamDist) Sample(src rand.Source) float64 {
	switch d.Kind {
	case ParamTriangular:
		return distuv.NewTriangle(d.Min, d.Max, d.Mode, src).Rand()
	case ParamUniform:
		return distuv.Uniform{Min: d.Min, Max: d.Max, Src: src}.Rand()
	case ParamNormal:
		n := distuv.Normal{Mu: d.Mean, Sigma: d.SD, Src: src}
		if !d.Bounded {
			return n.Rand()
		}
		for range 1000 {
			if v := n.Rand(); v >= d.Min && v <= d.Max {
				return v
			}
		}
		return min(max(d.Mean, d.Min), d.Max)
	case ParamLognormal:
		mu, sigma := LognormalParams(d.Mean, d.SD/d.Mean)
		return distuv.LogNormal{Mu: mu, Sigma: sigma, Src: src}.Rand()
	case ParamBeta:
		return d.Min + (d.Max-d.Min)*distuv.Beta{Alpha: d.Alpha, Beta: d.Beta, Src: src}.Rand()
	}
	return math.NaN()
}

// Uncertain is one scalar parameter of a scenario given as a distribution:
// each replication draws a value and applies it to its own copy of the
// scenario.
type Uncertain struct {
	// Key is the parameter's path in the scenario file, e.g.
	// "sites[1].workforce.attrition.base_annual".
	Key string
	// Also are the paths of the other keys that take the same draw (a
	// Shared distribution).
	Also []string
	Dist ParamDist
	// Apply sets the parameter to v in sc (a clone owned by one
	// replication). It is built by whoever decoded the key.
	Apply func(sc *Scenario, v float64) `json:"-"`
}

// SweepValue records the value a sweep gave one key of a scenario variant.
type SweepValue struct {
	Key   string
	Value float64
	// Label names the key for a reader ("premium (SR wages)"); Unit and
	// Doc are its unit and meaning in the scenario format's reference.
	Label, Unit, Doc string
	// Base is the key's value before the sweep (in the file, or its
	// default), when HasBase.
	Base    float64
	HasBase bool
}

// Clone returns a deep copy of the scenario: a replication may change the
// copy's parameters without touching the original or other replications.
func (s *Scenario) Clone() *Scenario {
	c := *s
	c.Demand.Arrivals.PerHour = slices.Clone(s.Demand.Arrivals.PerHour)
	c.Demand.ContactTypes = slices.Clone(s.Demand.ContactTypes)
	c.Sites = slices.Clone(s.Sites)
	for i := range c.Sites {
		site := &c.Sites[i]
		site.Staffing.Agents = slices.Clone(site.Staffing.Agents)
		site.HandleTime = slices.Clone(site.HandleTime)
		if w := site.Workforce; w != nil {
			wc := *w
			wc.Wages.MinimumPerHour.Days = slices.Clone(w.Wages.MinimumPerHour.Days)
			wc.Wages.MinimumPerHour.Values = slices.Clone(w.Wages.MinimumPerHour.Values)
			wc.Wages.FX.Days = slices.Clone(w.Wages.FX.Days)
			wc.Wages.FX.Values = slices.Clone(w.Wages.FX.Values)
			wc.Wages.Policy.Scale = slices.Clone(w.Wages.Policy.Scale)
			site.Workforce = &wc
		}
	}
	c.Routing.ByType = slices.Clone(s.Routing.ByType)
	for i := range c.Routing.ByType {
		r := &c.Routing.ByType[i]
		r.Sites = slices.Clone(r.Sites)
		r.Shares = slices.Clone(r.Shares)
		r.OverflowQueue = slices.Clone(r.OverflowQueue)
		r.DelaySeconds = slices.Clone(r.DelaySeconds)
	}
	if t := s.Tender; t != nil {
		tc := *t
		tc.Bidders = slices.Clone(t.Bidders)
		for i := range tc.Bidders {
			b := &tc.Bidders[i]
			b.Sites = slices.Clone(b.Sites)
			b.Shares = slices.Clone(b.Shares)
			b.DelaySeconds = slices.Clone(b.DelaySeconds)
			b.Levers = slices.Clone(b.Levers)
		}
		c.Tender = &tc
	}
	c.LabourPools = slices.Clone(s.LabourPools)
	c.Uncertain = slices.Clone(s.Uncertain)
	c.Sweep = slices.Clone(s.Sweep)
	return &c
}

// Draw returns the replication's own scenario: a clone with every
// uncertain parameter drawn from src and applied, and the drawn values in
// the order of s.Uncertain. Without uncertain parameters it returns s.
func (s *Scenario) Draw(src rand.Source) (*Scenario, []float64) {
	if len(s.Uncertain) == 0 {
		return s, nil
	}
	c := s.Clone()
	values := make([]float64, len(s.Uncertain))
	for i := range s.Uncertain {
		u := &s.Uncertain[i]
		values[i] = u.Dist.Sample(src)
		if u.Apply != nil {
			u.Apply(c, values[i])
		}
	}
	c.Uncertain = nil
	return c, values
}
