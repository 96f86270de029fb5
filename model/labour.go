package model

import (
	"errors"
	"fmt"
	"math"
)

// LabourPool is a labour market: the candidates suitable for the work
// (Dutch-speaking, with the education the employers ask) within reach of
// the sites that draw from it. A pool named in Scenario.LabourPools is
// shared by every site whose Workforce.LabourPool names it, with the rest
// of the sector (the other employers, who are not simulated) competing for
// the same candidates; a site's own Workforce.Pool is the shorthand for a
// pool of that one site.
//
// Each day the pool gains InflowPerMonth ÷ DaysPerMonth candidates (times
// the employers' attractiveness, see Attractiveness), loses
// OutflowPerMonthShare ÷ DaysPerMonth of its candidates (emigration,
// other work, study), gets back the leavers whose return delay is over,
// and never holds more than Size. Requisitions of the sites and the other
// employers' hires then take candidates; when the pool cannot serve them
// all, candidates are shared in proportion to demand × attractiveness.
//
// Tightness is the fill, candidates ÷ Size (see Fill): as it falls, lead
// times (LeadTime) and cost per hire (HireCostFactor) rise, new hires are
// less skilled (HireSkillFactor), and the going wage rises (GoingWage).
type LabourPool struct {
	// Name identifies a shared pool (Scenario.LabourPools); "" for a
	// site's own pool.
	Name string
	// Size is the number of suitable candidates within reach at day 0,
	// and the most the pool holds. 0 means unlimited: no flows, no
	// tightness.
	Size float64
	// RefillPerMonth new candidates enter the pool each month (school
	// leavers, returners, training programmes), at an attractiveness of 1
	// (the inflow_per_month of a shared pool).
	RefillPerMonth float64
	// OutflowPerMonthShare of the candidates leave the pool each month
	// (emigration, other work, study), in [0,1].
	OutflowPerMonthShare float64
	// OtherEmployersHiresPerMonth is what the rest of the sector hires
	// from the pool a month when it can: demand that competes with the
	// sites' requisitions, at attractiveness 1.
	OtherEmployersHiresPerMonth float64
	// OtherEmployersHeadcount is the rest of the sector's employment: its
	// weight, at attractiveness 1, in the attractiveness that sets the
	// inflow (see PoolAttractiveness).
	OtherEmployersHeadcount float64
	// OtherEmployersGrowthPerYear: the rest of the sector grows, its
	// hires and headcount × (1 + g)^(days ÷ 365) (see OtherEmployers).
	OtherEmployersGrowthPerYear float64
	// ReturnShare of leavers (the sites' leavers and, in a shared pool, the
	// other employers' hires, which stand for their leavers in a steady
	// sector) re-enter the pool after ReturnDelayDays.
	ReturnShare     float64
	ReturnDelayDays float64
	// LeadTimeDays from requisition to start when the pool is full.
	LeadTimeDays float64
	// LeadTimeDepletion: lead time × fill^(−d); a depleted pool takes
	// longer to hire from.
	LeadTimeDepletion float64
	// SkillDepletion: skill at hire × fill^d; the best candidates go first.
	SkillDepletion float64
	// HireCostDepletion: cost per hire × fill^(−d); a tight market needs
	// more advertising, agencies and selection per hire.
	HireCostDepletion float64
	// DepletionFloor is the fill below which lead time, skill at hire and
	// cost per hire stop worsening, in [0,1]: beyond it, scarcity is the
	// queue of requisitions waiting for a candidate. 0: they worsen down
	// to a fill of 0.001.
	DepletionFloor float64
	// GoingWageToMinimum is the going wage in the pool, the pay other
	// employers offer for the work, as a multiple of the local minimum
	// wage, when the pool is full; 0 means 1 (the going wage is the
	// minimum).
	GoingWageToMinimum float64
	// WagePressure: the going wage × (1 + p·(1 − fill)); with an empty
	// pool it is (1 + p) times its level at a full one.
	WagePressure float64
	// AttractivenessPayElasticity and AttractivenessMonitoringEffect set
	// how an employer's pay against the going wage and its monitoring
	// draw candidates (Attractiveness): the sector's image.
	AttractivenessPayElasticity    float64
	AttractivenessMonitoringEffect float64
}

// Unlimited reports whether the pool has no size limit.
func (p *LabourPool) Unlimited() bool { return p.Size <= 0 }

// Fill returns the pool's fill level in (0,1] for the given number of
// candidates (1 for an unlimited pool); never 0, so lead times stay finite.
func (p *LabourPool) Fill(candidates float64) float64 {
	if p.Size <= 0 {
		return 1
	}
	return min(max(candidates/p.Size, 1e-3), 1)
}

