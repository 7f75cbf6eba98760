package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// Ranking related events reads every current event's path, position,
// headline, entities and stories: from the events and link tables that took
// over half a second, so the store also keeps them packed, one row a day, in
// day_rankings. The importer writes a day's row with its events, in the same
// transaction, so the two never disagree; migration 5 packed the days stored
// before (packAllDays).
//
// A packed day is a uvarint count of events, then for each: its position as
// a uvarint, its path and headline, a uvarint count of entity titles and the
// titles, a uvarint count of stories and the story titles; each string a
// uvarint length and its bytes.

// packRankingDay packs what ranking needs of a day's events.
func packRankingDay(events []event.Event) []byte {
	size := 8
	for i := range events {
		e := &events[i]
		size += 16 + len(e.Path) + len(e.Headline)
		for _, t := range e.Entities {
			size += 4 + len(t.Title)
		}
		for _, s := range e.Stories {
			size += 4 + len(s)
		}
	}
	b := make([]byte, 0, size)
	b = binary.AppendUvarint(b, uint64(len(events)))
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	for i := range events {
		e := &events[i]
		b = binary.AppendUvarint(b, uint64(max(e.Position, 0)))
		str(e.Path)
		str(e.Headline)
		b = binary.AppendUvarint(b, uint64(len(e.Entities)))
		for _, t := range e.Entities {
			str(t.Title)
		}
		b = binary.AppendUvarint(b, uint64(len(e.Stories)))
		for _, s := range e.Stories {
			str(s)
		}
	}
	return b
}

var errBadPackedDay = errors.New("malformed packed day")

// unpackRankingDay reads a packed day back into events of date, in page
// order. Their strings share packed's memory.
func unpackRankingDay(date event.Date, packed string) ([]event.Event, error) {
	r := packedReader{s: packed}
	n := r.items()
	events := make([]event.Event, 0, n)
	for range n {
		e := event.Event{Date: date, Position: r.count(), Path: r.str(), Headline: r.str()}
		if k := r.items(); k > 0 {
			e.Entities = make([]event.Entity, 0, k)
			for range k {
				e.Entities = append(e.Entities, event.Entity{Title: r.str()})
			}
		}
		if k := r.items(); k > 0 {
			e.Stories = make([]string, 0, k)
			for range k {
				e.Stories = append(e.Stories, r.str())
			}
		}
		if r.bad {
			break
		}
		events = append(events, e)
	}
	if r.bad || r.s != "" {
		return nil, fmt.Errorf("day %s: %w", date, errBadPackedDay)
	}
	slices.SortStableFunc(events, func(a, b event.Event) int { return cmp.Compare(a.Position, b.Position) })
	return events, nil
}

// packedReader reads a packed day; bad is set at the first malformed part,
// after which it reads zeros and empty strings.
type packedReader struct {
	s   string
	bad bool
}

// count reads a number: a position, or how many items or bytes follow,
// which cannot be more than the bytes left.
func (r *packedReader) count() int {
	v, n := uvarint(r.s)
	if n <= 0 || v > math.MaxInt32 {
		r.bad, r.s = true, ""
		return 0
	}
	r.s = r.s[n:]
	return int(v)
}

// items reads how many items or bytes follow.
func (r *packedReader) items() int {
	n := r.count()
	if n > len(r.s) {
		r.bad, r.s = true, ""
		return 0
	}
	return n
}

func (r *packedReader) str() string {
	n := r.items()
	s := r.s[:n]
	r.s = r.s[n:]
	return s
}

// uvarint is binary.Uvarint of a string.
func uvarint(s string) (uint64, int) {
	var v uint64
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		c := s[i]
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				return 0, -1
			}
			return v | uint64(c)<<(7*i), i + 1
		}
		v |= uint64(c&0x7f) << (7 * i)
	}
	return 0, 0
}

// newRankingInserter queues the packed rows of the days an import stores.
func newRankingInserter(tx *sql.Tx) *rowInserter {
	return newRowInserter(tx, `INSERT INTO day_rankings (date, events) VALUES`, 2,
		`ON CONFLICT (date) DO UPDATE SET events = excluded.events`)
}

// RankingEvents returns, in date and page order, every current event
// holding only what ranking related events needs: path, date, position,
// headline, stories and entities, unpacked from day_rankings on every core.
func (s *Store) RankingEvents(ctx context.Context) ([]event.Event, error) {
	type packedDay struct {
		date   event.Date
		events string
	}
	var days []packedDay
	dates := dateCache{}
	err := eachRow(ctx, s.reads, `SELECT date, events FROM day_rankings`, nil, func(rows *sql.Rows) error {
		var d packedDay
		var date string
		if err := rows.Scan(&date, &d.events); err != nil {
			return err
		}
		var err error
		d.date, err = dates.parse(date)
		days = append(days, d)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("ranking events: %w", err)
	}
	slices.SortFunc(days, func(a, b packedDay) int { return a.date.Compare(b.date) })
	unpacked := make([][]event.Event, len(days))
	errs := make([]error, len(days))
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(days); i += workers {
				unpacked[i], errs[i] = unpackRankingDay(days[i].date, days[i].events)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("ranking events: %w", err)
	}
	total := 0
	for _, evs := range unpacked {
		total += len(evs)
	}
	events := make([]event.Event, 0, total)
	for _, evs := range unpacked {
		events = append(events, evs...)
	}
	return events, nil
}

// packAllDays packs every stored day's events from the events and link
// tables (migration 5).
func packAllDays(ctx context.Context, tx *sql.Tx) error {
	events, err := rankingEventsFromTables(ctx, tx)
	if err != nil {
		return err
	}
	rows := newRankingInserter(tx)
	for len(events) > 0 {
		n := 1
		for n < len(events) && events[n].Date == events[0].Date {
			n++
		}
		rows.add(events[0].Date.String(), packRankingDay(events[:n]))
		events = events[n:]
	}
	if err := rows.flush(ctx); err != nil {
		return err
	}
	// A day every event of which an edit removed still gets its (empty) row.
	_, err = tx.ExecContext(ctx, `INSERT OR IGNORE INTO day_rankings (date, events) SELECT date, ? FROM days`,
		packRankingDay(nil))
	return err
}
