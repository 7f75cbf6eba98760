package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/chronicle-archive/chronicle/internal/store"
	"golang.org/x/term"
)

// defaultDB is the database file when --db is not given.
const defaultDB = "chronicle.db"

// errHelp asks for the command's help on stdout, with exit status 0.
var errHelp = errors.New("help requested")

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }

// partialError is a command that did part of its work: exit status 3.
type partialError struct{ err error }

func (p partialError) Error() string { return p.err.Error() }
func (p partialError) Unwrap() error { return p.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// newFlagSet returns an empty flag set that reports errors only to its caller.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// dbFlag adds the --db flag every command has.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", defaultDB, "the database `FILE`")
}

// givenFlags returns the names of the flags the command line set.
func givenFlags(fs *flag.FlagSet) map[string]bool {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	return given
}

// parse parses args, flags and arguments in any order ("--" ends the flags),
// and returns the arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			return nil, usageError{err}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// printHelp writes the command's usage, description, flags and example.
func (c *command) printHelp(w io.Writer) {
	fmt.Fprintf(w, "Usage: %s\n\n%s\n\nFlags:\n", c.usage, strings.TrimSpace(c.help))
	fs := newFlagSet(c.name)
	c.setup(fs)
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// openStore opens an existing database for reading; unlike store.Open it
// does not create a missing file.
func openStore(path string, opts ...store.Option) (*store.Store, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("no database at %s: run chronicle import first", path)
	}
	return store.Open(path, opts...)
}

// isTerminal reports whether w (a writer, or stdin) is a terminal: where a
// progress bar belongs, or a person types rather than a pipe feeds.
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
