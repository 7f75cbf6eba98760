package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/site"
	"github.com/chronicle-archive/chronicle/internal/store"
)

var showCommand = &command{
	name:    "show",
	summary: "print one event's page as JSON",
	usage:   "chronicle show [--db FILE] /news/YYYY/MM/D/<slug>",
	help: `Print the event at a path as the JSON of its page, byte for byte the .json
file the site serves (docs/formats.md, docs/schema/event.schema.json): its
text, topics and sources, what enrichment found (summary, cover image, each
source's title, site, date and archived copy) and its related events. The
path may end in .json, .md, .html or .xml, or be a full URL of a published
page (of a site under a sub-path too); a date typed /news/2013/6/06/… is
read as /news/2013/06/6/…, and the former path of an event an edit renamed
leads to its path now, as the server's redirects do (stderr says so). Exit
status 1 when the database has no event at that path.

Example:
  chronicle show /news/2013/06/6/north-korea-restores-the-red-cross-link-with-south-korea-used-for-government-to-government-communications`,
	setup: setupShow,
}

func setupShow(fs *flag.FlagSet) runFunc {
	db := dbFlag(fs)
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		path, err := oneEventPath(args)
		if err != nil {
			return err
		}
		return showEvent(ctx, *db, path, stdout, stderr)
	}
}

// oneEventPath takes the single event path (or URL) a command's arguments
// must hold; anything else is a usage error.
func oneEventPath(args []string) (string, error) {
	if len(args) != 1 {
		return "", usagef("want one event path, got %d arguments", len(args))
	}
	path, err := eventPath(args[0])
	if err != nil {
		return "", usageError{err}
	}
	return path, nil
}

func showEvent(ctx context.Context, db, path string, stdout, stderr io.Writer) error {
	st, err := openStore(db)
	if err != nil {
		return err
	}
	defer st.Close()
	if path, err = currentEventPath(ctx, st, path, stderr); err != nil {
		return err
	}
	p, err := dataSite(st).Page(ctx, path+render.JSON.Ext())
	if errors.Is(err, site.ErrNotFound) {
		return fmt.Errorf("no event at %s", path)
	}
	if err != nil {
		return err
	}
	_, err = stdout.Write(p.Body)
	return err
}

// dataSite is the site whose pages show and export print: their JSON
// holds no absolute URL, so the base URL is only a placeholder.
func dataSite(st *store.Store) *site.Site {
	return site.New(st, render.Config{BaseURL: defaultBaseURL})
}

// eventPath turns an event path, a published file's path or its URL into the
// event's path, /news/YYYY/MM/D/<slug>.
func eventPath(arg string) (string, error) {
	p := argPath(arg)
	p = cmp.Or(event.MendPath(p), p) // a link that arrived mangled: "…/slug.html)."
	p = strings.TrimSuffix(p, "/")
	if i := strings.LastIndex(p, "/news/"); i > 0 {
		p = p[i:] // a site under a sub-path: /archive/news/…; a slug holds no "/"
	}
	if canonical := event.CanonicalDatePath(p); canonical != "" {
		p = canonical // a date as people type it: /news/2013/6/06/…
	}
	sp, err := event.ParseSitePath(p)
	if err != nil {
		return "", fmt.Errorf("%q is not an event path: want /news/YYYY/MM/D/<slug>: %w", arg, err)
	}
	if sp.Type != event.PathEvent {
		return "", fmt.Errorf("%q is not an event path: want /news/YYYY/MM/D/<slug>", arg)
	}
	return sp.Page().String(), nil
}

// argPath is the path of a page's path or URL given on the command line,
// starting with "/".
func argPath(arg string) string {
	p := strings.TrimSpace(arg)
	if u, err := url.Parse(p); err == nil && u.Scheme != "" {
		p = u.Path
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return p
}

// maxMoves bounds how many edits currentEventPath follows: a path moved by
// one edit, then by another, leads on; a loop in a damaged history does not.
const maxMoves = 16

// currentEventPath follows the former path of an edited event to its path
// now, and an address cut short to the one event of its day whose path
// starts so, as the server redirects them, and says so on stderr; any other
// path is returned as it is.
func currentEventPath(ctx context.Context, st *store.Store, path string, stderr io.Writer) (string, error) {
	path, err := completePath(ctx, st, path, stderr)
	if err != nil {
		return "", err
	}
	start := path
	for range maxMoves {
		rec, err := st.PathHistory(ctx, path)
		if errors.Is(err, store.ErrNotFound) || err == nil && (rec.Current || rec.MovedTo == "") {
			break
		}
		if err != nil {
			return "", err
		}
		path = rec.MovedTo
	}
	if path != start {
		fmt.Fprintf(stderr, "%s is now %s: an edit on the portal changed the event's path\n", start, path)
	}
	return path, nil
}

// maxCutMatches bounds the paths named for an address cut short.
const maxCutMatches = 10

// completePath returns the path of the one event of its day that the
// address cut short path can only have meant (store.OnlyMatch, with a slug
// of at least event.MinCutSlug), saying so on stderr; path itself when some
// event has or had it, or no current event's path starts with it. When
// several do, or the slug is too short to guess, the error names them.
func completePath(ctx context.Context, st *store.Store, path string, stderr io.Writer) (string, error) {
	if _, err := st.PathHistory(ctx, path); !errors.Is(err, store.ErrNotFound) {
		return path, err
	}
	matches, err := st.PathsStartingWith(ctx, path, maxCutMatches+1)
	if err != nil || len(matches) == 0 {
		return path, err
	}
	_, _, slug, _ := event.CutEventPath(path)
	if only, ok := store.OnlyMatch(matches); ok && len(slug) >= event.MinCutSlug {
		fmt.Fprintf(stderr, "%s was cut short: it is %s\n", path, only.Path)
		return only.Path, nil
	}
	var b strings.Builder
	for _, m := range matches[:min(len(matches), maxCutMatches)] {
		if m.Headline != "" {
			fmt.Fprintf(&b, "\n  %s  %s", m.Path, m.Headline)
		}
	}
	if b.Len() == 0 {
		return path, nil // only paths edits retired start so: no event to name
	}
	return "", fmt.Errorf("no event at %s; the paths of that day's events that start so:%s", path, b.String())
}
