package results

import (
	"bufio"
	"fmt"
	"io"
	"iter"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"offsim/model"
)

// Batch is the scenarios of one run, in their order, each with the
// replications collected.
type Batch struct {
	Scenarios []*Collector
	// Baseline names the scenario the others are compared with, paired by
	// replication; empty: the first.
	Baseline string
}

// Summary summarises every scenario of the batch and gives each but the
// baseline its paired difference to the baseline.
func (b *Batch) Summary() (model.BatchSummary, error) {
	var out model.BatchSummary
	if len(b.Scenarios) == 0 {
		return out, nil
	}
	base := b.Scenarios[0]
	if b.Baseline != "" {
		i := slices.IndexFunc(b.Scenarios, func(c *Collector) bool { return c.sc.Name == b.Baseline })
		if i < 0 {
			return out, fmt.Errorf("baseline %q is not a scenario of this batch", b.Baseline)
		}
		base = b.Scenarios[i]
	}
	for _, c := range b.Scenarios {
		s := c.Summary()
		if c != base {
			s.Baseline = base.sc.Name
			s.VsBaseline = c.Paired(base)
		}
		out.Scenarios = append(out.Scenarios, s)
	}
	out.Metrics = labels(out.Scenarios)
	return out, nil
}

// labels returns the dictionary's unit, period and definition of every
// metric of the scenarios' summaries.
func labels(scs []model.ScenarioSummary) map[string]model.MetricLabel {
	out := map[string]model.MetricLabel{}
	add := func(m map[string]model.Summary) {
		for name := range m {
			d, ok := model.LookupMetric(model.RunTable, name)
			if !ok {
				d, ok = model.LookupMetric(model.OutcomeTable, name)
			}
			if ok {
				out[name] = model.MetricLabel{Unit: d.Unit, Period: d.Period, Definition: d.Definition}
			}
		}
	}
	for _, sc := range scs {
		add(sc.Metrics)
		for _, site := range sc.Sites {
			add(site.Metrics)
		}
	}
	return out
}

// WriteDir writes summary.json and every CSV file of the batch into dir
// (which must exist) and returns the names written, in order. Optional
// files without rows are not written.
func (b *Batch) WriteDir(dir string) ([]string, error) {
	sum, err := b.Summary()
	if err != nil {
		return nil, err
	}
	w := dirWriter{dir: dir}
	w.summary(sum)
	cs := b.Scenarios
	writeTable(&w, SummaryCSV, summaryRows(sum))
	writeTable(&w, PairedCSV, pairedRows(sum))
	writeTable(&w, ReplicationsCSV, each(cs, (*Collector).repRows))
	writeTable(&w, TimeseriesCSV, each(cs, (*Collector).seriesRows))
	writeTable(&w, ParametersCSV, each(cs, (*Collector).paramRows))
	writeTable(&w, SweepCSV, each(cs, (*Collector).sweepRows))
	writeTable(&w, YearlyCSV, each(cs, (*Collector).yearRows))
	writeTable(&w, YearlyRepsCSV, each(cs, (*Collector).yearRepRows))
	writeTable(&w, TendersCSV, each(cs, (*Collector).tenderRows))
	return w.names, w.err
}

// Planned returns the names of the files WriteDir will write for a batch
// of these scenarios: the optional files only when some scenario has
// uncertain parameters, a sweep or a tender.
func Planned(scs []*model.Scenario) []string {
	var uncertain, sweep, tender bool
	for _, sc := range scs {
		uncertain = uncertain || len(sc.Uncertain) > 0
		sweep = sweep || len(sc.Sweep) > 0
		tender = tender || sc.Tender != nil
	}
	out := []string{SummaryJSON, SummaryCSV.File}
	for _, t := range tables {
		switch t.file() {
		case ParametersCSV.File:
			if !uncertain {
				continue
			}
		case SweepCSV.File:
			if !sweep {
				continue
			}
		case TendersCSV.File:
			if !tender {
				continue
			}
		}
		out = append(out, t.file())
	}
	return out
}

