// Package outdir is the discipline of a folder offsim writes into (offsim
// run -out, offsim merge -out, offsim plot -o): one offsim at a time (a
// lock), nothing deleted or overwritten that offsim did not write (the
// folder's manifest lists what it wrote, with checksums), and a new set of
// outputs that appears as one unit: every file is written into a staging
// folder, then moved into place while the manifest says the set is
// incomplete, and the manifest is written last.
//
// Names it reserves in the folder: offsim-manifest.json, .offsim-lock and
// .offsim-stage/.
package outdir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"offsim/internal/atomicfile"
	"offsim/internal/saferead"
	"offsim/results"
)

const (
	lockName  = ".offsim-lock"
	stageName = ".offsim-stage"
)

// Options say how to open a folder.
type Options struct {
	// Force writes into a folder that holds files offsim did not write;
	// they are left alone (never deleted, never overwritten).
	Force bool
	// State recognises the files of the state folder (results.StateDir) by
	// their slash-separated path inside it: the folder's own files, which
	// a run may remove. Nil: no state folder is expected.
	State func(rel string, dir bool) bool
}

// Dir is an output folder opened for writing by this process.
type Dir struct {
	// Path is the folder.
	Path string
	lock *lock
	// old is the manifest found, nil if none; its entries whose files
	// still hold what offsim wrote are ours to replace or delete.
	old   *results.Manifest
	ours  map[string]bool
	keep  map[string]bool // files not ours: never touched (-force)
	state bool            // the folder has a state folder of offsim's
}

// ForeignError lists the files of a folder that offsim did not write.
type ForeignError struct {
	Dir   string
	Names []string
}

func (e *ForeignError) Error() string {
	shown := e.Names
	if len(shown) > 5 {
		shown = shown[:5]
	}
	more := ""
	if len(e.Names) > 5 {
		more = fmt.Sprintf(" and %d more", len(e.Names)-5)
	}
	return fmt.Sprintf("%s holds files offsim did not write (or that changed since): %s%s; "+
		"choose an empty or new folder, or add -force to write beside them (offsim never deletes or overwrites them)",
		e.Dir, strings.Join(shown, ", "), more)
}

// Open creates the folder if need be, locks it, reads its manifest, checks
// every file in it is offsim's (unless opt.Force) and removes the
// temporary files a killed run left.
func Open(dir string, opt Options) (*Dir, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	lk, err := acquire(dir)
	if err != nil {
		return nil, err
	}
	d := &Dir{Path: dir, lock: lk, ours: map[string]bool{}, keep: map[string]bool{}}
	if err := d.survey(opt); err != nil {
		lk.release()
		return nil, err
	}
	return d, nil
}

// Close removes the staging folder and releases the lock.
func (d *Dir) Close() error {
	err := os.RemoveAll(filepath.Join(d.Path, stageName))
	if lerr := d.lock.release(); err == nil {
		err = lerr
	}
	return err
}

