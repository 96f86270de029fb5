package results

import (
	"cmp"
	"errors"
	"fmt"
	"iter"
	"math"

	"offsim/model"
)

// Collector gathers the replications of one scenario, fed one at a time in
// increasing index order, into what the output files need, and drops the
// rest: per replication one float64 per metric (total and per site), per
// yearly metric and year, and per uncertain parameter, which the exact
// percentiles, the paired differences and the per-replication files need;
// the monthly series go into Bands, whose memory does not grow with the
// number of replications. Everything is computed in index order, so the
// outputs do not depend on the order replications finished in.
type Collector struct {
	sc  *model.Scenario
	clv float64
	// indices are the replication indices added, increasing.
	indices []int
	// names are the per-replication metric names (model.Stats.Metrics).
	names []string
	// total[j][k] is metric j of the k-th replication added; sites[s] the
	// same for site s.
	total [][]float64
	sites [][][]float64
	// months[m][0] are month m's Bands over all sites, months[m][s+1]
	// those of site s, one per model.Month metric in monthNames order.
	monthNames []string
	months     [][][]Band
	// yearNames are the yearly metrics (model.YearMetrics); years[y][j][k]
	// is metric j of year y of the k-th replication (NaN: no figure).
	yearNames []string
	years     [][][]float64
	// outcomeNames are the tender outcomes (model.OutcomeMetrics), total
	// only; outcomes[j][k] is outcome j of the k-th replication.
	outcomeNames []string
	outcomes     [][]float64
	// params[i][k] is uncertain parameter i in the k-th replication.
	params [][]float64
	// tenders holds, per contract, what tenders.csv says of it.
	tenders []tenderAcc
}

// tenderAcc accumulates one contract over the replications.
type tenderAcc struct {
	day, startDay              float64
	won                        []int // per bidder
	bid, quality, score, floor []float64
	// winToSecond sums the winning bid ÷ the runner-up's over the
	// ratioN replications that have one.
	winToSecond float64
	ratioN      int
}

// NewCollector returns an empty collector for scenario sc.
func NewCollector(sc *model.Scenario) *Collector {
	return &Collector{sc: sc, clv: sc.Demand.Customers.LifetimeValueEUR}
}

// Scenario returns the collector's scenario.
func (c *Collector) Scenario() *model.Scenario { return c.sc }

// Len returns the number of replications added.
func (c *Collector) Len() int { return len(c.indices) }

// Add takes in one replication. Its index must be above every index added
// before, and its shape must fit the scenario (sites, months, parameters,
// tenders) and the replications added before: a replication read back
// from a file that does not fit is refused, not half counted.
func (c *Collector) Add(r *model.Replication) error {
	if err := c.fits(r); err != nil {
		return fmt.Errorf("scenario %q, replication %d: %w", c.sc.Name, r.Index, err)
	}
	first := len(c.indices) == 0
	c.indices = append(c.indices, r.Index)

	total, sites := model.ReplicationMetrics(c.sc, r)
	if first {
		c.names = metricNames(total)
		c.total = make([][]float64, len(total))
		c.sites = make([][][]float64, len(sites))
		for s := range sites {
			c.sites[s] = make([][]float64, len(total))
		}
	}
	if err := appendValues(c.total, c.names, total); err != nil {
		return err
	}
	for s, ms := range sites {
		if err := appendValues(c.sites[s], c.names, ms); err != nil {
			return err
		}
	}
	c.addMonths(r, first)
	if err := c.addYears(r, first); err != nil {
		return err
	}
	for i, v := range r.Parameters {
		if first {
			c.params = append(c.params, nil)
		}
		c.params[i] = append(c.params[i], v)
	}
	c.addAwards(r, first)
	return nil
}

