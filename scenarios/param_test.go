package scenarios

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"offsim/model"
)

// uncertainTemplate is a scenario with a number at every key that may be a
// distribution: @id@ is replaced by uncertainKeys[id] (its plain value) or,
// for the key under test, by a distribution or another plain value. Sites
// have fixed agents, so that no plan depends on a value.
const uncertainTemplate = `name = "every key"
start_date = 2026-01-05
[run]
horizon_months = 6
[demand]
arrivals = { calls_per_week = @calls@, interval_minutes = 60, day_shares = [2, 1, 1, 1, 1, 1, 0],
  intraday_shares = [0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 2, 2, 1, 1, 2, 2, 1, 1, 0, 0, 0, 0, 0, 0] }
daily_cv = @daily_cv@
patience = { dist = "lognormal", mean_seconds = @pat_mean@, cv = @pat_cv@ }
redial = { probability = @redial_p@, delay = { dist = "exponential", mean_seconds = @redial_delay@ } }
incidents = { probability_per_month = @inc_p@, multiplier = @inc_m@, days = 2 }
[[demand.contact_types]]
name = "simple"
share = 0.6
fcr = @fcr@
deflection = @deflection@
[[demand.contact_types]]
name = "complex"
share = 0.4
escalation = @escalation@
[demand.customers]
repeat_probability = @repeat_p@
repeat_delay = { dist = "exponential", mean_days = @repeat_days@ }
lifetime_value_eur = @clv@
satisfaction = { base = @sat_base@, repeat_factor = @sat_repeat@, unresolved_factor = @sat_unres@, wait_penalty_per_minute = @sat_wait@, language_penalty = @sat_lang@ }
churn = { resolved = @churn_res@, unresolved_factor = @churn_unres@, dissatisfaction_factor = @churn_dis@ }
[performance]
novice_handle_time_penalty = @p1@
nesting_handle_time_factor = @p2@
monitoring_speedup = @p3@
language_handle_time_penalty = @p4@
novice_resolution_penalty = @p5@
nesting_resolution_factor = @p6@
monitoring_resolution_penalty = @p7@
language_resolution_penalty = @p8@

[[sites]]
name = "NL"
agents = 20
handle_time = { dist = "lognormal", mean_seconds = @ht_mean@, cv = @ht_cv@ }
handle_time_by_type.complex = { dist = "exponential", mean_seconds = @ht_complex@ }
[sites.costs]
recruitment_per_hire_eur = @c1@
seat_per_agent_month_eur = @c2@
telecom_per_minute_eur = @c3@
management_per_agent_month_eur = @c4@
governance_per_month_eur = @c5@
[sites.workforce]
initial_tenure_mean_days = @w1@
service_level_target = @w2@
shrinkage = @w3@
contract_hours_per_week = @w4@
training_days = @w5@
nesting_days = @w6@
skill_at_hire = { alpha = @alpha@, beta = @beta@ }
skill_ceiling = @w7@
learning_days = @w8@
language_fit = @w9@
monitoring = @w10@
[sites.workforce.attrition]
base_annual = @a1@
reference_pay_ratio = @a2@
pay_elasticity = @a3@
monitoring_effect = @a4@
occupancy_threshold = @a5@
occupancy_effect = @a6@
early_tenure_days = @a7@
early_tenure_factor = @a8@
dismissal_annual = @a9@
[sites.workforce.pool]
size = @pool1@
refill_per_month = @pool2@
return_share = @pool3@
return_delay_days = @pool4@
lead_time_days = @pool5@
lead_time_depletion = @pool6@
skill_depletion = @pool7@
[sites.workforce.wages]
minimum_per_hour = { dates = [2026-01-05, 2026-07-01], values = [14.71, 15.1], index_every_months = @every_months@, index_rate = @rate@ }
policy = "premium"
premium = @premium@
on_cost_rate = @oncost@
night_premium = @night@
night_start_hour = @night_start@
night_end_hour = @night_end@
utc_offset_hours = @utc@

[[sites]]
name = "SR"
agents = 20
handle_time = { dist = "exponential", mean_seconds = 300 }
[sites.costs]
billing = "per_contact"
price_eur = @price@
price_index_per_year = @price_index@
[sites.workforce.wages]
currency = "SRD"
minimum_per_hour = { days = [0, 90], values = [52.47, 56], index_every_days = @every_days@, index_rate = 0.07 }
policy = "scale"
scale = [{ from_tenure_days = 0, premium = 0.3 }, { from_tenure_days = 365, premium = @scale_premium@ }]
fx_local_per_eur = { start = @fx_start@, drift_per_year = @fx_drift@, volatility_per_year = @fx_vol@, jump_probability_per_year = @fx_jump_p@, jump_size = @fx_jump@ }

[[sites]]
name = "CW"
agents = 5
handle_time = { dist = "exponential", mean_seconds = 300 }
[sites.workforce.wages]
currency = "ANG"
minimum_per_hour = @min_const@
policy = "fixed"
fixed_per_hour = @fixed@
annual_raise = @raise@
fx_local_per_eur = @fx_const@

[routing]
escalation_site = "NL"
[routing.by_type.simple]
kind = "share"
shares = { NL = 0.5, SR = 0.3, CW = 0.2 }
[routing.by_type.complex]
kind = "overflow"
order = ["NL", "CW"]
overflow_queue = [3]
`

