package optimize

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// state is one Run's working data.
type state struct {
	p        *Problem
	ev       Evaluator
	opt      Options
	rng      *rand.Rand
	metrics  []string
	bounds   []bound
	decisive []int // metric columns the decisions rest on
	objCol   int   // metric column of the objective, −1 when a variable
	objVar   int   // variable index of the objective, −1 when a metric
	sizes    []int // grid points per variable
	designs  []*design
	byGrid   map[string]*design
	spent    int
	limit    int // spending limit of the current stage
}

// Run searches the problem's design space for the design that minimises the
// objective subject to the constraints, spending at most
// p.BudgetReplications replications of ev, and returns every evaluated
// design with the selected one and its guarantee (see the package doc).
// Result.Best is −1 when no candidate was shown feasible. The result
// depends only on p, ev and opt.Seed. On an error (an invalid problem, the
// evaluator's error, a cancelled ctx) Run returns the designs evaluated so
// far with Best −1.
func Run(ctx context.Context, p Problem, ev Evaluator, opt Options) (Result, error) {
	if err := p.Validate(); err != nil {
		return Result{Best: -1}, err
	}
	s := newState(&p, ev, opt)
	best, g, err := s.run(ctx)
	res := s.result(best, g)
	if err != nil {
		res.Best = -1
		return res, fmt.Errorf("optimize: %w", err)
	}
	return res, nil
}

func newState(p *Problem, ev Evaluator, opt Options) *state {
	s := &state{
		p:       p,
		ev:      ev,
		opt:     opt,
		rng:     rand.New(rand.NewPCG(opt.Seed, 0x6f7074696d697a65)), // "optimize"
		metrics: p.metricNames(),
		bounds:  p.bounds(),
		objVar:  p.variableIndex(p.Minimize),
		objCol:  -1,
		byGrid:  map[string]*design{},
	}
	if s.objVar < 0 {
		s.objCol = slices.Index(s.metrics, p.Minimize)
		s.decisive = append(s.decisive, s.objCol)
	}
	for _, b := range s.bounds {
		if !slices.Contains(s.decisive, b.col) {
			s.decisive = append(s.decisive, b.col)
		}
	}
	for _, v := range p.Variables {
		s.sizes = append(s.sizes, v.points())
	}
	return s
}

// run performs the search and the final selection.
func (s *state) run(ctx context.Context) (*design, Guarantee, error) {
	budget := s.p.BudgetReplications
	reserve := max(budget/2, MinBudget)
	s.limit = budget - reserve
	if err := s.search(ctx); err != nil {
		return nil, Guarantee{}, err
	}
	s.limit = budget
	return s.finalStage(ctx, s.candidates())
}

// at returns the design at the grid point, creating it unevaluated.
func (s *state) at(grid []int, origin Origin) *design {
	key := gridKey(grid)
	if d, ok := s.byGrid[key]; ok {
		return d
	}
	d := &design{id: len(s.designs), grid: slices.Clone(grid), origin: origin}
	for i, v := range s.p.Variables {
		d.values = append(d.values, v.value(grid[i]))
	}
	s.designs = append(s.designs, d)
	s.byGrid[key] = d
	return d
}

func gridKey(grid []int) string {
	var b strings.Builder
	for _, g := range grid {
		b.WriteString(strconv.Itoa(g))
		b.WriteByte(',')
	}
	return b.String()
}

// replications returns all rows of a design, search and final stages.
func (d *design) replications() [][]float64 {
	return slices.Concat(d.search, d.stage1, d.stage2)
}

// result assembles the Result of the evaluated designs.
func (s *state) result(best *design, g Guarantee) Result {
	res := Result{
		Metrics:   slices.Clone(s.metrics),
		Objective: s.p.Minimize,
		Best:      -1,
		Spent:     s.spent,
		Budget:    s.p.BudgetReplications,
		Guarantee: g,
	}
	for _, v := range s.p.Variables {
		res.Variables = append(res.Variables, v.Key)
	}
	alpha := 1 - s.p.Confidence
	twoSided := func(n int) float64 { return tQuantile(1-alpha/2, n-1) }
	for _, d := range s.designs {
		rows := d.replications()
		if len(rows) == 0 {
			continue // proposed but never evaluated (budget)
		}
		out := Design{
			Values:       slices.Clone(d.values),
			Origin:       d.origin,
			Replications: len(rows),
			Indices:      slices.Clone(d.indices),
			Candidate:    d.candidate,
			Final:        d.final,
		}
		for c := range s.metrics {
			m, sd := meanSD(column(rows, c))
			lo, hi := m, m
			if len(rows) > 1 {
				half := twoSided(len(rows)) * sd / math.Sqrt(float64(len(rows)))
				lo, hi = m-half, m+half
			}
			out.Mean = append(out.Mean, m)
			out.CILow = append(out.CILow, lo)
			out.CIHigh = append(out.CIHigh, hi)
		}
		out.Objective = s.objective(d, rows)
		if d.candidate {
			out.Feasible = d.feasible
			out.FeasibleConfidence = 1 - alpha/2
		} else {
			out.Feasible = s.feasibleAlone(d.search)
			out.FeasibleConfidence = s.p.Confidence
		}
		if d == best {
			res.Best = len(res.Designs)
		}
		res.Designs = append(res.Designs, out)
	}
	return res
}

// objective returns the objective's mean over rows, or the variable's value.
func (s *state) objective(d *design, rows [][]float64) float64 {
	if s.objCol < 0 {
		return d.values[s.objVar]
	}
	m, _ := meanSD(column(rows, s.objCol))
	return m
}

// feasibleAlone reports whether one-sided t bounds at the problem's
// confidence, Bonferroni-split over the bounds, show every bound met.
func (s *state) feasibleAlone(rows [][]float64) bool {
	if len(s.bounds) == 0 {
		return true
	}
	if len(rows) < 2 {
		return false
	}
	t := tQuantile(1-(1-s.p.Confidence)/float64(len(s.bounds)), len(rows)-1)
	for _, b := range s.bounds {
		m, se := slackMeanSE(rows, b)
		if m-t*se < 0 {
			return false
		}
	}
	return true
}
