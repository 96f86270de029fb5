//go:build !unix

package outdir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// lock is the folder's lock file, created exclusively; without flock a
// lock left by a killed offsim must be removed by hand.
type lock struct{ path string }

func acquire(dir string) (*lock, error) {
	p := filepath.Join(dir, lockName)
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("%s is in use by another offsim (%s exists; remove it if no offsim runs)", dir, p)
	}
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(f, "%d\n", os.Getpid())
	return &lock{path: p}, f.Close()
}

func (l *lock) release() error { return os.Remove(l.path) }