// uncertainKeys gives, for every placeholder of uncertainTemplate, the key
// path it is at, its plain value, a distribution for it and a value that
// distribution may draw.
// uncertainKey is a placeholder of a template: its key path, its plain
// value, a distribution and a value inside that distribution's support.
type uncertainKey struct {
	id, key, plain, dist string
	v                    float64
}

var uncertainKeys = []uncertainKey{
	{"calls", "demand.arrivals.calls_per_week", "3000", `{ dist = "normal", mean = 3000, sd = 300, min = 2000, max = 4000 }`, 3500},
	{"daily_cv", "demand.daily_cv", "0.1", `{ dist = "uniform", min = 0, max = 0.2 }`, 0.15},
	{"pat_mean", "demand.patience.mean_seconds", "90", `{ dist = "triangular", min = 40, mode = 67, max = 120 }`, 100},
	{"pat_cv", "demand.patience.cv", "1", `{ dist = "lognormal", mean = 1, sd = 0.2 }`, 1.3},
	{"redial_p", "demand.redial.probability", "0.3", `{ dist = "beta", alpha = 3, beta = 7 }`, 0.25},
	{"redial_delay", "demand.redial.delay.mean_seconds", "600", `{ dist = "uniform", min = 300, max = 900 }`, 450},
	{"inc_p", "demand.incidents.probability_per_month", "0.05", `{ dist = "uniform", min = 0, max = 0.1 }`, 0.07},
	{"inc_m", "demand.incidents.multiplier", "2", `{ dist = "triangular", min = 1.5, mode = 2, max = 4 }`, 3},
	{"fcr", "demand.contact_types[0].fcr", "0.9", `{ dist = "beta", alpha = 9, beta = 1, min = 0.5, max = 1 }`, 0.8},
	{"deflection", "demand.contact_types[0].deflection", "0.1", `{ dist = "uniform", min = 0, max = 0.2 }`, 0.05},
	{"escalation", "demand.contact_types[1].escalation", "0.1", `{ dist = "uniform", min = 0.05, max = 0.15 }`, 0.12},
	{"repeat_p", "demand.customers.repeat_probability", "0.8", `{ dist = "triangular", min = 0.6, mode = 0.8, max = 0.9 }`, 0.7},
	{"repeat_days", "demand.customers.repeat_delay.mean_days", "2", `{ dist = "uniform", min = 1, max = 3 }`, 2.5},
	{"clv", "demand.customers.lifetime_value_eur", "400", `{ dist = "lognormal", mean = 400, sd = 100 }`, 350},
	{"sat_base", "demand.customers.satisfaction.base", "0.85", `{ dist = "uniform", min = 0.8, max = 0.9 }`, 0.82},
	{"sat_repeat", "demand.customers.satisfaction.repeat_factor", "0.85", `{ dist = "uniform", min = 0.8, max = 0.9 }`, 0.82},
	{"sat_unres", "demand.customers.satisfaction.unresolved_factor", "0.5", `{ dist = "uniform", min = 0.4, max = 0.6 }`, 0.45},
	{"sat_wait", "demand.customers.satisfaction.wait_penalty_per_minute", "0.02", `{ dist = "uniform", min = 0.01, max = 0.03 }`, 0.025},
	{"sat_lang", "demand.customers.satisfaction.language_penalty", "0.05", `{ dist = "uniform", min = 0, max = 0.1 }`, 0.08},
	{"churn_res", "demand.customers.churn.resolved", "0.01", `{ dist = "uniform", min = 0.005, max = 0.02 }`, 0.015},
	{"churn_unres", "demand.customers.churn.unresolved_factor", "5", `{ dist = "triangular", min = 3, mode = 5, max = 8 }`, 6},
	{"churn_dis", "demand.customers.churn.dissatisfaction_factor", "1", `{ dist = "uniform", min = 0.5, max = 1.5 }`, 1.2},
	{"p1", "performance.novice_handle_time_penalty", "0.8", `{ dist = "uniform", min = 0.5, max = 1 }`, 0.6},
	{"p2", "performance.nesting_handle_time_factor", "1.15", `{ dist = "uniform", min = 1, max = 1.3 }`, 1.2},
	{"p3", "performance.monitoring_speedup", "0.15", `{ dist = "uniform", min = 0.1, max = 0.2 }`, 0.12},
	{"p4", "performance.language_handle_time_penalty", "0.3", `{ dist = "uniform", min = 0.2, max = 0.4 }`, 0.35},
	{"p5", "performance.novice_resolution_penalty", "0.35", `{ dist = "uniform", min = 0.3, max = 0.4 }`, 0.32},
	{"p6", "performance.nesting_resolution_factor", "0.9", `{ dist = "uniform", min = 0.8, max = 1 }`, 0.85},
	{"p7", "performance.monitoring_resolution_penalty", "0.2", `{ dist = "uniform", min = 0.1, max = 0.3 }`, 0.25},
	{"p8", "performance.language_resolution_penalty", "0.3", `{ dist = "uniform", min = 0.2, max = 0.4 }`, 0.22},
	{"ht_mean", "sites[0].handle_time.mean_seconds", "240", `{ dist = "normal", mean = 240, sd = 20, min = 180, max = 300 }`, 260},
	{"ht_cv", "sites[0].handle_time.cv", "0.8", `{ dist = "uniform", min = 0.6, max = 1 }`, 0.9},
	{"ht_complex", "sites[0].handle_time_by_type.complex.mean_seconds", "480", `{ dist = "uniform", min = 400, max = 600 }`, 500},
	{"c1", "sites[0].costs.recruitment_per_hire_eur", "4500", `{ dist = "uniform", min = 3000, max = 6000 }`, 5000},
	{"c2", "sites[0].costs.seat_per_agent_month_eur", "400", `{ dist = "uniform", min = 300, max = 500 }`, 450},
	{"c3", "sites[0].costs.telecom_per_minute_eur", "0.01", `{ dist = "uniform", min = 0.005, max = 0.02 }`, 0.015},
	{"c4", "sites[0].costs.management_per_agent_month_eur", "500", `{ dist = "uniform", min = 400, max = 600 }`, 550},
	{"c5", "sites[0].costs.governance_per_month_eur", "0", `{ dist = "uniform", min = 0, max = 1000 }`, 600},
	{"w1", "sites[0].workforce.initial_tenure_mean_days", "365", `{ dist = "uniform", min = 200, max = 500 }`, 300},
	{"w2", "sites[0].workforce.service_level_target", "0.8", `{ dist = "uniform", min = 0.7, max = 0.9 }`, 0.75},
	{"w3", "sites[0].workforce.shrinkage", "0.35", `{ dist = "normal", mean = 0.35, sd = 0.05, min = 0.2, max = 0.5 }`, 0.4},
	{"w4", "sites[0].workforce.contract_hours_per_week", "36", `{ dist = "uniform", min = 32, max = 40 }`, 38},
	{"w5", "sites[0].workforce.training_days", "29", `{ dist = "uniform", min = 20, max = 40 }`, 30},
	{"w6", "sites[0].workforce.nesting_days", "28", `{ dist = "uniform", min = 20, max = 40 }`, 30},
	{"alpha", "sites[0].workforce.skill_at_hire.alpha", "2", `{ dist = "uniform", min = 1, max = 3 }`, 2.5},
	{"beta", "sites[0].workforce.skill_at_hire.beta", "4", `{ dist = "uniform", min = 3, max = 5 }`, 3.5},
	{"w7", "sites[0].workforce.skill_ceiling", "0.95", `{ dist = "uniform", min = 0.9, max = 1 }`, 0.92},
	{"w8", "sites[0].workforce.learning_days", "120", `{ dist = "uniform", min = 90, max = 180 }`, 100},
	{"w9", "sites[0].workforce.language_fit", "1", `{ dist = "beta", alpha = 8, beta = 2, min = 0.7, max = 1 }`, 0.9},
	{"w10", "sites[0].workforce.monitoring", "0.3", `{ dist = "triangular", min = 0.1, mode = 0.3, max = 0.6 }`, 0.4},
	{"a1", "sites[0].workforce.attrition.base_annual", "0.3", `{ dist = "triangular", min = 0.15, mode = 0.25, max = 0.45 }`, 0.2},
	{"a2", "sites[0].workforce.attrition.reference_pay_ratio", "1", `{ dist = "uniform", min = 0.9, max = 1.1 }`, 1.05},
	{"a3", "sites[0].workforce.attrition.pay_elasticity", "1", `{ dist = "uniform", min = 0.5, max = 2 }`, 1.5},
	{"a4", "sites[0].workforce.attrition.monitoring_effect", "0.5", `{ dist = "uniform", min = 0.2, max = 0.8 }`, 0.6},
	{"a5", "sites[0].workforce.attrition.occupancy_threshold", "0.85", `{ dist = "uniform", min = 0.8, max = 0.9 }`, 0.82},
	{"a6", "sites[0].workforce.attrition.occupancy_effect", "0.5", `{ dist = "uniform", min = 0.2, max = 0.8 }`, 0.6},
	{"a7", "sites[0].workforce.attrition.early_tenure_days", "90", `{ dist = "uniform", min = 60, max = 120 }`, 100},
	{"a8", "sites[0].workforce.attrition.early_tenure_factor", "2", `{ dist = "uniform", min = 1.5, max = 3 }`, 2.5},
	{"a9", "sites[0].workforce.attrition.dismissal_annual", "0.05", `{ dist = "uniform", min = 0.02, max = 0.08 }`, 0.06},
	{"pool1", "sites[0].workforce.pool.size", "0", `{ dist = "lognormal", mean = 1000, sd = 300 }`, 1200},
	{"pool2", "sites[0].workforce.pool.refill_per_month", "10", `{ dist = "uniform", min = 5, max = 20 }`, 12},
	{"pool3", "sites[0].workforce.pool.return_share", "0.1", `{ dist = "uniform", min = 0, max = 0.2 }`, 0.15},
	{"pool4", "sites[0].workforce.pool.return_delay_days", "180", `{ dist = "uniform", min = 90, max = 360 }`, 200},
	{"pool5", "sites[0].workforce.pool.lead_time_days", "30", `{ dist = "uniform", min = 20, max = 60 }`, 40},
	{"pool6", "sites[0].workforce.pool.lead_time_depletion", "1", `{ dist = "uniform", min = 0.5, max = 1.5 }`, 1.2},
	{"pool7", "sites[0].workforce.pool.skill_depletion", "0.5", `{ dist = "uniform", min = 0.2, max = 0.8 }`, 0.6},
	{"every_months", "sites[0].workforce.wages.minimum_per_hour.index_every_months", "6", `{ dist = "uniform", min = 5, max = 7 }`, 6.5},
	{"rate", "sites[0].workforce.wages.minimum_per_hour.index_rate", "0.029", `{ dist = "normal", mean = 0.029, sd = 0.01, min = 0, max = 0.06 }`, 0.04},
	{"premium", "sites[0].workforce.wages.premium", "0.1", `{ dist = "uniform", min = 0, max = 0.2 }`, 0.15},
	{"oncost", "sites[0].workforce.wages.on_cost_rate", "0.35", `{ dist = "uniform", min = 0.3, max = 0.4 }`, 0.38},
	{"night", "sites[0].workforce.wages.night_premium", "0", `{ dist = "uniform", min = 0, max = 0.3 }`, 0.2},
	{"night_start", "sites[0].workforce.wages.night_start_hour", "22", `{ dist = "uniform", min = 21, max = 23 }`, 21.5},
	{"night_end", "sites[0].workforce.wages.night_end_hour", "6", `{ dist = "uniform", min = 5, max = 7 }`, 6.5},
	{"utc", "sites[0].workforce.wages.utc_offset_hours", "0", `{ dist = "uniform", min = -1, max = 1 }`, 0.5},
	{"price", "sites[1].costs.price_eur", "2.5", `{ dist = "triangular", min = 2, mode = 2.5, max = 3.5 }`, 3},
	{"price_index", "sites[1].costs.price_index_per_year", "0.02", `{ dist = "uniform", min = 0, max = 0.05 }`, 0.03},
	{"every_days", "sites[1].workforce.wages.minimum_per_hour.index_every_days", "365", `{ dist = "uniform", min = 300, max = 400 }`, 330},
	{"scale_premium", "sites[1].workforce.wages.scale[1].premium", "0.4", `{ dist = "uniform", min = 0.3, max = 0.6 }`, 0.5},
	{"fx_start", "sites[1].workforce.wages.fx_local_per_eur.start", "44", `{ dist = "uniform", min = 40, max = 48 }`, 45},
	{"fx_drift", "sites[1].workforce.wages.fx_local_per_eur.drift_per_year", "0.1", `{ dist = "normal", mean = 0.1, sd = 0.05 }`, 0.2},
	{"fx_vol", "sites[1].workforce.wages.fx_local_per_eur.volatility_per_year", "0.1", `{ dist = "uniform", min = 0.05, max = 0.2 }`, 0.15},
	{"fx_jump_p", "sites[1].workforce.wages.fx_local_per_eur.jump_probability_per_year", "0.05", `{ dist = "uniform", min = 0, max = 0.1 }`, 0.08},
	{"fx_jump", "sites[1].workforce.wages.fx_local_per_eur.jump_size", "0.5", `{ dist = "uniform", min = 0.3, max = 1 }`, 0.7},
	{"min_const", "sites[2].workforce.wages.minimum_per_hour", "5", `{ dist = "uniform", min = 4.5, max = 5.5 }`, 5.2},
	{"fixed", "sites[2].workforce.wages.fixed_per_hour", "8", `{ dist = "uniform", min = 7, max = 9 }`, 8.5},
	{"raise", "sites[2].workforce.wages.annual_raise", "0.02", `{ dist = "uniform", min = 0, max = 0.05 }`, 0.03},
	{"fx_const", "sites[2].workforce.wages.fx_local_per_eur", "2", `{ dist = "lognormal", mean = 2, sd = 0.1 }`, 2.1},
}

