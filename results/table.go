package results

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Table is one CSV file of a results folder whose rows are values of R.
// The columns are R's fields tagged `csv:"name"`, in field order: the
// struct is the one declaration of the file's columns, for the writer and
// the reader alike. Fields are strings (never empty), ints or float64s; a
// float that is not finite — a figure that does not exist, such as the
// Dutch wage in a year without Dutch agents — is written as an empty cell
// and read back as NaN.
type Table[R any] struct {
	// File is the file's name inside a results folder.
	File string
	// Optional files are written only when they have rows.
	Optional bool
	cols     []column
	rowsOf   func(*Rows) *[]R
}

// column is one tagged field.
type column struct {
	name  string
	field []int // index path, through embedded structs
	kind  reflect.Kind
}

// newTable declares the table of R, stored in Rows at rowsOf.
func newTable[R any](file string, optional bool, rowsOf func(*Rows) *[]R) *Table[R] {
	t := &Table[R]{File: file, Optional: optional, rowsOf: rowsOf}
	typ := reflect.TypeFor[R]()
	for _, f := range reflect.VisibleFields(typ) {
		name := f.Tag.Get("csv")
		if name == "" {
			continue
		}
		switch k := f.Type.Kind(); k {
		case reflect.String, reflect.Int, reflect.Float64:
			t.cols = append(t.cols, column{name: name, field: f.Index, kind: k})
		default:
			panic(fmt.Sprintf("results: %s.%s: unsupported column type %s", typ.Name(), f.Name, f.Type))
		}
	}
	return t
}

// Header returns the column names in file order.
func (t *Table[R]) Header() []string {
	h := make([]string, len(t.cols))
	for i, c := range t.cols {
		h[i] = c.name
	}
	return h
}

// Write writes the header and every row to w as CSV, checking every write.
func (t *Table[R]) Write(w io.Writer, rows iter.Seq[R]) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Header()); err != nil {
		return fmt.Errorf("%s: %w", t.File, err)
	}
	rec := make([]string, len(t.cols))
	for row := range rows {
		v := reflect.ValueOf(&row).Elem()
		for i, c := range t.cols {
			rec[i] = format(v.FieldByIndex(c.field))
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("%s: %w", t.File, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("%s: %w", t.File, err)
	}
	return nil
}

// format writes one cell.
func format(v reflect.Value) string {
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Int:
		return strconv.FormatInt(v.Int(), 10)
	}
	return Num(v.Float())
}

// Num formats a float in the shortest form that reads back exactly; a
// value that is not finite is the empty string.
func Num(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// Checker is a row type that checks its values once read.
type Checker interface{ Check() error }

// Read reads the CSV in r, calling each for every row in file order. The
// header must hold every column (in any order; other columns are ignored).
// Errors name the file (as name), the line and the column.
func (t *Table[R]) Read(name string, r io.Reader, each func(R) error) error {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err == io.EOF {
		return fmt.Errorf("%s: line 1: empty file, want a header %s", name, strings.Join(t.Header(), ","))
	}
	if err != nil {
		return csvError(name, err)
	}
	at := make(map[string]int, len(head))
	for i, h := range head {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		at[strings.TrimSpace(h)] = i
	}
	pos := make([]int, len(t.cols))
	for i, c := range t.cols {
		p, ok := at[c.name]
		if !ok {
			return fmt.Errorf("%s: line 1: header lacks column %q (want %s)", name, c.name, strings.Join(t.Header(), ","))
		}
		pos[i] = p
	}
	intern := map[string]string{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		var row R
		v := reflect.ValueOf(&row).Elem()
		for i, c := range t.cols {
			if err := parse(v.FieldByIndex(c.field), strings.TrimSpace(rec[pos[i]]), intern); err != nil {
				return fmt.Errorf("%s: line %d: column %s: %w", name, line, c.name, err)
			}
		}
		if ck, ok := any(&row).(Checker); ok {
			if err := ck.Check(); err != nil {
				return fmt.Errorf("%s: line %d: %w", name, line, err)
			}
		}
		if err := each(row); err != nil {
			return fmt.Errorf("%s: line %d: %w", name, line, err)
		}
	}
}

// parse sets one field from its cell. Strings are interned: the same
// names repeat on every row.
func parse(f reflect.Value, s string, intern map[string]string) error {
	switch f.Kind() {
	case reflect.String:
		if s == "" {
			return errors.New("is empty")
		}
		if in, ok := intern[s]; ok {
			s = in
		} else {
			s = strings.Clone(s)
			intern[s] = s
		}
		f.SetString(s)
	case reflect.Int:
		n, err := strconv.Atoi(s)
		if err != nil {
			return fmt.Errorf("%q is not an integer", s)
		}
		f.SetInt(int64(n))
	default:
		if s == "" {
			f.SetFloat(math.NaN())
			return nil
		}
		x, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(x, 0) {
			return fmt.Errorf("%q is not a number", s)
		}
		f.SetFloat(x)
	}
	return nil
}

// csvError names the file and line of a CSV syntax error.
func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: line %d: %w", name, pe.Line, pe.Err)
	}
	return fmt.Errorf("%s: %w", name, err)
}

// table is a Table of any row type, for walking every file of Rows.
type table interface {
	file() string
	optional() bool
	count(*Rows) int
	writeRows(io.Writer, *Rows) error
	readRows(name string, r io.Reader, into *Rows) error
}

func (t *Table[R]) file() string         { return t.File }
func (t *Table[R]) optional() bool       { return t.Optional }
func (t *Table[R]) count(rows *Rows) int { return len(*t.rowsOf(rows)) }
func (t *Table[R]) writeRows(w io.Writer, rows *Rows) error {
	return t.Write(w, slices.Values(*t.rowsOf(rows)))
}

func (t *Table[R]) readRows(name string, r io.Reader, into *Rows) error {
	dst := t.rowsOf(into)
	return t.Read(name, r, func(row R) error {
		*dst = append(*dst, row)
		return nil
	})
}
