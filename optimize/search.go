package optimize

import (
	"cmp"
	"context"
	"math"
	"slices"
)

// Search parameters. They shape how the heuristic search spends its half
// of the budget; the guarantee rests on the final stage alone.
const (
	// searchBatch is the first batch of replications of a design.
	searchBatch = 5
	// searchMaxReps caps a design's search replications when racing.
	searchMaxReps = 8 * searchBatch
	// searchZ: an estimate within searchZ standard errors of a decision
	// (a bound's limit, or another design's objective) is ambiguous, and
	// racing adds replications before deciding.
	searchZ = 2.0
	// globalShare and halvingShare are the parts of the search budget the
	// space-filling design and successive halving may spend; the local
	// search spends the rest.
	globalShare  = 0.4
	halvingShare = 0.25
	// racedPolls is the number of best-ranked polls raced against the
	// incumbent before the local search gives up on a scale.
	racedPolls = 4
	// localStarts is the number of designs the local search starts from.
	localStarts = 3
	// maxKingVariables is the most variables whose whole neighbourhood
	// (3^d − 1 designs, 80 for 4) is polled at the finest scale.
	maxKingVariables = 4
	// maxGlobalDesigns caps the space-filling design, however large the
	// budget.
	maxGlobalDesigns = 10_000
	// maxCandidates is the largest number of designs of the final stage.
	maxCandidates = 8
)

// search runs the global stage (a maximin Latin hypercube, or a bisection
// when the single variable is the objective), successive halving over its
// designs, and a local search from the best few, within s.limit.
func (s *state) search(ctx context.Context) error {
	budget := s.limit
	if budget < searchBatch {
		return nil
	}
	var pool []*design
	var radius []int
	if len(s.sizes) == 1 && s.objVar == 0 {
		d, err := s.bisect(ctx, budget)
		if err != nil {
			return err
		}
		pool, radius = []*design{d}, []int{1}
	} else {
		var err error
		if pool, err = s.global(ctx, int(globalShare*float64(budget))); err != nil {
			return err
		}
		radius = s.initialRadius(len(pool))
	}
	starts, err := s.halve(ctx, pool, s.spent+int(halvingShare*float64(budget)))
	if err != nil {
		return err
	}
	visited := map[*design]bool{}
	for i, x := range starts {
		if visited[x] {
			continue
		}
		upto := s.limit // the last start gets what is left, the others half of it
		if i < len(starts)-1 {
			upto = s.spent + (s.limit-s.spent)/2
		}
		if err := s.local(ctx, x, slices.Clone(radius), upto, visited); err != nil {
			return err
		}
	}
	return nil
}

// room returns the replications that may still be spent up to upto.
func (s *state) room(upto int) int {
	return max(0, min(upto, s.limit)-s.spent)
}

// extend brings each design, in order, to n search replications (capped at
// searchMaxReps), stopping at the first that does not fit below upto. It
// reports whether any replication was run.
func (s *state) extend(ctx context.Context, ds []*design, n int, upto int) (bool, error) {
	room := s.room(upto)
	n = min(n, searchMaxReps)
	var reqs []request
	seen := map[*design]bool{}
	for _, d := range ds {
		have := len(d.search)
		if seen[d] || have >= n {
			continue
		}
		seen[d] = true
		if n-have > room {
			break
		}
		room -= n - have
		reqs = append(reqs, request{d: d, reps: indices(have, n), st: searchStage})
	}
	if len(reqs) == 0 {
		return false, nil
	}
	return true, s.evaluate(ctx, reqs)
}

// topUp doubles the search replications of the designs (to a common
// count, capped at searchMaxReps) if all of it fits below upto, and
// reports whether it ran any.
func (s *state) topUp(ctx context.Context, ds []*design, upto int) (bool, error) {
	n := 0
	for _, d := range ds {
		n = max(n, 2*len(d.search))
	}
	n = min(max(n, searchBatch), searchMaxReps)
	need := 0
	for i, d := range ds {
		if !slices.Contains(ds[:i], d) {
			need += max(0, n-len(d.search))
		}
	}
	if need == 0 || need > s.room(upto) {
		return false, nil
	}
	return s.extend(ctx, ds, n, upto)
}

// global evaluates a maximin Latin hypercube of as many grid points as
// spend fits, each with a first batch, and returns the evaluated designs.
func (s *state) global(ctx context.Context, spend int) ([]*design, error) {
	n := spend / searchBatch
	points := 1.0
	for _, size := range s.sizes {
		points *= float64(size)
	}
	n = max(1, min(n, maxGlobalDesigns, int(min(points, maxGlobalDesigns))))
	var ds []*design
	for _, g := range s.latinHypercube(n, s.zeros(), s.sizes) {
		ds = append(ds, s.at(g, Global))
	}
	if _, err := s.extend(ctx, ds, searchBatch, s.spent+max(spend, searchBatch)); err != nil {
		return nil, err
	}
	return evaluated(ds), nil
}

