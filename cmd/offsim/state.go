package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"offsim/internal/atomicfile"
	"offsim/internal/outdir"
	"offsim/internal/saferead"
	"offsim/model"
	"offsim/results"
)

// The state folder (results.StateDir) keeps every finished replication of
// a run, one file each, written atomically the moment it finishes. It is
// what -resume continues from and what offsim merge combines: a
// replication depends only on (scenario, seed, index), so the summaries
// from saved replications are byte-identical to those of an uninterrupted
// single run.
//
//	replications/run.json                 the batch: position, name, fingerprint of each scenario
//	replications/NN-name/scenario.json    the resolved scenario and its fingerprint
//	replications/NN-name/rep-IIIIII.gob   replication IIIIII: a JSON header line, then the gob
//
// Every file is verified before use: run.json and scenario.json must agree
// (positions, fingerprints, and the fingerprint must be the scenario's
// hash); a replication's header names its format, the scenario's
// fingerprint and seed, its index (which must match its file name and the
// replication inside) and the size and SHA-256 of the gob. A file that
// does not verify is refused, never skipped.
const (
	runFile      = "run.json"
	scenarioFile = "scenario.json"

	runFormat      = "offsim-run/1"
	scenarioFormat = "offsim-scenario/1"
	repFormat      = "offsim-replication/1"

	// maxStateJSONBytes bounds run.json and scenario.json.
	maxStateJSONBytes = 16 << 20
	// maxRepBytes bounds a replication file (its grids grow with the
	// horizon and the sites).
	maxRepBytes = 256 << 20
	// maxHeaderBytes bounds a replication file's header line.
	maxHeaderBytes = 4096
)

// replicationSchema identifies the layout of model.Replication: saved
// replications are read back only by an offsim with the same layout.
var replicationSchema = func() string {
	var b strings.Builder
	var walk func(t reflect.Type, depth int)
	walk = func(t reflect.Type, depth int) {
		fmt.Fprintf(&b, "%s%s;", strings.Repeat(" ", depth), t.Kind())
		switch t.Kind() {
		case reflect.Struct:
			for i := range t.NumField() {
				f := t.Field(i)
				fmt.Fprintf(&b, "%s:", f.Name)
				walk(f.Type, depth+1)
			}
		case reflect.Slice, reflect.Array, reflect.Pointer:
			if t.Kind() == reflect.Array {
				fmt.Fprintf(&b, "[%d]", t.Len())
			}
			walk(t.Elem(), depth+1)
		}
	}
	walk(reflect.TypeFor[model.Replication](), 0)
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:8])
}()

// runState is run.json: the batch the state folder belongs to.
type runState struct {
	Format    string          `json:"format"`
	Schema    string          `json:"schema"`
	Scenarios []savedScenario `json:"scenarios"`
}

// savedScenario is one scenario of a batch, at its command-line position.
type savedScenario struct {
	Position    int    `json:"position"`
	Name        string `json:"name"`
	Fingerprint string `json:"fingerprint"`
}

// dir is the scenario's folder inside the state folder.
func (s savedScenario) dir() string { return fmt.Sprintf("%02d-%s", s.Position, slug(s.Name)) }

// scenarioState is scenario.json: the resolved scenario and its identity.
type scenarioState struct {
	Format      string          `json:"format"`
	Position    int             `json:"position"`
	Fingerprint string          `json:"fingerprint"`
	Scenario    *model.Scenario `json:"scenario"`
}

// repHeader is the first line of a replication file.
type repHeader struct {
	Format      string `json:"format"`
	Schema      string `json:"schema"`
	Fingerprint string `json:"fingerprint"`
	Seed        uint64 `json:"seed"`
	Index       int    `json:"index"`
	Bytes       int    `json:"bytes"`
	SHA256      string `json:"sha256"`
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

// maxSlug bounds the name part of a file or folder name.
const maxSlug = 60

// slug turns a scenario name into a safe, short file name part.
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
	s := b.String()
	if len(s) > maxSlug {
		s = s[:maxSlug]
	}
	return strings.Trim(s, "-.")
}

