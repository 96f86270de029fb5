package optimize

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
)

// ContinuousIntervals is the number of equal intervals a continuous variable
// (Step 0) is searched on: its designs are From + k·(To−From)/1024.
const ContinuousIntervals = 1024

// MaxGridPoints bounds the values of one stepped variable.
const MaxGridPoints = 1_000_000

// MinFirstStage is the fewest replications per candidate of the final
// stage's first stage, from which the variances of its tests are estimated
// (Student t with MinFirstStage−1 degrees of freedom or more).
const MinFirstStage = 10

// MinBudget is the smallest BudgetReplications Validate accepts: one design
// evaluated by the final stage, MinFirstStage replications to estimate its
// variances and as many again, on fresh replications, to test it.
const MinBudget = 2 * MinFirstStage

// MaxBudget is the largest BudgetReplications Validate accepts.
const MaxBudget = 10_000_000

// ErrInvalidProblem is wrapped by every error of Problem.Validate.
var ErrInvalidProblem = errors.New("invalid optimisation problem")

// Variable is one design variable: a scenario key in the sweep key syntax
// and the range searched, in the unit of the key.
type Variable struct {
	// Key names the scenario parameter, e.g. "sites.NL.agents".
	Key string
	// From and To bound the range, inclusive, in the key's unit; From < To.
	From, To float64
	// Step is the grid step in the key's unit: the values are From,
	// From+Step, … up to To (inclusive within 1e-9, as sweeps expand a
	// range). 1 for a count such as agents; 0 for a continuous variable,
	// searched on ContinuousIntervals equal intervals.
	Step float64
}

// Constraint bounds the mean of one metric: Min ≤ mean and/or mean ≤ Max,
// in the metric's unit.
type Constraint struct {
	// Metric is a name of Problem.Metrics, e.g. "service_level".
	Metric string
	// Min is the lower bound of the mean when HasMin.
	Min    float64
	HasMin bool
	// Max is the upper bound of the mean when HasMax.
	Max    float64
	HasMax bool
	// Tolerance is the target ε ≥ 0 of the guarantee, in the metric's unit:
	// a candidate meeting the constraint by at least ε must not be missed
	// (see Guarantee). 0 sets no target: the final stage spends the budget
	// and reports the tolerance it achieved.
	Tolerance float64
}

// Problem is a simulation optimisation problem: minimise the mean of a
// metric (or a design variable) over a box of variables, subject to bounds
// on the means of metrics, spending at most BudgetReplications replications.
type Problem struct {
	// Variables span the design space; a design holds one value per
	// variable, in this order.
	Variables []Variable
	// Metrics names the columns of the rows an Evaluator returns, e.g. all
	// summary metrics of a run. Empty means the objective (when a metric)
	// followed by the constrained metrics, in order of first mention.
	Metrics []string
	// Minimize is the objective: a metric name or the Key of a variable.
	// A variable is known exactly; a metric is estimated from replications.
	Minimize string
	// Constraints bound metric means; all must hold.
	Constraints []Constraint
	// BudgetReplications is the total number of replications Run may
	// request, over all designs and stages; MinBudget to MaxBudget.
	BudgetReplications int
	// Confidence is the probability, in (0,1), with which the guarantee of
	// the returned design holds (feasibility and indifference zone jointly).
	Confidence float64
	// IndifferenceZone is the target δ ≥ 0 of the guarantee, in the
	// objective's unit: the returned design's objective mean is at most δ
	// above the best candidate's. 0 sets no target: the final stage spends
	// the budget and reports the δ it achieved. Ignored when the objective
	// is a variable (it is then exact, δ = 0).
	IndifferenceZone float64
}

// Validate checks the problem before any replication is run: non-empty,
// unique variable keys with From < To, a Step of 0 or in (0, To−From]; an
// objective naming a metric or a variable; constraints on known metrics with
// at least one bound, Min ≤ Max and tolerances ≥ 0; a Confidence in (0,1);
// an IndifferenceZone ≥ 0; and a budget of MinBudget to MaxBudget
// replications.
// Every error wraps ErrInvalidProblem and names the offending key.
func (p Problem) Validate() error {
	var errs []error
	bad := func(format string, a ...any) {
		errs = append(errs, fmt.Errorf("%w: "+format, append([]any{ErrInvalidProblem}, a...)...))
	}
	if len(p.Variables) == 0 {
		bad("no variables to optimise")
	}
	keys := map[string]bool{}
	for _, v := range p.Variables {
		if err := v.validate(); err != nil {
			errs = append(errs, err)
		}
		if keys[v.Key] {
			bad("variable %q given twice", v.Key)
		}
		keys[v.Key] = true
	}
	metrics := p.metricNames()
	known := map[string]bool{}
	for _, m := range metrics {
		if m == "" {
			bad("empty metric name")
		}
		if known[m] {
			bad("metric %q listed twice", m)
		}
		known[m] = true
	}
	switch {
	case p.Minimize == "":
		bad("minimize: no objective given")
	case !known[p.Minimize] && !keys[p.Minimize]:
		bad("minimize: %q is neither a metric nor a variable", p.Minimize)
	}
	for _, c := range p.Constraints {
		if err := c.validate(known, keys); err != nil {
			errs = append(errs, err)
		}
	}
	if !(p.Confidence > 0 && p.Confidence < 1) {
		bad("confidence must be in (0,1), got %g", p.Confidence)
	}
	if !(p.IndifferenceZone >= 0) || math.IsInf(p.IndifferenceZone, 1) {
		bad("indifference_zone must be finite and >= 0, got %g", p.IndifferenceZone)
	}
	if p.BudgetReplications > MaxBudget {
		bad("budget_replications %d is above the limit of %d", p.BudgetReplications, MaxBudget)
	}
	if p.BudgetReplications < MinBudget {
		bad("budget_replications %d is too small to evaluate even one design: at least %d (%d replications to estimate its variance, %d more to test it)",
			p.BudgetReplications, MinBudget, MinFirstStage, MinBudget-MinFirstStage)
	}
	return errors.Join(errs...)
}

