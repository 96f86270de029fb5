package scenarios

import (
	"offsim/model"
)

// maxHeadcount bounds a site's initial headcount and headcount target.
const maxHeadcount = 1_000_000

// DefaultWorkforce returns the workforce a [sites.workforce] table starts
// from; every key but wages.minimum_per_hour has a default. Wages are paid
// in EUR at the minimum (policy "minimum"), MinimumPerHour is left empty.
func DefaultWorkforce() model.Workforce {
	return model.Workforce{
		// 0: the initial headcount is the target; the target is the plan's.
		InitialHeadcount:      0,
		InitialTenureMeanDays: 365, // ASSUMPTION
		HeadcountTarget:       0,
		ServiceLevelTarget:    0.8, // the 80/20 standard (Call Centre Helper 2015)
		// Sick leave often >10% in contact centres (klantcontact.nl 2024),
		// plus breaks and coaching: ASSUMPTION.
		Shrinkage:            0.35,
		ContractHoursPerWeek: 36,
		TrainingDays:         29,                            // initial training 4.2 weeks (Batt, Doellgast & Kwon 2005)
		NestingDays:          28,                            // ASSUMPTION
		SkillAtHire:          model.Beta{Alpha: 2, Beta: 4}, // ASSUMPTION: mean 1/3
		SkillCeiling:         0.95,
		// Full proficiency in 3–6 months for routine work (WFM Labs).
		LearningDays: 120,
		LanguageFit:  1,
		Monitoring:   0.3, // ASSUMPTION
		Attrition: model.Attrition{
			BaseAnnual:        0.30, // NL contact centres 25–35% a year (Ziptone)
			ReferencePayRatio: 1.0,
			PayElasticity:     1.0, // ASSUMPTION: no source quantifies it
			// Pressure (monitoring) +8.3 points of quits (Batt & Colvin
			// 2011): direction and rough size.
			MonitoringEffect:   0.5,
			OccupancyThreshold: 0.85, // ASSUMPTION
			OccupancyEffect:    0.5,  // ASSUMPTION
			EarlyTenureDays:    90,
			// Many leave within six weeks (FNV in klantcontact.nl).
			EarlyTenureFactor: 2,
			DismissalAnnual:   0.05, // ASSUMPTION
		},
		Pool: model.LabourPool{
			Size:              0, // unlimited
			RefillPerMonth:    0,
			ReturnShare:       0.1, // ASSUMPTION
			ReturnDelayDays:   180,
			LeadTimeDays:      30,  // ASSUMPTION
			LeadTimeDepletion: 1,   // ASSUMPTION
			SkillDepletion:    0.5, // ASSUMPTION
		},
		Wages: model.Wages{
			Currency: "EUR",
			Policy:   model.WagePolicy{Kind: model.WageMinimum},
			FX:       model.FXPath{Path: model.ConstantPath(1)},
			// Employer social charges 20–35% plus 8% holiday pay
			// (ikgastarten.nl 2021; debreed.nl).
			OnCostRate:     0.35,
			NightStartHour: 22,
			NightEndHour:   6,
		},
	}
}

