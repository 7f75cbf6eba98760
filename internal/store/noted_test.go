package store

import (
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// NotedChanges moves after each kind of write transaction of the Store, by
// the time the call that wrote returns, and stays put while only reads run.
func TestNotedChangesMoveWithEveryWriteTransaction(t *testing.T) {
	st, _ := openTemp(t)
	g := newSynthetic(3)
	writes := []struct {
		name  string
		write func() error
	}{
		{"an import", func() error { _, err := st.ImportDays(ctx, g.days(2)); return err }},
		{"a missing day recorded", func() error {
			return st.RecordMissing(ctx, []MissingDay{{Date: event.Date{Year: 2001, Month: time.January, Day: 1},
				Title: "Portal:Current events/2001 January 1", Reason: "missing", Checked: time.Unix(0, 0).UTC()}})
		}},
		{"related lists saved", func() error {
			w, err := st.NewRelatedWriter(ctx, 1, false)
			if err != nil {
				return err
			}
			_, err = w.Commit(ctx)
			return err
		}},
	}
	for _, w := range writes {
		before := st.NotedChanges()
		if _, err := st.DataVersion(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Stats(ctx); err != nil {
			t.Fatal(err)
		}
		if got := st.NotedChanges(); got != before {
			t.Fatalf("before %s: reads moved NotedChanges from %d to %d", w.name, before, got)
		}
		if err := w.write(); err != nil {
			t.Fatalf("%s: %v", w.name, err)
		}
		if st.NotedChanges() == before {
			t.Errorf("%s did not move NotedChanges", w.name)
		}
	}
}
