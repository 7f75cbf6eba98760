package store

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// slugDay is a day whose one event links the entities and sits under the story.
func slugDay(d int, rev int64, story string, entities ...string) Day {
	date := event.Date{Year: 2020, Month: time.May, Day: d}
	e := event.Event{Path: date.Dir() + "/e", Date: date, Category: "Sports", CategoryOriginal: "Sport",
		Headline: "e", Text: "e", Stories: []string{story}}
	for _, t := range entities {
		e.Entities = append(e.Entities, event.Entity{Title: t})
	}
	return Day{Date: date, Title: "t", RevisionID: rev, Timestamp: date.Time(), Wikitext: story + string(rune(rev)),
		Events: []event.Event{e}}
}

func TestSlugsFirstComeKeepsThePlainSlug(t *testing.T) {
	st, _ := openTemp(t)
	if _, err := st.ImportDays(ctx, []Day{slugDay(1, 1, "Café", "São Paulo", "Sao Paulo", "SAO PAULO")}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportDays(ctx, []Day{slugDay(2, 1, "Cafe", "São-Paulo")}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		kind        event.Kind
		title, slug string
	}{
		{event.KindTopic, "São Paulo", "sao-paulo"},
		{event.KindTopic, "Sao Paulo", "sao-paulo-2"},
		{event.KindTopic, "SAO PAULO", "sao-paulo-3"},
		{event.KindTopic, "São-Paulo", "sao-paulo-4"},
		{event.KindStory, "Café", "cafe"}, // "Cafe" is its variant (storyfold_test.go)
		{event.KindCategory, "Sports", "sports"},
	}
	for _, tt := range tests {
		got, err := st.Slug(ctx, tt.kind, tt.title)
		if err != nil || got != tt.slug {
			t.Errorf("Slug(%s, %q) = %q, %v; want %q", tt.kind, tt.title, got, err, tt.slug)
		}
		title, err := st.TitleOfSlug(ctx, tt.kind, tt.slug)
		if err != nil || title != tt.title {
			t.Errorf("TitleOfSlug(%s, %q) = %q, %v; want %q", tt.kind, tt.slug, title, err, tt.title)
		}
	}
	if _, err := st.TitleOfSlug(ctx, event.KindTopic, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("TitleOfSlug(nope) = %v, want ErrNotFound", err)
	}
}

func TestFindTitleTakesATitleOrASlug(t *testing.T) {
	st, _ := openTemp(t)
	mustImport(t, st, slugDay(1, 1, "Café", "São Paulo", "Sao Paulo", "SAO PAULO", "North Korea"), slugDay(2, 1, "Cafe", "São-Paulo"))
	tests := []struct {
		kind         event.Kind
		value, title string
	}{
		{event.KindTopic, "Sao Paulo", "Sao Paulo"},     // the title itself, before the slug sao-paulo's
		{event.KindTopic, "sao-paulo", "São Paulo"},     // a slug
		{event.KindTopic, "sao-paulo-3", "SAO PAULO"},   // a slug made unique
		{event.KindTopic, "north korea", "North Korea"}, // letter case
		{event.KindTopic, "NORTH-KOREA", "North Korea"}, // the title's slug
		{event.KindTopic, "North_Korea", "North Korea"},
		{event.KindStory, "café", "Café"},
		{event.KindStory, "Cafe", "Café"}, // a variant, folded into the first
		{event.KindCategory, "sports", "Sports"},
		{event.KindCategory, "SPORTS", "Sports"},
	}
	for _, tt := range tests {
		got, err := st.FindTitle(ctx, tt.kind, tt.value)
		if err != nil || got != tt.title {
			t.Errorf("FindTitle(%s, %q) = %q, %v; want %q", tt.kind, tt.value, got, err, tt.title)
		}
	}
	for _, tt := range []struct {
		kind  event.Kind
		value string
	}{{event.KindTopic, "nope"}, {event.KindTopic, "Sports"}, {event.KindCategory, "Café"}, {event.KindTopic, ""}} {
		if got, err := st.FindTitle(ctx, tt.kind, tt.value); !errors.Is(err, ErrNotFound) {
			t.Errorf("FindTitle(%s, %q) = %q, %v; want ErrNotFound", tt.kind, tt.value, got, err)
		}
	}
}

func TestSimilarTitlesHoldTheWords(t *testing.T) {
	st, _ := openTemp(t)
	mustImport(t, st, slugDay(1, 1, "Sudanese civil war (2023–present)", "North Korea", "Korea", "South Korea", "São Paulo", "50%_off"))
	tests := []struct {
		kind  event.Kind
		value string
		want  []string
	}{
		{event.KindTopic, "korea", []string{"Korea", "North Korea", "South Korea"}},
		{event.KindStory, "sudanese civil war", []string{"Sudanese civil war (2023–present)"}},
		{event.KindStory, "war-sudan", []string{"Sudanese civil war (2023–present)"}}, // words in any order
		{event.KindTopic, "SAO PAULO", []string{"São Paulo"}},                         // letter case and accents aside
		{event.KindTopic, "korea north", []string{"North Korea"}},
		{event.KindTopic, "korea-korea-north-korea", []string{"North Korea"}}, // a word said again counts once
		{event.KindTopic, "korea atlantis", nil},                              // every word
		{event.KindTopic, "%", nil},                                           // LIKE's wildcards are no words
		{event.KindTopic, "_", nil},
		{event.KindTopic, "50%", []string{"50%_off"}},
		{event.KindTopic, "Atlantis", nil},
		{event.KindCategory, "sport", []string{"Sports"}},
	}
	for _, tt := range tests {
		got, err := st.SimilarTitles(ctx, tt.kind, tt.value, 3)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("SimilarTitles(%s, %q) = %q, %v; want %q", tt.kind, tt.value, got, err, tt.want)
		}
	}
}

