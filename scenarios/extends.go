package scenarios

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"offsim/internal/tomlx"
)

// A file with a top-level extends = "NAME-OR-PATH" is an override of its
// parent: the two trees are merged (merger) before the decoder sees them.
// Every path of the merged tree remembers the file and the path it came
// from (origin), so that a problem is reported on the line of the file
// that holds the value: the parent's for a value the child inherits, the
// child's for one it sets.

// fileSource returns the srcFile of a file's contents; file is its name in
// error messages and says where relative extends start from.
func fileSource(file string, data []byte) *srcFile {
	id, err := filepath.Abs(file)
	if err != nil {
		id = file
	}
	return &srcFile{Name: file, Dir: filepath.Dir(file), Id: id, Src: string(data)}
}

func builtinSource(name string) (*srcFile, error) {
	data, err := BuiltinSource(name)
	if err != nil {
		return nil, err
	}
	n := strings.TrimSuffix(name, ".toml")
	return &srcFile{Name: builtinFile(n), Id: "builtin:" + n, Builtin: true, Src: string(data)}, nil
}

// resolveRef finds the file that from extends: a path relative to from's
// directory (or absolute), else a built-in of that name. It returns a
// message when there is none.
func resolveRef(from *srcFile, ref string) (*srcFile, string) {
	builtins := strings.Join(BuiltinNames(), ", ")
	switch {
	case strings.TrimSpace(ref) == "":
		return nil, "must not be empty"
	case from.Builtin && !isBuiltin(ref):
		return nil, fmt.Sprintf("no built-in scenario %q (a built-in extends built-ins only: %s)", ref, builtins)
	case from.Builtin:
		return builtinRef(ref)
	}
	path, display := ref, ref
	if !filepath.IsAbs(ref) {
		path, display = filepath.Join(from.Dir, ref), filepath.Join(filepath.Dir(from.Name), ref)
	}
	data, err := tomlx.ReadFile(path, maxFileBytes)
	switch {
	case errors.Is(err, tomlx.ErrNotRegular):
		return nil, fmt.Sprintf("%s is not a regular file", display)
	case err == nil:
		f := fileSource(display, data)
		f.Dir = filepath.Dir(path)
		if id, err := filepath.Abs(path); err == nil {
			f.Id = id
		}
		return f, ""
	case errors.Is(err, fs.ErrNotExist) && isBuiltin(ref):
		return builtinRef(ref)
	case errors.Is(err, fs.ErrNotExist):
		for _, b := range BuiltinNames() {
			if tomlx.EditDistance(strings.TrimSuffix(ref, ".toml"), b) <= 2 {
				return nil, fmt.Sprintf("no such file %s, and no built-in scenario %q (did you mean %s?)", display, ref, b)
			}
		}
		return nil, fmt.Sprintf("no such file %s, and no built-in scenario %q (built-ins: %s)", display, ref, builtins)
	}
	return nil, fmt.Sprintf("cannot read %s: %v", display, err)
}

func builtinRef(name string) (*srcFile, string) {
	f, err := builtinSource(name)
	if err != nil {
		return nil, err.Error()
	}
	return f, ""
}
