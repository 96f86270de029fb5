package scenarios

import (
	"math"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"offsim/model"
)

// wfHead is a one-site scenario whose site has a workforce; tests append
// to it (the site's tables come last, so [sites.workforce] keys can follow).
const wfHead = `name = "wf"
run.horizon_months = 24
demand.arrivals_per_hour = 100
[[sites]]
name = "NL"
handle_time = { dist = "exponential", mean_seconds = 300 }
`

// TestWorkforceDefaults decodes a minimal workforce site and checks every
// default against the documented table (README.md), written out here so
// that a change of a default shows up as a test failure.
func TestWorkforceDefaults(t *testing.T) {
	sc := mustParse(t, wfHead+"[sites.workforce]\nwages.minimum_per_hour = 14.71\n")
	want := &model.Workforce{
		InitialHeadcount: 0, InitialTenureMeanDays: 365, HeadcountTarget: 0,
		ServiceLevelTarget: 0.8, MaxAbandonRate: 0.05, Shrinkage: 0.35, ContractHoursPerWeek: 36,
		TrainingDays: 29, NestingDays: 28,
		SkillAtHire: model.Beta{Alpha: 2, Beta: 4}, SkillCeiling: 0.95, LearningDays: 120,
		LanguageFit: 1, Monitoring: 0.3,
		Attrition: model.Attrition{
			BaseAnnual: 0.30, ReferencePayRatio: 1, PayElasticity: 1, MonitoringEffect: 0.5,
			OccupancyThreshold: 0.85, OccupancyEffect: 0.5, EarlyTenureDays: 90, EarlyTenureFactor: 2,
			DismissalAnnual: 0.05,
		},
		Pool: model.LabourPool{
			Size: 0, RefillPerMonth: 0, ReturnShare: 0.1, ReturnDelayDays: 180,
			LeadTimeDays: 30, LeadTimeDepletion: 1, SkillDepletion: 0.5,
			HireCostDepletion: 0.5, DepletionFloor: 0.25, GoingWageToMinimum: 1, WagePressure: 0.3,
		},
		Cover: model.Cover{Kind: model.CoverNone, MaxShare: 0.25},
		Wages: model.Wages{
			Currency:       "EUR",
			MinimumPerHour: model.Path{Days: []float64{0}, Values: []float64{14.71}},
			Policy:         model.WagePolicy{Kind: model.WageMinimum},
			FX:             model.FXPath{Path: model.Path{Days: []float64{0}, Values: []float64{1}}},
			OnCostRate:     0.35, NightPremium: 0, NightStartHour: 22, NightEndHour: 6, UTCOffsetHours: 0,
		},
	}
	site := sc.Sites[0]
	if !reflect.DeepEqual(site.Workforce, want) {
		t.Errorf("workforce\n%+v\nwant\n%+v", *site.Workforce, *want)
	}
	if site.Costs != (model.Costs{}) {
		t.Errorf("costs %+v, want none (in house)", site.Costs)
	}
	wantPerf := model.Performance{
		NoviceHandleTimePenalty: 0.8, NestingHandleTimeFactor: 1.15, MonitoringSpeedup: 0.15, LanguageHandleTimePenalty: 0.3,
		NoviceResolutionPenalty: 0.35, NestingResolutionFactor: 0.9, MonitoringResolutionPenalty: 0.2, LanguageResolutionPenalty: 0.3,
	}
	if sc.Performance != wantPerf {
		t.Errorf("performance %+v, want %+v", sc.Performance, wantPerf)
	}
	if !reflect.DeepEqual(sc.Demand.Customers, model.Customers{}) {
		t.Errorf("customers %+v, want none: no [demand.customers] table", sc.Demand.Customers)
	}
	if ct := sc.Demand.ContactTypes[0]; ct.FCR != 0.85 || ct.Deflection != 0 || ct.Escalation != 0 {
		t.Errorf("contact type %+v", ct)
	}
	if sc.Demand.DailyCV != 0 || sc.Demand.Incidents != (model.Incidents{}) {
		t.Errorf("daily cv %g, incidents %+v, want none", sc.Demand.DailyCV, sc.Demand.Incidents)
	}
	if got := DefaultWorkforce(); got.Wages.MinimumPerHour.Values != nil {
		t.Errorf("DefaultWorkforce has a minimum wage %+v", got.Wages.MinimumPerHour)
	}
}

