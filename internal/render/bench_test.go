package render

import (
	"io"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// benchmarkFormats renders p in every format per iteration, one Render each
// (all) and all from one model as the static build does (RenderFormats), and
// each format alone as a sub-benchmark, so a regression shows which encoder
// it is in.
func benchmarkFormats(b *testing.B, p Page) {
	r := newRenderer(b)
	b.Run("all", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, f := range Formats {
				if err := r.Render(io.Discard, f, p); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("RenderFormats", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := r.RenderFormats(p, Formats, func(Format, []byte) error { return nil }); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, f := range Formats {
		b.Run(f.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := r.Render(io.Discard, f, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkRenderEventByFormat(b *testing.B) { benchmarkFormats(b, seedEventPage()) }

// BenchmarkRenderDayIndex renders a busy day: 40 events in 8 categories, some
// under stories.
func BenchmarkRenderDayIndex(b *testing.B) { benchmarkFormats(b, busyDayPage(40)) }

// BenchmarkRenderTopicPage renders a big topic page of 1000 events over 20 years.
func BenchmarkRenderTopicPage(b *testing.B) { benchmarkFormats(b, bigTopicPage(1000)) }

// BenchmarkRenderStoryPage renders a story of 500 events with a chart of
// 24 years' months, a chain of parents and sub-stories: the timeline and SVG.
func BenchmarkRenderStoryPage(b *testing.B) {
	p := bigTopicPage(500)
	p.Kind = event.KindStory
	p.Story = &StoryContext{Parents: []string{"Korean conflict"}, SubStories: []Count{{"2013 Korean crisis", 40}}}
	benchmarkFormats(b, p)
}

var benchCategories = []string{"Armed conflicts and attacks", "Arts and culture", "Business and economy",
	"Disasters and accidents", "International relations", "Law and crime", "Politics and elections", "Science and technology"}

func busyDayPage(n int) *DayPage {
	p := seedDayPage()
	p.Events = nil
	for i := range n {
		var stories []string
		if i%3 == 0 {
			stories = []string{"Syrian civil war", "Siege of " + itoa(i%4)}
		}
		p.Events = append(p.Events, indexEvent(2013, 6, 6, benchCategories[i%len(benchCategories)], stories,
			"Event number "+itoa(i)+": Syrian rebels & government forces clash near the <Golan> Heights."))
	}
	return p
}

func bigTopicPage(n int) *TopicPage {
	p := &TopicPage{Kind: event.KindTopic, Title: "North Korea", Total: n + 500}
	day := event.Date{Year: 2024, Month: time.December, Day: 31}
	for i := range n {
		d := event.NewDate(day.Time().AddDate(0, 0, -7*i))
		p.Events = append(p.Events, indexEvent(d.Year, int(d.Month), d.Day, "International relations", nil,
			"North Korea fires a ballistic missile into the Sea of Japan, number "+itoa(i)+"."))
	}
	for y := 2005; y <= 2024; y++ {
		p.PerYear = append(p.PerYear, YearCount{y, 30 + y%7})
	}
	for i := range 10 {
		p.CoTopics = append(p.CoTopics, Count{"Co-topic " + itoa(i), 100 - i})
	}
	for y := 2001; y <= 2024; y++ {
		for m := time.January; m <= time.December; m++ {
			p.PerMonth = append(p.PerMonth, MonthTotal{y, m, 1 + (y+int(m))%30})
		}
	}
	return p
}

// BenchmarkRenderTitlePages renders the 50 pages of a story of 1000
// events over 250 years' months, in every format from one model each as
// the static build does: each page making its title-wide parts (alone), or
// the pages sharing them (shared, TitleViews).
func BenchmarkRenderTitlePages(b *testing.B) {
	r := newRenderer(b)
	big := bigTopicPage(1000)
	big.Kind, big.Path, big.YearPages = event.KindStory, TitlePath(event.KindStory, "north-korea"), true
	big.Story = &StoryContext{Parents: []string{"Korean conflict"}, SubStories: []Count{{"2013 Korean crisis", 40}}}
	big.PerMonth = nil
	for y := 1775; y <= 2024; y++ {
		for m := time.January; m <= time.December; m++ {
			big.PerMonth = append(big.PerMonth, MonthTotal{y, m, 1 + (y+int(m))%30})
		}
	}
	for _, shared := range []bool{false, true} {
		b.Run(map[bool]string{false: "alone", true: "shared"}[shared], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var views *TitleViews
				if shared {
					views = new(TitleViews)
				}
				for i := range 50 {
					p := *big
					p.Events, p.Shared = big.Events[i*20:(i+1)*20], views
					p.Paging = NewPaging(event.TitlePage(p.Kind, "north-korea"), i+1, 50)
					if err := r.RenderFormats(&p, Formats, func(Format, []byte) error { return nil }); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
