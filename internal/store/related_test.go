package store

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

func TestPackedItemsRoundTrip(t *testing.T) {
	tests := []struct {
		name  string
		items []packedItem
	}{
		{"empty list", nil},
		{"no context", []packedItem{{target: 1, headline: 7, context: []string{}, score: 0.5}}},
		{"full list", []packedItem{
			{target: 1 << 40, headline: 1, context: []string{"Red Cross", "Syria"}, score: 81.25},
			{target: 2, headline: 2, context: []string{"ünïcode", ""}, score: 1e-9},
			{target: 3, headline: 3, context: []string{"x"}, score: 0},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := unpackItems(packItems(tt.items))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.items) {
				t.Errorf("round trip = %+v, want %+v", got, tt.items)
			}
		})
	}
}

func TestUnpackItemsRejectsTruncatedLists(t *testing.T) {
	packed := packItems([]packedItem{{target: 300, headline: 1, context: []string{"Red Cross"}, score: 2}})
	for n := 1; n < len(packed); n++ {
		if _, err := unpackItems(packed[:n]); err == nil {
			t.Errorf("unpackItems of the first %d of %d bytes gave no error", n, len(packed))
		}
	}
}

// A retitled related event whose path stays the same must still rewrite
// the lists showing it: the page shows its headline.
func TestSaveRelatedRewritesAListWhenItsEventsHeadlineChanged(t *testing.T) {
	st, _ := openTemp(t)
	if _, err := st.ImportDays(ctx, []Day{slugDay(1, 1, "A", "X"), slugDay(2, 1, "A", "X")}); err != nil {
		t.Fatal(err)
	}
	a, b := "/news/2020/05/1/e", "/news/2020/05/2/e"
	entry := func(headline string) map[List]map[string][]RelatedEntry {
		return map[List]map[string][]RelatedEntry{AroundList: {a: {{Path: b, Headline: headline, Context: []string{"X"}, Score: 1}}}}
	}
	if _, err := st.SaveRelated(ctx, 1, []string{a}, entry("e")); err != nil {
		t.Fatal(err)
	}
	changed, err := st.SaveRelated(ctx, 2, []string{a}, entry("E"))
	if err != nil || len(changed) != 1 {
		t.Fatalf("save after the headline changed: changed %v, %v; want %s", changed, err, a)
	}
	list, err := st.RelatedOf(ctx, AroundList, a)
	want := []RelatedEntry{{Path: b, Headline: "e", Date: event.Date{Year: 2020, Month: time.May, Day: 2},
		Context: []string{"X"}, Score: 1}}
	if err != nil || !reflect.DeepEqual(list, want) {
		t.Errorf("RelatedOf(around, %s) = %+v, %v; want %+v", a, list, err, want)
	}
	if other, err := st.RelatedOf(ctx, RelatedList, a); err != nil || other != nil {
		t.Errorf("RelatedOf(related, %s) = %+v, %v; want none: only the around list was saved", a, other, err)
	}
	relating, err := st.EventsRelatingTo(ctx, []event.Date{{Year: 2020, Month: time.May, Day: 2}, {Year: 2020, Month: time.May, Day: 9}})
	if err != nil || !reflect.DeepEqual(relating, []string{a}) {
		t.Errorf("EventsRelatingTo(May 2, May 9) = %v, %v; want [%s]", relating, err, a)
	}
	floors, err := st.RelatedFloors(ctx, AroundList, []string{a, b}, 1)
	if err != nil || !reflect.DeepEqual(floors, map[string]float64{a: 1}) {
		t.Errorf("RelatedFloors(limit 1) = %v, %v", floors, err)
	}
}