var (
	scenarioDirRe = regexp.MustCompile(`^[0-9]{2,}-[a-z0-9._-]*$`)
	repFileRe     = regexp.MustCompile(`^rep-([0-9]{6,7})\.gob$`)
)

func repName(index int) string { return fmt.Sprintf("rep-%06d.gob", index) }

// isStateFile recognises the files of a state folder, by their path
// inside it, and the temporary files of one being written.
func isStateFile(rel string, dir bool) bool {
	parts := strings.Split(rel, "/")
	last := parts[len(parts)-1]
	if t, ok := outdir.TempTarget(last); ok && !dir {
		last = t
	}
	switch len(parts) {
	case 1:
		return dir && scenarioDirRe.MatchString(last) || !dir && last == runFile
	case 2:
		return !dir && scenarioDirRe.MatchString(parts[0]) && (last == scenarioFile || repFileRe.MatchString(last))
	}
	return false
}

// stateDir is the state folder of an output folder, for writing.
type stateDir struct{ path string }

func newStateDir(out string) stateDir { return stateDir{filepath.Join(out, results.StateDir)} }

// clear removes the state folder's files, all of which outdir found to be
// offsim's (keep reports those it must not touch, with -force).
func (s stateDir) clear(keep func(name string) bool) error {
	var files, dirs []string
	err := filepath.WalkDir(s.path, func(p string, e fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(filepath.Dir(s.path), p)
		switch {
		case keep(filepath.ToSlash(rel)):
			if e.IsDir() {
				return fs.SkipDir
			}
		case e.IsDir():
			dirs = append(dirs, p)
		default:
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := os.Remove(f); err != nil {
			return err
		}
	}
	slices.Reverse(dirs)
	for _, d := range dirs {
		os.Remove(d) // fails, as it should, when it holds a file kept
	}
	return nil
}

func writeJSON(p string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(p, append(data, '\n'))
}

// writeRun writes run.json.
func (s stateDir) writeRun(rs runState) error {
	rs.Format, rs.Schema = runFormat, replicationSchema
	return writeJSON(filepath.Join(s.path, runFile), rs)
}

// writeScenario writes the scenario.json of scenario rs.
func (s stateDir) writeScenario(rs savedScenario, sc *model.Scenario) error {
	return writeJSON(filepath.Join(s.path, rs.dir(), scenarioFile),
		scenarioState{Format: scenarioFormat, Position: rs.Position, Fingerprint: rs.Fingerprint, Scenario: sc})
}

// encodeReplication renders a replication file.
func encodeReplication(fp string, seed uint64, r *model.Replication) ([]byte, error) {
	var payload bytes.Buffer
	if err := gob.NewEncoder(&payload).Encode(r); err != nil {
		return nil, fmt.Errorf("replication %d: %w", r.Index, err)
	}
	sum := sha256.Sum256(payload.Bytes())
	h, err := json.Marshal(repHeader{Format: repFormat, Schema: replicationSchema, Fingerprint: fp, Seed: seed,
		Index: r.Index, Bytes: payload.Len(), SHA256: hex.EncodeToString(sum[:])})
	if err != nil {
		return nil, err
	}
	return append(append(h, '\n'), payload.Bytes()...), nil
}

// saveReplication writes one finished replication of scenario rs.
func (s stateDir) saveReplication(rs savedScenario, seed uint64, r *model.Replication) error {
	data, err := encodeReplication(rs.Fingerprint, seed, r)
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(filepath.Join(s.path, rs.dir(), repName(r.Index)), data)
}

// savedRun is a state folder opened for reading: a run's folder for
// -resume, a part for offsim merge. Every path stays inside it.
type savedRun struct {
	dir  string // for messages
	root *os.Root
	run  runState
}

// errNoState marks an output folder without saved replications.
var errNoState = errors.New("no saved replications")

// openSaved opens the state folder under out and reads its run.json.
func openSaved(out string) (*savedRun, error) {
	root, err := os.OpenRoot(out)
	if err != nil {
		return nil, err
	}
	s := &savedRun{dir: out, root: root}
	data, err := saferead.ReadFile(root, path.Join(results.StateDir, runFile), maxStateJSONBytes)
	if errors.Is(err, fs.ErrNotExist) {
		root.Close()
		return nil, fmt.Errorf("%s: %w (no %s/%s)", out, errNoState, results.StateDir, runFile)
	}
	if err == nil {
		err = decodeStrict(data, &s.run)
	}
	if err == nil {
		err = s.run.check()
	}
	if err != nil {
		root.Close()
		return nil, fmt.Errorf("%s: %s/%s: %w", out, results.StateDir, runFile, err)
	}
	return s, nil
}

func (s *savedRun) Close() error { return s.root.Close() }

func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("unexpected data after the value")
	}
	return nil
}

