package scenarios

import (
	"strings"

	"github.com/BurntSushi/toml"
)

// Starter returns a commented starter scenario named name (a default name
// when empty): two sites, one in-house Dutch team and one outsourced team
// in Paramaribo, with workforces, wages, costs and customers, every key
// commented with its unit, and commented-out examples of an uncertain
// parameter and of a [sweep]. It parses as it is. offsim init writes it.
func Starter(name string) []byte {
	if strings.TrimSpace(name) == "" {
		name = "my-scenario"
	}
	line, _ := toml.Marshal(map[string]string{"name": name})
	return []byte(strings.Replace(starter, "name = @NAME@\n", string(line), 1))
}

const starter = `# A starter scenario for offsim: a Dutch client's customer service, answered
# by an in-house team in the Netherlands and an outsourced team in
# Paramaribo. Every figure has its unit in its key or its comment; replace
# them with your own. The reference of every key, its default and its range
# is scenarios/README.md. Check the file with "offsim validate FILE", run it
# with "offsim run FILE".

name = @NAME@
start_date = 2026-01-05            # day 0 of the run, a Monday; dated values count from it

[run]
horizon_months = 12                # months of 365/12 days, warm-up included
warmup_days = 0                    # days left out of every statistic
replications = 10                  # Monte Carlo replications
seed = 1                           # root of every random stream
service_level_seconds = 20         # seconds: a call answered within it counts as in time

[demand]
# First attempts a week, spread over the days (Monday to Sunday) and the
# 30-minute intervals of a day from 00:00; any weights, 0 = closed.
arrivals = { calls_per_week = 6000, interval_minutes = 30,   # calls a week; minutes an interval
  day_shares = [1.2, 1, 1, 1, 1, 0.5, 0],                      # weights, Monday to Sunday
  intraday_shares = [                                          # weights, one per interval from 00:00
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,   # 00:00-08:00
    3, 4, 5, 6, 6, 6, 6, 5,                           # 08:00-12:00
    5, 5, 5, 5, 5, 5, 5, 4,                           # 12:00-16:00
    4, 4, 3, 3, 2, 2, 2, 1,                           # 16:00-20:00
    0, 0, 0, 0, 0, 0, 0, 0,                           # 20:00-24:00
  ] }
patience = { dist = "exponential", mean_seconds = 90 }   # seconds a caller waits before hanging up
redial = { probability = 0.3, delay = { dist = "exponential", mean_seconds = 600 } }   # share of those who hang up who call again, seconds later
daily_cv = 0.1                     # coefficient of variation of a day's volume beyond chance

[[demand.contact_types]]
name = "simple"
share = 0.7                        # share of first attempts
fcr = 0.9                          # share an expert agent resolves at once
deflection = 0.1                   # share self-service absorbs

[[demand.contact_types]]
name = "complex"
share = 0.3
fcr = 0.75

[demand.customers]
repeat_probability = 0.8           # share of unresolved customers who contact again...
repeat_delay = { dist = "exponential", mean_days = 2 }   # ...days later
max_contacts = 5                   # contacts after which a customer gives up
lifetime_value_eur = 400           # EUR lost when a customer leaves

[[sites]]
name = "NL"                        # in house, the Netherlands
# No agents: a site with a workforce is staffed by the Erlang-based plan.
handle_time = { dist = "lognormal", mean_seconds = 240, cv = 0.8 }   # seconds, an expert's
handle_time_by_type.complex = { dist = "lognormal", mean_seconds = 480, cv = 0.8 }

[sites.costs]
billing = "in_house"               # the client employs the agents
recruitment_per_hire_eur = 4500    # EUR per hire
seat_per_agent_month_eur = 400     # EUR per employed agent and month
management_per_agent_month_eur = 500   # EUR per employed agent and month

[sites.workforce]
service_level_target = 0.8         # share the plan answers within service_level_seconds
shrinkage = 0.35                   # share of paid hours not answering
contract_hours_per_week = 36       # hours
language_fit = 1                   # 0-1: native speakers
monitoring = 0.3                   # 0 trust-based to 1 heavy monitoring
attrition.base_annual = 0.25       # share leaving within a year
# A figure you are unsure of may be a distribution, drawn once per replication:
# attrition.base_annual = { dist = "triangular", min = 0.15, mode = 0.25, max = 0.4 }

[sites.workforce.wages]
currency = "EUR"
minimum_per_hour = 14.71           # EUR per hour, the statutory minimum
policy = "premium"
premium = 0.1                      # paid the minimum + 10%
on_cost_rate = 0.35                # employer on-costs, share of gross wages

[[sites]]
name = "SR"                        # outsourced, Paramaribo
handle_time = { dist = "lognormal", mean_seconds = 260, cv = 0.9 }   # seconds, an expert's
handle_time_by_type.complex = { dist = "lognormal", mean_seconds = 520, cv = 0.9 }

[sites.costs]
billing = "per_hour"               # the client pays per productive agent hour...
price_eur = 10                     # ...EUR an hour
governance_per_month_eur = 5000    # EUR a month the client spends steering the site

[sites.workforce]
contract_hours_per_week = 40       # hours
language_fit = 0.85                # 0-1: fluent, with another accent
monitoring = 0.7                   # 0-1
attrition.base_annual = 0.45       # share leaving within a year
pool.size = 1500                   # suitable candidates within reach (0: unlimited)
pool.refill_per_month = 30         # new candidates a month

[sites.workforce.wages]
currency = "SRD"
minimum_per_hour = 52.47           # SRD per hour
policy = "premium"
premium = 0.65                     # paid the minimum + 65%
fx_local_per_eur = 44              # SRD per EUR
on_cost_rate = 0.15                # share of gross wages
night_premium = 0.25               # extra share of pay for night hours (22:00-06:00 local)
utc_offset_hours = -4              # hours, Paramaribo's clock minus the client's

[routing]
kind = "share"                     # each contact goes to one site, drawn by share
shares = { NL = 0.5, SR = 0.5 }    # share of contacts per site, summing to 1

# A batch of variants, one scenario per value: the offshore share. With two
# sites, the other share follows (1 - SR). A planned site needs some load,
# so the sweep stays between 0 and 1.
# [sweep]
# "routing.shares.SR" = { from = 0.2, to = 0.8, step = 0.2 }
`