// fillTemplate returns uncertainTemplate with every placeholder at its
// plain value but id, which gets value.
func fillTemplate(t *testing.T, id, value string) string {
	return fillTemplateOf(t, uncertainTemplate, uncertainKeys, id, value)
}

// fillTemplateOf is fillTemplate for another template and its keys.
func fillTemplateOf(t *testing.T, src string, keys []uncertainKey, id, value string) string {
	for _, k := range keys {
		v := k.plain
		if k.id == id {
			v = value
		}
		src = strings.ReplaceAll(src, "@"+k.id+"@", v)
	}
	if m := regexp.MustCompile(`@\w+@`).FindString(src); m != "" {
		t.Fatalf("placeholder %s has no value", m)
	}
	return src
}

// withoutApply returns a copy of sc whose uncertain parameters have no
// Apply (functions never compare equal).
func withoutApply(sc *model.Scenario) *model.Scenario {
	c := sc.Clone()
	for i := range c.Uncertain {
		c.Uncertain[i].Apply = nil
	}
	return c
}

// TestUncertainKeys gives every key that may be a distribution a
// distribution in turn, and checks that the scenario holds the expected
// value, that Uncertain records the key and the distribution, and that
// Apply on a clone sets that field, and only it, as a file with the drawn
// value would.
func TestUncertainKeys(t *testing.T) {
	t.Parallel()
	checkUncertainKeys(t, uncertainTemplate, uncertainKeys)
}

