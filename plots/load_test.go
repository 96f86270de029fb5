package plots

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"offsim/results"
)

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoadOptionalFiles(t *testing.T) {
	dir := t.TempDir()
	r := synthetic(synthBatch[:2], 2, 2, "", false)
	data, err := results.EncodeSummary(r.Summary)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, results.SummaryJSON), string(data))
	if err := results.Seal(dir); err != nil {
		t.Fatal(err)
	}
	got, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Summary.Scenarios) != 2 || got.Replications != nil || got.Sweep != nil || got.ScenarioFiles != nil {
		t.Errorf("Load of a bare summary: %+v", got)
	}
}

// TestLoadRefuses: a malformed file (sealed into the manifest, so that
// only its content is wrong) gives an error naming the file, the line and
// the column; no manifest, an incomplete run, a file changed after the
// run, a file the manifest lists but is gone, a symbolic link out of the
// folder or to a device, and a FIFO are refused with a clear message;
// none panics, hangs or reads outside the folder.
func TestLoadRefuses(t *testing.T) {
	good := synthetic(synthBatch[:1], 2, 1, "", false)
	outside := filepath.Join(t.TempDir(), "secret.toml")
	writeFile(t, outside, "name = \"secret\"\n")
	cases := []struct {
		name   string
		tamper func(t *testing.T, dir string)
		want   []string
	}{
		{"bad number", sealed("replications.csv", "scenario,replication,site,metric,value\na,0,all,csat,0.7\na,1,all,csat,seventy\n"),
			[]string{"replications.csv", "line 3", "value", `"seventy"`}},
		{"bad replication", sealed("replications.csv", "scenario,replication,site,metric,value\na,x,all,csat,0.7\n"),
			[]string{"replications.csv", "line 2", "replication"}},
		{"negative replication", sealed("replications.csv", "scenario,replication,site,metric,value\na,-1,all,csat,0.7\n"),
			[]string{"replications.csv", "line 2", "replication"}},
		{"infinite value", sealed("replications.csv", "scenario,replication,site,metric,value\na,1,all,csat,+Inf\n"),
			[]string{"replications.csv", "line 2", "value", "not a number"}},
		{"short row", sealed("timeseries.csv", "scenario,site,month,metric,n,mean,p05,p50,p95\na,all,1,csat,2,1,1,1,1\na,all,2,csat,2,1\n"),
			[]string{"timeseries.csv", "line 3", "wrong number of fields"}},
		{"month zero", sealed("timeseries.csv", "scenario,site,month,metric,n,mean,p05,p50,p95\na,all,0,csat,2,1,1,1,1\n"),
			[]string{"timeseries.csv", "line 2", "month"}},
		{"month huge", sealed("timeseries.csv", "scenario,site,month,metric,n,mean,p05,p50,p95\na,all,99999999,csat,2,1,1,1,1\n"),
			[]string{"timeseries.csv", "line 2", "month"}},
		{"missing column", sealed("paired.csv", "scenario,baseline,metric,n,mean,sd\n"),
			[]string{"paired.csv", "line 1", `"ci95_low"`}},
		{"bad quote", sealed("sweep.csv", "scenario,key,value\na,k,1\n\"b,k,2\n"),
			[]string{"sweep.csv", "line 3"}},
		{"empty scenario", sealed("parameters.csv", "scenario,replication,parameter,value\n,0,p,1\n"),
			[]string{"parameters.csv", "line 2", "scenario"}},
		{"empty file", sealed("parameters.csv", ""),
			[]string{"parameters.csv", "line 1", "empty"}},
		{"bad json", sealed(results.SummaryJSON, "{\n  \"scenarios\": [\n    {\"name\": \"a\",\n     \"replications\": x}\n  ]\n}\n"),
			[]string{"summary.json", "line 4"}},
		{"json type", sealed(results.SummaryJSON, "{\n  \"scenarios\": [\n    {\"name\": \"a\",\n     \"replications\": \"ten\"}\n  ]\n}\n"),
			[]string{"summary.json", "line 4"}},
		{"twice the same scenario", sealed(results.SummaryJSON, `{"scenarios": [{"name": "a"}, {"name": "a"}]}`),
			[]string{"summary.json", "twice"}},
		{"year zero", sealed("yearly.csv", "scenario,year,metric,n,mean,sd,ci95_low,ci95_high,p05,p50,p95\na,0,csat,2,1,0,1,1,1,1,1\n"),
			[]string{"yearly.csv", "line 2", "year"}},
		{"bad value", sealed("yearly_replications.csv", "scenario,replication,year,metric,value\na,0,1,csat,0.7\na,1,1,csat,high\n"),
			[]string{"yearly_replications.csv", "line 3", "value"}},
		{"share above 1", sealed("tenders.csv", "scenario,tender,award_day,start_day,bidder,won_share,bid_monthly_eur_mean,quality_mean,score_mean\na,0,0,0,x,1.5,1,1,1\n"),
			[]string{"tenders.csv", "line 2", "won_share"}},
		{"negative contract", sealed("tenders.csv", "scenario,tender,award_day,start_day,bidder,won_share,bid_monthly_eur_mean,quality_mean,score_mean\na,-1,0,0,x,0.5,1,1,1\n"),
			[]string{"tenders.csv", "line 2", "tender"}},
		{"huge contract", sealed("tenders.csv", "scenario,tender,award_day,start_day,bidder,won_share,bid_monthly_eur_mean,quality_mean,score_mean\na,2000000000,0,0,x,0.5,1,1,1\n"),
			[]string{"tenders.csv", "line 2", "tender"}},
		{"missing tender column", sealed("tenders.csv", "scenario,tender,award_day\n"),
			[]string{"tenders.csv", "line 1", `"start_day"`}},
		{"no manifest", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, results.ManifestFile)) }, []string{"incomplete run"}},
		{"incomplete", func(t *testing.T, dir string) {
			p := filepath.Join(dir, results.ManifestFile)
			data, _ := os.ReadFile(p)
			writeFile(t, p, strings.Replace(string(data), `"complete": true`, `"complete": false`, 1))
		}, []string{"incomplete run"}},
		{"changed after the run", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "replications.csv")
			data, _ := os.ReadFile(p)
			data[len(data)-2] ^= 1 // one flipped bit
			os.WriteFile(p, data, 0o644)
		}, []string{"checksum"}},
		{"listed but gone", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "timeseries.csv")) }, []string{"timeseries.csv"}},
		{"symlink out", func(t *testing.T, dir string) {
			p := filepath.Join(dir, results.ScenariosDir, "00-x.toml")
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.Symlink(outside, p); err != nil {
				t.Fatal(err)
			}
			addEntry(t, dir, "scenarios/00-x.toml")
		}, []string{"escapes"}},
		{"symlink to a device", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "sweep.csv")
			if err := os.Symlink("/dev/zero", p); err != nil {
				t.Fatal(err)
			}
			addEntry(t, dir, "sweep.csv")
		}, []string{"sweep.csv"}},
		{"fifo", func(t *testing.T, dir string) {
			if err := syscall.Mkfifo(filepath.Join(dir, "sweep.csv"), 0o644); err != nil {
				t.Skip("no FIFO:", err)
			}
			addEntry(t, dir, "sweep.csv")
		}, []string{"not a regular file"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			save(t, dir, good)
			c.tamper(t, dir)
			r, err := Load(dir)
			if err == nil {
				t.Fatalf("loaded: %d scenario files", len(r.ScenarioFiles))
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if c.want[0] == "incomplete run" && !errors.Is(err, results.ErrIncomplete) {
				t.Errorf("error %q is not ErrIncomplete", err)
			}
		})
	}
}

// sealed writes content into file and seals the folder again.
func sealed(file, content string) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		writeFile(t, filepath.Join(dir, file), content)
		if err := results.Seal(dir); err != nil {
			t.Fatal(err)
		}
	}
}

// addEntry lists name in the folder's manifest as a results file, with
// a made-up checksum: the reader must refuse it before reading it.
func addEntry(t *testing.T, dir, name string) {
	t.Helper()
	p := filepath.Join(dir, results.ManifestFile)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	m, err := results.DecodeManifest(data)
	if err != nil {
		t.Fatal(err)
	}
	m.Files = append(m.Files, results.Entry{Name: name, Group: results.GroupResults, Bytes: 1, SHA256: strings.Repeat("0", 64)})
	data, err = m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, p, string(data))
}
