package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/mediawiki"
	"github.com/chronicle-archive/chronicle/internal/mediawiki/mwtest"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// The paths of the edit of 2013-06-06 that TestSyncedEditKeepsEveryAddress
// syncs: a headline edited, an event removed, an event added.
const (
	editedOldPath  = "/news/2013/06/6/rebels-take-the-town-of-qusayr-on-june-6"
	editedNewPath  = "/news/2013/06/6/rebels-seize-the-town-of-qusayr-on-june-6"
	removedOldPath = "/news/2013/06/6/talks-open-in-geneva"
)

// editJune6 gives June 6 of the fake wiki its next revision.
func editJune6(fake *mwtest.Server) {
	d := event.Date{Year: 2013, Month: time.June, Day: 6}
	fake.Edit(mediawiki.DayTitle(d), syncDay(d, "Rebels seize the town of Qusayr on June 6.", "Floods hit Prague."),
		"copyedit; remove stale item; add floods")
}

func TestSyncedEditKeepsEveryAddress(t *testing.T) {
	fake := newFakeWiki(t)
	d := event.Date{Year: 2013, Month: time.June, Day: 6}
	fake.Edit(mediawiki.DayTitle(d), syncDay(d, "Rebels take the town of Qusayr on June 6.", "Talks open in Geneva."), "new day")
	db := filepath.Join(t.TempDir(), "chronicle.db")
	site := filepath.Join(t.TempDir(), "site")
	syncArgs := []string{"sync", "--db", db, "--api", fake.Endpoint(), "--from", "2013-06-06", "--to", "2013-06-06"}
	mustChronicle(t, syncArgs...)
	mustChronicle(t, "build", "--db", db, "--out", site)
	editJune6(fake)
	if out := mustChronicle(t, syncArgs...); !strings.Contains(out, "1 changed, 0 unchanged, 0 missing, 0 failed; 1 event edited, 1 removed · ") {
		t.Errorf("the sync of the edit does not say what it did to the events:\n%s", out)
	}
	mustChronicle(t, "build", "--db", db, "--out", site)
	fresh := filepath.Join(t.TempDir(), "fresh")
	mustChronicle(t, "build", "--db", db, "--out", fresh)

	built := readTree(t, site)
	if edits := built["/edits/index.md"]; !strings.Contains(edits, editedNewPath+".md") || !strings.Contains(edits, removedOldPath+".md") {
		t.Errorf("the edits page lacks the edit or the removal:\n%s", edits)
	}
	if fresh := readTree(t, fresh); !sameTree(built, fresh) {
		t.Errorf("the incremental build and a fresh build differ")
	}
	for _, f := range []string{".html", ".md", ".json", ".xml"} {
		body := built[editedOldPath+f]
		if !strings.Contains(body, "no longer in the archive") && !strings.Contains(body, "redirect") ||
			!strings.Contains(body, editedNewPath+f) {
			t.Errorf("built %s%s is no redirect to %s%s:\n%s", editedOldPath, f, editedNewPath, f, body)
		}
	}
	if html := built[removedOldPath+".html"]; !strings.Contains(html, "Removed from the portal on") ||
		!strings.Contains(html, "Talks open in Geneva.") {
		t.Errorf("the built page of the removed event:\n%s", html)
	}
	if js := built[editedNewPath+".json"]; !strings.Contains(js, editedOldPath) {
		t.Errorf("the edited event's JSON does not list its former path:\n%s", js)
	}
	// The edited event's text is the new revision's, which its page names;
	// the removed event's is an earlier one's, named by its page alone.
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	day, err := st.DayRevisionOf(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	revs, err := st.Revisions(context.Background(), d)
	st.Close()
	if err != nil || len(revs) != 2 {
		t.Fatalf("%d revisions, %v; want 2", len(revs), err)
	}
	// Its page shows the text the edit replaced, in the revision that had it.
	first := revs[0].RevisionID
	if html := built[editedNewPath+".html"]; first == 0 || !strings.Contains(html, fmt.Sprintf(
		`<q>Rebels take the town of Qusayr on June 6.</q> <span class="when">in <a href="https://en.wikipedia.org/w/index.php?title=Portal:Current_events/2013_June_6&amp;oldid=%d">revision %d</a>`, first, first)) {
		t.Errorf("the edited event's page does not show its earlier text in revision %d:\n%s", first, html)
	}
	if js := built[editedNewPath+".json"]; day.ID == 0 || !strings.Contains(js, fmt.Sprintf(`"revision": %d,`, day.ID)) ||
		!strings.Contains(js, fmt.Sprintf("&oldid=%d", day.ID)) {
		t.Errorf("the edited event's JSON does not name the revision %d of its day:\n%s", day.ID, js)
	}
	if js := built[removedOldPath+".json"]; !strings.Contains(js, `"revision": 0,`) ||
		!strings.Contains(js, `"url": "https://en.wikipedia.org/wiki/Portal:Current_events/2013_June_6"`) {
		t.Errorf("the removed event's JSON names a revision its text may not be from:\n%s", js)
	}

	base, stop := startServe(t, "--db", db)
	defer stop()
	noRedirects := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, f := range []string{".html", ".md", ".json", ".xml"} {
		resp, err := noRedirects.Get(base + editedOldPath + f)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != editedNewPath+f {
			t.Errorf("GET %s%s: %d to %q, want 301 to %s%s", editedOldPath, f, resp.StatusCode, resp.Header.Get("Location"), editedNewPath, f)
		}
	}
	if js := fetchBody(t, base+removedOldPath+".json"); !strings.Contains(js, `"removed": "`) ||
		strings.Contains(js, `"removed": ""`) || !strings.Contains(js, "Talks open in Geneva.") {
		t.Errorf("served JSON of the removed event:\n%s", js)
	}
	// show and related follow an edited event's former path, as the server does.
	for _, cmd := range []string{"show", "related"} {
		r := chronicle(cmd, "--db", db, editedOldPath)
		if r.status != exitOK || !strings.Contains(r.stdout, editedNewPath) ||
			!strings.Contains(r.stderr, editedOldPath+" is now "+editedNewPath) {
			t.Errorf("%s of the edited event's former path:\n%s", cmd, r)
		}
	}
	// cite too, and it cites a removed event's page, whose text is of an
	// earlier revision than the day's: the note names the page alone.
	r := chronicle("cite", "--db", db, "--style", "bibtex", "--base-url", "https://news.example", editedOldPath, removedOldPath)
	if r.status != exitOK || !strings.Contains(r.stderr, editedOldPath+" is now "+editedNewPath) ||
		!strings.Contains(r.stdout, "url          = {https://news.example"+editedNewPath+".html},") ||
		!strings.Contains(r.stdout, fmt.Sprintf("note         = {Text from Portal:Current events/2013 June 6, revision %d},", day.ID)) ||
		!strings.Contains(r.stdout, "title        = {{Talks open in Geneva}},") ||
		!strings.Contains(r.stdout, "note         = {Text from Portal:Current events/2013 June 6},") {
		t.Errorf("cite of the edited event's former path and of the removed event:\n%s", r)
	}
	// A removed event has no lists: related says so, rather than "no event".
	if r := chronicle("related", "--db", db, removedOldPath); r.status != exitFailure ||
		!strings.Contains(r.stderr, removedOldPath+" was removed from the portal on ") {
		t.Errorf("related of the removed event:\n%s", r)
	}
	h := mustChronicle(t, "history", "--db", db, "/news/2013/06/6/")
	if !strings.Contains(h, "- removed  Talks open in Geneva.") {
		t.Errorf("history does not show the removed event:\n%s", h)
	}
}

// mustChronicle runs a command line that must succeed, and returns its
// standard output.
func mustChronicle(t *testing.T, args ...string) string {
	t.Helper()
	r := chronicle(args...)
	if r.status != exitOK {
		t.Fatalf("chronicle %s: %s", strings.Join(args, " "), r)
	}
	return r.stdout
}

// startServe runs chronicle serve on a free port of 127.0.0.1 with the
// arguments, and returns its base URL and how to stop it.
func startServe(t *testing.T, args ...string) (string, func()) {
	t.Helper()
	var stdout, stderr lockedBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- serveCommand.execute(ctx, append([]string{"--addr", "127.0.0.1:0"}, args...), &stdout, &stderr)
	}()
	base := waitForURL(t, &stdout, done)
	return base, func() {
		t.Helper()
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		if strings.Contains(stderr.String(), "level=ERROR") {
			t.Errorf("serve logged errors:\n%s", stderr.String())
		}
	}
}

// readTree reads every file under dir, by its slash path from dir.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	dir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out["/"+filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameTree compares two builds, but for their state files, which name
// the build's own directory and time.
func sameTree(a, b map[string]string) bool {
	same := true
	for name, body := range a {
		if strings.HasPrefix(filepath.Base(name), ".") {
			continue
		}
		same = same && b[name] == body
	}
	for name := range b {
		if _, ok := a[name]; !ok && !strings.HasPrefix(filepath.Base(name), ".") {
			same = false
		}
	}
	return same
}