func (v Variable) validate() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: variable %q: "+format, append([]any{ErrInvalidProblem, v.Key}, a...)...)
	}
	switch {
	case v.Key == "":
		return fmt.Errorf("%w: variable with an empty key", ErrInvalidProblem)
	case math.IsNaN(v.From) || math.IsInf(v.From, 0) || math.IsNaN(v.To) || math.IsInf(v.To, 0):
		return bad("from and to must be finite, got %g and %g", v.From, v.To)
	case !(v.From < v.To):
		return bad("empty range: from %g must be below to %g (a fixed value belongs in the scenario)", v.From, v.To)
	case math.IsNaN(v.Step) || v.Step < 0 || math.IsInf(v.Step, 1):
		return bad("step must be 0 (continuous) or positive, got %g", v.Step)
	case v.Step > v.To-v.From:
		return bad("step %g is larger than the range %g..%g: only from would be searched", v.Step, v.From, v.To)
	case v.Step > 0 && math.Floor((v.To-v.From)/v.Step+1e-9)+1 > MaxGridPoints:
		return bad("makes %.4g values (from %g to %g by %g), at most %d", math.Floor((v.To-v.From)/v.Step+1e-9)+1, v.From, v.To, v.Step, MaxGridPoints)
	}
	return nil
}

func (c Constraint) validate(metrics, variables map[string]bool) error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: constraint %q: "+format, append([]any{ErrInvalidProblem, c.Metric}, a...)...)
	}
	switch {
	case c.Metric == "":
		return fmt.Errorf("%w: constraint with an empty metric name", ErrInvalidProblem)
	case variables[c.Metric] && !metrics[c.Metric]:
		return bad("is a variable: bound it by its range instead")
	case !metrics[c.Metric]:
		return bad("unknown metric")
	case !c.HasMin && !c.HasMax:
		return bad("needs min or max")
	case c.HasMin && (math.IsNaN(c.Min) || math.IsInf(c.Min, 0)):
		return bad("min must be finite, got %g", c.Min)
	case c.HasMax && (math.IsNaN(c.Max) || math.IsInf(c.Max, 0)):
		return bad("max must be finite, got %g", c.Max)
	case c.HasMin && c.HasMax && c.Min > c.Max:
		return bad("min %g is above max %g", c.Min, c.Max)
	case !(c.Tolerance >= 0) || math.IsInf(c.Tolerance, 1):
		return bad("tolerance must be finite and >= 0, got %g", c.Tolerance)
	}
	return nil
}

// metricNames returns Metrics, or when it is empty the objective (if a
// metric) and the constrained metrics in order of first mention.
func (p *Problem) metricNames() []string {
	if len(p.Metrics) > 0 {
		return p.Metrics
	}
	var names []string
	add := func(m string) {
		if m != "" && !slices.Contains(names, m) {
			names = append(names, m)
		}
	}
	if p.variableIndex(p.Minimize) < 0 {
		add(p.Minimize)
	}
	for _, c := range p.Constraints {
		add(c.Metric)
	}
	return names
}

// variableIndex returns the index of the variable with the key, or −1.
func (p *Problem) variableIndex(key string) int {
	return slices.IndexFunc(p.Variables, func(v Variable) bool { return v.Key == key })
}

// points returns the number of grid values of the variable.
func (v Variable) points() int {
	if v.Step == 0 {
		return ContinuousIntervals + 1
	}
	return int(math.Floor((v.To-v.From)/v.Step+1e-9)) + 1
}

// value returns grid value k of the variable, rounded to 12 significant
// digits as sweeps round theirs, and exactly To when within 1e-9 of it.
func (v Variable) value(k int) float64 {
	step := v.Step
	if step == 0 {
		step = (v.To - v.From) / ContinuousIntervals
	}
	x := v.From + float64(k)*step
	if math.Abs(x) < 1e-9*step {
		x = 0
	}
	x, _ = strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	if math.Abs(x-v.To) <= 1e-9 {
		x = v.To
	}
	return x
}

// bound is one side of a constraint, as a slack that must be ≥ 0 in mean:
// value − limit for a minimum, limit − value for a maximum.
type bound struct {
	metric    string
	col       int // column in the evaluator's rows
	limit     float64
	upper     bool
	tolerance float64
}

func (b bound) slack(x float64) float64 {
	if b.upper {
		return b.limit - x
	}
	return x - b.limit
}

// bounds lists the sides of every constraint, minimum before maximum.
func (p *Problem) bounds() []bound {
	metrics := p.metricNames()
	var out []bound
	for _, c := range p.Constraints {
		col := slices.Index(metrics, c.Metric)
		if c.HasMin {
			out = append(out, bound{metric: c.Metric, col: col, limit: c.Min, tolerance: c.Tolerance})
		}
		if c.HasMax {
			out = append(out, bound{metric: c.Metric, col: col, limit: c.Max, upper: true, tolerance: c.Tolerance})
		}
	}
	return out
}
