package store

import (
	"slices"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// SearchDocumentsOf gives, in id order, the documents SearchDocuments
// gives of the events of the days and of the paths.
func TestSearchDocumentsOfIsTheirPart(t *testing.T) {
	st, _ := openTemp(t)
	days := newSynthetic(5).days(20)
	mustImport(t, st, days...)
	indexForSearch(t, st)
	all, err := st.SearchDocuments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	lone := days[9].Events[0].Path
	tests := []struct {
		days  []event.Date
		paths []string
	}{
		{nil, nil},
		{[]event.Date{days[3].Date, days[12].Date}, nil},
		{nil, []string{lone, "/news/1999/01/1/none"}},
		{[]event.Date{days[3].Date}, []string{lone, days[3].Events[1].Path}},
	}
	for _, tt := range tests {
		var want []SearchDocument
		for _, d := range all {
			if slices.Contains(tt.paths, d.Path) || slices.ContainsFunc(tt.days, func(day event.Date) bool {
				return slices.ContainsFunc(days, func(dd Day) bool {
					return dd.Date == day && slices.ContainsFunc(dd.Events, func(e event.Event) bool { return e.Path == d.Path })
				})
			}) {
				want = append(want, d)
			}
		}
		slices.SortFunc(want, func(a, b SearchDocument) int { return int(a.ID - b.ID) })
		got, err := st.SearchDocumentsOf(ctx, tt.days, tt.paths)
		if err != nil {
			t.Fatal(err)
		}
		if len(want) == 0 && len(tt.days)+len(tt.paths) > 0 {
			t.Fatalf("%v %v: the fixture has no such events", tt.days, tt.paths)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%v %v: %d documents, want %d", tt.days, tt.paths, len(got), len(want))
		}
	}
}
