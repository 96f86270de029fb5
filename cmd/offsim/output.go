package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"offsim/internal/outdir"
	"offsim/model"
	"offsim/plots"
	"offsim/results"
)

// report writes the results of the scenarios run into the output folder
// as one unit (see outdir), draws the charts (unless plot is nil) and
// prints the headline; it returns a non-zero exit code on failure.
func report(dir *outdir.Dir, done []*positioned, baseline string, plot *plots.Options, stdout, stderr io.Writer, elapsed time.Duration) int {
	batch := results.Batch{Baseline: baseline}
	for _, d := range done {
		batch.Scenarios = append(batch.Scenarios, d.col)
	}
	summary, err := batch.Summary()
	if err != nil {
		fmt.Fprintf(stderr, "offsim: %v\n", err)
		return 2
	}
	written, chartErr, err := publish(dir, &batch, done, plot)
	if err != nil {
		fmt.Fprintf(stderr, "offsim: %v\n", err)
		return 1
	}
	printHeadline(stdout, summary)
	var paths []string
	resolved := 0
	for _, n := range written {
		if path.Dir(n) == results.ScenariosDir {
			resolved++
			continue
		}
		paths = append(paths, filepath.Join(dir.Path, n))
	}
	if resolved > 0 {
		paths = append(paths, fmt.Sprintf("%s (%d resolved scenario files)", filepath.Join(dir.Path, results.ScenariosDir), resolved))
	}
	fmt.Fprintf(stdout, "\n%d scenario(s) in %.2f s; wrote %s\n", len(summary.Scenarios), elapsed.Seconds(), strings.Join(paths, ", "))
	switch {
	case chartErr != nil:
		fmt.Fprintf(stderr, "offsim: the results are saved, but drawing the charts failed: %v\n", chartErr)
		return 1
	case plot != nil:
		fmt.Fprintf(stdout, "charts and report: %s\n", filepath.Join(dir.Path, plots.ReportFile))
	}
	return 0
}

// publish stages the results files and the resolved scenarios, draws the
// charts from the staged files exactly as offsim plot would, and
// publishes them all. It returns the results files written; a failure to
// draw is returned apart (the results are published without charts).
func publish(dir *outdir.Dir, batch *results.Batch, done []*positioned, plot *plots.Options) (written []string, chartErr, err error) {
	stage, err := dir.Stage()
	if err != nil {
		return nil, nil, err
	}
	if written, err = batch.WriteDir(stage); err != nil {
		return nil, nil, err
	}
	if len(done) > 0 {
		if err := os.Mkdir(filepath.Join(stage, results.ScenariosDir), 0o755); err != nil {
			return nil, nil, err
		}
	}
	for _, d := range done {
		name := d.resolvedName()
		if err := os.WriteFile(filepath.Join(stage, filepath.FromSlash(name)), d.toml, 0o644); err != nil {
			return nil, nil, err
		}
		written = append(written, name)
	}
	staged := written
	if plot != nil {
		if chartErr = draw(stage, *plot); chartErr == nil {
			if staged, err = dir.Staged(); err != nil {
				return nil, nil, err
			}
			// A chart named like a file that is not offsim's (-force) is not
			// drawn over it: the results are published, the charts not.
			if chartErr = dir.CheckWritable(staged); chartErr != nil {
				staged = written
			}
		}
	}
	group := func(name string) string {
		if slices.Contains(written, name) {
			return results.GroupResults
		}
		return results.GroupCharts
	}
	return written, chartErr, dir.Publish(staged, group, results.GroupResults, results.GroupCharts)
}

// resolvedName is the name of the scenario's resolved file in the results.
func (p *positioned) resolvedName() string {
	return path.Join(results.ScenariosDir, fmt.Sprintf("%02d-%s.toml", p.rs.Position, slug(p.sc.Name)))
}

// planned returns the results files a batch will write.
func planned(batch []*positioned) []string {
	var scs []*model.Scenario
	var names []string
	for _, b := range batch {
		scs = append(scs, b.sc)
		names = append(names, b.resolvedName())
	}
	return append(results.Planned(scs), names...)
}

// draw renders the charts of the results staged in stage into it, reading
// them back through plots.Load (a manifest sealed for the purpose and
// removed after).
func draw(stage string, opt plots.Options) error {
	if err := results.Seal(stage); err != nil {
		return err
	}
	res, err := plots.Load(stage)
	if rerr := os.Remove(filepath.Join(stage, results.ManifestFile)); err == nil {
		err = rerr
	}
	if err != nil {
		return err
	}
	_, err = plots.Render(res, stage, opt)
	return err
}

// printHeadline prints the headline metrics of each scenario as a table:
// means with their 95% CI half-width; a metric no replication had is "–".
func printHeadline(w io.Writer, b model.BatchSummary) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\treps\toffered\tservice level\tabandoned\tASA s\tFCR\tCSAT\tcost EUR\tper resolved issue\t")
	for _, sc := range b.Scenarios {
		m := sc.Metrics
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", sc.Name, sc.Replications,
			cell(m, "calls_offered", plain(0)), cell(m, "service_level", pct), cell(m, "abandon_rate", pct),
			cell(m, "asa_seconds", plain(1)), cell(m, "fcr", pct), cell(m, "csat", pct),
			cell(m, "cost_total_eur", mean(eur)), cell(m, "cost_per_resolved_issue_eur", mean(eur)))
	}
	tw.Flush()
}

// cell formats metric name of m, or "–" when it is absent.
func cell(m map[string]model.Summary, name string, f func(model.Summary) string) string {
	s, ok := m[name]
	if !ok || s.N == 0 {
		return "–"
	}
	return f(s)
}

func plain(decimals int) func(model.Summary) string {
	return func(s model.Summary) string { return strconv.FormatFloat(s.Mean, 'f', decimals, 64) }
}

func mean(f func(float64) string) func(model.Summary) string {
	return func(s model.Summary) string { return f(s.Mean) }
}

// eur formats an amount in whole euros with thousands separators.
func eur(v float64) string {
	neg := v < 0
	s := strconv.FormatFloat(math.Abs(math.Round(v)), 'f', 0, 64)
	if math.Abs(v) < 100 {
		s = strconv.FormatFloat(math.Abs(v), 'f', 2, 64)
	}
	intPart, frac, _ := strings.Cut(s, ".")
	var out []byte
	for i, c := range []byte(intPart) {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, c)
	}
	if frac != "" {
		out = append(append(out, '.'), frac...)
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

// pct formats a fraction's mean with its 95% CI half-width in percent.
func pct(s model.Summary) string {
	return fmt.Sprintf("%.1f%% ±%.1f", 100*s.Mean, 100*(s.CI95High-s.Mean))
}
