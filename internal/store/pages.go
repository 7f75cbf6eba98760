package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// The queries of this file serve publishing: the pages of one day, month,
// year, topic, story or category, and the lists of them.

// EventsOfCategory returns the events of the canonical category, newest day
// first and in page order within a day; none when the category is unknown.
func (s *Store) EventsOfCategory(ctx context.Context, name string) ([]event.Event, error) {
	events, err := s.collectEvents(ctx, selectEvents+`
		WHERE e.category = ? ORDER BY e.date DESC, e.position`, name)
	if err != nil {
		return nil, fmt.Errorf("events of category %q: %w", name, err)
	}
	return events, nil
}

// LatestEvents returns the n latest events, newest day first and in page
// order within a day.
func (s *Store) LatestEvents(ctx context.Context, n int) ([]event.Event, error) {
	events, err := s.collectEvents(ctx, selectEvents+` ORDER BY e.date DESC, e.position LIMIT ?`, n)
	if err != nil {
		return nil, fmt.Errorf("latest events: %w", err)
	}
	return events, nil
}

// LatestDays returns the n latest days that have events, newest first.
func (s *Store) LatestDays(ctx context.Context, n int) ([]event.Date, error) {
	return s.dates(ctx, `SELECT DISTINCT date FROM events ORDER BY date DESC LIMIT ?`, n)
}

// EventDayBefore returns the latest day with events before the ISO date or
// date prefix bound (e.g. "2013-06-06", "2013-06"), zero when there is none.
func (s *Store) EventDayBefore(ctx context.Context, bound string) (event.Date, error) {
	return s.oneDate(ctx, `SELECT max(date) FROM events WHERE date < ?`, bound)
}

// EventDayAfter returns the earliest day with events after every date that
// starts with prefix (e.g. "2013-06-06", "2013-06", "2013"), zero when there
// is none.
func (s *Store) EventDayAfter(ctx context.Context, prefix string) (event.Date, error) {
	return s.oneDate(ctx, `SELECT min(date) FROM events WHERE date > ? || '~'`, prefix)
}

func (s *Store) oneDate(ctx context.Context, query string, args ...any) (event.Date, error) {
	var d sql.NullString
	if err := s.reads.QueryRowContext(ctx, query, args...).Scan(&d); err != nil {
		return event.Date{}, fmt.Errorf("find day: %w", err)
	}
	if !d.Valid {
		return event.Date{}, nil
	}
	date, err := event.ParseDate(d.String)
	if err != nil {
		return event.Date{}, fmt.Errorf("find day: stored %w", err)
	}
	return date, nil
}

func (s *Store) dates(ctx context.Context, query string, args ...any) ([]event.Date, error) {
	raw, err := s.strings(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list days: %w", err)
	}
	out := make([]event.Date, len(raw))
	for i, r := range raw {
		if out[i], err = event.ParseDate(r); err != nil {
			return nil, fmt.Errorf("list days: stored %w", err)
		}
	}
	return out, nil
}

// DayCount is how many events a day holds.
type DayCount struct {
	Date   event.Date
	Events int
}

// DayCounts lists every day with events, in date order, with its count:
// from the counts UpdateTitleCounts keeps when they are of the store's
// generation, else counted afresh (a scan of the date index: 0.05 CPU-s of
// every incremental build of the corpus, against a read of 8,600 rows).
func (s *Store) DayCounts(ctx context.Context) ([]DayCount, error) {
	current, err := s.countsCurrent(ctx)
	if err != nil {
		return nil, fmt.Errorf("day counts: %w", err)
	}
	query := `SELECT date, events FROM day_counts ORDER BY date`
	if !current {
		query = countDaysQuery
	}
	return scanDayCounts(ctx, s.reads, query)
}

// countDaysQuery counts every day's current events.
const countDaysQuery = `SELECT date, count(*) FROM events GROUP BY date ORDER BY date`

