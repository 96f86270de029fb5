// Command offsim simulates Dutch-language customer contact staffed at home
// or offshore, and reports what it costs and what it does to customers.
//
// Usage:
//
//	offsim run [flags] [FILE|BUILTIN ...]   simulate scenarios, write summaries
//	offsim erlang [flags]                   analytic Erlang C / Erlang A measures
//	offsim optimize [flags] FILE|BUILTIN    the cheapest design of a file's [optimize] question
//	offsim plot [flags] DIR                 redraw the charts and report from saved results
//	offsim merge [-out DIR] PARTDIR ...     combine the results of sharded runs
//	offsim validate FILE ...                check scenario files without running
//	offsim init [NAME]                      write a commented starter scenario
//	offsim list                             list the built-in scenarios
//	offsim show BUILTIN                     print a built-in scenario's file
//
// Run "offsim COMMAND -h" for a command's flags.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	os.Exit(dispatch(os.Args[1:], os.Stdout, os.Stderr))
}

// command is one subcommand: its arguments and one-line summary in the
// usage, and what runs it (returning the process exit code).
type command struct {
	name, synopsis, summary string
	run                     func(args []string, stdout, stderr io.Writer) int
}

// commands in the order the usage lists them.
var commands = []command{
	{"run", "[flags] [FILE|BUILTIN ...]", "simulate scenarios (no argument: the built-in defaults)", cmdRun},
	{"erlang", "[flags]", "analytic Erlang C / Erlang A measures and staffing", cmdErlang},
	{"optimize", "[flags] FILE|BUILTIN", "the cheapest design of a file's [optimize] question, with a guarantee", cmdOptimize},
	{"plot", "[flags] DIR", "redraw the charts and report.html from saved results", cmdPlot},
	{"merge", "[-out DIR] PARTDIR ...", "combine the results of offsim run -shard K/N", cmdMerge},
	{"validate", "FILE|BUILTIN ...", "check scenario files without running them", cmdValidate},
	{"init", "[NAME]", "write a commented starter scenario NAME.toml", cmdInit},
	{"list", "", "list the built-in scenarios", cmdList},
	{"show", "BUILTIN", "print a built-in scenario's file", cmdShow},
}

// usage is what offsim prints without a command, or with help.
func usage() string {
	var b strings.Builder
	b.WriteString("offsim: what Dutch-language customer contact costs, at home or offshore.\n\nUsage:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-37s  %s\n", strings.TrimSpace("offsim "+c.name+" "+c.synopsis), c.summary)
	}
	b.WriteString("\nRun \"offsim COMMAND -h\" for the flags of a command.\n")
	return b.String()
}

// dispatch runs one subcommand and returns the process exit code.
func dispatch(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage())
		return 2
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage())
		return 0
	}
	for _, c := range commands {
		if c.name == name {
			return c.run(rest, stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "offsim: unknown command %q\n\n%s", name, usage())
	return 2
}

// newFlagSet returns the flag set of command name: errors go to stderr,
// and -h prints usage (the lines before the flags) and the flags.
func newFlagSet(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, whose flags may stand before, between or after
// the positional arguments (offsim run w1.toml -reps 1 works as
// expected), and returns the positional ones, at least lo and at most hi
// of them (hi < 0: any; otherwise it prints the usage). A positional
// argument that starts with "-" (after "--") is refused: offsim names no
// file or scenario so, and a mistyped flag must not become a file name.
// Then check, if not nil, sees the names of the flags given: its error is
// a usage error, printed as "offsim NAME: error". When ok is false the
// command ends with code: 0 after -h, 2 after a usage error.
func parseFlags(fs *flag.FlagSet, args []string, lo, hi int, check func(given map[string]bool) error) (pos []string, code int, ok bool) {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, 0, false
			}
			return nil, 2, false
		}
		if fs.NArg() == 0 {
			break
		}
		if a := fs.Arg(0); strings.HasPrefix(a, "-") {
			fmt.Fprintf(fs.Output(), "offsim %s: %q: a name may not start with \"-\" (flags: offsim %s -h)\n", fs.Name(), a, fs.Name())
			return nil, 2, false
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(pos) < lo || (hi >= 0 && len(pos) > hi) {
		fs.Usage()
		return nil, 2, false
	}
	if check == nil {
		return pos, 0, true
	}
	if err := check(givenFlags(fs)); err != nil {
		fmt.Fprintf(fs.Output(), "offsim %s: %v\n", fs.Name(), err)
		return nil, 2, false
	}
	return pos, 0, true
}

// givenFlags returns the names of the flags the command line set.
func givenFlags(fs *flag.FlagSet) map[string]bool {
	given := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	return given
}

// outputFlags are the flags of the commands that simulate and write a
// results folder (run, optimize).
type outputFlags struct {
	seed    uint64
	workers int
	out     string
	quiet   bool
	force   *bool
	set     map[string]bool // flags given on the command line
}

func (o *outputFlags) register(fs *flag.FlagSet) {
	fs.Uint64Var(&o.seed, "seed", 0, "root random seed, at most 2^63−1 (overrides [run] seed)")
	fs.IntVar(&o.workers, "workers", 0, "replications run in parallel (0: one per CPU); results do not depend on it")
	fs.StringVar(&o.out, "out", "out", "folder for the results (created if missing; offsim refuses one holding files it did not write)")
	fs.BoolVar(&o.quiet, "quiet", false, "print nothing but errors")
	o.force = forceFlag(fs, "-out")
}

// forceFlag registers -force for a command writing into the folder named
// by flag dirFlag.
func forceFlag(fs *flag.FlagSet, dirFlag string) *bool {
	return fs.Bool("force", false, "write into a "+dirFlag+" folder that holds files offsim did not write (they are never deleted nor overwritten)")
}
