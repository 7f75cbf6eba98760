// Command chronicle turns Wikipedia's Current Events Portal into a permanent
// archive of news events: it imports the portal's day pages into a database
// and reads events back out of it.
//
//	chronicle import [--db FILE] PATH…
//	chronicle stats  [--db FILE]
//	chronicle show   [--db FILE] /news/YYYY/MM/D/<slug>
//	chronicle export [--db FILE] [--format ndjson|csv|bibtex] [--from DATE] [--to DATE] [--topic T]
//	chronicle cite   [--db FILE] [--style apa|mla|chicago|bibtex] [--base-url URL] [PATH…]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/chronicle-archive/chronicle/internal/ingest"
)

// command is one subcommand. To add one, write its file with a command value
// and list it in commands.
type command struct {
	name    string
	summary string // one line for the command list
	usage   string // the synopsis, "chronicle show [--db FILE] PATH"
	help    string // what it does, with an example
	// setup defines the command's flags on fs and returns the function that
	// runs the command once fs has parsed the command line.
	setup func(fs *flag.FlagSet) runFunc
}

// runFunc runs a command with its arguments (flags removed).
type runFunc func(ctx context.Context, args []string, stdout, stderr io.Writer) error

// commands lists the subcommands in the order `chronicle help` shows them.
var commands = []*command{
	importCommand,
	syncCommand,
	historyCommand,
	statsCommand,
	showCommand,
	exportCommand,
	citeCommand,
	searchCommand,
	enrichCommand,
	relatedCommand,
	buildCommand,
	serveCommand,
	deployCommand,
	checkCommand,
}

// Exit statuses (README.md, "Exit status").
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
	// exitPartial is an import that stored part of its input: a dump cut
	// off, pages that failed.
	exitPartial = 3
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run runs the command line args and returns the exit status. Nothing it
// calls may end the process: errors, and even panics, come back as a message
// on stderr and a status.
func run(args []string, stdout, stderr io.Writer) (status int) {
	defer func() {
		if v := recover(); v != nil {
			fmt.Fprintf(stderr, "chronicle: internal error: %v\n(this is a bug in chronicle; please report it with the command line you ran)\n", v)
			status = exitFailure
		}
	}()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if len(args) == 0 {
		printCommands(stderr)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		return runHelp(rest, stdout, stderr)
	case "version", "-version", "--version":
		fmt.Fprintf(stdout, "chronicle %s (%s)\n", version(), runtime.Version())
		return exitOK
	}
	cmd := lookup(name)
	if cmd == nil {
		fmt.Fprintf(stderr, "chronicle: unknown command %q; run 'chronicle help' for the list\n", name)
		return exitUsage
	}
	stopProfile := startProfile(stderr)
	defer stopProfile()
	return exitStatus(cmd, cmd.execute(ctx, rest, stdout, stderr), stdout, stderr)
}

// execute parses the command's flags and runs it.
func (c *command) execute(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(c.name)
	runCommand := c.setup(fs)
	positional, err := parse(fs, args)
	if err != nil {
		return err
	}
	return runCommand(ctx, positional, stdout, stderr)
}

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// runHelp prints the command list, or one command's help.
func runHelp(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printCommands(stdout)
		return exitOK
	}
	cmd := lookup(args[0])
	if cmd == nil {
		fmt.Fprintf(stderr, "chronicle: help: unknown command %q\n", args[0])
		return exitUsage
	}
	cmd.printHelp(stdout)
	return exitOK
}

func printCommands(w io.Writer) {
	fmt.Fprint(w, "chronicle turns Wikipedia's Current Events Portal into a permanent archive of news events.\n\n")
	fmt.Fprint(w, "Usage: chronicle COMMAND [ARGS]\n\nCommands:\n")
	width := 0
	for _, c := range commands {
		width = max(width, len(c.name))
	}
	for _, c := range commands {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.name, c.summary)
	}
	fmt.Fprint(w, "\nRun 'chronicle COMMAND --help' for a command's flags and an example, 'chronicle --version' for the version.\n")
}

// exitStatus reports a command's error on stderr and turns it into a status.
func exitStatus(cmd *command, err error, stdout, stderr io.Writer) int {
	var usage usageError
	var partial partialError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errHelp):
		cmd.printHelp(stdout)
		return exitOK
	case errors.As(err, &usage):
		fmt.Fprintf(stderr, "chronicle: %s: %s\nusage: %s\nRun 'chronicle %s --help' for more.\n", cmd.name, ingest.TerminalSafe(usage.err.Error()), cmd.usage, cmd.name)
		return exitUsage
	case errors.As(err, &partial):
		fmt.Fprintf(stderr, "chronicle: %s: %s\n", cmd.name, ingest.TerminalSafe(strings.TrimSpace(err.Error())))
		return exitPartial
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(stderr, "chronicle: %s: interrupted\n", cmd.name)
		return exitFailure
	default:
		fmt.Fprintf(stderr, "chronicle: %s: %s\n", cmd.name, ingest.TerminalSafe(strings.TrimSpace(err.Error())))
		return exitFailure
	}
}

// version is the module version chronicle was built from, for the User-Agent.
func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}
