package model

import (
	"reflect"
	"testing"
)

// TestMergeAddsEveryField: Stats.Merge and Month.Merge add every counter
// and sum of o (a field a Merge forgets would be lost from every total
// over sites and every year of months); the measured window is the one
// exception: it is the same window, kept once.
func TestMergeAddsEveryField(t *testing.T) {
	var s, so Stats
	fill(reflect.ValueOf(&s).Elem(), 1)
	fill(reflect.ValueOf(&so).Elem(), 1000)
	want := s
	fill(reflect.ValueOf(&want).Elem(), 1001) // each field: its values 1 + 1000 apart, summed
	want.Calls.WindowSeconds = max(s.Calls.WindowSeconds, so.Calls.WindowSeconds)
	s.Merge(&so)
	if !reflect.DeepEqual(s, want) {
		t.Errorf("Stats.Merge:\n got %+v\nwant %+v", s, want)
	}

	var m, mo Month
	fill(reflect.ValueOf(&m).Elem(), 1)
	fill(reflect.ValueOf(&mo).Elem(), 1000)
	wantM := m
	fill(reflect.ValueOf(&wantM).Elem(), 1001)
	m.Merge(&mo)
	if !reflect.DeepEqual(m, wantM) {
		t.Errorf("Month.Merge:\n got %+v\nwant %+v", m, wantM)
	}
}

// fill sets the numeric leaves of v to scale × their position (1, 2, …),
// so that filling with scales a and b and adding gives the fill with a+b.
func fill(v reflect.Value, scale int64) {
	n := int64(0)
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i))
			}
		case reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Int64:
			n++
			v.SetInt(scale * n)
		case reflect.Float64:
			n++
			v.SetFloat(float64(scale * n))
		}
	}
	walk(v)
}
