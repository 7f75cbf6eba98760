package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
	"unicode"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// Story titles that differ only in case, punctuation, spacing or accents
// ("Syrian Civil War", "Syrian civil war"; "2011–2012 Syrian uprising",
// "2011-2012 Syrian uprising") are one story. Their variants share a fold
// (StoryFold), and every event is filed under the first stored variant of
// its fold: the canonical title, whose slug is the story's address.
//
// The first stored, rather than the most used, because a canonical that
// could change would turn a published address into a redirect, and
// browsers keep 301s for good. Events are stored in date order by import
// and sync alike, so an import of the whole archive in one batch and one of
// a day at a time pick the same canonical titles, and so the same slugs.
//
// Stores written before migration 13 hold the variants as stories of their
// own: the migration moves their events to the canonical story and keeps
// each variant's title as an alias (title_resolutions) whose address
// redirects to the canonical one.

// StoryFold returns the key that a story title's variants share: its base
// slug (event.TopicSlug), when every letter of the title is Latin so that
// the slug keeps all of them; else the title itself, so that titles in
// other scripts, whose letters slugs drop, never fold together.
func StoryFold(title string) string {
	for _, r := range title {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return "\x00" + title
		}
	}
	return event.TopicSlug(title)
}

// migrationStoryFolds is migration 13; its work is mergeStoryVariants.
const migrationStoryFolds = `
-- 13: story titles that differ only in case or punctuation are one story
-- (see storyfold.go); the Go step moves the events of the variants.
UPDATE counters SET value = value WHERE name = 'related_generation';
`

func newStoryKeyTable() *keyTable {
	t := newKeyTable("stories", "title", true)
	t.fold = StoryFold
	return t
}

// noteFold records id as its key's fold's canonical when it is the first.
func (t *keyTable) noteFold(key string, id int64) {
	if t.fold == nil {
		return
	}
	f := t.fold(key)
	if old, ok := t.folds[f]; !ok || id < old {
		t.folds[f] = id
	}
}

// lookUpFolds finds the canonical ids of the keys' folds: of the stored
// rows whose slug starts with a fold's base slug, the first of that fold.
func (t *keyTable) lookUpFolds(ctx context.Context, tx *sql.Tx, keys map[string]bool) error {
	if t.fold == nil {
		return nil
	}
	bases := map[string]bool{}
	for k := range keys {
		if f := t.fold(k); f[0] != 0 {
			bases[f] = true
		}
	}
	for base := range bases {
		err := eachRow(ctx, tx, `SELECT id, `+t.key+` FROM `+t.table+` WHERE slug = ?1 OR (slug > ?1 || '-' AND slug < ?1 || '.')`,
			[]any{base}, func(rows *sql.Rows) error {
				var id int64
				var key string
				if err := rows.Scan(&id, &key); err != nil {
					return err
				}
				if t.fold(key) == base {
					t.noteFold(key, id)
				}
				return nil
			})
		if err != nil {
			return err
		}
	}
	return nil
}

// canonical returns the id of the key's fold's first stored variant,
// creating the key's row when the fold is new.
func (l *keyLinks) canonical(key string) int64 {
	f := l.cache.fold(key)
	if id, ok := l.cache.folds[f]; ok {
		return id
	}
	id := l.id(key)
	l.cache.folds[f] = id
	l.addedFolds = append(l.addedFolds, f)
	return id
}

// mergeStoryVariants files the events of every story variant stored before
// migration 13 under its fold's first story, and records the variant's
// title as an alias of the canonical one.
func mergeStoryVariants(ctx context.Context, tx *sql.Tx) error {
	type story struct {
		id    int64
		title string
	}
	first := map[string]story{}
	var variants [][2]story // variant, canonical
	err := eachRow(ctx, tx, `SELECT id, title FROM stories ORDER BY id`, nil, func(rows *sql.Rows) error {
		var s story
		if err := rows.Scan(&s.id, &s.title); err != nil {
			return err
		}
		f := StoryFold(s.title)
		if c, ok := first[f]; ok {
			variants = append(variants, [2]story{s, c})
		} else {
			first[f] = s
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("merge story variants: %w", err)
	}
	checked := formatTime(time.Now())
	for _, v := range variants {
		if err := mergeStory(ctx, tx, v[0].id, v[1].id); err != nil {
			return fmt.Errorf("merge story %q into %q: %w", v[0].title, v[1].title, err)
		}
		// Keep what a sync learned of the title, unless it was no redirect.
		_, err := tx.ExecContext(ctx, `INSERT INTO title_resolutions (title, canonical, slug, wikidata, checked)
			VALUES (?, ?, ?, '', ?)
			ON CONFLICT (title) DO UPDATE SET canonical = excluded.canonical WHERE canonical = title`,
			v[0].title, v[1].title, event.TopicSlug(v[0].title), checked)
		if err != nil {
			return fmt.Errorf("alias %q of %q: %w", v[0].title, v[1].title, err)
		}
	}
	return nil
}

// mergeStory moves the links of story from to story to; an event linked to
// both keeps its link to to.
func mergeStory(ctx context.Context, tx *sql.Tx, from, to int64) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM event_stories WHERE story_id = ?1
		AND event_id IN (SELECT event_id FROM event_stories WHERE story_id = ?2)`, from, to)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE event_stories SET story_id = ?2 WHERE story_id = ?1`, from, to)
	return err
}
