package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// linkCountSources are the tables linkCounts reads for topics and stories:
// the link table's index by linked row, and the linked rows' table.
var linkCountSources = map[event.Kind]struct{ links, titles string }{
	event.KindTopic: {`SELECT entity_id, event_id FROM event_entities INDEXED BY event_entities_by_entity
		ORDER BY entity_id, event_id`, `SELECT id, title, slug FROM entities`},
	event.KindStory: {`SELECT story_id, event_id FROM event_stories INDEXED BY event_stories_by_story
		ORDER BY story_id, event_id`, `SELECT id, title, slug FROM stories`},
}

// linkCounts is TitleCounts for topics and stories, counted here rather
// than by SQL: reading the links in the order of their index by linked row,
// and every event's day once from the date index, spares SQLite a lookup in
// the large events table for each of the archive's links and two temporary
// B-trees (three to four times faster).
func (s *Store) linkCounts(ctx context.Context, kind event.Kind) ([]TitleCount, error) {
	src := linkCountSources[kind]
	days, err := s.eventDays(ctx)
	if err != nil {
		return nil, err
	}
	type tally struct {
		events  int
		last    int64
		newest  string
		present bool
	}
	tallies := map[int64]*tally{}
	err = s.eachIDPair(ctx, src.links, func(linked, ev int64) {
		t := tallies[linked]
		if t == nil {
			t = &tally{}
			tallies[linked] = t
		}
		day, ok := days[ev]
		if !ok || t.present && t.last == ev {
			return
		}
		t.events, t.last, t.present = t.events+1, ev, true
		t.newest = max(t.newest, day)
	})
	if err != nil {
		return nil, err
	}
	var out []TitleCount
	dates := dateCache{}
	err = eachRow(ctx, s.reads, src.titles, nil, func(rows *sql.Rows) error {
		var id int64
		var c TitleCount
		var slug sql.NullString
		if err := rows.Scan(&id, &c.Title, &slug); err != nil {
			return err
		}
		t := tallies[id]
		if t == nil || t.events == 0 {
			return nil
		}
		c.Slug, c.Events = slug.String, t.events
		var err error
		if c.Newest, err = dates.parse(t.newest); err != nil {
			return fmt.Errorf("counts of %s: %w", kind, err)
		}
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b TitleCount) int { return strings.Compare(a.Title, b.Title) })
	return out, nil
}

// eventDays maps every current event's id to its day, read from the date index.
func (s *Store) eventDays(ctx context.Context) (map[int64]string, error) {
	return titlesOf(ctx, s.reads, `SELECT id, date FROM events INDEXED BY events_by_date`)
}

// eachIDPair runs a query of two integer columns.
func (s *Store) eachIDPair(ctx context.Context, query string, fn func(a, b int64)) error {
	return eachRow(ctx, s.reads, query, nil, func(rows *sql.Rows) error {
		var a, b int64
		if err := rows.Scan(&a, &b); err != nil {
			return err
		}
		fn(a, b)
		return nil
	})
}

// The store keeps the counts TitleCounts gives in title_counts, stamped with
// the generation they were counted at (counters' counts_generation), so that
// the lists of topics, stories and categories and the sitemap need not count
// the archive's links again after an import of a day; TitleCounts counts
// afresh whenever the stamp is not the store's generation.

// bareCountQuery reads title_counts of a kind (?), an empty slug in each
// row (TitleCountsWithSlugs).
const bareCountQuery = `SELECT title, NULL, events, newest FROM title_counts WHERE kind = ? ORDER BY title`

// storedCountQueries read title_counts with the slugs of a kind.
var storedCountQueries = map[event.Kind]string{
	event.KindTopic: `SELECT c.title, t.slug, c.events, c.newest FROM title_counts c
		JOIN entities t ON t.title = c.title WHERE c.kind = 'topic' ORDER BY c.title`,
	event.KindStory: `SELECT c.title, t.slug, c.events, c.newest FROM title_counts c
		JOIN stories t ON t.title = c.title WHERE c.kind = 'story' ORDER BY c.title`,
	event.KindCategory: `SELECT c.title, t.slug, c.events, c.newest FROM title_counts c
		JOIN categories t ON t.name = c.title WHERE c.kind = 'category' ORDER BY c.title`,
}

// oneTitleCountQueries count the current events of one title of a kind.
var oneTitleCountQueries = map[event.Kind]string{
	event.KindTopic: `SELECT count(DISTINCT l.event_id), coalesce(max(e.date), '') FROM event_entities l
		JOIN events e ON e.id = l.event_id WHERE l.entity_id = (SELECT id FROM entities WHERE title = ?)`,
	event.KindStory: `SELECT count(DISTINCT l.event_id), coalesce(max(e.date), '') FROM event_stories l
		JOIN events e ON e.id = l.event_id WHERE l.story_id = (SELECT id FROM stories WHERE title = ?)`,
	event.KindCategory: `SELECT count(*), coalesce(max(date), '') FROM events WHERE category = ?`,
}

// recountAllAbove is how many changed titles make UpdateTitleCounts count
// every title at once rather than each changed one (a bulk import).
const recountAllAbove = 1000

