package store

import (
	"database/sql"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// coTopicsReference is CoTopics's first, plainer SQL: the faster one must
// give the same rows.
const coTopicsReference = `SELECT t.title, count(DISTINCT l.event_id) AS n
	FROM events e JOIN event_entities l ON l.event_id = e.id JOIN entities t ON t.id = l.entity_id
	WHERE %s AND t.title != ?
	GROUP BY t.id ORDER BY n DESC, t.title LIMIT ?`

// The topic index gives the rows of the plain SQL, for every kind, also
// after an import replaced a day (a new generation, a new index).
func TestTopicIndexMatchesThePlainSQL(t *testing.T) {
	st, _ := openTemp(t)
	g := newSynthetic(4)
	days := g.days(800) // over three years
	if _, err := st.ImportDays(ctx, days); err != nil {
		t.Fatal(err)
	}
	check := func(stage string) {
		t.Helper()
		tests := []struct {
			kind  event.Kind
			title string
		}{
			{event.KindTopic, g.entities[0]},
			{event.KindTopic, g.entities[3]},
			{event.KindTopic, "No such topic"},
			{event.KindStory, g.stories[0]},
			{event.KindCategory, "Politics and elections"},
		}
		for _, tt := range tests {
			got, err := st.CoTopics(ctx, tt.kind, tt.title, 20)
			if err != nil {
				t.Fatal(err)
			}
			want := referenceCoTopics(t, st, tt.kind, tt.title, 20)
			if len(want) == 0 && tt.title != "No such topic" {
				t.Fatalf("%s %q: the reference finds no co-topics; the fixture does not test anything", tt.kind, tt.title)
			}
			if len(got) != len(want) || len(want) > 0 && !reflect.DeepEqual(got, want) {
				t.Errorf("%s: CoTopics(%s %q) = %v, want %v", stage, tt.kind, tt.title, got, want)
			}
			if fromSQL, err := st.coTopicsSQL(ctx, tt.kind, tt.title, 20); err != nil || len(fromSQL) != len(want) ||
				len(want) > 0 && !reflect.DeepEqual(fromSQL, want) {
				t.Errorf("%s: coTopicsSQL(%s %q) = %v (%v), want %v", stage, tt.kind, tt.title, fromSQL, err, want)
			}
			years, err := st.TopicYears(ctx, tt.kind, tt.title)
			if err != nil {
				t.Fatal(err)
			}
			wantYears, err := st.topicYearsSQL(ctx, tt.kind, tt.title)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(years, wantYears) {
				t.Errorf("%s: TopicYears(%s %q) = %v, want %v", stage, tt.kind, tt.title, years, wantYears)
			}
			if months, want := mustMonths(t, st, tt.kind, tt.title), referenceMonths(t, st, tt.kind, tt.title); !reflect.DeepEqual(months, want) {
				t.Errorf("%s: TopicMonths(%s %q) = %v, want %v", stage, tt.kind, tt.title, months, want)
			}
			for _, year := range append([]int{0}, yearsOf(wantYears)...) {
				for _, pg := range []struct{ offset, limit int }{{0, 5}, {3, 5}, {7, 4}, {11, 6}, {0, 1 << 30}, {1 << 20, 5}} {
					got := pagePaths(t, st, tt.kind, tt.title, year, pg.offset, pg.limit)
					want := referencePage(t, st, tt.kind, tt.title, year, pg.offset, pg.limit)
					if !slices.Equal(got, want) {
						t.Errorf("%s: TopicListingPage(%s %q, year %d, from %d, %d) = %v, want %v",
							stage, tt.kind, tt.title, year, pg.offset, pg.limit, got, want)
					}
				}
			}
			if exported, err := st.CoTopicsBySQL(ctx, tt.kind, tt.title, 20); err != nil || len(exported) != len(want) ||
				len(want) > 0 && !reflect.DeepEqual(exported, want) {
				t.Errorf("%s: CoTopicsBySQL(%s %q) = %v (%v), want %v", stage, tt.kind, tt.title, exported, err, want)
			}
		}
	}
	check("first import")
	edited := days[7]
	edited.RevisionID++
	edited.Wikitext += " edited"
	edited.Events = edited.Events[2:]
	if _, err := st.ImportDays(ctx, []Day{edited}); err != nil {
		t.Fatal(err)
	}
	check("after a day was replaced")
}

func referenceCoTopics(t *testing.T, st *Store, kind event.Kind, title string, limit int) []TitleCount {
	t.Helper()
	filter, err := topicFilter(kind)
	if err != nil {
		t.Fatal(err)
	}
	self := ""
	if kind == event.KindTopic {
		self = title
	}
	var out []TitleCount
	query := fmt.Sprintf(coTopicsReference, filter)
	err = eachRow(ctx, st.db, query, []any{title, self, limit}, func(rows *sql.Rows) error {
		var c TitleCount
		if err := rows.Scan(&c.Title, &c.Events); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// referenceMonths is TopicMonths in plain SQL.
func referenceMonths(t *testing.T, st *Store, kind event.Kind, title string) []MonthCount {
	t.Helper()
	filter, err := topicFilter(kind)
	if err != nil {
		t.Fatal(err)
	}
	var out []MonthCount
	err = eachRow(ctx, st.db, `SELECT CAST(substr(e.date, 1, 4) AS INTEGER), CAST(substr(e.date, 6, 2) AS INTEGER), count(*)
		FROM events e WHERE `+filter+` GROUP BY 1, 2 ORDER BY 1, 2`, []any{title}, func(rows *sql.Rows) error {
		var m MonthCount
		err := rows.Scan(&m.Year, &m.Month, &m.Events)
		out = append(out, m)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mustMonths(t *testing.T, st *Store, kind event.Kind, title string) []MonthCount {
	t.Helper()
	months, err := st.TopicMonths(ctx, kind, title)
	if err != nil {
		t.Fatal(err)
	}
	return months
}

// referencePage is the paths of TopicListingPage's events in plain SQL: the
// title's events in order, from the offset-th on.
func referencePage(t *testing.T, st *Store, kind event.Kind, title string, year, offset, limit int) []string {
	t.Helper()
	filter, err := topicFilter(kind)
	if err != nil {
		t.Fatal(err)
	}
	args := []any{title}
	if year > 0 {
		filter += ` AND substr(e.date, 1, 4) = ?`
		args = append(args, fmt.Sprintf("%04d", year))
	}
	var out []string
	err = eachRow(ctx, st.db, `SELECT e.path FROM events e WHERE `+filter+` ORDER BY e.date DESC, e.position LIMIT ? OFFSET ?`,
		append(args, limit, offset), func(rows *sql.Rows) error {
			var p string
			out = append(out, p)
			return rows.Scan(&out[len(out)-1])
		})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func pagePaths(t *testing.T, st *Store, kind event.Kind, title string, year, offset, limit int) []string {
	t.Helper()
	events, err := st.TopicListingPage(ctx, kind, title, year, offset, limit)
	if err != nil {
		t.Fatal(err)
	}
	if events == nil {
		t.Fatalf("TopicListingPage(%s %q) gave nil, want a slice", kind, title)
	}
	var out []string
	for _, e := range events {
		out = append(out, e.Path)
	}
	return out
}

func yearsOf(counts []YearCount) []int {
	var out []int
	for _, c := range counts {
		out = append(out, c.Year)
	}
	return out
}
