package plots

import (
	"os"
	"testing"
)

// TestRenderDir renders saved results on demand:
//
//	OFFSIM_RESULTS=DIR [OFFSIM_PLOTS=OUT] [OFFSIM_COST=per_resolved] [OFFSIM_OUTCOME=fcr] go test -run TestRenderDir ./plots/
func TestRenderDir(t *testing.T) {
	dir := os.Getenv("OFFSIM_RESULTS")
	if dir == "" {
		t.Skip("set OFFSIM_RESULTS to a results directory")
	}
	out := os.Getenv("OFFSIM_PLOTS")
	if out == "" {
		out = dir
	}
	r, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	paths, err := Render(r, out, Options{CostAxis: os.Getenv("OFFSIM_COST"), Outcome: os.Getenv("OFFSIM_OUTCOME")})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		t.Log(p)
	}
}

// TestRenderSyntheticDir writes the synthetic batch and sweep on demand,
// to look at: OFFSIM_SYNTH=DIR go test -run TestRenderSyntheticDir ./plots/
func TestRenderSyntheticDir(t *testing.T) {
	dir := os.Getenv("OFFSIM_SYNTH")
	if dir == "" {
		t.Skip("set OFFSIM_SYNTH to an output directory")
	}
	for sub, r := range map[string]*Results{
		"batch": synthetic(synthBatch, 10, 24, "", true),
		"sweep": synthetic(synthSweep(), 6, 12, "sites.SR.wage.premium", false),
		"grid":  synthGrid(),
	} {
		out := dir + "/" + sub
		save(t, mkdir(t, out+"/results"), r)
		if _, err := Render(r, out, Options{}); err != nil {
			t.Fatal(err)
		}
	}
}

func mkdir(t *testing.T, dir string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}
