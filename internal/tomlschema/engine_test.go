package tomlschema

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"offsim/model"
)

// A toy format, to test the engine apart from the scenario format: a pet
// with a name, legs, a weight in one of two units, a distribution kind
// that allows and requires a cv, a patience and a list of toys.
type pet struct {
	Name     string
	Legs     int
	WeightKG float64
	Kind     model.DistKind
	CV       float64
	Patience model.Dist
	Toys     []toy
}

type toy struct {
	Name     string
	PriceEUR float64
}

// petDecoder is the toy format's decoder: checks counts the pets whose
// check hook ran.
type petDecoder struct {
	*Decoder[petDecoder]
	checks int
}

var (
	petForms  = NewForms[petDecoder]()
	petKind   = Choice[petDecoder, model.DistKind]{Key: "kind", Of: func(dst any) model.DistKind { return dst.(*pet).Kind }}
	toySchema = &Schema[petDecoder]{Keys: []*Key[petDecoder]{
		NameKey[petDecoder]("toy", "toy name", func(t *toy) *string { return &t.Name }, "the toy's name"),
		{Name: "price_eur", Unit: "EUR", B: Positive(100), Req: true, At: Field(func(t *toy) *float64 { return &t.PriceEUR })},
	}}
	petSchema = &Schema[petDecoder]{
		Check: func(d *petDecoder, _ *Table, _ any, _ Place) { d.checks++ },
		Keys: []*Key[petDecoder]{
			{Name: "name", Unit: "string", Req: true, At: Field(func(p *pet) *string { return &p.Name })},
			{Name: "legs", Unit: "integer", Def: 4, B: Ints(0, 8), At: Field(func(p *pet) *int { return &p.Legs })},
			{Name: "weight_kg", Unit: "kg", Group: "weight", Req: true, B: Positive(1000), At: Field(func(p *pet) *float64 { return &p.WeightKG })},
			{Name: "weight_t", Unit: "tonnes", Group: "weight", Factor: 1000, B: Positive(1), At: Field(func(p *pet) *float64 { return &p.WeightKG })},
			EnumKey(&Key[petDecoder]{Name: "kind"}, model.ParseDistKind, func(p *pet) *model.DistKind { return &p.Kind }, "exponential"),
			{Name: "cv", B: Positive(10), At: Field(func(p *pet) *float64 { return &p.CV }),
				Only: petKind.Only(model.Lognormal), Need: petKind.Need(model.Lognormal), Omit: petKind.Omit(model.Lognormal)},
			DurationKey(petForms, "patience", func(p *pet) *model.Dist { return &p.Patience }, "none", "how long it waits"),
			{Name: "toys", List: ListOf[pet, toy](func(p *pet) *[]toy { return &p.Toys }), Sub: toySchema, Noun: "toy", B: Ints(0, 3),
				Len: func(_ *petDecoder, n int) string {
					if n == 2 {
						return "two toys quarrel"
					}
					return ""
				}},
		}}
)

// drawn is the pet a replication's draws set.
var drawn pet

// decodePet decodes src (and the files it extends, from files) as the
// toy format.
func decodePet(t *testing.T, src string, files map[string]string) (*pet, *petDecoder, error) {
	t.Helper()
	p := &pet{}
	// A replication's clone of a scenario has no pet: a value drawn for
	// one goes to drawn.
	d, err := decodeAs(src, files, petSchema, p, func(*model.Scenario) any { return &drawn })
	if err != nil {
		return nil, d, err
	}
	return p, d, nil
}

// decodeAs decodes src (and the files it extends, from files) into dst
// along s, at at.
func decodeAs[T any](src string, files map[string]string, s *Schema[petDecoder], dst *T, at Place) (*petDecoder, error) {
	ref := func(_ *File, ref string) (*File, string) {
		if s, ok := files[ref]; ok {
			return &File{Name: ref, Id: ref, Src: s}, ""
		}
		return nil, "no such file " + ref
	}
	tree, loc, errs := Resolve(&File{Name: "pet.toml", Id: "pet.toml", Src: src}, ref)
	if errs != nil {
		return nil, errs
	}
	d := &petDecoder{}
	d.Decoder = NewDecoder(loc, d, petForms)
	FillDefaults(s, dst)
	d.DecodeTable(&Table{M: tree}, s, dst, at)
	if len(d.Errs) > 0 {
		return d, d.Errs.Sorted(loc)
	}
	return d, nil
}