// WriteRows writes a summary and rows into dir (which must exist) as an
// offsim run would: summary.json and summary.csv from sum, then every CSV
// file of rows (an optional one only when it has rows). It returns the
// names written.
func WriteRows(dir string, sum model.BatchSummary, rows *Rows) ([]string, error) {
	w := dirWriter{dir: dir}
	w.summary(sum)
	writeTable(&w, SummaryCSV, summaryRows(sum))
	for _, t := range tables {
		if w.err == nil && (!t.optional() || t.count(rows) > 0) {
			w.file(t.file(), func(out io.Writer) error { return t.writeRows(out, rows) })
		}
	}
	return w.names, w.err
}

// dirWriter writes files into a folder until the first error.
type dirWriter struct {
	dir   string
	names []string
	err   error
}

func (w *dirWriter) summary(sum model.BatchSummary) {
	data, err := EncodeSummary(sum)
	if err != nil {
		w.err = err
		return
	}
	w.file(SummaryJSON, func(out io.Writer) error {
		_, err := out.Write(data)
		return err
	})
}

// file writes one file through a buffer, synced to disk.
func (w *dirWriter) file(name string, fill func(io.Writer) error) {
	if w.err != nil {
		return
	}
	w.err = writeFile(filepath.Join(w.dir, name), fill)
	if w.err == nil {
		w.names = append(w.names, name)
	}
}

func writeFile(path string, fill func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	err = fill(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// writeTable writes one table's rows; an optional table without rows is
// not written.
func writeTable[R any](w *dirWriter, t *Table[R], rows iter.Seq[R]) {
	if w.err != nil {
		return
	}
	if t.Optional {
		empty := true
		for range rows {
			empty = false
			break
		}
		if empty {
			return
		}
	}
	w.file(t.File, func(out io.Writer) error { return t.Write(out, rows) })
}

// summaryRows yields the rows of summary.csv: per scenario, all sites
// ("all") and then each site by name, every metric in the fixed order.
func summaryRows(b model.BatchSummary) iter.Seq[SummaryRow] {
	return func(yield func(SummaryRow) bool) {
		for _, sc := range b.Scenarios {
			groups := []string{"all"}
			groups = append(groups, slices.Sorted(maps.Keys(sc.Sites))...)
			for i, site := range groups {
				m := sc.Metrics
				if i > 0 {
					m = sc.Sites[site].Metrics
				}
				for _, name := range metricOrder(m) {
					unit, period := unitPeriod(name)
					if !yield(SummaryRow{sc.Name, site, name, unit, period, StatsOf(m[name])}) {
						return
					}
				}
			}
		}
	}
}

// pairedRows yields the rows of paired.csv.
func pairedRows(b model.BatchSummary) iter.Seq[PairedRow] {
	return func(yield func(PairedRow) bool) {
		for _, sc := range b.Scenarios {
			if sc.Baseline == "" {
				continue
			}
			for _, name := range metricOrder(sc.VsBaseline) {
				s := sc.VsBaseline[name]
				unit, period := unitPeriod(name)
				if !yield(PairedRow{sc.Name, sc.Baseline, name, unit, period, s.N, s.Mean, s.SD, s.CI95Low, s.CI95High}) {
					return
				}
			}
		}
	}
}

// unitPeriod returns the unit and period of a metric of summary.json (a
// per-replication metric or a tender outcome); empty when it has no row in
// the metric dictionary.
func unitPeriod(name string) (unit, period string) {
	d, ok := model.LookupMetric(model.RunTable, name)
	if !ok {
		d, _ = model.LookupMetric(model.OutcomeTable, name)
	}
	return d.Unit, d.Period
}

// metricOrder lists the metrics of m that are finite: the known ones in
// their fixed order (model.MetricNames), any others sorted after them.
func metricOrder(m map[string]model.Summary) []string {
	known := model.MetricNames()
	var out, extra []string
	for _, n := range known {
		if s, ok := m[n]; ok && Finite(s) {
			out = append(out, n)
		}
	}
	for _, n := range slices.Sorted(maps.Keys(m)) {
		if !slices.Contains(known, n) && Finite(m[n]) {
			extra = append(extra, n)
		}
	}
	return append(out, extra...)
}
