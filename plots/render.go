package plots

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"offsim/internal/atomicfile"
)

// Cost axes of Options.CostAxis.
const (
	// CostTotal puts total cost in EUR per month on the cost axis:
	// cost_total_eur ÷ the months of the scenario's series.
	CostTotal = "total"
	// CostPerResolved puts cost_per_resolved_issue_eur on the cost axis.
	CostPerResolved = "per_resolved"
)

// Options choose what the charts show.
type Options struct {
	// CostAxis is CostTotal (the default) or CostPerResolved.
	CostAxis string
	// Outcome is the headline chart's y axis: "csat" (the default),
	// "service_level", "fcr" or "churn_rate".
	Outcome string
}

// Check rejects unknown values, as Render would: a command checks its
// flags with it before doing any work.
func (o Options) Check() error {
	_, err := o.normalize()
	return err
}

// normalize fills in the defaults and rejects unknown values.
func (o Options) normalize() (Options, error) {
	if o.CostAxis == "" {
		o.CostAxis = CostTotal
	}
	if o.Outcome == "" {
		o.Outcome = "csat"
	}
	if o.CostAxis != CostTotal && o.CostAxis != CostPerResolved {
		return o, fmt.Errorf("plots: unknown cost axis %q (want %s or %s)", o.CostAxis, CostTotal, CostPerResolved)
	}
	if !slices.Contains(outcomeMetrics, o.Outcome) {
		return o, fmt.Errorf("plots: unknown outcome %q (want %s)", o.Outcome, strings.Join(outcomeMetrics, ", "))
	}
	return o, nil
}

// ReportFile is the name of the HTML report Render writes.
const ReportFile = "report.html"

// Render draws every chart the results allow into dir (created if need
// be) as NAME.png and NAME.svg, and report.html with the tables and every
// chart inline; each file is written atomically (a temporary file renamed
// over the target). It returns the paths written, charts in a fixed order
// and the report last. Charts whose inputs are missing (sweep.csv,
// parameters.csv, replications or series) are skipped; the report says
// which.
func Render(r *Results, dir string, opt Options) ([]string, error) {
	if r == nil {
		return nil, errors.New("plots: no results")
	}
	opt, err := opt.normalize()
	if err != nil {
		return nil, err
	}
	d := newDataset(r, opt)
	figs, notes := d.figures()
	type out struct {
		png, svg []byte
		err      error
	}
	outs := make([]out, len(figs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i, f := range figs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			o := &outs[i]
			if o.png, o.err = f.png(); o.err != nil {
				return
			}
			o.svg, o.err = f.svg()
		}()
	}
	wg.Wait()
	for _, o := range outs {
		if o.err != nil {
			return nil, fmt.Errorf("plots: %w", o.err)
		}
	}
	svgs := make([][]byte, len(figs))
	for i := range outs {
		svgs[i] = outs[i].svg
	}
	html, err := d.report(figs, svgs, notes)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	var paths []string
	for i, f := range figs {
		for _, w := range []struct {
			ext  string
			data []byte
		}{{".png", outs[i].png}, {".svg", outs[i].svg}} {
			p := filepath.Join(dir, f.name+w.ext)
			if err := atomicfile.WriteFile(p, w.data); err != nil {
				return paths, fmt.Errorf("plots: %w", err)
			}
			paths = append(paths, p)
		}
	}
	p := filepath.Join(dir, ReportFile)
	if err := atomicfile.WriteFile(p, html); err != nil {
		return paths, fmt.Errorf("plots: %w", err)
	}
	return append(paths, p), nil
}

// figures lists every chart the data allow, in the report's order, and
// notes on the charts left out.
func (d *dataset) figures() ([]*figure, []string) {
	var figs []*figure
	var notes []string
	cm := d.costMetric()
	if len(d.scens) == 0 {
		return nil, []string{"summary.json lists no scenarios: no charts."}
	}
	costs := d.nonZero(cm)
	switch {
	case costs:
		figs = append(figs, d.costOutcomeFigure(), d.panelFigure())
	case d.hasMetric(cm) || d.hasSummary(cm):
		notes = append(notes, "Every cost is zero (the scenarios price nothing): the cost charts are left out.")
	default:
		notes = append(notes, "No cost figures: the cost-against-outcome charts are left out.")
	}
	if costs {
		if f := d.breakdownFigure(); f != nil {
			figs = append(figs, f)
		} else {
			notes = append(notes, "No cost categories: the cost breakdown is left out.")
		}
		if d.hasMetric(cm) {
			figs = append(figs, d.distributionFigure())
		} else {
			notes = append(notes, "No replications.csv: the cost distribution is left out.")
		}
	}
	if len(d.r.Timeseries) == 0 {
		notes = append(notes, "No timeseries.csv: the charts over time are left out.")
	}
	var zero []string
	for _, m := range timeseriesMetrics {
		if !d.seriesNonZero(m) {
			if d.hasSeries(m) {
				zero = append(zero, m)
			}
			continue
		}
		if f := d.timeseriesFigure(m); f != nil {
			figs = append(figs, f)
		}
	}
	if len(zero) > 0 {
		notes = append(notes, "Zero in every month of every scenario, so not drawn over time: "+strings.Join(zero, ", ")+".")
	}
	sw, swNote := d.sweepFigures()
	figs = append(figs, sw...)
	if swNote != "" {
		notes = append(notes, swNote)
	}
	if f, note := d.tornadoFigure(); f != nil {
		figs = append(figs, f)
	} else {
		notes = append(notes, note)
	}
	lead, yearly, raceNotes := d.raceFigures()
	at := min(len(figs), 2) // after the headline and its panel
	figs = append(figs[:at], append(lead, figs[at:]...)...)
	figs = append(figs, yearly...)
	notes = append(notes, raceNotes...)
	return figs, notes
}

// nonZero reports whether any scenario has a non-zero value of the metric,
// in its replications or its summary.
func (d *dataset) nonZero(metric string) bool {
	for _, s := range d.scens {
		for _, v := range s.floats(metric) {
			if v != 0 {
				return true
			}
		}
		if sm, ok := s.summary(metric); ok && sm.Mean != 0 && isFinite(sm.Mean) {
			return true
		}
	}
	return false
}

// hasSeries reports whether any scenario has the monthly metric.
func (d *dataset) hasSeries(metric string) bool {
	for _, s := range d.scens {
		if len(d.seriesOf(s, metric)) > 0 {
			return true
		}
	}
	return false
}

// seriesNonZero reports whether any month of any scenario has a non-zero
// value of the monthly metric.
func (d *dataset) seriesNonZero(metric string) bool {
	for _, s := range d.scens {
		for _, r := range d.seriesOf(s, metric) {
			for _, v := range []float64{r.Mean, r.P05, r.P50, r.P95} {
				if v != 0 && isFinite(v) {
					return true
				}
			}
		}
	}
	return false
}

// hasSummary reports whether any scenario's summary has the metric.
func (d *dataset) hasSummary(metric string) bool {
	for _, s := range d.scens {
		if _, ok := s.summary(metric); ok {
			return true
		}
	}
	return false
}

func nan() float64 { return math.NaN() }

// lower lower-cases the first letter of s unless it starts an acronym.
func lower(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	if r2, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(r2) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
