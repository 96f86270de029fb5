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

const usage = `offsim: what Dutch-language customer contact costs, at home or offshore.

Usage:
  offsim run [flags] [FILE|BUILTIN ...]  simulate scenarios (no argument: the built-in defaults)
  offsim erlang [flags]                  analytic Erlang C / Erlang A measures and staffing
  offsim optimize [flags] FILE|BUILTIN   the cheapest design of a file's [optimize] question, with a guarantee
  offsim plot [flags] DIR                redraw the charts and report.html from saved results
  offsim merge [-out DIR] PARTDIR ...    combine the results of offsim run -shard K/N
  offsim validate FILE|BUILTIN ...       check scenario files without running them
  offsim init [NAME]                     write a commented starter scenario NAME.toml
  offsim list                            list the built-in scenarios
  offsim show BUILTIN                    print a built-in scenario's file

Run "offsim COMMAND -h" for the flags of a command.
`

// dispatch runs one subcommand and returns the process exit code.
func dispatch(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "run":
		return cmdRun(rest, stdout, stderr)
	case "erlang":
		return cmdErlang(rest, stdout, stderr)
	case "optimize":
		return cmdOptimize(rest, stdout, stderr)
	case "plot":
		return cmdPlot(rest, stdout, stderr)
	case "merge":
		return cmdMerge(rest, stdout, stderr)
	case "validate":
		return cmdValidate(rest, stdout, stderr)
	case "init":
		return cmdInit(rest, stdout, stderr)
	case "show":
		return cmdShow(rest, stdout, stderr)
	case "list":
		return cmdList(rest, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "offsim: unknown command %q\n\n%s", cmd, usage)
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
// expected), and returns the positional ones. A positional argument that
// starts with "-" (after "--") is refused: offsim names no file or
// scenario so, and a mistyped flag must not become a file name. When ok
// is false the command ends with code: 0 after -h, 2 after a bad flag.
func parseFlags(fs *flag.FlagSet, args []string) (pos []string, code int, ok bool) {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, 0, false
			}
			return nil, 2, false
		}
		if fs.NArg() == 0 {
			return pos, 0, true
		}
		if a := fs.Arg(0); strings.HasPrefix(a, "-") {
			fmt.Fprintf(fs.Output(), "offsim %s: %q: a name may not start with \"-\" (flags: offsim %s -h)\n", fs.Name(), a, fs.Name())
			return nil, 2, false
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// wantArgs checks the number of positional arguments of a command: at
// least lo and at most hi (hi < 0: any). Otherwise it prints the usage
// and returns false.
func wantArgs(fs *flag.FlagSet, args []string, lo, hi int) bool {
	if len(args) >= lo && (hi < 0 || len(args) <= hi) {
		return true
	}
	fs.Usage()
	return false
}

// forceFlag registers -force for a command writing into the folder named
// by flag dirFlag.
func forceFlag(fs *flag.FlagSet, dirFlag string) *bool {
	return fs.Bool("force", false, "write into a "+dirFlag+" folder that holds files offsim did not write (they are never deleted nor overwritten)")
}
