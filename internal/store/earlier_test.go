package store

import (
	"reflect"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// An edit of an event's text keeps the text it replaced, with the revision
// that had it, under the event's current path: a reader who followed a link
// cited before the edit sees what it said.
func TestEditedEventKeepsItsEarlierTexts(t *testing.T) {
	s, _ := openTemp(t)
	bbc := []event.Source{{Name: "BBC", URL: "https://bbc.example/1"}}
	reuters := []event.Source{{Name: "Reuters", URL: "https://reuters.example/1"}}
	mustImport(t, s, makeDay(t, "2017-11-13", 1, "2017-11-13T10:00:00Z",
		item{headline: "A soldier defects to South Korea.", sources: bbc},
		item{headline: "A storm hits Japan.", sources: reuters},
		item{headline: "An election is held in Chile."}))
	mustImport(t, s, makeDay(t, "2017-11-13", 2, "2017-11-14T09:30:00Z",
		item{headline: "A North Korean soldier defects to South Korea.", sources: bbc},
		item{headline: "A storm hits Japan.", sources: bbc}, // its sources alone changed
		item{headline: "A ferry sinks in Indonesia."}))
	third := makeDay(t, "2017-11-13", 3, "2017-11-15T08:00:00Z",
		item{headline: "A North Korean soldier defects across the border to South Korea.", sources: bbc},
		item{headline: "A storm hits Japan.", sources: bbc},
		item{headline: "A ferry sinks in Indonesia."})
	mustImport(t, s, third)

	at := func(ts string) time.Time { return mustTime(t, ts) }
	want := []EarlierText{
		{Headline: "A soldier defects to South Korea.", RevisionID: 1, Timestamp: at("2017-11-13T10:00:00Z"), Replaced: at("2017-11-14T09:30:00Z")},
		{Headline: "A North Korean soldier defects to South Korea.", RevisionID: 2, Timestamp: at("2017-11-14T09:30:00Z"), Replaced: at("2017-11-15T08:00:00Z")},
	}
	edited := third.Events[0].Path
	got, err := s.EarlierTextsOf(ctx, []string{edited})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got[edited], want) {
		t.Errorf("EarlierTextsOf(%s) =\n%+v\nwant\n%+v", edited, got[edited], want)
	}
	all, err := s.AllEarlierTexts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || !reflect.DeepEqual(all[edited], want) {
		t.Errorf("AllEarlierTexts = %+v, want only %s's", all, edited)
	}
	some, err := s.EarlierTextsOf(ctx, []string{edited, third.Events[1].Path, "/news/2017/11/13/nothing"})
	if err != nil {
		t.Fatal(err)
	}
	if len(some) != 1 || !reflect.DeepEqual(some[edited], want) {
		t.Errorf("EarlierTextsOf = %+v, want only %s's", some, edited)
	}
	for _, e := range third.Events[1:] {
		if got, err := s.EarlierTextsOf(ctx, []string{e.Path}); err != nil || len(got) != 0 {
			t.Errorf("EarlierTextsOf(%s) = %+v, %v: want none (text unchanged)", e.Path, got, err)
		}
	}
	// The same revision again, or an older one, adds nothing.
	mustImport(t, s, third)
	if got, _ := s.EarlierTextsOf(ctx, []string{edited}); len(got[edited]) != 2 {
		t.Errorf("after the same revision again: %d earlier texts, want 2", len(got))
	}
}
