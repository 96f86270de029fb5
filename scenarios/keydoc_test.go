package scenarios

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSweepLabels: a swept key is recorded with a label a reader
// understands, the unit and meaning of its reference row, and its value
// before the sweep.
func TestSweepLabels(t *testing.T) {
	for _, tc := range []struct {
		key, label, unit string
		base             float64
		hasBase          bool
	}{
		{"sites.SR.workforce.wages.premium", "premium (SR wages)", "fraction over the minimum", 0.65, true},
		{"sites.SR.workforce.attrition.base_annual", "base annual (SR attrition)", "", 0.45, true},
		{"sites[0].workforce.wages.night_premium", "night premium (SR wages)", "share of the wage", 0.25, true},
	} {
		dir := t.TempDir()
		file := filepath.Join(dir, "s.toml")
		// The values before the sweep are set here, not taken from the
		// built-in, whose figures move with its sources.
		src := "extends = \"sr-offshore\"\nname = \"s\"\n[[sites]]\nname = \"SR\"\n" +
			"[sites.workforce.wages]\npolicy = \"premium\"\npremium = 0.65\nnight_premium = 0.25\n" +
			"[sites.workforce.attrition]\nbase_annual = 0.45\n" +
			"[sweep]\n\"" + tc.key + "\" = [0.1, 0.2]\n"
		if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		scs, err := LoadAll(file)
		if err != nil {
			t.Errorf("%s: %v", tc.key, err)
			continue
		}
		sv := scs[0].Sweep[0]
		if sv.Label != tc.label || tc.unit != "" && sv.Unit != tc.unit || sv.HasBase != tc.hasBase || tc.hasBase && sv.Base != tc.base {
			t.Errorf("%s: recorded %+v, want label %q, unit %q, base %g (%v)", tc.key, sv, tc.label, tc.unit, tc.base, tc.hasBase)
		}
	}
}
