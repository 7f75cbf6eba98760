package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strings"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// List names one of the two lists of related events the store keeps per
// event.
type List int

const (
	// RelatedList holds an event's related events of other years.
	RelatedList List = iota
	// AroundList holds the events around it, of other days nearby.
	AroundList
)

// AllLists are the lists in order, for loops over both.
var AllLists = [...]List{RelatedList, AroundList}

// table returns the table that holds the list.
func (l List) table() string {
	if l == AroundList {
		return "around_lists"
	}
	return "related_lists"
}

// String names the list as the pages do.
func (l List) String() string {
	if l == AroundList {
		return "around"
	}
	return "related"
}

// RelatedEntry is one stored related event of an event's list.
type RelatedEntry struct {
	Path     string
	Headline string
	Date     event.Date
	Context  []string
	Score    float64
}

// RelatedGeneration returns the store generation the related lists were last
// brought up to date with, or -1 when they were never computed.
func (s *Store) RelatedGeneration(ctx context.Context) (int64, error) {
	return s.counter(ctx, "related_generation")
}

// packedItem is one item of a stored list: its target event's id, the hash
// of the headline it was computed with, its context and score.
type packedItem struct {
	target   int64
	headline uint32
	context  []string
	score    float64
}

// packItems encodes a list in the compact form of related_lists.items: per
// item, the target id (uvarint), the score (8 bytes), the headline hash (4
// bytes), the context's length and strings (uvarint-prefixed). Equal lists
// give equal bytes, which is how SaveRelated finds the lists that changed.
func packItems(items []packedItem) []byte {
	out := []byte{}
	for _, it := range items {
		out = appendItem(out, it)
	}
	return out
}

// appendItem appends one item in packItems' form.
func appendItem(out []byte, it packedItem) []byte {
	out = binary.AppendUvarint(out, uint64(it.target))
	out = binary.LittleEndian.AppendUint64(out, math.Float64bits(it.score))
	out = binary.LittleEndian.AppendUint32(out, it.headline)
	out = binary.AppendUvarint(out, uint64(len(it.context)))
	for _, c := range it.context {
		out = binary.AppendUvarint(out, uint64(len(c)))
		out = append(out, c...)
	}
	return out
}

// packedItemLen is at least how many bytes appendItem takes for an item with
// the context, for sizing a buffer once.
func packedItemLen(context []string) int {
	n := 3 * binary.MaxVarintLen64 // the target, the context's count, and the slack of uvarints
	for _, c := range context {
		n += 2 + len(c) // a context string under 16 KiB has a length of at most 2 bytes
	}
	return n + 8 + 4
}

var errBadItems = errors.New("stored related list is corrupt")

// unpackItems decodes packItems' form. The contexts' strings are slices of
// one copy of b, and their lists of one array: a build reads every stored
// list, and a string per context term and a slice per item were a tenth of
// its allocations.
func unpackItems(b []byte) ([]packedItem, error) {
	items, terms, err := countItems(b)
	if err != nil || items == 0 {
		return nil, err
	}
	text := string(b)
	out := make([]packedItem, 0, items)
	context := make([]string, terms)
	for pos := 0; pos < len(text); {
		var it packedItem
		target, n := binary.Uvarint(b[pos:])
		it.target = int64(target)
		it.score = math.Float64frombits(binary.LittleEndian.Uint64(b[pos+n:]))
		it.headline = binary.LittleEndian.Uint32(b[pos+n+8:])
		pos += n + 12
		count, n := binary.Uvarint(b[pos:])
		pos += n
		it.context, context = context[:count:count], context[count:]
		for k := range it.context {
			size, n := binary.Uvarint(b[pos:])
			pos += n
			it.context[k] = text[pos : pos+int(size)]
			pos += int(size)
		}
		out = append(out, it)
	}
	return out, nil
}

