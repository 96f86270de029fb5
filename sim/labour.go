package sim

import (
	"math"

	"offsim/model"
)

// labourState is one labour pool in a replication: a shared pool of the
// scenario (model.Scenario.LabourPools) or a site's own pool. Pools are
// indexed by the order of the scenario's shared pools, then the sites
// with their own pool; every workforce holds the index of its pool.
type labourState struct {
	spec  *model.LabourPool
	sites []int // sites that draw from it, in scenario order

	candidates float64      // candidates left; +Inf for an unlimited pool
	returns    []poolReturn // leavers who come back later, by day
	retHead    int          // first pending entry of returns
	fill       float64      // candidates ÷ size today, in (0,1]
	going      float64      // going wage ÷ local minimum today
	attract    float64      // the employers' attractiveness that sets the inflow
}

type poolReturn struct {
	day float64
	n   float64
}

// initLabour builds the replication's pools: one per shared pool, one
// per site with a workforce of its own.
func (e *Engine) initLabour() {
	sc := e.sc
	e.labour = e.labour[:0]
	for k := range sc.LabourPools {
		e.labour = append(e.labour, labourState{spec: &sc.LabourPools[k]})
	}
	for si := range e.sites {
		wf := e.sites[si].wf
		if wf == nil {
			continue
		}
		if name := sc.Sites[si].Workforce.LabourPool; name != "" {
			wf.pool = sc.LabourPoolIndex(name)
		} else {
			wf.pool = len(e.labour)
			e.labour = append(e.labour, labourState{spec: &wf.own.Pool})
		}
		e.labour[wf.pool].sites = append(e.labour[wf.pool].sites, si)
	}
}

// resetLabour fills every pool for a new replication.
func (e *Engine) resetLabour() {
	for k := range e.labour {
		ls := &e.labour[k]
		ls.candidates = ls.spec.Size
		if ls.spec.Unlimited() {
			ls.candidates = math.Inf(1)
		}
		ls.returns, ls.retHead = ls.returns[:0], 0
		ls.fill, ls.going, ls.attract = 1, ls.spec.GoingWage(1), 1
	}
}

func (ls *labourState) unlimited() bool { return math.IsInf(ls.candidates, 1) }

// left returns the candidates in the pool (0 for an unlimited one).
func (ls *labourState) left() float64 {
	if ls.unlimited() {
		return 0
	}
	return ls.candidates
}

// add puts n candidates back into a finite pool, never above its size.
func (ls *labourState) add(n float64) {
	if !ls.unlimited() {
		ls.candidates = min(ls.candidates+n, ls.spec.Size)
	}
}

// returnLater schedules n leavers to re-enter the pool on the given day.
// Every pool has one return delay, so entries arrive in day order.
func (ls *labourState) returnLater(day, n float64) {
	if k := len(ls.returns) - 1; k >= ls.retHead && ls.returns[k].day == day {
		ls.returns[k].n += n
		return
	}
	if ls.retHead > 0 && ls.retHead == len(ls.returns) {
		ls.returns, ls.retHead = ls.returns[:0], 0
	}
	ls.returns = append(ls.returns, poolReturn{day: day, n: n})
}

// labourDay runs the pools' flows at the start of the day, before the
// sites' workforces: the inflow at yesterday's attractiveness, the
// outflow, the leavers whose return is due; then today's fill and going
// wage, which the sites' quits respond to.
func (e *Engine) labourDay() {
	day := float64(e.day)
	for k := range e.labour {
		ls := &e.labour[k]
		p := ls.spec
		if ls.unlimited() {
			continue
		}
		ls.candidates += p.RefillPerMonth / model.DaysPerMonth * ls.attract
		ls.candidates -= p.OutflowPerMonthShare / model.DaysPerMonth * ls.candidates
		for ls.retHead < len(ls.returns) && ls.returns[ls.retHead].day <= day {
			ls.candidates += ls.returns[ls.retHead].n
			ls.retHead++
		}
		ls.candidates = min(max(ls.candidates, 0), p.Size)
		ls.fill = p.Fill(ls.candidates)
		ls.going = p.GoingWage(ls.fill)
	}
}

// hireDay shares each pool's candidates among the requisitions of its
// sites and the other employers' hires (grown to the day). When the pool holds enough for
// all, every requisition gets a candidate; else each is served with
// probability candidates ÷ (weighted demand) × the site's
// attractiveness, and the other employers take the same share of their
// demand (at attractiveness 1). It then sets the attractiveness that
// drives tomorrow's inflow.
func (e *Engine) hireDay() {
	day := float64(e.day)
	for k := range e.labour {
		ls := &e.labour[k]
		p := ls.spec
		other := 0.0
		if !ls.unlimited() {
			other = p.OtherEmployersHiresPerMonth / model.DaysPerMonth * p.OtherEmployers(day)
		}
		demand := other
		for _, si := range ls.sites {
			wf := e.sites[si].wf
			wf.need = max(0, wf.target-wf.employed()-len(wf.pending))
			demand += float64(wf.need) * wf.attract
		}
		share := math.Inf(1) // of weighted demand the pool can serve
		if !ls.unlimited() && demand > ls.candidates {
			share = ls.candidates / demand
		}
		var heads, weighted float64
		for _, si := range ls.sites {
			wf := e.sites[si].wf
			serve := 1.0
			if !math.IsInf(share, 1) {
				serve = min(1, share*wf.attract)
			}
			e.requisition(si, day, serve)
			n := float64(wf.employed())
			heads += n
			weighted += n * wf.attract
		}
		if other > 0 {
			took := min(other*min(share, 1), max(ls.candidates, 0))
			ls.candidates -= took
			if p.ReturnShare > 0 {
				ls.returnLater(day+p.ReturnDelayDays, took*p.ReturnShare)
			}
		}
		ls.attract = p.PoolAttractiveness(weighted, heads, day)
	}
}

// requisition opens offers to hold site si's headcount target: each is
// served with probability serve (see hireDay) while the pool has a
// candidate, takes one, and starts after the pool's lead time, at the
// pool's cost per hire; a requisition left unserved waits for the next
// day.
func (e *Engine) requisition(si int, day, serve float64) {
	wf := e.sites[si].wf
	ls := &e.labour[wf.pool]
	pool := ls.spec
	unfilled := 0
	for need := wf.need; need > 0; need-- {
		if ls.candidates < 1 {
			unfilled += need
			break
		}
		if serve < 1 && e.rngWorkforce.Float64() >= serve {
			unfilled++
			continue
		}
		fill := pool.Fill(ls.candidates)
		if !ls.unlimited() {
			ls.candidates--
		}
		lead := pool.LeadTime(fill)
		skill := e.drawSkill(wf.p, pool.HireSkillFactor(fill))
		cost := wf.costs.RecruitmentPerHireEUR * pool.HireCostFactor(fill)
		wf.pending = append(wf.pending, pendingHire{startDay: day + math.Ceil(lead), skill0: skill, leadDays: lead, costEUR: cost})
	}
	wf.need = 0
	if unfilled > 0 {
		s, mo := e.dayRows(si)
		s.Workforce.UnfilledRequisitionDays += float64(unfilled)
		mo.UnfilledRequisitionDays += float64(unfilled)
	}
}

// finishLabour records the pools at the horizon: the total over sites
// counts each pool once.
func (e *Engine) finishLabour(total *model.Stats) {
	var left float64
	for k := range e.labour {
		if len(e.labour[k].sites) > 0 {
			left += e.labour[k].left()
		}
	}
	total.Workforce.PoolEnd = left
}
