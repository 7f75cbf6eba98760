package store

import (
	"database/sql"
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
)

func TestStoryFold(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"Syrian Civil War", "Syrian civil war", true},
		{"2011–2012 Syrian uprising", "2011-2012 Syrian uprising", true},
		{"Café crisis", "Cafe crisis", true},
		{"Brexit.", "Brexit", true},
		{"Syrian Civil War", "Syrian Civil War 2", false},
		{"Война", "Выборы", false}, // no Latin letters: never folded together
		{"Война", "Война", true},
		{"2022 Война", "2022 Выборы", false},
	}
	for _, tt := range tests {
		if got := StoryFold(tt.a) == StoryFold(tt.b); got != tt.same {
			t.Errorf("StoryFold(%q) == StoryFold(%q) is %v, want %v", tt.a, tt.b, got, tt.same)
		}
	}
}

// storyDay is a day whose one event sits under the story path.
func storyDay(d int, stories ...string) Day {
	day := slugDay(d, 1, "")
	day.Events[0].Stories = stories
	day.Wikitext = "w" + stories[len(stories)-1]
	return day
}

func storyDays() []Day {
	return []Day{
		storyDay(1, "Syrian civil war"),
		storyDay(2, "Syrian Civil War", "Siege of Homs"),
		storyDay(3, "Syrian Civil War.", "siege of Homs"),
		storyDay(4, "Russo-Ukrainian War", "Russo-Ukrainian war"), // one story met twice
		storyDay(5, "2011–2012 Syrian uprising"),
		storyDay(6, "2011-2012 Syrian uprising"),
	}
}

func TestStoryVariantsAreOneStoryWhateverTheBatches(t *testing.T) {
	days := storyDays()
	type result struct {
		slugs   map[string]string
		stories [][]string
	}
	importIn := func(batches ...[]Day) result {
		st, _ := openTemp(t)
		for _, b := range batches {
			if _, err := st.ImportDays(ctx, b); err != nil {
				t.Fatal(err)
			}
		}
		slugs, err := st.Slugs(ctx, event.KindStory)
		if err != nil {
			t.Fatal(err)
		}
		var r result
		r.slugs = slugs
		for _, d := range days {
			e, err := st.Event(ctx, d.Events[0].Path)
			if err != nil {
				t.Fatal(err)
			}
			r.stories = append(r.stories, e.Stories)
		}
		return r
	}
	var apart [][]Day
	for _, d := range days {
		apart = append(apart, []Day{d})
	}
	one, daily := importIn(days), importIn(apart...)
	if !reflect.DeepEqual(one, daily) {
		t.Errorf("one batch gives %+v,\none day at a time %+v", one, daily)
	}
	wantSlugs := map[string]string{
		"Syrian civil war":          "syrian-civil-war",
		"Siege of Homs":             "siege-of-homs",
		"Russo-Ukrainian War":       "russo-ukrainian-war",
		"2011–2012 Syrian uprising": "2011-2012-syrian-uprising",
	}
	if !reflect.DeepEqual(one.slugs, wantSlugs) {
		t.Errorf("slugs %v, want %v", one.slugs, wantSlugs)
	}
	wantStories := [][]string{
		{"Syrian civil war"},
		{"Syrian civil war", "Siege of Homs"},
		{"Syrian civil war", "Siege of Homs"},
		{"Russo-Ukrainian War"},
		{"2011–2012 Syrian uprising"},
		{"2011–2012 Syrian uprising"},
	}
	if !reflect.DeepEqual(one.stories, wantStories) {
		t.Errorf("stories %v, want %v", one.stories, wantStories)
	}
}

func TestEventOfSubStoryBelongsToEveryStoryOfItsChain(t *testing.T) {
	st, _ := openTemp(t)
	mustImport(t, st, storyDay(1, "Russo-Ukrainian War", "Siege of Chernihiv"), storyDay(2, "Russo-Ukrainian War"))
	tests := []struct {
		story string
		want  []string
	}{
		{"Russo-Ukrainian War", []string{"/news/2020/05/2/e", "/news/2020/05/1/e"}},
		{"Siege of Chernihiv", []string{"/news/2020/05/1/e"}},
	}
	for _, tt := range tests {
		events, err := st.EventsOfStory(ctx, tt.story)
		if err != nil {
			t.Fatal(err)
		}
		if got := paths(events); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("EventsOfStory(%q) = %v, want %v", tt.story, got, tt.want)
		}
	}
}

