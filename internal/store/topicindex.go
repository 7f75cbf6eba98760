package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sync"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// topicIndex holds, for one generation of the store, which events each
// topic, story and category has and which topics each event links, in a
// few megabytes of memory: the counts of a topic page (its years, months
// and co-topics) and the events of its n-th page then take a walk over its
// events instead of a join over a third of the archive, whose cost in
// SQLite grows with the topic (and, for a page, with its number).
type topicIndex struct {
	generation int64
	ids        []int64               // by rank: the events in date and page order
	days       []int32               // by rank: the event's date as yyyymmdd
	entities   [][]int32             // by rank: the topics the event links, as numbers
	titles     []string              // topic titles by number
	of         [3]map[string][]int32 // by kind (event.Kinds order): the ranks of a title's events, ascending
}

// topicIndexCache is the store's topic index, rebuilt when the generation moves.
type topicIndexCache struct {
	mu  sync.Mutex
	idx *topicIndex
}

// topics returns the topic index of the store's current generation.
func (s *Store) topics(ctx context.Context) (*topicIndex, error) {
	gen, err := s.Generation(ctx)
	if err != nil {
		return nil, err
	}
	c := &s.topicIdx
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.idx != nil && c.idx.generation == gen {
		return c.idx, nil
	}
	idx, err := loadTopicIndex(ctx, s.db, gen)
	if err != nil {
		return nil, fmt.Errorf("topic index: %w", err)
	}
	c.idx = idx
	return idx, nil
}

func kindIndex(kind event.Kind) (int, error) {
	for i, k := range event.Kinds {
		if k == kind {
			return i, nil
		}
	}
	return 0, fmt.Errorf("unknown kind %q", kind)
}

