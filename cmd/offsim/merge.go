package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"offsim/plots"
)

// cmdMerge combines the saved replications of shard runs (offsim run
// -shard K/N -out PART) into the summaries of one run, byte-identical to a
// single-process run with the same seed.
func cmdMerge(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "out", "directory for the merged results")
	baseline := fs.String("baseline", "", "scenario the others are compared with (default: the first)")
	quiet := fs.Bool("quiet", false, "print nothing but errors")
	noPlots := fs.Bool("no-plots", false, "write the results only, no charts or report.html")
	var pf plotFlags
	pf.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: offsim merge [-out DIR] PARTDIR ...\n\nCombines the out directories of offsim run -shard K/N into one result.\n\nFlags:")
		fs.PrintDefaults()
	}
	parts, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(parts) == 0 {
		fs.Usage()
		return 2
	}
	if *quiet {
		stdout = io.Discard
	}
	start := time.Now()
	runs, err := loadStateDirs(parts)
	if err != nil {
		fmt.Fprintf(stderr, "offsim merge: %v\n", err)
		return 1
	}
	for i, run := range runs {
		if got, want := len(run.reps), run.sc.Run.Replications; got < want {
			fmt.Fprintf(stderr, "offsim merge: scenario %q has %d of %d replications: a shard is missing\n", run.sc.Name, got, want)
			return 1
		}
		fp, err := fingerprint(run.sc)
		if err != nil {
			fmt.Fprintf(stderr, "offsim merge: %v\n", err)
			return 1
		}
		dir := scenarioDir(*out, i, run.sc)
		if err := saveScenario(dir, scenarioState{Position: i, Fingerprint: fp, Scenario: run.sc}); err != nil {
			fmt.Fprintf(stderr, "offsim merge: %v\n", err)
			return 1
		}
		for j := range run.reps {
			if err := saveReplication(dir, &run.reps[j]); err != nil {
				fmt.Fprintf(stderr, "offsim merge: %v\n", err)
				return 1
			}
		}
	}
	var plot *plots.Options
	if !*noPlots {
		o := pf.options()
		plot = &o
	}
	return report(runs, *baseline, *out, plot, stdout, stderr, time.Since(start))
}
