package optimize

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

const (
	// maxFirstStage caps the final stage's first-stage replications.
	maxFirstStage = 20
	// powerZ is z(0.9): without tolerance targets, a candidate's second
	// stage is sized for a 90% chance to confirm the margin its first stage
	// showed.
	powerZ = 1.2815515655446004
	maxInt = int(^uint(0) >> 1)
)

// levels are the one-sided error probabilities of the final stage's tests.
type levels struct {
	feasible, screen, pair float64
}

// finalLevels splits α = 1 − Confidence over the final stage's tests
// (Bonferroni): half over the K·B feasibility tests (K candidates, B
// bounds), the other half over the K·B screening tests and the K(K−1)/2
// objective comparisons (the pairs take all of it when there is no bound,
// the screening when the objective is exact).
func finalLevels(alpha float64, k, nb int, noisy bool) levels {
	kb := float64(k * nb)
	pairs := float64(k * (k - 1) / 2)
	switch {
	case nb > 0 && noisy:
		return levels{feasible: alpha / 2 / kb, screen: alpha / 4 / kb, pair: alpha / 4 / pairs}
	case nb > 0:
		return levels{feasible: alpha / 2 / kb, screen: alpha / 2 / kb}
	case noisy:
		return levels{pair: alpha / pairs}
	}
	return levels{}
}

// candidateStats are a candidate's first-stage estimates.
type candidateStats struct {
	d         *design
	slackMean []float64 // per bound, first stage
	slackSD   []float64 // per bound, first stage
	n2        int
	slackLow  []float64 // per bound, second stage
	objective float64   // second stage
}