// depleted returns the fill the depletion relations see: never below
// DepletionFloor.
func (p *LabourPool) depleted(fill float64) float64 { return max(fill, p.DepletionFloor) }

// LeadTime returns the hiring lead time in days at the given fill:
// LeadTimeDays × max(fill, DepletionFloor)^(−LeadTimeDepletion).
func (p *LabourPool) LeadTime(fill float64) float64 {
	return p.LeadTimeDays * math.Pow(p.depleted(fill), -p.LeadTimeDepletion)
}

// HireSkillFactor returns the factor on skill at hire at the given fill:
// max(fill, DepletionFloor)^SkillDepletion.
func (p *LabourPool) HireSkillFactor(fill float64) float64 {
	return math.Pow(p.depleted(fill), p.SkillDepletion)
}

// HireCostFactor returns the factor on the cost per hire at the given
// fill: max(fill, DepletionFloor)^(−HireCostDepletion).
func (p *LabourPool) HireCostFactor(fill float64) float64 {
	return math.Pow(p.depleted(fill), -p.HireCostDepletion)
}

// GoingWage returns the going wage as a multiple of the local minimum at
// the given fill: GoingWageToMinimum × (1 + WagePressure·(1 − fill)).
func (p *LabourPool) GoingWage(fill float64) float64 {
	g := p.GoingWageToMinimum
	if g == 0 {
		g = 1
	}
	return g * (1 + p.WagePressure*(1-fill))
}

// Attractiveness is how strongly an employer paying payToGoing times the
// going wage under the given monitoring draws candidates, relative to one
// paying the going wage without monitoring pressure (1):
// e^(ε·(payToGoing − 1))·max(0, 1 − m·monitoring), ε the pool's
// AttractivenessPayElasticity, m its AttractivenessMonitoringEffect.
// ASSUMPTION for both sizes: Dutch shortages of contact-centre staff are
// put down to the sector's image and low pay (UWV, docs/calibration.md
// §6.2), but no source measures the response.
func (p *LabourPool) Attractiveness(payToGoing, monitoring float64) float64 {
	return math.Exp(p.AttractivenessPayElasticity*(payToGoing-1)) *
		max(0, 1-p.AttractivenessMonitoringEffect*monitoring)
}

// OtherEmployers returns the factor on the other employers' hires and
// headcount on the given day: (1 + OtherEmployersGrowthPerYear)^(day ÷
// 365).
func (p *LabourPool) OtherEmployers(day float64) float64 {
	if p.OtherEmployersGrowthPerYear == 0 {
		return 1
	}
	return math.Pow(1+p.OtherEmployersGrowthPerYear, day/DaysPerYear)
}

// PoolAttractiveness is the headcount-weighted mean attractiveness of the
// employers a pool supplies on the given day: sum of headcount ×
// attractiveness over the simulated sites (weightedSites, heads), plus
// the other employers' headcount (grown to the day) at 1. 1 when nobody
// is employed.
func (p *LabourPool) PoolAttractiveness(weightedSites, heads, day float64) float64 {
	other := p.OtherEmployersHeadcount * p.OtherEmployers(day)
	n := heads + other
	if n <= 0 {
		return 1
	}
	return (weightedSites + other) / n
}

// validateLabourPools checks the structure of the shared pools (unique,
// non-empty names) and that every site naming a pool names one of them;
// value ranges are the scenario format's to check.
func (s *Scenario) validateLabourPools() error {
	var errs []error
	for i := range s.LabourPools {
		p := &s.LabourPools[i]
		if p.Name == "" {
			errs = append(errs, fmt.Errorf("labour pool %d: no name", i))
			continue
		}
		if s.LabourPoolIndex(p.Name) != i {
			errs = append(errs, fmt.Errorf("labour pool %q: named twice", p.Name))
		}
	}
	for _, site := range s.Sites {
		if w := site.Workforce; w != nil && w.LabourPool != "" && s.LabourPoolIndex(w.LabourPool) < 0 {
			errs = append(errs, fmt.Errorf("site %q: labour pool %q is not among the labour pools", site.Name, w.LabourPool))
		}
	}
	return errors.Join(errs...)
}

// LabourPoolIndex returns the index in LabourPools of the pool with the
// given name, or −1.
func (s *Scenario) LabourPoolIndex(name string) int {
	for i := range s.LabourPools {
		if s.LabourPools[i].Name == name {
			return i
		}
	}
	return -1
}

