package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// EachRankingEvent calls fn, in date and page order, with every current
// event holding only what ranking related events needs (see RankingEvents).
func (s *Store) EachRankingEvent(ctx context.Context, fn func(event.Event) error) error {
	events, err := s.RankingEvents(ctx)
	if err != nil {
		return err
	}
	for i := range events {
		if err := fn(events[i]); err != nil {
			return err
		}
	}
	return nil
}

// RankingEvents returns, in date and page order, every current event
// holding only what ranking related events needs: path, date, position,
// headline, stories and entities. Flat scans of the events and of their
// links, run at once and joined in memory by id with titles read once, make
// it much faster than EachEvent.
func (s *Store) RankingEvents(ctx context.Context) ([]event.Event, error) {
	var events []event.Event
	var ids []int64
	var entities, stories []titledLink
	var errs [3]error
	var wg sync.WaitGroup
	wg.Go(func() { events, ids, errs[0] = s.leanEvents(ctx) })
	wg.Go(func() {
		entities, errs[1] = s.titledLinks(ctx, `SELECT id, title FROM entities`,
			`SELECT event_id, entity_id, ord FROM event_entities`)
	})
	wg.Go(func() {
		stories, errs[2] = s.titledLinks(ctx, `SELECT id, title FROM stories`,
			`SELECT event_id, story_id, depth FROM event_stories`)
	})
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return nil, fmt.Errorf("ranking events: %w", err)
	}
	at := make(map[int64]int32, len(events))
	for i, id := range ids {
		at[id] = int32(i)
	}
	order := make([][]int64, len(events))
	for _, l := range entities {
		if i, ok := at[l.event]; ok {
			events[i].Entities = append(events[i].Entities, event.Entity{Title: l.title})
			order[i] = append(order[i], l.order)
		}
	}
	for i := range events {
		inOrder(events[i].Entities, order[i])
		order[i] = order[i][:0]
	}
	for _, l := range stories {
		if i, ok := at[l.event]; ok {
			events[i].Stories = append(events[i].Stories, l.title)
			order[i] = append(order[i], l.order)
		}
	}
	for i := range events {
		inOrder(events[i].Stories, order[i])
	}
	return events, nil
}

// titledLink is a link of an event to a titled row, with its stored order.
type titledLink struct {
	event, order int64
	title        string
}

// titledLinks reads a link table, in row order, with the titles of the
// linked rows, each title string shared by all its links.
func (s *Store) titledLinks(ctx context.Context, titlesQuery, linksQuery string) ([]titledLink, error) {
	titles, err := s.titles(ctx, titlesQuery)
	if err != nil {
		return nil, err
	}
	var out []titledLink
	err = s.eachLinkID(ctx, linksQuery, func(ev, linked, order int64) {
		out = append(out, titledLink{event: ev, order: order, title: titles[linked]})
	})
	return out, err
}

// leanRow is an events row as leanEvents reads it.
type leanRow struct {
	id                   int64
	path, date, headline string
	position             int
}

// leanEvents reads every event's path, date, position and headline, in
// date and page order, with their row ids: read in row order and sorted
// here, which spares SQLite a lookup of every row through the date index.
func (s *Store) leanEvents(ctx context.Context) ([]event.Event, []int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, path, date, position, headline FROM events`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var lean []leanRow
	for rows.Next() {
		var r leanRow
		if err := rows.Scan(&r.id, &r.path, &r.date, &r.position, &r.headline); err != nil {
			return nil, nil, err
		}
		lean = append(lean, r)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	slices.SortFunc(lean, func(a, b leanRow) int {
		return cmp.Or(cmp.Compare(a.date, b.date), cmp.Compare(a.position, b.position))
	})
	events := make([]event.Event, len(lean))
	ids := make([]int64, len(lean))
	dates := dateCache{}
	for i, r := range lean {
		e := &events[i]
		e.Path, e.Position, e.Headline = r.path, r.position, r.headline
		if e.Date, err = dates.parse(r.date); err != nil {
			return nil, nil, err
		}
		ids[i] = r.id
	}
	return events, ids, nil
}

// titles reads the (id, text) rows of query into a map.
func (s *Store) titles(ctx context.Context, query string) (map[int64]string, error) {
	out := map[int64]string{}
	err := eachRow(ctx, s.db, query, nil, func(rows *sql.Rows) error {
		var id int64
		var title string
		err := rows.Scan(&id, &title)
		out[id] = title
		return err
	})
	return out, err
}

// eachLinkID runs a query of (event id, linked id, order) rows.
func (s *Store) eachLinkID(ctx context.Context, query string, fn func(ev, linked, order int64)) error {
	rows, err := s.db.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var ev, linked, order int64
		if err := rows.Scan(&ev, &linked, &order); err != nil {
			return err
		}
		fn(ev, linked, order)
	}
	return rows.Err()
}

// inOrder sorts links by their stored order (ord, depth); a scan in row
// order almost always reads them in that order already.
func inOrder[T any](links []T, order []int64) {
	if slices.IsSorted(order) {
		return
	}
	idx := make([]int, len(links))
	for k := range idx {
		idx[k] = k
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(order[a], order[b]) })
	sorted := make([]T, len(links))
	for k, i := range idx {
		sorted[k] = links[i]
	}
	copy(links, sorted)
}
