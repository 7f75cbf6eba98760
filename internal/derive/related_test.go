package derive

import (
	"reflect"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/related"
	"github.com/chronicle-archive/chronicle/internal/store"
)

func TestBreakdownRoundsAndKeepsTheStrongestWords(t *testing.T) {
	tests := []struct {
		name string
		why  related.Contribution
		want store.Breakdown
	}{
		{"nothing shared", related.Contribution{}, store.Breakdown{}},
		{"entities and words", related.Contribution{
			Entities:    []related.WeightedTerm{{Term: "Red Cross", Weight: 6.123456}, {Term: "Syria", Weight: 2}},
			EntityScore: 8.123456, Cosine: 0.56789,
			Words: []related.WeightedTerm{{Term: "aid", Weight: 0.3}, {Term: "convoy", Weight: 0.2}, {Term: "a", Weight: 0.01},
				{Term: "b", Weight: 0.01}, {Term: "c", Weight: 0.01}, {Term: "d", Weight: 0.001}},
		}, store.Breakdown{
			Entities:    []store.Term{{Term: "Red Cross", Weight: 6.1235}, {Term: "Syria", Weight: 2}},
			EntityScore: 8.1235, Cosine: 0.5679,
			Words: []store.Term{{Term: "aid", Weight: 0.3}, {Term: "convoy", Weight: 0.2}, {Term: "a", Weight: 0.01},
				{Term: "b", Weight: 0.01}, {Term: "c", Weight: 0.01}},
		}},
		{"story only", related.Contribution{Story: "Syrian civil war", StoryBonus: 1},
			store.Breakdown{Story: "Syrian civil war", StoryBonus: 1}},
	}
	for _, tt := range tests {
		if got := Breakdown(tt.why); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Breakdown = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

// TestEntriesConvertEachBreakdownAsBreakdownDoes checks that the stored form
// of a list, whose breakdowns share one array of terms, holds for each item
// what Breakdown gives it alone, and that the items' terms do not overlap.
func TestEntriesConvertEachBreakdownAsBreakdownDoes(t *testing.T) {
	words := []related.WeightedTerm{{Term: "aid", Weight: 0.3}, {Term: "convoy", Weight: 0.2}, {Term: "a", Weight: 0.01},
		{Term: "b", Weight: 0.01}, {Term: "c", Weight: 0.01}, {Term: "d", Weight: 0.001}}
	list := []related.Related{
		{Path: "/a", Score: 3, Why: related.Contribution{Entities: []related.WeightedTerm{{Term: "Syria", Weight: 2.123456}}, EntityScore: 2.123456, Words: words}},
		{Path: "/b", Score: 2, Why: related.Contribution{Story: "Syrian civil war", StoryBonus: 1}},
		{Path: "/c", Score: 1, Context: []string{"aid"}, Why: related.Contribution{Words: words[:1], Cosine: 0.3}},
	}
	got := entries(list)
	for i, r := range list {
		want := store.RelatedEntry{Path: r.Path, Score: r.Score, Context: r.Context, Why: Breakdown(r.Why)}
		if !reflect.DeepEqual(got[i], want) {
			t.Errorf("item %d: %+v, want %+v", i, got[i], want)
		}
	}
	got[0].Why.Words = append(got[0].Why.Words, store.Term{Term: "grown"})
	if !reflect.DeepEqual(got[2].Why.Words, Breakdown(list[2].Why).Words) {
		t.Errorf("growing an item's words changed the next item's: %+v", got[2].Why.Words)
	}
}