func TestCustomersDefaults(t *testing.T) {
	sc := mustParse(t, wfHead+"agents = 10\n[demand.customers]\n")
	want := model.Customers{
		RepeatProbability: 0.8, RepeatDelay: model.Dist{Kind: model.Exponential, MeanSeconds: 172800}, MaxContacts: 5,
		Satisfaction: model.Satisfaction{Base: 0.85, RepeatFactor: 0.85, UnresolvedFactor: 0.5, WaitPenaltyPerMinute: 0.02, LanguagePenalty: 0.05},
		Churn:        model.Churn{Resolved: 0.01, UnresolvedFactor: 5, DissatisfactionFactor: 1},
	}
	if !reflect.DeepEqual(sc.Demand.Customers, want) {
		t.Errorf("customers %+v\nwant %+v", sc.Demand.Customers, want)
	}
	sc = mustParse(t, wfHead+`agents = 10
[demand.customers]
repeat_probability = 0.5
repeat_delay = { dist = "lognormal", mean_days = 1.5, cv = 0.5 }
max_contacts = 0
lifetime_value_eur = 250
satisfaction = { base = 0.9, language_penalty = 0.1 }
churn.unresolved_factor = 4
`)
	want.RepeatProbability = 0.5
	want.RepeatDelay = model.Dist{Kind: model.Lognormal, MeanSeconds: 1.5 * 86400, CV: 0.5}
	want.MaxContacts = 0
	want.LifetimeValueEUR = 250
	want.Satisfaction.Base, want.Satisfaction.LanguagePenalty = 0.9, 0.1
	want.Churn.UnresolvedFactor = 4
	if !reflect.DeepEqual(sc.Demand.Customers, want) {
		t.Errorf("customers %+v\nwant %+v", sc.Demand.Customers, want)
	}
}

func TestParseSourcingKeys(t *testing.T) {
	sc := mustParse(t, `name = "all"
[run]
horizon_months = 24
warmup_days = 30
[demand]
arrivals_per_hour = 100
daily_cv = 0.2
incidents = { probability_per_month = 0.05, multiplier = 3, days = 2 }
contact_types = [
  { name = "simple", share = 0.7, fcr = 0.9, deflection = 0.2 },
  { name = "complex", share = 0.3, fcr = 0.7, escalation = 0.15 },
]
[performance]
novice_handle_time_penalty = 0.6
nesting_handle_time_factor = 1.2
monitoring_speedup = 0.1
language_handle_time_penalty = 0.25
novice_resolution_penalty = 0.3
nesting_resolution_factor = 0.8
monitoring_resolution_penalty = 0.1
language_resolution_penalty = 0.2
`+site("SR", 20, 300)+`costs = { billing = "per_resolved", price_eur = 4, price_index_per_year = 0.03, recruitment_per_hire_eur = 500, seat_per_agent_month_eur = 150, telecom_per_minute_eur = 0.02, management_per_agent_month_eur = 120, governance_per_month_eur = 2500 }
`+site("L2", 5, 600)+`[routing]
kind = "share"
shares = { SR = 1 }
escalation_site = "L2"
`)
	if sc.Run.HorizonSeconds != 730*86400 || sc.Run.WarmupSeconds != 30*86400 {
		t.Errorf("run %+v: want 730 days, 30 days warm-up", sc.Run)
	}
	d := sc.Demand
	if d.DailyCV != 0.2 || d.Incidents != (model.Incidents{ProbabilityPerMonth: 0.05, Multiplier: 3, Days: 2}) {
		t.Errorf("daily cv %g, incidents %+v", d.DailyCV, d.Incidents)
	}
	wantTypes := []model.ContactType{
		{Name: "simple", Share: 0.7, FCR: 0.9, Deflection: 0.2},
		{Name: "complex", Share: 0.3, FCR: 0.7, Escalation: 0.15},
	}
	if !slices.Equal(d.ContactTypes, wantTypes) {
		t.Errorf("contact types %+v", d.ContactTypes)
	}
	wantPerf := model.Performance{
		NoviceHandleTimePenalty: 0.6, NestingHandleTimeFactor: 1.2, MonitoringSpeedup: 0.1, LanguageHandleTimePenalty: 0.25,
		NoviceResolutionPenalty: 0.3, NestingResolutionFactor: 0.8, MonitoringResolutionPenalty: 0.1, LanguageResolutionPenalty: 0.2,
	}
	if sc.Performance != wantPerf {
		t.Errorf("performance %+v", sc.Performance)
	}
	wantCosts := model.Costs{Billing: model.BillPerResolved, PriceEUR: 4, PriceIndexPerYear: 0.03, RecruitmentPerHireEUR: 500,
		SeatPerAgentMonthEUR: 150, TelecomPerMinuteEUR: 0.02, ManagementPerAgentMonthEUR: 120, GovernancePerMonthEUR: 2500}
	if sc.Sites[0].Costs != wantCosts {
		t.Errorf("costs %+v", sc.Sites[0].Costs)
	}
	if sc.Routing.EscalationSite != 1 {
		t.Errorf("escalation site %d, want 1 (L2)", sc.Routing.EscalationSite)
	}
	if sc.Sites[0].Workforce != nil {
		t.Error("a site without [sites.workforce] has a workforce")
	}
}

