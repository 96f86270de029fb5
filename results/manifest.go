package results

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"offsim/internal/saferead"
)

// ManifestFormat names the manifest's format and version.
const ManifestFormat = "offsim-manifest/1"

// Groups of files in a manifest: a run replaces both, offsim plot only
// the charts.
const (
	GroupResults = "results"
	GroupCharts  = "charts"
)

// Size limits of the files a reader of a results folder accepts.
const (
	MaxManifestBytes = 16 << 20
	MaxSummaryBytes  = 64 << 20
	MaxCSVBytes      = 1 << 30
	// MaxScenarioFileBytes bounds a resolved scenario file.
	MaxScenarioFileBytes = 1 << 20
)

// Manifest lists the files offsim wrote into a folder, with their sizes
// and SHA-256 checksums. It is what makes the folder's files one unit and
// offsim's own: offsim writes the manifest last, after every file it
// lists; while it replaces files, the manifest says so (Complete false,
// the new files listed without a checksum), so a reader sees either a
// complete set from one run or a clear "incomplete run" error. offsim
// deletes or replaces only files the manifest lists and that still have
// the listed content.
type Manifest struct {
	Format string `json:"format"`
	// Complete is false while a run replaces the results.
	Complete bool `json:"complete"`
	// Files are sorted by name.
	Files []Entry `json:"files"`
}

// Entry is one file of a manifest.
type Entry struct {
	// Name is the file's slash-separated path inside the folder.
	Name string `json:"name"`
	// Group is GroupResults or GroupCharts.
	Group string `json:"group"`
	Bytes int64  `json:"bytes"`
	// SHA256 is the hex checksum of the content; empty while the file is
	// being written (the file is offsim's, its content not yet known).
	SHA256 string `json:"sha256,omitempty"`
}

// Pending reports whether the entry is a file being written.
func (e Entry) Pending() bool { return e.SHA256 == "" }

// Find returns the entry of name.
func (m *Manifest) Find(name string) (Entry, bool) {
	i, ok := slices.BinarySearchFunc(m.Files, name, func(e Entry, n string) int { return strings.Compare(e.Name, n) })
	if !ok {
		return Entry{}, false
	}
	return m.Files[i], true
}

// Encode renders the manifest, its files sorted by name.
func (m *Manifest) Encode() ([]byte, error) {
	m.Format = ManifestFormat
	slices.SortFunc(m.Files, func(a, b Entry) int { return strings.Compare(a.Name, b.Name) })
	data, err := json.MarshalIndent(m, "", "  ")
	return append(data, '\n'), err
}

