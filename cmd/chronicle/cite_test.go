package main

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// withStdin runs f with the command's standard input reading input.
func withStdin(t *testing.T, input string, f func()) {
	t.Helper()
	saved := stdin
	stdin = strings.NewReader(input)
	defer func() { stdin = saved }()
	f()
}

// bibKeyLine matches the first line of a BibTeX entry, its key.
var bibKeyLine = regexp.MustCompile(`(?m)^@misc\{([^,]+),$`)

func bibKeysOf(bib string) []string {
	var keys []string
	for _, m := range bibKeyLine.FindAllStringSubmatch(bib, -1) {
		keys = append(keys, m[1])
	}
	return keys
}

func TestCiteEveryStyleOfOneEvent(t *testing.T) {
	db := imported(t)
	r := chronicle("cite", "--db", db, "--base-url", "https://news.example/archive/",
		"https://elsewhere.example/news/2013/6/05/japan-launches-a-satellite.html")
	if r.status != exitOK || r.stderr != "" {
		t.Fatalf("cite:\n%s", r)
	}
	const url = "https://news.example/archive/news/2013/06/5/japan-launches-a-satellite.html"
	for _, want := range []string{
		"APA      Wikipedia contributors. (2013, June 5). Japan launches a satellite. Chronicle. " + url + "\n",
		"MLA      Wikipedia contributors. “Japan launches a satellite.” Chronicle, 5 June 2013, " + strings.TrimPrefix(url, "https://") + ".\n",
		"Chicago  Wikipedia contributors. “Japan launches a satellite.” Chronicle. June 5, 2013. " + url + ".\n",
		"\n\n@misc{chronicle:2013-06-05:japan-launches-a,\n",
		"  url          = {" + url + "},\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the citations lack\n%s\nin\n%s", want, r.stdout)
		}
	}
}

func TestCiteNotesTheDefaultBaseURL(t *testing.T) {
	db := imported(t)
	r := chronicle("cite", "--db", db, "--style", "apa", "/news/2013/06/5/japan-launches-a-satellite")
	if r.status != exitOK || !strings.Contains(r.stdout, " http://localhost:8080/news/2013/06/5/japan-launches-a-satellite.html\n") ||
		!strings.Contains(r.stderr, "give --base-url with the address the site is published at") {
		t.Errorf("cite without --base-url:\n%s", r)
	}
}

func TestCitePathsFromStandardInput(t *testing.T) {
	db := imported(t)
	search := chronicle("search", "--db", db, "--order", "oldest", "ferry lagos")
	if search.status != exitOK {
		t.Fatalf("search:\n%s", search)
	}
	var r result
	withStdin(t, search.stdout+search.stdout, func() {
		r = chronicle("cite", "--db", db, "--style", "bibtex", "--base-url", "https://news.example")
	})
	if r.status != exitOK {
		t.Fatalf("cite from the search's output:\n%s", r)
	}
	want := []string{"chronicle:2013-06-10:a-ferry-sinks", "chronicle:2013-06-10:a-ferry-sinks-near",
		"chronicle:2013-06-11:a-ferry-sinks", "chronicle:2013-06-11:a-ferry-sinks-near"}
	if got := bibKeysOf(r.stdout); !slices.Equal(got, want) {
		t.Errorf("keys %q, want %q (each event once, each key unique):\n%s", got, want, r.stdout)
	}
	if strings.Count(r.stdout, "}\n\n@misc{") != 3 || !strings.HasSuffix(r.stdout, ",\n}\n") {
		t.Errorf("the entries are not parted by a blank line:\n%s", r.stdout)
	}
}

func TestCiteErrorsPrintNothing(t *testing.T) {
	db := imported(t)
	tests := []struct {
		args   []string
		input  string
		status int
		want   string
	}{
		{[]string{"/news/2013/06/5/japan-launches-a-satellite", "/news/2013/06/5/no-such-event"}, "", exitFailure, "no event at /news/2013/06/5/no-such-event"},
		{[]string{"--style", "harvard", "/news/2013/06/5/japan-launches-a-satellite"}, "", exitUsage, `--style "harvard": want apa, mla, chicago, bibtex, ris or all`},
		{[]string{"--base-url", "news.example", "/news/2013/06/5/japan-launches-a-satellite"}, "", exitUsage, "--base-url"},
		{[]string{"/topics/japan/"}, "", exitUsage, "; to cite the topic's events: chronicle export --format bibtex --topic japan\n"},
		{[]string{"https://news.example/news/2013/06/5/index.html"}, "", exitUsage, "; to cite the day's events: chronicle export --format bibtex --from 2013-06-05 --to 2013-06-05"},
		{[]string{"/stories/syrian-civil-war/2013/"}, "", exitUsage, "; to cite the story's events: chronicle export --format bibtex --story syrian-civil-war"},
		{[]string{"/news/2013/"}, "", exitUsage, `"/news/2013/" is not an event path`},
		{nil, "Japan launches a satellite.\n", exitUsage, "no event: give the paths or URLs of the events to cite, or pipe them in"},
		{nil, "see /news/2013/06/5\n", exitUsage, `"/news/2013/06/5" is not an event path: want /news/YYYY/MM/D/<slug>: site path "/news/2013/06/5": "5": under a year or month there are only index pages; to cite the day's events: chronicle export --format bibtex --from 2013-06-05 --to 2013-06-05`},
	}
	for _, tt := range tests {
		var r result
		withStdin(t, tt.input, func() {
			r = chronicle(append([]string{"cite", "--db", db, "--base-url", "https://news.example"}, tt.args...)...)
		})
		if r.status != tt.status || !strings.Contains(r.stderr, tt.want) || r.stdout != "" ||
			strings.Contains(r.stderr, "to cite") != strings.Contains(tt.want, "to cite") {
			t.Errorf("%v: want exit %d, %q and nothing printed:\n%s", tt.args, tt.status, tt.want, r)
		}
	}
}

