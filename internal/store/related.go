package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// RelatedEntry is one stored related event of an event's list.
type RelatedEntry struct {
	Path     string
	Headline string
	Date     event.Date
	Context  []string
	Score    float64
	// Why is the breakdown of Score as its producer encoded it (JSON).
	Why json.RawMessage
}

// RelatedGeneration returns the store generation the related lists were last
// brought up to date with, or -1 when they were never computed.
func (s *Store) RelatedGeneration(ctx context.Context) (int64, error) {
	return s.counter(ctx, "related_generation")
}

// selectRelated reads the items of lists with their target's path and headline.
const selectRelated = `
	SELECT o.path, t.path, t.headline, r.target_date, r.context, r.score, r.why
	FROM related r JOIN events o ON o.id = r.event_id JOIN events t ON t.id = r.target_id`

// RelatedOf returns the stored related list of the event at path, best
// first; none when it has none or was never computed.
func (s *Store) RelatedOf(ctx context.Context, path string) ([]RelatedEntry, error) {
	var out []RelatedEntry
	err := s.eachRelatedRow(ctx, selectRelated+` WHERE o.path = ? ORDER BY r.rank`, []any{path},
		func(_ string, r RelatedEntry) error {
			out = append(out, r)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("related of %s: %w", path, err)
	}
	return out, nil
}

// EachRelated calls fn with every stored non-empty related list; the
// entries' Why is left out.
func (s *Store) EachRelated(ctx context.Context, fn func(path string, list []RelatedEntry) error) error {
	var cur string
	var list []RelatedEntry
	query := `SELECT o.path, t.path, t.headline, r.target_date, r.context, r.score, ''
		FROM related r JOIN events o ON o.id = r.event_id JOIN events t ON t.id = r.target_id
		ORDER BY r.event_id, r.rank`
	var fnErr error
	err := s.eachRelatedRow(ctx, query, nil, func(path string, r RelatedEntry) error {
		if path != cur && len(list) > 0 {
			if fnErr = fn(cur, list); fnErr != nil {
				return fnErr
			}
			list = nil
		}
		cur = path
		list = append(list, r)
		return nil
	})
	if fnErr != nil {
		return fnErr
	}
	if err != nil {
		return fmt.Errorf("related lists: %w", err)
	}
	if len(list) > 0 {
		return fn(cur, list)
	}
	return nil
}

// eachRelatedRow runs a selectRelated query and calls fn with each item and
// the path of the event whose list holds it.
func (s *Store) eachRelatedRow(ctx context.Context, query string, args []any, fn func(string, RelatedEntry) error) error {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var owner, date string
		var r RelatedEntry
		var context, why []byte
		if err := rows.Scan(&owner, &r.Path, &r.Headline, &date, &context, &r.Score, &why); err != nil {
			return err
		}
		if r.Date, err = event.ParseDate(date); err != nil {
			return fmt.Errorf("stored %w", err)
		}
		if r.Context, err = decodeStrings(context); err != nil {
			return err
		}
		if len(why) > 0 {
			r.Why = slices.Clone(json.RawMessage(why))
		}
		if err := fn(owner, r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// RelatedChangedSince returns, sorted, the paths of the events whose related
// list changed after generation since.
func (s *Store) RelatedChangedSince(ctx context.Context, since int64) ([]string, error) {
	return s.strings(ctx, `SELECT e.path FROM related_lists l JOIN events e ON e.id = l.event_id
		WHERE l.generation > ? ORDER BY e.path`, since)
}

// EventsRelatingTo returns, sorted, the paths of the events whose stored
// related list holds an event of one of the days (of their current events
// or of those an import deleted).
func (s *Store) EventsRelatingTo(ctx context.Context, days []event.Date) ([]string, error) {
	var out []string
	for _, d := range days {
		paths, err := s.strings(ctx, `SELECT DISTINCT e.path FROM related r JOIN events e ON e.id = r.event_id
			WHERE r.target_date = ?`, d.String())
		if err != nil {
			return nil, fmt.Errorf("events relating to %s: %w", d, err)
		}
		out = append(out, paths...)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// SaveRelated stores the related lists of the events at paths, computed at
// store generation gen (an event of paths absent from lists has none). Only
// a list that differs from the stored one is written and stamped with gen,
// and the related generation becomes gen. Paths that are not current events
// are skipped, and so are items pointing at one. It returns, sorted, the
// paths whose list changed.
func (s *Store) SaveRelated(ctx context.Context, gen int64, paths []string, lists map[string][]RelatedEntry) ([]string, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("save related: %w", err)
	}
	defer tx.Rollback()
	ids, err := eventIDs(ctx, tx, paths, lists)
	if err != nil {
		return nil, fmt.Errorf("save related: %w", err)
	}
	old, err := storedLists(ctx, tx, paths)
	if err != nil {
		return nil, fmt.Errorf("save related: %w", err)
	}
	var changed, replaced []string
	for _, p := range paths {
		prev, known := old[p]
		if _, current := ids[p]; !current || known && sameRelated(prev, lists[p]) {
			continue
		}
		changed = append(changed, p)
		if known {
			replaced = append(replaced, p)
		}
	}
	if err := writeLists(ctx, tx, gen, ids, changed, replaced, lists); err != nil {
		return nil, fmt.Errorf("save related: %w", err)
	}
	_, err = tx.ExecContext(ctx, `UPDATE counters SET value = ? WHERE name = 'related_generation'`, gen)
	if err != nil {
		return nil, fmt.Errorf("save related: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("save related: commit: %w", err)
	}
	slices.Sort(changed)
	return changed, nil
}

// pathChunk is how many paths one query names, as a JSON array.
const pathChunk = 500

// eachChunk calls fn with the paths, pathChunk at a time, as a JSON array.
func eachChunk(paths []string, fn func(list string) error) error {
	for len(paths) > 0 {
		n := min(len(paths), pathChunk)
		b, err := json.Marshal(paths[:n])
		if err != nil {
			return err
		}
		if err := fn(string(b)); err != nil {
			return err
		}
		paths = paths[n:]
	}
	return nil
}

// eventIDs finds the ids of the events at paths and of their related events.
func eventIDs(ctx context.Context, tx *sql.Tx, paths []string, lists map[string][]RelatedEntry) (map[string]int64, error) {
	all := slices.Clone(paths)
	for _, list := range lists {
		for _, r := range list {
			all = append(all, r.Path)
		}
	}
	slices.Sort(all)
	all = slices.Compact(all)
	ids := make(map[string]int64, len(all))
	err := eachChunk(all, func(list string) error {
		rows, err := tx.QueryContext(ctx, `SELECT path, id FROM events WHERE path IN (SELECT value FROM json_each(?))`, list)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p string
			var id int64
			if err := rows.Scan(&p, &id); err != nil {
				return err
			}
			ids[p] = id
		}
		return rows.Err()
	})
	return ids, err
}

// storedLists reads the saved lists of the paths: a path has an entry, maybe
// empty, when its list was ever saved.
func storedLists(ctx context.Context, tx *sql.Tx, paths []string) (map[string][]RelatedEntry, error) {
	out := map[string][]RelatedEntry{}
	err := eachChunk(paths, func(list string) error {
		rows, err := tx.QueryContext(ctx, `
			SELECT o.path, t.path, t.headline, r.target_date, r.context, r.score
			FROM events o JOIN related_lists l ON l.event_id = o.id
			LEFT JOIN related r ON r.event_id = l.event_id LEFT JOIN events t ON t.id = r.target_id
			WHERE o.path IN (SELECT value FROM json_each(?))
			ORDER BY o.id, r.rank`, list)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := scanStored(rows, out); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	return out, err
}

func scanStored(rows *sql.Rows, out map[string][]RelatedEntry) error {
	var owner string
	var target, headline, date, context sql.NullString
	var score sql.NullFloat64
	if err := rows.Scan(&owner, &target, &headline, &date, &context, &score); err != nil {
		return err
	}
	if !date.Valid {
		out[owner] = out[owner][:0:0] // saved, empty
		return nil
	}
	// A target that no longer exists shows as an empty path: never equal.
	r := RelatedEntry{Path: target.String, Headline: headline.String, Score: score.Float64}
	var err error
	if r.Date, err = event.ParseDate(date.String); err != nil {
		return fmt.Errorf("stored %w", err)
	}
	if r.Context, err = decodeStrings([]byte(context.String)); err != nil {
		return err
	}
	out[owner] = append(out[owner], r)
	return nil
}

// writeLists deletes the items of the replaced lists and writes the changed
// lists, stamped with gen.
func writeLists(ctx context.Context, tx *sql.Tx, gen int64, ids map[string]int64, changed, replaced []string,
	lists map[string][]RelatedEntry) error {
	err := eachChunk(replaced, func(list string) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM related WHERE event_id IN
			(SELECT id FROM events WHERE path IN (SELECT value FROM json_each(?)))`, list)
		return err
	})
	if err != nil {
		return err
	}
	heads := newRowInserter(tx, `INSERT INTO related_lists (event_id, generation) VALUES`, 2,
		`ON CONFLICT (event_id) DO UPDATE SET generation = excluded.generation`)
	items := newRowInserter(tx, `INSERT INTO related
		(event_id, rank, target_id, target_date, context, score, why) VALUES`, 7, "")
	for _, p := range changed {
		heads.add(ids[p], gen)
		rank := 0
		for _, r := range lists[p] {
			target, ok := ids[r.Path]
			if !ok {
				continue
			}
			ctxJSON, err := json.Marshal(nonNil(r.Context))
			if err != nil {
				return err
			}
			why := r.Why
			if len(why) == 0 {
				why = json.RawMessage("{}")
			}
			items.add(ids[p], rank, target, r.Date.String(), string(ctxJSON), r.Score, string(why))
			rank++
		}
		if len(items.args) >= maxRows*items.width {
			if err := errors.Join(heads.flush(ctx), items.flush(ctx)); err != nil {
				return err
			}
		}
	}
	return errors.Join(heads.flush(ctx), items.flush(ctx))
}

// sameRelated compares two lists by what a page shows of them and their scores.
func sameRelated(a, b []RelatedEntry) bool {
	return slices.EqualFunc(a, b, func(x, y RelatedEntry) bool {
		return x.Path == y.Path && x.Headline == y.Headline && x.Date == y.Date &&
			slices.Equal(x.Context, y.Context) && x.Score == y.Score
	})
}

// EachRankingEvent calls fn, in date and page order, with every current
// event holding only what ranking related events needs: path, date,
// position, headline, stories and entities. Three flat queries joined in
// memory make it much faster than EachEvent.
func (s *Store) EachRankingEvent(ctx context.Context, fn func(event.Event) error) error {
	events, byID, err := s.rankingEvents(ctx)
	if err != nil {
		return fmt.Errorf("ranking events: %w", err)
	}
	err = s.eachLink(ctx, `SELECT l.event_id, t.title FROM event_entities l JOIN entities t ON t.id = l.entity_id
		ORDER BY l.event_id, l.ord`, func(id int64, title string) {
		if e := byID[id]; e != nil {
			e.Entities = append(e.Entities, event.Entity{Title: title})
		}
	})
	if err != nil {
		return fmt.Errorf("ranking events: %w", err)
	}
	err = s.eachLink(ctx, `SELECT l.event_id, t.title FROM event_stories l JOIN stories t ON t.id = l.story_id
		ORDER BY l.event_id, l.depth`, func(id int64, title string) {
		if e := byID[id]; e != nil {
			e.Stories = append(e.Stories, title)
		}
	})
	if err != nil {
		return fmt.Errorf("ranking events: %w", err)
	}
	for _, e := range events {
		if err := fn(*e); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) rankingEvents(ctx context.Context) ([]*event.Event, map[int64]*event.Event, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, path, date, position, headline FROM events ORDER BY date, position`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var events []*event.Event
	byID := map[int64]*event.Event{}
	var lastDate string
	var date event.Date
	for rows.Next() {
		e := &event.Event{}
		var id int64
		var d string
		if err := rows.Scan(&id, &e.Path, &d, &e.Position, &e.Headline); err != nil {
			return nil, nil, err
		}
		if d != lastDate {
			if date, err = event.ParseDate(d); err != nil {
				return nil, nil, fmt.Errorf("stored %w", err)
			}
			lastDate = d
		}
		e.Date = date
		events = append(events, e)
		byID[id] = e
	}
	return events, byID, rows.Err()
}

// eachLink runs a query of (event id, title) rows.
func (s *Store) eachLink(ctx context.Context, query string, fn func(id int64, title string)) error {
	rows, err := s.db.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var title string
		if err := rows.Scan(&id, &title); err != nil {
			return err
		}
		fn(id, title)
	}
	return rows.Err()
}

// strings runs a query of one text column.
func (s *Store) strings(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// RelatedFloors returns, for each of the events at paths whose list was
// saved, the lowest score its list holds when it holds limit items, else 0:
// the score another event must beat to enter it.
func (s *Store) RelatedFloors(ctx context.Context, paths []string, limit int) (map[string]float64, error) {
	out := map[string]float64{}
	err := eachChunk(paths, func(list string) error {
		rows, err := s.db.QueryContext(ctx, `
			SELECT o.path, CASE WHEN count(r.rank) >= ? THEN min(r.score) ELSE 0 END
			FROM events o JOIN related_lists l ON l.event_id = o.id LEFT JOIN related r ON r.event_id = l.event_id
			WHERE o.path IN (SELECT value FROM json_each(?)) GROUP BY o.id`, limit, list)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p string
			var floor float64
			if err := rows.Scan(&p, &floor); err != nil {
				return err
			}
			out[p] = floor
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("related floors: %w", err)
	}
	return out, nil
}
