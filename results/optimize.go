package results

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// The files of an offsim optimize folder, beside the best design's
// summary files (summary.json and the CSV files of a run of it):
//
//	optimize.csv   every evaluated design: its variables, origin, replications,
//	               objective, each metric's mean and confidence interval,
//	               feasible yes/no (optimize.Result.WriteCSV)
//	optimize.json  OptimizeReport: the problem, the replications spent, the
//	               returned design and the guarantee
//	best.toml      the returned design as a resolved scenario file (only when
//	               a design was shown feasible)
const (
	OptimizeCSV  = "optimize.csv"
	OptimizeJSON = "optimize.json"
	BestTOML     = "best.toml"
)

// Limits of the optimisation files a reader accepts.
const (
	// MaxOptimizeDesigns bounds the rows of optimize.csv (a design costs
	// at least one replication of the budget).
	MaxOptimizeDesigns = 10_000_000
	// MaxOptimizeJSONBytes bounds optimize.json.
	MaxOptimizeJSONBytes = 16 << 20
)

// OptimizeReport is optimize.json: what offsim optimize was asked, what it
// spent and what it vouches for. A figure that is not finite is absent.
type OptimizeReport struct {
	// Scenario is the name of the file's scenario.
	Scenario string `json:"scenario"`
	// Seed is the root seed of the replications and of the search.
	Seed uint64 `json:"seed"`
	// Minimize is the objective: a metric or a variable's key.
	Minimize string `json:"minimize"`
	// Variables and Constraints are the problem's, in the file's order.
	Variables   []OptimizeVariable   `json:"variables"`
	Constraints []OptimizeConstraint `json:"constraints"`
	// BudgetReplications and SpentReplications count replications.
	BudgetReplications int `json:"budget_replications"`
	SpentReplications  int `json:"spent_replications"`
	// Confidence is the probability of the guarantee.
	Confidence float64 `json:"confidence"`
	// IndifferenceZone is the target δ, in the objective's unit (0: none).
	IndifferenceZone float64 `json:"indifference_zone"`
	// Designs is the number of designs evaluated (rows of optimize.csv).
	Designs int `json:"designs"`
	// Best is the returned design; absent when no design was shown
	// feasible.
	Best *OptimizeBest `json:"best,omitempty"`
	// Guarantee states what holds for Best.
	Guarantee OptimizeGuarantee `json:"guarantee"`
}

// OptimizeVariable is a variable's range; Step 0 is continuous.
type OptimizeVariable struct {
	Key  string  `json:"key"`
	From float64 `json:"from"`
	To   float64 `json:"to"`
	Step float64 `json:"step"`
}

// OptimizeConstraint bounds a metric's mean; Min or Max absent: no bound.
type OptimizeConstraint struct {
	Metric    string   `json:"metric"`
	Min       *float64 `json:"min,omitempty"`
	Max       *float64 `json:"max,omitempty"`
	Tolerance float64  `json:"tolerance"`
}

// OptimizeBest is the returned design.
type OptimizeBest struct {
	// Row is its row in optimize.csv, from 0 (the header not counted).
	Row int `json:"row"`
	// Values are its variables' values, in the order of Variables.
	Values []float64 `json:"values"`
	// Scenario is its scenario's name (best.toml's name).
	Scenario string `json:"scenario"`
	// Objective is the final stage's mean of the objective (the value of
	// a variable objective).
	Objective *float64 `json:"objective,omitempty"`
	// Replications are the replications run of it, over all stages.
	Replications int `json:"replications"`
}

// OptimizeGuarantee is the guarantee of the final selection
// (optimize.Guarantee).
type OptimizeGuarantee struct {
	Statement  string `json:"statement"`
	Candidates int    `json:"candidates"`
	// IndifferenceZone is the δ achieved, in the objective's unit.
	IndifferenceZone *float64        `json:"indifference_zone,omitempty"`
	Bounds           []OptimizeBound `json:"bounds"`
	TargetsMet       bool            `json:"targets_met"`
}

// OptimizeBound is one side of a constraint and the tolerance achieved.
type OptimizeBound struct {
	Metric    string   `json:"metric"`
	Limit     float64  `json:"limit"`
	Upper     bool     `json:"upper"`
	Tolerance *float64 `json:"tolerance,omitempty"`
}