func TestExportBibTeXKeepsATopic(t *testing.T) {
	db := imported(t)
	r := chronicle("export", "--db", db, "--format", "bibtex", "--base-url", "https://news.example", "--topic", "Lagos")
	if r.status != exitOK || r.stderr != "" {
		t.Fatalf("export --format bibtex:\n%s", r)
	}
	want := []string{"chronicle:2013-06-10:a-ferry-sinks", "chronicle:2013-06-10:a-ferry-sinks-near",
		"chronicle:2013-06-11:a-ferry-sinks", "chronicle:2013-06-11:a-ferry-sinks-near"}
	if got := bibKeysOf(r.stdout); !slices.Equal(got, want) {
		t.Errorf("keys %q, want %q:\n%s", got, want, r.stdout)
	}
	var cited result
	withStdin(t, "", func() {
		cited = chronicle("cite", "--db", db, "--style", "bibtex", "--base-url", "https://news.example",
			"/news/2013/06/10/a-ferry-sinks-near-lagos", "/news/2013/06/10/a-ferry-sinks-near-lagos-2",
			"/news/2013/06/11/a-ferry-sinks-near-lagos", "/news/2013/06/11/a-ferry-sinks-near-lagos-2")
	})
	if cited.stdout != r.stdout {
		t.Errorf("the export and cite of the same events differ:\n%s\n%s", r.stdout, cited)
	}
	empty := chronicle("export", "--db", db, "--format", "bibtex", "--base-url", "https://news.example", "--from", "2020-01-01")
	if empty.status != exitOK || empty.stdout != "" {
		t.Errorf("an empty selection:\n%s", empty)
	}
}

// TestCiteAndExportRIS checks that cite --style ris and export --format ris
// write the same RIS file of the same events: a record each, CR LF line
// ends, a blank line between, the IDs unique as the BibTeX keys.
func TestCiteAndExportRIS(t *testing.T) {
	db := imported(t)
	exported := chronicle("export", "--db", db, "--format", "ris", "--base-url", "https://news.example", "--topic", "Lagos")
	if exported.status != exitOK || exported.stderr != "" {
		t.Fatalf("export --format ris:\n%s", exported)
	}
	var cited result
	withStdin(t, "", func() {
		cited = chronicle("cite", "--db", db, "--style", "ris", "--base-url", "https://news.example",
			"/news/2013/06/10/a-ferry-sinks-near-lagos", "/news/2013/06/10/a-ferry-sinks-near-lagos-2",
			"/news/2013/06/11/a-ferry-sinks-near-lagos", "/news/2013/06/11/a-ferry-sinks-near-lagos-2")
	})
	if cited.status != exitOK || cited.stdout != exported.stdout {
		t.Errorf("the export and cite of the same events differ:\n%s\n%s", exported, cited)
	}
	records := strings.Split(strings.TrimSuffix(exported.stdout, "\r\n"), "\r\n\r\n")
	var ids []string
	for _, rec := range records {
		if !strings.HasPrefix(rec, "TY  - ELEC\r\nAU  - Wikipedia contributors,\r\n") || !strings.HasSuffix(rec, "\r\nER  - ") {
			t.Errorf("not a RIS record:\n%q", rec)
		}
		for _, line := range strings.Split(rec, "\r\n") {
			if id, ok := strings.CutPrefix(line, "ID  - "); ok {
				ids = append(ids, id)
			}
		}
	}
	want := []string{"chronicle:2013-06-10:a-ferry-sinks", "chronicle:2013-06-10:a-ferry-sinks-near",
		"chronicle:2013-06-11:a-ferry-sinks", "chronicle:2013-06-11:a-ferry-sinks-near"}
	if !slices.Equal(ids, want) {
		t.Errorf("IDs %q, want %q:\n%s", ids, want, exported.stdout)
	}
	if !strings.Contains(exported.stdout, "\r\nUR  - https://news.example/news/2013/06/10/a-ferry-sinks-near-lagos.html\r\n") {
		t.Errorf("no address under --base-url:\n%s", exported.stdout)
	}
}
