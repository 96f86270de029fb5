package optimize

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
)

// Origin says which stage of the search first proposed a design.
type Origin int

const (
	// Global designs come from the space-filling design of the box.
	Global Origin = iota
	// Bisection designs come from the bisection along the objective
	// variable of a one-variable problem that minimises that variable.
	Bisection
	// Local designs come from the local search around promising designs.
	Local
)

// String returns "global", "bisection" or "local", as WriteCSV writes it.
func (o Origin) String() string {
	switch o {
	case Global:
		return "global"
	case Bisection:
		return "bisection"
	case Local:
		return "local"
	}
	return "origin(" + strconv.Itoa(int(o)) + ")"
}

// Result is the outcome of Run: every evaluated design and the selected one.
type Result struct {
	// Variables are the variable keys, the columns of Design.Values.
	Variables []string
	// Metrics are the metric names, the columns of Design.Mean, CILow and
	// CIHigh.
	Metrics []string
	// Objective is the minimised metric or variable key.
	Objective string
	// Designs lists every evaluated design in the order first evaluated.
	Designs []Design
	// Best is the index in Designs of the returned design, or −1 when no
	// candidate was shown feasible (or Run failed): then there is no design
	// to vouch for.
	Best int
	// Spent is the number of replications run, at most Budget.
	Spent int
	// Budget is Problem.BudgetReplications.
	Budget int
	// Guarantee states what holds for Best, with the confidence and the
	// indifference zone and tolerances achieved.
	Guarantee Guarantee
}

// Design is one evaluated design and its statistics.
type Design struct {
	// Values holds one value per variable, in the unit of its key.
	Values []float64
	// Origin is the stage that proposed the design.
	Origin Origin
	// Replications is the number of replications run for the design over
	// all stages.
	Replications int
	// Indices are the replication indices run, in order: the search's 0,
	// 1, …, then the final stage's blocks.
	Indices []int
	// Objective is the objective's mean over the design's replications, or
	// the variable's value when the objective is a variable.
	Objective float64
	// Mean is the mean of each metric over the design's replications.
	Mean []float64
	// CILow and CIHigh bound the two-sided Student t confidence interval of
	// each metric's mean at Problem.Confidence (this design alone); equal
	// to Mean with fewer than 2 replications.
	CILow, CIHigh []float64
	// Feasible reports that the design was shown to meet every constraint:
	// for a candidate by the final stage (simultaneously for all
	// candidates), otherwise by one-sided t bounds on its search
	// replications, Bonferroni-split over its constraint bounds. False means
	// "not shown feasible", not "shown infeasible".
	Feasible bool
	// FeasibleConfidence is the confidence of the Feasible verdict: the
	// probability that it holds jointly for all candidates (1 − α/2 of the
	// final stage) or, for a design outside the final stage, for this
	// design alone (Problem.Confidence).
	FeasibleConfidence float64
	// Candidate reports that the design took part in the final stage.
	Candidate bool
	// Final holds the final stage's statistics of a candidate; nil for other
	// designs.
	Final *FinalStats
}

// FinalStats are a candidate's statistics in the final stage.
type FinalStats struct {
	// FirstStage is the number of replications of the first stage (fresh
	// replication indices common to all candidates), from which the
	// variances are estimated.
	FirstStage int
	// ScreenedOut reports that the first stage showed a constraint bound
	// violated, so the design got no second stage.
	ScreenedOut bool
	// SecondStage is the number of replications of the second stage (fresh
	// indices again), on which means and decisions rest.
	SecondStage int
	// Objective is the second-stage mean of the objective (the value when it
	// is a variable); NaN when screened out.
	Objective float64
	// SlackLow is, per Guarantee.Bounds entry, the lower confidence bound
	// of the mean slack (mean − min, or max − mean) at the final stage's
	// Bonferroni level, in the metric's unit; the design is feasible when
	// all are ≥ 0. NaN when screened out.
	SlackLow []float64
}

// Bound is one side of a constraint with the tolerance achieved.
type Bound struct {
	// Metric is the constrained metric.
	Metric string
	// Limit is the bound, in the metric's unit.
	Limit float64
	// Upper is true for a maximum (mean ≤ Limit), false for a minimum.
	Upper bool
	// Tolerance is the margin ε̂ achieved, in the metric's unit: every
	// candidate meeting this bound by at least ε̂ (and the others by theirs)
	// was declared feasible, on the guarantee's event.
	Tolerance float64
}

// Guarantee states the guarantee of the final selection.
type Guarantee struct {
	// Confidence is the probability with which the statement holds.
	Confidence float64
	// Candidates is the number of designs of the final stage.
	Candidates int
	// IndifferenceZone is δ̂, in the objective's unit: the returned design's
	// objective mean is at most δ̂ above that of every candidate meeting
	// every bound by its Tolerance. 0 when the objective is a variable.
	IndifferenceZone float64
	// Bounds lists each constraint side with the tolerance achieved.
	Bounds []Bound
	// TargetsMet reports that δ̂ and every ε̂ are within the targets set by
	// Problem.IndifferenceZone and Constraint.Tolerance (true when none is
	// set).
	TargetsMet bool
	// Statement says the above in one sentence.
	Statement string
}

// WriteCSV writes one row per evaluated design: its variables, origin,
// replications, the objective, each metric's mean and confidence interval,
// feasible yes/no with the confidence of that verdict, candidate yes/no and
// best yes/no.
func (r *Result) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	head := append([]string{}, r.Variables...)
	head = append(head, "origin", "replications", "objective")
	for _, m := range r.Metrics {
		head = append(head, m, m+"_ci_low", m+"_ci_high")
	}
	head = append(head, "feasible", "feasible_confidence", "candidate", "best")
	if err := cw.Write(head); err != nil {
		return err
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	for i, d := range r.Designs {
		row := make([]string, 0, len(head))
		for _, v := range d.Values {
			row = append(row, f(v))
		}
		row = append(row, d.Origin.String(), strconv.Itoa(d.Replications), f(d.Objective))
		for m := range r.Metrics {
			row = append(row, f(d.Mean[m]), f(d.CILow[m]), f(d.CIHigh[m]))
		}
		row = append(row, yes(d.Feasible), f(d.FeasibleConfidence), yes(d.Candidate), yes(i == r.Best))
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("design %d: %w", i, err)
		}
	}
	cw.Flush()
	return cw.Error()
}