// fits checks the shape of r against the scenario and the replications
// before it.
func (c *Collector) fits(r *model.Replication) error {
	nSites := len(c.sc.Sites)
	switch {
	case r.Index < 0 || r.Index >= MaxReplications:
		return fmt.Errorf("index outside [0, %d)", MaxReplications)
	case len(c.indices) > 0 && r.Index <= c.indices[len(c.indices)-1]:
		return fmt.Errorf("index not above the previous one, %d", c.indices[len(c.indices)-1])
	case nSites == 0:
		return errors.New("the scenario has no sites")
	case len(r.Sites) != nSites:
		return fmt.Errorf("%d sites, the scenario has %d", len(r.Sites), nSites)
	case len(r.Months) > 12*MaxYears:
		return fmt.Errorf("%d months, more than %d", len(r.Months), 12*MaxYears)
	case len(c.indices) > 0 && len(r.Months) != len(c.months):
		return fmt.Errorf("%d months, the replications before have %d", len(r.Months), len(c.months))
	case len(r.Parameters) != len(c.sc.Uncertain):
		return fmt.Errorf("%d parameter values, the scenario has %d uncertain parameters", len(r.Parameters), len(c.sc.Uncertain))
	}
	for m, row := range r.Months {
		if len(row) != nSites {
			return fmt.Errorf("month %d has %d sites, the scenario %d", m+1, len(row), nSites)
		}
	}
	return c.fitsAwards(r)
}

// fitsAwards checks the tender outcomes of r.
func (c *Collector) fitsAwards(r *model.Replication) error {
	t := c.sc.Tender
	if t == nil {
		if len(r.Awards) > 0 {
			return errors.New("tender awards in a scenario without a tender")
		}
		return nil
	}
	if len(r.Awards) > MaxTenders || len(c.indices) > 0 && len(r.Awards) != len(c.tenders) {
		return fmt.Errorf("%d contracts, the replications before have %d", len(r.Awards), len(c.tenders))
	}
	nb := len(t.Bidders)
	for k, a := range r.Awards {
		if a.Winner < 0 || a.Winner >= nb || len(a.MonthlyEUR) != nb || len(a.Quality) != nb || len(a.Score) != nb {
			return fmt.Errorf("contract %d does not fit the %d bidders", k, nb)
		}
	}
	return nil
}

func metricNames(ms []model.Metric) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Name
	}
	return out
}

// appendValues appends each metric's value to its column; the metrics
// must be those of names, in order.
func appendValues(cols [][]float64, names []string, ms []model.Metric) error {
	if len(ms) != len(names) {
		return fmt.Errorf("%d metrics, the replications before have %d", len(ms), len(names))
	}
	for j, m := range ms {
		if m.Name != names[j] {
			return fmt.Errorf("metric %q where the replications before have %q", m.Name, names[j])
		}
		cols[j] = append(cols[j], m.Value)
	}
	return nil
}

func (c *Collector) addMonths(r *model.Replication, first bool) {
	if first {
		c.months = make([][][]Band, len(r.Months))
	}
	for m, row := range r.Months {
		var all model.Month
		for s := range row {
			all.Merge(&row[s])
		}
		c.addMonth(m, 0, model.MonthMetrics(&all, c.clv))
		for s := range row {
			c.addMonth(m, s+1, model.MonthMetrics(&row[s], c.clv))
		}
	}
}

func (c *Collector) addMonth(m, site int, ms []model.Metric) {
	if c.months[m] == nil {
		c.months[m] = make([][]Band, len(c.sc.Sites)+1)
	}
	if c.months[m][site] == nil {
		c.months[m][site] = make([]Band, len(ms))
		if c.monthNames == nil {
			c.monthNames = metricNames(ms)
		}
	}
	for j, v := range ms {
		c.months[m][site][j].Add(v.Value)
	}
}

func (c *Collector) addYears(r *model.Replication, first bool) error {
	ys := model.YearMetrics(c.sc, r)
	if first {
		c.years = make([][][]float64, len(ys))
		if len(ys) > 0 {
			c.yearNames = metricNames(ys[0])
		}
		for y := range ys {
			c.years[y] = make([][]float64, len(c.yearNames))
		}
	}
	if len(ys) != len(c.years) {
		return fmt.Errorf("%d years, the replications before have %d", len(ys), len(c.years))
	}
	for y, ms := range ys {
		if err := appendValues(c.years[y], c.yearNames, ms); err != nil {
			return fmt.Errorf("year %d: %w", y+1, err)
		}
	}
	out := model.OutcomeMetrics(c.sc, ys)
	if first {
		c.outcomeNames = metricNames(out)
		c.outcomes = make([][]float64, len(out))
	}
	return appendValues(c.outcomes, c.outcomeNames, out)
}

