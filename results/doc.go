// Package results is the one declaration of what offsim run writes into
// its output folder and offsim plot reads back: the file names, each CSV
// file's row type (whose tagged fields are its columns, in order), the
// encoding of summary.json, and the manifest that makes the folder's
// files one verified unit. The writer in cmd/offsim, the reader in plots
// and the tests all go through it, so a column exists in one place.
//
// It also computes the rows from replications: a Collector takes in one
// scenario's replications in index order and keeps only what the files
// need (see Collector), so a run of many replications does not hold them
// all; Batch summarises the scenarios of a run and writes the files.
//
// It is a package of its own, not part of model, because it does file
// I/O and fixes a file format, which model (the domain, no I/O) must not;
// and not part of plots, because the writer must not depend on the chart
// code. It imports only model.
//
// Every number is written in the shortest form that reads back exactly;
// a figure that does not exist (no replication had it, or it is not
// finite) is an empty CSV cell or absent from summary.json, never NaN.
//
// The files, for a batch of scenarios:
//
//	summary.json             model.BatchSummary: per scenario, metric and site
//	summary.csv              SummaryRow: the same, one row per scenario, site, metric
//	paired.csv               PairedRow: the difference to the baseline, paired by replication
//	replications.csv         RepRow: every metric of every replication and site
//	timeseries.csv           SeriesRow: per month and site, mean and percentiles (Band)
//	parameters.csv           ParamRow: uncertain parameters drawn (only when there are any)
//	sweep.csv                SweepRow: swept values of each variant (only with a sweep)
//	yearly.csv               YearRow: per year, the race-to-the-bottom figures
//	yearly_replications.csv  YearRepRow: the same per replication
//	tenders.csv              TenderRow: with a tender, each contract's bidders (only then)
//	scenarios/NN-name.toml   the resolved scenarios
//	offsim-manifest.json     Manifest: every file above (and the charts), with checksums
package results