// TestWeeklyVolume checks the rates of demand.arrivals = { calls_per_week,
// ... }: normalised shares, calls per hour, the week's volume.
func TestWeeklyVolume(t *testing.T) {
	intraday := make([]string, 48)
	for k := range intraday {
		intraday[k] = "0"
		if k >= 18 && k < 34 { // 09:00-17:00
			intraday[k] = "3"
		}
	}
	intraday[20] = "6"
	sc := mustParse(t, `name = "w"
start_date = 2026-01-05 # a Monday: the week is as the file gives it
run.horizon_hours = 1000
demand.arrivals = { calls_per_week = 7000, interval_minutes = 30, day_shares = [4, 2, 2, 2, 2, 2, 0], intraday_shares = [`+
		strings.Join(intraday, ", ")+"] }\n"+site("NL", 10, 300))
	a := sc.Demand.Arrivals
	if a.IntervalSeconds != 1800 || len(a.PerHour) != 336 {
		t.Fatalf("%g-s intervals, %d values", a.IntervalSeconds, len(a.PerHour))
	}
	// Intraday weights sum to 15·3 + 6 = 51. Monday is 4/14 of the week:
	// 2000 calls; 10:00-10:30 gets 6/51 of them, in half an hour.
	near := func(got, want float64) bool { return math.Abs(got-want) <= 1e-9*want }
	for _, c := range []struct {
		i    int
		want float64
	}{
		{0, 0}, {17, 0}, {18, 2000 * 3.0 / 51 * 2}, {20, 2000 * 6.0 / 51 * 2}, {34, 0},
		{48 + 18, 1000 * 3.0 / 51 * 2}, {6*48 + 20, 0},
	} {
		if !near(a.PerHour[c.i], c.want) {
			t.Errorf("rate %d = %g, want %g", c.i, a.PerHour[c.i], c.want)
		}
	}
	var calls float64
	for _, r := range a.PerHour {
		calls += r * 0.5
	}
	if !near(calls, 7000) {
		t.Errorf("%g calls a week, want 7000", calls)
	}
}

