package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/identity"
	"github.com/chronicle-archive/chronicle/internal/store"
	"github.com/chronicle-archive/chronicle/internal/wcep"
)

var historyCommand = &command{
	name:    "history",
	summary: "list a day's revisions and what each changed",
	usage:   "chronicle history [--db FILE] /news/YYYY/MM/D/",
	help: `List every stored revision of a day's page, oldest first: revision id,
timestamp, hash of the wikitext and the editor's comment, then what the
revision changed in the day's events against the one before: events added
(+), removed (-) and edited (~, old and new headline). Events are matched
across revisions by their sources and the words of their headlines.

Example:
  chronicle history /news/2013/06/6/`,
	setup: setupHistory,
}

func setupHistory(fs *flag.FlagSet) runFunc {
	db := dbFlag(fs)
	return func(ctx context.Context, args []string, stdout, _ io.Writer) error {
		if len(args) != 1 {
			return usagef("want one day path, got %d arguments", len(args))
		}
		date, err := dayPath(args[0])
		if err != nil {
			return usageError{err}
		}
		return showHistory(ctx, *db, date, stdout)
	}
}

// dayPath turns a day's path (/news/2013/06/6/), its URL or an ISO date into the date.
func dayPath(arg string) (event.Date, error) {
	p := strings.TrimSpace(arg)
	if d, err := event.ParseDate(p); err == nil {
		return d, nil
	}
	if u, err := url.Parse(p); err == nil && u.Scheme != "" {
		p = u.Path
	}
	p = strings.TrimSuffix(strings.TrimPrefix(p, "/"), "/")
	p = strings.TrimSuffix(p, "/index.html")
	parts := strings.Split(p, "/")
	bad := fmt.Errorf("%q is not a day path: want /news/YYYY/MM/D/", arg)
	if len(parts) != 4 || parts[0] != "news" {
		return event.Date{}, bad
	}
	t, err := time.Parse("2006/01/2", strings.Join(parts[1:], "/"))
	if err != nil {
		return event.Date{}, bad
	}
	d := event.NewDate(t)
	if d.Dir() != "/"+p {
		return event.Date{}, fmt.Errorf("%q is not a day path: want %s/", arg, d.Dir())
	}
	return d, nil
}

func showHistory(ctx context.Context, db string, date event.Date, w io.Writer) error {
	st, err := openStore(db)
	if err != nil {
		return err
	}
	defer st.Close()
	revs, err := st.Revisions(ctx, date)
	if err != nil {
		return err
	}
	if len(revs) == 0 {
		return fmt.Errorf("no revision of %s stored: %w", date, store.ErrNotFound)
	}
	fmt.Fprintf(w, "%s/ · %d revision%s\n", date.Dir(), len(revs), plural(len(revs)))
	var prev []event.Event
	for i, r := range revs {
		writeRevision(w, r)
		day, err := wcep.ParseDay(date, r.Wikitext)
		if err != nil {
			fmt.Fprintf(w, "  the wikitext gives no events: %v\n", err)
			continue
		}
		if i == 0 {
			fmt.Fprintf(w, "  %d event%s\n", len(day.Events), plural(len(day.Events)))
		} else {
			writeChanges(w, prev, day.Events)
		}
		prev = day.Events
	}
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func writeRevision(w io.Writer, r store.RevisionInfo) {
	id := fmt.Sprint(r.RevisionID)
	if r.RevisionID == 0 {
		id = "(no id)"
	}
	sum := r.SHA1
	if len(sum) > 12 {
		sum = sum[:12]
	}
	fmt.Fprintf(w, "\nrevision %s · %s · sha1 %s", id, r.Timestamp.UTC().Format(time.RFC3339), sum)
	if r.Comment != "" {
		fmt.Fprintf(w, " · %q", r.Comment)
	}
	if r.Current {
		fmt.Fprint(w, " · current")
	}
	fmt.Fprintln(w)
}

// writeChanges lists what changed from the old events to the new ones.
func writeChanges(w io.Writer, old, new []event.Event) {
	changed := false
	for _, p := range identity.Match(old, new) {
		switch p.Change {
		case identity.Added:
			fmt.Fprintf(w, "  + added    %s\n", new[p.New].Headline)
		case identity.Removed:
			fmt.Fprintf(w, "  - removed  %s\n", old[p.Old].Headline)
		case identity.Edited:
			o, n := old[p.Old], new[p.New]
			if o.Headline == n.Headline {
				fmt.Fprintf(w, "  ~ edited   %s (text, sources or stories)\n", n.Headline)
			} else {
				fmt.Fprintf(w, "  ~ edited   %s\n           → %s\n", o.Headline, n.Headline)
			}
		default:
			continue
		}
		changed = true
	}
	if !changed {
		fmt.Fprintln(w, "  no change to the events")
	}
}