// FinitePtr returns &x, or nil when x is not finite (JSON has no NaN).
func FinitePtr(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

// EncodeOptimizeReport renders optimize.json, indented.
func EncodeOptimizeReport(r OptimizeReport) ([]byte, error) {
	return encodeJSON(OptimizeJSON, r)
}

// DecodeOptimizeReport decodes optimize.json, reporting the line of a
// syntax or type error.
func DecodeOptimizeReport(data []byte) (OptimizeReport, error) {
	var r OptimizeReport
	if _, err := decodeJSON(data, &r); err != nil {
		return r, err
	}
	if r.Best != nil && len(r.Best.Values) != len(r.Variables) {
		return r, fmt.Errorf("best has %d values for %d variables", len(r.Best.Values), len(r.Variables))
	}
	return r, nil
}

// OptimizeTable is optimize.csv read back.
type OptimizeTable struct {
	// Variables are the variables' keys, Metrics the metrics' names, the
	// columns of OptimizeRow.Values and of Mean, CILow and CIHigh.
	Variables []string
	Metrics   []string
	Designs   []OptimizeRow
}

// OptimizeRow is one design of optimize.csv.
type OptimizeRow struct {
	Values             []float64
	Origin             string
	Replications       int
	Objective          float64
	Mean, CILow        []float64
	CIHigh             []float64
	Feasible           bool
	FeasibleConfidence float64
	Candidate, Best    bool
}

// Metric returns the column of a metric, or −1.
func (t *OptimizeTable) Metric(name string) int {
	for i, m := range t.Metrics {
		if m == name {
			return i
		}
	}
	return -1
}

// ReadOptimizeCSV reads optimize.csv (the form optimize.Result.WriteCSV
// writes): the variables' columns, origin, replications, objective, a
// triple of columns per metric (name, name_ci_low, name_ci_high), then
// feasible, feasible_confidence, candidate and best. Errors name file and
// line.
func ReadOptimizeCSV(file string, r io.Reader) (*OptimizeTable, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = false
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", file, err)
	}
	t := &OptimizeTable{}
	origin := -1
	for i, h := range head {
		if h == "origin" {
			origin = i
			break
		}
	}
	tail := []string{"feasible", "feasible_confidence", "candidate", "best"}
	n := len(head)
	if origin < 0 || n < origin+3+len(tail) || (n-origin-3-len(tail))%3 != 0 ||
		head[origin+1] != "replications" || head[origin+2] != "objective" || strings.Join(head[n-len(tail):], ",") != strings.Join(tail, ",") {
		return nil, fmt.Errorf("%s:1: not the header of optimize.csv (variables, origin, replications, objective, metric triples, %s)", file, strings.Join(tail, ", "))
	}
	t.Variables = head[:origin]
	for i := origin + 3; i < n-len(tail); i += 3 {
		m := head[i]
		if head[i+1] != m+"_ci_low" || head[i+2] != m+"_ci_high" {
			return nil, fmt.Errorf("%s:1: column %d: want %s, %s_ci_low, %s_ci_high", file, i+1, m, m, m)
		}
		t.Metrics = append(t.Metrics, m)
	}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		if len(t.Designs) >= MaxOptimizeDesigns {
			return nil, fmt.Errorf("%s:%d: more than %d designs", file, line, MaxOptimizeDesigns)
		}
		row, err := t.parseRow(rec, origin)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", file, line, err)
		}
		t.Designs = append(t.Designs, row)
	}
	return t, nil
}

func (t *OptimizeTable) parseRow(rec []string, origin int) (OptimizeRow, error) {
	var row OptimizeRow
	var err error
	num := func(i int) float64 {
		if err != nil {
			return 0
		}
		var x float64
		if x, err = strconv.ParseFloat(rec[i], 64); err != nil {
			err = fmt.Errorf("column %d: %q is not a number", i+1, rec[i])
		}
		return x
	}
	yes := func(i int) bool {
		if err == nil && rec[i] != "yes" && rec[i] != "no" {
			err = fmt.Errorf("column %d: %q is neither yes nor no", i+1, rec[i])
		}
		return rec[i] == "yes"
	}
	for i := range origin {
		row.Values = append(row.Values, num(i))
	}
	row.Origin = rec[origin]
	reps := num(origin + 1)
	if err == nil && (reps != math.Trunc(reps) || reps < 0 || reps > MaxOptimizeDesigns) {
		err = fmt.Errorf("column %d: %s is not a count of replications", origin+2, rec[origin+1])
	}
	row.Replications = int(reps)
	row.Objective = num(origin + 2)
	for k := range t.Metrics {
		i := origin + 3 + 3*k
		row.Mean = append(row.Mean, num(i))
		row.CILow = append(row.CILow, num(i+1))
		row.CIHigh = append(row.CIHigh, num(i+2))
	}
	n := len(rec)
	row.Feasible = yes(n - 4)
	row.FeasibleConfidence = num(n - 3)
	row.Candidate = yes(n - 2)
	row.Best = yes(n - 1)
	return row, err
}