// UpdateTitleCounts brings the stored counts of days, topics, stories and
// categories up to the store's generation: the days and titles the imports
// since their stamp changed are counted again, or every one when there are
// many titles or none was ever counted.
func (s *Store) UpdateTitleCounts(ctx context.Context) error {
	s.importing.Lock() // no import may change the events between count and stamp
	defer s.importing.Unlock()
	gen, err := s.Generation(ctx)
	if err != nil {
		return err
	}
	done, err := s.counter(ctx, "counts_generation")
	if err != nil || done == gen {
		return err
	}
	var changed []TopicRef
	if done >= 0 {
		if changed, err = s.TopicsChangedSince(ctx, done); err != nil {
			return err
		}
	}
	if done < 0 || len(changed) > recountAllAbove {
		err = s.recountAll(ctx, gen)
	} else {
		err = s.recount(ctx, gen, done, changed)
	}
	if err != nil {
		return fmt.Errorf("update counts: %w", err)
	}
	return nil
}

// recountAll replaces every stored count.
func (s *Store) recountAll(ctx context.Context, gen int64) error {
	all := map[event.Kind][]TitleCount{}
	for _, kind := range event.Kinds {
		counts, err := s.countTitles(ctx, kind)
		if err != nil {
			return err
		}
		all[kind] = counts
	}
	days, err := scanDayCounts(ctx, s.reads, countDaysQuery)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM title_counts`); err != nil {
			return err
		}
		rows := newRowInserter(tx, `INSERT INTO title_counts (kind, title, events, newest) VALUES`, 4, "")
		for kind, counts := range all {
			for _, c := range counts {
				rows.add(string(kind), c.Title, c.Events, c.Newest.String())
			}
		}
		if err := rows.flush(ctx); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM day_counts`); err != nil {
			return err
		}
		rows = newRowInserter(tx, `INSERT INTO day_counts (date, events) VALUES`, 2, "")
		for _, d := range days {
			rows.add(d.Date.String(), d.Events)
		}
		if err := rows.flush(ctx); err != nil {
			return err
		}
		if err := stampCountsChanged(ctx, tx, gen); err != nil {
			return err
		}
		return stampCounts(ctx, tx, gen)
	})
}

// recount counts the given titles again, and the days changed after
// generation since; when a count differs from the stored one, the counts
// are stamped as changed at gen (CountsStamp).
func (s *Store) recount(ctx context.Context, gen, since int64, titles []TopicRef) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		changed, err := recountDays(ctx, tx, since)
		if err != nil {
			return err
		}
		for _, t := range titles {
			var events int
			var newest string
			err := tx.QueryRowContext(ctx, oneTitleCountQueries[t.Kind], t.Title).Scan(&events, &newest)
			if err != nil {
				return fmt.Errorf("count %s %q: %w", t.Kind, t.Title, err)
			}
			var res sql.Result
			if events == 0 {
				res, err = tx.ExecContext(ctx, `DELETE FROM title_counts WHERE kind = ? AND title = ?`, string(t.Kind), t.Title)
			} else {
				res, err = tx.ExecContext(ctx, `INSERT INTO title_counts (kind, title, events, newest) VALUES (?, ?, ?, ?)
					ON CONFLICT (kind, title) DO UPDATE SET events = excluded.events, newest = excluded.newest
					WHERE events != excluded.events OR newest != excluded.newest`, string(t.Kind), t.Title, events, newest)
			}
			n, err := affected(res, err)
			if err != nil {
				return fmt.Errorf("store count of %s %q: %w", t.Kind, t.Title, err)
			}
			changed += n
		}
		if changed > 0 {
			if err := stampCountsChanged(ctx, tx, gen); err != nil {
				return err
			}
		}
		return stampCounts(ctx, tx, gen)
	})
}

// recountDays counts again the days changed after generation since, and
// returns how many of their stored counts changed.
func recountDays(ctx context.Context, tx *sql.Tx, since int64) (int64, error) {
	changed, err := affected(tx.ExecContext(ctx, `INSERT INTO day_counts (date, events)
		SELECT e.date, count(*) FROM days d JOIN events e ON e.date = d.date
		WHERE d.generation > ?1 GROUP BY e.date
		ON CONFLICT (date) DO UPDATE SET events = excluded.events WHERE events != excluded.events`, since))
	if err == nil {
		var emptied int64
		emptied, err = affected(tx.ExecContext(ctx, `DELETE FROM day_counts
			WHERE date IN (SELECT date FROM days WHERE generation > ?1)
			AND NOT EXISTS (SELECT 1 FROM events e WHERE e.date = day_counts.date)`, since))
		changed += emptied
	}
	if err != nil {
		return 0, fmt.Errorf("count changed days: %w", err)
	}
	return changed, nil
}

// affected returns the rows a statement changed.
func affected(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// CountsStamp returns the generation at which the stored counts of days and
// titles last changed (counting the changed days and titles again stamps
// them only when a count differs; counting everything again always does),
// and whether they are the store's counts now: while they are, two equal
// stamps tell that every count is the same.
func (s *Store) CountsStamp(ctx context.Context) (stamp int64, current bool, err error) {
	if current, err = s.countsCurrent(ctx); err == nil {
		stamp, err = s.counter(ctx, "counts_changed")
	}
	if err != nil {
		return 0, false, fmt.Errorf("counts stamp: %w", err)
	}
	return stamp, current, nil
}

// stampCountsChanged records that a stored count changed at generation gen.
func stampCountsChanged(ctx context.Context, tx *sql.Tx, gen int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE counters SET value = ? WHERE name = 'counts_changed'`, gen)
	return err
}

func stampCounts(ctx context.Context, tx *sql.Tx, gen int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE counters SET value = ? WHERE name = 'counts_generation'`, gen)
	return err
}