// check verifies run.json's format and that its scenarios have distinct
// positions and folders.
func (r *runState) check() error {
	switch {
	case r.Format != runFormat:
		return fmt.Errorf("format %q, want %q", r.Format, runFormat)
	case r.Schema != replicationSchema:
		return fmt.Errorf("saved by an offsim whose replications differ from this one's (schema %s, this one %s): rerun without -resume", r.Schema, replicationSchema)
	}
	seen := map[string]bool{}
	for i, sc := range r.Scenarios {
		if sc.Position < 0 || i > 0 && sc.Position <= r.Scenarios[i-1].Position || seen[sc.dir()] || sc.Name == "" || sc.Fingerprint == "" {
			return fmt.Errorf("scenario %d (%q) out of order, unnamed or twice", i+1, sc.Name)
		}
		seen[sc.dir()] = true
	}
	return nil
}

// scenario reads and verifies the scenario.json of rs.
func (s *savedRun) scenario(rs savedScenario) (*model.Scenario, error) {
	name := path.Join(results.StateDir, rs.dir(), scenarioFile)
	var st scenarioState
	data, err := saferead.ReadFile(s.root, name, maxStateJSONBytes)
	if err == nil {
		err = decodeStrict(data, &st)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w", s.dir, name, err)
	}
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%s: %s: %s", s.dir, name, fmt.Sprintf(format, a...))
	}
	switch {
	case st.Format != scenarioFormat:
		return nil, bad("format %q, want %q", st.Format, scenarioFormat)
	case st.Position != rs.Position || st.Fingerprint != rs.Fingerprint:
		return nil, bad("position %d, fingerprint %s: %s says %d, %s", st.Position, st.Fingerprint, runFile, rs.Position, rs.Fingerprint)
	case st.Scenario == nil:
		return nil, bad("no scenario")
	}
	if err := st.Scenario.Validate(); err != nil {
		return nil, bad("%v", err)
	}
	if fp, err := fingerprint(st.Scenario); err != nil || fp != st.Fingerprint {
		return nil, bad("the scenario does not match its fingerprint: the file was changed")
	}
	if st.Scenario.Name != rs.Name {
		return nil, bad("scenario %q, %s says %q", st.Scenario.Name, runFile, rs.Name)
	}
	return st.Scenario, nil
}

