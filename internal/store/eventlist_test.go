package store

import (
	"reflect"
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
)

func TestEventListPagesByKey(t *testing.T) {
	s, _ := openTemp(t)
	mustImport(t, s,
		makeDay(t, "2020-01-01", 1, "2020-01-02T00:00:00Z",
			item{headline: "Iran A", entities: []string{"Iran"}, stories: []string{"Gulf crisis"}},
			item{headline: "Iraq B", entities: []string{"Iraq"}, stories: []string{"Gulf crisis", "Oil"}}),
		makeDay(t, "2020-01-03", 1, "2020-01-04T00:00:00Z",
			item{headline: "Iraq C", entities: []string{"Iraq"}},
			item{headline: "Iran and Iraq D", entities: []string{"Iran", "Iraq"}, stories: []string{"Oil"}}),
	)
	a, b, c, d := "/news/2020/01/1/iran-a", "/news/2020/01/1/iraq-b", "/news/2020/01/3/iraq-c", "/news/2020/01/3/iran-and-iraq-d"
	key := func(date string, pos int) *EventKey { return &EventKey{Date: mustDate(t, date), Position: pos} }
	tests := []struct {
		name string
		q    EventListQuery
		want []string
		more bool
	}{
		{"all", EventListQuery{Limit: 10}, []string{a, b, c, d}, false},
		{"first page", EventListQuery{Limit: 3}, []string{a, b, c}, true},
		{"exactly the rest", EventListQuery{Limit: 2, After: key("2020-01-01", 1)}, []string{c, d}, false},
		{"after a key within a day", EventListQuery{Limit: 10, After: key("2020-01-01", 0)}, []string{b, c, d}, false},
		{"after a day no event has", EventListQuery{Limit: 10, After: key("2020-01-02", 0)}, []string{c, d}, false},
		{"newest first", EventListQuery{Limit: 3, Descending: true}, []string{d, c, b}, true},
		{"newest first after a key", EventListQuery{Limit: 3, Descending: true, After: key("2020-01-03", 0)}, []string{b, a}, false},
		{"from", EventListQuery{Limit: 10, From: mustDate(t, "2020-01-02")}, []string{c, d}, false},
		{"to", EventListQuery{Limit: 10, To: mustDate(t, "2020-01-01")}, []string{a, b}, false},
		{"topic", EventListQuery{Limit: 10, Kind: event.KindTopic, Title: "Iran"}, []string{a, d}, false},
		{"topic page", EventListQuery{Limit: 1, Kind: event.KindTopic, Title: "Iraq", After: key("2020-01-01", 1)}, []string{c}, true},
		{"story, inner or outer", EventListQuery{Limit: 10, Kind: event.KindStory, Title: "Oil"}, []string{b, d}, false},
		{"category", EventListQuery{Limit: 10, Kind: event.KindCategory, Title: "Armed conflicts and attacks", To: mustDate(t, "2020-01-01")}, []string{a, b}, false},
		{"unknown topic", EventListQuery{Limit: 10, Kind: event.KindTopic, Title: "Atlantis"}, []string{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, more, err := s.EventList(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(paths(got), tt.want) || more != tt.more {
				t.Errorf("got %v (more %t), want %v (more %t)", paths(got), more, tt.want, tt.more)
			}
		})
	}
	for _, q := range []EventListQuery{{Limit: 0}, {Limit: 1, Kind: "planet", Title: "x"}} {
		if _, _, err := s.EventList(ctx, q); err == nil || !strings.Contains(err.Error(), "event list") {
			t.Errorf("%+v: err %v, want an event list error", q, err)
		}
	}
}
