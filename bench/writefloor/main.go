// Command writefloor writes as many files and bytes as a built site holds,
// with nothing to compute: the file system's floor for a build of that size.
// bench/run.sh times it beside the Markdown builds of the corpus and of the
// 10× archive, so that how the build's time grows with the archive can be
// read against how the machine's cost of storing its files grows (on a
// virtual machine, writing 8 GB into a tmpfs costs more per byte than
// writing 1 GB: docs/performance-log.md, "How cost grows with the archive").
//
// The files are spread a hundred to a directory, two levels deep, each
// written with one write(2), as the build writes its pages; their sizes
// differ by at most one byte. They go through os.WriteFile, which also
// offers each file to the runtime's poller (a few system calls the build's
// direct open, write and close do without), so the floor errs high if
// anything.
//
//	go run ./bench/writefloor --files 187513 --bytes 825000000 --out DIR
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
)

// perDir is how many files a directory holds, and how many directories a
// directory of the first level.
const perDir = 100

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "writefloor:", err)
		os.Exit(1)
	}
}

func run(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("writefloor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	files := fs.Int64("files", 0, "how many `N` files to write")
	size := fs.Int64("bytes", 0, "how many `B` bytes to write in all")
	out := fs.String("out", "", "the `DIR` to write them into (must not exist)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case *files <= 0:
		return errors.New("--files must be a positive number of files")
	case *size < 0:
		return errors.New("--bytes must not be negative")
	case *out == "":
		return errors.New("--out DIR is required")
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if _, err := os.Lstat(*out); err == nil {
		return fmt.Errorf("%s exists: give a new directory", *out)
	}
	return write(*out, *files, *size)
}

// write writes n files holding total bytes under root.
func write(root string, n, total int64) error {
	body := bytes.Repeat([]byte{'x'}, int(total/n+1))
	extra := total % n // the first extra files hold one byte more
	for i := range n {
		dir := filepath.Join(root, strconv.FormatInt(i/(perDir*perDir), 10), strconv.FormatInt(i/perDir%perDir, 10))
		if i%perDir == 0 {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
		}
		size := total / n
		if i < extra {
			size++
		}
		name := filepath.Join(dir, strconv.FormatInt(i, 10)+".md")
		if err := os.WriteFile(name, body[:size], 0o644); err != nil {
			return err
		}
	}
	return nil
}