// replicationFiles lists the saved replication indices of rs, sorted.
// Temporary files of a replication being written when offsim stopped are
// not replications and are passed over; any other file is an error.
func (s *savedRun) replicationFiles(rs savedScenario) ([]int, error) {
	dir := path.Join(results.StateDir, rs.dir())
	f, err := s.root.Open(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.dir, err)
	}
	defer f.Close()
	var out []int
	for {
		entries, err := f.ReadDir(1024)
		for _, e := range entries {
			name := e.Name()
			if m := repFileRe.FindStringSubmatch(name); m != nil && e.Type().IsRegular() {
				i, _ := strconv.Atoi(m[1])
				if name != repName(i) || i >= results.MaxReplications {
					return nil, fmt.Errorf("%s: %s/%s: not a replication file name", s.dir, dir, name)
				}
				out = append(out, i)
				continue
			}
			if _, ok := outdir.TempTarget(name); ok || name == scenarioFile {
				continue
			}
			return nil, fmt.Errorf("%s: %s/%s: not a file offsim saves there", s.dir, dir, name)
		}
		if len(out) > results.MaxReplications {
			return nil, fmt.Errorf("%s: %s: more than %d files", s.dir, dir, results.MaxReplications)
		}
		if err == io.EOF || len(entries) == 0 {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.dir, err)
		}
	}
	slices.Sort(out)
	return out, nil
}

// checkListed refuses any entry of the state folder but run.json and the
// folders of the scenarios it lists: a folder of a scenario the run does
// not list (from an earlier batch, or copied in) is neither merged nor
// silently left out.
func (s *savedRun) checkListed() error {
	f, err := s.root.Open(results.StateDir)
	if err != nil {
		return fmt.Errorf("%s: %w", s.dir, err)
	}
	defer f.Close()
	listed := map[string]bool{runFile: true}
	for _, rs := range s.run.Scenarios {
		listed[rs.dir()] = true
	}
	for {
		entries, err := f.ReadDir(256)
		for _, e := range entries {
			if _, tmp := outdir.TempTarget(e.Name()); !listed[e.Name()] && !tmp {
				return fmt.Errorf("%s: %s/%s is not a scenario of the run its %s lists", s.dir, results.StateDir, e.Name(), runFile)
			}
		}
		if err == io.EOF || len(entries) == 0 {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", s.dir, err)
		}
	}
}

// readReplication reads, verifies and returns replication index of rs
// (scenario sc) and the SHA-256 of its content. With decode false it only
// verifies the file.
func (s *savedRun) readReplication(rs savedScenario, sc *model.Scenario, index int, decode bool) (model.Replication, string, error) {
	var r model.Replication
	name := path.Join(results.StateDir, rs.dir(), repName(index))
	fail := func(format string, a ...any) (model.Replication, string, error) {
		return r, "", fmt.Errorf("%s: %s: %s", s.dir, name, fmt.Sprintf(format, a...))
	}
	data, err := saferead.ReadFile(s.root, name, maxRepBytes)
	if err != nil {
		return fail("%v", err)
	}
	nl := bytes.IndexByte(data[:min(len(data), maxHeaderBytes)], '\n')
	if nl < 0 {
		return fail("no header: not a replication file of this offsim")
	}
	var h repHeader
	if err := decodeStrict(data[:nl], &h); err != nil {
		return fail("header: %v", err)
	}
	payload := data[nl+1:]
	sum := sha256.Sum256(payload)
	switch {
	case h.Format != repFormat:
		return fail("format %q, want %q", h.Format, repFormat)
	case h.Schema != replicationSchema:
		return fail("saved by an offsim whose replications differ from this one's")
	case h.Fingerprint != rs.Fingerprint || h.Seed != sc.Run.Seed:
		return fail("saved for another scenario or seed (fingerprint %s, seed %d; the scenario's are %s, %d)",
			h.Fingerprint, h.Seed, rs.Fingerprint, sc.Run.Seed)
	case h.Index != index:
		return fail("holds replication %d, not %d: a copied or renamed file", h.Index, index)
	case h.Bytes != len(payload) || hex.EncodeToString(sum[:]) != h.SHA256:
		return fail("checksum mismatch: the file is damaged; delete it to run that replication again")
	}
	if !decode {
		return r, h.SHA256, nil
	}
	if err := gob.NewDecoder(bytes.NewReader(payload)).Decode(&r); err != nil {
		return fail("%v", err)
	}
	if r.Index != index {
		return fail("holds replication %d, not %d", r.Index, index)
	}
	return r, h.SHA256, nil
}
