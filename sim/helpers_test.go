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

// workforceSite returns a site with a workforce: hires, learning, quits,
// wages against a minimum; figures are plausible, not calibrated.
func workforceSite(name string, agents int, minimum, fx float64) model.Site {
	return model.Site{
		Name:       name,
		Staffing:   model.AgentSchedule{Agents: []int{agents}},
		HandleTime: []model.Dist{model.Exp(300)},
		Workforce: &model.Workforce{
			ServiceLevelTarget:    0.8,
			Shrinkage:             0.3,
			ContractHoursPerWeek:  36,
			InitialTenureMeanDays: 400,
			TrainingDays:          28,
			NestingDays:           28,
			SkillAtHire:           model.Beta{Alpha: 2, Beta: 5},
			SkillCeiling:          0.9,
			LearningDays:          120,
			LanguageFit:           1,
			Monitoring:            0.3,
			Attrition: model.Attrition{
				BaseAnnual: 0.3, ReferencePayRatio: 1, PayElasticity: 2,
				MonitoringEffect: 0.5, OccupancyThreshold: 0.85, OccupancyEffect: 0.5,
				EarlyTenureDays: 90, EarlyTenureFactor: 2, DismissalAnnual: 0.05,
			},
			Pool: model.LabourPool{LeadTimeDays: 21},
			Wages: model.Wages{
				Currency:       "EUR",
				MinimumPerHour: model.ConstantPath(minimum),
				Policy:         model.WagePolicy{Kind: model.WagePremium, Premium: 0.05},
				FX:             model.FXPath{Path: model.ConstantPath(fx)},
				OnCostRate:     0.3,
				NightPremium:   0.5, NightStartHour: 22, NightEndHour: 6,
			},
		},
		Costs: model.Costs{SeatPerAgentMonthEUR: 400, ManagementPerAgentMonthEUR: 500, RecruitmentPerHireEUR: 4000, TelecomPerMinuteEUR: 0.01},
	}
}

// workforceScenario is the given number of months (of 365/12 days), two
// sites with workforces, customers who come back when unresolved.
func workforceScenario(months float64) *model.Scenario {
	sc := mmnScenario(200, 300, 120, 1, months*(model.DaysPerMonth*24), 0)
	sc.Name = "workforce"
	sc.Demand.ContactTypes[0].FCR = 0.8
	sc.Demand.Customers = model.Customers{
		RepeatProbability: 0.7, RepeatDelay: model.Exp(2 * model.SecondsPerDay), MaxContacts: 5,
		Satisfaction:     model.Satisfaction{Base: 0.9, RepeatFactor: 0.85, UnresolvedFactor: 0.5, WaitPenaltyPerMinute: 0.02, LanguagePenalty: 0.1},
		Churn:            model.Churn{Resolved: 0.01, UnresolvedFactor: 5, DissatisfactionFactor: 1},
		LifetimeValueEUR: 500,
	}
	sc.Performance = model.Performance{
		NoviceHandleTimePenalty: 0.8, NestingHandleTimeFactor: 1.2, MonitoringSpeedup: 0.2, LanguageHandleTimePenalty: 0.3,
		NoviceResolutionPenalty: 0.3, NestingResolutionFactor: 0.9, MonitoringResolutionPenalty: 0.2, LanguageResolutionPenalty: 0.2,
	}
	nl := workforceSite("NL", 10, 14.06, 1)
	sr := workforceSite("SR", 12, 52.47, 44)
	sr.Workforce.LanguageFit = 0.8
	sr.Workforce.Wages.Currency = "SRD"
	sr.Workforce.Wages.UTCOffsetHours = -4
	sr.Workforce.Pool = model.LabourPool{Size: 60, RefillPerMonth: 1, LeadTimeDays: 14, LeadTimeDepletion: 1, SkillDepletion: 0.5}
	sr.Costs.Billing = model.BillPerContact
	sr.Costs.PriceEUR = 3
	sr.Costs.GovernancePerMonthEUR = 2000
	sc.Sites = []model.Site{nl, sr}
	sc.Routing.ByType = []model.Route{{Kind: model.RouteShare, Sites: []int{0, 1}, Shares: []float64{0.4, 0.6}}}
	return sc
}
