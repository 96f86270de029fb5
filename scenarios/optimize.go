package scenarios

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	sch "offsim/internal/tomlschema"
	"offsim/internal/tomlx"
	"offsim/model"
	"offsim/optimize"
)

// A top-level [optimize] table turns a scenario file into a design
// question that offsim optimize answers:
//
//	[optimize]
//	minimize = "cost_total_eur"
//	budget_replications = 4000
//	confidence = 0.95
//	[optimize.variables]
//	"routing.by_type.simple.shares.SR" = { from = 0, to = 1, step = 0.05 }
//	"sites.NL.agents" = { from = 20, to = 120, step = 1 }
//	[optimize.constraints]
//	service_level = { min = 0.80 }
//
// The file without the table is a complete scenario, the starting point
// (offsim run and offsim validate read it so); each variable names a key
// in the sweep key syntax, and a design is the file's tree with every
// variable set, decoded as any file, exactly as a sweep's variants are.
// Variables and constraints keep the order of the file.

// optimizeFixed says why no number of [optimize] may be a distribution.
const optimizeFixed = "the optimisation problem is the same in every replication"

// optimizeSpec is the Go value the [optimize] table decodes into.
type optimizeSpec struct {
	optimize.Problem
	vars []*designVar
}

var optimizeSchema = &schema{Fixed: optimizeFixed, Check: checkMinimize, Keys: []*key{
	{Name: "minimize", Unit: "string", Req: true, Rngs: "a metric of summary.json (a total), or a key of `variables`",
		Doc: "the objective: the mean of a metric, or the value of a variable (known exactly), is minimised",
		At:  sch.Field(func(o *optimizeSpec) *string { return &o.Minimize }), Val: decodeMinimize},
	{Name: "budget_replications", Unit: "integer", Req: true, B: sch.Ints(optimize.MinBudget, optimize.MaxBudget),
		Doc: "replications the whole search may run, over every design and stage (each as long as `[run]`'s horizon; `[run]` replications is not used)",
		At:  sch.Field(func(o *optimizeSpec) *int { return &o.BudgetReplications }), Val: decodeBudget},
	{Name: "confidence", Unit: "fraction", Def: 0.95, B: bounds{Hi: 1, LoOpen: true, HiOpen: true, What: "must be in (0, 1)"},
		Doc: "the probability with which the returned design meets every constraint (and lies within the indifference zone)",
		At:  sch.Field(func(o *optimizeSpec) *float64 { return &o.Confidence })},
	{Name: "indifference_zone", Unit: "the objective's unit", B: sch.NonNeg(maxMoney), Defs: "0: no target; the zone achieved is reported",
		Doc: "δ: the returned design's objective may be at most this above the best candidate's (sizes the final stage)",
		At:  sch.Field(func(o *optimizeSpec) *float64 { return &o.IndifferenceZone })},
	{Name: "variables", Unit: "table `{ \"<key path>\" = { from, to, step } }`", Req: true, Rngs: "1–32 keys; a share takes its route's other shares along",
		Doc: "the keys to choose and their ranges ([below](#optimizevariables))", Dec: decodeVariables},
	{Name: "constraints", Unit: "table `{ <metric> = { min, max, tolerance } }`", Defs: "none",
		Doc: "bounds on the means of total metrics ([below](#optimizeconstraints))", Dec: decodeConstraints},
}}

// optimizeVariableSchema is a variable's range (decoded by variableRange).
var optimizeVariableSchema = &schema{Keys: []*key{
	{Name: "from", Unit: "the key's unit", Defs: "required", Doc: "the smallest value searched..."},
	{Name: "to", Unit: "the key's unit", Defs: "required", Rngs: "> `from`", Doc: "...the largest (included within 1e-9)..."},
	{Name: "step", Unit: "the key's unit", Defs: "none: continuous, searched on 1,024 equal intervals", Rngs: "> 0, at most `to` − `from`; a whole number for an integer key", Doc: "...on this grid"},
}}

