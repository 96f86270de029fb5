package results

import (
	"fmt"

	"offsim/model"
)

// File and folder names inside a results folder.
const (
	// SummaryJSON is summary.json: model.BatchSummary.
	SummaryJSON = "summary.json"
	// ScenariosDir holds the resolved scenario files NN-name.toml.
	ScenariosDir = "scenarios"
	// StateDir holds every finished replication (offsim run -resume and
	// offsim merge read it).
	StateDir = "replications"
	// ManifestFile lists every file offsim wrote in the folder, with its
	// checksum; see Manifest.
	ManifestFile = "offsim-manifest.json"
)

// Limits a row must keep: beyond any run offsim makes, and small enough
// that a tampered file cannot make a reader allocate without bound.
const (
	// MaxReplications is the most replications of a scenario (the
	// scenario format's limit for [run] replications).
	MaxReplications = 1_000_000
	// MaxYears bounds a year (and a month: 12 per year) of a series.
	MaxYears = 1000
	// MaxTenders bounds the contracts of a tender.
	MaxTenders = 10_000
)

// SummaryRow is one row of summary.csv: one metric of one scenario, over
// all sites (Site "all") or one, summarised over the replications.
type SummaryRow struct {
	Scenario string `csv:"scenario"`
	Site     string `csv:"site"`
	Metric   string `csv:"metric"`
	// Unit and Period are the metric's, from the metric dictionary
	// (model.MetricDocs; docs/metrics.md).
	Unit   string `csv:"unit,optional"`
	Period string `csv:"period,optional"`
	Stats
}

// Stats are the columns of a summary over replications (model.Summary);
// N counts the replications in which the figure exists.
type Stats struct {
	N        int     `csv:"n"`
	Mean     float64 `csv:"mean"`
	SD       float64 `csv:"sd"`
	CI95Low  float64 `csv:"ci95_low"`
	CI95High float64 `csv:"ci95_high"`
	P05      float64 `csv:"p05"`
	P50      float64 `csv:"p50"`
	P95      float64 `csv:"p95"`
}

// StatsOf returns the columns of a summary.
func StatsOf(s model.Summary) Stats {
	return Stats{s.N, s.Mean, s.SD, s.CI95Low, s.CI95High, s.P05, s.P50, s.P95}
}

// PairedRow is one row of paired.csv: the difference scenario − baseline
// of one metric, paired by replication index.
type PairedRow struct {
	Scenario string `csv:"scenario"`
	Baseline string `csv:"baseline"`
	Metric   string `csv:"metric"`
	// Unit and Period are the metric's (a difference has the unit of
	// its metric).
	Unit     string  `csv:"unit,optional"`
	Period   string  `csv:"period,optional"`
	N        int     `csv:"n"`
	Mean     float64 `csv:"mean"`
	SD       float64 `csv:"sd"`
	CI95Low  float64 `csv:"ci95_low"`
	CI95High float64 `csv:"ci95_high"`
}

// RepRow is one row of replications.csv: one metric of one replication of
// one scenario, for one site ("all" is the total).
type RepRow struct {
	Scenario    string  `csv:"scenario"`
	Replication int     `csv:"replication"`
	Site        string  `csv:"site"`
	Metric      string  `csv:"metric"`
	Value       float64 `csv:"value"`
}

// SeriesRow is one row of timeseries.csv: one metric of one site ("all"
// for the total) in one month (from 1), summarised over the replications.
type SeriesRow struct {
	Scenario string  `csv:"scenario"`
	Site     string  `csv:"site"`
	Month    int     `csv:"month"`
	Metric   string  `csv:"metric"`
	N        int     `csv:"n"`
	Mean     float64 `csv:"mean"`
	P05      float64 `csv:"p05"`
	P50      float64 `csv:"p50"`
	P95      float64 `csv:"p95"`
}

// ParamRow is one row of parameters.csv: the value drawn for an uncertain
// parameter in one replication of one scenario.
type ParamRow struct {
	Scenario    string  `csv:"scenario"`
	Replication int     `csv:"replication"`
	Parameter   string  `csv:"parameter"`
	Value       float64 `csv:"value"`
}

// SweepRow is one row of sweep.csv: scenario Scenario has the swept key Key
// set to Value (a number, or a name for a non-numeric key). Label, Unit
// and Doc say what the key is (from the scenario format's reference);
// Base is its value before the sweep, NaN (an empty cell) when unknown.
type SweepRow struct {
	Scenario string  `csv:"scenario"`
	Key      string  `csv:"key"`
	Value    string  `csv:"value"`
	Label    string  `csv:"label,optional"`
	Unit     string  `csv:"unit,optional"`
	Doc      string  `csv:"doc,optional"`
	Base     float64 `csv:"base,optional"`
}

// YearRow is one row of yearly.csv: one yearly metric (model.YearMetrics)
// of one scenario in one year (from 1), summarised over the replications
// in which it exists.
type YearRow struct {
	Scenario string `csv:"scenario"`
	Year     int    `csv:"year"`
	Metric   string `csv:"metric"`
	Stats
}

// YearRepRow is one row of yearly_replications.csv: one yearly metric of
// one replication.
type YearRepRow struct {
	Scenario    string  `csv:"scenario"`
	Replication int     `csv:"replication"`
	Year        int     `csv:"year"`
	Metric      string  `csv:"metric"`
	Value       float64 `csv:"value"`
}

