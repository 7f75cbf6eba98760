package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
)

// YearTops returns the n topics and the n stories with the most events in a
// year, most first, ties by title; each event counts once for a title it
// links more than once. Only Title and Events of each TitleCount are set.
// It counts in SQL what a year's page shows, where reading the year's
// events in full (EachEvent) takes a tenth of a second for a big year.
func (s *Store) YearTops(ctx context.Context, year, n int) (topics, stories []TitleCount, err error) {
	from, to := strconv.Itoa(year)+"-01-01", strconv.Itoa(year)+"-12-31"
	if topics, err = s.topTitles(ctx, topTopicsOfYear, from, to, n); err != nil {
		return nil, nil, fmt.Errorf("top topics of %d: %w", year, err)
	}
	if stories, err = s.topTitles(ctx, topStoriesOfYear, from, to, n); err != nil {
		return nil, nil, fmt.Errorf("top stories of %d: %w", year, err)
	}
	return topics, stories, nil
}

// The counts are grouped by id before the titles are joined: a year links
// a few thousand titles, of tens of thousands of links.
const (
	topTopicsOfYear = `SELECT t.title, c.n FROM (
		SELECT l.entity_id AS id, count(DISTINCT l.event_id) AS n
		FROM events e JOIN event_entities l ON l.event_id = e.id
		WHERE e.date BETWEEN ? AND ? GROUP BY l.entity_id) c
		JOIN entities t ON t.id = c.id ORDER BY c.n DESC, t.title LIMIT ?`
	topStoriesOfYear = `SELECT t.title, c.n FROM (
		SELECT l.story_id AS id, count(DISTINCT l.event_id) AS n
		FROM events e JOIN event_stories l ON l.event_id = e.id
		WHERE e.date BETWEEN ? AND ? GROUP BY l.story_id) c
		JOIN stories t ON t.id = c.id ORDER BY c.n DESC, t.title LIMIT ?`
)

func (s *Store) topTitles(ctx context.Context, query, from, to string, n int) ([]TitleCount, error) {
	out := []TitleCount{}
	err := eachRow(ctx, s.reads, query, []any{from, to, n}, func(rows *sql.Rows) error {
		var c TitleCount
		if err := rows.Scan(&c.Title, &c.Events); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	return out, err
}
