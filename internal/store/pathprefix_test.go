package store

import (
	"reflect"
	"testing"
)

func TestPathsStartingWith(t *testing.T) {
	s, _ := openTemp(t)
	mustImport(t, s, makeDay(t, "2013-06-06", 1, "2013-06-06T10:00:00Z",
		item{headline: "North Korea restores a Red Cross link."},
		item{headline: "A storm hits Japan."}))
	edited := makeDay(t, "2013-06-06", 2, "2013-06-07T10:00:00Z",
		item{headline: "North Korea restores the Red Cross link with South Korea."},
		item{headline: "North Korea proposes talks."},
		item{headline: "A storm hits Japan."})
	mustImport(t, s, edited)
	restores, proposes := edited.Events[0], edited.Events[1]
	retired := "/news/2013/06/6/north-korea-restores-a-red-cross-link"

	tests := []struct {
		prefix string
		limit  int
		want   []PathMatch
	}{
		{"/news/2013/06/6/north-korea-", 10, []PathMatch{
			{proposes.Path, proposes.Headline}, {restores.Path, restores.Headline}, {retired, ""}}},
		{"/news/2013/06/6/north-korea-restores", 10, []PathMatch{{restores.Path, restores.Headline}, {retired, ""}}},
		{"/news/2013/06/6/north-korea-", 1, []PathMatch{{proposes.Path, proposes.Headline}}},
		{"/news/2013/06/6/north-korea-restores-a", 10, []PathMatch{{retired, ""}}},
		{"/news/2013/06/6/north_korea%", 10, nil}, // no LIKE: _ and % are themselves
		{"/news/2013/06/7/", 10, nil},
		{"", 10, nil},
		{"/news/2013/06/6/north-korea-", 0, nil},
	}
	for _, tt := range tests {
		got, err := s.PathsStartingWith(ctx, tt.prefix, tt.limit)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("PathsStartingWith(%q, %d) = %+v, want %+v", tt.prefix, tt.limit, got, tt.want)
		}
	}
}

func TestOnlyMatch(t *testing.T) {
	now := PathMatch{"/news/2013/06/6/north-korea-restores-the-link", "North Korea restores the link."}
	other := PathMatch{"/news/2013/06/6/north-korea-proposes-talks", "North Korea proposes talks."}
	retired := PathMatch{"/news/2013/06/6/north-korea-restores-a-link", ""}
	gone := PathMatch{"/news/2013/06/6/north-korea-restores-links", ""}
	tests := []struct {
		matches []PathMatch
		want    PathMatch
		ok      bool
	}{
		{[]PathMatch{now}, now, true},
		{[]PathMatch{now, retired, gone}, now, true}, // the event, not the paths it had
		{[]PathMatch{retired}, retired, true},
		{[]PathMatch{now, other}, PathMatch{}, false},
		{[]PathMatch{now, other, retired}, PathMatch{}, false},
		{[]PathMatch{retired, gone}, PathMatch{}, false},
		{nil, PathMatch{}, false},
	}
	for _, tt := range tests {
		if got, ok := OnlyMatch(tt.matches); got != tt.want || ok != tt.ok {
			t.Errorf("OnlyMatch(%v) = %v, %v; want %v, %v", tt.matches, got, ok, tt.want, tt.ok)
		}
	}
}
