package store

import (
	"reflect"
	"slices"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// The topic and story counts computed in Go must equal what the plain SQL
// of titleCountQueries gives, after an import that replaced a day too.
func TestLinkCountsMatchTheirSQL(t *testing.T) {
	st, _ := openTemp(t)
	g := newSynthetic(30)
	days := g.days(40)
	if _, err := st.ImportDays(ctx, days); err != nil {
		t.Fatal(err)
	}
	edited := days[7]
	edited.RevisionID++
	edited.Wikitext += " edited"
	edited.Events = edited.Events[3:]
	if _, err := st.ImportDays(ctx, []Day{edited}); err != nil {
		t.Fatal(err)
	}
	for _, kind := range []event.Kind{event.KindTopic, event.KindStory} {
		got, err := st.linkCounts(ctx, kind)
		if err != nil {
			t.Fatal(err)
		}
		want := sqlTitleCounts(t, st, titleCountQueries[kind])
		if len(got) == 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("linkCounts(%s) = %d counts, SQL gives %d; first differences: %v", kind, len(got), len(want),
				firstDifference(got, want))
		}
	}
}

func sqlTitleCounts(t *testing.T, st *Store, query string) []TitleCount {
	t.Helper()
	rows, err := st.db.QueryContext(ctx, query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []TitleCount
	for rows.Next() {
		var c TitleCount
		var slug *string
		var newest string
		if err := rows.Scan(&c.Title, &slug, &c.Events, &newest); err != nil {
			t.Fatal(err)
		}
		if slug != nil {
			c.Slug = *slug
		}
		if c.Newest, err = event.ParseDate(newest); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

func firstDifference(got, want []TitleCount) []TitleCount {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return []TitleCount{got[i], want[i]}
		}
	}
	return nil
}

// The counts UpdateTitleCounts keeps must equal those counted afresh, after
// the first import (every day and title counted), after an edit that
// removes a day's events and a whole category, and after one that leaves a
// day with none (only the changed days and titles counted).
func TestStoredTitleCountsEqualFreshOnes(t *testing.T) {
	st, _ := openTemp(t)
	g := newSynthetic(30)
	days := g.days(40)
	for i := range days[7].Events[:2] {
		days[7].Events[i].Category, days[7].Events[i].CategoryOriginal = "Health", "Health"
	}
	steps := []struct {
		name string
		days []Day
		same bool // every count stays: the counts' stamp too
	}{
		{"first import", days, false},
		{"a headline edited", func() []Day {
			edited := days[5]
			edited.RevisionID++
			edited.Wikitext += " headline"
			edited.Events = slices.Clone(edited.Events)
			edited.Events[0].Headline += " again"
			return []Day{edited}
		}(), true},
		{"edit of one day", func() []Day {
			edited := days[7]
			edited.RevisionID++
			edited.Wikitext += " edited"
			edited.Events = edited.Events[3:]
			return []Day{edited}
		}(), false},
		{"a day emptied", func() []Day {
			emptied := days[9]
			emptied.RevisionID++
			emptied.Wikitext += " emptied"
			emptied.Events = nil
			return []Day{emptied}
		}(), false},
	}
	for _, step := range steps {
		before, _, err := st.CountsStamp(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.ImportDays(ctx, step.days); err != nil {
			t.Fatal(err)
		}
		if err := st.UpdateTitleCounts(ctx); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		stamp, current, err := st.CountsStamp(ctx)
		if err != nil {
			t.Fatal(err)
		}
		gen, err := st.Generation(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := map[bool]int64{true: before, false: gen}[step.same]; stamp != want || !current {
			t.Errorf("%s: counts stamped %d (current %v), want %d", step.name, stamp, current, want)
		}
		if n := count(t, st, `SELECT count(*) FROM counters c, counters g
			WHERE c.name = 'counts_generation' AND g.name = 'generation' AND c.value = g.value`); n != 1 {
			t.Fatalf("%s: the counts are not stamped with the store's generation", step.name)
		}
		stored, err := st.DayCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		fresh, err := scanDayCounts(ctx, st.reads, countDaysQuery)
		if err != nil {
			t.Fatal(err)
		}
		if n := count(t, st, `SELECT count(*) FROM day_counts`); len(fresh) == 0 || n != len(fresh) || !reflect.DeepEqual(stored, fresh) {
			t.Errorf("%s: %d stored day counts (%d rows), fresh %d", step.name, len(stored), n, len(fresh))
		}
		for _, kind := range event.Kinds {
			stored, err := st.TitleCounts(ctx, kind)
			if err != nil {
				t.Fatal(err)
			}
			fresh, err := st.countTitles(ctx, kind)
			if err != nil {
				t.Fatal(err)
			}
			if len(fresh) == 0 || !reflect.DeepEqual(stored, fresh) {
				t.Errorf("%s: stored counts of %s = %d, fresh %d; first difference: %v", step.name, kind,
					len(stored), len(fresh), firstDifference(stored, fresh))
			}
			slugs, err := st.Slugs(ctx, kind)
			if err != nil {
				t.Fatal(err)
			}
			withSlugs, err := st.TitleCountsWithSlugs(ctx, kind, slugs)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(withSlugs, fresh) {
				t.Errorf("%s: counts of %s with the slugs given = %d, fresh %d; first difference: %v", step.name, kind,
					len(withSlugs), len(fresh), firstDifference(withSlugs, fresh))
			}
		}
	}
	if n := count(t, st, `SELECT count(*) FROM title_counts WHERE title = 'Health'`); n != 0 {
		t.Error("a category left with no event keeps a count")
	}
}

// Until UpdateTitleCounts runs after an import, TitleCounts counts afresh
// rather than give the stored, older counts.
func TestTitleCountsOfAnOlderGenerationAreNotUsed(t *testing.T) {
	st, _ := openTemp(t)
	g := newSynthetic(5)
	days := g.days(3)
	if _, err := st.ImportDays(ctx, days[:2]); err != nil {
		t.Fatal(err)
	}
	if err := st.UpdateTitleCounts(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportDays(ctx, days[2:]); err != nil {
		t.Fatal(err)
	}
	got, err := st.TitleCounts(ctx, event.KindCategory)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Events != 15 {
		t.Errorf("TitleCounts after a later import = %+v, want one category of 15 events", got)
	}
	if days, err := st.DayCounts(ctx); err != nil || len(days) != 3 {
		t.Errorf("DayCounts after a later import = %+v (%v), want 3 days", days, err)
	}
}