// optimizeConstraintSchema is a constraint's bounds.
var optimizeConstraintSchema = &schema{Fixed: sch.PlainOnly, Check: checkConstraint, Keys: []*key{
	{Name: "min", Unit: "the metric's unit", Defs: "one of `min`, `max` or both", Rngs: "<= `max`", B: sch.AnyNumber(0, 0), Doc: "the metric's mean must be at least this...",
		At: sch.Field(func(c *optimize.Constraint) *float64 { return &c.Min })},
	{Name: "max", Unit: "the metric's unit", Defs: "one of `min`, `max` or both", B: sch.AnyNumber(0, 0), Doc: "...and at most this",
		At: sch.Field(func(c *optimize.Constraint) *float64 { return &c.Max })},
	{Name: "tolerance", Unit: "the metric's unit", Defs: "0: no target; the tolerance achieved is reported", Rngs: ">= 0", B: sch.NonNeg(0),
		Doc: "ε: a candidate meeting the bound by at least this must not be missed (sizes the final stage)",
		At:  sch.Field(func(c *optimize.Constraint) *float64 { return &c.Tolerance })},
}}

// Limits of an optimisation: its variables and their designs' names.
const maxDesignVariables = 32

// designVar is one variable of an optimisation: a swept key (its axis) and
// its range. A share of a route takes the route's other shares along.
type designVar struct {
	*axis
	v optimize.Variable
	// share marks a share of a route; others are the route's other sites,
	// weights their shares in the file.
	share   bool
	others  []string
	weights []float64
}

// set puts value x of the variable into the tree, and 1 − x into the
// other shares of its route: all of it to the other site of a two-site
// route, split in the proportions of the file among several (equally when
// the file gives them all 0).
func (v *designVar) set(x float64) {
	v.axis.set(x)
	if len(v.others) == 0 {
		return
	}
	rest := 1 - x
	var sum float64
	for _, w := range v.weights {
		sum += w
	}
	for i, o := range v.others {
		s := rest / float64(len(v.others))
		if sum > 0 {
			s = rest * v.weights[i] / sum
		}
		v.table[o] = tomlNumber(round12(s))
	}
}

// decodeMinimize decodes minimize: a string (checkMinimize checks what it
// names once the variables are known).
func decodeMinimize(d *decoder, p keyPath, v any, dst any, _ place) {
	if s, ok := d.Str(p, v); ok {
		dst.(*optimizeSpec).Minimize = s
	}
}

// decodeBudget decodes budget_replications, saying why a small one is too
// small.
func decodeBudget(d *decoder, p keyPath, v any, dst any, _ place) {
	n, ok := v.(int64)
	switch {
	case !ok:
		d.Errorf(p, "must be an integer (replications), got %s", tomlx.Describe(v))
	case n < optimize.MinBudget:
		d.Errorf(p, "must be at least %d, got %d: too small to evaluate even one design (%d replications to estimate its variance, %d more on fresh replications to test it)",
			optimize.MinBudget, n, optimize.MinFirstStage, optimize.MinBudget-optimize.MinFirstStage)
	case n > optimize.MaxBudget:
		d.Errorf(p, "must be at most %d, got %d", optimize.MaxBudget, n)
	default:
		dst.(*optimizeSpec).BudgetReplications = int(n)
	}
}

// decodeVariables decodes [optimize.variables]: each entry a key path and
// its range, in the order of the file.
func decodeVariables(d *decoder, t *table, dst any, _ place) bool {
	v, p, ok := t.Get("variables")
	if !ok {
		d.Errorf(p, `required key is missing (name the keys to choose, e.g. [optimize.variables] "sites.NL.agents" = { from = 20, to = 120, step = 1 })`)
		return true
	}
	vt, ok := d.Table(p, v)
	if !ok {
		return true
	}
	spec := dst.(*optimizeSpec)
	d.entries(vt, "", func(name string, kp keyPath, v any) {
		m, isTable := v.(map[string]any)
		if !isTable {
			d.Errorf(kp, "must be a range { from, to, step } (or { from, to } for a continuous key), got %s", tomlx.Describe(v))
		} else if r, ok := d.variableRange(&table{Path: kp, M: m}, name); ok {
			spec.vars = append(spec.vars, &designVar{axis: &axis{key: name, entry: kp}, v: r})
		}
	})
	switch {
	case len(spec.vars) == 0 && !d.Bad[p] && !d.BadUnder(p):
		d.Errorf(p, "must name at least one key to choose")
	case len(spec.vars) > maxDesignVariables:
		d.Errorf(p, "names %d keys, at most %d", len(spec.vars), maxDesignVariables)
		spec.vars = nil
	}
	order := d.entryOrder()
	slices.SortStableFunc(spec.vars, func(a, b *designVar) int { return order(a.entry, b.entry) })
	return true
}