// finalStage runs the two-stage selection on fresh replication indices
// common to all candidates and returns the selected design (nil when none
// is shown feasible) with its guarantee.
func (s *state) finalStage(ctx context.Context, cands []*design) (*design, Guarantee, error) {
	room := s.room(s.limit)
	k := len(cands)
	n1 := max(MinFirstStage, min(maxFirstStage, room/(4*k)))
	for k > 1 && k*(n1+1) > room {
		k--
	}
	cands = cands[:k]
	base := 0
	for _, d := range s.designs {
		base = max(base, len(d.search))
	}
	var reqs []request
	for _, d := range cands {
		d.candidate = true
		d.final = &FinalStats{FirstStage: n1, Objective: math.NaN()}
		reqs = append(reqs, request{d: d, reps: indices(base, base+n1), st: firstStage})
	}
	if err := s.evaluate(ctx, reqs); err != nil {
		return nil, Guarantee{}, err
	}

	nb := len(s.bounds)
	noisy := s.objCol >= 0 && k >= 2
	lv := finalLevels(1-s.p.Confidence, k, nb, noisy)
	df := n1 - 1
	quantile := func(a float64) float64 { // +Inf for an unused test
		if a <= 0 {
			return math.Inf(1)
		}
		return tQuantile(1-a, df)
	}
	hF, hScreen, hPair := quantile(lv.feasible), quantile(lv.screen), quantile(lv.pair)
	sqrtN1 := math.Sqrt(float64(n1))

	// Screening: a candidate with a bound clearly violated gets no second stage.
	var surv []*candidateStats
	for _, d := range cands {
		c := &candidateStats{d: d}
		out := false
		for _, b := range s.bounds {
			m, se := slackMeanSE(d.stage1, b)
			c.slackMean = append(c.slackMean, m)
			c.slackSD = append(c.slackSD, se*sqrtN1)
			out = out || m+hScreen*se < 0
		}
		d.final.ScreenedOut = out
		if !out {
			surv = append(surv, c)
		}
	}
	pairSD := func(a, b *design) float64 {
		_, sd := pairedDiff(a.stage1, b.stage1, s.objCol, n1)
		return sd
	}

	if len(surv) > 0 {
		s.allocate(surv, noisy, hF, hPair, pairSD)
		reqs = reqs[:0]
		for _, c := range surv {
			reqs = append(reqs, request{d: c.d, reps: indices(base+n1, base+n1+c.n2), st: secondStage})
		}
		if err := s.evaluate(ctx, reqs); err != nil {
			return nil, Guarantee{}, err
		}
	}

	// Decisions on the second stage alone, with first-stage variances.
	var feasible []*candidateStats
	for _, c := range surv {
		d := c.d
		sqrtN2 := math.Sqrt(float64(c.n2))
		d.feasible = true
		for j, b := range s.bounds {
			m, _ := meanSD(slackColumn(d.stage2, b))
			c.slackLow = append(c.slackLow, m-hF*c.slackSD[j]/sqrtN2)
			d.feasible = d.feasible && c.slackLow[j] >= 0
		}
		c.objective = s.objective(d, d.stage2)
		d.final.SecondStage, d.final.Objective, d.final.SlackLow = c.n2, c.objective, c.slackLow
		if d.feasible {
			feasible = append(feasible, c)
		}
	}
	for _, d := range cands {
		if d.final.ScreenedOut {
			d.final.SlackLow = make([]float64, nb)
			for j := range d.final.SlackLow {
				d.final.SlackLow[j] = math.NaN()
			}
		}
	}
	sel := s.selectBest(feasible)

	// Achieved indifference zone and tolerances.
	g := Guarantee{Confidence: s.p.Confidence, Candidates: k, TargetsMet: true}
	for _, b := range s.bounds {
		g.Bounds = append(g.Bounds, Bound{Metric: b.metric, Limit: b.limit, Upper: b.upper})
	}
	for _, c := range surv {
		if c.d.feasible || (sel != nil && !noisy && !(c.objective < sel.objective)) {
			continue // only candidates that could have beaten sel but were not confirmed matter
		}
		for j := range s.bounds {
			g.Bounds[j].Tolerance = max(g.Bounds[j].Tolerance, 2*hF*c.slackSD[j]/math.Sqrt(float64(c.n2)))
		}
	}
	if noisy && sel != nil {
		for _, c := range feasible {
			if c != sel {
				g.IndifferenceZone = max(g.IndifferenceZone, hPair*pairSD(sel.d, c.d)/math.Sqrt(float64(sel.n2)))
			}
		}
		if s.p.IndifferenceZone > 0 && g.IndifferenceZone > s.p.IndifferenceZone {
			g.TargetsMet = false
		}
	}
	for j, b := range s.bounds {
		if b.tolerance > 0 && g.Bounds[j].Tolerance > b.tolerance {
			g.TargetsMet = false
		}
	}
	if sel == nil {
		g.Statement = s.noDesignStatement(g)
		return nil, g, nil
	}
	g.Statement = s.statement(sel.d, g, noisy)
	return sel.d, g, nil
}

// allocate sets each survivor's second-stage replications within the
// remaining budget. A noisy objective needs a common count (its
// comparisons pair replications): the count that meets the targets δ and ε,
// or, without targets, an equal share of the budget. An exact objective
// lets each candidate have its own: the count that meets the tolerance
// targets or, without them, gives a 90% chance to confirm the margin its
// first stage showed, with the budget water-filled (the smallest needs met
// first, the rest shared equally).
func (s *state) allocate(surv []*candidateStats, noisy bool, hF, hPair float64, pairSD func(a, b *design) float64) {
	room := s.room(s.limit)
	targets := true
	for _, b := range s.bounds {
		targets = targets && b.tolerance > 0
	}
	boundNeed := func(c *candidateStats) int {
		need := 1
		for j, b := range s.bounds {
			sd := c.slackSD[j]
			switch {
			case targets:
				need = max(need, ceilSquare(2*hF*sd/b.tolerance))
			case sd == 0 && c.slackMean[j] > 0:
			case !(c.slackMean[j] > 0):
				need = maxInt
			default:
				need = max(need, 2*ceilSquare((hF+powerZ)*sd/c.slackMean[j]))
			}
		}
		return need
	}
	if noisy {
		need := maxInt
		if targets && s.p.IndifferenceZone > 0 {
			need = 1
			for i, a := range surv {
				need = max(need, boundNeed(a))
				for _, b := range surv[i+1:] {
					need = max(need, ceilSquare(hPair*pairSD(a.d, b.d)/s.p.IndifferenceZone))
				}
			}
		}
		for _, c := range surv {
			c.n2 = max(1, min(need, room/len(surv)))
		}
		return
	}
	order := slices.Clone(surv)
	needs := make(map[*candidateStats]int, len(surv))
	for _, c := range surv {
		needs[c] = boundNeed(c)
	}
	slices.SortStableFunc(order, func(a, b *candidateStats) int { return cmp.Compare(needs[a], needs[b]) })
	for i, c := range order {
		c.n2 = max(1, min(needs[c], room/(len(order)-i)))
		room -= c.n2
	}
}

