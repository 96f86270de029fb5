package tomlschema

import (
	"reflect"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"offsim/model"
)

// A second toy format for the forms: a tariff with a start date, a weekly
// table of rates and a price that changes over time.
type tariff struct {
	IntervalSeconds float64
	Rates           []float64
	Price           model.Path
}

var tariffSchema = &Schema[petDecoder]{Keys: []*Key[petDecoder]{
	{Name: "start_date", Dec: func(d *petDecoder, t *Table, _ any, _ Place) bool {
		if v, p, ok := t.Get("start_date"); ok {
			if day, ok := d.Date(p, v); ok {
				d.Start = day
			}
		}
		return true
	}},
	{Name: "rates", Val: func(d *petDecoder, p Path, v any, dst any, _ Place) {
		t, ok := d.Table(p, v)
		if !ok {
			return
		}
		interval, week, ok := d.WeekTable(t, true, d.NumberIn(NonNeg(MaxRate)))
		d.Done(t)
		if ok {
			dst.(*tariff).IntervalSeconds, dst.(*tariff).Rates = interval, week
		}
	}},
	{Name: "price", Val: func(d *petDecoder, p Path, v any, dst any, at Place) {
		d.Path(p, v, &dst.(*tariff).Price, Within(at, Field(func(t *tariff) *model.Path { return &t.Price })))
	}, Enc: func(e *Encoder[petDecoder], p Path, src any) any { return e.Path(p, src.(*tariff).Price) }},
}}

func decodeTariff(src string) (*tariff, error) {
	var tr tariff
	_, err := decodeAs(src, nil, tariffSchema, &tr, nil)
	return &tr, err
}

// TestWeekAndPath checks that a weekly table starts on start_date's
// weekday, and that a dated path dated before the start keeps the date
// its indexation steps count from, then encodes to days and back.
func TestWeekAndPath(t *testing.T) {
	src := `start_date = 2026-01-07 # a Wednesday
rates = { interval_minutes = 60, daily = [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2], day_factors = [1, 2, 3, 4, 5, 6, 7] }
price = { dates = [2025-01-01, "2025-07-01"], values = [10, 12], index_every_months = 12, index_rate = 0.1 }
`
	tr, err := decodeTariff(src)
	if err != nil {
		t.Fatal(err)
	}
	if tr.IntervalSeconds != 3600 || len(tr.Rates) != 168 {
		t.Fatalf("interval %g s, %d rates", tr.IntervalSeconds, len(tr.Rates))
	}
	for day, want := range []float64{6, 8, 10, 12, 14, 2, 4} { // Wednesday first
		if got := tr.Rates[24*day+5]; got != want {
			t.Errorf("day %d of the run: rate %g, want %g", day, got, want)
		}
	}
	// 2025-07-01 is 190 days before the start: its value holds from day 0
	// and keeps its date, from which the yearly steps count.
	want := model.Path{Days: []float64{-190}, Values: []float64{12}, IndexEveryDays: 12 * model.DaysPerMonth, IndexRate: 0.1}
	if !reflect.DeepEqual(tr.Price, want) {
		t.Errorf("price %+v, want %+v", tr.Price, want)
	}
	e := NewEncoder[petDecoder](&model.Scenario{})
	var b strings.Builder
	if err := toml.NewEncoder(&b).Encode(e.Table(&Schema[petDecoder]{Keys: tariffSchema.Keys[2:]}, "", tr, false)); err != nil {
		t.Fatal(err)
	}
	back, err := decodeTariff(b.String())
	if err != nil || !reflect.DeepEqual(back.Price, tr.Price) {
		t.Errorf("price written as\n%s\nread back as %+v (%v)", b.String(), back.Price, err)
	}
}

func TestFormErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"start_date = 2026-13-01\n", "pet.toml:1: syntax error: invalid datetime"},
		{"start_date = \"tomorrow\"\n", `pet.toml:1: start_date: must be a date YYYY-MM-DD, got string "tomorrow"`},
		{"rates = { interval_minutes = 45, daily = [1] }\n", "pet.toml:1: rates.interval_minutes: must be 15, 30 or 60, got 45"},
		{"rates = { interval_minutes = 60, weekly = [1, 2, 3] }\n", "pet.toml:1: rates.weekly: needs 168 values (one per 60-minute interval of a week), got 3"},
		{"rates = { interval_minutes = 60, weekly = [1], day_factors = [1] }\n", "pet.toml:1: rates.day_factors: only allowed with daily"},
		{"start_date = 2026-01-07\nprice = { dates = [2026-02-01], values = [3] }\n", "pet.toml:2: price.dates[0]: is after start_date (2026-01-07): no value would hold at the start"},
		{"price = { days = [0, 10], values = [3] }\n", "pet.toml:1: price.values: needs 2 values (one per date), got 1"},
		{"price = { days = [0], values = [3], index_rate = 0.1 }\n", "pet.toml:1: price.index_every_months: required with index_rate"},
		{"price = { days = [0], values = [3], index_every_days = 1, index_rate = 9 }\n", "pet.toml:1: price.index_rate: indexation takes the value from 3 to"},
	} {
		_, err := decodeTariff(c.src)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q:\n got  %v\n want %s", c.src, err, c.want)
		}
	}
}
