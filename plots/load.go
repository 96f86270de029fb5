package plots

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"offsim/model"
)

// File names inside a results directory.
const (
	SummaryFile      = "summary.json"
	ReplicationsFile = "replications.csv"
	TimeseriesFile   = "timeseries.csv"
	PairedFile       = "paired.csv"
	SweepFile        = "sweep.csv"
	ParametersFile   = "parameters.csv"
	// ScenariosDir holds the resolved scenario files (*.toml), if any.
	ScenariosDir = "scenarios"
)

// RepRow is one row of replications.csv: one metric of one replication of
// one scenario, for one site ("all" is the total).
type RepRow struct {
	Scenario    string
	Replication int
	Site        string
	Metric      string
	Value       float64
}

// SeriesRow is one row of timeseries.csv: one metric of one site in one
// month (from 1), summarised over the replications.
type SeriesRow struct {
	Scenario string
	Site     string
	Month    int
	Metric   string
	N        int
	Mean     float64
	P05      float64
	P50      float64
	P95      float64
}

// PairedRow is one row of paired.csv: the difference scenario − baseline
// of one metric, paired by replication.
type PairedRow struct {
	Scenario string
	Baseline string
	Metric   string
	N        int
	Mean     float64
	SD       float64
	CI95Low  float64
	CI95High float64
}

// SweepRow is one row of sweep.csv: scenario Scenario has the swept key Key
// set to Value (a number, or a name for a non-numeric key).
type SweepRow struct {
	Scenario string
	Key      string
	Value    string
}

// ParamRow is one row of parameters.csv: the value drawn for an uncertain
// parameter in one replication of one scenario.
type ParamRow struct {
	Scenario    string
	Replication int
	Parameter   string
	Value       float64
}

// ScenarioFile is one resolved scenario file of the scenarios/ directory.
type ScenarioFile struct {
	// Name is the file's base name (e.g. "nl-inhouse.toml").
	Name string
	Text string
}

// Results is everything the charts are drawn from. Only Summary is
// required; a chart whose inputs are missing is skipped.
type Results struct {
	Summary      model.BatchSummary
	Replications []RepRow
	Timeseries   []SeriesRow
	Paired       []PairedRow
	Sweep        []SweepRow
	Parameters   []ParamRow
	// Yearly, YearlyReps and Tenders are the race-to-the-bottom outputs.
	Yearly     []YearRow
	YearlyReps []YearRepRow
	Tenders    []TenderRow
	// ScenarioFiles are the resolved scenario files, sorted by name.
	ScenarioFiles []ScenarioFile
}

// Load reads the results in dir. summary.json is required; every other
// file is optional. A malformed file gives an error naming the file and
// the line.
func Load(dir string) (*Results, error) {
	r := &Results{}
	data, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	if err := decodeSummary(data, &r.Summary); err != nil {
		return nil, fmt.Errorf("plots: %s: %w", filepath.Join(dir, SummaryFile), err)
	}
	for _, f := range []struct {
		name string
		load func(*table) error
	}{
		{ReplicationsFile, func(t *table) error { return t.each(r.addRep) }},
		{TimeseriesFile, func(t *table) error { return t.each(r.addSeries) }},
		{PairedFile, func(t *table) error { return t.each(r.addPaired) }},
		{SweepFile, func(t *table) error { return t.each(r.addSweep) }},
		{ParametersFile, func(t *table) error { return t.each(r.addParam) }},
		{YearlyFile, func(t *table) error { return t.each(r.addYear) }},
		{YearlyRepsFile, func(t *table) error { return t.each(r.addYearRep) }},
		{TendersFile, func(t *table) error { return t.each(r.addTender) }},
	} {
		path := filepath.Join(dir, f.name)
		data, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("plots: %w", err)
		}
		t, err := newTable(path, data, columns[f.name])
		if err != nil {
			return nil, err
		}
		if err := f.load(t); err != nil {
			return nil, err
		}
	}
	files, err := filepath.Glob(filepath.Join(dir, ScenariosDir, "*.toml"))
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	slices.Sort(files)
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("plots: %w", err)
		}
		r.ScenarioFiles = append(r.ScenarioFiles, ScenarioFile{Name: filepath.Base(p), Text: string(data)})
	}
	return r, nil
}

// decodeSummary decodes summary.json, reporting the line of a syntax or
// type error. Unknown fields are ignored: newer files may carry more.
func decodeSummary(data []byte, b *model.BatchSummary) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	err := dec.Decode(b)
	if err == nil {
		if dec.More() {
			return fmt.Errorf("line %d: unexpected data after the summary", lineAt(data, dec.InputOffset()))
		}
		for i, sc := range b.Scenarios {
			if sc.Name == "" {
				return fmt.Errorf("scenario %d has no name", i+1)
			}
		}
		return nil
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("line %d: %w", lineAt(data, syn.Offset), err)
	case errors.As(err, &typ):
		return fmt.Errorf("line %d: %w", lineAt(data, typ.Offset), err)
	case errors.Is(err, io.EOF):
		return errors.New("empty file")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("line %d: unexpected end of file", lineAt(data, int64(len(data))))
	}
	return err
}

