package server

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chronicle-archive/chronicle/internal/htmlcheck"
)

// axeTags are the rule sets of axe-core the pages must pass: WCAG 2.2 A and
// AA (contrast, names, landmarks, language…) and axe's best practices.
const axeTags = `['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa','best-practice']`

// axeViolation is one rule a page breaks, with a few of the elements that
// break it.
type axeViolation struct {
	ID    string   `json:"id"`
	Help  string   `json:"help"`
	Nodes []string `json:"nodes"`
}

// TestDemoPagesPassAxe has axe-core check a page of each kind in Chromium,
// in the light and the dark colour scheme, on a wide and a narrow screen.
func TestDemoPagesPassAxe(t *testing.T) {
	ctx := newBrowser(t)
	axe := htmlcheck.AxeScript(t)
	base := serveDemo(t)
	// axe runs as a script; the pages' own scripts may then run too.
	enableScript(t, ctx)
	pages := []string{"/", browserDay, browserEvent, "/news/2025/", "/news/2025/03/", "/topics/",
		"/topics/rapid-support-forces/", "/stories/", "/categories/", "/on-this-day/03-15",
		"/search", "/search?q=election", "/search?q=zzzqqq",
		"/search/index.html?q=jaxa", // the static search page; its results are checked in TestBrowserStaticSiteSearch
		"/about/", "/no/such/page"}
	for _, view := range []struct {
		scheme string
		width  int64
	}{{"light", 1280}, {"dark", 400}} {
		scheme := emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: view.scheme}}}
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, scheme); err != nil {
			t.Fatalf("emulate the %s scheme: %v", view.scheme, err)
		}
		do(t, ctx, "set the width", chromedp.EmulateViewport(view.width, 900))
		for _, path := range pages {
			do(t, ctx, "open "+path, chromedp.Navigate(base+path), chromedp.WaitVisible("main h1"))
			if dark := value(t, ctx, "read the scheme", chromedp.Evaluate[bool](`matchMedia('(prefers-color-scheme: dark)').matches`)); dark != (view.scheme == "dark") {
				t.Fatalf("%s: the page does not see the %s scheme", path, view.scheme)
			}
			checkAxe(t, ctx, axe, fmt.Sprintf("%s (%s, %d px)", path, view.scheme, view.width))
		}
	}
}

// checkAxe runs axe-core's script in the page open in ctx and fails the test
// once for each rule the page breaks; what names the page in the messages.
func checkAxe(t *testing.T, ctx context.Context, axe, what string) {
	t.Helper()
	do(t, ctx, "load axe into "+what, chromedp.Evaluate[chromedp.Void](axe))
	report := value(t, ctx, "run axe on "+what, chromedp.Evaluate[string](
		`axe.run({runOnly: {type: 'tag', values: `+axeTags+`}}).then(r => JSON.stringify(r.violations.map(v => `+
			`({id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.html)}))))`, chromedp.EvalAwaitPromise))
	var violations []axeViolation
	if err := json.Unmarshal([]byte(report), &violations); err != nil {
		t.Fatalf("axe's report on %s: %v", what, err)
	}
	for _, v := range violations {
		t.Errorf("%s: %s: %s\n\t%q", what, v.ID, v.Help, v.Nodes)
	}
}
