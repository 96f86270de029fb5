package plots

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"offsim/model"
	"offsim/results"
)

// The rows of the results files, as package results declares them.
type (
	RepRow     = results.RepRow
	SeriesRow  = results.SeriesRow
	PairedRow  = results.PairedRow
	SweepRow   = results.SweepRow
	ParamRow   = results.ParamRow
	YearRow    = results.YearRow
	YearRepRow = results.YearRepRow
	TenderRow  = results.TenderRow
)

// ScenarioFile is one resolved scenario file of the scenarios/ directory.
type ScenarioFile struct {
	// Name is the file's base name (e.g. "00-nl-inhouse.toml").
	Name string
	Text string
}

// Results is everything the charts are drawn from. Only Summary is
// required; a chart whose inputs are missing is skipped.
type Results struct {
	Summary model.BatchSummary
	// Rows are the rows of the CSV files (Replications, Timeseries, Paired,
	// Sweep, Parameters, and the race-to-the-bottom outputs Yearly,
	// YearlyReps and Tenders).
	results.Rows
	// ScenarioFiles are the resolved scenario files, sorted by name.
	ScenarioFiles []ScenarioFile
}

// Load reads the results offsim wrote in dir. The folder must hold the
// manifest of a complete run, and every file read must be the one it
// lists (size and checksum): a folder offsim stopped writing, or whose
// files come from different runs, is refused as an incomplete run. Only
// regular files inside dir are read, each up to its size limit. A
// malformed file gives an error naming the file and the line.
func Load(dir string) (*Results, error) {
	set, err := results.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	defer set.Close()
	r := &Results{}
	data, err := set.ReadFile(results.SummaryJSON, results.MaxSummaryBytes)
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	if r.Summary, err = results.DecodeSummary(data); err != nil {
		return nil, fmt.Errorf("plots: %s: %w", filepath.Join(dir, results.SummaryJSON), err)
	}
	if err := set.ReadRows(&r.Rows); err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	for _, name := range set.Names(results.ScenariosDir) {
		if !strings.HasSuffix(name, ".toml") {
			continue
		}
		text, err := set.ReadFile(name, results.MaxScenarioFileBytes)
		if err != nil {
			return nil, fmt.Errorf("plots: %w", err)
		}
		r.ScenarioFiles = append(r.ScenarioFiles, ScenarioFile{Name: path.Base(name), Text: string(text)})
	}
	return r, nil
}
