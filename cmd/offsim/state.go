package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"offsim/internal/atomicfile"
	"offsim/model"
)

// The state directory keeps every finished replication of a run, one file
// each, written atomically the moment it finishes. It is what -resume
// continues from and what offsim merge combines: a replication depends only
// on (scenario, seed, index), so the summaries from saved replications are
// byte-identical to those of an uninterrupted single run.
const stateDirName = "replications"

// scenarioState is the saved identity of one scenario of a run.
type scenarioState struct {
	// Position of the scenario in its batch.
	Position int `json:"position"`
	// Fingerprint is a hash of the resolved scenario: replications are
	// only reused or merged between identical scenarios.
	Fingerprint string          `json:"fingerprint"`
	Scenario    *model.Scenario `json:"scenario"`
}

// fingerprint hashes the resolved scenario (all fields, defaults filled).
func fingerprint(sc *model.Scenario) (string, error) {
	data, err := json.Marshal(sc)
	if err != nil {
		return "", fmt.Errorf("scenario %q: %w", sc.Name, err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:12]), nil
}

// slug turns a scenario name into a safe directory name.
func slug(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-.")
}

// scenarioDir is the state directory of the scenario at position k.
func scenarioDir(out string, k int, sc *model.Scenario) string {
	return filepath.Join(out, stateDirName, fmt.Sprintf("%02d-%s", k, slug(sc.Name)))
}

func repFile(dir string, index int) string {
	return filepath.Join(dir, fmt.Sprintf("rep-%06d.gob", index))
}

// saveScenario writes scenario.json into the scenario's state directory.
func saveScenario(dir string, st scenarioState) error {
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(filepath.Join(dir, "scenario.json"), append(data, '\n'))
}

// saveReplication writes one finished replication.
func saveReplication(dir string, r *model.Replication) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(r); err != nil {
		return err
	}
	return atomicfile.WriteFile(repFile(dir, r.Index), buf.Bytes())
}

// loadScenarioState reads a scenario's state directory: its identity and
// every replication saved in it, sorted by index.
func loadScenarioState(dir string) (scenarioState, []model.Replication, error) {
	var st scenarioState
	data, err := os.ReadFile(filepath.Join(dir, "scenario.json"))
	if err != nil {
		return st, nil, err
	}
	if err := json.Unmarshal(data, &st); err != nil {
		return st, nil, fmt.Errorf("%s: %w", filepath.Join(dir, "scenario.json"), err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return st, nil, err
	}
	var reps []model.Replication
	for _, e := range entries {
		name := e.Name()
		num, ok := strings.CutPrefix(name, "rep-")
		if !ok || !strings.HasSuffix(num, ".gob") {
			continue
		}
		if _, err := strconv.Atoi(strings.TrimSuffix(num, ".gob")); err != nil {
			continue
		}
		f, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return st, nil, err
		}
		var r model.Replication
		if err := gob.NewDecoder(bytes.NewReader(f)).Decode(&r); err != nil {
			return st, nil, fmt.Errorf("%s: %w", filepath.Join(dir, name), err)
		}
		reps = append(reps, r)
	}
	slices.SortFunc(reps, func(a, b model.Replication) int { return a.Index - b.Index })
	return st, reps, nil
}

// loadResumable returns the saved replications of scenario sc at position k
// under out, if the saved scenario is identical; none otherwise.
func loadResumable(out string, k int, sc *model.Scenario, fp string) ([]model.Replication, error) {
	st, reps, err := loadScenarioState(scenarioDir(out, k, sc))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if st.Fingerprint != fp {
		return nil, fmt.Errorf("scenario %q changed since the interrupted run (saved in %s): run without -resume, or with another -out",
			sc.Name, scenarioDir(out, k, sc))
	}
	return reps, nil
}

// loadStateDirs reads every scenario state under the out directories of
// shard runs, merging replications of the same scenario (same position and
// fingerprint). Duplicates of an index must be identical.
func loadStateDirs(parts []string) ([]scenarioRun, error) {
	type acc struct {
		st   scenarioState
		reps map[int]model.Replication
	}
	byPos := map[int]*acc{}
	for _, part := range parts {
		root := filepath.Join(part, stateDirName)
		entries, err := os.ReadDir(root)
		if err != nil {
			return nil, fmt.Errorf("%s: not the output of an offsim run: %w", part, err)
		}
		for _, e := range entries {
			if !e.IsDir() {
				continue
			}
			st, reps, err := loadScenarioState(filepath.Join(root, e.Name()))
			if err != nil {
				return nil, err
			}
			a, ok := byPos[st.Position]
			if !ok {
				a = &acc{st: st, reps: map[int]model.Replication{}}
				byPos[st.Position] = a
			} else if a.st.Fingerprint != st.Fingerprint {
				return nil, fmt.Errorf("%s: scenario %q differs from the one in another part: parts of different runs cannot be merged",
					filepath.Join(root, e.Name()), st.Scenario.Name)
			}
			for _, r := range reps {
				a.reps[r.Index] = r
			}
		}
	}
	positions := make([]int, 0, len(byPos))
	for p := range byPos {
		positions = append(positions, p)
	}
	slices.Sort(positions)
	var runs []scenarioRun
	for _, p := range positions {
		a := byPos[p]
		idx := make([]int, 0, len(a.reps))
		for i := range a.reps {
			idx = append(idx, i)
		}
		slices.Sort(idx)
		run := scenarioRun{sc: a.st.Scenario}
		for _, i := range idx {
			run.reps = append(run.reps, a.reps[i])
		}
		runs = append(runs, run)
	}
	return runs, nil
}
