package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"

	"offsim/model"
)

// Uncertain parameters. Wherever the format takes a number that is a
// parameter of the model, a file may give a parameter distribution instead:
//
//	base_annual = { dist = "triangular", min = 0.3, mode = 0.45, max = 0.8 }
//
// The scenario holds the distribution's expected value in the field (so
// that validation and the staffing plan see a sensible value), and a
// model.Uncertain whose Apply sets that same field in a replication's
// clone of the scenario.
//
// The decoder learns which field a value goes to when the caller stores it:
// scalar leaves the decoded distribution in d.last, and the caller binds it
// to the field it wrote (bind, bindTo). When the decoding is done, every
// bound field is found again in the finished scenario by its address
// (addresses), and Apply reaches the same field of a clone by the same
// chain of struct fields, pointers and slice elements (navigate): Apply
// keeps no pointer into the decoded scenario.

// param is one decoded parameter distribution.
type param struct {
	key     keyPath
	dist    model.ParamDist
	targets []target
}

// target is a place the decoder put a parameter's value: ptr is a pointer
// into the scenario being decoded (or into a temporary, copied from later),
// set puts a drawn value at a pointer of the same type in a clone.
type target struct {
	ptr any
	set func(ptr any, v float64)
}

// paramKeys are the keys of each family's table, required first.
var paramKeys = map[model.ParamKind][]string{
	model.ParamTriangular: {"min", "mode", "max"},
	model.ParamUniform:    {"min", "max"},
	model.ParamNormal:     {"mean", "sd", "min", "max"},
	model.ParamLognormal:  {"mean", "sd"},
	model.ParamBeta:       {"alpha", "beta", "min", "max"},
}

// paramDist decodes a parameter distribution table m at p, for a key whose
// values must lie within b. It returns the expected value and leaves the
// distribution in d.last.
func (d *decoder) paramDist(p keyPath, m map[string]any, b bounds) (float64, bool) {
	t := &table{path: p, m: m}
	kv, kp, _ := t.get("dist")
	s, ok := d.str(kp, kv)
	if !ok {
		return 0, false
	}
	switch s {
	case "exponential", "deterministic":
		d.errorf(kp, "%q is the distribution of a duration (patience, handle_time, delays, with mean_seconds); a number takes a parameter distribution: triangular, uniform, normal, lognormal or beta", s)
		return 0, false
	case "lognormal":
		for _, k := range []string{"mean_seconds", "mean_days", "cv"} {
			if _, has := m[k]; has {
				d.errorf(p.key(k), "a parameter's lognormal takes mean and sd, in the key's own unit (mean_seconds, mean_days and cv describe a duration's distribution)")
				return 0, false
			}
		}
	}
	kind, err := model.ParseParamKind(s)
	if err != nil {
		d.errorf(kp, "%s", err)
		return 0, false
	}
	pd := model.ParamDist{Kind: kind}
	fields := map[string]*float64{"min": &pd.Min, "max": &pd.Max, "mode": &pd.Mode, "mean": &pd.Mean, "sd": &pd.SD, "alpha": &pd.Alpha, "beta": &pd.Beta}
	keys := paramKeys[kind]
	required := len(keys)
	if kind == model.ParamNormal || kind == model.ParamBeta {
		required = 2
	}
	given := map[string]bool{}
	for i, k := range keys {
		v, vp, present := t.get(k)
		if !present {
			if i < required {
				d.errorf(vp, "required key is missing (%s takes %s)", s, strings.Join(keys[:required], ", "))
				ok = false
			}
			continue
		}
		given[k] = true
		x, good := d.plainNumber(vp, v)
		*fields[k] = x
		ok = ok && good
	}
	d.done(t)
	switch {
	case !ok:
		return 0, false
	case kind == model.ParamNormal && given["min"] != given["max"]:
		missing := "min"
		if given["min"] {
			missing = "max"
		}
		d.errorf(p.key(missing), "required key is missing: a normal is bounded by min and max together")
		return 0, false
	case kind == model.ParamNormal:
		pd.Bounded = given["min"]
	case kind == model.ParamBeta:
		if !given["min"] {
			pd.Min = 0
		}
		if !given["max"] {
			pd.Max = 1
		}
	}
	if err := pd.Validate(); err != nil {
		d.errorf(p, "%s", err)
		return 0, false
	}
	if pd.Bounded && !(pd.Mean >= pd.Min && pd.Mean <= pd.Max) {
		d.errorf(p, "normal mean %s must lie within [min, max] = [%s, %s]", num(pd.Mean), num(pd.Min), num(pd.Max))
		return 0, false
	}
	if msg := supportProblem(&pd, b); msg != "" {
		d.errorf(p, "%s", msg)
		return 0, false
	}
	x := pd.ExpectedValue()
	if math.IsNaN(x) || math.IsInf(x, 0) {
		d.errorf(p, "the distribution's expected value is not a finite number")
		return 0, false
	}
	prm := &param{key: p, dist: pd}
	d.params = append(d.params, prm)
	d.last = prm
	return x, true
}