// TestDatedPaths checks that dated values become days since start_date.
func TestDatedPaths(t *testing.T) {
	tests := []struct {
		name, start, minimum string
		want                 model.Path
		at                   [][2]float64 // {day, value} points the path must give
	}{{
		name:    "default start, constant",
		minimum: "14.71",
		want:    model.Path{Days: []float64{0}, Values: []float64{14.71}},
	}, {
		name:    "dates around the start (TOML dates)",
		start:   "2025-03-01",
		minimum: "{ dates = [2024-07-01, 2025-01-01, 2025-07-01, 2026-01-01], values = [13.68, 14.06, 14.40, 14.71] }",
		// 2025-03-01 + 122 days = 2025-07-01; + 306 days = 2026-01-01.
		want: model.Path{Days: []float64{0, 122, 306}, Values: []float64{14.06, 14.40, 14.71}},
	}, {
		name:    "dates as strings, start on a date",
		start:   `"2025-07-01"`,
		minimum: `{ dates = ["2025-01-01", "2025-07-01", "2026-01-01"], values = [14.06, 14.40, 14.71], index_every_months = 6, index_rate = 0.029 }`,
		want: model.Path{Days: []float64{0, 184}, Values: []float64{14.40, 14.71},
			IndexEveryDays: 6 * model.DaysPerMonth, IndexRate: 0.029},
	}, {
		name:    "only values before the start",
		start:   "2026-01-01",
		minimum: "{ dates = [2024-01-01, 2025-01-01], values = [13.27, 14.06] }",
		want:    model.Path{Days: []float64{0}, Values: []float64{14.06}},
	}, {
		// The last value, a year before the start, indexed every 5 months,
		// keeps its date, so that a drawn rate applies to every step: two
		// steps before the start (12.1 on day 0), the third on day
		// 3·152.08 − 365 (13.31).
		name:    "indexed from before the start",
		start:   "2026-01-01",
		minimum: "{ dates = [2025-01-01], values = [10], index_every_months = 5, index_rate = 0.1 }",
		want: model.Path{Days: []float64{-365}, Values: []float64{10},
			IndexEveryDays: 5 * model.DaysPerMonth, IndexRate: 0.1},
		at: [][2]float64{{0, 12.1}, {3*5*model.DaysPerMonth - 365 - 1e-9, 12.1}, {3*5*model.DaysPerMonth - 365, 13.31}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := ""
			if tt.start != "" {
				start = "start_date = " + tt.start + "\n"
			}
			sc := mustParse(t, start+wfHead+"[sites.workforce]\nwages.minimum_per_hour = "+tt.minimum+"\n")
			got := sc.Sites[0].Workforce.Wages.MinimumPerHour
			if len(got.Values) != len(tt.want.Values) {
				t.Fatalf("path %+v, want %+v", got, tt.want)
			}
			for i := range got.Values {
				if math.Abs(got.Values[i]-tt.want.Values[i]) > 1e-9 || math.Abs(got.Days[i]-tt.want.Days[i]) > 1e-9 {
					t.Errorf("path %+v, want %+v", got, tt.want)
				}
			}
			for _, dv := range tt.at {
				if v := got.At(dv[0]); math.Abs(v-dv[1]) > 1e-9 {
					t.Errorf("value on day %g: %g, want %g", dv[0], v, dv[1])
				}
			}
			if got.IndexEveryDays != tt.want.IndexEveryDays || got.IndexRate != tt.want.IndexRate {
				t.Errorf("indexation %g days, %g; want %g, %g", got.IndexEveryDays, got.IndexRate, tt.want.IndexEveryDays, tt.want.IndexRate)
			}
		})
	}
	// Indexed from before the start, the value on each day is the one the
	// undated rule gives: 10·1.1^⌊(day + 365)/(5 months)⌋.
	sc := mustParse(t, wfHead+"[sites.workforce]\nwages.minimum_per_hour = { dates = [2025-01-01], values = [10], index_every_months = 5, index_rate = 0.1 }\n")
	p := sc.Sites[0].Workforce.Wages.MinimumPerHour
	for day := 0.0; day < 1000; day += 0.5 {
		want := 10 * math.Pow(1.1, math.Floor((day+365)/(5*model.DaysPerMonth)))
		if got := p.At(day); math.Abs(got-want) > 1e-9*want {
			t.Fatalf("day %g: %g, want %g", day, got, want)
		}
	}
}