// survey classifies every file of the folder and removes leftovers.
func (d *Dir) survey(opt Options) error {
	data, err := readManifest(d.Path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	default:
		if d.old, err = results.DecodeManifest(data); err != nil {
			return fmt.Errorf("%s: %w: remove it only if offsim did not write this folder", d.Path, err)
		}
	}
	var foreign []string
	root := os.DirFS(d.Path)
	err = fs.WalkDir(root, ".", func(name string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name == "." {
			return nil
		}
		switch ours, removed := d.classify(name, e, opt); {
		case removed && e.IsDir():
			return fs.SkipDir
		case !ours && e.IsDir():
			d.keep[name] = true
			foreign = append(foreign, name+"/")
			return fs.SkipDir
		case !ours:
			d.keep[name] = true
			foreign = append(foreign, name)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(foreign) > 0 && !opt.Force {
		return &ForeignError{Dir: d.Path, Names: foreign}
	}
	return nil
}

// readManifest reads the folder's manifest, if any, as hostile input.
func readManifest(dir string) ([]byte, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return saferead.ReadFile(root, results.ManifestFile, results.MaxManifestBytes)
}

// classify says whether name is offsim's, and whether it removed it (a
// leftover of a killed run).
func (d *Dir) classify(name string, e fs.DirEntry, opt Options) (ours, removed bool) {
	full := filepath.Join(d.Path, filepath.FromSlash(name))
	// Everything offsim writes into a folder but the manifest and the lock
	// comes after the manifest: without one, nothing else is offsim's.
	owned := d.old != nil
	switch {
	case name == results.ManifestFile || name == lockName:
		return true, false
	case isTemp(name, nil) && path.Dir(name) == ".": // the manifest's
		return true, os.Remove(full) == nil
	case owned && (name == stageName || isTemp(name, d.old)):
		return true, os.RemoveAll(full) == nil
	case name == results.StateDir && e.IsDir():
		d.state = owned && opt.State != nil
		return d.state, false
	case strings.HasPrefix(name, results.StateDir+"/"):
		rel := strings.TrimPrefix(name, results.StateDir+"/")
		if !opt.State(rel, e.IsDir()) {
			return false, false
		}
		if _, tmp := TempTarget(path.Base(rel)); tmp && !e.IsDir() {
			return true, os.Remove(full) == nil // a replication being written when offsim stopped
		}
		return true, false
	case e.IsDir():
		return d.listsUnder(name), false
	case e.Type().IsRegular() && d.unchanged(name):
		d.ours[name] = true
		return true, false
	}
	return false, false
}

// TempTarget returns the file a temporary file (".NAME.tmp-N", as
// atomicfile writes them) was to become.
func TempTarget(base string) (string, bool) {
	i := strings.LastIndex(base, ".tmp-")
	if !strings.HasPrefix(base, ".") || i < 1 {
		return "", false
	}
	return base[1:i], true
}

// isTemp reports whether name is a temporary file of offsim's: a file
// being written (".NAME.tmp-N") whose NAME offsim writes there — only
// the manifest, in a folder without one.
func isTemp(name string, m *results.Manifest) bool {
	dir, base := path.Split(name)
	t, ok := TempTarget(base)
	if !ok {
		return false
	}
	target := dir + t
	if m == nil {
		return target == results.ManifestFile
	}
	if _, ok := m.Find(target); ok {
		return true
	}
	return target == results.SummaryJSON || slices.Contains(results.CSVFiles(), target)
}

// listsUnder reports whether the manifest lists a file in folder name.
func (d *Dir) listsUnder(name string) bool {
	if d.old == nil {
		return false
	}
	for _, e := range d.old.Files {
		if strings.HasPrefix(e.Name, name+"/") {
			return true
		}
	}
	return false
}

// unchanged reports whether the manifest lists name and the file still
// holds what offsim wrote (or was being written when offsim stopped).
func (d *Dir) unchanged(name string) bool {
	if d.old == nil {
		return false
	}
	e, ok := d.old.Find(name)
	if !ok {
		return false
	}
	if e.Pending() {
		return true
	}
	full := filepath.Join(d.Path, filepath.FromSlash(name))
	fi, err := os.Lstat(full)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != e.Bytes {
		return false
	}
	_, sum, err := results.Checksum(full)
	return err == nil && sum == e.SHA256
}

// HasState reports whether the folder holds a state folder of offsim's.
func (d *Dir) HasState() bool { return d.state }

// Protected reports whether the file at name (slash-separated) is not
// offsim's: it must be neither deleted nor overwritten. A new file in a
// folder that is not offsim's is not protected (-force writes beside).
func (d *Dir) Protected(name string) bool {
	if d.keep[name] {
		return true
	}
	for p := path.Dir(name); p != "." && p != "/"; p = path.Dir(p) {
		if d.keep[p] {
			_, err := os.Lstat(filepath.Join(d.Path, filepath.FromSlash(name)))
			return !errors.Is(err, fs.ErrNotExist)
		}
	}
	return false
}

// CheckWritable refuses, before any work, to write files over files that
// are not offsim's.
func (d *Dir) CheckWritable(names []string) error {
	var in []string
	for _, n := range names {
		if d.Protected(n) {
			in = append(in, n)
		}
	}
	if len(in) > 0 {
		return fmt.Errorf("%s: %s exist(s) and offsim did not write them: not overwriting them (move them away, or choose another folder)",
			d.Path, strings.Join(in, ", "))
	}
	return nil
}

// MarkIncomplete rewrites the manifest to say the folder's results are
// being replaced: a reader refuses them until Publish completes. Files
// listed stay listed, so they stay offsim's.
func (d *Dir) MarkIncomplete() error {
	m := results.Manifest{}
	if d.old != nil {
		for _, e := range d.old.Files {
			if d.ours[e.Name] {
				m.Files = append(m.Files, e)
			}
		}
	}
	return d.writeManifest(&m)
}

func (d *Dir) writeManifest(m *results.Manifest) error {
	data, err := m.Encode()
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(filepath.Join(d.Path, results.ManifestFile), data); err != nil {
		return err
	}
	d.old = m
	d.ours = map[string]bool{}
	for _, e := range m.Files {
		d.ours[e.Name] = true
	}
	return nil
}

// Stage returns a new, empty staging folder inside the folder: write the
// new outputs there, then Publish them. A folder without a manifest gets
// an empty one first, so the staging folder is known to be offsim's
// should offsim stop before publishing.
func (d *Dir) Stage() (string, error) {
	if d.old == nil {
		if err := d.writeManifest(&results.Manifest{}); err != nil {
			return "", err
		}
	}
	s := filepath.Join(d.Path, stageName)
	if err := os.RemoveAll(s); err != nil {
		return "", err
	}
	return s, os.Mkdir(s, 0o755)
}

// Publish moves the staged files into place and writes the manifest: the
// files of the groups replaced are exactly the staged ones (group gives
// each staged file's group), the old files of those groups that were not
// staged again are deleted, the files of other groups stay. Files not
// offsim's are never touched: staging a file of that name is an error.
func (d *Dir) Publish(staged []string, group func(name string) string, replace ...string) error {
	stage := filepath.Join(d.Path, stageName)
	var fresh []results.Entry
	if err := d.CheckWritable(staged); err != nil {
		return err
	}
	for _, name := range staged {
		n, sum, err := results.Checksum(filepath.Join(stage, filepath.FromSlash(name)))
		if err != nil {
			return err
		}
		fresh = append(fresh, results.Entry{Name: name, Group: group(name), Bytes: n, SHA256: sum})
	}
	var kept, stale []results.Entry
	if d.old != nil {
		for _, e := range d.old.Files {
			switch {
			case !d.ours[e.Name]:
			case slices.Contains(replace, e.Group) && !slices.Contains(staged, e.Name):
				stale = append(stale, e)
			case !slices.Contains(staged, e.Name):
				kept = append(kept, e)
			}
		}
	}
	// While files move, the manifest lists old and new ones, the new ones
	// pending: a stop in between leaves an incomplete set offsim owns.
	pending := &results.Manifest{Files: slices.Clone(kept)}
	pending.Files = append(pending.Files, stale...)
	for _, e := range fresh {
		pending.Files = append(pending.Files, results.Entry{Name: e.Name, Group: e.Group})
	}
	if err := d.writeManifest(pending); err != nil {
		return err
	}
	for _, e := range fresh {
		to := filepath.Join(d.Path, filepath.FromSlash(e.Name))
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		if err := os.Rename(filepath.Join(stage, filepath.FromSlash(e.Name)), to); err != nil {
			return err
		}
	}
	for _, e := range stale {
		full := filepath.Join(d.Path, filepath.FromSlash(e.Name))
		if err := os.Remove(full); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		removeEmptyParents(d.Path, path.Dir(e.Name))
	}
	final := &results.Manifest{Complete: true, Files: append(kept, fresh...)}
	if err := d.writeManifest(final); err != nil {
		return err
	}
	return os.RemoveAll(stage)
}

// removeEmptyParents removes the folder rel and its parents inside dir
// while they are empty.
func removeEmptyParents(dir, rel string) {
	for ; rel != "." && rel != "/"; rel = path.Dir(rel) {
		if os.Remove(filepath.Join(dir, filepath.FromSlash(rel))) != nil {
			return
		}
	}
}

// Staged lists the regular files under the staging folder, as
// slash-separated names relative to it.
func (d *Dir) Staged() ([]string, error) {
	var out []string
	err := fs.WalkDir(os.DirFS(filepath.Join(d.Path, stageName)), ".", func(name string, e fs.DirEntry, err error) error {
		if err == nil && e.Type().IsRegular() {
			out = append(out, name)
		}
		return err
	})
	return out, err
}

// ReadManifest returns the folder's manifest as found (nil if none).
func (d *Dir) ReadManifest() *results.Manifest { return d.old }