// variableRange decodes { from, to, step } or { from, to }.
func (d *decoder) variableRange(t *table, key string) (optimize.Variable, bool) {
	defer d.Done(t)
	if _, p, has := t.Get("values"); has {
		d.Errorf(p, "an optimisation variable takes a range { from, to, step } (or { from, to } for a continuous key), not a list of values (a [sweep] runs given values)")
		return optimize.Variable{}, false
	}
	r, ok := d.fromToStep(t, true)
	if !ok {
		return optimize.Variable{}, false
	}
	_, stepped := t.M["step"]
	from, to, step := r[0], r[1], r[2]
	switch {
	case !(to > from):
		d.Errorf(t.Path.Key("to"), "must be above from (%s), got %s: an empty range (a fixed value belongs in the scenario)", sch.Num(from), sch.Num(to))
	case stepped && !(step > 0):
		d.Errorf(t.Path.Key("step"), "must be positive, got %s (leave step out for a continuous key)", sch.Num(step))
	case stepped && step > to-from:
		d.Errorf(t.Path.Key("step"), "is larger than the range %s to %s: only from would be searched", sch.Num(from), sch.Num(to))
	case stepped && gridCount(from, to, step) > optimize.MaxGridPoints:
		d.Errorf(t.Path, "makes %.4g values (from %s to %s by %s), at most %d", gridCount(from, to, step), sch.Num(from), sch.Num(to), sch.Num(step), optimize.MaxGridPoints)
	default:
		return optimize.Variable{Key: key, From: from, To: to, Step: step}, true
	}
	return optimize.Variable{}, false
}

// decodeConstraints decodes [optimize.constraints]: each entry a total
// metric and its bounds, in the order of the file.
func decodeConstraints(d *decoder, t *table, dst any, _ place) bool {
	v, p, ok := t.Get("constraints")
	if !ok {
		return true
	}
	ct, ok := d.Table(p, v)
	if !ok {
		return true
	}
	spec := dst.(*optimizeSpec)
	metrics := model.MetricNames()
	for _, name := range sch.SortedKeys(ct.M) {
		cv, cp, _ := ct.Get(name)
		switch {
		case slices.ContainsFunc(spec.vars, func(v *designVar) bool { return v.key == name }):
			d.Errorf(cp, "is a variable: bound it by its range instead")
			continue
		case !slices.Contains(metrics, name):
			d.Errorf(cp, "unknown metric %q%s", name, tomlx.Suggest(name, metrics))
			continue
		}
		m, isTable := cv.(map[string]any)
		if !isTable {
			d.Errorf(cp, "must be a table of bounds { min = ..., max = ... }, got %s", tomlx.Describe(cv))
			continue
		}
		spec.Constraints = append(spec.Constraints, optimize.Constraint{Metric: name})
		d.DecodeTable(&table{Path: cp, M: m}, optimizeConstraintSchema, &spec.Constraints[len(spec.Constraints)-1], nil)
	}
	order := d.entryOrder()
	slices.SortStableFunc(spec.Constraints, func(a, b optimize.Constraint) int {
		return order(ct.Path.Key(a.Metric), ct.Path.Key(b.Metric))
	})
	return true
}

