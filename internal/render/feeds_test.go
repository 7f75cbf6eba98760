package render

import (
	"bytes"
	"encoding/xml"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// The structs encoding/xml wrote the feeds from before they were written by
// hand: the reference RSS and Atom must match byte for byte.

type rssDoc struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Self          atomLink  `xml:"http://www.w3.org/2005/Atom link"`
	Items         []rssItem `xml:"item"`
}

type rssItem struct {
	Title       string  `xml:"title"`
	Link        string  `xml:"link"`
	GUID        rssGUID `xml:"guid"`
	PubDate     string  `xml:"pubDate"`
	Description string  `xml:"description"`
	Category    string  `xml:"category,omitempty"`
}

type rssGUID struct {
	IsPermaLink bool   `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomEntry struct {
	ID       string        `xml:"id"`
	Title    string        `xml:"title"`
	Updated  string        `xml:"updated"`
	Link     atomLink      `xml:"link"`
	Summary  string        `xml:"summary"`
	Author   atomAuthor    `xml:"author"`
	Category *atomCategory `xml:"category,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

// referenceRSS is RSS as encoding/xml wrote it.
func referenceRSS(r *Renderer, f *Feed) string {
	rssPath, _ := FeedPaths(f.PagePath)
	items := latest(f.Events)
	c := rssChannel{
		Title: r.feedTitle(f), Link: r.abs(f.PagePath + r.LinkFormat().Ext()), Language: "en",
		Description: "The latest news events of " + r.feedTitle(f) + ", from Wikipedia's Current Events Portal.",
		Self:        atomLink{Rel: "self", Type: "application/rss+xml", Href: r.abs(rssPath)},
	}
	if len(items) > 0 {
		c.LastBuildDate = items[0].Date.Time().Format(time.RFC1123Z)
	}
	for _, e := range items {
		link := r.abs(e.Path + r.LinkFormat().Ext())
		c.Items = append(c.Items, rssItem{
			Title: oneLine(e.Headline), Link: link, GUID: rssGUID{true, link},
			PubDate: e.Date.Time().Format(time.RFC1123Z), Description: oneLine(e.Text), Category: oneLine(e.Category),
		})
	}
	var b bytes.Buffer
	if err := writeXML(&b, rssDoc{Version: "2.0", Channel: c}); err != nil {
		panic(err)
	}
	return b.String()
}

// referenceAtom is Atom as encoding/xml wrote it.
func referenceAtom(r *Renderer, f *Feed) string {
	_, atomPath := FeedPaths(f.PagePath)
	items := latest(f.Events)
	page := r.abs(f.PagePath + r.LinkFormat().Ext())
	linkType := alternateTypes[r.LinkFormat()]
	a := atomFeed{
		ID: page, Title: r.feedTitle(f), Updated: time.Unix(0, 0).UTC().Format(time.RFC3339),
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: r.abs(atomPath)}, {Rel: "alternate", Type: linkType, Href: page}},
	}
	if len(items) > 0 {
		a.Updated = items[0].Date.Time().Format(time.RFC3339)
	}
	for _, e := range items {
		link := r.abs(e.Path + r.LinkFormat().Ext())
		entry := atomEntry{
			ID: link, Title: oneLine(e.Headline), Updated: e.Date.Time().Format(time.RFC3339),
			Link: atomLink{Rel: "alternate", Type: linkType, Href: link}, Summary: oneLine(e.Text), Author: atomAuthor{author},
		}
		if c := oneLine(e.Category); c != "" {
			entry.Category = &atomCategory{c}
		}
		a.Entries = append(a.Entries, entry)
	}
	var b bytes.Buffer
	if err := writeXML(&b, a); err != nil {
		panic(err)
	}
	return b.String()
}

func TestFeedsMatchEncodingXML(t *testing.T) {
	hostile := hostileStrings(300)
	var events []IndexEvent
	for i, s := range hostile {
		d := event.Date{Year: 1990 + i%40, Month: time.Month(1 + i%12), Day: 1 + i%28}
		events = append(events, IndexEvent{Path: "/news/x/" + s, Date: d, Headline: s, Text: hostile[(i+1)%len(hostile)],
			Category: hostile[(i+2)%len(hostile)]})
	}
	feeds := []*Feed{
		{PagePath: HomePath},
		{Title: "North Korea", PagePath: TitlePath(event.KindTopic, "north-korea"), Events: sampleTopicPage(event.KindTopic).Events},
		{Title: "", PagePath: HomePath, Events: seedDayPage().Events},
	}
	for i := 0; i < len(events); i += 60 {
		feeds = append(feeds, &Feed{Title: hostile[i], PagePath: "/topics/" + hostile[i+1] + "/index", Events: events[i:min(i+60, len(events))]})
	}
	for _, formats := range [][]Format{nil, {JSON, XML}} {
		r, err := New(Config{BaseURL: baseURL + "/a&b", SiteName: "S<&>'\"", Formats: formats})
		if err != nil {
			t.Fatal(err)
		}
		for i, f := range feeds {
			var rss, atom bytes.Buffer
			if err := r.RSS(&rss, f); err != nil {
				t.Fatal(err)
			}
			if err := r.Atom(&atom, f); err != nil {
				t.Fatal(err)
			}
			if want := referenceRSS(r, f); rss.String() != want {
				t.Errorf("feed %d: RSS\n got %s\nwant %s", i, rss.String(), want)
			}
			if want := referenceAtom(r, f); atom.String() != want {
				t.Errorf("feed %d: Atom\n got %s\nwant %s", i, atom.String(), want)
			}
		}
	}
}