// selectBest returns the feasible candidate with the smallest objective
// (second-stage mean, or the exact value; ties to the larger least slack,
// then to the earlier candidate), or nil.
func (s *state) selectBest(feasible []*candidateStats) *candidateStats {
	var best *candidateStats
	least := func(c *candidateStats) float64 {
		m := math.Inf(1)
		for j, b := range s.bounds {
			m = min(m, c.slackLow[j]/scale(b))
		}
		return m
	}
	for _, c := range feasible {
		if best == nil || c.objective < best.objective ||
			(c.objective == best.objective && least(c) > least(best)) {
			best = c
		}
	}
	return best
}

func slackColumn(rows [][]float64, b bound) []float64 {
	xs := make([]float64, len(rows))
	for i, r := range rows {
		xs[i] = b.slack(r[b.col])
	}
	return xs
}

func formatG(x float64) string { return strconv.FormatFloat(x, 'g', 4, 64) }

// boundsText lists the bounds with their tolerances, e.g.
// "service_level ≥ 0.8 by 0.004".
func boundsText(bs []Bound) string {
	var parts []string
	for _, b := range bs {
		op := "≥"
		if b.Upper {
			op = "≤"
		}
		parts = append(parts, fmt.Sprintf("%s %s %s by %s", b.Metric, op, formatG(b.Limit), formatG(b.Tolerance)))
	}
	return strings.Join(parts, ", ")
}

func (s *state) statement(d *design, g Guarantee, noisy bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "With probability ≥ %s, the returned design (%s)", formatG(g.Confidence), s.describe(d))
	if len(g.Bounds) > 0 {
		b.WriteString(" meets every constraint,")
	}
	switch {
	case len(g.Bounds) == 0 && !noisy:
		b.WriteString(" has the smallest " + s.p.Minimize + " of the candidates")
	case len(g.Bounds) == 0:
		fmt.Fprintf(&b, " has a mean %s at most %s above that of every candidate", s.p.Minimize, formatG(g.IndifferenceZone))
	case !noisy && zeroTolerances(g.Bounds):
		fmt.Fprintf(&b, " and no candidate with a smaller %s meets every constraint", s.p.Minimize)
	case !noisy:
		fmt.Fprintf(&b, " and no candidate with a smaller %s meets each constraint by its tolerance (%s)", s.p.Minimize, boundsText(g.Bounds))
	case zeroTolerances(g.Bounds):
		fmt.Fprintf(&b, " and its mean %s is at most %s above that of every candidate meeting every constraint", s.p.Minimize, formatG(g.IndifferenceZone))
	default:
		fmt.Fprintf(&b, " and its mean %s is at most %s above that of every candidate meeting each constraint by its tolerance (%s)",
			s.p.Minimize, formatG(g.IndifferenceZone), boundsText(g.Bounds))
	}
	fmt.Fprintf(&b, "; %d candidates, two-stage Bonferroni selection on fresh common random numbers.", g.Candidates)
	return b.String()
}

func zeroTolerances(bs []Bound) bool {
	for _, b := range bs {
		if b.Tolerance != 0 {
			return false
		}
	}
	return true
}

func (s *state) noDesignStatement(g Guarantee) string {
	return fmt.Sprintf("No candidate was shown to meet every constraint; with probability ≥ %s none of the %d candidates meets each constraint by its tolerance (%s).",
		formatG(g.Confidence), g.Candidates, boundsText(g.Bounds))
}