// TestUncertainTenderKeys is TestUncertainKeys for the keys of [policy]
// and [tender].
func TestUncertainTenderKeys(t *testing.T) {
	t.Parallel()
	checkUncertainKeys(t, tenderTemplate, tenderKeys)
}

// tenderTemplate is a tender between two bidder sites with fixed agents,
// with a number at every [policy] and [tender] key that may be a
// distribution.
const tenderTemplate = `name = "every tender key"
[run]
horizon_months = 30
[demand]
arrivals_per_hour = 20
[policy]
wage_floor_premium = @floor@
max_monitoring = @max_mon@
min_training_days = @min_train@
[[sites]]
name = "A"
agents = 8
handle_time = { dist = "exponential", mean_seconds = 300 }
costs = { billing = "per_hour" }
[sites.workforce.wages]
minimum_per_hour = 14.71
[[sites]]
name = "B"
country = "SR"
agents = 8
handle_time = { dist = "exponential", mean_seconds = 300 }
costs = { billing = "per_contact" }
[sites.workforce.wages]
currency = "SRD"
minimum_per_hour = 52.47
fx_local_per_eur = 44
[tender]
contract_months = 12
quality_weight = @qw@
quality_floor = @qfloor@
delivered_weight = @dw@
bid_noise_cv = @noise@
[tender.transition]
rehire_probability = @rehire@
skill_retention = @retention@
client_cost_eur = @client_cost@
[[tender.bidders]]
name = "a"
sites = { A = 1.0 }
target_margin = @margin@
promised_quality = @promised@
[[tender.bidders]]
name = "b"
sites = { B = 1.0 }
target_margin = 0.1
promised_quality = 0.7
`