// TenderRow is one row of tenders.csv: one bidder in one contract (0 is
// the first, from day 0) of one scenario: the share of replications it won
// the contract, and the means of its bid, quality, score and floor (the
// lowest bid it would make: its cost ÷ (1 − its minimum margin)), and of
// the contract's winning bid ÷ the runner-up's (the same on each of the
// contract's rows; empty with one bidder).
type TenderRow struct {
	Scenario      string  `csv:"scenario"`
	Tender        int     `csv:"tender"`
	AwardDay      float64 `csv:"award_day"`
	StartDay      float64 `csv:"start_day"`
	Bidder        string  `csv:"bidder"`
	WonShare      float64 `csv:"won_share"`
	BidMonthlyEUR float64 `csv:"bid_monthly_eur_mean"`
	QualityMean   float64 `csv:"quality_mean"`
	ScoreMean     float64 `csv:"score_mean"`
	// FloorMonthlyEUR and WinToSecond are optional when read: results of
	// earlier versions lack them.
	FloorMonthlyEUR float64 `csv:"floor_monthly_eur_mean,optional"`
	WinToSecond     float64 `csv:"win_to_second_mean,optional"`
}

// Rows holds the rows of the CSV files of a results folder but
// summary.csv (which summary.json holds, and which is written from it).
type Rows struct {
	Paired       []PairedRow
	Replications []RepRow
	Timeseries   []SeriesRow
	Parameters   []ParamRow
	Sweep        []SweepRow
	Yearly       []YearRow
	YearlyReps   []YearRepRow
	Tenders      []TenderRow
}

// The CSV files of a results folder, in the order they are written.
var (
	SummaryCSV      = newTable[SummaryRow]("summary.csv", false, nil)
	PairedCSV       = newTable("paired.csv", false, func(r *Rows) *[]PairedRow { return &r.Paired })
	ReplicationsCSV = newTable("replications.csv", false, func(r *Rows) *[]RepRow { return &r.Replications })
	TimeseriesCSV   = newTable("timeseries.csv", false, func(r *Rows) *[]SeriesRow { return &r.Timeseries })
	ParametersCSV   = newTable("parameters.csv", true, func(r *Rows) *[]ParamRow { return &r.Parameters })
	SweepCSV        = newTable("sweep.csv", true, func(r *Rows) *[]SweepRow { return &r.Sweep })
	YearlyCSV       = newTable("yearly.csv", false, func(r *Rows) *[]YearRow { return &r.Yearly })
	YearlyRepsCSV   = newTable("yearly_replications.csv", false, func(r *Rows) *[]YearRepRow { return &r.YearlyReps })
	TendersCSV      = newTable("tenders.csv", true, func(r *Rows) *[]TenderRow { return &r.Tenders })
)

// tables lists the CSV files of Rows, in the order they are written.
var tables = []table{PairedCSV, ReplicationsCSV, TimeseriesCSV, ParametersCSV, SweepCSV, YearlyCSV, YearlyRepsCSV, TendersCSV}

// CSVFiles returns the names of the CSV files of a results folder.
func CSVFiles() []string {
	out := []string{SummaryCSV.File}
	for _, t := range tables {
		out = append(out, t.file())
	}
	return out
}

func checkRange(what string, v, lo, hi int) error {
	if v < lo || v > hi {
		return fmt.Errorf("column %s: %d is outside [%d, %d]", what, v, lo, hi)
	}
	return nil
}

func checkN(n int) error { return checkRange("n", n, 0, MaxReplications) }

// Check implements Checker.
func (r *SummaryRow) Check() error { return checkN(r.N) }

// Check implements Checker.
func (r *PairedRow) Check() error { return checkN(r.N) }

// Check implements Checker.
func (r *RepRow) Check() error {
	return checkRange("replication", r.Replication, 0, MaxReplications-1)
}

// Check implements Checker.
func (r *SeriesRow) Check() error {
	if r.Month < 1 {
		return fmt.Errorf("column month: %d is not a month (they count from 1)", r.Month)
	}
	if err := checkRange("month", r.Month, 1, 12*MaxYears); err != nil {
		return err
	}
	return checkN(r.N)
}

// Check implements Checker.
func (r *ParamRow) Check() error {
	return checkRange("replication", r.Replication, 0, MaxReplications-1)
}

func checkYear(y int) error {
	if y < 1 {
		return fmt.Errorf("column year: %d is not a year (they count from 1)", y)
	}
	return checkRange("year", y, 1, MaxYears)
}

// Check implements Checker.
func (r *YearRow) Check() error {
	if err := checkYear(r.Year); err != nil {
		return err
	}
	return checkN(r.N)
}

// Check implements Checker.
func (r *YearRepRow) Check() error {
	if err := checkYear(r.Year); err != nil {
		return err
	}
	return checkRange("replication", r.Replication, 0, MaxReplications-1)
}

// Check implements Checker.
func (r *TenderRow) Check() error {
	if err := checkRange("tender", r.Tender, 0, MaxTenders); err != nil {
		return err
	}
	if !(r.WonShare >= 0 && r.WonShare <= 1) {
		return fmt.Errorf("column won_share: %g is not in [0, 1]", r.WonShare)
	}
	return nil
}