func TestDecodeAndEncode(t *testing.T) {
	src := `name = "Rex"
weight_t = 0.03
kind = "lognormal"
cv = 0.5
patience = { dist = "exponential", mean_seconds = 60 }
[[toys]]
name = "ball"
price_eur = 2
`
	p, d, err := decodePet(t, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := &pet{Name: "Rex", Legs: 4, WeightKG: 30, Kind: model.Lognormal, CV: 0.5, Patience: model.Exp(60), Toys: []toy{{"ball", 2}}}
	if !reflect.DeepEqual(p, want) {
		t.Fatalf("decoded\n %+v, want\n %+v", p, want)
	}
	if d.checks != 1 {
		t.Errorf("the check hook ran %d times, want 1", d.checks)
	}
	// Encoding writes the defaults, the weight in the first unit that gives
	// it back exactly, no cv but with lognormal; decoding that gives p.
	e := NewEncoder[petDecoder](&model.Scenario{})
	var b strings.Builder
	if err := toml.NewEncoder(&b).Encode(e.Table(petSchema, "", p, false)); err != nil || e.Err != nil {
		t.Fatal(err, e.Err)
	}
	for _, line := range []string{"legs = 4", "weight_kg = 30.0", "cv = 0.5"} {
		if !strings.Contains(b.String(), line) {
			t.Errorf("encoded form has no %q:\n%s", line, b.String())
		}
	}
	back, _, err := decodePet(t, b.String(), nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if !reflect.DeepEqual(back, p) {
		t.Errorf("round trip gave\n %+v, want\n %+v\nfrom\n%s", back, p, b.String())
	}
}

// TestDecodeErrors checks that every problem of a file is reported at
// once, each with its line and key, in the order of the lines.
func TestDecodeErrors(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      []string
	}{
		{"range and missing group", "name = \"Rex\"\nlegs = 9\n", []string{
			"pet.toml: weight_kg: required key is missing (give weight_kg or weight_t)",
			"pet.toml:2: legs: must be at most 8, got 9",
		}},
		{"type", "name = \"Rex\"\nweight_kg = \"heavy\"\nlegs = 2.5\n", []string{
			"pet.toml:2: weight_kg: must be a number, got string \"heavy\"",
			"pet.toml:3: legs: must be an integer, got float 2.5",
		}},
		{"group conflict", "name = \"Rex\"\nweight_kg = 3\nweight_t = 0.003\n", []string{
			"pet.toml:3: weight_t: give weight_kg or weight_t, not both",
		}},
		{"unknown, with a suggestion", "name = \"Rex\"\nweight_kg = 3\nlegz = 3\n", []string{
			"pet.toml:3: legz: unknown key (did you mean legs?)",
		}},
		{"choice", "name = \"Rex\"\nweight_kg = 3\ncv = 0.5\n", []string{
			`pet.toml:3: cv: only allowed with kind = "lognormal"`,
		}},
		{"choice requires", "name = \"Rex\"\nweight_kg = 3\nkind = \"lognormal\"\n", []string{
			`pet.toml: cv: required with kind = "lognormal"`,
		}},
		{"array length hook", "name = \"Rex\"\nweight_kg = 3\n[[toys]]\nname = \"a\"\nprice_eur = 1\n[[toys]]\nname = \"b\"\nprice_eur = 1\n", []string{
			"pet.toml:3: toys: two toys quarrel",
		}},
		{"duplicate names, range in an element", "name = \"Rex\"\nweight_kg = 3\n[[toys]]\nname = \"a\"\nprice_eur = 1\n[[toys]]\nname = \"b\"\nprice_eur = 1\n[[toys]]\nname = \"a\"\nprice_eur = 0\n", []string{
			`pet.toml:10: toys[2].name: duplicate toy name "a" (also toys[0].name)`,
			"pet.toml:11: toys[2].price_eur: must be positive, got 0",
		}},
		{"duration form", "name = \"Rex\"\nweight_kg = 3\npatience = { dist = \"normal\", mean = 1, sd = 1 }\n", []string{
			`pet.toml:3: patience.dist: "normal" is a parameter distribution, not a duration's`,
		}},
		{"distribution out of range", "name = \"Rex\"\nweight_kg = { dist = \"uniform\", min = -1, max = 2 }\n", []string{
			"pet.toml:2: weight_kg: must be positive, but the uniform distribution draws from [-1, 2]",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := decodePet(t, c.src, nil)
			list, ok := err.(ErrorList)
			if !ok {
				t.Fatalf("error %v (%T), want an ErrorList", err, err)
			}
			if len(list) != len(c.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(list), len(c.want), err)
			}
			for i, w := range c.want {
				if !strings.HasPrefix(list[i].Error(), w) {
					t.Errorf("problem %d:\n got  %s\n want %s", i, list[i], w)
				}
			}
		})
	}
}

