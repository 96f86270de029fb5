package main

import (
	"cmp"
	"fmt"
	"io"
	"maps"
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
	var drawCharts func() error
	if plot != nil {
		drawCharts = func() error { return draw(stage, *plot) }
	}
	chartErr, err = publishWithCharts(dir, written, drawCharts)
	return written, chartErr, err
}

// publishWithCharts draws the charts into dir's stage (drawCharts nil:
// none) and publishes the staged results files written with them. A
// failure to draw, or a chart named like a file that is not offsim's
// (-force), publishes the results without the charts and is returned as
// chartErr.
func publishWithCharts(dir *outdir.Dir, written []string, drawCharts func() error) (chartErr, err error) {
	staged := written
	if drawCharts != nil {
		if chartErr = drawCharts(); chartErr == nil {
			if staged, err = dir.Staged(); err != nil {
				return nil, err
			}
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
	return chartErr, dir.Publish(staged, group, results.GroupResults, results.GroupCharts)
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
// them back as offsim plot would.
func draw(stage string, opt plots.Options) error {
	res, err := readStaged(stage, plots.Load)
	if err != nil {
		return err
	}
	_, err = plots.Render(res, stage, opt)
	return err
}

// readStaged reads the files staged in stage back with load, as offsim
// plot reads a results folder: through a manifest sealed for the purpose
// and removed after.
func readStaged[T any](stage string, load func(dir string) (T, error)) (T, error) {
	if err := results.Seal(stage); err != nil {
		var none T
		return none, err
	}
	v, err := load(stage)
	if rerr := os.Remove(filepath.Join(stage, results.ManifestFile)); err == nil {
		err = rerr
	}
	return v, err
}

// printHeadline prints the headline of each scenario: customer outcomes
// with their 95% CIs, money per month and over the whole run (each column
// says which), and with a tender what is left at the end and who held
// each contract. A metric that does not apply or that no replication had
// is "–".
func printHeadline(w io.Writer, b model.BatchSummary) {
	fmt.Fprintln(w, "Customer outcomes (mean [95% CI] over replications)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\treps\tservice level\tabandoned\tASA (s)\tFCR\tCSAT\t")
	for _, sc := range b.Scenarios {
		m := sc.Metrics
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t\n", sc.Name, sc.Replications,
			cell(m, "service_level", pctCI), cell(m, "abandon_rate", pctCI), cell(m, "asa_seconds", plain(1)),
			cell(m, "fcr", pctCI), cell(m, "csat", pctCI))
	}
	tw.Flush()

	fmt.Fprintln(w, "\nMoney (EUR, means over replications; economic cost = client's cost + lost customer value)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\tper month\t\twhole run\t\t\tper resolved\t")
	fmt.Fprintln(tw, "scenario\tclient's cost\teconomic cost\tclient's cost\teconomic cost\tmonths\tissue\t")
	for _, sc := range b.Scenarios {
		m := sc.Metrics
		months := "–"
		if sc.Months > 0 {
			months = strconv.Itoa(sc.Months)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", sc.Name,
			cell(m, "cost_per_month_eur", mean(eur)), cell(m, "economic_cost_per_month_eur", mean(eur)),
			cell(m, "cost_total_eur", mean(eur)), cell(m, "economic_cost_eur", mean(eur)), months,
			cell(m, "cost_per_resolved_issue_eur", mean(eur)))
	}
	tw.Flush()
	printTenders(w, b)
}

// printTenders prints, for the scenarios with a tender, the final year's
// Dutch first-line jobs and offshore share, how often the Dutch first line
// was kept, and who held each contract in how many replications.
func printTenders(w io.Writer, b model.BatchSummary) {
	var tender []model.ScenarioSummary
	for _, sc := range b.Scenarios {
		if len(sc.Tenders) > 0 {
			tender = append(tender, sc)
		}
	}
	if len(tender) == 0 {
		return
	}
	fmt.Fprintln(w, "\nTender outcomes in the final year (mean [95% CI]; Dutch first line kept: at least half the first year's\nDutch first-line jobs left, in how many replications [95% Wilson interval])")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\tfinal year\tDutch first-line jobs\toffshore share\tDutch first line kept\tDutch pay ÷ minimum\t")
	for _, sc := range tender {
		m := sc.Metrics
		year := "–"
		if sc.Months > 0 {
			year = strconv.Itoa((sc.Months + model.MonthsPerYear - 1) / model.MonthsPerYear)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", sc.Name, year,
			cell(m, "final_year_domestic_jobs", numCI(1)), cell(m, "final_year_offshore_share", pctCI),
			cell(m, "domestic_first_line_kept", share), cell(m, "final_year_domestic_wage_to_minimum", numCI(2)))
	}
	tw.Flush()
	fmt.Fprintln(w, "\nWho held each contract (replications won; [95% Wilson interval] of the most frequent holder's share)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	prev := ""
	for _, sc := range tender {
		head := []string{"scenario"}
		row := []string{sc.Name}
		for k, t := range sc.Tenders {
			from := fmt.Sprintf("from year %d", int(t.StartDay/model.DaysPerYear)+1)
			if k == 0 {
				from = "first contract"
			}
			head = append(head, from)
			row = append(row, contractCell(sc, t))
		}
		if h := strings.Join(head, "\t") + "\t"; h != prev {
			fmt.Fprintln(tw, h)
			prev = h
		}
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	tw.Flush()
}

// contractCell says who won one contract in how many replications: the
// most frequent holder first, with the Wilson interval of its share.
func contractCell(sc model.ScenarioSummary, t model.TenderSummary) string {
	n := t.Replications
	if n == 0 {
		n = sc.Replications
	}
	names := slices.Collect(maps.Keys(t.Winners))
	slices.SortStableFunc(names, func(a, b string) int {
		if c := cmp.Compare(t.Winners[b], t.Winners[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	var parts []string
	for i, name := range names {
		if t.Winners[name] <= 0 {
			continue
		}
		part := fmt.Sprintf("%s %d/%d", name, int(math.Round(t.Winners[name]*float64(n))), n)
		if ci, ok := t.WinnersCI95[name]; ok && i == 0 && n > 1 {
			part += fmt.Sprintf(" [%.0f–%.0f%%]", 100*ci[0], 100*ci[1])
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, ", ")
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

// numCI formats a mean with its 95% CI.
func numCI(decimals int) func(model.Summary) string {
	return func(s model.Summary) string {
		f := func(v float64) string { return strconv.FormatFloat(v, 'f', decimals, 64) }
		if s.N < 2 {
			return f(s.Mean)
		}
		return fmt.Sprintf("%s [%s, %s]", f(s.Mean), f(s.CI95Low), f(s.CI95High))
	}
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

// pctCI formats a fraction's mean with its 95% CI in percent.
func pctCI(s model.Summary) string {
	if s.N < 2 {
		return fmt.Sprintf("%.1f%%", 100*s.Mean)
	}
	return fmt.Sprintf("%.1f%% [%.1f, %.1f]", 100*s.Mean, 100*s.CI95Low, 100*s.CI95High)
}

// share formats an all-or-nothing outcome: in how many replications it
// held, of how many, with its Wilson interval.
func share(s model.Summary) string {
	k := int(math.Round(s.Mean * float64(s.N)))
	out := fmt.Sprintf("%d of %d", k, s.N)
	if s.N > 1 {
		out += fmt.Sprintf(" [%.0f–%.0f%%]", 100*s.CI95Low, 100*s.CI95High)
	}
	return out
}
