package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"offsim/internal/outdir"
	"offsim/model"
	"offsim/results"
)

// cmdMerge combines the saved replications of shard runs (offsim run
// -shard K/N -out PART) into the results of one run, byte-identical to a
// single-process run with the same seed, whatever the order of the parts.
func cmdMerge(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("merge", "Usage: offsim merge [-out DIR] PARTDIR ...\n\nCombines the out folders of offsim run -shard K/N into one result.\n\nFlags:\n", stderr)
	out := fs.String("out", "out", "folder for the merged results (not one of the parts)")
	baseline := fs.String("baseline", "", "scenario the others are compared with (default: the first)")
	quiet := fs.Bool("quiet", false, "print nothing but errors")
	noPlots := fs.Bool("no-plots", false, "write the results only, no charts or report.html")
	force := forceFlag(fs, "-out")
	var pf plotFlags
	pf.register(fs)
	parts, code, ok := parseFlags(fs, args, 1, -1, pf.check)
	if !ok {
		return code
	}
	if *quiet {
		stdout = io.Discard
	}
	start := time.Now()
	plan, err := planMerge(parts, *out)
	if err != nil {
		fmt.Fprintf(stderr, "offsim merge: %v\n", err)
		return 1
	}
	defer plan.Close()
	if err := plan.checkBaseline(*baseline); err != nil {
		fmt.Fprintf(stderr, "offsim merge: %v\n", err)
		return 2
	}
	dir, err := outdir.Open(*out, outdir.Options{Force: *force, State: isStateFile})
	if err != nil {
		fmt.Fprintf(stderr, "offsim merge: %v\n", err)
		return 1
	}
	defer dir.Close()
	if err := dir.CheckWritable(plan.planned()); err != nil {
		fmt.Fprintf(stderr, "offsim merge: %v\n", err)
		return 1
	}
	done, err := plan.merge(dir)
	if err != nil {
		fmt.Fprintf(stderr, "offsim merge: %v\n", err)
		return 1
	}
	return report(dir, done, *baseline, pf.unless(*noPlots), stdout, stderr, time.Since(start))
}

// mergePlan is what a merge reads: the parts, all of one run, and for each
// scenario of the run where each replication is saved.
type mergePlan struct {
	parts []*savedRun
	run   runState
	scens []mergeScenario
}

type mergeScenario struct {
	rs savedScenario
	sc *model.Scenario
	// from[i] is the part holding replication i (the first in argument
	// order; copies in other parts were checked identical).
	from map[int]*savedRun
}

func (p *mergePlan) Close() {
	for _, s := range p.parts {
		s.Close()
	}
}

// planMerge opens every part and verifies everything a merge will read,
// before the output folder is touched: each part holds a state folder of
// the same run (the same scenarios at the same positions) and nothing
// else; every replication file verifies; a replication saved in two
// parts is the same in both; no replication of the run is missing.
func planMerge(parts []string, out string) (*mergePlan, error) {
	p := &mergePlan{}
	for _, part := range parts {
		if same(part, out) {
			p.Close()
			return nil, fmt.Errorf("-out %s is one of the parts: merge into another folder", out)
		}
		s, err := openSaved(part)
		if err != nil {
			p.Close()
			if errors.Is(err, errNoState) {
				err = fmt.Errorf("%w: not the out folder of an offsim run", err)
			}
			return nil, err
		}
		p.parts = append(p.parts, s)
		if len(p.parts) == 1 {
			p.run = s.run
		} else if !slices.Equal(s.run.Scenarios, p.run.Scenarios) {
			p.Close()
			return nil, fmt.Errorf("%s is a part of another run (%s) than %s (%s): parts of different runs cannot be merged",
				part, describeRun(s.run), parts[0], describeRun(p.run))
		}
		if err := s.checkListed(); err != nil {
			p.Close()
			return nil, err
		}
	}
	for _, rs := range p.run.Scenarios {
		ms, err := p.plan(rs)
		if err != nil {
			p.Close()
			return nil, err
		}
		p.scens = append(p.scens, ms)
	}
	return p, nil
}

// plan verifies the saved replications of one scenario in every part.
func (p *mergePlan) plan(rs savedScenario) (mergeScenario, error) {
	ms := mergeScenario{rs: rs, from: map[int]*savedRun{}}
	sums := map[int]string{}
	for _, part := range p.parts {
		sc, err := part.scenario(rs)
		if err != nil {
			return ms, err
		}
		ms.sc = sc
		idx, err := part.replicationFiles(rs)
		if err != nil {
			return ms, err
		}
		for _, i := range idx {
			_, sum, err := part.readReplication(rs, sc, i, false)
			if err != nil {
				return ms, err
			}
			if prev, ok := sums[i]; ok {
				if prev != sum {
					return ms, fmt.Errorf("scenario %q: replication %d differs between %s and %s: parts of different runs or binaries cannot be merged",
						rs.Name, i, ms.from[i].dir, part.dir)
				}
				continue
			}
			sums[i] = sum
			ms.from[i] = part
		}
	}
	want := ms.sc.Run.Replications
	for i := range want {
		if _, ok := ms.from[i]; !ok {
			return ms, fmt.Errorf("scenario %q has %d of %d replications (replication %d is in no part): a shard is missing or unfinished",
				rs.Name, min(len(ms.from), want), want, i)
		}
	}
	return ms, nil
}

// planned returns the results files the merge will write.
func (p *mergePlan) planned() []string {
	var batch []*positioned
	for _, ms := range p.scens {
		batch = append(batch, &positioned{sc: ms.sc, rs: ms.rs})
	}
	return planned(batch)
}

// checkBaseline refuses a baseline that is not a scenario of the run.
func (p *mergePlan) checkBaseline(name string) error {
	if name == "" {
		return nil
	}
	for _, s := range p.run.Scenarios {
		if s.Name == name {
			return nil
		}
	}
	return fmt.Errorf("-baseline %q is not a scenario of the run merged (%s)", name, describeRun(p.run))
}

// merge writes the run's state into dir and collects every replication,
// in index order, read again and verified as it is copied.
func (p *mergePlan) merge(dir *outdir.Dir) ([]*positioned, error) {
	st := newStateDir(dir.Path)
	if err := dir.MarkIncomplete(); err != nil {
		return nil, err
	}
	if err := st.clear(dir.Protected); err != nil {
		return nil, err
	}
	if err := st.writeRun(p.run); err != nil {
		return nil, err
	}
	var done []*positioned
	for _, ms := range p.scens {
		if err := st.writeScenario(ms.rs, ms.sc); err != nil {
			return nil, err
		}
		b := &positioned{sc: ms.sc, rs: ms.rs, col: results.NewCollector(ms.sc)}
		var err error
		if b.toml, err = encodeScenario(ms.sc); err != nil {
			return nil, err
		}
		idx := make([]int, 0, len(ms.from))
		for i := range ms.from {
			idx = append(idx, i)
		}
		slices.Sort(idx)
		for _, i := range idx {
			r, _, err := ms.from[i].readReplication(ms.rs, ms.sc, i, true)
			if err != nil {
				return nil, err
			}
			if err := b.col.Add(&r); err != nil {
				return nil, err
			}
			if err := st.saveReplication(ms.rs, ms.sc.Run.Seed, &r); err != nil {
				return nil, err
			}
		}
		done = append(done, b)
	}
	return done, nil
}

// same reports whether two paths name the same existing folder.
func same(a, b string) bool {
	fa, err1 := os.Stat(a)
	fb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(fa, fb)
}
