package main

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/mediawiki"
)

// koreaDay is a day page whose events link two spellings of South Korea.
func koreaDay(d event.Date, extra string) string {
	return "{{Current events|year=2013|month=06|day=6|content=\n'''Armed conflicts and attacks'''\n" +
		"*Talks between [[Republic of Korea|Seoul]] and [[North Korea|Pyongyang]] open. [https://news.example/a (Example)]\n" +
		"*[[South Korea]] holds a drill. [https://news.example/b (Example)]\n" + extra + "}}\n"
}

func TestSyncedAliasesLandOnOneTopic(t *testing.T) {
	fake := newFakeWiki(t)
	fake.SetWikidata("South Korea", "Q884")
	d := event.Date{Year: 2013, Month: time.June, Day: 6}
	fake.Edit(mediawiki.DayTitle(d), koreaDay(d, ""), "new day")
	db := filepath.Join(t.TempDir(), "chronicle.db")
	site := filepath.Join(t.TempDir(), "site")
	syncArgs := []string{"sync", "--db", db, "--api", fake.Endpoint(), "--from", "2013-06-06", "--to", "2013-06-06"}
	// The wiki does not know yet that the two spellings are one article.
	mustChronicle(t, syncArgs...)
	mustChronicle(t, "build", "--db", db, "--out", site)
	if !strings.Contains(readTree(t, site)["/topics/republic-of-korea/index.json"], `"kind": "topic"`) {
		t.Fatal("the first build has no page of the unresolved spelling")
	}
	fake.Redirect("Republic of Korea", "South Korea")
	fake.Edit(mediawiki.DayTitle(d), koreaDay(d, "*A ferry sinks. [https://news.example/c (Example)]\n"), "add ferry")
	mustChronicle(t, syncArgs...)
	mustChronicle(t, "build", "--db", db, "--out", site)
	fresh := filepath.Join(t.TempDir(), "fresh")
	mustChronicle(t, "build", "--db", db, "--out", fresh)
	built := readTree(t, site)
	if !sameTree(built, readTree(t, fresh)) {
		t.Errorf("the incremental build and a fresh build differ")
	}
	for _, f := range []string{".html", ".md", ".json", ".xml"} {
		if body := built["/topics/republic-of-korea/index"+f]; !strings.Contains(body, "/topics/south-korea/index"+f) {
			t.Errorf("built alias page %s does not lead to South Korea:\n%s", f, body)
		}
	}
	topic := built["/topics/south-korea/index.json"]
	if !strings.Contains(topic, `"wikidata_id": "Q884"`) || !strings.Contains(topic, `"total": 2`) {
		t.Errorf("the South Korea page lacks its Wikidata id or one of its events:\n%s", topic)
	}

	base, stop := startServe(t, "--db", db)
	defer stop()
	noRedirects := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirects.Get(base + "/topics/republic-of-korea/index.xml")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/topics/south-korea/index.xml" {
		t.Errorf("GET the alias: %d to %q, want 301 to /topics/south-korea/index.xml", resp.StatusCode, resp.Header.Get("Location"))
	}
	if x := fetchBody(t, base+"/topics/south-korea/index.xml"); !strings.Contains(x, "<wikidata_id>Q884</wikidata_id>") {
		t.Errorf("served topic XML lacks its Wikidata id:\n%.600s", x)
	}
}
