package render

import (
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// titlePages are three pages of one title, bigTopicPage's events split
// between them: the first and second of every year, and a year's.
func titlePages(kind event.Kind, shared *TitleViews) []*TopicPage {
	big := bigTopicPage(60)
	big.Kind, big.Path, big.YearPages = kind, TitlePath(kind, "north-korea"), true
	if kind == event.KindStory {
		big.Story = &StoryContext{Parents: []string{"Korean conflict"}, SubStories: []Count{{"2013 Korean crisis", 40}}}
	}
	first := event.TitlePage(kind, "north-korea")
	var pages []*TopicPage
	for i, part := range []struct {
		from, to, year, number int
	}{{0, 20, 0, 1}, {20, 40, 0, 2}, {0, 7, 2024, 1}} {
		p := *big
		p.Events = big.Events[part.from:part.to]
		p.Shared = shared
		if p.Year = part.year; p.Year > 0 {
			first = event.TitleYearPage(kind, "north-korea", p.Year)
		}
		p.Paging = NewPaging(first, part.number, 3-i)
		pages = append(pages, &p)
	}
	return pages
}

// TestTitleViewsShared checks that the pages of a title that share their
// TitleViews render, in every format, what each renders alone, whichever
// page and format comes first, and with two renderers.
func TestTitleViewsShared(t *testing.T) {
	other, err := New(Config{BaseURL: "https://example.org/archive/"})
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range event.Kinds {
		for _, r := range []*Renderer{newRenderer(t), other} {
			alone := titlePages(kind, nil)
			for _, fs := range [][]Format{Formats, {Markdown}, {JSON, HTML}} {
				shared := new(TitleViews)
				for i, p := range titlePages(kind, shared) {
					for _, f := range fs {
						want := renderString(t, r, f, alone[i])
						if got := renderString(t, r, f, p); got != want {
							t.Errorf("%s%s, shared: got\n%s\nwant\n%s", p.PagePath(), f.Ext(), got, want)
						}
						if got := renderString(t, other, f, p); got != renderString(t, other, f, alone[i]) {
							t.Errorf("%s%s, shared by another renderer: differs", p.PagePath(), f.Ext())
						}
					}
				}
			}
		}
	}
}
