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

func TestCoTopicsMatchTheirPlainSQL(t *testing.T) {
	st, _ := openTemp(t)
	g := newSynthetic(30)
	if _, err := st.ImportDays(ctx, g.days(40)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		kind  event.Kind
		title string
	}{
		{event.KindTopic, g.entities[0]},
		{event.KindTopic, g.entities[3]},
		{event.KindStory, g.stories[0]},
		{event.KindCategory, "Politics and elections"},
	}
	for _, tt := range tests {
		got, err := st.CoTopics(ctx, tt.kind, tt.title, 20)
		if err != nil {
			t.Fatal(err)
		}
		want := referenceCoTopics(t, st, tt.kind, tt.title, 20)
		if len(want) == 0 {
			t.Fatalf("%s %q: the reference finds no co-topics; the fixture does not test anything", tt.kind, tt.title)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("CoTopics(%s %q) = %v, want %v", tt.kind, tt.title, got, want)
		}
	}
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
