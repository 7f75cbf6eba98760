package store

import (
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

func TestRevisionsKeepCommentsAndEveryRevisionSeen(t *testing.T) {
	s, _ := openTemp(t)
	d1 := makeDay(t, "2013-06-06", 10, "2013-06-07T00:00:00Z", item{headline: "A thing happens."})
	d1.Comment = "first"
	mustImport(t, s, d1)
	d2 := makeDay(t, "2013-06-06", 11, "2013-06-08T00:00:00Z", item{headline: "A thing happened."})
	d2.Comment = "copyedit"
	mustImport(t, s, d2)
	// Revision 12 has the text of 11 (a null edit): unchanged, but kept.
	d3 := makeDay(t, "2013-06-06", 12, "2013-06-09T00:00:00Z", item{headline: "A thing happened."})
	d3.Comment = "null edit"
	if res := mustImport(t, s, d3); res.Unchanged != 1 {
		t.Fatalf("%+v", res)
	}
	revs, err := s.Revisions(ctx, d1.Date)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range revs {
		c := ""
		if r.Current {
			c = "*"
		}
		got = append(got, r.Comment+c)
	}
	if want := "first|copyedit*|null edit"; strings.Join(got, "|") != want {
		t.Errorf("revisions %q, want %q", strings.Join(got, "|"), want)
	}
	other := mustDate(t, "2013-06-07")
	seen, err := s.SeenRevisions(ctx, []event.Date{d1.Date, other})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1 || !seen[d1.Date][10] || !seen[d1.Date][11] || !seen[d1.Date][12] {
		t.Errorf("seen %v", seen)
	}
}

func TestMissingDays(t *testing.T) {
	s, _ := openTemp(t)
	now := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	stored := makeDay(t, "2013-06-06", 10, "2013-06-07T00:00:00Z", item{headline: "A thing happens."})
	mustImport(t, s, stored)
	err := s.RecordMissing(ctx, []MissingDay{
		{Date: mustDate(t, "2013-06-05"), Title: "Portal:Current events/2013 June 5", Reason: "no page", Checked: now},
		{Date: stored.Date, Title: stored.Title, Reason: "page deleted", Checked: now},
		{Date: mustDate(t, "2013-06-04"), Title: "Portal:Current events/2013 June 4", RevisionID: 77, Reason: "the page is empty", Checked: now},
	})
	if err != nil {
		t.Fatal(err)
	}
	missing, err := s.MissingDays(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(missing) != 2 || missing[0].RevisionID != 77 || missing[1].Reason != "no page" || !missing[1].Checked.Equal(now) {
		t.Errorf("missing %+v", missing)
	}
	seen, err := s.SeenRevisions(ctx, []event.Date{mustDate(t, "2013-06-04")})
	if stored, ok := seen[mustDate(t, "2013-06-04")][77]; err != nil || !ok || stored {
		t.Errorf("seen %v %v", seen, err)
	}
	// Storing a day takes it out of the missing days.
	mustImport(t, s, makeDay(t, "2013-06-05", 20, "2013-06-06T00:00:00Z", item{headline: "Found."}))
	if missing, _ := s.MissingDays(ctx); len(missing) != 1 {
		t.Errorf("missing after storing the day: %+v", missing)
	}
}
