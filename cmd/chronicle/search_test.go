package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSearch(t *testing.T) {
	db := imported(t)
	r := chronicle("search", "--db", db, "FERRY lagos")
	if r.status != exitOK || !strings.Contains(r.stdout, "/news/2013/06/") || !strings.Contains(r.stdout, "events\n") {
		t.Errorf("search:\n%s", r)
	}
	r = chronicle("search", "--db", db, "--json", "--limit", "1", "ferry")
	var res struct{ Path, Headline, Highlight string }
	if r.status != exitOK || strings.Count(r.stdout, "\n") != 1 || json.Unmarshal([]byte(r.stdout), &res) != nil ||
		!strings.Contains(res.Highlight, "\x02") {
		t.Errorf("search --json:\n%s", r)
	}
	for _, args := range [][]string{
		{`"ferry`},
		{"ferry", "--limit", "0"},
		{"ferry", "--topic", "Atlantis"},
		{"ferry", "--from", "June"},
		{"ferry", "--order", "date"},
		{},
	} {
		r := chronicle(append([]string{"search", "--db", db}, args...)...)
		if r.status != exitUsage || r.stdout != "" || !strings.HasPrefix(r.stderr, "chronicle: search: ") {
			t.Errorf("search %q:\n%s", args, r)
		}
	}
}

// A filter that names nothing says what the reader may have meant, as
// export does.
func TestSearchUnknownFilterNamesSimilarTitles(t *testing.T) {
	db := imported(t)
	r := chronicle("search", "--db", db, "--story", "Syrian", "qusair")
	want := `chronicle: search: no story "Syrian"; did you mean "Syrian civil war"?`
	if r.status != exitUsage || !strings.HasPrefix(r.stderr, want+"\n") {
		t.Errorf("want exit %d and %q:\n%s", exitUsage, want, r)
	}
}

func TestSearchByDate(t *testing.T) {
	db := imported(t)
	for _, tt := range []struct {
		order string
		first string
	}{{"newest", "2013-06-11"}, {"oldest", "2013-06-10"}} {
		r := chronicle("search", "--db", db, "--order", tt.order, "ferry")
		if r.status != exitOK || !strings.HasPrefix(r.stdout, tt.first) || !strings.Contains(r.stdout, "4 of 4 events") {
			t.Errorf("--order %s: want the %s events first:\n%s", tt.order, tt.first, r)
		}
	}
}