// checkConstraint checks that a constraint has a bound, and that its
// bounds are in order.
func checkConstraint(d *decoder, t *table, dst any, _ place) {
	c := dst.(*optimize.Constraint)
	_, c.HasMin = t.M["min"]
	_, c.HasMax = t.M["max"]
	switch {
	case d.BadUnder(t.Path):
	case !c.HasMin && !c.HasMax:
		d.Errorf(t.Path, "needs min, max or both")
	case c.HasMin && c.HasMax && c.Min > c.Max:
		d.Errorf(t.Path.Key("max"), "must be at least min (%s), got %s", sch.Num(c.Min), sch.Num(c.Max))
	}
}

// checkMinimize checks that minimize names a total metric or a variable.
func checkMinimize(d *decoder, t *table, dst any, _ place) {
	spec := dst.(*optimizeSpec)
	p := t.Path.Key("minimize")
	if spec.Minimize == "" || d.Bad[p] {
		return
	}
	var keys []string
	for _, v := range spec.vars {
		keys = append(keys, v.key)
	}
	metrics := model.MetricNames()
	if !slices.Contains(metrics, spec.Minimize) && !slices.Contains(keys, spec.Minimize) {
		d.Errorf(p, "%q is neither a metric nor a variable%s", spec.Minimize, tomlx.Suggest(spec.Minimize, append(keys, metrics...)))
	}
}

// Optimization is a scenario file with an [optimize] table: the problem it
// states and the scenario of every design. Design may be called from
// several goroutines.
type Optimization struct {
	// Problem is the [optimize] table: its variables and constraints in
	// the order of the file, Metrics every total metric
	// (model.MetricNames), in that order.
	Problem optimize.Problem
	// Base is the scenario as the file gives it (what offsim run runs).
	Base *model.Scenario

	mu   sync.Mutex
	tree map[string]any
	loc  *locator
	vars []*designVar
}

// LoadOptimization reads the scenario file at pathOrName (or the built-in
// of that name, as Load) with its [optimize] table. Every problem of the
// table is reported as Parse reports a file's, with file, key and line;
// designs at the corners of the ranges (and, for a variable with
// fractional steps, at its first fractional value) are decoded too, so
// that a range a key does not allow is reported before anything runs.
func LoadOptimization(pathOrName string) (*Optimization, error) {
	top, err := loadSource(pathOrName)
	if err != nil {
		return nil, err
	}
	return parseOptimization(top)
}

// ParseOptimization is LoadOptimization of a file's contents.
func ParseOptimization(file string, data []byte) (*Optimization, error) {
	return parseOptimization(fileSource(file, data))
}

func parseOptimization(top *srcFile) (*Optimization, error) {
	return guard(top, func(tree map[string]any, loc *locator) (*Optimization, error) {
		o, ok, err := optimizationOf(tree, loc)
		if !ok {
			return nil, ErrorList{{File: top.Name, Msg: "no [optimize] table: offsim optimize needs one (minimize, budget_replications, variables, constraints), see scenarios/README.md#optimisation"}}
		}
		return o, err
	})
}

// optimizationOf takes the [optimize] table out of a resolved tree and
// decodes the optimisation it asks (ok false when there is none). A file
// with [optimize] cannot have a [sweep].
func optimizationOf(tree map[string]any, loc *locator) (o *Optimization, ok bool, err error) {
	ov, ok := tree["optimize"]
	if !ok {
		return nil, false, nil
	}
	delete(tree, "optimize")
	if _, hasSweep := tree["sweep"]; hasSweep {
		d := newDecoder(loc)
		d.Errorf("sweep", "a file with [optimize] cannot have a [sweep]: the optimisation chooses the values itself")
		return nil, true, d.Errs
	}
	o, err = newOptimization(tree, loc, ov)
	return o, true, err
}