// A store written before migration 13 holds variants as stories of their
// own; the migration files their events under the first and redirects.
func TestMergeStoryVariantsMovesEventsAndKeepsAliases(t *testing.T) {
	st, _ := openTemp(t)
	mustImport(t, st, storyDay(1, "Syrian civil war"), storyDay(2, "Syrian Civil War", "Siege of Homs"))
	// Split day 2's story off as it was stored before: a row of its own.
	err := st.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO stories (id, title, slug) VALUES (100, 'Syrian Civil War', 'syrian-civil-war-2')`); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE event_stories SET story_id = 100 WHERE depth = 0
			AND event_id = (SELECT id FROM events WHERE date = '2020-05-02')`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if events, _ := st.EventsOfStory(ctx, "Syrian civil war"); len(events) != 1 {
		t.Fatalf("before the merge, %d events under the first variant, want 1", len(events))
	}
	if err := st.inTx(ctx, func(tx *sql.Tx) error { return mergeStoryVariants(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
	st.keys.reset()
	if events, _ := st.EventsOfStory(ctx, "Syrian civil war"); len(events) != 2 {
		t.Errorf("after the merge, %d events under the first variant, want 2", len(events))
	}
	alias, err := st.AliasOf(ctx, event.KindStory, "syrian-civil-war-2")
	if err != nil || alias.TargetSlug != "syrian-civil-war" || alias.Canonical != "Syrian civil war" {
		t.Errorf("AliasOf(syrian-civil-war-2) = %+v, %v; want a redirect to syrian-civil-war", alias, err)
	}
	if _, err := st.AliasOf(ctx, event.KindStory, "syrian-civil-war"); !errors.Is(err, ErrNotFound) {
		t.Errorf("AliasOf(syrian-civil-war) = %v, want ErrNotFound: it is the page", err)
	}
	// A later import of the variant goes to the first story too.
	mustImport(t, st, storyDay(3, "Syrian Civil War"))
	if events, _ := st.EventsOfStory(ctx, "Syrian civil war"); len(events) != 3 {
		t.Errorf("after a new import, %d events under the first variant, want 3", len(events))
	}
}

func TestStoryPathsAndTopicMonths(t *testing.T) {
	st, _ := openTemp(t)
	mustImport(t, st, storyDay(1, "War", "Siege"), storyDay(2, "War"), storyDay(3, "War", "Siege", "Battle"))
	paths, err := st.StoryPaths(ctx, "Siege")
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(paths, func(a, b []string) int { return len(a) - len(b) })
	if want := [][]string{{"War", "Siege"}, {"War", "Siege", "Battle"}}; !reflect.DeepEqual(paths, want) {
		t.Errorf("StoryPaths(Siege) = %v, want %v", paths, want)
	}
	if paths, err := st.StoryPaths(ctx, "No such story"); err != nil || len(paths) != 0 {
		t.Errorf("StoryPaths(unknown) = %v, %v; want none", paths, err)
	}
	tests := []struct {
		kind  event.Kind
		title string
		want  []MonthCount
	}{
		{event.KindStory, "War", []MonthCount{{2020, 5, 3}}},
		{event.KindStory, "Battle", []MonthCount{{2020, 5, 1}}},
		{event.KindCategory, "Sports", []MonthCount{{2020, 5, 3}}},
		{event.KindTopic, "Nobody", nil},
	}
	for _, tt := range tests {
		got, err := st.TopicMonths(ctx, tt.kind, tt.title)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("TopicMonths(%s, %q) = %v, %v; want %v", tt.kind, tt.title, got, err, tt.want)
		}
	}
	if _, err := st.TopicMonths(ctx, "planet", "Mars"); err == nil {
		t.Error("TopicMonths of an unknown kind gave no error")
	}
}