var tenderKeys = []uncertainKey{
	{"floor", "policy.wage_floor_premium", "0.04", `{ dist = "uniform", min = 0.02, max = 0.06 }`, 0.05},
	{"max_mon", "policy.max_monitoring", "0.5", `{ dist = "uniform", min = 0.3, max = 0.7 }`, 0.4},
	{"min_train", "policy.min_training_days", "28", `{ dist = "triangular", min = 14, mode = 28, max = 42 }`, 30},
	{"qw", "tender.quality_weight", "0.4", `{ dist = "uniform", min = 0.2, max = 0.6 }`, 0.5},
	{"qfloor", "tender.quality_floor", "0.6", `{ dist = "uniform", min = 0.5, max = 0.7 }`, 0.65},
	{"dw", "tender.delivered_weight", "1", `{ dist = "beta", alpha = 8, beta = 2 }`, 0.9},
	{"noise", "tender.bid_noise_cv", "0.05", `{ dist = "uniform", min = 0, max = 0.1 }`, 0.08},
	{"rehire", "tender.transition.rehire_probability", "0.3", `{ dist = "triangular", min = 0.1, mode = 0.3, max = 0.6 }`, 0.4},
	{"retention", "tender.transition.skill_retention", "0.8", `{ dist = "uniform", min = 0.6, max = 1 }`, 0.7},
	{"client_cost", "tender.transition.client_cost_eur", "50000", `{ dist = "lognormal", mean = 50000, sd = 20000 }`, 60000},
	{"margin", "tender.bidders[0].target_margin", "0.1", `{ dist = "uniform", min = 0.05, max = 0.2 }`, 0.15},
	{"promised", "tender.bidders[0].promised_quality", "0.8", `{ dist = "uniform", min = 0.7, max = 0.9 }`, 0.85},
}