func scanDayCounts(ctx context.Context, q queryer, query string) ([]DayCount, error) {
	var out []DayCount
	err := eachRow(ctx, q, query, nil, func(rows *sql.Rows) error {
		var c DayCount
		var date string
		err := rows.Scan(&date, &c.Events)
		if err != nil {
			return err
		}
		if c.Date, err = event.ParseDate(date); err != nil {
			return fmt.Errorf("stored %w", err)
		}
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("day counts: %w", err)
	}
	return out, nil
}

// countsCurrent reports whether the stored counts (UpdateTitleCounts) are
// of the store's generation.
func (s *Store) countsCurrent(ctx context.Context) (bool, error) {
	var current bool
	err := s.reads.QueryRowContext(ctx, `SELECT (SELECT value FROM counters WHERE name = 'counts_generation') =
		(SELECT value FROM counters WHERE name = 'generation')`).Scan(&current)
	return current, err
}

// TitleCount is a topic, story or category with its number of current events.
type TitleCount struct {
	Title  string
	Slug   string
	Events int
	// Newest is the day of its latest event.
	Newest event.Date
}

// titleCountQueries count the current events of every slugged row of a kind.
var titleCountQueries = map[event.Kind]string{
	event.KindTopic: `SELECT t.title, t.slug, count(DISTINCT l.event_id), max(e.date) FROM event_entities l
		JOIN entities t ON t.id = l.entity_id JOIN events e ON e.id = l.event_id
		GROUP BY t.id ORDER BY t.title`,
	event.KindStory: `SELECT t.title, t.slug, count(DISTINCT l.event_id), max(e.date) FROM event_stories l
		JOIN stories t ON t.id = l.story_id JOIN events e ON e.id = l.event_id
		GROUP BY t.id ORDER BY t.title`,
	event.KindCategory: `SELECT c.name, c.slug, count(*), max(e.date) FROM events e
		JOIN categories c ON c.name = e.category GROUP BY c.name ORDER BY c.name`,
}

// TitleCounts lists every topic, story or category that has current events,
// by title, with its slug and number of events: from the counts
// UpdateTitleCounts keeps when they are of the store's generation, else
// counted afresh.
func (s *Store) TitleCounts(ctx context.Context, kind event.Kind) ([]TitleCount, error) {
	return s.TitleCountsWithSlugs(ctx, kind, nil)
}

// TitleCountsWithSlugs is TitleCounts with the slugs of the stored counts
// taken from slugs, the kind's Slugs that the caller holds already, rather
// than read again beside each count: joining every count to its title's row
// cost an incremental build of the corpus 0.05 CPU-s. With slugs nil, they
// are read. A title with no slug in slugs (one the store has no row or no
// slug for, which a consistent store never counts) gets none.
func (s *Store) TitleCountsWithSlugs(ctx context.Context, kind event.Kind, slugs map[string]string) ([]TitleCount, error) {
	query, ok := storedCountQueries[kind]
	if !ok {
		return nil, fmt.Errorf("counts of %s: unknown kind", kind)
	}
	if slugs != nil {
		query = bareCountQuery
	}
	current, err := s.countsCurrent(ctx)
	if err != nil {
		return nil, fmt.Errorf("counts of %s: %w", kind, err)
	}
	if !current {
		return s.countTitles(ctx, kind)
	}
	var args []any
	if slugs != nil {
		args = []any{string(kind)}
	}
	counts, err := scanTitleCounts(ctx, s.reads, query, args...)
	if err != nil {
		return nil, fmt.Errorf("counts of %s: %w", kind, err)
	}
	if slugs != nil {
		for i := range counts {
			counts[i].Slug = slugs[counts[i].Title]
		}
	}
	return counts, nil
}

// countTitles is TitleCounts counted from the events.
func (s *Store) countTitles(ctx context.Context, kind event.Kind) ([]TitleCount, error) {
	var counts []TitleCount
	var err error
	if _, ok := linkCountSources[kind]; ok {
		counts, err = s.linkCounts(ctx, kind)
	} else {
		counts, err = scanTitleCounts(ctx, s.reads, titleCountQueries[kind])
	}
	if err != nil {
		return nil, fmt.Errorf("counts of %s: %w", kind, err)
	}
	return counts, nil
}

// scanTitleCounts runs a query of title, slug, events and newest day.
func scanTitleCounts(ctx context.Context, q queryer, query string, args ...any) ([]TitleCount, error) {
	var out []TitleCount
	err := eachRow(ctx, q, query, args, func(rows *sql.Rows) error {
		var c TitleCount
		var slug sql.NullString
		var newest string
		if err := rows.Scan(&c.Title, &slug, &c.Events, &newest); err != nil {
			return err
		}
		c.Slug = slug.String
		var err error
		if c.Newest, err = event.ParseDate(newest); err != nil {
			return fmt.Errorf("stored %w", err)
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

// LastModified returns the newest timestamp of the current revisions of the
// days; zero when none is stored. With no days, it covers the whole store.
func (s *Store) LastModified(ctx context.Context, days ...event.Date) (time.Time, error) {
	query := `SELECT max(r.timestamp) FROM days d JOIN revisions r ON r.id = d.revision`
	var args []any
	if len(days) > 0 {
		iso := make([]string, len(days))
		for i, d := range days {
			iso[i] = d.String()
		}
		list, err := json.Marshal(iso)
		if err != nil {
			return time.Time{}, fmt.Errorf("last modified: %w", err)
		}
		query += ` WHERE d.date IN (SELECT value FROM json_each(?))`
		args = append(args, string(list))
	}
	var ts sql.NullString
	err := s.reads.QueryRowContext(ctx, query, args...).Scan(&ts)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, fmt.Errorf("last modified: %w", err)
	}
	if !ts.Valid {
		return time.Time{}, nil
	}
	return parseTime(ts.String)
}

// NewestRevision returns the newest timestamp of every revision stored,
// current or replaced since; zero when none is. Every edit of an event was
// saved by one of them (EditList).
func (s *Store) NewestRevision(ctx context.Context) (time.Time, error) {
	var ts sql.NullString
	if err := s.reads.QueryRowContext(ctx, `SELECT max(timestamp) FROM revisions`).Scan(&ts); err != nil {
		return time.Time{}, fmt.Errorf("newest revision: %w", err)
	}
	if !ts.Valid {
		return time.Time{}, nil
	}
	return parseTime(ts.String)
}

// PathDate is an event's path and day.
type PathDate struct {
	Path string
	Date event.Date
}

// EventPathsOfYear lists the path and day of every current event of a year,
// in date and page order.
func (s *Store) EventPathsOfYear(ctx context.Context, year int) ([]PathDate, error) {
	var out []PathDate
	var last string
	var lastDate event.Date
	bounds := []any{fmt.Sprintf("%04d", year), fmt.Sprintf("%04d", year+1)}
	err := eachRow(ctx, s.reads, `SELECT path, date FROM events INDEXED BY events_by_date
		WHERE date >= ? AND date < ? ORDER BY date, position`, bounds,
		func(rows *sql.Rows) error {
			var p PathDate
			var date string
			err := rows.Scan(&p.Path, &date)
			if err != nil {
				return err
			}
			if date != last {
				if lastDate, err = event.ParseDate(date); err != nil {
					return fmt.Errorf("stored %w", err)
				}
				last = date
			}
			p.Date = lastDate
			out = append(out, p)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("event paths: %w", err)
	}
	return out, nil
}

// topicFilters select the events of a topic (entity), story or category by title.
var topicFilters = map[event.Kind]string{
	event.KindTopic: `e.id IN (SELECT l.event_id FROM event_entities l JOIN entities t ON t.id = l.entity_id
		WHERE t.title = ?)`,
	event.KindStory: `e.id IN (SELECT l.event_id FROM event_stories l JOIN stories t ON t.id = l.story_id
		WHERE t.title = ?)`,
	event.KindCategory: `e.category = ?`,
}

func topicFilter(kind event.Kind) (string, error) {
	f, ok := topicFilters[kind]
	if !ok {
		return "", fmt.Errorf("unknown kind %q", kind)
	}
	return f, nil
}

// TopicEvents returns the latest limit events of a topic, story or category,
// newest day first and in page order within a day.
// The topic index finds them (titlePageIDs), as it finds a page's listing.
func (s *Store) TopicEvents(ctx context.Context, kind event.Kind, title string, limit int) ([]event.Event, error) {
	ids, err := s.titlePageIDs(ctx, kind, title, 0, 0, limit)
	if err != nil {
		return nil, fmt.Errorf("events of %s %q: %w", kind, title, err)
	}
	events, err := s.collectEvents(ctx, selectEvents+` WHERE e.id IN (SELECT value FROM json_each(?))
		ORDER BY e.date DESC, e.position`, ids)
	if err != nil {
		return nil, fmt.Errorf("events of %s %q: %w", kind, title, err)
	}
	return events, nil
}

// YearCount is how many events of a topic a year holds.
type YearCount struct {
	Year, Events int
}

// TopicYears counts the events of a topic, story or category per year, oldest first.
func (s *Store) TopicYears(ctx context.Context, kind event.Kind, title string) ([]YearCount, error) {
	idx, err := s.topics(ctx)
	if err != nil {
		return nil, fmt.Errorf("years of %s %q: %w", kind, title, err)
	}
	ranks, err := idx.events(kind, title)
	if err != nil {
		return nil, fmt.Errorf("years of %s %q: %w", kind, title, err)
	}
	return idx.yearCounts(ranks), nil
}

// topicYearsSQL is TopicYears in SQL, without the topic index.
func (s *Store) topicYearsSQL(ctx context.Context, kind event.Kind, title string) ([]YearCount, error) {
	filter, err := topicFilter(kind)
	if err != nil {
		return nil, err
	}
	var out []YearCount
	err = eachRow(ctx, s.reads, `SELECT CAST(substr(e.date, 1, 4) AS INTEGER), count(*)
		FROM events e WHERE `+filter+` GROUP BY 1 ORDER BY 1`, []any{title}, func(rows *sql.Rows) error {
		var y YearCount
		if err := rows.Scan(&y.Year, &y.Events); err != nil {
			return err
		}
		out = append(out, y)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("years of %s %q: %w", kind, title, err)
	}
	return out, nil
}

// CoTopics returns the limit topics (entities) linked most often by the
// events of a topic, story or category, most first, ties by title; a topic
// is not its own co-topic.
func (s *Store) CoTopics(ctx context.Context, kind event.Kind, title string, limit int) ([]TitleCount, error) {
	idx, err := s.topics(ctx)
	if err != nil {
		return nil, fmt.Errorf("co-topics of %s %q: %w", kind, title, err)
	}
	ranks, err := idx.events(kind, title)
	if err != nil {
		return nil, fmt.Errorf("co-topics of %s %q: %w", kind, title, err)
	}
	self := ""
	if kind == event.KindTopic {
		self = title
	}
	return idx.coTopics(ranks, self, limit), nil
}

// CoTopicsBySQL returns what CoTopics does, in SQL without the topic
// index: for a few titles, cheaper than loading the index of every
// event's topics (an incremental build that touches the titles of a day).
func (s *Store) CoTopicsBySQL(ctx context.Context, kind event.Kind, title string, limit int) ([]TitleCount, error) {
	return s.coTopicsSQL(ctx, kind, title, limit)
}

// coTopicsSQL is CoTopics in SQL, without the topic index.
func (s *Store) coTopicsSQL(ctx context.Context, kind event.Kind, title string, limit int) ([]TitleCount, error) {
	filter, err := topicFilter(kind)
	if err != nil {
		return nil, err
	}
	self := ""
	if kind == event.KindTopic {
		self = title
	}
	var out []TitleCount
	// Counting by entity id before joining the titles keeps the grouping
	// to integers: a third faster on a category of half the archive.
	err = eachRow(ctx, s.reads, `SELECT t.title, c.n FROM (
			SELECT l.entity_id AS id, count(DISTINCT l.event_id) AS n
			FROM events e JOIN event_entities l ON l.event_id = e.id
			WHERE `+filter+` GROUP BY l.entity_id) c
		JOIN entities t ON t.id = c.id
		WHERE t.title != ?
		ORDER BY c.n DESC, t.title LIMIT ?`, []any{title, self, limit}, func(rows *sql.Rows) error {
		var c TitleCount
		if err := rows.Scan(&c.Title, &c.Events); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("co-topics of %s %q: %w", kind, title, err)
	}
	return out, nil
}