// TestNewListRowPacksAsPackItems checks that a row packed straight into its
// buffer holds the bytes of packItems, leaving out the items whose event is
// not current.
func TestNewListRowPacksAsPackItems(t *testing.T) {
	ids := map[string]eventRef{"/a": {1, "2020-05-01"}, "/b": {300, "2021-06-02"}, "/c": {7, "2019-01-03"}}
	long := strings.Repeat("long context ", 20)
	entry := func(path string, score float64) RelatedEntry {
		return RelatedEntry{Path: path, Headline: "Headline of " + path, Context: []string{"Red Cross", long}, Score: score}
	}
	tests := []struct {
		name string
		list []RelatedEntry
	}{
		{"empty", nil},
		{"one", []RelatedEntry{entry("/a", 3)}},
		{"not current left out", []RelatedEntry{entry("/gone", 9), entry("/b", 2), entry("/a", 1)}},
		{"full", []RelatedEntry{entry("/a", 5), entry("/b", 4), entry("/c", 3), entry("/b", 2), entry("/a", 1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var items []packedItem
			var dates []string
			for _, r := range tt.list {
				if ref, ok := ids[r.Path]; ok {
					items = append(items, packedItem{target: ref.id, headline: headlineHash(r.Headline), context: r.Context, score: r.Score})
					dates = append(dates, ref.date)
				}
			}
			want := listRow{owner: 42, targetDates: strings.Join(dates, " "), items: packItems(items)}
			if len(items) >= maxListLen {
				want.floor = items[len(items)-1].score
			}
			if got := newListRow(42, tt.list, ids); !reflect.DeepEqual(got, want) {
				t.Errorf("newListRow = %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestEachRelatedBetweenReadsTheListsOfTheDays(t *testing.T) {
	st, _ := openTemp(t)
	if _, err := st.ImportDays(ctx, []Day{slugDay(1, 1, "A", "X"), slugDay(2, 1, "A", "X"), slugDay(3, 1, "A", "X")}); err != nil {
		t.Fatal(err)
	}
	a, b, c := "/news/2020/05/1/e", "/news/2020/05/2/e", "/news/2020/05/3/e"
	entry := func(to string) []RelatedEntry {
		return []RelatedEntry{{Path: to, Headline: "e", Context: []string{"X"}, Score: 1}}
	}
	lists := map[List]map[string][]RelatedEntry{
		RelatedList: {a: entry(b), b: entry(c), c: entry(a)},
		AroundList:  {a: entry(c)},
	}
	if _, err := st.SaveRelated(ctx, 1, []string{a, b, c}, lists); err != nil {
		t.Fatal(err)
	}
	targets, err := st.RelatedTargets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	may := func(d int) event.Date { return event.Date{Year: 2020, Month: time.May, Day: d} }
	tests := []struct {
		list     List
		from, to event.Date
		want     []string // the events whose lists are read, in order
	}{
		{RelatedList, may(1), may(3), []string{a, b, c}},
		{RelatedList, may(2), may(2), []string{b}},
		{RelatedList, may(2), may(9), []string{b, c}},
		{AroundList, may(2), may(3), nil},
		{AroundList, may(1), may(1), []string{a}},
	}
	for _, tt := range tests {
		var got []string
		err := st.EachRelatedBetween(ctx, tt.list, tt.from, tt.to, targets, func(path string, list []RelatedEntry) error {
			got = append(got, path)
			want, err := st.RelatedOf(ctx, tt.list, path)
			if err != nil || !reflect.DeepEqual(list, want) {
				t.Errorf("%s list of %s = %+v; RelatedOf gives %+v, %v", tt.list, path, list, want, err)
			}
			return nil
		})
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("EachRelatedBetween(%s, %s, %s) read %v, %v; want %v", tt.list, tt.from, tt.to, got, err, tt.want)
		}
	}
}

// TestRelatedTargetsSparseIDs checks that the targets of an archive whose
// ids are sparse (past maxSparseIDs per event) are all read, into a map.
func TestRelatedTargetsSparseIDs(t *testing.T) {
	st, _ := openTemp(t)
	if _, err := st.ImportDays(ctx, []Day{slugDay(1, 1, "A", "X"), slugDay(2, 1, "A", "X")}); err != nil {
		t.Fatal(err)
	}
	if dense, err := st.RelatedTargets(ctx); err != nil || dense.byID.dense == nil {
		t.Fatalf("the index of dense ids is not dense (%v)", err)
	}
	conn, err := st.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`PRAGMA foreign_keys = OFF`, `UPDATE events SET id = id + 100000 WHERE path = '/news/2020/05/2/e'`, `PRAGMA foreign_keys = ON`} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	conn.Close()
	targets, err := st.RelatedTargets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if targets.byID.byID == nil {
		t.Fatal("the index of sparse ids is dense")
	}
	var paths []string
	rows, err := st.db.QueryContext(ctx, `SELECT id, path FROM events`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var path string
		if err := rows.Scan(&id, &path); err != nil {
			t.Fatal(err)
		}
		if tg, ok := targets.byID.get(id); !ok || tg.path != path {
			t.Errorf("target of %d = %+v, %v; want %s", id, tg, ok, path)
		}
		paths = append(paths, path)
	}
	if len(paths) != 2 {
		t.Errorf("read %d events; want 2", len(paths))
	}
}

// BenchmarkUnpackItems decodes a list of ten items of three context terms
// each, the shape of a typical stored list.
func BenchmarkUnpackItems(b *testing.B) {
	items := make([]packedItem, 10)
	for i := range items {
		items[i] = packedItem{target: int64(1000 + i), headline: uint32(i), context: []string{"Ukraine", "Russian invasion of Ukraine", "Kharkiv"}, score: float64(i)}
	}
	packed := packItems(items)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := unpackItems(packed); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzUnpackItems: no bytes make unpackItems panic, and what it decodes
// packs and decodes again to the same items (compared packed, as a NaN
// score is not equal to itself).
func FuzzUnpackItems(f *testing.F) {
	f.Add(packItems([]packedItem{{target: 300, headline: 1, context: []string{"Red Cross", "Syria"}, score: 2}, {target: 1}}))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, packed []byte) {
		items, err := unpackItems(packed)
		if err != nil {
			return
		}
		repacked := packItems(items)
		again, err := unpackItems(repacked)
		if err != nil || !bytes.Equal(packItems(again), repacked) {
			t.Fatalf("%+v packs and unpacks to %+v, %v", items, again, err)
		}
	})
}

// A database of schema 14 loses its score breakdowns when opened, and keeps
// its lists.
func TestMigrationDropsTheStoredBreakdowns(t *testing.T) {
	st, path, a := storeWithOneList(t)
	want, err := st.RelatedOf(ctx, RelatedList, a)
	if err != nil || len(want) != 1 {
		t.Fatalf("RelatedOf(%s) = %v, %v; want one entry", a, want, err)
	}
	undo := `DROP TABLE earlier_texts; ALTER TABLE removed_events DROP COLUMN removed_at;
		CREATE TABLE related_why (event_id INTEGER PRIMARY KEY REFERENCES related_lists (event_id) ON DELETE CASCADE,
			why BLOB NOT NULL) STRICT;
		CREATE TABLE around_why (event_id INTEGER PRIMARY KEY REFERENCES around_lists (event_id) ON DELETE CASCADE,
			why BLOB NOT NULL) STRICT;
		INSERT INTO related_why SELECT event_id, x'01' FROM related_lists;
		PRAGMA user_version = 14`
	again := reopenAfter(t, st, path, undo)
	if n := count(t, again, `SELECT count(*) FROM sqlite_schema WHERE name LIKE '%_why'`); n != 0 {
		t.Errorf("%d breakdown tables left after the migration", n)
	}
	if got, err := again.RelatedOf(ctx, RelatedList, a); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("after the migration RelatedOf(%s) = %+v, %v; want %+v", a, got, err, want)
	}
	if report, err := again.Check(ctx); err != nil || !report.OK() {
		t.Errorf("check after the migration: %+v, %v", report, err)
	}
}

// undoTo takes a database of storeWithOneList back to schema version from
// (15 to 19).
func undoTo(from int) string {
	undo := "ALTER TABLE removed_events DROP COLUMN removed_at; " + fmt.Sprintf("PRAGMA user_version = %d", from)
	if from < 18 {
		undo = "DROP TABLE earlier_texts; " + undo
	}
	return undo
}

// A database whose lists an earlier ranking computed (before the news's own
// words were dropped from the headline words, before "around" had a floor
// for word-only pairs: docs/related.md) has every list computed again by
// its next update; until then it keeps them.
func TestMigrationMarksEarlierListsForRecompute(t *testing.T) {
	// 16: the news's own words; 17: the word-only floor of "around"; 19:
	// the weak words (the casualty formula's injuries, prepositions and
	// connectives).
	for _, from := range []int{15, 16, 18} {
		st, path, a := storeWithOneList(t)
		if gen, err := st.RelatedGeneration(ctx); err != nil || gen < 0 {
			t.Fatalf("related generation %d, %v after saving lists; want one", gen, err)
		}
		again := reopenAfter(t, st, path, undoTo(from))
		if gen, err := again.RelatedGeneration(ctx); err != nil || gen != -1 {
			t.Errorf("from version %d: after the migration the related generation is %d, %v; want -1 (every list computed again)", from, gen, err)
		}
		if got, err := again.RelatedOf(ctx, RelatedList, a); err != nil || len(got) != 1 {
			t.Errorf("from version %d: after the migration RelatedOf(%s) = %+v, %v; want the list kept until then", from, a, got, err)
		}
	}
}

// storeWithOneList returns a store of two days whose first event a has a
// saved related list of one entry, and the store's file.
func storeWithOneList(t *testing.T) (st *Store, path, a string) {
	t.Helper()
	st, path = openTemp(t)
	if _, err := st.ImportDays(ctx, []Day{slugDay(1, 1, "A", "X"), slugDay(2, 1, "A", "X")}); err != nil {
		t.Fatal(err)
	}
	a, b := "/news/2020/05/1/e", "/news/2020/05/2/e"
	lists := map[List]map[string][]RelatedEntry{RelatedList: {a: {{Path: b, Headline: "e", Context: []string{"X"}, Score: 1}}}}
	if _, err := st.SaveRelated(ctx, 1, []string{a}, lists); err != nil {
		t.Fatal(err)
	}
	return st, path, a
}
