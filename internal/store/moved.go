package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/identity"
)

// migrationMoved is migration 9: where the path of an edited event leads,
// and the last text of the events that left the portal. When a day is
// replaced, its old events are matched to the new ones (identity.Match):
// the old path of an event whose edit changed its path leads to its new
// path (moved_to; the paths that led to the old one lead on to the new),
// and an event matched to none keeps its page from removed_events.
const migrationMoved = `
ALTER TABLE path_history ADD COLUMN moved_to TEXT;
CREATE INDEX path_history_by_moved_to ON path_history (moved_to) WHERE moved_to IS NOT NULL;

-- The events the portal no longer has: event is the event.Event as JSON,
-- as it last was; removed the day of the revision that removed it.
CREATE TABLE removed_events (
	path    TEXT PRIMARY KEY,
	date    TEXT NOT NULL,
	removed TEXT NOT NULL,
	event   TEXT NOT NULL
) STRICT;
CREATE INDEX removed_events_by_date ON removed_events (date);
`

// RemovedEvent is an event the portal no longer has, as it last was.
type RemovedEvent struct {
	Event event.Event
	// Removed is the day of the revision that removed it.
	Removed event.Date
}

// carryIdentities matches the stored events of a day that is being
// replaced to its new events: a path an edit changed leads to the new one,
// a headline it changed is kept as an earlier text, an event matched to none is kept as removed on the day of revision r, and
// a removed event that is back is no longer kept.
func (im *importer) carryIdentities(ctx context.Context, d *Day, r revision) error {
	old, err := collectEventsOf(ctx, im.tx, d.Date)
	if err != nil {
		return fmt.Errorf("read old events: %w", err)
	}
	removed := event.NewDate(r.timestamp.UTC()).String()
	was := im.current[d.Date]
	for _, p := range identity.Match(old, d.Events) {
		switch {
		case p.New < 0:
			if err := im.keepRemoved(ctx, old[p.Old], removed, r.timestamp); err != nil {
				return err
			}
			im.removed++
			continue
		case p.Old < 0:
			continue
		}
		o, n := old[p.Old], d.Events[p.New]
		if o.Path != n.Path {
			if _, err := im.tx.ExecContext(ctx, `
				UPDATE path_history SET moved_to = ?2 WHERE (path = ?1 OR moved_to = ?1) AND path <> ?2`,
				o.Path, n.Path); err != nil {
				return fmt.Errorf("move path %s: %w", o.Path, err)
			}
		}
		if err := im.keepEarlierText(ctx, o, n, was, r); err != nil {
			return err
		}
	}
	paths := make([]string, len(d.Events))
	for i, e := range d.Events {
		paths[i] = e.Path
	}
	list, err := json.Marshal(paths)
	if err != nil {
		return err
	}
	if _, err := im.tx.ExecContext(ctx, `DELETE FROM removed_events WHERE path IN (SELECT value FROM json_each(?))`,
		string(list)); err != nil {
		return fmt.Errorf("events back on the portal: %w", err)
	}
	return nil
}

// keepRemoved stores an event that left the portal, as it last was, on the
// day removed by the revision saved at.
func (im *importer) keepRemoved(ctx context.Context, e event.Event, removed string, at time.Time) error {
	js, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("removed event %s: %w", e.Path, err)
	}
	_, err = im.tx.ExecContext(ctx, `
		INSERT INTO removed_events (path, date, removed, event, removed_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (path) DO UPDATE SET removed = excluded.removed, event = excluded.event, removed_at = excluded.removed_at`,
		e.Path, e.Date.String(), removed, string(js), formatTime(at))
	if err == nil {
		_, err = im.tx.ExecContext(ctx, `UPDATE path_history SET moved_to = NULL WHERE path = ?`, e.Path)
	}
	if err != nil {
		return fmt.Errorf("keep removed event %s: %w", e.Path, err)
	}
	return nil
}

// collectEventsOf reads the events of a day in page order, within q;
// none (not nil) when the day is unknown.
func collectEventsOf(ctx context.Context, q queryer, d event.Date) ([]event.Event, error) {
	events := []event.Event{}
	err := eachRow(ctx, q, selectEvents+` WHERE e.date = ? ORDER BY e.position`, []any{d.String()},
		func(rows *sql.Rows) error {
			e, err := scanEvent(rows)
			events = append(events, e)
			return err
		})
	return events, err
}

// Removed returns the event at path that the portal no longer has, or
// ErrNotFound.
func (s *Store) Removed(ctx context.Context, path string) (RemovedEvent, error) {
	list, err := s.removedEvents(ctx, `WHERE path = ?`, path)
	if err != nil {
		return RemovedEvent{}, fmt.Errorf("removed event %s: %w", path, err)
	}
	if len(list) == 0 {
		return RemovedEvent{}, fmt.Errorf("removed event %s: %w", path, ErrNotFound)
	}
	return list[0], nil
}

// RemovedEvents lists the events the portal no longer has, by path.
func (s *Store) RemovedEvents(ctx context.Context) ([]RemovedEvent, error) {
	list, err := s.removedEvents(ctx, `ORDER BY path`)
	if err != nil {
		return nil, fmt.Errorf("removed events: %w", err)
	}
	return list, nil
}

func (s *Store) removedEvents(ctx context.Context, where string, args ...any) ([]RemovedEvent, error) {
	var out []RemovedEvent
	err := eachRow(ctx, s.reads, `SELECT removed, event FROM removed_events `+where, args, func(rows *sql.Rows) error {
		var r RemovedEvent
		var removed string
		var js []byte
		if err := rows.Scan(&removed, &js); err != nil {
			return err
		}
		var err error
		if r.Removed, err = event.ParseDate(removed); err != nil {
			return fmt.Errorf("stored %w", err)
		}
		if err := json.Unmarshal(js, &r.Event); err != nil {
			return fmt.Errorf("stored event: %w", err)
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// FormerPathsOf returns, for those of the events at paths that have any,
// the paths that lead to them (those their earlier versions had), sorted:
// one query for them all.
func (s *Store) FormerPathsOf(ctx context.Context, paths []string) (map[string][]string, error) {
	list, err := json.Marshal(paths)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	err = eachRow(ctx, s.reads, `SELECT moved_to, path FROM path_history WHERE moved_to IN (SELECT value FROM json_each(?)) ORDER BY path`,
		[]any{string(list)}, func(rows *sql.Rows) error {
			var to, from string
			err := rows.Scan(&to, &from)
			out[to] = append(out[to], from)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("former paths of %d events: %w", len(paths), err)
	}
	return out, nil
}

// Moves returns every path that leads to another: the former path of an
// edited event and where it leads.
func (s *Store) Moves(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	if err := pairsInto(ctx, s.reads, out, `SELECT path, moved_to FROM path_history WHERE moved_to IS NOT NULL`); err != nil {
		return nil, fmt.Errorf("moved paths: %w", err)
	}
	return out, nil
}
