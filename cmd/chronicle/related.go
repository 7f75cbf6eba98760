package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/chronicle-archive/chronicle/internal/related"
	"github.com/chronicle-archive/chronicle/internal/site"
	"github.com/chronicle-archive/chronicle/internal/store"
)

var relatedCommand = &command{
	name:    "related",
	summary: "print an event's related events with their scores",
	usage:   "chronicle related [--db FILE] [--recompute] PATH",
	help: `Print the related events of the event at PATH, best first, with each one's
score and what contributed to it: the shared entities with their inverse
document frequency, the cosine similarity of the two headlines with the
shared words, and the story bonus. The lists are brought up to date with the
database first; --recompute computes every event's list again.

Example:
  chronicle related /news/2013/06/6/north-korea-restores-the-red-cross-link-with-south-korea-used-for-government-to-government-communications`,
	setup: setupRelated,
}

func setupRelated(fs *flag.FlagSet) runFunc {
	db := dbFlag(fs)
	recompute := fs.Bool("recompute", false, "compute every event's related list again")
	return func(ctx context.Context, args []string, stdout, _ io.Writer) error {
		path, err := oneEventPath(args)
		if err != nil {
			return err
		}
		return showRelated(ctx, *db, path, *recompute, stdout)
	}
}

func showRelated(ctx context.Context, db, path string, recompute bool, stdout io.Writer) error {
	st, err := openStore(db)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := site.UpdateRelated(ctx, st, recompute); err != nil {
		return err
	}
	e, err := st.Event(ctx, path)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no event at %s", path)
	}
	if err != nil {
		return err
	}
	list, err := st.RelatedOf(ctx, path)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\n%s\n", e.Path, e.Headline)
	if len(list) == 0 {
		fmt.Fprintln(stdout, "\nno related events")
	}
	for i, r := range list {
		if err := printRelated(stdout, i+1, r); err != nil {
			return err
		}
	}
	return nil
}

// printRelated writes one related event and the breakdown of its score.
func printRelated(w io.Writer, rank int, r store.RelatedEntry) error {
	why, err := site.DecodeWhy(r.Why)
	if err != nil {
		return fmt.Errorf("related %s: %w", r.Path, err)
	}
	wt := related.DefaultWeights
	fmt.Fprintf(w, "\n%d. %.3f  %s  %s\n   %s\n", rank, r.Score, r.Date, r.Path, r.Headline)
	fmt.Fprintf(w, "   context: %s\n", strings.Join(r.Context, ", "))
	fmt.Fprintf(w, "   entities %.3f × %g = %.3f:%s\n", why.EntityScore, wt.Entity, why.EntityScore*wt.Entity, terms(why.Entities))
	fmt.Fprintf(w, "   cosine   %.3f × %g = %.3f:%s\n", why.Cosine, wt.Cosine, why.Cosine*wt.Cosine, terms(why.Words))
	story := ""
	if why.Story != "" {
		story = " (" + why.Story + ")"
	}
	fmt.Fprintf(w, "   story    %.3f × %g = %.3f%s\n", why.StoryBonus, wt.Story, why.StoryBonus*wt.Story, story)
	return nil
}

func terms(ts []related.WeightedTerm) string {
	var b strings.Builder
	for _, t := range ts {
		fmt.Fprintf(&b, " %s (%.3f)", t.Term, t.Weight)
	}
	return b.String()
}