// loadTopicIndex reads the index from the database, in a read transaction
// so that it is of one generation.
func loadTopicIndex(ctx context.Context, db *sql.DB, gen int64) (*topicIndex, error) {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback() //nolint:errcheck // read only
	idx := &topicIndex{generation: gen}
	for i := range idx.of {
		idx.of[i] = map[string][]int32{}
	}
	rank := map[int64]int32{}
	cats := idx.of[kindCategory()]
	err = eachRow(ctx, tx, `SELECT id, CAST(replace(date, '-', '') AS INTEGER), category FROM events
		ORDER BY date, position`, nil, func(rows *sql.Rows) error {
		var id int64
		var day int32
		var category string
		if err := rows.Scan(&id, &day, &category); err != nil {
			return err
		}
		r := int32(len(idx.ids))
		rank[id] = r
		idx.ids = append(idx.ids, id)
		idx.days = append(idx.days, day)
		cats[category] = append(cats[category], r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	idx.entities = make([][]int32, len(idx.ids))
	if err := idx.loadLinks(ctx, tx, rank); err != nil {
		return nil, err
	}
	return idx, nil
}

func kindCategory() int { i, _ := kindIndex(event.KindCategory); return i }

// loadLinks reads the topics and stories of every event.
func (idx *topicIndex) loadLinks(ctx context.Context, tx *sql.Tx, rank map[int64]int32) error {
	number := map[int64]int32{}
	topicKind, _ := kindIndex(event.KindTopic)
	storyKind, _ := kindIndex(event.KindStory)
	err := eachRow(ctx, tx, `SELECT l.event_id, l.entity_id, t.title FROM event_entities l
		JOIN entities t ON t.id = l.entity_id ORDER BY l.event_id, l.ord`, nil, func(rows *sql.Rows) error {
		var eventID, entityID int64
		var title string
		if err := rows.Scan(&eventID, &entityID, &title); err != nil {
			return err
		}
		r, ok := rank[eventID]
		if !ok {
			return nil
		}
		n, ok := number[entityID]
		if !ok {
			n = int32(len(idx.titles))
			number[entityID] = n
			idx.titles = append(idx.titles, title)
		}
		idx.entities[r] = append(idx.entities[r], n)
		idx.of[topicKind][title] = append(idx.of[topicKind][title], r)
		return nil
	})
	if err != nil {
		return err
	}
	err = eachRow(ctx, tx, `SELECT l.event_id, s.title FROM event_stories l
		JOIN stories s ON s.id = l.story_id`, nil, func(rows *sql.Rows) error {
		var eventID int64
		var title string
		if err := rows.Scan(&eventID, &title); err != nil {
			return err
		}
		if r, ok := rank[eventID]; ok {
			idx.of[storyKind][title] = append(idx.of[storyKind][title], r)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for k := range idx.of {
		for title, ranks := range idx.of[k] {
			slices.Sort(ranks)
			idx.of[k][title] = slices.Compact(ranks)
		}
	}
	return nil
}

// events returns the ranks of the events of a topic, story or category.
func (idx *topicIndex) events(kind event.Kind, title string) ([]int32, error) {
	k, err := kindIndex(kind)
	if err != nil {
		return nil, err
	}
	return idx.of[k][title], nil
}

// yearOf and monthOf read a day of the index (yyyymmdd).
func yearOf(day int32) int  { return int(day / 10000) }
func monthOf(day int32) int { return int(day / 100 % 100) }

// yearCounts counts the events of the ranks per year, oldest first.
func (idx *topicIndex) yearCounts(ranks []int32) []YearCount {
	var out []YearCount
	for _, r := range ranks { // ascending ranks: ascending years
		y := yearOf(idx.days[r])
		if n := len(out); n == 0 || out[n-1].Year != y {
			out = append(out, YearCount{Year: y})
		}
		out[len(out)-1].Events++
	}
	return out
}

// monthCounts counts the events of the ranks per month, oldest first.
func (idx *topicIndex) monthCounts(ranks []int32) []MonthCount {
	var out []MonthCount
	for _, r := range ranks {
		day := idx.days[r]
		y, m := yearOf(day), monthOf(day)
		if n := len(out); n == 0 || out[n-1].Year != y || out[n-1].Month != m {
			out = append(out, MonthCount{Year: y, Month: m})
		}
		out[len(out)-1].Events++
	}
	return out
}

// ofYear returns the ranks, ascending, of the events of one year.
func (idx *topicIndex) ofYear(ranks []int32, year int) []int32 {
	byYear := func(r int32, y int) int { return cmp.Compare(yearOf(idx.days[r]), y) }
	from, _ := slices.BinarySearchFunc(ranks, year, byYear)
	to, _ := slices.BinarySearchFunc(ranks, year+1, byYear)
	return ranks[from:to]
}

// pageIDs returns the ids of limit events of the ranks (ascending) from the
// offset-th on, in the title pages' order: newest day first, and in page
// order within a day. It walks the ranks from the newest, a day at a time,
// without looking at the events.
func (idx *topicIndex) pageIDs(ranks []int32, offset, limit int) []int64 {
	var out []int64
	for end := len(ranks); end > 0 && len(out) < limit; {
		start := end - 1
		for start > 0 && idx.days[ranks[start-1]] == idx.days[ranks[end-1]] {
			start--
		}
		day := ranks[start:end]
		end = start
		if offset >= len(day) {
			offset -= len(day)
			continue
		}
		for _, r := range day[offset:min(len(day), offset+limit-len(out))] {
			out = append(out, idx.ids[r])
		}
		offset = 0
	}
	return out
}

// coTopics counts the topics the events of the ranks link, but self, and
// returns the limit most linked, ties by title.
func (idx *topicIndex) coTopics(ranks []int32, self string, limit int) []TitleCount {
	counts := map[int32]int{}
	for _, r := range ranks {
		for i, n := range idx.entities[r] {
			if !slices.Contains(idx.entities[r][:i], n) { // an event counts once
				counts[n]++
			}
		}
	}
	out := make([]TitleCount, 0, len(counts))
	for n, c := range counts {
		if title := idx.titles[n]; title != self {
			out = append(out, TitleCount{Title: title, Events: c})
		}
	}
	slices.SortFunc(out, func(a, b TitleCount) int {
		return cmp.Or(cmp.Compare(b.Events, a.Events), cmp.Compare(a.Title, b.Title))
	})
	return out[:min(limit, len(out))]
}

// WarmTopics loads the topic index of the current generation, which the
// first topic, story or category page of a generation would otherwise pay
// for: a server calls it in the background after each import.
func (s *Store) WarmTopics(ctx context.Context) error {
	_, err := s.topics(ctx)
	return err
}
