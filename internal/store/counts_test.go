package store

import (
	"reflect"
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
	for _, kind := range []SlugKind{SlugTopic, SlugStory} {
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
