package render

import (
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

func TestTopicIsInnermostStoryElseFirstEntityElseCategory(t *testing.T) {
	r := newRenderer(t)
	tests := []struct {
		name     string
		stories  []string
		entities []event.Entity
		category string
		want     linkDoc
	}{
		{"innermost story", []string{"Korean conflict", "North Korea–South Korea relations"}, []event.Entity{{Title: "North Korea"}}, "Politics",
			linkDoc{"North Korea–South Korea relations", event.KindStory, "/stories/north-korea-south-korea-relations/index"}},
		{"first entity", nil, []event.Entity{{Title: "North Korea"}, {Title: "Red Cross"}}, "Politics",
			linkDoc{"North Korea", event.KindTopic, "/topics/north-korea/index"}},
		{"category", nil, nil, "Disasters and accidents",
			linkDoc{"Disasters and accidents", event.KindCategory, "/categories/disasters-and-accidents/index"}},
		{"uncategorized", nil, nil, "",
			linkDoc{event.Uncategorized, event.KindCategory, "/categories/uncategorized/index"}},
	}
	for _, tt := range tests {
		p := &EventPage{Event: event.Event{Path: "/news/2013/06/6/x", Stories: tt.stories, Entities: tt.entities, Category: tt.category}}
		if got := r.eventDoc(p).Topic; got != tt.want {
			t.Errorf("%s: topic = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestBadMentionsAreDroppedNotTrusted(t *testing.T) {
	r := newRenderer(t)
	text := "Élysée Palace hosts Merkel."
	ms := []event.Mention{
		{Start: 0, End: 14, Title: "Élysée Palace"},
		{Start: 5, End: 20, Title: "Overlaps the first"},
		{Start: 1, End: 3, Title: "Cuts a character"},
		{Start: 20, End: 999, Title: "Runs past the end"},
		{Start: 20, End: 26, Title: "Angela Merkel"},
		{Start: 26, End: 20, Title: "Backwards"},
	}
	clean, mentions, segs := r.splitMentions(text, ms, nil)
	if clean != text {
		t.Errorf("text = %q, want %q", clean, text)
	}
	if len(mentions) != 2 || mentions[0].Title != "Élysée Palace" || mentions[1].Title != "Angela Merkel" {
		t.Fatalf("mentions = %+v, want Élysée Palace and Angela Merkel only", mentions)
	}
	var joined strings.Builder
	for _, s := range segs {
		joined.WriteString(s.Text)
	}
	if joined.String() != text {
		t.Errorf("segments join to %q", joined.String())
	}
}

func TestMentionOffsetsFollowCleanedText(t *testing.T) {
	r := newRenderer(t)
	text := "A\x00\x1b B Korea"
	clean, mentions, _ := r.splitMentions(text, []event.Mention{{Start: 6, End: 11, Title: "Korea"}}, nil)
	if clean != "A B Korea" || len(mentions) != 1 || clean[mentions[0].Start:mentions[0].End] != "Korea" {
		t.Errorf("clean=%q mentions=%+v", clean, mentions)
	}
}

func TestEventMarkdownWithoutSummarySourcesOrRelated(t *testing.T) {
	p := seedEventPage()
	p.Summary, p.CoverImage, p.Related, p.Event.Sources = "", "", nil, nil
	got := renderString(t, newRenderer(t), Markdown, p)
	wantEnd := "##### North Korea\n# " + seedHeadline + " \n"
	if !strings.HasSuffix(got, wantEnd) {
		t.Errorf("Markdown without optional parts ends %q, want %q", got[max(0, len(got)-200):], wantEnd)
	}
}

// A source that enrichment found gone shows its archived copy beside it in
// every format; a hostile archive URL is dropped.
func TestArchivedCopyOfADeadSourceInEveryFormat(t *testing.T) {
	const archived = "https://web.archive.org/web/20130607100000/http://www.aljazeera.com/news/asia-pacific/2013/06/20136715357828174.html"
	p := seedEventPage()
	p.SourceDetails = []SourceDetail{{Title: "Koreas restore hotline", ArchivedURL: archived}}
	wants := map[Format]string{
		HTML:     `(<a href="` + archived + `" rel="nofollow noopener">archived copy</a>)`,
		Markdown: `([archived copy](` + archived + `))`,
		JSON:     `"archived_url": "` + archived + `"`,
		XML:      `<archived_url>` + archived + `</archived_url>`,
	}
	r := newRenderer(t)
	for f, want := range wants {
		if got := renderString(t, r, f, p); !strings.Contains(got, want) {
			t.Errorf("%s: no %s in\n%s", f, want, got)
		}
	}
	p.SourceDetails[0].ArchivedURL = "javascript:alert(1)"
	for f := range wants {
		if got := renderString(t, r, f, p); strings.Contains(got, "javascript:") || strings.Contains(got, "archived copy") {
			t.Errorf("%s: the unsafe archive URL reached the page", f)
		}
	}
}

func TestRemovedEventAndFormerPathsInEveryFormat(t *testing.T) {
	r := newRenderer(t)
	p := &EventPage{
		Event: event.Event{Path: "/news/2013/06/6/a-ferry-sinks", Date: event.Date{Year: 2013, Month: 6, Day: 6},
			Headline: "A ferry sinks.", Text: "A ferry sinks."},
		FormerPaths: []string{"/news/2013/06/6/a-boat-sinks"},
		Removed:     event.Date{Year: 2013, Month: 6, Day: 8},
	}
	for _, tt := range []struct {
		f    Format
		want []string
	}{
		{HTML, []string{`<p class="removed">Removed from the portal on <time datetime="2013-06-08">8 June 2013</time>; this is its last text.</p>`}},
		{Markdown, []string{"*Removed from the portal on 2013-06-08; this is its last text.*"}},
		{JSON, []string{`"former_paths": [
    "/news/2013/06/6/a-boat-sinks"
  ],
  "earlier_texts": [],
  "removed": "2013-06-08"`}},
		{XML, []string{"<former_paths>\n    <path>/news/2013/06/6/a-boat-sinks</path>\n  </former_paths>", "<removed>2013-06-08</removed>"}},
	} {
		got := renderString(t, r, tt.f, p)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s lacks %q:\n%s", tt.f.Ext(), w, got)
			}
		}
	}
	p.Removed = event.Date{}
	if got := renderString(t, r, HTML, p); strings.Contains(got, "Removed from the portal") {
		t.Errorf("an event on the portal is said removed")
	}
}

// An edited event's page shows the texts its edits replaced, oldest first,
// each with the revision that had it, so that a reader who followed a link
// cited before an edit sees what it said.
func TestEarlierTextsInEveryFormat(t *testing.T) {
	r := newRenderer(t)
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	title := "Portal:Current events/2013 June 6"
	p := &EventPage{
		Event: event.Event{Path: "/news/2013/06/6/a-ferry-carrying-80-people-sinks", Date: event.Date{Year: 2013, Month: 6, Day: 6},
			Headline: "A ferry carrying 80 people sinks.", Text: "A ferry carrying 80 people sinks."},
		EarlierTexts: []EarlierText{
			{Headline: "A ferry sinks <near> Bali.", Revision: PortalRevision{Title: title, ID: 101, Timestamp: at("2013-06-06T10:00:00Z")}, Replaced: at("2013-06-06T18:30:00Z")},
			{Headline: "A ferry carrying 60 people sinks.", Revision: PortalRevision{Title: title}, Replaced: at("2013-06-07T08:00:00Z")},
		},
		Portal: PortalRevision{Title: title, ID: 103, Timestamp: at("2013-06-07T08:00:00Z")},
	}
	oldid := "https://en.wikipedia.org/w/index.php?title=Portal:Current_events/2013_June_6&amp;oldid=101"
	for _, tt := range []struct {
		f    Format
		want []string
	}{
		{HTML, []string{
			`<p class="edited">Its text was edited on the portal on <time datetime="2013-06-07">7 June 2013</time>: <a href="#earlier">what it said before</a>.</p>`,
			"<section class=\"earlier\" id=\"earlier\">\n<h2>Earlier text</h2>\n<ol>\n" +
				`<li><q>A ferry sinks &lt;near&gt; Bali.</q> <span class="when">in <a href="` + oldid + `">revision 101</a> of <time datetime="2013-06-06T10:00:00Z">6 June 2013 at 10:00 UTC</time>, until <time datetime="2013-06-06T18:30:00Z">6 June 2013 at 18:30 UTC</time></span></li>` + "\n" +
				`<li><q>A ferry carrying 60 people sinks.</q> <span class="when">until <time datetime="2013-06-07T08:00:00Z">7 June 2013 at 08:00 UTC</time></span></li>` + "\n</ol>\n</section>",
		}},
		{Markdown, []string{"\n### Earlier text:\n\n" +
			"1. A ferry sinks \\<near\\> Bali. _in [revision 101](https://en.wikipedia.org/w/index.php?title=Portal:Current_events/2013_June_6&oldid=101) of 6 June 2013 at 10:00 UTC, until 6 June 2013 at 18:30 UTC_\n" +
			"2. A ferry carrying 60 people sinks. _until 7 June 2013 at 08:00 UTC_\n"}},
		{JSON, []string{`"earlier_texts": [
    {
      "headline": "A ferry sinks <near> Bali.",
      "revision": 101,
      "timestamp": "2013-06-06T10:00:00Z",
      "url": "https://en.wikipedia.org/w/index.php?title=Portal:Current_events/2013_June_6&oldid=101",
      "replaced": "2013-06-06T18:30:00Z"
    },
    {
      "headline": "A ferry carrying 60 people sinks.",
      "revision": 0,
      "timestamp": "",
      "url": "https://en.wikipedia.org/wiki/Portal:Current_events/2013_June_6",
      "replaced": "2013-06-07T08:00:00Z"
    }
  ],`}},
		{XML, []string{"<earlier_texts>\n    <earlier_text>\n      <headline>A ferry sinks &lt;near&gt; Bali.</headline>\n      <revision>101</revision>"}},
	} {
		got := renderString(t, r, tt.f, p)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s lacks %q:\n%s", tt.f.Ext(), w, got)
			}
		}
	}
	// Its JSON-LD says when its text last changed.
	if got := renderString(t, r, HTML, p); !strings.Contains(got, `"datePublished":"2013-06-06","dateModified":"2013-06-07T08:00:00Z",`) {
		t.Errorf("the edited event's NewsArticle lacks its dateModified:\n%s", got)
	}
	p.EarlierTexts = nil
	if got := renderString(t, r, HTML, p); strings.Contains(got, "dateModified") {
		t.Errorf("an event never edited has a dateModified")
	}
	for f, unwanted := range map[Format]string{HTML: "Earlier text", Markdown: "Earlier text"} {
		if got := renderString(t, r, f, p); strings.Contains(got, unwanted) {
			t.Errorf("%s: an event never edited shows %q", f.Ext(), unwanted)
		}
	}
	if got := renderString(t, r, JSON, p); !strings.Contains(got, `"earlier_texts": [],`) {
		t.Errorf("JSON of an event never edited lacks an empty earlier_texts:\n%s", got)
	}
}