// checkUncertainKeys runs the checks of TestUncertainKeys on a template.
func checkUncertainKeys(t *testing.T, template string, keys []uncertainKey) {
	fill := func(t *testing.T, id, value string) string { return fillTemplateOf(t, template, keys, id, value) }
	base := mustParse(t, fill(t, "", ""))
	if len(base.Uncertain) != 0 {
		t.Fatalf("plain template has uncertain parameters %+v", base.Uncertain)
	}
	seen := map[string]bool{}
	for _, k := range keys {
		t.Run(k.id, func(t *testing.T) {
			if seen[k.key] {
				t.Fatalf("key %s twice", k.key)
			}
			seen[k.key] = true
			sc := mustParse(t, fill(t, k.id, k.dist))
			if len(sc.Uncertain) != 1 {
				t.Fatalf("%d uncertain parameters, want 1", len(sc.Uncertain))
			}
			u := sc.Uncertain[0]
			if u.Key != k.key || u.Apply == nil {
				t.Fatalf("uncertain %q (apply %v), want key %q", u.Key, u.Apply != nil, k.key)
			}
			lo, hi := u.Dist.Support()
			if !(k.v >= lo && k.v <= hi) {
				t.Fatalf("test value %g outside the support [%g, %g]", k.v, lo, hi)
			}
			// The scenario holds the expected value.
			expected := mustParse(t, fill(t, k.id, num(u.Dist.ExpectedValue())))
			got := withoutApply(sc)
			got.Uncertain = nil
			if !reflect.DeepEqual(got, expected) {
				t.Errorf("the scenario does not hold the expected value %g", u.Dist.ExpectedValue())
			}
			// Apply on a clone is the file with the drawn value.
			want := mustParse(t, fill(t, k.id, num(k.v)))
			clone := sc.Clone()
			u.Apply(clone, k.v)
			clone.Uncertain = nil
			if !reflect.DeepEqual(clone, want) {
				t.Errorf("Apply(%g) differs from the file with %s = %g", k.v, k.key, k.v)
			}
			// ... and leaves the original alone.
			if got := withoutApply(sc); !reflect.DeepEqual(got, withoutApply(mustParse(t, fill(t, k.id, k.dist)))) {
				t.Error("Apply changed the original scenario")
			}
		})
	}
}

// TestUncertainDraw checks Scenario.Draw with several parameters: each
// replication's values land in its own clone.
func TestUncertainDraw(t *testing.T) {
	sc := mustParse(t, wfHead+`handle_time_by_type.default = { dist = "exponential", mean_seconds = { dist = "uniform", min = 200, max = 400 } }
[sites.workforce]
shrinkage = { dist = "triangular", min = 0.2, mode = 0.3, max = 0.4 }
attrition.base_annual = { dist = "beta", alpha = 2, beta = 5, max = 0.9 }
[sites.workforce.wages]
minimum_per_hour = { dist = "uniform", min = 14, max = 15 }
`)
	wantKeys := []string{"sites[0].handle_time_by_type.default.mean_seconds", "sites[0].workforce.shrinkage",
		"sites[0].workforce.attrition.base_annual", "sites[0].workforce.wages.minimum_per_hour"}
	var keys []string
	for _, u := range sc.Uncertain {
		keys = append(keys, u.Key)
	}
	if !slices.Equal(keys, wantKeys) {
		t.Fatalf("keys %q, want %q", keys, wantKeys)
	}
	w := sc.Sites[0].Workforce
	if sc.Sites[0].HandleTime[0].MeanSeconds != 300 || w.Shrinkage != 0.3 || math.Abs(w.Attrition.BaseAnnual-0.9*2/7) > 1e-15 || w.Wages.MinimumPerHour.Values[0] != 14.5 {
		t.Errorf("expected values: %g, %g, %g, %g", sc.Sites[0].HandleTime[0].MeanSeconds, w.Shrinkage, w.Attrition.BaseAnnual, w.Wages.MinimumPerHour.Values[0])
	}
	before := withoutApply(sc)
	for r := range 20 {
		c, vals := sc.Draw(rand.NewPCG(uint64(r), 7))
		cw := c.Sites[0].Workforce
		got := []float64{c.Sites[0].HandleTime[0].MeanSeconds, cw.Shrinkage, cw.Attrition.BaseAnnual, cw.Wages.MinimumPerHour.Values[0]}
		if !slices.Equal(got, vals) {
			t.Fatalf("replication %d: fields %v, drawn %v", r, got, vals)
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("replication %d: %v", r, err)
		}
	}
	if !reflect.DeepEqual(withoutApply(sc), before) {
		t.Error("Draw changed the scenario")
	}
}