// PoolOf returns the labour pool a workforce draws from: the shared pool
// it names, or its own.
func (s *Scenario) PoolOf(w *Workforce) *LabourPool {
	if w.LabourPool != "" {
		if i := s.LabourPoolIndex(w.LabourPool); i >= 0 {
			return &s.LabourPools[i]
		}
	}
	return &w.Pool
}

// SameLabourMarket reports whether sites a and b, both with a workforce,
// hire in the same market: they name the same shared pool, or neither
// names one and they are in the same country (a site's own pool stands
// for its country's market at a handover).
func (s *Scenario) SameLabourMarket(a, b int) bool {
	wa, wb := s.Sites[a].Workforce, s.Sites[b].Workforce
	if wa == nil || wb == nil {
		return false
	}
	if wa.LabourPool != "" || wb.LabourPool != "" {
		return wa.LabourPool == wb.LabourPool
	}
	return s.Sites[a].Country == s.Sites[b].Country
}

// CoverKind says how a site fills the hours its own available agents
// cannot work when it is short of its staffing plan.
type CoverKind uint8

const (
	// CoverNone leaves the gap: fewer agents answer.
	CoverNone CoverKind = iota
	// CoverOvertime: the available agents work extra hours, at most
	// Cover.MaxShare of their own hours, paid at wage × (1 + premium).
	CoverOvertime
	// CoverAgency: agency staff work the gap (up to MaxShare of the plan's
	// hours), billed at an own employee's cost × (1 + premium).
	CoverAgency
)

// Cover is how a site covers a staffing gap and what an hour of cover
// costs. An hour of cover costs wage × (1 + on-cost rate) × (1 + Premium)
// in both kinds: for overtime the premium is on the wage (on-costs are
// due on overtime pay too), for agency staff it is the agency's mark-up
// over what the site's own employee costs (docs/calibration.md §7).
type Cover struct {
	Kind CoverKind
	// Premium is the extra share over the base cost of an hour, e.g. 0.5
	// for overtime at 150% of the wage.
	Premium float64
	// MaxShare bounds the cover hours: overtime as a share of the
	// available agents' own hours, agency hours as a share of the plan's
	// hours; 0 means no bound.
	MaxShare float64
}

// Hours returns the weekly cover hours a site works when its plan needs
// plannedHours a week and its available agents give availableHours.
func (c *Cover) Hours(plannedHours, availableHours float64) float64 {
	gap := plannedHours - availableHours
	if c.Kind == CoverNone || gap <= 0 {
		return 0
	}
	switch {
	case c.MaxShare == 0:
		return gap
	case c.Kind == CoverOvertime:
		return min(gap, c.MaxShare*availableHours)
	}
	return min(gap, c.MaxShare*plannedHours)
}

// CostPerHour returns the cost of one cover hour at the given wage and
// on-cost rate, in the wage's currency.
func (c *Cover) CostPerHour(wage, onCostRate float64) float64 {
	return wage * (1 + onCostRate) * (1 + c.Premium)
}

// SLA is a service-level agreement of an outsourced contract: over each
// period of PeriodMonths months, the site's service level (calls answered
// within Run.ServiceLevelSeconds ÷ calls offered, by arrival, as counted
// at the period's end) is compared with Target, and for each percentage
// point short the provider credits the client PenaltyPerPoint of the
// period's invoice, at most Cap of it. The credit is deducted from the
// next invoice: it lowers the provider's revenue (and margin) and the
// client's cost in the month after the period.
type SLA struct {
	// Target share of calls answered in time, in [0,1]; 0: no SLA.
	Target float64
	// PeriodMonths is the measurement period (0 means 1).
	PeriodMonths int
	// PenaltyPerPoint is the share of the period's invoice credited per
	// percentage point below Target.
	PenaltyPerPoint float64
	// Cap is the largest share of the invoice credited; 0 means 1.
	Cap float64
}

// Period returns the measurement period in months.
func (s *SLA) Period() int { return max(s.PeriodMonths, 1) }

// Credit returns the service credit, in EUR, for a period with the given
// service level and invoice: min(Cap, PenaltyPerPoint × points short) ×
// invoice, where points short = 100·(Target − serviceLevel) when positive.
func (s *SLA) Credit(serviceLevel, invoiceEUR float64) float64 {
	if s.Target <= 0 || serviceLevel >= s.Target || invoiceEUR <= 0 {
		return 0
	}
	c := s.Cap
	if c == 0 {
		c = 1
	}
	return min(c, s.PenaltyPerPoint*100*(s.Target-serviceLevel)) * invoiceEUR
}
