package render

import (
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

const seedHeadline = "North Korea restores the Red Cross link with South Korea used for government-to-government communications."

// seedEventPage is the event of ../shared/reference/seed-event-page.md with its
// source, summary, cover image and five related events.
func seedEventPage() *EventPage {
	d := event.Date{Year: 2013, Month: time.June, Day: 6}
	return &EventPage{
		Event: event.Event{
			Path: event.Paths(d, []string{seedHeadline})[0], Date: d, Position: 3,
			Category: "International relations", CategoryOriginal: "International relations",
			Stories:  []string{},
			Headline: seedHeadline, Text: seedHeadline,
			Mentions: mentionsOf(seedHeadline, "North Korea", "Red Cross", "South Korea"),
			Entities: []event.Entity{{Title: "North Korea"}, {Title: "Red Cross"}, {Title: "South Korea"}},
			Sources:  []event.Source{{Name: "Al Jazeera", URL: "http://www.aljazeera.com/news/asia-pacific/2013/06/20136715357828174.html"}},
		},
		Summary:    "South Korea uses hotline to counterpropose talks at Panmunjom truce village after North invitation to Kaesong talks.",
		CoverImage: "http://www.aljazeera.com/mritems/Images/2013/6/7/2013672345483734_20.jpg",
		CoverWidth: 640, CoverHeight: 360,
		SourceDetails: []SourceDetail{{Title: "Koreas restore hotline ahead of talks", SiteName: "Al Jazeera",
			Published: "2013-06-07T03:05:00Z"}},
		Related: []Related{
			related(2011, 1, 12, "The South Korean Ministry for Reunification advises that it has reopened Red Cross communications with North Korea over the Panmunjom Border Area.", 9.5, "North Korea", "Red Cross", "South Korea"),
			related(2018, 1, 4, "North Korea accepts South Korea's proposal for official talks, and will meet on January 9 to discuss North Korea's possible involvement with the 2018 Winter Olympics in South Korea. These are the first high-level talks between the Koreas in more than two years.", 6.25, "North Korea", "South Korea"),
			related(2018, 1, 17, "The South Korean Ministry of Unification announces that both North Korea and South Korea will march together under the Korean Unification Flag during the opening ceremony of the 2018 Winter Olympics.", 6.1, "North Korea", "South Korea"),
			related(2017, 11, 7, "U.S. President Donald Trump visits South Korea amidst a crisis with North Korea.", 5.8, "North Korea", "South Korea"),
			related(2017, 11, 13, "A Korean People's Army soldier defects to South Korea via the Korean Demilitarized Zone (DMZ). He was shot and injured by fellow North Korean soldiers as he crossed to the South Korean side at Panmunjom, and has been taken to hospital.", 5.5, "North Korea", "South Korea"),
		},
		Around: []Related{
			related(2013, 6, 9, "North and South Korea hold their first talks in two years at Panmunjom.", 20.5, "North Korea", "South Korea"),
			related(2013, 6, 11, "The planned high-level talks between the two Koreas are cancelled over a dispute about who leads the delegations.", 12.25, "Koreas"),
		},
		Portal: PortalRevision{Title: "Portal:Current events/2013 June 6", ID: 558703123, Timestamp: time.Date(2013, time.June, 7, 10, 30, 0, 0, time.UTC)},
	}
}

func related(y, m, day int, headline string, score float64, context ...string) Related {
	d := event.Date{Year: y, Month: time.Month(m), Day: day}
	return Related{Path: event.Paths(d, []string{headline})[0], Headline: headline, Date: d, Context: context, Score: score}
}

// mentionsOf returns a mention of each title's first occurrence in text.
func mentionsOf(text string, titles ...string) []event.Mention {
	var ms []event.Mention
	for _, t := range titles {
		i := strings.Index(text, t)
		ms = append(ms, event.Mention{Start: i, End: i + len(t), Title: t})
	}
	return ms
}

func indexEvent(y, m, day int, category string, stories []string, headline string) IndexEvent {
	d := event.Date{Year: y, Month: time.Month(m), Day: day}
	return IndexEvent{Path: event.Paths(d, []string{headline})[0], Date: d, Headline: headline, Category: category, Stories: stories, Text: headline}
}

func seedDayPage() *DayPage {
	return &DayPage{
		Date: event.Date{Year: 2013, Month: time.June, Day: 6},
		Prev: event.Date{Year: 2013, Month: time.June, Day: 5},
		Next: event.Date{Year: 2013, Month: time.June, Day: 7},
		Events: []IndexEvent{
			indexEvent(2013, 6, 6, "Armed conflicts and attacks", []string{"Syrian civil war"}, "Syrian rebels briefly seize the Quneitra crossing on the Golan Heights."),
			indexEvent(2013, 6, 6, "Armed conflicts and attacks", nil, "A car bomb explodes in Mogadishu."),
			indexEvent(2013, 6, 6, "Armed conflicts and attacks", []string{"Syrian civil war"}, "Austria announces it will withdraw its peacekeepers from the Golan Heights."),
			indexEvent(2013, 6, 6, "International relations", nil, seedHeadline),
			indexEvent(2013, 6, 6, "", nil, "Edward Snowden's first leak is published."),
		},
		Portal: seedEventPage().Portal,
	}
}

func sampleMonthPage() *MonthPage {
	day := seedDayPage()
	return &MonthPage{
		Year: 2013, Month: time.June, Prev: MonthRef{2013, time.May}, Next: MonthRef{2013, time.July},
		Days: []DayEvents{{day.Prev, day.Events[1:2]}, {day.Date, day.Events}},
	}
}

func sampleYearPage() *YearPage {
	return &YearPage{
		Year: 2013, Prev: 2012, Next: 2014,
		Months:     []MonthCount{{time.May, 410}, {time.June, 398}},
		TopTopics:  []Count{{"Syria", 120}, {"North Korea", 44}},
		TopStories: []Count{{"Syrian civil war", 97}},
		PerDay: []DayCount{{event.Date{Year: 2013, Month: time.May, Day: 1}, 12},
			{event.Date{Year: 2013, Month: time.June, Day: 6}, 30}, {event.Date{Year: 2013, Month: time.June, Day: 7}, 4}},
	}
}

func sampleHomePage() *HomePage {
	day := seedDayPage()
	return &HomePage{
		Days:  []DayEvents{{day.Date, day.Events}, {day.Prev, day.Events[1:2]}},
		Years: []YearCount{{2012, 4050}, {2013, 4200}},
		Total: 8250,
	}
}

func sampleTopicPage(kind event.Kind) *TopicPage {
	day := seedDayPage()
	p := &TopicPage{
		Kind: kind, Title: "North Korea",
		Events:   []IndexEvent{day.Events[3], indexEvent(2011, 1, 12, "International relations", nil, "The South Korean Ministry for Reunification reopens Red Cross communications.")},
		Total:    3,
		PerYear:  []YearCount{{2011, 1}, {2013, 2}},
		CoTopics: []Count{{"South Korea", 3}, {"Red Cross", 2}},
		PerMonth: []MonthTotal{{2011, time.January, 1}, {2013, time.June, 2}},
	}
	if kind == event.KindStory {
		p.Story = &StoryContext{Parents: []string{"Korean conflict", "North Korea–South Korea relations"},
			SubStories: []Count{{"2013 Korean crisis", 2}}}
	}
	return p
}

func sampleListPage() *ListPage {
	return &ListPage{Kind: event.KindTopic, Items: []Count{{"Afghanistan", 900}, {"Åland", 2}, {"Belgium", 120}, {"2013 Moore tornado", 4}, {"Édouard Philippe", 12}}}
}