// newOptimization decodes the scenario (tree, without its [optimize]
// table) and the optimisation table ov, then the designs at the corners.
func newOptimization(tree map[string]any, loc *locator, ov any) (*Optimization, error) {
	base, baseErrs := decodeTree(tree, loc)
	d := newDecoder(loc)
	var spec optimizeSpec
	sch.FillDefaults(optimizeSchema, &spec)
	if t, ok := d.Table("optimize", ov); ok {
		d.DecodeTable(t, optimizeSchema, &spec, nil)
	}
	o := &Optimization{Base: base, tree: tree, loc: loc, vars: spec.vars}
	d.resolveVariables(o)
	if errs := append(baseErrs, d.Errs...); len(errs) > 0 {
		return nil, errs.Sorted(loc)
	}
	o.Problem = spec.Problem
	o.Problem.Metrics = model.MetricNames()
	for _, v := range spec.vars {
		o.Problem.Variables = append(o.Problem.Variables, v.v)
	}
	if err := o.Problem.Validate(); err != nil {
		// The checks above are meant to cover everything Validate checks.
		return nil, ErrorList{{File: loc.Files[0].Name, Line: loc.Files[0].LineOf("optimize"), Key: "optimize",
			Msg: "internal error: " + strings.ReplaceAll(err.Error(), "\n", "; ")}}
	}
	return o, o.probe()
}

// resolveVariables finds every variable's key in the tree (creating the
// tables on the way, as a sweep does) and the other shares a share takes
// along.
func (d *decoder) resolveVariables(o *Optimization) {
	n := len(d.Errs)
	for _, v := range o.vars {
		d.resolveAxis(v.axis, o.tree)
	}
	if len(d.Errs) > n {
		return
	}
	for i, v := range o.vars {
		for _, w := range o.vars[:i] {
			if w.path == v.path {
				d.Errorf(v.entry, "sets the same key as %s", w.entry)
			}
		}
		d.shareVariable(v, o.vars[:i])
	}
	if len(d.Errs) == n {
		d.designNames(o)
	}
}

// shareVariable makes a variable that is a share of a route
// (routing.shares.X, routing.by_type.T.shares.X) take the route's other
// shares along: they get 1 − x between them.
func (d *decoder) shareVariable(v *designVar, before []*designVar) {
	v.partner = ""
	if !isShare(v.segs) {
		return
	}
	v.share = true
	shares := v.path.Parent()
	for _, w := range before {
		if w.share && w.path.Parent() == shares {
			d.Errorf(v.entry, "is a share of the same route as %s: at most one share of a route may be a variable (the others take 1 − x between them)", w.entry)
			return
		}
	}
	if v.v.From < 0 || v.v.To > 1 {
		d.Errorf(v.entry, "is a share: its range must lie within [0, 1], got %s to %s", sch.Num(v.v.From), sch.Num(v.v.To))
		return
	}
	for _, k := range sch.SortedKeys(v.table) {
		if k == v.name {
			continue
		}
		w, isNum := v.table[k].(float64)
		if n, isInt := v.table[k].(int64); isInt {
			w, isNum = float64(n), true
		}
		if !isNum {
			w = 0 // a distribution or worse: the decoder reports it
		}
		v.others = append(v.others, k)
		v.weights = append(v.weights, w)
		d.Loc.SetOver(shares.Key(k), v.entry)
	}
	if len(v.others) == 0 {
		d.Errorf(v.entry, "is a share, but %s names no other site to take 1 − x: give the route's other sites there too (a share of 0 will do)", shares)
	}
}

// designNames gives each variable its short name in the designs' names
// and checks those names stay short enough to name a scenario.
func (d *decoder) designNames(o *Optimization) {
	axes := make([]*axis, len(o.vars))
	for i, v := range o.vars {
		axes[i] = v.axis
	}
	shortNames(axes)
	long := nameLength(o.tree, axes, func(a *axis) []float64 {
		v := o.vars[slices.Index(axes, a)].v
		return []float64{round12(v.From), round12(v.To), round12(v.From + (v.To-v.From)/3)}
	})
	if long > maxVariantName {
		d.Errorf("optimize.variables", "makes design names up to about %d bytes long, at most %d (they name the scenarios): shorten the name, or choose fewer keys", long, maxVariantName)
	}
}

