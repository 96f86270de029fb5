// Package optimize finds, by simulation, the design that minimises an
// objective subject to constraints on metric means, and states how sure it
// is of its answer.
//
// # Problem
//
// A Problem names design variables (scenario keys with a range, stepped or
// continuous), an objective to minimise (a metric, estimated from
// replications, or one of the variables, known exactly), constraints on
// metric means (a min, a max or both), a budget of replications and a
// confidence. The caller supplies an Evaluator that runs replications of a
// design and returns their metric values. Replication r of every design
// draws from the same random streams (common random numbers): designs are
// compared by paired differences on the same replication indices, which
// cancels the noise they share.
//
// # Method
//
// Run spends at most half the budget on a heuristic search and the rest on
// a final selection that carries the guarantee.
//
//  1. Global stage. A maximin Latin hypercube of grid points (of several
//     random Latin hypercubes, the one whose two closest points are farthest
//     apart), each evaluated with a first batch of 5 replications, spending
//     40% of the search budget. When the only variable is the objective
//     (minimise agents subject to a service level), the problem is to find
//     the smallest feasible value: a bisection along the variable replaces
//     the hypercube, assuming that feasibility, once reached, persists as
//     the value grows (it probes both ends first: a feasible bottom is the
//     answer, an infeasible top ends the search).
//  2. Successive halving, spending up to 25% of the search budget: rank the
//     designs, keep the better half, give each another batch, until three
//     remain.
//  3. Local stage: from each of those three in turn (the best gets half of
//     what is left, the next half of the rest, the last the remainder), a
//     pattern search on the step grid. Around the incumbent x it polls the
//     repeat of its last move (Hooke & Jeeves), the coordinate moves ±h and
//     a Latin hypercube of 2d points in the box x±h (at h = 1, the whole
//     neighbourhood when there are at most four variables); it moves to the
//     first of the four best-ranked polls that beats x and halves h when
//     none does, until h = 1 fails. A continuous variable is searched on
//     ContinuousIntervals intervals.
//
// Designs are compared lexicographically: one whose constraint means all
// look met beats one whose do not; between two such, the smaller objective
// wins (a metric by its paired mean difference on the common replication
// indices); between two others, the smaller violation. Racing spends the
// replications where they matter: while a verdict rests on an estimate
// within 2 standard errors of its decision (a mean slack near 0, or a
// paired difference near 0), both designs get more replications, doubling
// to at most 40, before it is made.
//
//  4. Candidates: up to 8 evaluated designs, taken alternately from the best
//     ranked of those whose constraints are plausibly met (no mean slack 2
//     standard errors below 0) and of those clearly met (every mean slack 2
//     standard errors above 0), so that both the boundary, where
//     constrained optima lie, and safely feasible designs compete.
//  5. Final stage: a two-stage Bonferroni procedure on fresh replication
//     indices, above every index the search used and common to all
//     candidates. First stage: n₁ = 10 to 20 replications of each candidate
//     give the standard deviation S_ic of each candidate i's slack on each
//     bound c (mean − min, or max − mean) and S_il of each pair's paired
//     objective difference. Screening drops a candidate when some slack
//     mean + t·S_ic/√n₁ < 0. Second stage: N_i more replications of each
//     survivor on a second fresh block, N_i chosen from the first stage:
//     the count that meets the targets (N ≥ (2·h_F·S/ε)² for a bound, N ≥
//     (h_P·S/δ)² for a pair) or, without targets, an equal share of the
//     budget; with an exact objective each candidate gets its own count,
//     sized for a 90% chance to confirm the margin its first stage showed,
//     and the budget is water-filled (a noisy objective needs one count for
//     all, as its comparisons pair replications). Decisions use the
//     second-stage means alone with the first-stage deviations: then
//     (mean₂ − μ)·√N/S is Student t with n₁−1 degrees of freedom whatever
//     rule chose N (Stein 1945), so N may depend on anything the first
//     stage showed. A candidate is declared feasible when every slack
//     mean₂ − h_F·S_ic/√N_i ≥ 0; the returned design is the declared-feasible
//     candidate with the smallest objective (second-stage mean, or the exact
//     value; ties go to the larger least slack).
//
// # Guarantee
//
// Let α = 1 − Confidence, K the candidates and B the constraint bounds (a
// constraint with a min and a max counts twice). α is split by Bonferroni:
// α/2 over the K·B feasibility tests, h_F = t(1 − α/(2KB), n₁−1); α/4 over
// the K·B screening tests and α/4 over the K(K−1)/2 objective comparisons,
// h_P = t(1 − α/(2K(K−1)), n₁−1). (With an exact objective the screening
// takes that whole half; without constraints the comparisons take all of
// α.) On the event that no test errs, which has probability ≥ Confidence,
// simultaneously:
//
//   - the returned design meets every constraint in mean (so does every
//     design declared feasible);
//   - every candidate meeting each bound c by at least ε̂_c was declared
//     feasible;
//   - the returned design's objective mean is at most δ̂ above that of every
//     such candidate (with an exact objective, δ̂ = 0: none of them has a
//     smaller objective).
//
// ε̂_c = max 2·h_F·S_ic/√N_i over the candidates that could have beaten the
// returned one but were not confirmed, and δ̂ = max h_P·S_il/√N over the
// confirmed ones; Guarantee reports both, and whether they are within the
// targets Constraint.Tolerance and Problem.IndifferenceZone. The tests are
// exact for normally distributed replication outputs and approximate
// otherwise (a replication's metrics average thousands of calls), as for
// every t-based ranking-and-selection procedure (Clark & Yang 1986; Nelson &
// Matejcik 1995, common random numbers; Nelson et al. 2001, screening;
// Andradóttir & Kim 2010, constraints with a tolerance).
//
// The guarantee covers the candidates, the best designs the search saw:
// the designs it discarded were judged by its heuristic comparisons on
// their search replications, not by a statistical test. This is the
// "clean-up" of a simulation-optimisation search by ranking and selection
// (Boesel, Nelson & Kim 2003); the fresh replication indices make the
// final stage independent of the search that chose the candidates.
//
// # Why not gonum/optimize
//
// Its methods (Nelder–Mead, BFGS, CMA-ES, …) minimise a deterministic
// function of continuous variables. Here variables live on a step grid, the
// objective is noisy and the constraints can only be judged with a stated
// confidence: a Nelder–Mead simplex would reorder itself on noise, and a
// penalised objective would hide the feasibility the guarantee is about.
// The grid pattern search with racing is the local method that fits; gonum's
// stat and distuv supply the estimators and the t quantiles.
//
// # Replication indices
//
// A design's search replications are 0, 1, …, n−1. The final stage's first
// block starts at the largest search count and its second block follows
// it; Design.Indices lists each design's. Every Evaluate call is one design and a list of replication indices:
// the calls of one stage's batch are independent of each other (Options.Workers
// runs them at once), but the stages depend on the outcomes of earlier ones.
package optimize