// workforce decodes [sites.workforce]; missing keys take the values of
// DefaultWorkforce.
func (d *decoder) workforce(p keyPath, v any) *model.Workforce {
	t, ok := d.table(p, v)
	if !ok {
		return nil
	}
	w := DefaultWorkforce()
	d.optInt(t, "initial_headcount", &w.InitialHeadcount, 0, maxHeadcount)
	d.optNumber(t, "initial_tenure_mean_days", &w.InitialTenureMeanDays, d.nonNegative)
	d.optInt(t, "headcount_target", &w.HeadcountTarget, 0, maxHeadcount)
	d.optNumber(t, "service_level_target", &w.ServiceLevelTarget, d.fraction)
	d.optNumber(t, "shrinkage", &w.Shrinkage, d.belowOne)
	d.optNumber(t, "contract_hours_per_week", &w.ContractHoursPerWeek, d.hoursPerWeek)
	d.optNumber(t, "training_days", &w.TrainingDays, d.nonNegative)
	d.optNumber(t, "nesting_days", &w.NestingDays, d.nonNegative)
	if v, sp, ok := t.get("skill_at_hire"); ok {
		if st, ok := d.table(sp, v); ok {
			d.reqNumber(st, "alpha", &w.SkillAtHire.Alpha, d.positive)
			d.reqNumber(st, "beta", &w.SkillAtHire.Beta, d.positive)
			d.done(st)
		}
	}
	d.optNumber(t, "skill_ceiling", &w.SkillCeiling, d.fraction)
	d.optNumber(t, "learning_days", &w.LearningDays, d.nonNegative)
	d.optNumber(t, "language_fit", &w.LanguageFit, d.fraction)
	d.optNumber(t, "monitoring", &w.Monitoring, d.fraction)
	if at := d.optTable(t, "attrition"); at != nil {
		d.attrition(at, &w.Attrition)
	}
	if pt := d.optTable(t, "pool"); pt != nil {
		d.pool(pt, &w.Pool)
	}
	if v, wp, ok := t.get("wages"); !ok {
		d.errorf(wp, "required key is missing (add a [sites.workforce.wages] table with minimum_per_hour)")
	} else if wt, ok := d.table(wp, v); ok {
		d.wages(wt, &w.Wages)
	}
	d.done(t)
	return &w
}

func (d *decoder) attrition(t *table, a *model.Attrition) {
	d.optNumber(t, "base_annual", &a.BaseAnnual, d.belowOne)
	d.optNumber(t, "reference_pay_ratio", &a.ReferencePayRatio, d.nonNegative)
	d.optNumber(t, "pay_elasticity", &a.PayElasticity, d.nonNegative)
	d.optNumber(t, "monitoring_effect", &a.MonitoringEffect, d.nonNegative)
	d.optNumber(t, "occupancy_threshold", &a.OccupancyThreshold, d.fraction)
	d.optNumber(t, "occupancy_effect", &a.OccupancyEffect, d.nonNegative)
	d.optNumber(t, "early_tenure_days", &a.EarlyTenureDays, d.nonNegative)
	d.optNumber(t, "early_tenure_factor", &a.EarlyTenureFactor, d.nonNegative)
	d.optNumber(t, "dismissal_annual", &a.DismissalAnnual, d.belowOne)
	d.done(t)
}

func (d *decoder) pool(t *table, p *model.LabourPool) {
	d.optNumber(t, "size", &p.Size, d.nonNegative)
	d.optNumber(t, "refill_per_month", &p.RefillPerMonth, d.nonNegative)
	d.optNumber(t, "return_share", &p.ReturnShare, d.fraction)
	d.optNumber(t, "return_delay_days", &p.ReturnDelayDays, d.nonNegative)
	d.optNumber(t, "lead_time_days", &p.LeadTimeDays, d.nonNegative)
	d.optNumber(t, "lead_time_depletion", &p.LeadTimeDepletion, d.nonNegative)
	d.optNumber(t, "skill_depletion", &p.SkillDepletion, d.nonNegative)
	d.done(t)
}

// wages decodes [sites.workforce.wages] into w, which holds the defaults.
func (d *decoder) wages(t *table, w *model.Wages) {
	if v, p, ok := t.get("currency"); ok {
		if s, ok := d.name(p, v); ok {
			w.Currency = s
		}
	}
	if v, p, ok := d.required(t, "minimum_per_hour"); ok {
		d.path(p, v, &w.MinimumPerHour)
	}
	d.policy(t, &w.Policy)
	if v, p, ok := t.get("fx_local_per_eur"); ok {
		if d.fx(p, v, &w.FX) {
			fx := &w.FX
			if w.Currency == "EUR" && (fx.Random() || len(fx.Values) > 1 || fx.Values[0] != 1 || fx.IndexRate != 0 || d.uncertainUnder(p)) {
				d.errorf(p, `must be 1 for currency "EUR" (set currency to the site's own)`)
			}
		}
	} else if w.Currency != "EUR" {
		d.errorf(p, "required for currency %q: local units per EUR", w.Currency)
	}
	d.optNumber(t, "on_cost_rate", &w.OnCostRate, d.nonNegative)
	d.optNumber(t, "night_premium", &w.NightPremium, d.nonNegative)
	d.optNumber(t, "night_start_hour", &w.NightStartHour, d.within(0, 24))
	d.optNumber(t, "night_end_hour", &w.NightEndHour, d.within(0, 24))
	d.optNumber(t, "utc_offset_hours", &w.UTCOffsetHours, d.within(-24, 24))
	d.done(t)
}

