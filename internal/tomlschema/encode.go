package tomlschema

import (
	"cmp"
	"fmt"
	"math"

	"offsim/internal/tomlx"
	"offsim/model"
)

// Encoder walks a scenario along the schema into the values toml.Encoder
// writes; Placed are the uncertain keys written, Err the first problem.
type Encoder[X any] struct {
	Sc        *model.Scenario
	Uncertain map[string]*model.Uncertain
	Placed    map[string]bool
	Err       error
}

// NewEncoder returns the encoder of sc, whose uncertain parameters are
// written as their distributions.
func NewEncoder[X any](sc *model.Scenario) *Encoder[X] {
	e := &Encoder[X]{Sc: sc, Uncertain: map[string]*model.Uncertain{}, Placed: map[string]bool{}}
	for i := range sc.Uncertain {
		for _, k := range append([]string{sc.Uncertain[i].Key}, sc.Uncertain[i].Also...) {
			e.Uncertain[k] = &sc.Uncertain[i]
		}
	}
	return e
}

// Fail records err, unless a problem was recorded before.
func (e *Encoder[X]) Fail(err error) { e.Err = cmp.Or(e.Err, err) }

// Has reports whether an uncertain parameter has key path p.
func (e *Encoder[X]) Has(p Path) bool { return e.Uncertain[string(p)] != nil }

// HasUnder reports whether an uncertain parameter is at or inside p.
func (e *Encoder[X]) HasUnder(p Path) bool {
	for k := range e.Uncertain {
		if under(k, p) {
			return true
		}
	}
	return false
}

// Number returns the value at p of a field that holds it × factor: its
// distribution's table when it is uncertain.
func (e *Encoder[X]) Number(p Path, x, factor float64) any {
	if u := e.Uncertain[string(p)]; u != nil {
		e.Placed[string(p)] = true
		return distTable(u.Dist)
	}
	return quotientOf(x, factor)
}

// Table returns the table at p of src, whose schema is s: an inline
// table, or one whose keys toml.Encoder writes in the schema's order.
func (e *Encoder[X]) Table(s *Schema[X], p Path, src any, inline bool) any {
	var keys []string
	var vals []any
	chosen := map[string]bool{}
	for _, k := range s.Keys {
		kp := p.Key(k.Name)
		if k.Omit != nil && k.Omit(e, kp, src) {
			continue
		}
		if k.Group != "" {
			if chosen[k.Group] || !e.chosen(s, k, p, src) {
				continue
			}
			chosen[k.Group] = true
		}
		if v := e.value(k, kp, src, inline); v != nil {
			keys, vals = append(keys, k.Name), append(vals, v)
		}
	}
	if inline {
		return tomlx.Inline{Keys: keys, Vals: vals}
	}
	return tomlx.Ordered(keys, vals)
}

// chosen reports whether k is the key of its group to write: the one with
// a parameter distribution, else the first whose unit gives the value back
// exactly, else the first.
func (e *Encoder[X]) chosen(s *Schema[X], k *Key[X], p Path, src any) bool {
	var group []*Key[X]
	for _, m := range s.Keys {
		if m.Group == k.Group && (m.Omit == nil || !m.Omit(e, p.Key(m.Name), src)) {
			group = append(group, m)
		}
	}
	for _, m := range group {
		if e.HasUnder(p.Key(m.Name)) {
			return m == k
		}
	}
	for _, m := range group {
		if m.At != nil {
			if _, exact := quotient(*m.At(src).(*float64), m.factorOf()); exact {
				return m == k
			}
		}
	}
	return group[0] == k
}

func (e *Encoder[X]) value(k *Key[X], p Path, src any, inline bool) any {
	switch {
	case k.Enc != nil:
		return k.Enc(e, p, src)
	case k.List != nil:
		out := make([]any, k.List.len(src))
		for i := range out {
			out[i] = e.Table(k.Sub, p.Index(i), k.List.elem(src, i), k.Inline)
		}
		return out
	case k.Sub != nil:
		return e.Table(k.Sub, p, k.At(src), inline || k.Inline)
	case k.At == nil:
		return nil
	}
	switch f := k.At(src).(type) {
	case *float64:
		return e.Number(p, *f, k.factorOf())
	case *int:
		return int64(*f)
	case *uint64:
		if *f > math.MaxInt64 {
			e.Fail(fmt.Errorf("%s %d is larger than a file may give", p, *f))
		}
		return int64(*f)
	case *string:
		return *f
	case *bool:
		return *f
	}
	panic(fmt.Sprintf("encode %s: field of type %T", p, k.At(src)))
}

// Path writes a path at p: a number when constant, else { days, values
// [, index_every_days | index_every_months, index_rate] }.
func (e *Encoder[X]) Path(p Path, x model.Path) any {
	if len(x.Days) == 1 && x.Days[0] == 0 && x.IndexEveryDays == 0 && x.IndexRate == 0 && !e.HasUnder(p.Key("index_rate")) {
		return e.Number(p, x.Values[0], 1)
	}
	t := tomlx.Inline{Keys: []string{"days", "values"}, Vals: []any{x.Days, x.Values}}
	if x.IndexEveryDays != 0 || x.IndexRate != 0 {
		every, factor := "index_every_days", 1.0
		if e.Has(p.Key("index_every_months")) {
			every, factor = "index_every_months", model.DaysPerMonth
		}
		t.Add(every, e.Number(p.Key(every), x.IndexEveryDays, factor))
		t.Add("index_rate", e.Number(p.Key("index_rate"), x.IndexRate, 1))
	}
	return t
}

func distTable(d model.ParamDist) tomlx.Inline {
	t := tomlx.Inline{Keys: []string{"dist"}, Vals: []any{d.Kind.String()}}
	for _, k := range paramKeys[d.Kind] {
		if k == "min" && d.Kind == model.ParamNormal && !d.Bounded {
			break
		}
		t.Add(k, *paramDoc.field(k)(&d).(*float64))
	}
	if d.Shared != "" {
		t.Add("shared", d.Shared)
	}
	return t
}

// quotient returns y with y·c == x exactly, searching a few floats around
// x/c, and whether there is one.
func quotient(x, c float64) (float64, bool) {
	for up, down, i := x/c, x/c, 0; i < 9; i++ {
		for _, y := range []float64{up, down} {
			if y*c == x {
				return y, true
			}
		}
		up, down = math.Nextafter(up, math.Inf(1)), math.Nextafter(down, math.Inf(-1))
	}
	return x / c, false
}

func quotientOf(x, c float64) float64 {
	y, _ := quotient(x, c)
	return y
}