// probe decodes the designs at both corners of the ranges and, when some
// variable has fractional steps, one with each such variable at its first
// fractional value: a problem there is reported with the design's values.
func (o *Optimization) probe() error {
	lo := make([]float64, len(o.vars))
	hi := make([]float64, len(o.vars))
	frac := make([]float64, len(o.vars))
	fractional := false
	for i, v := range o.vars {
		lo[i], hi[i], frac[i] = v.v.From, v.v.To, v.v.From
		if x, ok := firstFractional(v.v); ok {
			frac[i], fractional = x, true
		}
	}
	designs := [][]float64{lo, hi}
	if fractional {
		designs = append(designs, frac)
	}
	var errs ErrorList
	seen := map[Error]bool{} // a problem of several designs is reported once, for the first
	for k, x := range designs {
		_, err := o.Design(x)
		var list ErrorList
		if err != nil && !errors.As(err, &list) {
			return err
		}
		for _, e := range list {
			i := slices.IndexFunc(o.vars, func(v *designVar) bool { return string(v.path) == e.Key })
			if k == 2 && i >= 0 && strings.HasPrefix(e.Msg, "must be an integer") {
				v := o.vars[i].v
				e.Msg = fmt.Sprintf("is an integer: the variable's from and step must be whole numbers, got from %s, step %s (in design %s)", sch.Num(v.From), sch.Num(v.Step), o.Label(x))
				if v.Step == 0 {
					e.Msg = fmt.Sprintf("is an integer: the variable needs a whole step (a range without one is continuous) (in design %s)", o.Label(x))
				}
			}
			plain := *e
			plain.Msg, _, _ = strings.Cut(plain.Msg, " (in design ")
			if !seen[plain] {
				seen[plain] = true
				errs = append(errs, e)
			}
		}
	}
	if errs == nil {
		return nil
	}
	return errs.Sorted(o.loc)
}

// firstFractional returns the first value of a variable's grid that is not
// a whole number, if any (an integer key refuses it).
func firstFractional(v optimize.Variable) (float64, bool) {
	step := v.Step
	if step == 0 {
		step = (v.To - v.From) / optimize.ContinuousIntervals
	}
	for k := 0; k <= 2; k++ {
		x := round12(v.From + float64(k)*step)
		if x > v.To {
			break
		}
		if x != math.Trunc(x) {
			return x, true
		}
	}
	return 0, false
}

// Design returns the scenario of a design: the file with each variable set
// to its value (in the order of Problem.Variables; a share's partners
// taking 1 − x), decoded and checked as any file, named "<name>
// [<key>=<value>, ...]". A problem is an ErrorList whose messages say in
// which design it occurs. Each call returns a new scenario.
func (o *Optimization) Design(values []float64) (*model.Scenario, error) {
	if len(values) != len(o.vars) {
		return nil, fmt.Errorf("design of %d values for %d variables", len(values), len(o.vars))
	}
	parts := make([]string, len(o.vars))
	for i, v := range o.vars {
		parts[i] = fmt.Sprintf("%s=%g", v.short, values[i])
	}
	label := strings.Join(parts, ", ")
	o.mu.Lock()
	defer o.mu.Unlock()
	for i, v := range o.vars {
		v.set(values[i])
	}
	sc, errs := decodeTree(o.tree, o.loc)
	if errs != nil {
		out := make(ErrorList, len(errs))
		for i, e := range errs {
			e2 := *e
			e2.Msg += " (in design " + label + ")"
			out[i] = &e2
		}
		return nil, out
	}
	sc.Name = fmt.Sprintf("%s [%s]", sc.Name, label)
	return sc, nil
}

// Label returns a design's values as "key = value" pairs, in the order of
// the variables, e.g. "sites.NL.agents = 35, sites.SR.workforce.wages.premium = 0.5".
func (o *Optimization) Label(values []float64) string {
	parts := make([]string, len(o.vars))
	for i, v := range o.vars {
		parts[i] = fmt.Sprintf("%s = %g", v.key, values[i])
	}
	return strings.Join(parts, ", ")
}