// policy decodes the wage policy keys of wages table t: policy and the
// keys of the chosen policy; a key of another policy is an error.
func (d *decoder) policy(t *table, wp *model.WagePolicy) {
	pv, pp, hasPolicy := t.get("policy")
	prv, prp, hasPremium := t.get("premium")
	fv, fp, hasFixed := t.get("fixed_per_hour")
	rv, rp, hasRaise := t.get("annual_raise")
	sv, sp, hasScale := t.get("scale")
	if hasPolicy {
		s, ok := d.str(pp, pv)
		if !ok {
			return
		}
		k, err := model.ParseWagePolicyKind(s)
		if err != nil {
			d.errorf(pp, "%s", err.Error())
			return
		}
		wp.Kind = k
	}
	only := func(has bool, p keyPath, k model.WagePolicyKind) bool {
		if has && wp.Kind != k {
			d.errorf(p, "only allowed with policy = %q (policy is %q)", k.String(), wp.Kind.String())
			return false
		}
		return has
	}
	hasPremium = only(hasPremium, prp, model.WagePremium)
	hasFixed = only(hasFixed, fp, model.WageFixed)
	hasRaise = only(hasRaise, rp, model.WageFixed)
	hasScale = only(hasScale, sp, model.WageScale)
	required := func(has bool, p keyPath) bool {
		if !has {
			d.errorf(p, "required with policy = %q", wp.Kind.String())
		}
		return has
	}
	switch wp.Kind {
	case model.WagePremium:
		if required(hasPremium, prp) {
			wp.Premium, _ = d.nonNegative(prp, prv)
			d.bind(&wp.Premium)
		}
	case model.WageFixed:
		if required(hasFixed, fp) {
			wp.FixedPerHour, _ = d.positive(fp, fv)
			d.bind(&wp.FixedPerHour)
		}
		if hasRaise {
			wp.AnnualRaise, _ = d.above(-1)(rp, rv)
			d.bind(&wp.AnnualRaise)
		}
	case model.WageScale:
		if required(hasScale, sp) {
			wp.Scale = d.scale(sp, sv)
		}
	}
}

// scale decodes scale = [{ from_tenure_days, premium }, ...]: steps by
// tenure, the first from 0.
func (d *decoder) scale(p keyPath, v any) []model.ScaleStep {
	a, ok := d.tables(p, v)
	if !ok {
		return nil
	}
	if len(a) == 0 {
		d.errorf(p, "must list at least one step")
		return nil
	}
	steps := make([]model.ScaleStep, len(a))
	prevOK := true
	for i, e := range a {
		ep := p.index(i)
		t, ok := d.table(ep, e)
		if !ok {
			prevOK = false
			continue
		}
		s := &steps[i]
		var fromOK bool
		d.fixedNumbers("the steps of a scale are fixed, in order", func() {
			fromOK = d.reqNumber(t, "from_tenure_days", &s.FromTenureDays, d.nonNegative)
		})
		d.reqNumber(t, "premium", &s.Premium, d.nonNegative)
		fp := ep.key("from_tenure_days")
		switch {
		case !fromOK:
		case i == 0 && s.FromTenureDays != 0:
			d.errorf(fp, "must be 0: the first step starts at hire, got %s", num(s.FromTenureDays))
			fromOK = false
		case i > 0 && prevOK && !(s.FromTenureDays > steps[i-1].FromTenureDays):
			d.errorf(fp, "must be more than %s (%s)", p.index(i-1).key("from_tenure_days"), num(steps[i-1].FromTenureDays))
			fromOK = false
		}
		prevOK = fromOK
		d.done(t)
	}
	return steps
}
