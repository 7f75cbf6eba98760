package server

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chronicle-archive/chronicle/internal/render"
)

// chromiumPath is Debian's Chromium, which CI's .ci/run installs.
const chromiumPath = "/usr/bin/chromium"

// screenshotDir receives the browser test's screenshots, for a human to look at.
const screenshotDir = "/tmp/chronicle-shots"

// The demo day and event the browser clicks through to: an event with
// mentions, sources and related events of other days.
const (
	browserDay   = "/news/2025/03/15/index.html"
	browserEvent = "/news/2025/03/15/the-tsukuyomi-lander-touches-down"
)

// serveDemo serves the demo archive on 127.0.0.1 until the test ends and
// returns its base URL.
func serveDemo(t *testing.T) string { return serveDemoWith(t, testRenderConfig) }

// serveDemoWith serves the demo archive rendered with cfg on 127.0.0.1
// until the test ends and returns its base URL.
func serveDemoWith(t *testing.T, cfg render.Config) string {
	t.Helper()
	d, err := sharedDemo()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := BaseURL(ln.Addr())
	h, err := New(d.Store, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, h, nil) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return base
}

// newBrowser starts a headless Chromium with a fresh profile and script
// disabled, or skips the test when Chromium is not installed.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("the browser test is slow; skipped with -short")
	}
	if _, err := exec.LookPath(chromiumPath); err != nil {
		t.Skipf("no Chromium at %s (apt-get install chromium): %v", chromiumPath, err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	if err := chromedp.Do(browserCtx); err != nil { // starts the browser, bound to browserCtx
		t.Fatalf("start Chromium: %v", err)
	}
	if _, err := chromedp.Call(browserCtx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("disable script: %v", err)
	}
	// Bound every later step, without stopping the browser at the deadline.
	ctx, cancel := context.WithTimeout(browserCtx, 90*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestBrowserClicksThroughTheDemoWithoutScript(t *testing.T) {
	ctx := newBrowser(t)
	base := serveDemo(t)

	do(t, ctx, "open the home page", chromedp.Navigate(base+"/"), chromedp.WaitVisible("main h1"))
	checkNoScript(t, ctx)
	clickTo(t, ctx, `main a[href="`+browserDay+`"]`, browserDay)
	clickTo(t, ctx, `main a[href^="`+browserEvent+`"]`, browserEvent)
	checkEventPage(t, ctx)
	checkNoScript(t, ctx)
	clickTo(t, ctx, `article h1 a[href^="/topics/"]`, "/topics/")
	if n := count(t, ctx, "main .events li a[href^='/news/']"); n == 0 {
		t.Error("the topic page lists no events")
	}
}

// clickTo clicks the element and waits for the page whose path starts with
// wantPath.
func clickTo(t *testing.T, ctx context.Context, selector, wantPath string) {
	t.Helper()
	do(t, ctx, "click "+selector, chromedp.Click(selector, chromedp.NodeVisible), chromedp.WaitVisible("main h1"))
	location := value(t, ctx, "read the location", chromedp.Location())
	if !strings.Contains(location, wantPath) {
		t.Fatalf("clicking %s led to %s, want %s…", selector, location, wantPath)
	}
}

// checkEventPage checks the parts of an event page a reader needs.
func checkEventPage(t *testing.T, ctx context.Context) {
	t.Helper()
	counts := map[string]string{
		"headline h1":                  `article h1`,
		"sources":                      `article .sources li a[href^="http"]`,
		"related events":               `article .related li a[href^="/news/"]`,
		"mention links to topics":      `article h1 a[href^="/topics/"]`,
		"Wikipedia links of mentions":  `article h1 sup a[href^="https://en.wikipedia.org/wiki/"]`,
		"canonical link":               `head link[rel="canonical"]`,
		"alternate formats":            `head link[rel="alternate"]`,
		"JSON-LD":                      `script[type="application/ld+json"]`,
		"date":                         `article time[datetime]`,
		"stylesheet":                   `head link[rel="stylesheet"][href="/style.css"]`,
		"breadcrumb to the day":        `nav a[href="` + browserDay + `"]`,
		"entities with their articles": `article a[href^="https://en.wikipedia.org/wiki/"]`,
	}
	for what, selector := range counts {
		if count(t, ctx, selector) == 0 {
			t.Errorf("the event page has no %s (%s)", what, selector)
		}
	}
	h1 := value(t, ctx, "read the headline", chromedp.Text("article h1", chromedp.NodeVisible))
	if !strings.Contains(h1, "Tsukuyomi lander touches down") {
		t.Errorf("h1 %q is not the event's headline", h1)
	}
}

// checkNoScript checks that the page holds no script but JSON-LD data.
func checkNoScript(t *testing.T, ctx context.Context) {
	t.Helper()
	if n := count(t, ctx, `script:not([type="application/ld+json"])`); n != 0 {
		t.Errorf("the page holds %d scripts; it should need none", n)
	}
}

func TestBrowserLayoutFitsPhoneAndDesktop(t *testing.T) {
	ctx := newBrowser(t)
	base := serveDemo(t)
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	pages := map[string]string{
		"home":  "/",
		"day":   browserDay,
		"event": browserEvent + "-on-a-plateau-near-the-south-pole-of-the-moon-jaxa-announces-it-is-the-first-japanese-landing-in-the-pola.html",
		"topic": "/topics/jaxa/",
		"404":   "/news/2025/03/15/no-such-event",
	}
	for _, width := range []int64{390, 1280} {
		viewport := []chromedp.EmulateViewportOption{chromedp.EmulatePortrait}
		if width < 600 {
			viewport = append(viewport, chromedp.EmulateMobile, chromedp.EmulateTouch)
		}
		do(t, ctx, "set the width", chromedp.EmulateViewport(width, 900, viewport...))
		for name, path := range pages {
			do(t, ctx, "open "+path, chromedp.Navigate(base+path), chromedp.WaitVisible("main h1"))
			fits := value(t, ctx, "measure "+path, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`))
			shot := value(t, ctx, "screenshot "+path, chromedp.FullScreenshot(100))
			if !fits {
				t.Errorf("%s at %dpx: the page is wider than the screen", name, width)
			}
			file := filepath.Join(screenshotDir, name+"-"+itoa(int(width))+".png")
			if err := os.WriteFile(file, shot, 0o644); err != nil {
				t.Error(err)
			}
		}
	}
}

// enableScript lets the browser's pages run script, which newBrowser
// disables: for the static site's search and 404 pages, and for axe.
func enableScript(t *testing.T, ctx context.Context) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
		t.Fatalf("enable script: %v", err)
	}
}

// do runs browser steps, failing the test with what was being done.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// value runs a browser action and returns its value.
func value[T any](t *testing.T, ctx context.Context, what string, action chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, action)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// count returns how many elements of the page match the CSS selector.
func count(t *testing.T, ctx context.Context, selector string) int {
	t.Helper()
	return value(t, ctx, "count "+selector, chromedp.Evaluate[int](`document.querySelectorAll(`+jsString(selector)+`).length`))
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
