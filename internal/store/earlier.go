package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// migrationEarlierTexts is migration 18: the text an edit replaced. When a
// replaced day's event is matched to a new one with another headline, the
// old headline is kept with the revision that had it, under the event's
// current path (moved on with later edits), so that its page can show what
// a link cited before the edit read.
const migrationEarlierTexts = `
CREATE TABLE earlier_texts (
	path      TEXT    NOT NULL,
	headline  TEXT    NOT NULL,
	rev_id    INTEGER NOT NULL, -- the revision of the day's page that had it; 0: not known
	timestamp TEXT    NOT NULL, -- that revision's
	replaced  TEXT    NOT NULL  -- the timestamp of the revision that changed it
) STRICT;
CREATE INDEX earlier_texts_by_path ON earlier_texts (path, replaced);
`

// EarlierText is a headline an edited event had before an edit.
type EarlierText struct {
	Headline string
	// RevisionID and Timestamp are those of the revision of the day's page
	// that had it (RevisionID 0: not known).
	RevisionID int64
	Timestamp  time.Time
	// Replaced is the time of the revision that changed it.
	Replaced time.Time
}

// keepEarlierText records what an edit of old into new replaced: old's
// earlier texts follow the event to new's path, and old's headline, had by
// revision was and changed by revision now, is one of them when new's
// differs.
func (im *importer) keepEarlierText(ctx context.Context, old, new event.Event, was, now revision) error {
	if old.Path != new.Path {
		if _, err := im.tx.ExecContext(ctx, `UPDATE earlier_texts SET path = ? WHERE path = ?`, new.Path, old.Path); err != nil {
			return fmt.Errorf("move the earlier texts of %s: %w", old.Path, err)
		}
	}
	if old.Headline == new.Headline {
		return nil
	}
	im.edited++
	_, err := im.tx.ExecContext(ctx, `INSERT INTO earlier_texts (path, headline, rev_id, timestamp, replaced) VALUES (?, ?, ?, ?, ?)`,
		new.Path, old.Headline, was.id, formatTime(was.timestamp), formatTime(now.timestamp))
	if err != nil {
		return fmt.Errorf("keep the earlier text of %s: %w", new.Path, err)
	}
	return nil
}

// EarlierTextsOf returns the earlier texts of those of the events at paths
// that have any, by path, oldest first: one query for them all.
func (s *Store) EarlierTextsOf(ctx context.Context, paths []string) (map[string][]EarlierText, error) {
	list, err := json.Marshal(paths)
	if err != nil {
		return nil, err
	}
	out := map[string][]EarlierText{}
	err = s.eachEarlierText(ctx, `WHERE path IN (SELECT value FROM json_each(?))`, []any{string(list)}, func(path string, t EarlierText) {
		out[path] = append(out[path], t)
	})
	if err != nil {
		return nil, fmt.Errorf("earlier texts of %d events: %w", len(paths), err)
	}
	return out, nil
}

// AllEarlierTexts returns the earlier texts of every event that has any, by
// its path, oldest first.
func (s *Store) AllEarlierTexts(ctx context.Context) (map[string][]EarlierText, error) {
	out := map[string][]EarlierText{}
	err := s.eachEarlierText(ctx, ``, nil, func(path string, t EarlierText) {
		out[path] = append(out[path], t)
	})
	if err != nil {
		return nil, fmt.Errorf("earlier texts: %w", err)
	}
	return out, nil
}

func (s *Store) eachEarlierText(ctx context.Context, where string, args []any, add func(path string, t EarlierText)) error {
	return eachRow(ctx, s.reads, `SELECT path, headline, rev_id, timestamp, replaced FROM earlier_texts `+where+
		` ORDER BY path, replaced, rowid`, args, func(rows *sql.Rows) error {
		var t EarlierText
		var path, ts, replaced string
		if err := rows.Scan(&path, &t.Headline, &t.RevisionID, &ts, &replaced); err != nil {
			return err
		}
		var err error
		if t.Timestamp, err = parseTime(ts); err != nil {
			return err
		}
		if t.Replaced, err = parseTime(replaced); err != nil {
			return err
		}
		add(path, t)
		return nil
	})
}