func (s *state) zeros() []int { return make([]int, len(s.sizes)) }

// evaluated returns the designs with search replications, without repeats.
func evaluated(ds []*design) []*design {
	var out []*design
	for _, d := range ds {
		if len(d.search) > 0 && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// latinHypercube returns n grid points in the box lo[v] ≤ g[v] < lo[v]+size[v]:
// of several random Latin hypercubes (one point per stratum of each
// variable), the one whose closest two points are farthest apart.
func (s *state) latinHypercube(n int, lo, size []int) [][]int {
	trials := max(1, min(16, 4_000_000/max(1, n*n)))
	var best [][]int
	bestDist := -1.0
	for range trials {
		pts := make([][]int, n)
		for j := range pts {
			pts[j] = make([]int, len(size))
		}
		for v := range size {
			perm := s.rng.Perm(n)
			for j := range pts {
				u := (float64(perm[j]) + s.rng.Float64()) / float64(n)
				pts[j][v] = lo[v] + min(size[v]-1, int(u*float64(size[v])))
			}
		}
		if d := minDistance(pts, size); d > bestDist {
			best, bestDist = pts, d
		}
	}
	return best
}

// minDistance returns the smallest squared distance between two points,
// each variable scaled to [0,1].
func minDistance(pts [][]int, size []int) float64 {
	best := math.Inf(1)
	for i := range pts {
		for j := i + 1; j < len(pts); j++ {
			d := 0.0
			for v, n := range size {
				x := float64(pts[i][v]-pts[j][v]) / float64(max(1, n-1))
				d += x * x
			}
			best = min(best, d)
		}
	}
	return best
}

// initialRadius is half the spacing of n space-filling points, per
// variable, in grid steps (at least 1).
func (s *state) initialRadius(n int) []int {
	per := math.Pow(float64(max(1, n)), 1/float64(len(s.sizes)))
	h := make([]int, len(s.sizes))
	for v, size := range s.sizes {
		h[v] = max(1, int(math.Round(float64(size)/per/2)))
	}
	return h
}

// bisect finds the smallest grid value of the single (objective) variable
// that looks feasible, assuming feasibility, once reached, persists as the
// value grows: it probes the top and the bottom of the range and bisects,
// racing each probe until its bounds are unambiguous.
func (s *state) bisect(ctx context.Context, upto int) (*design, error) {
	probe := func(k int) (d *design, feasible, ok bool, err error) {
		d = s.at([]int{k}, Bisection)
		if _, err = s.extend(ctx, []*design{d}, searchBatch, upto); err != nil || len(d.search) == 0 {
			return d, false, false, err
		}
		for s.ambiguous(d) {
			var more bool
			if more, err = s.topUp(ctx, []*design{d}, upto); err != nil || !more {
				break
			}
		}
		return d, s.estFeasible(d), true, err
	}
	hi := s.sizes[0] - 1
	top, feasible, ok, err := probe(hi)
	if err != nil || !ok || !feasible {
		return top, err
	}
	if bottom, feasible, ok, err := probe(0); err != nil || !ok || feasible {
		if ok && feasible {
			return bottom, err
		}
		return top, err
	}
	lo := 0 // invariant: lo looks infeasible, hi feasible
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		_, feasible, ok, err := probe(mid)
		if err != nil || !ok {
			return s.at([]int{hi}, Bisection), err
		}
		if feasible {
			hi = mid
		} else {
			lo = mid
		}
	}
	return s.at([]int{hi}, Bisection), nil
}

// halve runs successive halving over the pool: rank, keep the better half,
// give the kept designs another batch, until localStarts remain or the
// spending limit upto is reached; it returns the best localStarts.
func (s *state) halve(ctx context.Context, pool []*design, upto int) ([]*design, error) {
	pool = evaluated(pool)
	for len(pool) > localStarts {
		s.rank(pool, s.mostReplicated(pool))
		pool = pool[:max(localStarts, (len(pool)+1)/2)]
		fewest := len(pool[0].search)
		for _, d := range pool {
			fewest = min(fewest, len(d.search))
		}
		added, err := s.extend(ctx, pool, fewest+searchBatch, upto)
		if err != nil {
			return nil, err
		}
		if !added {
			break
		}
	}
	s.rank(pool, s.mostReplicated(pool))
	return pool[:min(localStarts, len(pool))], nil
}

// local runs a pattern search on the grid from x: it polls around x (see
// polls), moves to one of the best-ranked polls that races better than x,
// and halves h when none does, until h = 1 fails.
func (s *state) local(ctx context.Context, x *design, h []int, upto int, visited map[*design]bool) error {
	visited[x] = true
	var from *design // the incumbent before the last move
	for {
		polls := s.polls(x, h, from)
		if _, err := s.extend(ctx, polls, searchBatch, upto); err != nil {
			return err
		}
		ready := evaluated(polls)
		s.rank(ready, x)
		improved := false
		for _, p := range ready[:min(racedPolls, len(ready))] {
			if visited[p] {
				continue
			}
			ok, err := s.better(ctx, p, x, upto)
			if err != nil {
				return err
			}
			if ok {
				from, x, improved = x, p, true
				visited[p] = true
				break
			}
		}
		if improved {
			continue
		}
		finest := true
		for v := range h {
			finest = finest && h[v] == 1
			h[v] = max(1, h[v]/2)
		}
		if finest {
			return nil
		}
	}
}

// polls returns the designs the local search polls around x at radius h:
// first, after a move from the design from, the pattern move that repeats
// it (Hooke & Jeeves); then the coordinate moves ±h; then every neighbour
// at the finest scale or a small Latin hypercube in the box x±h.
func (s *state) polls(x *design, h []int, from *design) []*design {
	var out []*design
	add := func(g []int) {
		if d := s.at(g, Local); d != x && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	n := len(s.sizes)
	if from != nil {
		g := slices.Clone(x.grid)
		for v := range n {
			g[v] = max(0, min(s.sizes[v]-1, 2*x.grid[v]-from.grid[v]))
		}
		add(g)
	}
	for v := range n {
		for _, sign := range []int{-1, 1} {
			g := slices.Clone(x.grid)
			g[v] = max(0, min(s.sizes[v]-1, g[v]+sign*h[v]))
			add(g)
		}
	}
	finest := true
	for v := range h {
		finest = finest && h[v] == 1
	}
	if finest && n <= maxKingVariables {
		king := 1
		for range n {
			king *= 3
		}
		for k := range king {
			g := slices.Clone(x.grid)
			for v := range n {
				g[v] = max(0, min(s.sizes[v]-1, g[v]+k%3-1))
				k /= 3
			}
			add(g)
		}
		return out
	}
	lo, size := make([]int, n), make([]int, n)
	for v := range n {
		lo[v] = max(0, x.grid[v]-h[v])
		size[v] = min(s.sizes[v]-1, x.grid[v]+h[v]) - lo[v] + 1
	}
	for _, g := range s.latinHypercube(2*n, lo, size) {
		add(g)
	}
	return out
}

// mostReplicated returns the design of ds with the most search
// replications (the first of them), the reference of CRN comparisons.
func (s *state) mostReplicated(ds []*design) *design {
	var ref *design
	for _, d := range ds {
		if ref == nil || len(d.search) > len(ref.search) {
			ref = d
		}
	}
	return ref
}

// rankKey orders designs in the search: those whose bounds all look met
// first, by objective, then the others by violation.
type rankKey struct {
	feasible  bool
	objective float64 // relative to the reference design for a metric
	violation float64
	margin    float64
}

func compareKeys(a, b rankKey) int {
	switch {
	case a.feasible && !b.feasible:
		return -1
	case b.feasible && !a.feasible:
		return 1
	case a.feasible:
		if c := cmp.Compare(a.objective, b.objective); c != 0 {
			return c
		}
		return cmp.Compare(b.margin, a.margin)
	}
	if c := cmp.Compare(a.violation, b.violation); c != 0 {
		return c
	}
	return cmp.Compare(a.objective, b.objective)
}

// key returns d's rank key. A metric objective is estimated relative to
// ref by the paired difference on their common replication indices (common
// random numbers), which removes the noise the two share.
func (s *state) key(d, ref *design) rankKey {
	k := rankKey{feasible: s.estFeasible(d), violation: s.violation(d), margin: math.Inf(1)}
	for _, b := range s.bounds {
		m, _ := slackMeanSE(d.search, b)
		k.margin = min(k.margin, m/scale(b))
	}
	if s.objCol < 0 {
		k.objective = d.values[s.objVar]
	} else if d != ref {
		k.objective, _ = pairedDiff(d.search, ref.search, s.objCol, min(len(d.search), len(ref.search)))
	}
	return k
}

// rank sorts ds by rank key relative to ref, ties by first evaluation.
func (s *state) rank(ds []*design, ref *design) {
	keys := make(map[*design]rankKey, len(ds))
	for _, d := range ds {
		keys[d] = s.key(d, ref)
	}
	slices.SortStableFunc(ds, func(a, b *design) int {
		if c := compareKeys(keys[a], keys[b]); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
}

// scale is the unit violations and margins of a bound are measured in.
func scale(b bound) float64 {
	if a := math.Abs(b.limit); a > 0 {
		return a
	}
	return 1
}

// estFeasible reports whether every bound's mean slack is ≥ 0 on the
// search replications.
func (s *state) estFeasible(d *design) bool {
	for _, b := range s.bounds {
		if m, _ := slackMeanSE(d.search, b); m < 0 {
			return false
		}
	}
	return true
}

// violation is the sum of the bounds' mean shortfalls, each in units of
// its limit.
func (s *state) violation(d *design) float64 {
	v := 0.0
	for _, b := range s.bounds {
		m, _ := slackMeanSE(d.search, b)
		v += max(0, -m) / scale(b)
	}
	return v
}

// ambiguous reports whether some bound's mean slack is within searchZ
// standard errors of 0.
func (s *state) ambiguous(d *design) bool {
	for _, b := range s.bounds {
		m, se := slackMeanSE(d.search, b)
		if math.Abs(m) < searchZ*se {
			return true
		}
	}
	return false
}

// plausible reports that no bound is clearly violated: each mean slack +
// searchZ standard errors is ≥ 0.
func (s *state) plausible(d *design) bool {
	for _, b := range s.bounds {
		if m, se := slackMeanSE(d.search, b); m+searchZ*se < 0 {
			return false
		}
	}
	return true
}

// confident reports that every bound is clearly met: each mean slack −
// searchZ standard errors is ≥ 0.
func (s *state) confident(d *design) bool {
	for _, b := range s.bounds {
		if m, se := slackMeanSE(d.search, b); !(m-searchZ*se >= 0) {
			return false
		}
	}
	return true
}

// objDiff returns the objective of a minus that of b and its standard
// error: exact for a variable, else the paired difference over their common
// replications.
func (s *state) objDiff(a, b *design) (diff, se float64) {
	if s.objCol < 0 {
		return a.values[s.objVar] - b.values[s.objVar], 0
	}
	n := min(len(a.search), len(b.search))
	m, sd := pairedDiff(a.search, b.search, s.objCol, n)
	return m, sd / math.Sqrt(float64(n))
}

// better reports whether a beats b: a design whose bounds all look met
// beats one whose do not, then the smaller objective wins; between two that
// both fail, the smaller violation wins. Racing: while the verdict rests on
// an ambiguous estimate, both designs get more replications (common
// indices), within upto.
func (s *state) better(ctx context.Context, a, b *design, upto int) (bool, error) {
	for {
		fa, fb := s.estFeasible(a), s.estFeasible(b)
		var verdict bool
		var race []*design
		switch {
		case fa && fb:
			diff, se := s.objDiff(a, b)
			verdict = diff < 0
			if se > 0 && math.Abs(diff) < searchZ*se {
				race = append(race, a, b)
			}
			winner := b
			if verdict {
				winner = a
			}
			if s.ambiguous(winner) {
				race = append(race, winner)
			}
		case fa != fb:
			verdict = fa
			for _, d := range []*design{a, b} {
				if s.ambiguous(d) {
					race = append(race, d)
				}
			}
		default:
			return s.violation(a) < s.violation(b), nil
		}
		if len(race) == 0 {
			return verdict, nil
		}
		more, err := s.topUp(ctx, race, upto)
		if err != nil || !more {
			return verdict, err
		}
	}
}

// candidates picks the designs of the final stage: alternately the best
// ranked of those whose bounds are plausibly met and of those whose bounds
// are clearly met (so that both the boundary, where constrained optima
// lie, and safely feasible designs compete); when none is plausible, the
// two least violating.
func (s *state) candidates() []*design {
	all := evaluated(s.designs)
	if len(all) == 0 {
		centre := make([]int, len(s.sizes))
		for v, size := range s.sizes {
			centre[v] = size / 2
		}
		return []*design{s.at(centre, Global)}
	}
	s.rank(all, s.mostReplicated(all))
	var plausible, confident []*design
	for _, d := range all {
		if s.plausible(d) {
			plausible = append(plausible, d)
		}
		if s.confident(d) {
			confident = append(confident, d)
		}
	}
	var out []*design
	take := func(list []*design) []*design {
		for len(list) > 0 && len(out) < maxCandidates {
			d := list[0]
			list = list[1:]
			if !slices.Contains(out, d) {
				out = append(out, d)
				break
			}
		}
		return list
	}
	for len(out) < maxCandidates && (len(plausible) > 0 || len(confident) > 0) {
		plausible = take(plausible)
		confident = take(confident)
	}
	if len(out) == 0 { // every bound clearly violated: the least violating
		out = all[:min(2, len(all))]
	}
	return out
}
