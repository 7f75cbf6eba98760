package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// migrationSearch adds the full-text index of the events (docs/search.md):
// derived data, kept current by derive.UpdateSearch.
const migrationSearch = `
-- One row per event, rowid = events.id: its headline, its enrichment
-- summary and the titles of its entities and stories and the names of its
-- sources, each list joined by " · ". Accents are folded, case ignored and
-- English words stemmed (porter: strikes, striking → strike).
CREATE VIRTUAL TABLE search_index USING fts5 (
	headline, summary, entities, stories, sources,
	tokenize = 'porter unicode61 remove_diacritics 2'
);

-- The day of each indexed event, so that the rows of a changed day (its
-- events replaced or removed) are found and dropped.
CREATE TABLE search_days (
	event_id INTEGER PRIMARY KEY,
	date     TEXT    NOT NULL
) STRICT;
CREATE INDEX search_days_by_date ON search_days (date);

-- The generation the index is current with; -1: never built.
INSERT INTO counters (name, value) VALUES ('search_generation', -1);
`

// searchWeights are the BM25 weights of the index's columns in order
// (headline, summary, entities, stories, sources): a word of the headline
// or an entity title counts most, a source's name least.
const searchWeights = "10.0, 2.0, 6.0, 4.0, 1.0"

// searchDocs selects the indexed text of the events matching the condition
// that ends it (the events table is e).
const searchDocs = `
	SELECT e.id, e.date, e.headline,
		coalesce((SELECT m.summary FROM event_meta m WHERE m.event_id = e.id), '') AS summary,
		coalesce((SELECT group_concat(t.title, ' · ' ORDER BY l.ord) FROM event_entities l
			JOIN entities t ON t.id = l.entity_id WHERE l.event_id = e.id), '') AS entities,
		coalesce((SELECT group_concat(t.title, ' · ' ORDER BY l.depth) FROM event_stories l
			JOIN stories t ON t.id = l.story_id WHERE l.event_id = e.id), '') AS stories,
		coalesce((SELECT group_concat(name, ' · ') FROM
			(SELECT DISTINCT s.name FROM event_sources s WHERE s.event_id = e.id AND s.name != '')), '') AS sources
	FROM events e WHERE `

// SearchGeneration returns the generation the search index is current
// with: -1 when it was never built.
func (s *Store) SearchGeneration(ctx context.Context) (int64, error) {
	return s.counter(ctx, "search_generation")
}

// SearchIndexLags reports whether the search index lags the events: built
// before the last import, or never (a database of an earlier Chronicle).
func (s *Store) SearchIndexLags(ctx context.Context) (bool, error) {
	var lags bool
	err := s.reads.QueryRowContext(ctx, `
		SELECT (SELECT value FROM counters WHERE name = 'search_generation') <
		       (SELECT value FROM counters WHERE name = 'generation')`).Scan(&lags)
	if err != nil {
		return false, fmt.Errorf("read search generation: %w", err)
	}
	return lags, nil
}

// IndexUpdate tells what an update of the search index did.
type IndexUpdate struct {
	// Full is whether every event was indexed again.
	Full bool
	// Days counts the changed days whose events were indexed again,
	// Events the events indexed, Summaries those whose summary alone was
	// indexed again.
	Days, Events, Summaries int
}