func TestWageForms(t *testing.T) {
	sc := mustParse(t, wfHead+`[sites.workforce.wages]
currency = "SRD"
minimum_per_hour = 52.47
policy = "scale"
scale = [{ from_tenure_days = 0, premium = 0.0385 }, { from_tenure_days = 365, premium = 0.06 }]
fx_local_per_eur = { dates = [2025-06-01, 2026-06-01], values = [44, 50] }
night_premium = 0.25
night_start_hour = 21
night_end_hour = 7
utc_offset_hours = -4
on_cost_rate = 0.2
`)
	w := sc.Sites[0].Workforce.Wages
	wantPolicy := model.WagePolicy{Kind: model.WageScale, Scale: []model.ScaleStep{{FromTenureDays: 0, Premium: 0.0385}, {FromTenureDays: 365, Premium: 0.06}}}
	if !reflect.DeepEqual(w.Policy, wantPolicy) {
		t.Errorf("policy %+v", w.Policy)
	}
	if !reflect.DeepEqual(w.FX, model.FXPath{Path: model.Path{Days: []float64{0, 151}, Values: []float64{44, 50}}}) {
		t.Errorf("fx %+v", w.FX)
	}
	if w.Currency != "SRD" || w.NightPremium != 0.25 || w.NightStartHour != 21 || w.NightEndHour != 7 || w.UTCOffsetHours != -4 || w.OnCostRate != 0.2 {
		t.Errorf("wages %+v", w)
	}

	sc = mustParse(t, wfHead+`[sites.workforce.wages]
currency = "SRD"
minimum_per_hour = 52.47
policy = "fixed"
fixed_per_hour = 90
annual_raise = 0.05
fx_local_per_eur = { start = 44, drift_per_year = 0.1, volatility_per_year = 0.15, jump_probability_per_year = 0.1, jump_size = 0.3 }
`)
	w = sc.Sites[0].Workforce.Wages
	if !reflect.DeepEqual(w.Policy, model.WagePolicy{Kind: model.WageFixed, FixedPerHour: 90, AnnualRaise: 0.05}) {
		t.Errorf("policy %+v", w.Policy)
	}
	wantFX := model.FXPath{Path: model.ConstantPath(44), DriftPerYear: 0.1, VolatilityPerYear: 0.15, JumpProbabilityPerYear: 0.1, JumpSize: 0.3}
	if !reflect.DeepEqual(w.FX, wantFX) || !w.FX.Random() {
		t.Errorf("fx %+v", w.FX)
	}

	sc = mustParse(t, wfHead+"[sites.workforce.wages]\nminimum_per_hour = 14.71\npolicy = \"premium\"\npremium = 0.0385\n")
	if p := sc.Sites[0].Workforce.Wages.Policy; !reflect.DeepEqual(p, model.WagePolicy{Kind: model.WagePremium, Premium: 0.0385}) {
		t.Errorf("policy %+v", p)
	}
}

// TestPlanStaffing checks that a workforce site without agents (or with
// agents = "erlang") is staffed by model.PlanStaffing on the resolved
// scenario, and that a site with agents keeps them.
func TestPlanStaffing(t *testing.T) {
	t.Parallel()
	data := must(os.ReadFile("../testdata/workforce.toml"))(t)
	sc := mustParse(t, string(data))
	for i, s := range sc.Sites {
		if s.Workforce == nil {
			t.Fatalf("site %s has no workforce", s.Name)
		}
		c := *sc
		c.Sites = slices.Clone(sc.Sites)
		c.Sites[i].Staffing = model.AgentSchedule{}
		want := must(model.PlanStaffing(&c, i, 1800))(t)
		if !reflect.DeepEqual(s.Staffing, want) {
			t.Errorf("site %s: staffing %v, want the plan %v", s.Name, s.Staffing, want)
		}
		if s.Staffing.IntervalSeconds != 1800 || len(s.Staffing.Agents) != 336 || s.Staffing.Max() == 0 {
			t.Errorf("site %s: plan %+v", s.Name, s.Staffing)
		}
		// Open 08:00-20:00 Monday to Saturday: staffed exactly then. Day 0
		// is start_date, 2026-01-01, a Thursday.
		for k, n := range s.Staffing.Agents {
			day, slot := (k/48+3)%7, k%48
			if open := day < 6 && slot >= 16 && slot < 40; open != (n > 0) {
				t.Errorf("site %s interval %d: %d agents", s.Name, k, n)
			}
		}
	}
	// The plan sees the performance relations: slower, less skilled
	// agents need more staff.
	slow := strings.Replace(string(data), "# [performance] is left out", "[performance]\nnovice_handle_time_penalty = 3\n#", 1)
	sc2 := mustParse(t, slow)
	if sc2.Sites[0].Staffing.Max() <= sc.Sites[0].Staffing.Max() {
		t.Errorf("plan with a larger novice penalty: %d agents at peak, was %d", sc2.Sites[0].Staffing.Max(), sc.Sites[0].Staffing.Max())
	}
	// Explicit agents win over the plan.
	sc3 := mustParse(t, wfHead+"agents = 7\n[sites.workforce]\nwages.minimum_per_hour = 14.71\n")
	if !slices.Equal(sc3.Sites[0].Staffing.Agents, []int{7}) {
		t.Errorf("staffing %+v, want 7 agents", sc3.Sites[0].Staffing)
	}
}