// DecodeManifest decodes and checks a manifest: its format, every name a
// plain relative path (no "..", no absolute path) listed once, every
// group known, every checksum well formed.
func DecodeManifest(data []byte) (*Manifest, error) {
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: %w", ManifestFile, err)
	}
	if m.Format != ManifestFormat {
		return nil, fmt.Errorf("%s: format %q, want %q", ManifestFile, m.Format, ManifestFormat)
	}
	for i, e := range m.Files {
		switch {
		case !fs.ValidPath(e.Name) || e.Name == "." || e.Name == ManifestFile || strings.Contains(e.Name, `\`):
			return nil, fmt.Errorf("%s: %q is not a file of the folder", ManifestFile, e.Name)
		case i > 0 && m.Files[i-1].Name >= e.Name:
			return nil, fmt.Errorf("%s: %q out of order or listed twice", ManifestFile, e.Name)
		case e.Group != GroupResults && e.Group != GroupCharts:
			return nil, fmt.Errorf("%s: %q: unknown group %q", ManifestFile, e.Name, e.Group)
		case e.Bytes < 0 || !e.Pending() && !isSHA256(e.SHA256):
			return nil, fmt.Errorf("%s: %q: bad size or checksum", ManifestFile, e.Name)
		}
	}
	return &m, nil
}

func isSHA256(s string) bool {
	b, err := hex.DecodeString(s)
	return err == nil && len(b) == sha256.Size && s == strings.ToLower(s)
}

// ErrIncomplete marks a folder whose results are not a complete set.
var ErrIncomplete = errors.New("incomplete run")

// Set is a results folder opened for reading: every file is read through
// its manifest entry, checked against its size and checksum.
type Set struct {
	dir      string
	root     *os.Root
	Manifest *Manifest
}

// Open opens the results folder dir. It fails unless dir holds the
// manifest of a complete run.
func Open(dir string) (*Set, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	data, err := saferead.ReadFile(root, ManifestFile, MaxManifestBytes)
	if errors.Is(err, fs.ErrNotExist) {
		root.Close()
		return nil, fmt.Errorf("%s: %w: no %s: not the results of a finished offsim run", dir, ErrIncomplete, ManifestFile)
	}
	if err != nil {
		root.Close()
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	m, err := DecodeManifest(data)
	if err != nil {
		root.Close()
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	if !m.Complete {
		root.Close()
		return nil, fmt.Errorf("%s: %w: offsim stopped while writing these results (or is writing them now): run it again", dir, ErrIncomplete)
	}
	return &Set{dir: dir, root: root, Manifest: m}, nil
}

// Close releases the folder.
func (s *Set) Close() error { return s.root.Close() }

// Has reports whether the set's results include name.
func (s *Set) Has(name string) bool {
	e, ok := s.Manifest.Find(name)
	return ok && e.Group == GroupResults
}

// Names returns the results files under folder dir (slash-separated),
// sorted.
func (s *Set) Names(dir string) []string {
	var out []string
	for _, e := range s.Manifest.Files {
		if e.Group == GroupResults && path.Dir(e.Name) == dir {
			out = append(out, e.Name)
		}
	}
	return out
}

// Open opens the results file name for reading, at most limit bytes. The
// reader fails at the end of the file unless the content is the one the
// manifest lists.
func (s *Set) Open(name string, limit int64) (io.ReadCloser, error) {
	e, ok := s.Manifest.Find(name)
	if !ok || e.Group != GroupResults || e.Pending() {
		return nil, fmt.Errorf("%s: %s is not among the results its %s lists (a shard's folder holds none: offsim merge combines shards)", s.dir, name, ManifestFile)
	}
	f, err := saferead.Open(s.root, name, limit)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.dir, err)
	}
	return &verified{f: f, r: saferead.Reader(f, name, limit), h: sha256.New(), e: e, dir: s.dir}, nil
}

// ReadFile reads the whole of the results file name, verified.
func (s *Set) ReadFile(name string, limit int64) ([]byte, error) {
	rc, err := s.Open(name, limit)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// ReadRows reads into rows every CSV file of Rows that the set lists,
// each verified; errors name the file (inside the folder) and the line.
func (s *Set) ReadRows(rows *Rows) error {
	for _, t := range tables {
		if !s.Has(t.file()) {
			continue
		}
		rc, err := s.Open(t.file(), MaxCSVBytes)
		if err != nil {
			return err
		}
		err = t.readRows(filepath.Join(s.dir, t.file()), rc, rows)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// verified hashes what it reads and, at the end, compares with the entry.
type verified struct {
	f   *os.File
	r   io.Reader
	h   hash.Hash
	n   int64
	e   Entry
	dir string
}

func (v *verified) Read(p []byte) (int, error) {
	n, err := v.r.Read(p)
	v.h.Write(p[:n])
	v.n += int64(n)
	if err == io.EOF && (v.n != v.e.Bytes || hex.EncodeToString(v.h.Sum(nil)) != v.e.SHA256) {
		return n, fmt.Errorf("%s: %s is not the file the run wrote (its size or checksum differs from %s): %w",
			v.dir, v.e.Name, ManifestFile, ErrIncomplete)
	}
	return n, err
}

func (v *verified) Close() error { return v.f.Close() }

// Checksum returns the size and hex SHA-256 of the file at path.
func Checksum(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return n, hex.EncodeToString(h.Sum(nil)), err
}

// Seal writes a complete manifest for every regular file under dir (the
// state folder left out), all in the results group: for tests and tools
// that make a results folder without offsim run.
func Seal(dir string) error {
	var m Manifest
	m.Complete = true
	err := fs.WalkDir(os.DirFS(dir), ".", func(name string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && name == StateDir:
			return fs.SkipDir
		case !d.Type().IsRegular() || name == ManifestFile:
			return nil
		}
		n, sum, err := Checksum(filepath.Join(dir, filepath.FromSlash(name)))
		m.Files = append(m.Files, Entry{Name: name, Group: GroupResults, Bytes: n, SHA256: sum})
		return err
	})
	if err != nil {
		return err
	}
	data, err := m.Encode()
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, ManifestFile), data, 0o644)
}
