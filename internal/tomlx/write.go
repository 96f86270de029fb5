package tomlx

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"strconv"

	"github.com/BurntSushi/toml"
)

// Ordered returns a table whose keys toml.Encoder writes in the given
// order: a struct of a type made for it (the encoder sorts a map's keys).
// A key must not hold '"', '\\' or ','; a value is one toml.Encoder
// writes.
func Ordered(keys []string, vals []any) any {
	fields := make([]reflect.StructField, len(keys))
	for i, k := range keys {
		fields[i] = reflect.StructField{Name: "F" + strconv.Itoa(i), Type: reflect.TypeOf(vals[i]), Tag: reflect.StructTag(`toml:"` + k + `"`)}
	}
	v := reflect.New(reflect.StructOf(fields)).Elem()
	for i, x := range vals {
		v.Field(i).Set(reflect.ValueOf(x))
	}
	return v.Interface()
}

// Inline is a table toml.Encoder writes inline, { k = v, ... }, in the
// order of Keys; Vals are its values.
type Inline struct {
	Keys []string
	Vals []any
}

// Add appends key k with value v.
func (t *Inline) Add(k string, v any) {
	t.Keys, t.Vals = append(t.Keys, k), append(t.Vals, v)
}

// MarshalTOML writes the table, its values by toml.Encoder.
func (t Inline) MarshalTOML() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("{ ")
	for i, k := range t.Keys {
		kv, err := toml.Marshal(map[string]any{k: t.Vals[i]})
		if err != nil {
			return nil, err
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.Write(bytes.TrimSpace(kv))
	}
	b.WriteString(" }")
	return b.Bytes(), nil
}

// Date is a TOML local date, YYYY-MM-DD, written as it is.
type Date string

// MarshalTOML writes the date.
func (d Date) MarshalTOML() ([]byte, error) { return []byte(d), nil }

// Week is the values of a week, Monday first, written one day a line.
type Week[T int | float64] []T

var dayNames = [7]string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

// MarshalTOML writes the week.
func (w Week[T]) MarshalTOML() ([]byte, error) {
	var b bytes.Buffer
	perDay := len(w) / 7
	b.WriteString("[\n")
	for d := range 7 {
		b.WriteString("  ")
		for _, x := range w[d*perDay : (d+1)*perDay] {
			switch x := any(x).(type) {
			case int:
				b.WriteString(strconv.Itoa(x))
			case float64:
				b.WriteString(Float(x))
			}
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "# day %d (%s)\n", d, dayNames[d])
	}
	b.WriteByte(']')
	return b.Bytes(), nil
}

// Float writes a finite float so that it reads back exactly.
func Float(x float64) string {
	if a := math.Abs(x); a == 0 || a >= 1e-4 && a < 1e15 {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strconv.FormatFloat(x, 'e', -1, 64)
}