func TestWorkforceFile(t *testing.T) {
	sc := must(Load("../testdata/workforce.toml"))(t)
	if sc.Run.HorizonSeconds != 24*model.DaysPerMonth*model.SecondsPerDay || len(sc.Sites) != 2 {
		t.Errorf("run %+v, %d sites", sc.Run, len(sc.Sites))
	}
	nl, sr := sc.Sites[0], sc.Sites[1]
	if nl.Costs.Billing != model.BillInHouse || sr.Costs.Billing != model.BillPerContact || sr.Costs.PriceEUR <= 0 {
		t.Errorf("billing NL %v, SR %v at %g", nl.Costs.Billing, sr.Costs.Billing, sr.Costs.PriceEUR)
	}
	if sc.Demand.Customers.RepeatProbability == 0 || sc.Demand.Customers.RepeatDelay.MeanSeconds != 2*86400 {
		t.Errorf("customers %+v", sc.Demand.Customers)
	}
	var week float64
	for _, r := range sc.Demand.Arrivals.PerHour {
		week += r * sc.Demand.Arrivals.IntervalSeconds / 3600
	}
	if math.Abs(week-3000) > 1e-6 {
		t.Errorf("%g calls a week, want 3000", week)
	}
	if w := sr.Workforce.Wages; w.Currency != "SRD" || !w.FX.Random() || w.UTCOffsetHours != -4 {
		t.Errorf("SR wages %+v", w)
	}
}

