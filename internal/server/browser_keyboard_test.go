package server

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserSkipsToContentAndOpensTheCitation checks, in Chromium, that
// the first Tab of a page reaches the link that skips the site's header,
// shown while it has the focus, and that Enter takes it to the main part;
// then that the event's "Cite this event" opens to its styles and BibTeX.
func TestBrowserSkipsToContentAndOpensTheCitation(t *testing.T) {
	ctx := newBrowser(t)
	base := serveDemo(t)
	do(t, ctx, "open the event", chromedp.Navigate(base+browserEvent), chromedp.WaitVisible("main h1"))
	if shown := value(t, ctx, "read the skip link before Tab", chromedp.Evaluate[bool](
		`document.querySelector('a.skip').getBoundingClientRect().right > 0`)); shown {
		t.Error("the skip link shows before it has the focus")
	}
	do(t, ctx, "press Tab", chromedp.KeyEvent(kb.Tab))
	focused := value(t, ctx, "read the focus", chromedp.Evaluate[string](
		`(() => { const a = document.activeElement, r = a.getBoundingClientRect();
			return a.className + ' ' + (r.left >= 0 && r.top >= 0 && r.width > 0) })()`))
	if focused != "skip true" {
		t.Fatalf("after one Tab the focus is on %q, want the skip link, in view", focused)
	}
	do(t, ctx, "press Enter", chromedp.KeyEvent(kb.Enter))
	if hash := value(t, ctx, "read the address", chromedp.Evaluate[string](`location.hash`)); hash != "#main" {
		t.Errorf("Enter on the skip link leads to %q, want #main", hash)
	}
	if open := value(t, ctx, "read the citation", chromedp.Evaluate[bool](`document.querySelector('details.cite').open`)); open {
		t.Error("the citation block is open before it is asked for")
	}
	do(t, ctx, "open the citation", chromedp.Click("details.cite summary", chromedp.NodeVisible))
	canonical := value(t, ctx, "read the canonical address", chromedp.Evaluate[string](`document.querySelector('link[rel=canonical]').href`))
	bib := value(t, ctx, "read the BibTeX", chromedp.Text("details.cite pre", chromedp.NodeVisible))
	apa := value(t, ctx, "read the APA style", chromedp.Text("details.cite dd", chromedp.NodeVisible))
	if !strings.HasPrefix(bib, "@misc{chronicle:2025-03-15:the-tsukuyomi-lander,") || !strings.Contains(bib, "url          = {"+canonical+"},") {
		t.Errorf("the BibTeX entry reads\n%s\nwant the key of the day and the address %s", bib, canonical)
	}
	if !strings.HasPrefix(apa, "Wikipedia contributors. (2025, March 15). The Tsukuyomi lander") || !strings.HasSuffix(apa, ". Chronicle. "+canonical) {
		t.Errorf("the APA style reads %q, want it to end with the site and %s", apa, canonical)
	}
	screenshot(t, ctx, "event-cite", 1280)
	screenshot(t, ctx, "event-cite", 390) // the long address wraps: the page is no wider than a phone
}