func TestWikidataIDsOfEntitiesAndTopics(t *testing.T) {
	r, err := New(Config{BaseURL: baseURL, Wikidata: map[string]string{"South Korea": "Q884"}})
	if err != nil {
		t.Fatal(err)
	}
	p := &EventPage{Event: event.Event{Path: "/news/2013/06/6/x", Headline: "Seoul votes.", Text: "Seoul votes.",
		Entities: []event.Entity{{Title: "South Korea"}, {Title: "Nowhere"}}}}
	js := renderString(t, r, JSON, p)
	if !strings.Contains(js, `"wikidata_id": "Q884"`) || !strings.Contains(js, `"wikidata_id": ""`) {
		t.Errorf("event JSON lacks the entities' wikidata ids:\n%s", js)
	}
	topic := &TopicPage{Kind: event.KindTopic, Title: "South Korea"}
	if x := renderString(t, r, XML, topic); !strings.Contains(x, "<wikidata_id>Q884</wikidata_id>") {
		t.Errorf("topic XML lacks its wikidata id:\n%s", x)
	}
	if js := renderString(t, r, JSON, &TopicPage{Kind: event.KindTopic, Title: "Nowhere"}); strings.Contains(js, "wikidata_id") {
		t.Errorf("a topic without a known item has a wikidata_id:\n%s", js)
	}
}
