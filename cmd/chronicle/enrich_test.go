package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/store"
)

// fakeNews serves the pages of testdata/enrich on 127.0.0.1: /article is a
// live report, /gone a dead one with a copy in the fake Wayback Machine at
// /wayback/available and /web/…, whose broken twin /wayback/down answers
// 500; hits counts the requests.
func fakeNews(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch {
		case r.URL.Path == "/article":
			servePage(t, w, "article.html")
		case r.URL.Path == "/wayback/down":
			http.Error(w, "down for maintenance", http.StatusInternalServerError)
		case r.URL.Path == "/wayback/available":
			page := r.URL.Query().Get("url")
			closest := map[string]any{}
			if strings.HasSuffix(page, "/gone") && r.URL.Query().Get("timestamp") == "20130610" {
				closest = map[string]any{"available": true, "status": "200", "timestamp": "20130611000000",
					"url": srv.URL + "/web/20130611000000/" + page}
			}
			json.NewEncoder(w).Encode(map[string]any{"archived_snapshots": map[string]any{"closest": closest}})
		case strings.HasPrefix(r.URL.Path, "/web/20130611000000id_/"):
			servePage(t, w, "archived.html")
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func servePage(t *testing.T, w http.ResponseWriter, name string) {
	body, err := os.ReadFile(filepath.Join("testdata", "enrich", name))
	if err != nil {
		t.Error(err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(body)
}

// enrichFixture imports a day whose two events cite the fake site: the
// first a live article, the second a dead page and then the same article.
func enrichFixture(t *testing.T, site string) string {
	t.Helper()
	return importDay(t, fmt.Sprintf(`*A [[ferry]] sinks near [[Lagos]]. [%[1]s/article (Example News)]
*Rescuers search the lagoon. [%[1]s/gone (Old Wire)] [%[1]s/article (Example News)]`, site))
}

// importDay imports 2013-06-10 with the given news items into a new
// database, and returns the database's path.
func importDay(t *testing.T, items string) string {
	t.Helper()
	dir := t.TempDir()
	day := `{{Current events|year=2013|month=06|day=10|content=
<!-- All news items below this line -->
'''Disasters and accidents'''
` + items + `
<!-- All news items above this line -->}}
`
	if err := os.WriteFile(filepath.Join(dir, "2013-06-10.wiki"), []byte(day), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "chronicle.db")
	if r := chronicle("import", "--db", db, dir); r.status != exitOK {
		t.Fatalf("import:\n%s", r)
	}
	return db
}

func TestEnrichAgainstFakeSite(t *testing.T) {
	srv, hits := fakeNews(t)
	db := enrichFixture(t, srv.URL)
	r := chronicle("enrich", "--db", db, "--allow-private", "--rate", "0", "--wayback-api", srv.URL+"/wayback/available")
	if r.status != exitOK || !strings.HasPrefix(r.stdout, "enriched 2 of 2 events (2 with a summary, 2 with a cover image) · 2 sources fetched: 1 dead (1 archived), 0 blocked, 0 failed") {
		t.Fatalf("enrich:\n%s", r)
	}

	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ferry, rescue := "/news/2013/06/10/a-ferry-sinks-near-lagos", "/news/2013/06/10/rescuers-search-the-lagoon"
	x, err := st.Extras(context.Background(), []string{ferry, rescue})
	if err != nil {
		t.Fatal(err)
	}
	cover := srv.URL + "/images/ferry.jpg"
	if f := x[ferry]; f.Summary != "A ferry carrying more than two hundred passengers sank near Lagos on Monday evening, officials said." ||
		f.CoverImage != cover || f.CoverWidth != 800 || f.CoverHeight != 450 || len(f.Sources) != 1 ||
		f.Sources[0].Title != "Ferry sinks near Lagos" || f.Sources[0].SiteName != "Example News" || f.Sources[0].Published.IsZero() {
		t.Errorf("ferry: %+v", f)
	}
	// The rescue's first source is dead: its summary comes from the archived
	// copy, its cover from the second source.
	if s := x[rescue]; s.Summary != "Rescuers searched the lagoon through the night for survivors of the ferry." ||
		s.CoverImage != cover || len(s.Sources) != 2 || s.Sources[0].State != store.SourceDead ||
		s.Sources[0].ArchivedURL != srv.URL+"/web/20130611000000/"+srv.URL+"/gone" || s.Sources[0].SiteName != "Old Wire" {
		t.Errorf("rescue: %+v", s)
	}

	// A word only the summary holds finds the event at once.
	if found := chronicle("search", "--db", db, "passengers"); found.status != exitOK || !strings.Contains(found.stdout, ferry) {
		t.Errorf("search for a word of the new summary:\n%s", found)
	}

	stats := chronicle("stats", "--db", db).stdout
	for label, want := range map[string]string{"events with a summary": "2", "events with an image": "2",
		"sources visited": "2", "dead sources": "1", "archived sources": "1", "failed sources": "0"} {
		if got := statValue(stats, label); got != want {
			t.Errorf("stats %s = %q, want %q:\n%s", label, got, want, stats)
		}
	}

	before := hits.Load()
	if again := chronicle("enrich", "--db", db, "--allow-private", "--wayback-api", srv.URL+"/wayback/available"); again.status != exitOK || again.stdout != "nothing to enrich\n" {
		t.Errorf("second run:\n%s", again)
	}
	if hits.Load() != before {
		t.Errorf("a second run made %d requests", hits.Load()-before)
	}
}

// A dead source whose archive lookup failed is failed, not dead: stats
// count it, and --retry-failed looks it up again once it is due.
func TestEnrichRetriesAFailedArchiveLookup(t *testing.T) {
	srv, _ := fakeNews(t)
	db := importDay(t, fmt.Sprintf("*Rescuers search the lagoon. [%s/gone (Old Wire)]", srv.URL))
	enrich := func(api string) result {
		return chronicle("enrich", "--db", db, "--allow-private", "--rate", "0", "--retry-failed", "--wayback-api", srv.URL+api)
	}
	if r := enrich("/wayback/down"); r.status != exitOK || !strings.HasPrefix(r.stdout, "enriched 1 of 1 events (0 with a summary, 0 with a cover image) · 1 sources fetched: 0 dead (0 archived), 0 blocked, 1 failed") {
		t.Fatalf("enrich with the archive down:\n%s", r)
	}
	if stats := chronicle("stats", "--db", db).stdout; statValue(stats, "failed sources") != "1" || statValue(stats, "dead sources") != "0" {
		t.Errorf("stats after the failed lookup:\n%s", stats)
	}
	if r := enrich("/wayback/available"); r.status != exitOK || r.stdout != "nothing to enrich\n" {
		t.Errorf("a run before the retry is due:\n%s", r)
	}
	raw, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	_, err = raw.Exec(`UPDATE source_meta SET next_retry = checked_at`) // due now
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	if r := enrich("/wayback/available"); r.status != exitOK || !strings.HasPrefix(r.stdout, "enriched 1 of 1 events (1 with a summary, 0 with a cover image) · 1 sources fetched: 1 dead (1 archived), 0 blocked, 0 failed") {
		t.Fatalf("the retry:\n%s", r)
	}
	if stats := chronicle("stats", "--db", db).stdout; statValue(stats, "failed sources") != "0" || statValue(stats, "archived sources") != "1" {
		t.Errorf("stats after the retry:\n%s", stats)
	}
}

func TestEnrichRefusesLoopbackWithoutAllowPrivate(t *testing.T) {
	srv, hits := fakeNews(t)
	db := enrichFixture(t, srv.URL)
	r := chronicle("enrich", "--db", db, "--rate", "0", "--wayback-api", srv.URL+"/wayback/available")
	if r.status != exitOK || !strings.Contains(r.stdout, "2 blocked") {
		t.Fatalf("enrich:\n%s", r)
	}
	if hits.Load() != 0 {
		t.Errorf("the fake site on 127.0.0.1 was asked %d times", hits.Load())
	}
}

func TestEnrichUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--rate", "-1"}, {"--hosts", "0"}, {"--limit", "-2"}, {"--from", "2013-13-01"},
		{"--from", "2013-06-02", "--to", "2013-06-01"}, {"extra"}, {"--user-agent", ""},
		{"--rate", "NaN"}, {"--rate", "Inf"}, {"--rate", "+Inf"}, {"--rate", "-Inf"}, {"--rate", "1e-300"},
	} {
		r := chronicle(append([]string{"enrich", "--db", "x.db"}, args...)...)
		if r.status != exitUsage {
			t.Errorf("enrich %v: %s", args, r)
		}
	}
	for _, api := range []string{"not a url", "", "ftp://archive.example/available", "/wayback/available", "https:///available"} {
		r := chronicle("enrich", "--db", "x.db", "--wayback-api", api)
		if r.status != exitUsage || !strings.Contains(r.stderr, "--wayback-api") {
			t.Errorf("enrich --wayback-api %q: %s", api, r)
		}
	}
}

// The "done means": import, build, enrich against the fake site,
// build again;
// the event pages show the summary under the headline and the cover image
// last under the sources, laid out as the seed page is, and show and
// export print the same enrichment.
func TestEnrichThenBuildShowsSummariesAndCovers(t *testing.T) {
	srv, _ := fakeNews(t)
	db := enrichFixture(t, srv.URL)
	out := filepath.Join(t.TempDir(), "site")
	if r := chronicle("build", "--db", db, "--out", out); r.status != exitOK {
		t.Fatalf("build:\n%s", r)
	}
	if r := chronicle("enrich", "--db", db, "--allow-private", "--rate", "0", "--wayback-api", srv.URL+"/wayback/available"); r.status != exitOK {
		t.Fatalf("enrich:\n%s", r)
	}
	// The build over the first renders the two enriched events again (8
	// files) and the static search index's files that hold their summaries'
	// words (14).
	if r := chronicle("build", "--db", db, "--out", out); r.status != exitOK || !strings.Contains(r.stdout, ", 22 of them written ") {
		t.Fatalf("build after enrich:\n%s", r)
	}
	const ferry, rescue = "/news/2013/06/10/a-ferry-sinks-near-lagos", "/news/2013/06/10/rescuers-search-the-lagoon"
	read := func(name string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	md := read(ferry + ".md")
	want := `
Formats: [HTML](` + ferry + `.html)  [JSON](` + ferry + `.json)  [XML](` + ferry + `.xml)  

### [2013-06-10](/news/2013/06/10/index.md)

##### Ferry
# A ferry sinks near Lagos. 

A ferry carrying more than two hundred passengers sank near Lagos on Monday evening, officials said.


### Sources:

1. [Example News](` + srv.URL + `/article)
1. [Cover Image](` + srv.URL + `/images/ferry.jpg)
`
	if md != want {
		t.Errorf("%s.md:\n%s\nwant:\n%s", ferry, md, want)
	}
	checkSeedLayout(t, md)
	if md := read(rescue + ".md"); !strings.Contains(md, "\nRescuers searched the lagoon through the night for survivors of the ferry.\n") ||
		!strings.Contains(md, "1. [Old Wire]("+srv.URL+"/gone) ([archived copy]("+srv.URL+"/web/20130611000000/"+srv.URL+"/gone))\n") {
		t.Errorf("%s.md shows no summary or archived copy:\n%s", rescue, md)
	}
	html := read(ferry + ".html")
	for _, h := range []string{
		`<p class="summary">A ferry carrying more than two hundred passengers sank near Lagos on Monday evening, officials said.</p>`,
		`<figure class="cover"><img src="` + srv.URL + `/images/ferry.jpg" alt="Ferry sinks near Lagos" width="800" height="450" loading="lazy" decoding="async" referrerpolicy="no-referrer"></figure>`,
		`<cite>Ferry sinks near Lagos</cite>`,
	} {
		if !strings.Contains(html, h) {
			t.Errorf("%s.html lacks %s", ferry, h)
		}
	}

	// show prints the built .json; export the same, one a line.
	show := chronicle("show", "--db", db, rescue)
	if show.status != exitOK || show.stdout != read(rescue+".json") {
		t.Errorf("show %s differs from the built .json:\n%s", rescue, show)
	}
	export := chronicle("export", "--db", db)
	lines := strings.Split(strings.TrimSuffix(export.stdout, "\n"), "\n")
	var compact bytes.Buffer
	if err := json.Compact(&compact, []byte(show.stdout)); err != nil {
		t.Fatal(err)
	}
	if export.status != exitOK || len(lines) != 2 || lines[1] != compact.String() {
		t.Errorf("export's line of %s is not show's JSON:\n%s\nwant\n%s", rescue, export.stdout, compact.String())
	}
	var doc struct {
		Summary    string `json:"summary"`
		CoverImage string `json:"cover_image"`
		Sources    []struct {
			Title       string `json:"title"`
			SiteName    string `json:"site_name"`
			ArchivedURL string `json:"archived_url"`
		} `json:"sources"`
	}
	if err := json.Unmarshal([]byte(lines[1]), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Summary == "" || doc.CoverImage != srv.URL+"/images/ferry.jpg" || len(doc.Sources) != 2 ||
		doc.Sources[0].SiteName != "Old Wire" || doc.Sources[0].ArchivedURL == "" || doc.Sources[1].Title != "Ferry sinks near Lagos" {
		t.Errorf("exported %s: %+v", rescue, doc)
	}
}

// checkSeedLayout compares the kinds of md's lines with the seed page's,
// up to the seed's related events (the fixture has none), blank lines at
// the end aside.
func checkSeedLayout(t *testing.T, md string) {
	t.Helper()
	seed, err := readSeedPage()
	if errors.Is(err, os.ErrNotExist) {
		t.Log("the shared seed page is absent: layout compared with the expected page only")
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	want, _, _ := strings.Cut(string(seed), "### Related:")
	if got, want := lineKinds(strings.TrimRight(md, "\n")), lineKinds(strings.TrimRight(want, "\n")); !slices.Equal(got, want) {
		t.Errorf("line kinds:\n got %v\nwant %v (the seed's)", got, want)
	}
}

// lineKinds names what each line of a Markdown event page is.
func lineKinds(md string) []string {
	var kinds []string
	for _, line := range strings.Split(md, "\n") {
		kind := "paragraph"
		for _, k := range []struct{ prefix, kind string }{
			{"Formats: [HTML](", "formats"}, {"### [", "date"}, {"##### ", "topic"}, {"# ", "headline"},
			{"### Sources:", "sources"}, {"1. [Cover Image](", "cover"}, {"1. [", "source"},
		} {
			if strings.HasPrefix(line, k.prefix) {
				kind = k.kind
				break
			}
		}
		if line == "" {
			kind = "blank"
		}
		kinds = append(kinds, kind)
	}
	return kinds
}

// readSeedPage reads shared/reference/seed-event-page.md, which lies beside
// the repository: up to four directories above this package's.
func readSeedPage() ([]byte, error) {
	dir := "../.."
	for range 4 {
		dir = filepath.Join(dir, "..")
		b, err := os.ReadFile(filepath.Join(dir, "shared", "reference", "seed-event-page.md"))
		if !errors.Is(err, os.ErrNotExist) {
			return b, err
		}
	}
	return nil, os.ErrNotExist
}

func TestRateInterval(t *testing.T) {
	for _, c := range []struct {
		rate float64
		want time.Duration
		ok   bool
	}{
		{0, 0, true}, {1, time.Second, true}, {4, 250 * time.Millisecond, true}, {0.5, 2 * time.Second, true},
		{1e12, 0, true}, // faster than a nanosecond: no limit to speak of
		{-1, 0, false}, {math.NaN(), 0, false}, {math.Inf(1), 0, false}, {math.Inf(-1), 0, false},
		{1e-300, 0, false}, // an interval past time.Duration's range
	} {
		got, err := rateInterval(c.rate)
		if got != c.want || (err == nil) != c.ok {
			t.Errorf("rateInterval(%g) = %v, %v; want %v, ok %v", c.rate, got, err, c.want, c.ok)
		}
	}
}
