//go:build unix

package outdir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// lock is the folder's lock file, held with flock(2): the kernel releases
// it when its holder exits, however it exits, so a lock left by a killed
// offsim is free at once. The file records the holder's PID, host and
// start, for the message another offsim gives. Where flock is not
// available (some network file systems), the recorded PID decides: a lock
// whose process is gone on this host is stale and taken over.
type lock struct {
	path string
	f    *os.File
}

// acquire takes the lock of dir or says who holds it.
func acquire(dir string) (*lock, error) {
	p := filepath.Join(dir, lockName)
	for range 10 {
		f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, err
		}
		if err := flock(f); err != nil {
			holder := readHolder(f)
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) || !holder.stale() {
				return nil, fmt.Errorf("%s is in use by another offsim (%s): one run per folder at a time; wait for it, or choose another folder", dir, holder)
			}
			// No flock here, and the holder is gone: take the lock over.
			os.Remove(p)
			continue
		}
		// The file may have been removed by its last holder between our
		// open and our lock: then we hold a lock on nothing.
		if fi, err := f.Stat(); err == nil {
			if pi, err := os.Stat(p); err == nil && os.SameFile(fi, pi) {
				host, _ := os.Hostname()
				f.Truncate(0)
				fmt.Fprintf(f, "%d %s %s\n", os.Getpid(), host, time.Now().UTC().Format(time.RFC3339))
				return &lock{path: p, f: f}, nil
			}
		}
		f.Close()
	}
	return nil, fmt.Errorf("%s: could not take the lock %s", dir, lockName)
}

// release removes the lock file and lets go of the lock.
func (l *lock) release() error {
	err := os.Remove(l.path)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	return err
}

func flock(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}

// holder is what a lock file records.
type holder struct {
	pid        int
	host, when string
}

func readHolder(f *os.File) holder {
	buf := make([]byte, 256)
	n, _ := f.ReadAt(buf, 0)
	fields := strings.Fields(string(buf[:n]))
	var h holder
	if len(fields) >= 3 {
		h.pid, _ = strconv.Atoi(fields[0])
		h.host, h.when = fields[1], fields[2]
	}
	return h
}

func (h holder) String() string {
	if h.pid == 0 {
		return "holder unknown"
	}
	return fmt.Sprintf("pid %d on %s, since %s", h.pid, h.host, h.when)
}

// stale reports whether the holder is a process of this host that is gone.
func (h holder) stale() bool {
	host, _ := os.Hostname()
	if h.pid <= 0 || h.host != host {
		return false
	}
	return errors.Is(syscall.Kill(h.pid, 0), syscall.ESRCH)
}