// TestExtendsLocatesTheParent checks that a problem in a value a file
// inherits is reported on the parent's line, and one it sets on its own.
func TestExtendsLocatesTheParent(t *testing.T) {
	parent := "name = \"base\"\nweight_kg = 3\nlegs = 9\n[[toys]]\nname = \"a\"\nprice_eur = 1\n"
	child := "extends = \"base.toml\"\nname = \"Rex\"\n\n[[toys]]\nname = \"a\"\nprice_eur = 500\n"
	_, _, err := decodePet(t, child, map[string]string{"base.toml": parent})
	want := "pet.toml:6: toys[0].price_eur: must be at most 100, got 500\nbase.toml:3: legs: must be at most 8, got 9"
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
	_, _, err = decodePet(t, "extends = \"a.toml\"\nname = \"x\"\n", map[string]string{"a.toml": "extends = \"pet.toml\"\nname = \"a\"\n", "pet.toml": "name = \"p\"\n"})
	if err == nil || !strings.Contains(err.Error(), "cycle") {
		t.Errorf("a cycle gave %v", err)
	}
}

// TestUncertainBinds checks that a distribution decodes to its expected
// value and that a draw applied to a scenario sets the field, clamped to
// the key's range.
func TestUncertainBinds(t *testing.T) {
	src := "name = \"Rex\"\nweight_kg = { dist = \"triangular\", min = 10, mode = 20, max = 60 }\n"
	p, d, err := decodePet(t, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.WeightKG != 30 {
		t.Errorf("weight %g, want the expected value 30", p.WeightKG)
	}
	sc := &model.Scenario{}
	d.Uncertain(sc)
	if len(sc.Uncertain) != 1 || sc.Uncertain[0].Key != "weight_kg" {
		t.Fatalf("uncertain %+v", sc.Uncertain)
	}
	for _, c := range []struct{ draw, want float64 }{{25, 25}, {5000, 1000}} {
		sc.Uncertain[0].Apply(sc, c.draw)
		if drawn.WeightKG != c.want {
			t.Errorf("draw %g set %g, want %g", c.draw, drawn.WeightKG, c.want)
		}
	}
}

func TestBounds(t *testing.T) {
	for _, c := range []struct {
		b    Bounds
		x    float64
		want string
	}{
		{Positive(10), 0, "must be positive, got 0"},
		{Positive(10), 11, "must be at most 10, got 11"},
		{NonNeg(0), -1, "must be >= 0, got -1"},
		{Fraction, 1, ""},
		{BelowOne, 1, "must be in [0, 1), got 1"},
		{Above(-1, 10), -1, "must be > -1, got -1"},
		{Positive(10).AtLeast(2), 1, "must be at least 2, got 1"},
		{AnyNumber(-5, 5), 6, "must be at most 5, got 6"},
	} {
		if got := c.b.problem(c.x); got != c.want {
			t.Errorf("%+v of %g: %q, want %q", c.b, c.x, got, c.want)
		}
		if c.want == "" {
			continue
		}
		if y := c.b.clamp(c.x); c.b.problem(y) != "" && !(y == c.b.Lo && c.b.LoOpen) && !(y == c.b.Hi && c.b.HiOpen) {
			t.Errorf("%+v: clamp(%g) = %g is out of range", c.b, c.x, y)
		}
	}
}

// ExampleDecoder_DecodeTable decodes a table of the toy format.
func ExampleDecoder_DecodeTable() {
	var tree map[string]any
	src := "name = \"Rex\"\nweight_t = 0.03\nlegs = 12\n"
	if _, err := toml.Decode(src, &tree); err != nil {
		panic(err)
	}
	loc := &Locator{Files: []*File{{Name: "rex.toml", Src: src}}}
	d := &petDecoder{}
	d.Decoder = NewDecoder(loc, d, petForms)
	var p pet
	FillDefaults(petSchema, &p)
	d.DecodeTable(&Table{M: tree}, petSchema, &p, nil)
	fmt.Println(p.Name, p.WeightKG, p.Legs)
	fmt.Println(d.Errs)
	// Output:
	// Rex 30 4
	// rex.toml:3: legs: must be at most 8, got 12
}