// TestSourcingErrors covers problems of the sourcing keys beyond
// testdata/bad, checking full messages.
func TestSourcingErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{{
		name: "start date types",
		src:  "start_date = 2026-01-01T08:00:00\n" + wfHead + "[sites.workforce]\nwages.minimum_per_hour = { dates = [1], values = [\"x\"] }\n",
		want: []string{
			"e.toml:1: start_date: must be a date YYYY-MM-DD, got date-time",
			"e.toml:9: sites[0].workforce.wages.minimum_per_hour.dates[0]: must be a date YYYY-MM-DD, got integer 1",
			"e.toml:9: sites[0].workforce.wages.minimum_per_hour.values[0]: must be a number, got string \"x\"",
		},
	}, {
		name: "path shapes",
		src: wfHead + "[sites.workforce.wages]\nminimum_per_hour = { dates = [], values = [1, 2] }\n" +
			"currency = \"SRD\"\nfx_local_per_eur = \"44\"\n",
		want: []string{
			"e.toml:8: sites[0].workforce.wages.minimum_per_hour.dates: must give at least one date",
			"e.toml:10: sites[0].workforce.wages.fx_local_per_eur: must be a number, a distribution or a table { dates, values }, got string \"44\"",
		},
	}, {
		name: "random walk",
		src: wfHead + "[sites.workforce.wages]\nminimum_per_hour = 52.47\ncurrency = \"SRD\"\n" +
			"fx_local_per_eur = { start = 0, jump_probability_per_year = 0.2 }\n",
		want: []string{
			"e.toml:10: sites[0].workforce.wages.fx_local_per_eur.start: must be positive, got 0",
		},
	}, {
		name: "jump size",
		src: wfHead + "[sites.workforce.wages]\nminimum_per_hour = 52.47\ncurrency = \"SRD\"\n" +
			"fx_local_per_eur = { start = 44, jump_probability_per_year = 0.2 }\n",
		want: []string{
			"e.toml:10: sites[0].workforce.wages.fx_local_per_eur.jump_size: required when jump_probability_per_year > 0",
		},
	}, {
		name: "eur with a rate",
		src:  wfHead + "[sites.workforce.wages]\nminimum_per_hour = 14.71\nfx_local_per_eur = 44\n",
		want: []string{
			"e.toml:9: sites[0].workforce.wages.fx_local_per_eur: must be 1 for currency \"EUR\" (set currency to the site's own)",
		},
	}, {
		name: "policies",
		src: wfHead + "[sites.workforce.wages]\nminimum_per_hour = 14.71\npolicy = \"cao\"\n" +
			"[[sites]]\nname = \"SR\"\nhandle_time = { dist = \"exponential\", mean_seconds = 300 }\n" +
			"[sites.workforce.wages]\nminimum_per_hour = 14.71\npolicy = \"scale\"\nscale = []\npremium = 0.1\n" +
			"[routing]\nkind = \"share\"\nshares = { NL = 1 }\n",
		want: []string{
			"e.toml:9: sites[0].workforce.wages.policy: unknown wage policy \"cao\" (want minimum, premium, fixed or scale)",
			"e.toml:16: sites[1].workforce.wages.scale: must list at least one step",
			"e.toml:17: sites[1].workforce.wages.premium: only allowed with policy = \"premium\" (policy is \"scale\")",
		},
	}, {
		name: "plan for a load past any staffing",
		src: "name = \"x\"\nrun.horizon_hours = 10\ndemand.arrivals_per_hour = 1e5\n" +
			"[[sites]]\nname = \"NL\"\nagents = \"erlang\"\nhandle_time = { dist = \"exponential\", mean_seconds = 7200 }\n" +
			"[sites.workforce]\nwages.minimum_per_hour = 14.71\n",
		want: []string{
			"e.toml:6: sites[0].agents: staffing plan: the load routed to the site peaks at 2.458e+05 Erlangs, more than the 100000 agents a site may staff",
		},
	}, {
		name: "plan not computed when there are other problems",
		src:  wfHead + "[sites.workforce]\nmonitoring = 2\nwages.minimum_per_hour = 14.71\n",
		want: []string{
			"e.toml:8: sites[0].workforce.monitoring: must be in [0, 1], got 2",
		},
	}, {
		name: "escalation without routing",
		src: "name = \"x\"\nrun.horizon_hours = 10\ndemand.arrivals_per_hour = 1\n" +
			"demand.contact_types = [{ name = \"a\", share = 1, escalation = 0.5 }]\n" +
			"[[sites]]\nname = \"NL\"\nagents = 1\nhandle_time = { dist = \"exponential\", mean_seconds = 300 }\n",
		want: []string{
			"e.toml:4: demand.contact_types[0].escalation: needs routing.escalation_site, the second-line site escalated contacts go to",
		},
	}, {
		name: "incidents and customers types",
		src: "name = \"x\"\nrun.horizon_hours = 10\n[demand]\narrivals_per_hour = 1\nincidents = 3\ncustomers = { repeat_delay = 5, satisfaction = 1 }\n" +
			"[[sites]]\nname = \"NL\"\nagents = 1\nhandle_time = { dist = \"exponential\", mean_seconds = 300 }\n",
		want: []string{
			"e.toml:5: demand.incidents: must be a table, got integer 3",
			"e.toml:6: demand.customers.repeat_delay: must be a distribution table { dist = \"exponential\", mean_seconds = ... }, got integer 5",
			"e.toml:6: demand.customers.satisfaction: must be a table, got integer 1",
		},
	}, {
		name: "huge months",
		src:  "name = \"x\"\nrun.horizon_months = 1e305\ndemand.arrivals_per_hour = 1\n[[sites]]\nname = \"NL\"\nagents = 1\nhandle_time = { dist = \"exponential\", mean_seconds = 300 }\n",
		want: []string{"e.toml:2: run.horizon_months: must be at most 240, got 1e+305"},
	}, {
		name: "indexation out of range",
		src:  "start_date = 9999-01-01\n" + wfHead + "[sites.workforce]\nwages.minimum_per_hour = { dates = [0001-01-01], values = [1], index_every_months = 1, index_rate = 10 }\n",
		want: []string{
			"e.toml:9: sites[0].workforce.wages.minimum_per_hour.index_rate: indexation from 0001-01-01 to start_date (9999-01-01) takes the value out of range",
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkErrors(t, tt.src, tt.want) })
	}
}