// supportProblem says why the values pd can draw are not all within b, or
// returns "".
func supportProblem(pd *model.ParamDist, b bounds) string {
	lo, hi := pd.Support()
	loOpen := pd.Kind == model.ParamLognormal // never draws 0 itself
	loOK := lo > b.lo || lo == b.lo && (!b.loOpen || loOpen)
	hiOK := hi < b.hi || hi == b.hi && !b.hiOpen
	if loOK && hiOK {
		return ""
	}
	if pd.Kind == model.ParamNormal && !pd.Bounded {
		return fmt.Sprintf("%s, but a normal distribution without min and max can draw any value: bound it with min and max", b.what)
	}
	open, end := "[", "]"
	if loOpen || math.IsInf(lo, 0) {
		open = "("
	}
	if math.IsInf(hi, 0) {
		end = ")"
	}
	return fmt.Sprintf("%s, but the %s distribution draws from %s%s, %s%s", b.what, pd.Kind, open, num(lo), num(hi), end)
}

// take returns the distribution decoded last and not yet bound (nil if
// none), and clears it.
func (d *decoder) take() *param {
	p := d.last
	d.last = nil
	return p
}

// bind binds the distribution decoded last, if any, to field dst.
func (d *decoder) bind(dst *float64) { d.bindTo(d.take(), dst, 1) }

// bindTo binds prm (nil: nothing to bind) to field dst, which holds the
// value times factor (a unit: mean_days into seconds).
func (d *decoder) bindTo(prm *param, dst *float64, factor float64) {
	if prm == nil {
		return
	}
	prm.targets = append(prm.targets, target{ptr: dst, set: func(ptr any, v float64) {
		*ptr.(*float64) = v * factor
	}})
}

// bindFunc binds prm (nil: nothing to bind) to dst, a value of any type that
// set derives from the drawn value.
func (d *decoder) bindFunc(prm *param, dst any, set func(ptr any, v float64)) {
	if prm != nil {
		prm.targets = append(prm.targets, target{ptr: dst, set: set})
	}
}

// alias makes every parameter bound to src bound to dst too: the value at
// src was copied to dst.
func (d *decoder) alias(dst, src *float64) {
	for _, prm := range d.params {
		for _, t := range prm.targets {
			if p, ok := t.ptr.(*float64); ok && p == src {
				prm.targets = append(prm.targets, target{ptr: dst, set: t.set})
				break
			}
		}
	}
}

// uncertainUnder reports whether a parameter distribution was decoded at p
// or inside it.
func (d *decoder) uncertainUnder(p keyPath) bool {
	return slices.ContainsFunc(d.params, func(prm *param) bool {
		return prm.key == p || strings.HasPrefix(string(prm.key), string(p)) && strings.ContainsRune(".[", rune(prm.key[len(p)]))
	})
}

// uncertain turns the decoded parameter distributions into sc.Uncertain,
// finding each bound field in the finished scenario.
func (d *decoder) uncertain(sc *model.Scenario) {
	if len(d.params) == 0 {
		return
	}
	index := addresses(sc)
	for _, prm := range d.params {
		var res []resolved
		for _, t := range prm.targets {
			v := reflect.ValueOf(t.ptr)
			if path, ok := index[addrKey{v.Pointer(), v.Type().Elem()}]; ok {
				res = append(res, resolved{path, t.set})
			}
		}
		if len(res) == 0 {
			d.errorf(prm.key, "internal error: the distribution is not bound to a field of the scenario")
			continue
		}
		sc.Uncertain = append(sc.Uncertain, model.Uncertain{Key: string(prm.key), Dist: prm.dist, Apply: apply(res)})
	}
}

// resolved is a target found in the scenario: the chain of fields to it.
type resolved struct {
	path []int
	set  func(ptr any, v float64)
}

func apply(res []resolved) func(sc *model.Scenario, v float64) {
	return func(sc *model.Scenario, v float64) {
		root := reflect.ValueOf(sc).Elem()
		for _, r := range res {
			r.set(navigate(root, r.path).Addr().Interface(), v)
		}
	}
}

type addrKey struct {
	addr uintptr
	typ  reflect.Type
}

var (
	uncertainType = reflect.TypeFor[[]model.Uncertain]()
	sweepType     = reflect.TypeFor[[]model.SweepValue]()
)

// addresses maps the address and type of every value in sc (every field,
// element of a slice, value behind a pointer) to the chain that reaches it
// from sc: a field's index in a struct, an element's index in a slice, -1
// through a pointer.
func addresses(sc *model.Scenario) map[addrKey][]int {
	index := map[addrKey][]int{}
	var walk func(v reflect.Value, path []int)
	walk = func(v reflect.Value, path []int) {
		k := addrKey{v.UnsafeAddr(), v.Type()}
		if _, seen := index[k]; !seen {
			index[k] = slices.Clone(path)
		}
		switch v.Kind() {
		case reflect.Struct:
			for i := range v.NumField() {
				if f := v.Field(i); f.Type() != uncertainType && f.Type() != sweepType {
					walk(f, append(path, i))
				}
			}
		case reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem(), append(path, -1))
			}
		case reflect.Slice:
			for j := range v.Len() {
				walk(v.Index(j), append(path, j))
			}
		}
	}
	walk(reflect.ValueOf(sc).Elem(), nil)
	return index
}

// navigate follows path (see addresses) from v.
func navigate(v reflect.Value, path []int) reflect.Value {
	for _, s := range path {
		switch v.Kind() {
		case reflect.Struct:
			v = v.Field(s)
		case reflect.Pointer:
			v = v.Elem()
		case reflect.Slice:
			v = v.Index(s)
		}
	}
	return v
}
