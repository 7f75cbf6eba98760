package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/site"
	"github.com/chronicle-archive/chronicle/internal/store"
)

var citeCommand = &command{
	name:    "cite",
	summary: "print events' citations: APA, MLA, Chicago, BibTeX, RIS",
	usage:   "chronicle cite [--db FILE] [--style apa|mla|chicago|bibtex|ris] [--base-url URL] [PATH…]",
	help: `Print the citations of the events at the paths (or URLs) given, as an
event page's "Cite this event" block gives them (docs/formats.md,
"Citations"): by default in the block's four styles, each event a
paragraph; with --style, in that one, a line each. BibTeX gives an entry
each, a blank line between, the keys unique in the output, so that it is
one .bib file; RIS, which no page shows, the same as records for reference
managers (Zotero, EndNote, Mendeley) to import, its lines ending CR LF. An
event given twice is cited once. With no PATH, the paths are read from
standard input: every word holding /news/, so that the output of
'chronicle search', or a list of links, can be piped in.

The addresses cited are the event pages' under --base-url: give the address
the site is published at (the default, where 'chronicle serve' listens, is
only right on this machine, and the command says so on stderr). A path the
database has no event at is an error, and nothing is printed; for the
address of a day's, topic's, story's or category's page, the error names
the export that cites its events.

Examples:
  chronicle cite --base-url https://news.example.org /news/2013/06/6/north-korea-restores-the-red-cross-link-with-south-korea-used-for-government-to-government-communications
  chronicle search --limit 20 "red cross korea" | chronicle cite --style bibtex --base-url https://news.example.org > red-cross.bib
  chronicle cite --style ris --base-url https://news.example.org /news/2013/06/6/north-korea-restores-the-red-cross-link-with-south-korea-used-for-government-to-government-communications > event.ris`,
	setup: setupCite,
}

// stdin is what commands read their input from; a variable so that tests
// can give it.
var stdin io.Reader = os.Stdin

func setupCite(fs *flag.FlagSet) runFunc {
	db := dbFlag(fs)
	styleName := fs.String("style", "all", "cite in `STYLE`: apa, mla, chicago, bibtex, ris or all")
	baseURL := citeBaseURLFlag(fs)
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		styles, err := citeStyles(*styleName)
		if err != nil {
			return err
		}
		paths, err := citedPaths(args)
		if err != nil {
			return err
		}
		r, err := baseURL(stderr)
		if err != nil {
			return err
		}
		st, err := openStore(*db)
		if err != nil {
			return err
		}
		out := bufio.NewWriter(stdout)
		err = citeEvents(ctx, st, r.NewCiteWriter(out, styles...), paths, stderr)
		if err == nil {
			err = out.Flush()
		}
		return errors.Join(err, st.Close())
	}
}

// citeStyles returns the styles --style names: one, or all of them.
func citeStyles(name string) ([]render.CiteStyle, error) {
	if name == "all" {
		return render.CiteStyles, nil
	}
	s, err := render.ParseCiteStyle(name)
	if err != nil {
		return nil, usagef("--style %q: want apa, mla, chicago, bibtex, ris or all", name)
	}
	return []render.CiteStyle{s}, nil
}

// citeBaseURLFlag adds --base-url, the address of the site whose pages
// are cited, and returns the function that makes the renderer of those
// addresses; it notes on stderr when the address is the default one.
func citeBaseURLFlag(fs *flag.FlagSet) func(stderr io.Writer) (*render.Renderer, error) {
	baseURL := fs.String("base-url", defaultBaseURL, "the `URL` the site is published at, under which the event pages are cited")
	return func(stderr io.Writer) (*render.Renderer, error) {
		if err := render.CheckBaseURL(*baseURL); err != nil {
			return nil, usagef("--base-url %v", err)
		}
		r, err := render.New(render.Config{BaseURL: *baseURL})
		if err != nil {
			return nil, usageError{err}
		}
		if *baseURL == defaultBaseURL {
			fmt.Fprintf(stderr, "chronicle: citing the pages at %s, where 'chronicle serve' listens; give --base-url with the address the site is published at\n", defaultBaseURL)
		}
		return r, nil
	}
}

// errNothingToCite is the usage error of a cite given no event.
var errNothingToCite = usagef("no event: give the paths or URLs of the events to cite, or pipe them in")

// citedPaths returns the event paths of the arguments or, when there are
// none, of the words of standard input that hold /news/.
func citedPaths(args []string) ([]string, error) {
	words := args
	if len(args) == 0 {
		if isTerminal(stdin) {
			return nil, errNothingToCite
		}
		var err error
		if words, err = newsWords(stdin); err != nil {
			return nil, err
		}
		if len(words) == 0 {
			return nil, errNothingToCite
		}
	}
	paths := make([]string, len(words))
	for i, w := range words {
		p, err := eventPath(w)
		if err != nil {
			return nil, usagef("%v%s", err, exportHint(w))
		}
		paths[i] = p
	}
	return paths, nil
}

// exportHint is the end of cite's error for the address of a day's page or
// a topic's, story's or category's: the export that cites all its events.
func exportHint(arg string) string {
	p := strings.TrimSuffix(argPath(arg), "/")
	for _, candidate := range []string{p, p + "/index"} {
		sp, err := event.ParseSitePath(candidate)
		switch {
		case err != nil:
		case sp.Type == event.PathDay:
			return fmt.Sprintf("; to cite the day's events: chronicle export --format bibtex --from %s --to %s", sp.Date, sp.Date)
		case sp.Type == event.PathTitle:
			return fmt.Sprintf("; to cite the %s's events: chronicle export --format bibtex --%s %s", sp.Kind, sp.Kind, sp.Slug)
		}
	}
	return ""
}

// newsWords returns the words of r that hold /news/, in order.
func newsWords(r io.Reader) ([]string, error) {
	var words []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		for w := range strings.FieldsSeq(sc.Text()) {
			if strings.Contains(w, "/news/") {
				words = append(words, w)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read the paths from standard input: %w", err)
	}
	return words, nil
}

// citeEvents writes the citations of the events at paths, once each has
// been found: a path with no event writes nothing.
func citeEvents(ctx context.Context, st *store.Store, w *render.CiteWriter, paths []string, stderr io.Writer) error {
	s := dataSite(st)
	pages := make([]*render.EventPage, len(paths))
	for i, path := range paths {
		current, err := currentEventPath(ctx, st, path, stderr)
		if err != nil {
			return err
		}
		pages[i], err = s.EventPage(ctx, current)
		if errors.Is(err, site.ErrNotFound) {
			return fmt.Errorf("no event at %s", path)
		}
		if err != nil {
			return err
		}
	}
	for _, p := range pages {
		if err := w.Write(p); err != nil {
			return err
		}
	}
	return nil
}
