package server

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// TestBrowserDownloadsTheRISFile checks, in Chromium, that the link under
// "Cite this event" saves the event's RIS record as a file named for the
// event, the record the API's /api/cite gives.
func TestBrowserDownloadsTheRISFile(t *testing.T) {
	ctx := newBrowser(t)
	base := serveDemo(t)
	dir := t.TempDir()
	begun, done := make(chan *browser.EventDownloadWillBegin, 1), make(chan *browser.EventDownloadProgress, 1)
	if err := chromedp.ListenBrowser(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *browser.EventDownloadWillBegin:
			begun <- ev
		case *browser.EventDownloadProgress:
			if ev.State == browser.DownloadProgressStateCompleted || ev.State == browser.DownloadProgressStateCanceled {
				done <- ev
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	events := true
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &events}); err != nil {
		t.Fatalf("allow downloads: %v", err)
	}
	do(t, ctx, "open the event and its citation", chromedp.Navigate(base+browserEvent+".html"), chromedp.WaitVisible("main h1"),
		chromedp.Click("details.cite summary", chromedp.NodeVisible), chromedp.Click("details.cite .file a", chromedp.NodeVisible))
	var started *browser.EventDownloadWillBegin
	var finished *browser.EventDownloadProgress
	for started == nil || finished == nil {
		select {
		case started = <-begun:
		case finished = <-done:
		case <-ctx.Done():
			t.Fatalf("no download: %v", ctx.Err())
		}
	}
	if finished.State != browser.DownloadProgressStateCompleted {
		t.Fatalf("the download ended %s", finished.State)
	}
	if want := "chronicle-2025-03-15-the-tsukuyomi-lander.ris"; started.SuggestedFilename != want {
		t.Errorf("the file is named %q, want %q", started.SuggestedFilename, want)
	}
	got, err := os.ReadFile(filepath.Join(dir, started.GUID))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(base + "/api/cite" + browserEvent)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var cited struct{ RIS string }
	if err := json.NewDecoder(resp.Body).Decode(&cited); err != nil {
		t.Fatal(err)
	}
	if want := cited.RIS + "\r\n"; string(got) != want {
		t.Errorf("the file holds\n%q\nwant the API's record\n%q", got, want)
	}
}
