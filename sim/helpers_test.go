package sim

import "offsim/model"

// mmnScenario is a single-site M/M/n(+M) scenario: arrivals per hour,
// exponential handle time and (if patienceSeconds > 0) exponential patience.
func mmnScenario(callsPerHour, ahtSeconds, patienceSeconds float64, agents int, hours, warmupHours float64) *model.Scenario {
	pat := model.Dist{}
	if patienceSeconds > 0 {
		pat = model.Exp(patienceSeconds)
	}
	return &model.Scenario{
		Name: "mmn",
		Run: model.Run{
			HorizonSeconds:      hours * model.SecondsPerHour,
			WarmupSeconds:       warmupHours * model.SecondsPerHour,
			Replications:        1,
			Seed:                1,
			ServiceLevelSeconds: 20,
		},
		Demand: model.Demand{
			Arrivals:     model.RateProfile{PerHour: []float64{callsPerHour}},
			ContactTypes: []model.ContactType{{Name: "default", Share: 1}},
			Patience:     pat,
		},
		Sites: []model.Site{{
			Name:       "NL",
			Staffing:   model.AgentSchedule{Agents: []int{agents}},
			HandleTime: []model.Dist{model.Exp(ahtSeconds)},
		}},
		Routing: model.Routing{ByType: []model.Route{{Kind: model.RouteShare, Sites: []int{0}, Shares: []float64{1}}}},
	}
}

// w1 is workload W1 of the engine issue (testdata/w1.toml), built in code.
func w1() *model.Scenario { return mmnScenario(1000, 360, 180, 105, 1000, 10) }