// TestUncertainDecoded checks the decoded distributions of each family,
// with their defaults.
func TestUncertainDecoded(t *testing.T) {
	for _, tt := range []struct {
		dist string
		want model.ParamDist
	}{
		{`{ dist = "triangular", min = 0.1, mode = 0.2, max = 0.6 }`, model.ParamDist{Kind: model.ParamTriangular, Min: 0.1, Mode: 0.2, Max: 0.6}},
		{`{ dist = "uniform", min = 0.1, max = 0.6 }`, model.ParamDist{Kind: model.ParamUniform, Min: 0.1, Max: 0.6}},
		{`{ dist = "normal", mean = 0.3, sd = 0.1, min = 0, max = 0.9 }`, model.ParamDist{Kind: model.ParamNormal, Mean: 0.3, SD: 0.1, Min: 0, Max: 0.9, Bounded: true}},
		{`{ dist = "lognormal", mean = 0.3, sd = 0.1 }`, model.ParamDist{}}, // not in [0, 1): see below
		{`{ dist = "beta", alpha = 2, beta = 3 }`, model.ParamDist{Kind: model.ParamBeta, Alpha: 2, Beta: 3, Min: 0, Max: 1}},
		{`{ dist = "beta", alpha = 2, beta = 3, min = 0.1 }`, model.ParamDist{Kind: model.ParamBeta, Alpha: 2, Beta: 3, Min: 0.1, Max: 1}},
	} {
		sc, err := Parse("d.toml", []byte(wfHead+"[sites.workforce]\nmonitoring = "+tt.dist+"\nwages.minimum_per_hour = 14.71\n"))
		if tt.want.Kind == 0 {
			if err == nil || !strings.Contains(err.Error(), "must be in [0, 1], but the lognormal distribution draws from (0, +Inf)") {
				t.Errorf("%s: %v", tt.dist, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.dist, err)
			continue
		}
		if got := sc.Uncertain[0].Dist; got != tt.want {
			t.Errorf("%s decodes to %+v, want %+v", tt.dist, got, tt.want)
		}
		if got, want := sc.Sites[0].Workforce.Monitoring, tt.want.ExpectedValue(); got != want {
			t.Errorf("%s: monitoring %g, want the expected value %g", tt.dist, got, want)
		}
	}
	// A lognormal suits a key that must be positive.
	sc := mustParse(t, wfHead+"[sites.workforce]\nlearning_days = { dist = \"lognormal\", mean = 120, sd = 40 }\nwages.minimum_per_hour = 14.71\n")
	if u := sc.Uncertain[0]; u.Dist != (model.ParamDist{Kind: model.ParamLognormal, Mean: 120, SD: 40}) || sc.Sites[0].Workforce.LearningDays != 120 {
		t.Errorf("lognormal: %+v", u.Dist)
	}
}

// TestUncertainErrors checks where a distribution's values fall outside
// its key's range, and the other problems of a distribution table.
func TestUncertainErrors(t *testing.T) {
	const head = wfHead + "[sites.workforce]\nwages.minimum_per_hour = 14.71\n" // key on line 8
	for _, tt := range []struct{ key, dist, want string }{
		{"monitoring", `{ dist = "normal", mean = 0.3, sd = 0.1 }`, "must be in [0, 1], but a normal distribution without min and max can draw any value: bound it with min and max"},
		{"monitoring", `{ dist = "uniform", min = 0.5, max = 1.2 }`, "must be in [0, 1], but the uniform distribution draws from [0.5, 1.2]"},
		{"shrinkage", `{ dist = "beta", alpha = 2, beta = 5 }`, "must be in [0, 1), but the beta distribution draws from [0, 1]"},
		{"learning_days", `{ dist = "triangular", min = -1, mode = 100, max = 200 }`, "must be >= 0, but the triangular distribution draws from [-1, 200]"},
		{"contract_hours_per_week", `{ dist = "triangular", min = 0, mode = 36, max = 40 }`, "must be in (0, 168], but the triangular distribution draws from [0, 40]"},
		{"monitoring", `{ dist = "normal", mean = 0.3, sd = 0.1, min = 0 }`, "monitoring.max: required key is missing: a normal is bounded by min and max together"},
		{"monitoring", `{ dist = "normal", mean = 0.95, sd = 0.1, min = 0, max = 0.9 }`, "normal mean 0.95 must lie within [min, max] = [0, 0.9]"},
		{"monitoring", `{ dist = "uniform", min = 0.5 }`, "monitoring.max: required key is missing (uniform takes min, max)"},
		{"monitoring", `{ dist = "uniform", min = 0.5, max = 0.6, mode = 0.55 }`, "monitoring.mode: unknown key (allowed: dist, min, max, shared)"},
		{"monitoring", `{ dist = "uniform", min = 0.5, max = { dist = "uniform", min = 0.6, max = 0.7 } }`, "monitoring.max: must be a number, got table"},
		{"monitoring", `{ dist = "beta", alpha = 0, beta = 1 }`, "beta needs alpha > 0 and beta > 0, got 0, 1"},
		{"monitoring", `{ dist = 3 }`, "monitoring.dist: must be a string, got integer 3"},
	} {
		_, err := Parse("u.toml", []byte(head+tt.key+" = "+tt.dist+"\n"))
		var list ErrorList
		if !errors.As(err, &list) || len(list) != 1 {
			t.Errorf("%s = %s: %v, want one error", tt.key, tt.dist, err)
			continue
		}
		if !strings.HasPrefix(list[0].Error(), "u.toml:9: sites[0].workforce."+tt.key) || !strings.Contains(list[0].Error(), tt.want) {
			t.Errorf("%s = %s:\n got  %v\n want u.toml:9: sites[0].workforce.%s...%s", tt.key, tt.dist, list[0], tt.key, tt.want)
		}
	}
	// A EUR site's exchange rate is 1, certainly.
	_, err := Parse("u.toml", []byte(head+"wages.fx_local_per_eur = { dist = \"uniform\", min = 0.9, max = 1.1 }\n"))
	if err == nil || !strings.Contains(err.Error(), `fx_local_per_eur: must be 1 for currency "EUR"`) {
		t.Errorf("uncertain EUR rate: %v", err)
	}
}

// TestSharedParameter: two keys whose distributions share a name take one
// draw per replication; different distributions under one name are an
// error naming both keys.
func TestSharedParameter(t *testing.T) {
	src := func(max2 string) string {
		return `name = "shared"
[run]
horizon_months = 12
[demand]
arrivals_per_hour = 50
[[sites]]
name = "A"
handle_time = { dist = "exponential", mean_seconds = 300 }
[sites.workforce]
[sites.workforce.wages]
minimum_per_hour = { dates = [2025-12-01], values = [14.71], index_every_months = 6, index_rate = { dist = "uniform", min = 0.01, max = 0.03, shared = "wml" } }
[[sites]]
name = "B"
handle_time = { dist = "exponential", mean_seconds = 300 }
[sites.workforce]
[sites.workforce.wages]
minimum_per_hour = { dates = [2025-12-01], values = [14.71], index_every_months = 6, index_rate = { dist = "uniform", min = 0.01, max = ` + max2 + `, shared = "wml" } }
[routing]
kind = "share"
shares = { A = 0.5, B = 0.5 }
`
	}
	sc, err := Parse("shared.toml", []byte(src("0.03")))
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Uncertain) != 1 || len(sc.Uncertain[0].Also) != 1 {
		t.Fatalf("uncertain %+v, want one parameter at two keys", sc.Uncertain)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		c, v := sc.Draw(rng)
		a, b := c.Sites[0].Workforce.Wages.MinimumPerHour.IndexRate, c.Sites[1].Workforce.Wages.MinimumPerHour.IndexRate
		if a != b || a != v[0] {
			t.Fatalf("drew %g, sites got %g and %g", v[0], a, b)
		}
	}
	_, err = Parse("shared.toml", []byte(src("0.04")))
	if err == nil || !strings.Contains(err.Error(), `shared = "wml": a different distribution or range than sites[0].workforce.wages.minimum_per_hour.index_rate`) {
		t.Errorf("different distributions under one name: %v", err)
	}
}
