package scenarios

import (
	"math"
	"strings"

	"offsim/model"
)

// describeAxis finds the swept key of a in the schema and records, for the
// charts, a readable label, its unit and meaning from the key's reference
// row, and its value before the sweep (in the file, or the key's default).
// tab is the table holding the key, before any variant is set.
func (a *axis) describe(tab map[string]any) {
	k, where := schemaKey(a.segs, a.elems)
	name := a.segs[len(a.segs)-1]
	words := strings.ReplaceAll(name.String(), "_", " ")
	if k != nil && k.Sub == nil && k.List == nil && k.Name != name.name {
		// An entry of a table of a form of its own: routing.shares.SR.
		words = name.name + " " + strings.TrimSuffix(strings.ReplaceAll(k.Name, "_", " "), "s")
		where = where[:max(len(where)-1, 0)]
	}
	a.label = words
	if len(where) > 0 {
		a.label += " (" + strings.Join(where, " ") + ")"
	}
	if k != nil {
		a.unit, a.doc = strings.ReplaceAll(k.Unit, "`", ""), strings.ReplaceAll(k.Doc, "`", "")
		// An entry of a table { <name> = unit }: its unit.
		if _, u, ok := strings.Cut(a.unit, " = "); ok && strings.HasPrefix(a.unit, "table {") {
			a.unit = strings.TrimSpace(strings.TrimSuffix(u, "}"))
		}
	}
	a.base, a.hasBase = math.NaN(), false
	switch v := tab[a.name].(type) {
	case int64:
		a.base, a.hasBase = float64(v), true
	case float64:
		a.base, a.hasBase = v, true
	case nil:
		if k != nil {
			switch d := k.Def.(type) {
			case float64:
				a.base, a.hasBase = d, true
			case int:
				a.base, a.hasBase = float64(d), true
			}
		}
	}
}

// schemaKey walks the schema along a key path and returns the key it ends
// at (nil when the path leaves the schema, as in a table whose keys are
// names) and the names on the way that say where: array elements by name
// (elems: their names, in order),
// and the tables above the key (sites.SR.workforce.wages.premium: SR
// wages).
func schemaKey(segs []segment, elems []string) (*key, []string) {
	s := scenarioSchema
	var k *key
	var where []string
	for i := 0; i < len(segs); i++ {
		seg := segs[i]
		if s == nil {
			return k, where
		}
		k = nil
		for _, c := range s.Keys {
			if c.Name == seg.name {
				k = c
			}
		}
		if k == nil {
			return nil, where
		}
		if k == routingKey || k.Name == "by_type" && s == routeSchema {
			if k.Name == "by_type" && i+1 < len(segs) {
				i++ // the contact type
				where = append(where, segs[i].name)
			}
			if k == routingKey {
				where = append(where, k.Name)
			}
			s = routeSchema
			continue
		}
		if k.List != nil && i+1 < len(segs) {
			i++ // the element, by name or [index]
			el := segs[i].String()
			if len(elems) > 0 {
				el, elems = elems[0], elems[1:]
			}
			where = append(where, el)
		} else if k.Sub != nil && i+1 < len(segs) && i+2 == len(segs) {
			where = append(where, k.Name)
		}
		if i+1 < len(segs) && k.Sub == nil {
			return k, append(where, segs[i+1].name)
		}
		s = k.Sub
	}
	return k, where
}

// sweepValue is the record of value v of the axis in a variant.
func (a *axis) sweepValue(v float64) model.SweepValue {
	sv := model.SweepValue{Key: a.key, Value: v, Label: a.label, Unit: a.unit, Doc: a.doc}
	if a.hasBase {
		sv.Base, sv.HasBase = a.base, true
	}
	return sv
}
