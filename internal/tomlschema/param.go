package tomlschema

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"offsim/model"
)

// NumberIn returns the decoder of a plain number within b, an element of
// an array.
func (d *Decoder[X]) NumberIn(b Bounds) func(p Path, v any) (float64, bool) {
	return func(p Path, v any) (float64, bool) {
		x, _, ok := d.Number(p, v, b)
		return x, ok
	}
}

// Number decodes a number within b at p: a plain number or, where d.fixed
// allows, a parameter distribution (see paramDist), whose expected value
// it returns along with the distribution.
func (d *Decoder[X]) Number(p Path, v any, b Bounds) (float64, *model.ParamDist, bool) {
	if HasDist(v) && d.fixed != PlainOnly {
		if d.fixed != "" {
			d.Errorf(p, "cannot be a distribution: %s", d.fixed)
			return 0, nil, false
		}
		return d.paramDist(p, v.(map[string]any), b)
	}
	x, ok := d.PlainNumber(p, v)
	if !ok {
		return 0, nil, false
	}
	if msg := b.problem(x); msg != "" {
		d.Errorf(p, "%s", msg)
		return x, nil, false
	}
	return x, nil, true
}

// paramDist decodes a parameter distribution table m at p for a key whose
// values must lie within b (see paramSchema). It returns the expected
// value and the distribution.
func (d *Decoder[X]) paramDist(p Path, m map[string]any, b Bounds) (float64, *model.ParamDist, bool) {
	t := &Table{Path: p, M: m}
	kv, kp, _ := t.Get("dist")
	s, ok := d.Str(kp, kv)
	if !ok {
		return 0, nil, false
	}
	switch s {
	case "exponential", "deterministic":
		d.Errorf(kp, "%q is the distribution of a duration (patience, handle_time, delays, with mean_seconds); a number takes a parameter distribution: triangular, uniform, normal, lognormal or beta", s)
		return 0, nil, false
	case "lognormal":
		for _, k := range []string{"mean_seconds", "mean_days", "cv"} {
			if _, has := m[k]; has {
				d.Errorf(p.Key(k), "a parameter's lognormal takes mean and sd, in the key's own unit (mean_seconds, mean_days and cv describe a duration's distribution)")
				return 0, nil, false
			}
		}
	}
	kind, err := model.ParseParamKind(s)
	if err != nil {
		d.Errorf(kp, "%s", err)
		return 0, nil, false
	}
	pd := &model.ParamDist{Kind: kind, Max: float64(btoi(kind == model.ParamBeta))}
	keys := paramKeys[kind]
	required := len(keys) - 2*btoi(kind == model.ParamNormal || kind == model.ParamBeta)
	given := map[string]bool{}
	for i, name := range keys {
		v, vp, present := t.Get(name)
		if !present {
			if i < required {
				d.Errorf(vp, "required key is missing (%s takes %s)", s, strings.Join(keys[:required], ", "))
				ok = false
			}
			continue
		}
		given[name] = true
		x, good := d.PlainNumber(vp, v)
		*paramDoc.field(name)(pd).(*float64) = x
		ok = ok && good
	}
	if v, vp, present := t.Get("shared"); present {
		name, good := d.name(vp, v)
		pd.Shared, ok = name, ok && good
	}
	d.Done(t)
	if kind == model.ParamNormal && ok {
		if given["min"] != given["max"] {
			d.Errorf(p.Key(map[bool]string{true: "max", false: "min"}[given["min"]]), "required key is missing: a normal is bounded by min and max together")
			return 0, nil, false
		}
		pd.Bounded = given["min"]
	}
	if !ok {
		return 0, nil, false
	}
	if msg := paramProblem(pd, b); msg != "" {
		d.Errorf(p, "%s", msg)
		return 0, nil, false
	}
	return pd.ExpectedValue(), pd, true
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// paramKeys are the keys of each family's table, required first.
var paramKeys = map[model.ParamKind][]string{
	model.ParamTriangular: {"min", "mode", "max"},
	model.ParamUniform:    {"min", "max"},
	model.ParamNormal:     {"mean", "sd", "min", "max"},
	model.ParamLognormal:  {"mean", "sd"},
	model.ParamBeta:       {"alpha", "beta", "min", "max"},
}

// paramProblem says why pd does not suit a key within b, or returns "".
func paramProblem(pd *model.ParamDist, b Bounds) string {
	if err := pd.Validate(); err != nil {
		return err.Error()
	}
	lo, hi := pd.Support()
	switch {
	case pd.Bounded && !(pd.Mean >= pd.Min && pd.Mean <= pd.Max):
		return fmt.Sprintf("normal mean %s must lie within [min, max] = [%s, %s]", Num(pd.Mean), Num(pd.Min), Num(pd.Max))
	case pd.Kind == model.ParamBeta && !(pd.Alpha >= MinBetaShape && pd.Alpha <= MaxBetaShape && pd.Beta >= MinBetaShape && pd.Beta <= MaxBetaShape):
		return fmt.Sprintf("beta shapes must be in [%s, %s], got %s, %s", Num(MinBetaShape), Num(MaxBetaShape), Num(pd.Alpha), Num(pd.Beta))
	case pd.Kind == model.ParamLognormal && pd.SD > MaxLognormalCV*pd.Mean:
		return fmt.Sprintf("a lognormal's sd must be at most %d times its mean, got %s", MaxLognormalCV, Num(pd.SD))
	}
	if msg := supportProblem(pd, b); msg != "" {
		return msg
	}
	// Draws of an unbounded family beyond the limits are clamped; a
	// bounded family must stay within them, and every expected value.
	ev := pd.ExpectedValue()
	if b.Max != 0 && (hi > b.Max && !math.IsInf(hi, 1) || ev > b.Max) {
		return fmt.Sprintf("must be at most %s, but the %s distribution draws up to %s (expected value %s)", Num(b.Max), pd.Kind, Num(hi), Num(ev))
	}
	if b.Min != 0 && (lo < b.Min && !math.IsInf(lo, -1) && pd.Kind != model.ParamLognormal || ev < b.Min) {
		return fmt.Sprintf("must be at least %s, but the %s distribution draws from %s (expected value %s)", Num(b.Min), pd.Kind, Num(lo), Num(ev))
	}
	return ""
}

// supportProblem says why the values pd can draw are not all within the
// range of b, or returns "".
func supportProblem(pd *model.ParamDist, b Bounds) string {
	lo, hi := pd.Support()
	loOpen := pd.Kind == model.ParamLognormal // never draws 0 itself
	loOK := lo > b.Lo || lo == b.Lo && (!b.LoOpen || loOpen)
	hiOK := hi < b.Hi || hi == b.Hi && !b.HiOpen
	if loOK && hiOK {
		return ""
	}
	if pd.Kind == model.ParamNormal && !pd.Bounded {
		return fmt.Sprintf("%s, but a normal distribution without min and max can draw any value: bound it with min and max", b.What)
	}
	open, end := "[", "]"
	if loOpen || math.IsInf(lo, 0) {
		open = "("
	}
	if math.IsInf(hi, 0) {
		end = ")"
	}
	return fmt.Sprintf("%s, but the %s distribution draws from %s%s, %s%s", b.What, pd.Kind, open, Num(lo), Num(hi), end)
}

// param is one parameter distribution of the file: its key path, and how
// a drawn value is put into a scenario (several places for a value that
// several fields share, as a site's handle_time).
type param struct {
	key  Path
	also []string // the other keys of a shared parameter
	dist model.ParamDist
	b    Bounds
	sets []func(*model.Scenario, float64)
}

// Bind records that the distribution pd (nil: none) decoded at p sets a
// field by set.
func (d *Decoder[X]) Bind(p Path, pd *model.ParamDist, b Bounds, set func(*model.Scenario, float64)) {
	if pd == nil {
		return
	}
	for _, prm := range d.Params {
		switch {
		case prm.key == p:
			prm.sets = append(prm.sets, set)
			return
		case pd.Shared != "" && prm.dist.Shared == pd.Shared:
			if prm.dist != *pd || prm.b.Lo != b.Lo || prm.b.Hi != b.Hi {
				d.Errorf(p, "shared = %q: a different distribution or range than %s, which shares it", pd.Shared, prm.key)
				return
			}
			if !slices.Contains(prm.also, string(p)) {
				prm.also = append(prm.also, string(p))
			}
			prm.sets = append(prm.sets, set)
			return
		}
	}
	d.Params = append(d.Params, &param{key: p, dist: *pd, b: b, sets: []func(*model.Scenario, float64){set}})
}

// UncertainUnder reports whether a parameter distribution was decoded at p
// or inside it.
func (d *Decoder[X]) UncertainUnder(p Path) bool {
	for _, prm := range d.Params {
		if under(string(prm.key), p) {
			return true
		}
	}
	return false
}

// under reports whether key path k is p or inside it.
func under(k string, p Path) bool {
	return k == string(p) || strings.HasPrefix(k, string(p)) && strings.ContainsRune(".[", rune(k[len(p)]))
}

// Uncertain turns the parameter distributions into sc.Uncertain. Apply
// puts a drawn value (within the key's range and limits: a normal or
// lognormal draw beyond them takes the nearest allowed value) into each
// field the key sets.
func (d *Decoder[X]) Uncertain(sc *model.Scenario) {
	for _, prm := range d.Params {
		sc.Uncertain = append(sc.Uncertain, model.Uncertain{Key: string(prm.key), Also: prm.also, Dist: prm.dist,
			Apply: func(c *model.Scenario, v float64) {
				v = prm.b.clamp(v)
				for _, set := range prm.sets {
					set(c, v)
				}
			}})
	}
}

// durationSchema is a duration's distribution, model.Dist: patience,
// handle times, delays.
func durationSchema[X any]() *Schema[X] {
	// kind allows, requires and writes cv by the distribution's kind.
	kind := Choice[X, model.DistKind]{Key: "dist", Of: func(dst any) model.DistKind { return dst.(*model.Dist).Kind }, Lenient: true}
	return &Schema[X]{Keys: []*Key[X]{
		{Name: "dist", Unit: "string", Req: true, Rngs: `"exponential", "lognormal", "deterministic"`, Doc: "the family", Dec: decodeDurationKind[X], Enc: func(_ *Encoder[X], _ Path, src any) any { return src.(*model.Dist).Kind.String() }},
		{Name: "mean_seconds", Unit: "seconds", Group: "mean", Req: true, B: Positive(MaxDistMeanDays * model.SecondsPerDay).AtLeast(1), At: Field(func(d *model.Dist) *float64 { return &d.MeanSeconds }), Defs: "required: exactly one of the two", Doc: "the mean"},
		{Name: "mean_days", Unit: "days", Group: "mean", Factor: model.SecondsPerDay, B: Positive(MaxDistMeanDays).AtLeast(1 / model.SecondsPerDay), At: Field(func(d *model.Dist) *float64 { return &d.MeanSeconds }), Doc: "the mean, in days"},
		{Name: "cv", Unit: "coefficient of variation", B: Positive(MaxDurationCV), At: Field(func(d *model.Dist) *float64 { return &d.CV }),
			Defs: "required with lognormal, else not allowed", Doc: "standard deviation ÷ mean",
			Only: kind.Only(model.Lognormal), Need: kind.Need(model.Lognormal), Omit: kind.Omit(model.Lognormal)},
	}}
}

// decodeDurationKind decodes a duration's dist; a parameter family there
// is refused with a hint, and stops the table.
func decodeDurationKind[X any](x *X, t *Table, dst any, _ Place) bool {
	d := eng(x)
	v, p, ok := t.Get("dist")
	if !ok {
		d.Errorf(p, "required key is missing")
		return true
	}
	s, ok := d.Str(p, v)
	if !ok {
		return true
	}
	switch s {
	case "triangular", "uniform", "normal", "beta":
		d.Errorf(p, "%q is a parameter distribution, not a duration's: a duration takes \"exponential\", \"lognormal\" or \"deterministic\" with mean_seconds (to make the mean uncertain, write mean_seconds = { dist = %q, ... })", s, s)
		return false
	}
	k, err := model.ParseDistKind(s)
	if err != nil || k == model.None {
		d.Errorf(p, "unknown distribution %q (want exponential, lognormal or deterministic)", s)
		return true
	}
	dst.(*model.Dist).Kind = k
	for _, k := range []string{"mean", "sd"} {
		if _, present := t.M[k]; present {
			_, kp, _ := t.Get(k)
			d.Errorf(kp, `not a key of a duration's distribution, which takes mean_seconds (or mean_days) and cv; mean and sd belong to a parameter distribution (to make the mean uncertain, write mean_seconds = { dist = "lognormal", mean = ..., sd = ... })`)
		}
	}
	return true
}

// DurationKey is a key whose value is a duration's distribution.
func DurationKey[X, T any](forms *Forms[X], name string, f func(*T) *model.Dist, defs, doc string) *Key[X] {
	return &Key[X]{Name: name, Unit: "distribution", Defs: defs, Doc: doc, Sub: forms.Duration, At: Field(f), Lazy: true, Inline: true,
		want: `a distribution table { dist = "exponential", mean_seconds = ... }`,
		Omit: func(_ *Encoder[X], _ Path, src any) bool { return f(src.(*T)).Kind == model.None }}
}

// paramSchema is a parameter distribution, model.ParamDist (decoded by
// paramDist: which keys a family takes is in paramKeys).
func paramSchema[X any]() *Schema[X] {
	return &Schema[X]{Keys: []*Key[X]{
		{Name: "dist", Unit: "string", Req: true, Rngs: `"triangular", "uniform", "normal", "lognormal", "beta"`, Doc: "the family"},
		{Name: "min", Unit: "the key's unit", Defs: "required with triangular and uniform; a normal's with `max`; beta 0", Rngs: "< `max`", At: Field(func(p *model.ParamDist) *float64 { return &p.Min }), Doc: "the smallest value drawn"},
		{Name: "mode", Unit: "the key's unit", Defs: "required with triangular", Rngs: "[min, max]", At: Field(func(p *model.ParamDist) *float64 { return &p.Mode }), Doc: "the most likely value"},
		{Name: "max", Unit: "the key's unit", Defs: "required with triangular and uniform; a normal's with `min`; beta 1", Rngs: "> `min`", At: Field(func(p *model.ParamDist) *float64 { return &p.Max }), Doc: "the largest value drawn"},
		{Name: "mean", Unit: "the key's unit", Defs: "required with normal and lognormal", Rngs: "lognormal > 0; a bounded normal's within [min, max]", At: Field(func(p *model.ParamDist) *float64 { return &p.Mean }), Doc: "the mean"},
		{Name: "sd", Unit: "the key's unit", Defs: "required with normal and lognormal", Rngs: "> 0; a lognormal's at most 100 × its mean", At: Field(func(p *model.ParamDist) *float64 { return &p.SD }), Doc: "the standard deviation"},
		{Name: "alpha", Defs: "required with beta", Rngs: "0.1–10,000", At: Field(func(p *model.ParamDist) *float64 { return &p.Alpha }), Doc: "the first shape"},
		{Name: "beta", Defs: "required with beta", Rngs: "0.1–10,000", At: Field(func(p *model.ParamDist) *float64 { return &p.Beta }), Doc: "the second shape"},
		{Name: "shared", Unit: "string", Defs: "none", Rngs: "a name; the same distribution and range wherever it is used", Doc: "every parameter with this name takes one draw per replication: one quantity given at several keys (the national minimum wage's indexation at every site of the country)"},
	}}
}

// Forms are the schemas of the forms of this package for a format's
// decoder X (a schema's hooks take X): durations, parameter
// distributions, weekly tables and dated paths.
type Forms[X any] struct {
	Duration, Param, Week, Path *Schema[X]
}

// NewForms returns the forms for X.
func NewForms[X any]() *Forms[X] {
	return &Forms[X]{Duration: durationSchema[X](), Param: paramSchema[X](), Week: weekSchema[X](), Path: pathSchema[X]()}
}

// paramDoc is paramSchema, for its fields.
var paramDoc = paramSchema[struct{}]()
