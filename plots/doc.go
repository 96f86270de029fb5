// Package plots draws every chart of offsim from saved results only.
//
// Load reads the files `offsim run -out DIR` writes, as package results
// declares them — summary.json, the CSV files and scenarios/*.toml — each
// checked against the folder's manifest (a folder offsim did not finish
// writing is refused). Render writes into a directory, each file
// atomically:
//
//	cost_vs_outcome            cost (x) against a customer outcome (y): a dot per
//	                           replication, each scenario's mean with 95% CIs both
//	                           ways, the Pareto frontier of the means
//	cost_vs_outcomes_panel     the same against service level, FCR, CSAT and churn
//	cost_breakdown             stacked mean cost per ledger category and scenario
//	cost_distribution          box plot of the cost over replications
//	timeseries_<metric>        monthly median and 5–95% band: cost_total_eur,
//	                           headcount, leavers, service_level, fcr, csat,
//	                           mean_wage_to_minimum
//	sweep_<metric>             with sweep.csv: each headline metric against the
//	                           swept value, with its 95% CI band
//	tornado                    with parameters.csv: the uncertain parameters that
//	                           move the cost most
//	report.html                one offline page: scenarios, KPI table with 95% CIs,
//	                           paired differences to the baseline, every chart as
//	                           inline SVG, the resolved scenario files
//
// each chart as NAME.png and NAME.svg. Charts are 8 × 5 in (the panel
// 10 × 7 in); PNGs are drawn at 150 dpi (1200 × 750 and 1500 × 1050
// pixels). Colours are the Okabe–Ito palette, doubled by marker shapes.
// Charts whose inputs are missing or all zero are left out, and the
// report says so.
//
// Output is deterministic: the same Results give byte-identical files
// (no timestamps, no map order, fixed sizes and fonts).
package plots