// countItems checks packItems' form and counts its items and their context
// strings, so that unpackItems can decode without further checks.
func countItems(b []byte) (items, terms int, err error) {
	for len(b) > 0 {
		_, n := binary.Uvarint(b)
		if n <= 0 || len(b) < n+12 {
			return 0, 0, errBadItems
		}
		b = b[n+12:]
		count, n := binary.Uvarint(b)
		if n <= 0 || count > uint64(len(b)) {
			return 0, 0, errBadItems
		}
		b = b[n:]
		for range count {
			size, n := binary.Uvarint(b)
			if n <= 0 || size > uint64(len(b)-n) {
				return 0, 0, errBadItems
			}
			b = b[n+int(size):]
		}
		items++
		terms += int(count)
	}
	return items, terms, nil
}

// headlineHash is the 32-bit FNV-1a hash of a headline: a list is written
// again when a related event's headline changed, even if its path did not.
func headlineHash(h string) uint32 {
	f := fnv.New32a()
	f.Write([]byte(h))
	return f.Sum32()
}

// target is what a list shows of its target event, found by id.
type target struct {
	path, headline string
	date           event.Date
}

// targetsByID reads the path, headline and date of the events with the ids,
// or of every event when ids is nil.
func (s *Store) targetsByID(ctx context.Context, ids []int64) (*targetIndex, error) {
	query, args := `SELECT id, path, headline, date FROM events`, []any{}
	out := &targetIndex{}
	if ids != nil {
		list, err := json.Marshal(ids)
		if err != nil {
			return nil, err
		}
		query += ` WHERE id IN (SELECT value FROM json_each(?))`
		args = append(args, string(list))
		out.byID = make(map[int64]target, len(ids))
	} else if err := out.sizeFor(ctx, s); err != nil {
		return nil, err
	}
	dates := dateCache{}
	var strs arena
	err := eachRow(ctx, s.reads, query, args, func(rows *sql.Rows) error {
		var id int64
		var path, headline sql.RawBytes
		var d string
		err := rows.Scan(&id, &path, &headline, &d)
		if err != nil {
			return err
		}
		t := target{path: strs.copy(path), headline: strs.copy(headline)}
		if t.date, err = dates.parse(d); err != nil {
			return err
		}
		out.put(id, t)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// targetIndex holds targets by event id: every event's in a slice indexed
// by id when the ids are about as many as the events (as they are but
// after many deletions), else in a map. Looking up each entry of every
// list in a map of the whole archive's million events grew faster than
// the archive (a cache miss or two each, docs/performance-log.md); a slice
// takes one and less memory.
type targetIndex struct {
	dense []target // dense[id-base]; a zero path is no event
	base  int64
	byID  map[int64]target
}

// maxSparseIDs is how many ids a dense targetIndex may span per event;
// past it the index is a map.
const maxSparseIDs = 2

// sizeFor makes x ready for every event of the store: dense when their
// ids span at most maxSparseIDs per event.
func (x *targetIndex) sizeFor(ctx context.Context, s *Store) error {
	var lo, hi, n int64
	err := s.reads.QueryRowContext(ctx, `SELECT coalesce(min(id), 0), coalesce(max(id), -1), count(*) FROM events`).Scan(&lo, &hi, &n)
	if err != nil {
		return err
	}
	if span := hi - lo + 1; span <= maxSparseIDs*max(n, 1024) {
		x.dense, x.base = make([]target, max(span, 0)), lo
		return nil
	}
	x.byID = make(map[int64]target, n)
	return nil
}

// put adds the target of event id; a dense index leaves out an id outside
// the span it was made for (an event added since), which is then as if gone.
func (x *targetIndex) put(id int64, t target) {
	if x.byID != nil {
		x.byID[id] = t
		return
	}
	if i := id - x.base; i >= 0 && i < int64(len(x.dense)) {
		x.dense[i] = t
	}
}

// get returns the target of event id, if it has one.
func (x *targetIndex) get(id int64) (target, bool) {
	if x.byID != nil {
		t, ok := x.byID[id]
		return t, ok
	}
	i := id - x.base
	if i < 0 || i >= int64(len(x.dense)) || x.dense[i].path == "" {
		return target{}, false
	}
	return x.dense[i], true
}

// dateCache parses stored dates, each distinct one once.
type dateCache map[string]event.Date

func (c dateCache) parse(s string) (event.Date, error) {
	if d, ok := c[s]; ok {
		return d, nil
	}
	d, err := event.ParseDate(s)
	if err != nil {
		return event.Date{}, fmt.Errorf("stored %w", err)
	}
	c[s] = d
	return d, nil
}

// entriesOf resolves packed items to entries; an item whose event is gone is
// left out.
func entriesOf(items []packedItem, targets *targetIndex) []RelatedEntry {
	out := make([]RelatedEntry, 0, len(items))
	for _, it := range items {
		t, ok := targets.get(it.target)
		if !ok {
			continue
		}
		out = append(out, RelatedEntry{Path: t.path, Headline: t.headline, Date: t.date, Context: it.context, Score: it.score})
	}
	return out
}

// RelatedOf returns the stored list of the event at path, best first; none
// when it has none or was never computed.
func (s *Store) RelatedOf(ctx context.Context, list List, path string) ([]RelatedEntry, error) {
	var raw []byte
	err := s.reads.QueryRowContext(ctx, `SELECT l.items FROM events o
		JOIN `+list.table()+` l ON l.event_id = o.id WHERE o.path = ?`, path).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s of %s: %w", list, path, err)
	}
	items, err := unpackItems(raw)
	if err != nil {
		return nil, fmt.Errorf("%s of %s: %w", list, path, err)
	}
	ids := make([]int64, len(items))
	for k, it := range items {
		ids[k] = it.target
	}
	targets, err := s.targetsByID(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("%s of %s: %w", list, path, err)
	}
	if out := entriesOf(items, targets); len(out) > 0 {
		return out, nil
	}
	return nil, nil
}

// EachRelated calls fn with every stored non-empty list of the kind, in
// event id order.
func (s *Store) EachRelated(ctx context.Context, list List, fn func(path string, list []RelatedEntry) error) error {
	targets, err := s.RelatedTargets(ctx)
	if err != nil {
		return fmt.Errorf("%s lists: %w", list, err)
	}
	return s.eachRelated(ctx, list, targets, "", nil, fn)
}

// RelatedTargets is what the entries of the related lists show of every
// event (path, headline, date), read once for the lists of many ranges of
// days (EachRelatedBetween).
type RelatedTargets struct {
	byID *targetIndex
}

// RelatedTargets reads the targets of every event.
func (s *Store) RelatedTargets(ctx context.Context) (*RelatedTargets, error) {
	byID, err := s.targetsByID(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &RelatedTargets{byID: byID}, nil
}

// EachRelatedBetween is EachRelated for the events from one date to
// another (both included), their entries made from targets: what a build
// that writes the event pages a range of days at a time needs, each list
// read once and every target in one pass rather than a query per event.
func (s *Store) EachRelatedBetween(ctx context.Context, list List, from, to event.Date, targets *RelatedTargets,
	fn func(path string, list []RelatedEntry) error) error {
	return s.eachRelated(ctx, list, targets, ` WHERE event_id IN (SELECT id FROM events WHERE date BETWEEN ? AND ?)`,
		[]any{from.String(), to.String()}, fn)
}

// eachRelated calls fn with the stored non-empty lists of the kind whose
// rows match where, by event id.
func (s *Store) eachRelated(ctx context.Context, list List, targets *RelatedTargets, where string, args []any,
	fn func(path string, list []RelatedEntry) error) error {
	table := list.table()
	var asIs error // a bad list, named by its event, or fn's error
	err := eachRow(ctx, s.reads, `SELECT event_id, items FROM `+table+where+` ORDER BY event_id`, args,
		func(rows *sql.Rows) error {
			var id int64
			var raw sql.RawBytes // unpacked before the next row
			if err := rows.Scan(&id, &raw); err != nil {
				return err
			}
			owner, ok := targets.byID.get(id)
			if !ok {
				return nil
			}
			items, err := unpackItems(raw)
			if err != nil {
				asIs = fmt.Errorf("%s of %s: %w", list, owner.path, err)
				return asIs
			}
			if list := entriesOf(items, targets.byID); len(list) > 0 {
				asIs = fn(owner.path, list)
				return asIs
			}
			return nil
		})
	if asIs != nil {
		return asIs
	}
	if err != nil {
		return fmt.Errorf("%s lists: %w", list, err)
	}
	return nil
}

// RelatedOfEach returns the stored non-empty lists of the kind of the
// events at paths, by path, in a few queries however many paths: what a
// batch of event pages needs.
func (s *Store) RelatedOfEach(ctx context.Context, list List, paths []string) (map[string][]RelatedEntry, error) {
	table := list.table()
	out := make(map[string][]RelatedEntry, len(paths))
	for chunk := range slices.Chunk(paths, extrasChunk) {
		packed := map[string][]packedItem{}
		var ids []int64
		args, marks := make([]any, len(chunk)), strings.Repeat("?, ", len(chunk))
		for i, p := range chunk {
			args[i] = p
		}
		err := eachRow(ctx, s.reads, `SELECT o.path, l.items FROM events o JOIN `+table+` l ON l.event_id = o.id
			WHERE o.path IN (`+strings.TrimSuffix(marks, ", ")+`)`, args, func(rows *sql.Rows) error {
			var path string
			var raw sql.RawBytes // unpacked before the next row
			if err := rows.Scan(&path, &raw); err != nil {
				return err
			}
			items, err := unpackItems(raw)
			if err != nil {
				return fmt.Errorf("%s of %s: %w", list, path, err)
			}
			for _, it := range items {
				ids = append(ids, it.target)
			}
			packed[path] = items
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("%s lists of %d events: %w", list, len(paths), err)
		}
		targets, err := s.targetsByID(ctx, append(ids, 0)) // never nil: nil reads every event
		if err != nil {
			return nil, fmt.Errorf("%s lists of %d events: %w", list, len(paths), err)
		}
		for path, items := range packed {
			if entries := entriesOf(items, targets); len(entries) > 0 {
				out[path] = entries
			}
		}
	}
	return out, nil
}

// RelatedChangedSince returns, sorted, the paths of the events one of whose
// lists changed after generation since.
func (s *Store) RelatedChangedSince(ctx context.Context, since int64) ([]string, error) {
	return s.strings(ctx, relatedChangedSinceQuery, since)
}

// relatedChangedSinceQuery is RelatedChangedSince's. The lists' ids are
// joined with UNION ALL, not UNION: IN takes each id once either way, and
// SQLite plans a UNION inside IN as a merge of both tables read whole in id
// order, ignoring their generation indexes (0.1 CPU-s of every build of
// the corpus, for a handful of rows; TestChangedSinceQueriesSearchByGeneration).
const relatedChangedSinceQuery = `SELECT e.path FROM events e WHERE e.id IN (
		SELECT event_id FROM related_lists WHERE generation > ?1
		UNION ALL SELECT event_id FROM around_lists WHERE generation > ?1) ORDER BY e.path`

// EventsRelatingTo returns, sorted, the paths of the events one of whose
// stored lists holds an event of one of the days (of their current events
// or of those an import deleted).
func (s *Store) EventsRelatingTo(ctx context.Context, days []event.Date) ([]string, error) {
	var out []string
	for chunk := range slices.Chunk(days, daysPerQuery) {
		// One plain instr per day: a json_each of the days, correlated with
		// every row, costs several times the scan.
		match := make([]string, len(chunk))
		args := make([]any, len(chunk))
		for i, d := range chunk {
			match[i], args[i] = `instr(target_dates, ?) > 0`, d.String()
		}
		where := strings.Join(match, " OR ")
		paths, err := s.strings(ctx, `SELECT e.path FROM events e WHERE e.id IN (
			SELECT event_id FROM related_lists WHERE `+where+`
			UNION SELECT event_id FROM around_lists WHERE `+where+`)`, append(args, args...)...)
		if err != nil {
			return nil, fmt.Errorf("events relating to %s…: %w", chunk[0], err)
		}
		out = append(out, paths...)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// daysPerQuery is how many days one EventsRelatingTo query matches.
const daysPerQuery = 50

// SaveRelated stores the lists of the events at paths, computed at store
// generation gen (an event of paths absent from a list's map has none). Only
// a list that differs from the stored one is written and stamped with gen,
// and the related generation becomes gen. Paths that are not current events
// are skipped, and so are items pointing at one. It returns, sorted, the
// paths one of whose lists changed.
func (s *Store) SaveRelated(ctx context.Context, gen int64, paths []string, lists map[List]map[string][]RelatedEntry) ([]string, error) {
	w, err := s.NewRelatedWriter(ctx, gen, len(paths) > wholeArchive)
	if err != nil {
		return nil, err
	}
	defer w.Rollback()
	if err := w.Save(ctx, paths, lists); err != nil {
		return nil, err
	}
	return w.Commit(ctx)
}

// RelatedWriter saves lists block by block in one transaction, so that a
// whole archive's lists need not be held at once.
type RelatedWriter struct {
	tx      *sql.Tx
	s       *Store // told of the commit (NoteChange)
	gen     int64
	whole   bool
	ids     map[string]eventRef       // every event's, when whole
	old     map[List]map[int64][]byte // every stored list, when whole
	changed []string
}

// NewRelatedWriter starts saving lists computed at generation gen; whole
// says they are most of the archive's, so that every event's id and stored
// list are read once rather than per block.
func (s *Store) NewRelatedWriter(ctx context.Context, gen int64, whole bool) (*RelatedWriter, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("save related: %w", err)
	}
	w := &RelatedWriter{tx: tx, s: s, gen: gen, whole: whole}
	if whole {
		w.ids, err = eventIDs(ctx, tx, nil, nil, true)
		w.old = map[List]map[int64][]byte{}
		for _, list := range AllLists {
			if err == nil {
				w.old[list], err = storedItems(ctx, tx, list, nil, true)
			}
		}
	}
	if err != nil {
		tx.Rollback()
		return nil, fmt.Errorf("save related: %w", err)
	}
	return w, nil
}

// Save writes the lists of the events at paths that changed (see
// SaveRelated).
func (w *RelatedWriter) Save(ctx context.Context, paths []string, lists map[List]map[string][]RelatedEntry) error {
	ids, old := w.ids, w.old
	if !w.whole {
		var err error
		if ids, err = eventIDs(ctx, w.tx, paths, lists, false); err != nil {
			return fmt.Errorf("save related: %w", err)
		}
	}
	for _, list := range AllLists {
		var prev map[int64][]byte
		if old != nil {
			prev = old[list]
		}
		got, err := saveList(ctx, w.tx, w.gen, list, paths, lists[list], ids, prev)
		if err != nil {
			return fmt.Errorf("save related: %w", err)
		}
		w.changed = append(w.changed, got...)
	}
	return nil
}

// Commit makes the related generation gen and commits; it returns, sorted,
// the paths one of whose lists changed.
func (w *RelatedWriter) Commit(ctx context.Context) ([]string, error) {
	_, err := w.tx.ExecContext(ctx, `UPDATE counters SET value = ? WHERE name = 'related_generation'`, w.gen)
	if err != nil {
		return nil, fmt.Errorf("save related: %w", err)
	}
	err = w.tx.Commit()
	w.s.NoteChange() // even a failed commit may have written
	if err != nil {
		return nil, fmt.Errorf("save related: commit: %w", err)
	}
	slices.Sort(w.changed)
	return slices.Compact(w.changed), nil
}

// Rollback abandons what was not committed; after Commit it does nothing.
func (w *RelatedWriter) Rollback() { w.tx.Rollback() }

// saveList writes the lists of one kind that changed and returns their
// paths; old are the stored lists, read here when nil.
func saveList(ctx context.Context, tx *sql.Tx, gen int64, list List, paths []string,
	lists map[string][]RelatedEntry, ids map[string]eventRef, old map[int64][]byte) ([]string, error) {
	if old == nil {
		var err error
		if old, err = storedItems(ctx, tx, list, ownersOf(paths, ids), false); err != nil {
			return nil, err
		}
	}
	var changed []string
	var rows []listRow
	for _, p := range paths {
		owner, current := ids[p]
		if !current {
			continue
		}
		row := newListRow(owner.id, lists[p], ids)
		if prev, known := old[owner.id]; known && bytes.Equal(prev, row.items) {
			continue
		}
		changed = append(changed, p)
		rows = append(rows, row)
	}
	return changed, writeLists(ctx, tx, gen, list, rows)
}

// listRow is one list as its table holds it.
type listRow struct {
	owner       int64
	floor       float64
	targetDates string
	items       []byte
}

// newListRow packs a list, leaving out the items whose event is not current.
// It appends each item straight into a buffer sized at once:
// a whole-archive pass packs two lists per event, and packing them through
// slices grown item by item was most of the writer's time.
func newListRow(owner int64, list []RelatedEntry, ids map[string]eventRef) listRow {
	type keptItem struct {
		entry *RelatedEntry
		ref   eventRef
	}
	var small [maxListLen]keptItem
	kept := small[:0]
	itemsLen := 0
	for k := range list {
		t, ok := ids[list[k].Path]
		if !ok {
			continue
		}
		kept = append(kept, keptItem{&list[k], t})
		itemsLen += packedItemLen(list[k].Context)
	}
	items := make([]byte, 0, itemsLen)
	var dates strings.Builder
	dates.Grow(len(kept) * len("2006-01-02 "))
	for k, it := range kept {
		r := it.entry
		items = appendItem(items, packedItem{target: it.ref.id, headline: headlineHash(r.Headline), context: r.Context, score: r.Score})
		if k > 0 {
			dates.WriteByte(' ')
		}
		dates.WriteString(it.ref.date)
	}
	row := listRow{owner: owner, targetDates: dates.String(), items: items}
	if len(kept) >= maxListLen {
		row.floor = kept[len(kept)-1].entry.Score
	}
	return row
}

// maxListLen is the length of a full list, whose lowest score RelatedFloors
// gives: related.DefaultLimit, which this package cannot import.
const maxListLen = 5

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

// eventRef is a current event's id and day.
type eventRef struct {
	id   int64
	date string
}

// wholeArchive is how many paths make reading every event's id cheaper than
// looking the paths up.
const wholeArchive = 20000

// eventIDs finds the ids and days of the events at paths and of their
// related events (of every event, when they are many, or with all).
func eventIDs(ctx context.Context, tx *sql.Tx, paths []string, lists map[List]map[string][]RelatedEntry, every bool) (map[string]eventRef, error) {
	if every {
		ids := make(map[string]eventRef, 1<<17)
		return ids, scanIDs(ctx, tx, ids, `SELECT path, id, date FROM events`)
	}
	all := slices.Clone(paths)
	for _, byPath := range lists {
		for _, list := range byPath {
			for _, r := range list {
				all = append(all, r.Path)
			}
		}
	}
	slices.Sort(all)
	all = slices.Compact(all)
	ids := make(map[string]eventRef, len(all))
	if len(all) > wholeArchive {
		return ids, scanIDs(ctx, tx, ids, `SELECT path, id, date FROM events`) // more ids than asked for do no harm
	}
	err := eachChunk(all, func(list string) error {
		return scanIDs(ctx, tx, ids, `SELECT path, id, date FROM events WHERE path IN (SELECT value FROM json_each(?))`, list)
	})
	return ids, err
}

// scanIDs adds the path, id and date rows of query to ids.
func scanIDs(ctx context.Context, tx *sql.Tx, ids map[string]eventRef, query string, args ...any) error {
	return eachRow(ctx, tx, query, args, func(rows *sql.Rows) error {
		var p string
		var ref eventRef
		err := rows.Scan(&p, &ref.id, &ref.date)
		ids[p] = ref
		return err
	})
}

// ownersOf returns the refs of the paths that are current events.
func ownersOf(paths []string, ids map[string]eventRef) map[string]eventRef {
	out := make(map[string]eventRef, len(paths))
	for _, p := range paths {
		if ref, ok := ids[p]; ok {
			out[p] = ref
		}
	}
	return out
}

// storedItems reads the packed lists of the kind of the events in ids that
// were ever saved, by event id; with all, every stored list.
func storedItems(ctx context.Context, tx *sql.Tx, list List, ids map[string]eventRef, all bool) (map[int64][]byte, error) {
	table := list.table()
	out := map[int64][]byte{}
	scan := func(query string, args ...any) error { return pairsInto(ctx, tx, out, query, args...) }
	if all || len(ids) > wholeArchive {
		return out, scan(`SELECT event_id, items FROM ` + table)
	}
	owners := make([]int64, 0, len(ids))
	for _, ref := range ids {
		owners = append(owners, ref.id)
	}
	asJSON, err := json.Marshal(owners)
	if err != nil {
		return nil, err
	}
	return out, scan(`SELECT event_id, items FROM `+table+` WHERE event_id IN (SELECT value FROM json_each(?))`, string(asJSON))
}

// writeLists writes the changed lists of the kind, stamped with gen.
func writeLists(ctx context.Context, tx *sql.Tx, gen int64, list List, rows []listRow) error {
	lists := newRowInserter(tx, `INSERT INTO `+list.table()+` (event_id, generation, floor, target_dates, items) VALUES`, 5,
		`ON CONFLICT (event_id) DO UPDATE SET generation = excluded.generation, floor = excluded.floor,
		target_dates = excluded.target_dates, items = excluded.items`)
	for k, r := range rows {
		lists.add(r.owner, gen, r.floor, r.targetDates, r.items)
		if (k+1)%maxRows == 0 {
			if err := lists.flush(ctx); err != nil {
				return err
			}
		}
	}
	return lists.flush(ctx)
}

// RelatedFloors returns, for each of the events at paths whose list of the
// kind was saved, the lowest score the list holds when it holds limit items,
// else 0: the score another event must beat to enter it. Lists are stored
// with the floor of related.DefaultLimit items; another limit reads the
// items.
func (s *Store) RelatedFloors(ctx context.Context, list List, paths []string, limit int) (map[string]float64, error) {
	table := list.table()
	out := map[string]float64{}
	err := eachChunk(paths, func(chunk string) error {
		return eachRow(ctx, s.reads, `SELECT o.path, l.floor, l.items
			FROM events o JOIN `+table+` l ON l.event_id = o.id
			WHERE o.path IN (SELECT value FROM json_each(?))`, []any{chunk}, func(rows *sql.Rows) error {
			var p string
			var floor float64
			var raw sql.RawBytes // unpacked before the next row
			if err := rows.Scan(&p, &floor, &raw); err != nil {
				return err
			}
			if limit != maxListLen {
				items, err := unpackItems(raw)
				if err != nil {
					return err
				}
				floor = 0
				if len(items) >= limit {
					floor = slices.MinFunc(items, func(a, b packedItem) int { return cmpFloat(a.score, b.score) }).score
				}
			}
			out[p] = floor
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("%s floors: %w", list, err)
	}
	return out, nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// strings runs a query of one text column.
func (s *Store) strings(ctx context.Context, query string, args ...any) ([]string, error) {
	var out []string
	err := eachRow(ctx, s.reads, query, args, func(rows *sql.Rows) error {
		var v string
		if err := rows.Scan(&v); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
