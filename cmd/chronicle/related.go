package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/chronicle-archive/chronicle/internal/derive"
	"github.com/chronicle-archive/chronicle/internal/related"
	"github.com/chronicle-archive/chronicle/internal/store"
)

var relatedCommand = &command{
	name:    "related",
	summary: "print an event's related events and the events around it, with their scores",
	usage:   "chronicle related [--db FILE] [--recompute] [PATH]",
	help: `Print the related events of the event at PATH (of other years), then the
events around it (of other days within 90 days), best first, with each one's
score and what contributed to it: the shared entities with their inverse
document frequency, the cosine similarity of the two headlines with the
shared words, and the story bonus. The lists are brought up to date with the
database first; --recompute computes every event's lists again. Without
PATH it only brings the lists up to date and says how many changed. The
database keeps the lists, not what contributed to their scores: those are
computed again from the whole archive, which takes a second or two on the
full corpus.

Examples:
  chronicle related --recompute
  chronicle related /news/2013/06/6/north-korea-restores-the-red-cross-link-with-south-korea-used-for-government-to-government-communications`,
	setup: setupRelated,
}

func setupRelated(fs *flag.FlagSet) runFunc {
	db := dbFlag(fs)
	recompute := fs.Bool("recompute", false, "compute every event's lists again")
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		path := ""
		if len(args) > 0 {
			var err error
			if path, err = oneEventPath(args); err != nil {
				return err
			}
		}
		return showRelated(ctx, *db, path, *recompute, stdout, stderr)
	}
}

func showRelated(ctx context.Context, db, path string, recompute bool, stdout, stderr io.Writer) error {
	st, err := openStore(db)
	if err != nil {
		return err
	}
	defer st.Close()
	up, err := derive.UpdateRelated(ctx, st, recompute)
	if err != nil {
		return err
	}
	if path == "" {
		fmt.Fprintf(stdout, "related lists: %d computed, %d changed\n", up.Computed, up.Changed)
		return nil
	}
	if path, err = currentEventPath(ctx, st, path, stderr); err != nil {
		return err
	}
	e, err := st.Event(ctx, path)
	if errors.Is(err, store.ErrNotFound) {
		return noEventError(ctx, st, path)
	}
	if err != nil {
		return err
	}
	events, err := st.RankingEvents(ctx)
	if err != nil {
		return err
	}
	x := related.NewIndex(events, related.Options{})
	fmt.Fprintf(stdout, "%s\n%s\n", e.Path, e.Headline)
	for _, list := range store.AllLists {
		entries, err := st.RelatedOf(ctx, list, path)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "\n%s:\n", listTitles[list])
		if len(entries) == 0 {
			fmt.Fprintln(stdout, "\nnone")
		}
		scope := derive.ScopeOf(list)
		for i, r := range entries {
			explained, ok := x.WithScope(scope).Explain(path, r.Path)
			printRelated(stdout, i+1, related.DefaultWeightsOf(scope), r, explained, ok)
		}
	}
	return nil
}

// noEventError says why the store has no current event at path: the
// portal removed it (its page stays, chronicle show prints it), or there
// never was one.
func noEventError(ctx context.Context, st *store.Store, path string) error {
	r, err := st.Removed(ctx, path)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no event at %s", path)
	}
	if err != nil {
		return err
	}
	return fmt.Errorf("%s was removed from the portal on %s: it has no related events (chronicle show %s prints what it was)", path, r.Removed, path)
}

// listTitles name each stored list.
var listTitles = map[store.List]string{store.RelatedList: "Related (other years)", store.AroundList: "Around this event (within 90 days)"}

// printRelated writes one stored related event and, when the ranking could
// explain it, the breakdown of its score.
func printRelated(w io.Writer, rank int, wt related.Weights, r store.RelatedEntry, explained related.Related, ok bool) {
	fmt.Fprintf(w, "\n%d. %.3f  %s  %s\n   %s\n", rank, r.Score, r.Date, r.Path, r.Headline)
	fmt.Fprintf(w, "   context: %s\n", strings.Join(r.Context, ", "))
	if !ok {
		fmt.Fprintln(w, "   (not in the ranking's index of the archive: no breakdown)")
		return
	}
	why := explained.Why
	fmt.Fprintf(w, "   entities %.3f × %g = %.3f:%s\n", why.EntityScore, wt.Entity, why.EntityScore*wt.Entity, terms(why.Entities))
	fmt.Fprintf(w, "   cosine   %.3f × %g = %.3f:%s\n", why.Cosine, wt.Cosine, why.Cosine*wt.Cosine, terms(why.Words))
	story := ""
	if why.Story != "" {
		story = " (" + why.Story + ")"
	}
	fmt.Fprintf(w, "   story    %.3f × %g = %.3f%s\n", why.StoryBonus, wt.Story, why.StoryBonus*wt.Story, story)
}

func terms(ts []related.WeightedTerm) string {
	var b strings.Builder
	for _, t := range ts {
		fmt.Fprintf(&b, " %s (%.3f)", t.Term, t.Weight)
	}
	return b.String()
}