func (c *Collector) addAwards(r *model.Replication, first bool) {
	if c.sc.Tender == nil {
		return
	}
	nb := len(c.sc.Tender.Bidders)
	for k, a := range r.Awards {
		if first {
			c.tenders = append(c.tenders, tenderAcc{day: a.Day, startDay: a.StartDay, won: make([]int, nb),
				bid: make([]float64, nb), quality: make([]float64, nb), score: make([]float64, nb), floor: make([]float64, nb)})
		}
		t := &c.tenders[k]
		t.won[a.Winner]++
		for b := range nb {
			t.bid[b] += a.MonthlyEUR[b]
			t.quality[b] += a.Quality[b]
			t.score[b] += a.Score[b]
			if b < len(a.FloorEUR) {
				t.floor[b] += a.FloorEUR[b]
			}
		}
		if r := a.WinToSecond(); !math.IsNaN(r) {
			t.winToSecond += r
			t.ratioN++
		}
	}
}

// summarize summarises each column of metrics of table t over the
// replications in which it is finite (into out); a metric without any
// finite value, or whose summary overflows, is left out.
func summarize(t model.MetricTable, names []string, cols [][]float64, out map[string]model.Summary) map[string]model.Summary {
	if out == nil {
		out = make(map[string]model.Summary, len(names))
	}
	for j, name := range names {
		if s, ok := summary(t, name, cols[j], false); ok {
			out[name] = s
		}
	}
	return out
}

// summary summarises the finite values of metric name of table t (or
// their paired differences) as the metric dictionary says: its interval
// kept in the metric's range, the Wilson interval for an all-or-nothing
// outcome (model.SummarizeMetric). It reports whether it is a finite
// summary of at least one value.
func summary(t model.MetricTable, name string, values []float64, diff bool) (model.Summary, bool) {
	finite := make([]float64, 0, len(values))
	for _, v := range values {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			finite = append(finite, v)
		}
	}
	if len(finite) == 0 {
		return model.Summary{}, false
	}
	var s model.Summary
	d, known := model.LookupMetric(t, name)
	switch {
	case !known:
		s = model.Summarize(finite)
	case diff:
		s = model.SummarizeDifference(d, finite)
	default:
		s = model.SummarizeMetric(d, finite)
	}
	return s, Finite(s)
}

// Summary summarises every metric over the replications, in total and
// per site, and each contract's winners.
func (c *Collector) Summary() model.ScenarioSummary {
	out := model.ScenarioSummary{
		Name:         c.sc.Name,
		Replications: len(c.indices),
		Seed:         c.sc.Run.Seed,
		Months:       len(c.months),
		Metrics:      summarize(model.OutcomeTable, c.outcomeNames, c.outcomes, summarize(model.RunTable, c.names, c.total, nil)),
		Sites:        make(map[string]model.SiteSummary, len(c.sc.Sites)),
	}
	for s, site := range c.sc.Sites {
		var cols [][]float64
		if s < len(c.sites) {
			cols = c.sites[s]
		}
		out.Sites[site.Name] = model.SiteSummary{Metrics: summarize(model.RunTable, c.names, cols, nil)}
	}
	for _, t := range c.tenders {
		n := len(c.indices)
		ts := model.TenderSummary{StartDay: t.startDay, Replications: n, Winners: map[string]float64{}, WinnersCI95: map[string][2]float64{}}
		for b, bd := range c.sc.Tender.Bidders {
			ts.Winners[bd.Name] = float64(t.won[b]) / float64(n)
			lo, hi := model.Wilson(t.won[b], n)
			ts.WinnersCI95[bd.Name] = [2]float64{lo, hi}
		}
		out.Tenders = append(out.Tenders, ts)
	}
	return out
}

// Paired summarises, per total metric, this scenario's value minus the
// baseline's over the replication indices both have (common random
// numbers), where both are finite.
func (c *Collector) Paired(base *Collector) map[string]model.Summary {
	out := map[string]model.Summary{}
	c.pairedInto(out, base, model.RunTable, c.names, c.total, base.names, base.total)
	c.pairedInto(out, base, model.OutcomeTable, c.outcomeNames, c.outcomes, base.outcomeNames, base.outcomes)
	return out
}

// pairedInto adds to out the paired differences of the columns of one
// table of metrics.
func (c *Collector) pairedInto(out map[string]model.Summary, base *Collector, t model.MetricTable,
	names []string, cols [][]float64, baseNames []string, baseCols [][]float64) {
	at := make(map[string]int, len(baseNames))
	for j, n := range baseNames {
		at[n] = j
	}
	for j, name := range names {
		bj, ok := at[name]
		if !ok {
			continue
		}
		var diffs []float64
		for k, i := 0, 0; k < len(c.indices) && i < len(base.indices); {
			switch d := cmp.Compare(c.indices[k], base.indices[i]); {
			case d < 0:
				k++
			case d > 0:
				i++
			default:
				diffs = append(diffs, cols[j][k]-baseCols[bj][i])
				k++
				i++
			}
		}
		if s, ok := summary(t, name, diffs, true); ok {
			out[name] = s
		}
	}
}

