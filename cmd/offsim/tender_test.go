package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestTenderOutputs runs testdata/tender-small.toml: yearly.csv,
// yearly_replications.csv and tenders.csv are written, every tender's
// winner shares sum to 1, and the saved replications merged give the same
// files as the run (the tender outcomes survive being saved).
func TestTenderOutputs(t *testing.T) {
	t.Parallel()
	file := filepath.Join("..", "..", "testdata", "tender-small.toml")
	single := t.TempDir()
	mustRun(t, "run", "-quiet", "-no-plots", "-reps", "2", "-out", single, file)
	rows := readCSV(t, filepath.Join(single, "tenders.csv"))
	share := map[string]float64{}
	for _, r := range rows[1:] {
		v, err := strconv.ParseFloat(r[5], 64)
		if err != nil {
			t.Fatal(err)
		}
		share[r[1]] += v
	}
	if len(share) != 3 { // the first contract and two tenders in 6 years of 24-month contracts
		t.Errorf("tenders.csv has %d contracts, want 3", len(share))
	}
	for k, s := range share {
		if s < 1-1e-9 || s > 1+1e-9 {
			t.Errorf("tender %s: winner shares sum to %g", k, s)
		}
	}
	years := map[string]bool{}
	for _, r := range readCSV(t, filepath.Join(single, "yearly.csv"))[1:] {
		years[r[1]] = true
	}
	if len(years) != 6 {
		t.Errorf("yearly.csv has %d years, want 6", len(years))
	}
	merged := t.TempDir()
	mustRun(t, "merge", "-quiet", "-no-plots", "-out", merged, single)
	for _, f := range []string{"summary.json", "yearly.csv", "yearly_replications.csv", "tenders.csv"} {
		a, b := readFile(t, filepath.Join(single, f)), readFile(t, filepath.Join(merged, f))
		if !bytes.Equal(a, b) {
			t.Errorf("%s: merged shards differ from the single run", f)
		}
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
