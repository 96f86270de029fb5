// Package saferead opens the files offsim reads back from a folder it
// wrote — saved results for offsim plot, saved replications for offsim
// merge and run -resume — as hostile input: only regular files, only
// inside the folder (a symbolic link may point elsewhere in it, never out
// of it), and never more than a stated number of bytes.
package saferead

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// ErrTooBig marks a file over its size limit.
var ErrTooBig = errors.New("file too big")

// Open opens name (slash-separated, relative) inside root for reading. It
// refuses anything but a regular file, a path that leaves root, and a
// file of more than limit bytes. The caller must still read at most
// limit bytes (Reader does), since the file may grow.
func Open(root *os.Root, name string, limit int64) (*os.File, error) {
	if !fs.ValidPath(name) {
		return nil, fmt.Errorf("%s: not a path inside the folder", name)
	}
	fi, err := root.Stat(name)
	if err != nil {
		return nil, err
	}
	if err := check(name, fi, limit); err != nil {
		return nil, err
	}
	// O_NONBLOCK: should a FIFO take the file's place after the check,
	// opening it must not wait for a writer.
	f, err := root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	if fi, err = f.Stat(); err == nil {
		err = check(name, fi, limit)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

func check(name string, fi fs.FileInfo, limit int64) error {
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s: not a regular file (%s)", name, fi.Mode().Type())
	}
	if fi.Size() > limit {
		return fmt.Errorf("%s: %w: %d bytes, more than the %d allowed", name, ErrTooBig, fi.Size(), limit)
	}
	return nil
}

// Reader returns a reader of at most limit bytes of f that fails with
// ErrTooBig past them.
func Reader(f io.Reader, name string, limit int64) io.Reader {
	return &limited{r: f, name: name, left: limit, limit: limit}
}

type limited struct {
	r           io.Reader
	name        string
	left, limit int64
}

func (l *limited) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, fmt.Errorf("%s: %w: more than the %d bytes allowed", l.name, ErrTooBig, l.limit)
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return 0, fmt.Errorf("%s: %w: more than the %d bytes allowed", l.name, ErrTooBig, l.limit)
	}
	return n, err
}

// ReadFile reads the whole of name inside root, as Open checks it.
func ReadFile(root *os.Root, name string, limit int64) ([]byte, error) {
	f, err := Open(root, name, limit)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(Reader(f, name, limit))
}