// repRows yields the rows of replications.csv.
func (c *Collector) repRows(yield func(RepRow) bool) {
	for k, idx := range c.indices {
		for j, n := range c.names {
			if !yield(RepRow{c.sc.Name, idx, "all", n, c.total[j][k]}) {
				return
			}
		}
		for j, n := range c.outcomeNames {
			if !yield(RepRow{c.sc.Name, idx, "all", n, c.outcomes[j][k]}) {
				return
			}
		}
		for s, cols := range c.sites {
			for j, n := range c.names {
				if !yield(RepRow{c.sc.Name, idx, c.sc.Sites[s].Name, n, cols[j][k]}) {
					return
				}
			}
		}
	}
}

// seriesRows yields the rows of timeseries.csv: per month, all sites and
// then each, every monthly metric that has a value.
func (c *Collector) seriesRows(yield func(SeriesRow) bool) {
	for m, row := range c.months {
		for s, bands := range row {
			site := "all"
			if s > 0 {
				site = c.sc.Sites[s-1].Name
			}
			for j := range bands {
				s := bands[j].Summary()
				if s.N == 0 {
					continue
				}
				if !yield(SeriesRow{c.sc.Name, site, m + 1, c.monthNames[j], s.N, s.Mean, s.P05, s.P50, s.P95}) {
					return
				}
			}
		}
	}
}

// paramRows yields the rows of parameters.csv.
func (c *Collector) paramRows(yield func(ParamRow) bool) {
	for k, idx := range c.indices {
		for i, col := range c.params {
			if !yield(ParamRow{c.sc.Name, idx, c.sc.Uncertain[i].Key, col[k]}) {
				return
			}
		}
	}
}

// sweepRows yields the rows of sweep.csv.
func (c *Collector) sweepRows(yield func(SweepRow) bool) {
	for _, s := range c.sc.Sweep {
		base := math.NaN()
		if s.HasBase {
			base = s.Base
		}
		if !yield(SweepRow{c.sc.Name, s.Key, Num(s.Value), s.Label, s.Unit, s.Doc, base}) {
			return
		}
	}
}

// yearRows yields the rows of yearly.csv: per year and metric, the summary
// over the replications in which the figure exists.
func (c *Collector) yearRows(yield func(YearRow) bool) {
	for y, cols := range c.years {
		for j, n := range c.yearNames {
			s, ok := summary(model.YearTable, n, cols[j], false)
			if !ok {
				continue
			}
			if !yield(YearRow{c.sc.Name, y + 1, n, StatsOf(s)}) {
				return
			}
		}
	}
}

// yearRepRows yields the rows of yearly_replications.csv.
func (c *Collector) yearRepRows(yield func(YearRepRow) bool) {
	for k, idx := range c.indices {
		for y, cols := range c.years {
			for j, n := range c.yearNames {
				if !yield(YearRepRow{c.sc.Name, idx, y + 1, n, cols[j][k]}) {
					return
				}
			}
		}
	}
}

// tenderRows yields the rows of tenders.csv.
func (c *Collector) tenderRows(yield func(TenderRow) bool) {
	n := float64(len(c.indices))
	for k, t := range c.tenders {
		for b, bd := range c.sc.Tender.Bidders {
			ratio := math.NaN() // absent: no runner-up
			if t.ratioN > 0 {
				ratio = t.winToSecond / float64(t.ratioN)
			}
			if !yield(TenderRow{c.sc.Name, k, t.day, t.startDay, bd.Name, float64(t.won[b]) / n,
				t.bid[b] / n, t.quality[b] / n, t.score[b] / n, t.floor[b] / n, ratio}) {
				return
			}
		}
	}
}

// each chains the rows of every collector.
func each[R any](cs []*Collector, rows func(*Collector, func(R) bool)) iter.Seq[R] {
	return func(yield func(R) bool) {
		more := true
		for _, c := range cs {
			rows(c, func(r R) bool {
				more = yield(r)
				return more
			})
			if !more {
				return
			}
		}
	}
}
