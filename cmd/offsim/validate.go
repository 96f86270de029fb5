package main

import (
	"fmt"
	"io"

	"offsim/scenarios"
)

// cmdValidate checks scenario files without running them: every error in
// every file is printed with file, key and line.
func cmdValidate(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "Usage: offsim validate FILE|BUILTIN ...")
		return 2
	}
	bad := 0
	for _, name := range args {
		if _, err := scenarios.Load(name); err != nil {
			fmt.Fprintln(stderr, err)
			bad++
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
	if len(args) != 0 {
		fmt.Fprintln(stderr, "Usage: offsim list")
		return 2
	}
	defaults := map[string]bool{}
	for _, n := range scenarios.DefaultNames() {
		defaults[n] = true
	}
	for _, n := range scenarios.BuiltinNames() {
		mark := ""
		if defaults[n] {
			mark = "  (default)"
		}
		fmt.Fprintf(stdout, "%s%s\n", n, mark)
	}
	return 0
}

// cmdShow prints the TOML source of a built-in scenario.
func cmdShow(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "Usage: offsim show BUILTIN   (offsim list names them)")
		return 2
	}
	src, err := scenarios.BuiltinSource(args[0])
	if err != nil {
		fmt.Fprintf(stderr, "offsim show: %v\n", err)
		return 1
	}
	stdout.Write(src)
	return 0
}
