package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"offsim/internal/atomicfile"
	"offsim/scenarios"
)

// The -h texts of the commands without flags.
const (
	validateHelp = `Usage: offsim validate FILE|BUILTIN ...

Checks scenario files (or built-ins, by name) without running them: every problem of
every file, with its file, key and line. Exits 1 when a file is invalid.
`
	listHelp = `Usage: offsim list

Lists the built-in scenarios: (default) marks those offsim run runs without arguments;
a group name (race) runs several. offsim show NAME prints one.
`
	showHelp = `Usage: offsim show BUILTIN

Prints the commented scenario file of a built-in (offsim list names them): a start for
your own, or extend it with extends = "NAME".
`
	initHelp = `Usage: offsim init [NAME]

Writes a commented starter scenario NAME.toml (default my-scenario.toml) in the current
folder; never overwrites a file.
`
)

// cmdValidate checks scenario files without running them: every error in
// every file is printed with file, key and line.
func cmdValidate(args []string, stdout, stderr io.Writer) int {
	args, code, ok := parseFlags(newFlagSet("validate", validateHelp, stderr), args, 1, -1, nil)
	if !ok {
		return code
	}
	bad := 0
	for _, name := range args {
		variants, err := scenarios.LoadAll(name)
		if err != nil {
			fmt.Fprintln(stderr, err)
			bad++
			continue
		}
		if len(variants) > 1 {
			fmt.Fprintf(stdout, "%s: ok (%d sweep variants)\n", name, len(variants))
			continue
		}
		fmt.Fprintf(stdout, "%s: ok\n", name)
	}
	if bad > 0 {
		fmt.Fprintf(stderr, "offsim validate: %d of %d file(s) invalid\n", bad, len(args))
		return 1
	}
	return 0
}

// cmdList prints the built-in scenarios, marking the defaults of offsim run.
func cmdList(args []string, stdout, stderr io.Writer) int {
	_, code, ok := parseFlags(newFlagSet("list", listHelp, stderr), args, 0, 0, nil)
	if !ok {
		return code
	}
	defaults := map[string]bool{}
	for _, n := range scenarios.DefaultNames() {
		defaults[n] = true
	}
	race, _ := scenarios.BuiltinGroup("race")
	for _, n := range scenarios.BuiltinNames() {
		mark := ""
		switch {
		case defaults[n]:
			mark = "  (default)"
		case slices.Contains(race, n):
			mark = "  (group race: offsim run race)"
		}
		fmt.Fprintf(stdout, "%s%s\n", n, mark)
	}
	return 0
}

// cmdShow prints the TOML source of a built-in scenario.
func cmdShow(args []string, stdout, stderr io.Writer) int {
	args, code, ok := parseFlags(newFlagSet("show", showHelp, stderr), args, 1, 1, nil)
	if !ok {
		return code
	}
	src, err := scenarios.BuiltinSource(args[0])
	if err != nil {
		fmt.Fprintf(stderr, "offsim show: %v\n", err)
		return 1
	}
	stdout.Write(src)
	return 0
}

// cmdInit writes a commented starter scenario file.
func cmdInit(args []string, stdout, stderr io.Writer) int {
	args, code, ok := parseFlags(newFlagSet("init", initHelp, stderr), args, 0, 1, nil)
	if !ok {
		return code
	}
	name := "my-scenario"
	if len(args) == 1 {
		name = strings.TrimSuffix(args[0], ".toml")
	}
	path := name + ".toml"
	if _, err := os.Stat(path); err == nil {
		fmt.Fprintf(stderr, "offsim init: %s exists; not overwriting it\n", path)
		return 1
	}
	if err := atomicfile.WriteFile(path, scenarios.Starter(filepath.Base(name))); err != nil {
		fmt.Fprintf(stderr, "offsim init: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %s: edit it, check it with offsim validate %s, run it with offsim run %s\n", path, path, path)
	return 0
}
