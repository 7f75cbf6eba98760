package store

import (
	"database/sql"
	"fmt"
	"reflect"
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
