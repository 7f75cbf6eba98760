package wikisync

import (
	"reflect"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/mediawiki"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// The spellings of one article land on one topic or story: the stored
// events link the canonical titles, the mentions keep their text, and
// the other spellings are kept as aliases with the Wikidata item.
func TestSyncResolvesTitlesToOneArticle(t *testing.T) {
	e := newEnv(t)
	e.fake.SetWikidata("South Korea", "Q884")
	e.fake.Redirect("Republic of Korea", "South Korea")
	e.fake.SetWikidata("Syrian civil war", "Q174240")
	e.fake.Redirect("Syrian Civil War", "Syrian civil war")
	d := date(t, "2013-06-06")
	text := "{{Current events|year=2013|month=06|day=6|content=\n'''Armed conflicts and attacks'''\n" +
		"*[[Syrian Civil War]]\n**Talks between [[Republic of Korea|Seoul]] and [[South Korea]] envoys open. [https://news.example/a (Example)]\n" +
		"*A [[Nowhere Land]] leader resigns. [https://news.example/b (Example)]\n}}\n"
	e.fake.Edit(mediawiki.DayTitle(d), text, "new day")
	if sum, warnings := e.sync(t, "2013-06-06", "2013-06-06"); sum.Changed != 1 {
		t.Fatalf("sync %+v\n%s", sum, warnings)
	}
	events, err := e.st.EventsOfDay(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 {
		t.Fatalf("events %+v", events)
	}
	first := events[0]
	if want := []event.Entity{{Title: "South Korea"}}; !reflect.DeepEqual(first.Entities, want) {
		t.Errorf("entities %+v, want %+v", first.Entities, want)
	}
	if want := []string{"Syrian civil war"}; !reflect.DeepEqual(first.Stories, want) {
		t.Errorf("stories %v, want %v", first.Stories, want)
	}
	if len(first.Mentions) != 2 || first.Text[first.Mentions[0].Start:first.Mentions[0].End] != "Seoul" ||
		first.Mentions[0].Title != "South Korea" || first.Mentions[1].Title != "South Korea" {
		t.Errorf("mentions %+v of %q", first.Mentions, first.Text)
	}
	if got := events[1].Entities; len(got) != 1 || got[0].Title != "Nowhere Land" {
		t.Errorf("a title the wiki lacks did not stay as written: %+v", got)
	}
	ids, err := e.st.WikidataIDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ids["South Korea"] != "Q884" || ids["Syrian civil war"] != "Q174240" || ids["Nowhere Land"] != "" {
		t.Errorf("wikidata ids %v", ids)
	}
	aliases, err := e.st.Aliases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// "Syrian Civil War" has the address of its article's page itself.
	want := []store.Alias{
		{Kind: event.KindTopic, Title: "Republic of Korea", Canonical: "South Korea", Slug: "republic-of-korea", TargetSlug: "south-korea"},
	}
	if !reflect.DeepEqual(aliases, want) {
		t.Errorf("aliases\n got %+v\nwant %+v", aliases, want)
	}
}