// IndexForSearch brings the search index current with generation gen: with
// days nil it drops the index and indexes every event; otherwise it drops
// the rows of the events once indexed on those days (their events may have
// been replaced or removed) and indexes their current events. Either way it
// then indexes again each summary that enrichment changed since it was
// indexed, and stamps the index with gen, in one transaction.
func (s *Store) IndexForSearch(ctx context.Context, gen int64, days []event.Date) (IndexUpdate, error) {
	u := IndexUpdate{Full: days == nil, Days: len(days)}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if u.Full {
			u.Events, err = indexAll(ctx, tx)
		} else {
			u.Events, err = indexDays(ctx, tx, days)
		}
		if err != nil {
			return err
		}
		if u.Summaries, err = indexChangedSummaries(ctx, tx); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE counters SET value = ? WHERE name = 'search_generation'`, gen)
		return err
	})
	if err != nil {
		return IndexUpdate{}, fmt.Errorf("update search index: %w", err)
	}
	return u, nil
}

func indexAll(ctx context.Context, tx *sql.Tx) (int, error) {
	if _, err := tx.ExecContext(ctx, `DELETE FROM search_index; DELETE FROM search_days`); err != nil {
		return 0, err
	}
	return indexWhere(ctx, tx, `1`)
}

// indexDays drops the rows of the events indexed on days and indexes the
// current events of days.
func indexDays(ctx context.Context, tx *sql.Tx, days []event.Date) (int, error) {
	drop, err := tx.PrepareContext(ctx, `
		DELETE FROM search_index WHERE rowid IN (SELECT event_id FROM search_days WHERE date = ?1);
		DELETE FROM search_days WHERE date = ?1`)
	if err != nil {
		return 0, err
	}
	defer drop.Close()
	n := 0
	for _, d := range days {
		if _, err := drop.ExecContext(ctx, d.String()); err != nil {
			return 0, fmt.Errorf("drop %s: %w", d, err)
		}
		k, err := indexWhere(ctx, tx, `e.date = ?`, d.String())
		if err != nil {
			return 0, fmt.Errorf("index %s: %w", d, err)
		}
		n += k
	}
	return n, nil
}

// indexWhere indexes the events matching cond and returns how many.
func indexWhere(ctx context.Context, tx *sql.Tx, cond string, args ...any) (int, error) {
	res, err := tx.ExecContext(ctx, `
		INSERT INTO search_index (rowid, headline, summary, entities, stories, sources)
		SELECT id, headline, summary, entities, stories, sources FROM (`+searchDocs+cond+`)`, args...)
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO search_days (event_id, date) SELECT id, date FROM events e WHERE `+cond, args...); err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// indexChangedSummaries indexes again the events whose enrichment summary
// differs from the indexed one, and returns how many. The enriched events
// are the outer loop, each looked up in the index by rowid: an UPDATE … FROM
// scanned the whole index (0.3 s on the corpus, with no summary at all).
func indexChangedSummaries(ctx context.Context, tx *sql.Tx) (int, error) {
	var ids []int64
	var summaries []string
	err := eachRow(ctx, tx, `
		SELECT m.event_id, m.summary FROM event_meta m CROSS JOIN search_index s ON s.rowid = m.event_id
		WHERE s.summary IS NOT m.summary`, nil, func(rows *sql.Rows) error {
		var id int64
		var summary string
		if err := rows.Scan(&id, &summary); err != nil {
			return err
		}
		ids, summaries = append(ids, id), append(summaries, summary)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("find changed summaries: %w", err)
	}
	for i, id := range ids {
		if _, err := tx.ExecContext(ctx, `UPDATE search_index SET summary = ? WHERE rowid = ?`, summaries[i], id); err != nil {
			return 0, fmt.Errorf("index the summary of event %d: %w", id, err)
		}
	}
	return len(ids), nil
}

// SearchIndexSize returns the bytes the search index takes in the database
// file (its shadow tables and search_days), from the dbstat table.
func (s *Store) SearchIndexSize(ctx context.Context) (int64, error) {
	var n sql.NullInt64
	err := s.reads.QueryRowContext(ctx, `
		SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search\_%' ESCAPE '\'`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("search index size: %w", err)
	}
	return n.Int64, nil
}

// SearchQuery is a full-text search the store runs: an FTS5 MATCH
// expression (package search builds it from what a user typed; never pass
// user input here) and filters.
type SearchQuery struct {
	// Match is the FTS5 query expression.
	Match string
	// From and To limit the days, both included; zero: open.
	From, To event.Date
	// Category, Topic and Story keep the events of that category, topic
	// (entity) and story, each named by its title or slug; "": any.
	Category, Topic, Story string
	// Order is the results' order: by relevance (the zero value) or by
	// date.
	Order SearchOrder
	// Offset is how many of the first results to skip, Limit how many to
	// return.
	Offset, Limit int
}

// SearchOrder is the order of a search's results.
type SearchOrder int

// The orders of a search's results.
const (
	// SearchRelevance is the best first, by BM25 (for broad queries, tier
	// by tier: searchRanked).
	SearchRelevance SearchOrder = iota
	// SearchNewest is the newest day first, in page order within a day.
	SearchNewest
	// SearchOldest is the oldest day first, in page order within a day.
	SearchOldest
)

// SearchResult is one event a search found.
type SearchResult struct {
	ID       int64
	Path     string
	Date     event.Date
	Headline string
	Category string
	// Score is the BM25 rank: lower is better (negative).
	Score float64
	// Highlight is the headline with each matched word between
	// SnippetStart and SnippetEnd; Snippet the best-matching part of the
	// best-matching field so marked, elided with "…".
	Highlight, Snippet string
}

// Markers of matched words in SearchResult.Highlight and Snippet; the
// indexed text holds neither.
const (
	SnippetStart = "\x02"
	SnippetEnd   = "\x03"
)

// SearchPage is one page of results, in the query's order.
type SearchPage struct {
	Results []SearchResult
	// Total counts every event matching the query and filters.
	Total int
	// More tells that results follow the last one.
	More bool
}

// ErrUnknownFilter is returned, wrapped in an *UnknownFilterError, when a
// search's category, topic or story names none the store knows.
var ErrUnknownFilter = errors.New("unknown filter")

// UnknownFilterError is a search filter that names no topic, story or
// category of the store; it wraps ErrUnknownFilter.
type UnknownFilterError struct {
	Kind  event.Kind
	Value string
	// Similar are up to three titles that hold Value (SimilarTitles):
	// what the reader may have meant.
	Similar []string
}

func (e *UnknownFilterError) Error() string {
	return fmt.Sprintf("%v: no %s %q", ErrUnknownFilter, e.Kind, e.Value)
}

func (e *UnknownFilterError) Unwrap() error { return ErrUnknownFilter }

// Search runs q and returns a page of its results in q's order. As many
// searches run at once as the process has threads for Go code, the others
// wait their turn: a search keeps a thread busy from start to end, and 64
// of them at once only opened more connections than the store keeps idle,
// each parsing the schema and every statement again (docs/search.md).
func (s *Store) Search(ctx context.Context, q SearchQuery) (SearchPage, error) {
	select {
	case s.searches <- struct{}{}:
		defer func() { <-s.searches }()
	case <-ctx.Done():
		return SearchPage{}, fmt.Errorf("query %q: %w", q.Match, ctx.Err())
	}
	cond, args, err := s.searchFilters(ctx, q)
	if err != nil {
		return SearchPage{}, err
	}
	matchArgs := append([]any{q.Match}, args...)
	var page SearchPage
	// Counting reads the index's lists of documents only, not the
	// positions ranking reads: a fraction of the ranking's time.
	err = s.reads.QueryRowContext(ctx, `SELECT count(*) FROM search_index WHERE search_index MATCH ?`+cond, matchArgs...).Scan(&page.Total)
	if err != nil {
		return SearchPage{}, fmt.Errorf("query %q: %w", q.Match, err)
	}
	if q.Order == SearchRelevance {
		page.Results, err = s.searchRanked(ctx, q, cond, matchArgs, page.Total)
	} else {
		page.Results, err = s.searchByDate(ctx, q, cond, matchArgs, page.Total)
	}
	if err != nil {
		return SearchPage{}, fmt.Errorf("query %q: %w", q.Match, err)
	}
	page.More = q.Offset+len(page.Results) < page.Total
	if err := s.searchDetails(ctx, page.Results); err != nil {
		return SearchPage{}, fmt.Errorf("query %q: %w", q.Match, err)
	}
	return page, nil
}

// broadMatches is the size of the tiers a broad query's matches are ranked
// in (docs/search.md): BM25 reads each match's positions and size, about 5
// µs a match, so ranking the 11,554 matches of "united states" at once
// took 50 ms; a tier of 1,500 takes under 10.
var broadMatches = 1500

// searchRanked returns the page of q's matches, best first. A query with
// at most broadMatches matches is ranked whole; a broader one in tiers of
// broadMatches matches, newest first (the events' ids grow with their
// import; a replaced day's events keep theirs): the newest tier's matches
// by BM25, then the next tier's, so that a page ranks one or two tiers
// only.
func (s *Store) searchRanked(ctx context.Context, q SearchQuery, cond string, matchArgs []any, total int) ([]SearchResult, error) {
	if total <= broadMatches {
		return s.searchTier(ctx, cond, matchArgs, "", nil, q.Limit, q.Offset)
	}
	var out []SearchResult
	for off := q.Offset; len(out) < q.Limit && off < total; off = (off/broadMatches + 1) * broadMatches {
		tier := off / broadMatches
		hi, err := s.searchCutoff(ctx, cond, matchArgs, tier*broadMatches)
		if err != nil {
			return nil, err
		}
		window, args := ` AND search_index.rowid <= ?`, []any{hi}
		if (tier+1)*broadMatches < total {
			lo, err := s.searchCutoff(ctx, cond, matchArgs, (tier+1)*broadMatches)
			if err != nil {
				return nil, err
			}
			window, args = window+` AND search_index.rowid > ?`, append(args, lo)
		}
		rows, err := s.searchTier(ctx, cond, matchArgs, window, args, q.Limit-len(out), off%broadMatches)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	return out, nil
}

// searchCutoff returns the id of the match n places from the newest.
func (s *Store) searchCutoff(ctx context.Context, cond string, matchArgs []any, n int) (int64, error) {
	var id int64
	err := s.reads.QueryRowContext(ctx, `SELECT rowid FROM search_index WHERE search_index MATCH ?`+cond+`
		ORDER BY rowid DESC LIMIT 1 OFFSET ?`, append(slices.Clone(matchArgs), n)...).Scan(&id)
	return id, err
}

// searchTier ranks the matches within the window (a condition on rowid
// and its arguments; "": all) and returns limit of them from offset. ORDER
// BY rank lets FTS5 rank the matches itself and then step through the
// best in one cursor, so that the snippets are made for the page only;
// the filters, correlated, only test the rows it steps through. Joining
// the events instead, or asking for the page's rows by id, took up to
// four times as long (BenchmarkCorpusSearch).
func (s *Store) searchTier(ctx context.Context, cond string, matchArgs []any, window string, windowArgs []any, limit, offset int) ([]SearchResult, error) {
	args := append(slices.Clone(matchArgs), windowArgs...)
	var out []SearchResult
	err := eachRow(ctx, s.reads, `SELECT `+searchColumns+` FROM search_index
		WHERE search_index MATCH ? AND rank MATCH 'bm25(`+searchWeights+`)'`+cond+window+`
		ORDER BY rank LIMIT ? OFFSET ?`, append(args, limit, offset), func(rows *sql.Rows) error {
		r, err := scanSearchResult(rows)
		out = append(out, r)
		return err
	})
	return out, err
}

// searchColumns are what a search reads of each result in the index: its
// id, BM25 rank, marked headline and best passage.
const searchColumns = `search_index.rowid, rank,
	highlight(search_index, 0, '` + SnippetStart + `', '` + SnippetEnd + `'),
	snippet(search_index, -1, '` + SnippetStart + `', '` + SnippetEnd + `', '…', 24)`

func scanSearchResult(rows *sql.Rows) (SearchResult, error) {
	var r SearchResult
	err := rows.Scan(&r.ID, &r.Score, &r.Highlight, &r.Snippet)
	return r, err
}

// searchByDate returns the page of q's total matches in q's order of
// dates: the page's ids first, by the events' days and places, then the
// page's ranks and marked texts from the index.
//
// SQLite, left to itself, looks every match up among the events and sorts
// them: 50 ms for the 11,554 matches of "united states". Walking the
// events by date instead, and keeping those among the matches, reads
// about (offset+limit) × events/total index rows, each a twentieth of a
// lookup's cost (BenchmarkCorpusSearchNewest): the cheaper of the two is
// taken.
func (s *Store) searchByDate(ctx context.Context, q SearchQuery, cond string, matchArgs []any, total int) ([]SearchResult, error) {
	order := "e.date DESC, e.position"
	if q.Order == SearchOldest {
		order = "e.date, e.position"
	}
	var events int64 // about: ids are given in turn, few are lost
	if err := s.reads.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM events`).Scan(&events); err != nil {
		return nil, err
	}
	from := `events e WHERE e.id IN`
	if int64(total)*int64(total)*20 > int64(q.Offset+q.Limit)*events {
		from = `events e INDEXED BY events_by_date WHERE +e.id IN` // + keeps the id's index out
	}
	var ids []int64
	err := eachRow(ctx, s.reads, `SELECT e.id FROM `+from+` (
		SELECT rowid FROM search_index WHERE search_index MATCH ?`+cond+`)
		ORDER BY `+order+` LIMIT ? OFFSET ?`, append(slices.Clone(matchArgs), q.Limit, q.Offset), func(rows *sql.Rows) error {
		var id int64
		err := rows.Scan(&id)
		ids = append(ids, id)
		return err
	})
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	// The page's ids lie close together (ids are given in turn), and FTS5
	// steps through a range of them at once; an IN list of them it tests
	// against every match instead (6 ms more for "united states").
	found := make(map[int64]SearchResult, len(ids))
	for _, id := range ids {
		found[id] = SearchResult{}
	}
	err = eachRow(ctx, s.reads, `SELECT `+searchColumns+` FROM search_index
		WHERE search_index MATCH ? AND rank MATCH 'bm25(`+searchWeights+`)'
		AND search_index.rowid BETWEEN ? AND ?`, []any{q.Match, slices.Min(ids), slices.Max(ids)}, func(rows *sql.Rows) error {
		r, err := scanSearchResult(rows)
		if _, ok := found[r.ID]; ok {
			found[r.ID] = r
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]SearchResult, 0, len(ids))
	for _, id := range ids {
		if r := found[id]; r.ID != 0 {
			out = append(out, r)
		}
	}
	return out, nil
}

// searchFilters resolves q's filters to a condition on the indexed events
// (starting with " AND") and its arguments.
func (s *Store) searchFilters(ctx context.Context, q SearchQuery) (string, []any, error) {
	var on []string
	var args []any
	if !q.From.IsZero() {
		on = append(on, `e.date >= ?`)
		args = append(args, q.From.String())
	}
	if !q.To.IsZero() {
		on = append(on, `e.date <= ?`)
		args = append(args, q.To.String())
	}
	if q.Category != "" {
		name, err := s.FindTitle(ctx, event.KindCategory, q.Category)
		if err != nil {
			return "", nil, s.filterError(ctx, event.KindCategory, q.Category, err)
		}
		on = append(on, `e.category = ?`)
		args = append(args, name)
	}
	cond := ""
	if len(on) > 0 {
		cond = ` AND EXISTS (SELECT 1 FROM events e WHERE e.id = search_index.rowid AND ` + strings.Join(on, " AND ") + `)`
	}
	for _, f := range []struct {
		kind                       event.Kind
		value, table, link, column string
	}{
		{event.KindTopic, q.Topic, "entities", "event_entities", "entity_id"},
		{event.KindStory, q.Story, "stories", "event_stories", "story_id"},
	} {
		if f.value == "" {
			continue
		}
		title, err := s.FindTitle(ctx, f.kind, f.value)
		var id int64
		if err == nil {
			err = s.reads.QueryRowContext(ctx, `SELECT id FROM `+f.table+` WHERE title = ?`, title).Scan(&id)
		}
		if err != nil {
			return "", nil, s.filterError(ctx, f.kind, f.value, err)
		}
		cond += fmt.Sprintf(` AND EXISTS (SELECT 1 FROM %s l WHERE l.event_id = search_index.rowid AND l.%s = ?)`, f.link, f.column)
		args = append(args, id)
	}
	return cond, args, nil
}

// filterError is the error of a filter that found no title: an
// *UnknownFilterError when there is none, else err.
func (s *Store) filterError(ctx context.Context, kind event.Kind, value string, err error) error {
	if !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("find %s %q: %w", kind, value, err)
	}
	similar, err := s.SimilarTitles(ctx, kind, value, 3)
	if err != nil {
		return err
	}
	return &UnknownFilterError{Kind: kind, Value: value, Similar: similar}
}

// searchDetails fills in the fields of the results' events.
func (s *Store) searchDetails(ctx context.Context, results []SearchResult) error {
	if len(results) == 0 {
		return nil
	}
	byID := make(map[int64]*SearchResult, len(results))
	ids := make([]any, len(results))
	for i := range results {
		byID[results[i].ID] = &results[i]
		ids[i] = results[i].ID
	}
	return eachRow(ctx, s.reads, `SELECT id, path, date, headline, category FROM events
		WHERE id IN (?`+strings.Repeat(`, ?`, len(results)-1)+`)`, ids, func(rows *sql.Rows) error {
		var id int64
		var date, path, headline, category string
		if err := rows.Scan(&id, &path, &date, &headline, &category); err != nil {
			return err
		}
		d, err := event.ParseDate(date)
		if err != nil {
			return fmt.Errorf("stored %w", err)
		}
		if r := byID[id]; r != nil {
			r.Path, r.Date, r.Headline, r.Category = path, d, headline, category
		}
		return nil
	})
}

// UnindexedSummariesSince returns the generation before the earliest
// enrichment whose summary the search index does not hold yet (enrichment
// stamps the search index current, and derive.UpdateSearch indexes the
// summaries after): what a reader of the index must read again from; false
// when the index holds every summary.
func (s *Store) UnindexedSummariesSince(ctx context.Context) (int64, bool, error) {
	var gen sql.NullInt64
	err := s.reads.QueryRowContext(ctx, `
		SELECT min(m.generation) FROM event_meta m CROSS JOIN search_index s ON s.rowid = m.event_id
		WHERE s.summary IS NOT m.summary`).Scan(&gen)
	if err != nil {
		return 0, false, fmt.Errorf("find summaries not indexed: %w", err)
	}
	return gen.Int64 - 1, gen.Valid, nil
}
