package saferead

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReadFile: a regular file within its limit is read, also through a
// symbolic link inside the folder; a file over the limit, a link out of
// the folder, a device, a FIFO and a folder are refused, at once.
func TestReadFile(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("ok", "12345")
	os.WriteFile(filepath.Join(outside, "secret"), []byte("secret"), 0o644)
	os.Symlink("ok", filepath.Join(dir, "inside"))
	os.Symlink(filepath.Join(outside, "secret"), filepath.Join(dir, "out"))
	os.Symlink("/dev/zero", filepath.Join(dir, "zero"))
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	fifo := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644) == nil
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for _, name := range []string{"ok", "inside"} {
		if b, err := ReadFile(root, name, 5); err != nil || string(b) != "12345" {
			t.Errorf("%s: %q, %v", name, b, err)
		}
	}
	if _, err := ReadFile(root, "ok", 4); !errors.Is(err, ErrTooBig) {
		t.Errorf("over the limit: %v", err)
	}
	for _, name := range []string{"out", "zero", "sub", "../x", "/etc/passwd"} {
		if _, err := ReadFile(root, name, 1<<20); err == nil {
			t.Errorf("%s read", name)
		}
	}
	if fifo {
		if _, err := ReadFile(root, "fifo", 1<<20); err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("fifo: %v", err)
		}
	}
}

// TestReaderStopsAtTheLimit: a file that grows past its limit after it
// was opened is cut off with ErrTooBig.
func TestReaderStopsAtTheLimit(t *testing.T) {
	r := Reader(strings.NewReader("0123456789"), "f", 4)
	buf := make([]byte, 3)
	var err error
	n := 0
	for err == nil {
		var k int
		k, err = r.Read(buf)
		n += k
	}
	if !errors.Is(err, ErrTooBig) || n > 4 {
		t.Errorf("read %d bytes, err %v", n, err)
	}
}