// lineAt returns the 1-based line of byte offset off in data.
func lineAt(data []byte, off int64) int {
	off = min(max(off, 0), int64(len(data)))
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// columns lists each CSV file's required columns; other columns are
// ignored, and the order does not matter.
var columns = map[string][]string{
	ReplicationsFile: {"scenario", "replication", "site", "metric", "value"},
	TimeseriesFile:   {"scenario", "site", "month", "metric", "n", "mean", "p05", "p50", "p95"},
	PairedFile:       {"scenario", "baseline", "metric", "n", "mean", "sd", "ci95_low", "ci95_high"},
	SweepFile:        {"scenario", "key", "value"},
	ParametersFile:   {"scenario", "replication", "parameter", "value"},
}

// table reads one CSV file with a header row.
type table struct {
	path string
	r    *csv.Reader
	col  map[string]int
	rec  []string
	line int
}

func newTable(path string, data []byte, want []string) (*table, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.ReuseRecord = false
	head, err := r.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("plots: %s: line 1: empty file, want a header %s", path, strings.Join(want, ","))
	}
	if err != nil {
		return nil, csvError(path, err)
	}
	t := &table{path: path, r: r, col: make(map[string]int, len(head))}
	for i, h := range head {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		t.col[strings.TrimSpace(h)] = i
	}
	for _, w := range want {
		if _, ok := t.col[w]; !ok {
			return nil, fmt.Errorf("plots: %s: line 1: header lacks column %q (want %s)", path, w, strings.Join(want, ","))
		}
	}
	return t, nil
}

// csvError names the file and line of a CSV syntax error.
func csvError(path string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("plots: %s: line %d: %w", path, pe.Line, pe.Err)
	}
	return fmt.Errorf("plots: %s: %w", path, err)
}

// each calls row for every record, naming the file and line of any error.
func (t *table) each(row func(*table) error) error {
	for {
		rec, err := t.r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(t.path, err)
		}
		t.rec = rec
		t.line, _ = t.r.FieldPos(0)
		if err := row(t); err != nil {
			return fmt.Errorf("plots: %s: line %d: %w", t.path, t.line, err)
		}
	}
}

func (t *table) str(name string) string { return t.rec[t.col[name]] }

func (t *table) nonEmpty(name string) (string, error) {
	s := t.str(name)
	if s == "" {
		return "", fmt.Errorf("column %s is empty", name)
	}
	return s, nil
}

func (t *table) float(name string) (float64, error) {
	s := t.str(name)
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0, fmt.Errorf("column %s: %q is not a number", name, s)
	}
	return v, nil
}

func (t *table) int(name string) (int, error) {
	s := t.str(name)
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("column %s: %q is not an integer", name, s)
	}
	return v, nil
}

// fields reads the named columns, stopping at the first error.
type fields struct {
	t   *table
	err error
}

func (f *fields) s(name string) string {
	if f.err != nil {
		return ""
	}
	v, err := f.t.nonEmpty(name)
	f.err = err
	return v
}

func (f *fields) f(name string) float64 {
	if f.err != nil {
		return 0
	}
	v, err := f.t.float(name)
	f.err = err
	return v
}

func (f *fields) i(name string) int {
	if f.err != nil {
		return 0
	}
	v, err := f.t.int(name)
	f.err = err
	return v
}

func (r *Results) addRep(t *table) error {
	f := fields{t: t}
	row := RepRow{Scenario: f.s("scenario"), Replication: f.i("replication"), Site: f.s("site"), Metric: f.s("metric"), Value: f.f("value")}
	if f.err == nil && row.Replication < 0 {
		f.err = fmt.Errorf("column replication: %d is negative", row.Replication)
	}
	if f.err != nil {
		return f.err
	}
	r.Replications = append(r.Replications, row)
	return nil
}

func (r *Results) addSeries(t *table) error {
	f := fields{t: t}
	row := SeriesRow{Scenario: f.s("scenario"), Site: f.s("site"), Month: f.i("month"), Metric: f.s("metric"),
		N: f.i("n"), Mean: f.f("mean"), P05: f.f("p05"), P50: f.f("p50"), P95: f.f("p95")}
	if f.err == nil && row.Month < 1 {
		f.err = fmt.Errorf("column month: %d is not a month (they count from 1)", row.Month)
	}
	if f.err != nil {
		return f.err
	}
	r.Timeseries = append(r.Timeseries, row)
	return nil
}

func (r *Results) addPaired(t *table) error {
	f := fields{t: t}
	row := PairedRow{Scenario: f.s("scenario"), Baseline: f.s("baseline"), Metric: f.s("metric"), N: f.i("n"),
		Mean: f.f("mean"), SD: f.f("sd"), CI95Low: f.f("ci95_low"), CI95High: f.f("ci95_high")}
	if f.err != nil {
		return f.err
	}
	r.Paired = append(r.Paired, row)
	return nil
}

func (r *Results) addSweep(t *table) error {
	f := fields{t: t}
	row := SweepRow{Scenario: f.s("scenario"), Key: f.s("key"), Value: strings.TrimSpace(t.str("value"))}
	if f.err != nil {
		return f.err
	}
	r.Sweep = append(r.Sweep, row)
	return nil
}

func (r *Results) addParam(t *table) error {
	f := fields{t: t}
	row := ParamRow{Scenario: f.s("scenario"), Replication: f.i("replication"), Parameter: f.s("parameter"), Value: f.f("value")}
	if f.err != nil {
		return f.err
	}
	r.Parameters = append(r.Parameters, row)
	return nil
}