func TestGenerationCountsChangingBatchesOnly(t *testing.T) {
	st, _ := openTemp(t)
	steps := []struct {
		days    []Day
		wantGen int64
	}{
		{[]Day{slugDay(1, 1, "A", "X"), slugDay(2, 1, "B", "Y")}, 1},
		{[]Day{slugDay(1, 1, "A", "X")}, 1}, // the same revision: nothing changes
		{[]Day{slugDay(2, 2, "C", "Z")}, 2}, // a newer revision of day 2
		{[]Day{slugDay(2, 1, "B", "Y")}, 2}, // an older one: kept in history only
	}
	for i, s := range steps {
		if _, err := st.ImportDays(ctx, s.days); err != nil {
			t.Fatal(err)
		}
		if gen, _ := st.Generation(ctx); gen != s.wantGen {
			t.Errorf("step %d: generation %d, want %d", i, gen, s.wantGen)
		}
	}
	changes, err := st.ChangedDays(ctx, 1)
	if err != nil || len(changes) != 1 || changes[0].Date.Day != 2 || changes[0].Generation != 2 {
		t.Fatalf("ChangedDays(1) = %+v, %v", changes, err)
	}
	topics, err := st.TopicsChangedSince(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := []TopicRef{{event.KindCategory, "Sports", "sports"}, {event.KindStory, "B", "b"}, {event.KindStory, "C", "c"},
		{event.KindTopic, "Y", "y"}, {event.KindTopic, "Z", "z"}}
	if len(topics) != len(want) {
		t.Fatalf("TopicsChangedSince(1) = %+v, want %+v", topics, want)
	}
	for i := range want {
		if topics[i] != want[i] {
			t.Errorf("TopicsChangedSince(1)[%d] = %+v, want %+v", i, topics[i], want[i])
		}
	}
}

func TestSaveRelatedStampsOnlyChangedLists(t *testing.T) {
	st, _ := openTemp(t)
	if _, err := st.ImportDays(ctx, []Day{slugDay(1, 1, "A", "X"), slugDay(2, 1, "A", "X")}); err != nil {
		t.Fatal(err)
	}
	a, b := "/news/2020/05/1/e", "/news/2020/05/2/e"
	entry := func(p string, score float64) []RelatedEntry {
		return []RelatedEntry{{Path: p, Headline: "e", Date: event.Date{Year: 2020, Month: time.May, Day: 2},
			Context: []string{"X"}, Score: score}}
	}
	changed, err := st.SaveRelated(ctx, 1, []string{a, b}, map[List]map[string][]RelatedEntry{RelatedList: {a: entry(b, 1), b: entry(a, 1)}})
	if err != nil || len(changed) != 2 {
		t.Fatalf("first save: %v, %v", changed, err)
	}
	changed, err = st.SaveRelated(ctx, 2, []string{a, b}, map[List]map[string][]RelatedEntry{RelatedList: {a: entry(b, 1), b: entry(a, 2)}})
	if err != nil || len(changed) != 1 || changed[0] != b {
		t.Fatalf("second save changed %v, %v; want only %s", changed, err, b)
	}
	since, err := st.RelatedChangedSince(ctx, 1)
	if err != nil || len(since) != 1 || since[0] != b {
		t.Errorf("RelatedChangedSince(1) = %v, %v", since, err)
	}
	list, err := st.RelatedOf(ctx, RelatedList, b)
	if err != nil || len(list) != 1 || list[0].Score != 2 || list[0].Context[0] != "X" {
		t.Errorf("RelatedOf(%s) = %+v, %v", b, list, err)
	}
	if g, _ := st.RelatedGeneration(ctx); g != 2 {
		t.Errorf("related generation %d, want 2", g)
	}
}

// Colliding categories get their slugs in order of first appearance, so
// that storing the days in one batch or one at a time (an import, a sync)
// gives the same slugs.
func TestCategorySlugsFollowFirstAppearanceWhateverTheBatches(t *testing.T) {
	day := func(d int, category string) Day {
		day := slugDay(d, 1, "S")
		day.Events[0].Category = category
		return day
	}
	// "2011–2012 …" (en dash) sorts after "2011-2012 …" but appears first.
	days := []Day{day(1, "2011–2012 Syrian uprising"), day(2, "2011-2012 Syrian uprising")}
	slugs := func(batches ...[]Day) map[string]string {
		st, _ := openTemp(t)
		for _, b := range batches {
			if _, err := st.ImportDays(ctx, b); err != nil {
				t.Fatal(err)
			}
		}
		got, err := st.Slugs(ctx, event.KindCategory)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	one, apart := slugs(days), slugs(days[:1], days[1:])
	if !reflect.DeepEqual(one, apart) || one["2011–2012 Syrian uprising"] != "2011-2012-syrian-uprising" {
		t.Errorf("one batch gives %v, one day at a time %v; want the first to appear to keep the plain slug", one, apart)
	}
}
