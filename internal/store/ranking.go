package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"

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

// rankingEventsFromTables is RankingEvents read from the events and link
// tables, joined in memory by id with titles read once.
func rankingEventsFromTables(ctx context.Context, q queryer) ([]event.Event, error) {
	events, ids, err := leanEvents(ctx, q)
	if err != nil {
		return nil, err
	}
	entities, err := titledLinks(ctx, q, `SELECT id, title FROM entities`,
		`SELECT event_id, entity_id, ord FROM event_entities`)
	if err != nil {
		return nil, err
	}
	stories, err := titledLinks(ctx, q, `SELECT id, title FROM stories`,
		`SELECT event_id, story_id, depth FROM event_stories`)
	if err != nil {
		return nil, err
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
func titledLinks(ctx context.Context, q queryer, titlesQuery, linksQuery string) ([]titledLink, error) {
	titles, err := titlesOf(ctx, q, titlesQuery)
	if err != nil {
		return nil, err
	}
	var out []titledLink
	err = eachLinkID(ctx, q, linksQuery, func(ev, linked, order int64) {
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
func leanEvents(ctx context.Context, q queryer) ([]event.Event, []int64, error) {
	var lean []leanRow
	err := eachRow(ctx, q, `SELECT id, path, date, position, headline FROM events`, nil, func(rows *sql.Rows) error {
		var r leanRow
		if err := rows.Scan(&r.id, &r.path, &r.date, &r.position, &r.headline); err != nil {
			return err
		}
		lean = append(lean, r)
		return nil
	})
	if err != nil {
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

// titlesOf reads the (id, text) rows of query into a map.
func titlesOf(ctx context.Context, q queryer, query string) (map[int64]string, error) {
	out := map[int64]string{}
	return out, pairsInto(ctx, q, out, query)
}

// eachLinkID runs a query of (event id, linked id, order) rows.
func eachLinkID(ctx context.Context, q queryer, query string, fn func(ev, linked, order int64)) error {
	return eachRow(ctx, q, query, nil, func(rows *sql.Rows) error {
		var ev, linked, order int64
		if err := rows.Scan(&ev, &linked, &order); err != nil {
			return err
		}
		fn(ev, linked, order)
		return nil
	})
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
