package server

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The demo's story over three years, its sub-story, and a day of its
// year's calendar.
const (
	browserStory    = "/stories/russian-invasion-of-ukraine/index.html"
	browserSubStory = "/stories/attacks-on-civilians-in-the-russian-invasion-of-ukraine/index.html"
	browserYear     = "/news/2025/index.html"
)

func TestBrowserFollowsAStoryTimelineToItsSubStory(t *testing.T) {
	ctx := newBrowser(t)
	base := serveDemo(t)
	do(t, ctx, "open the story", chromedp.Navigate(base+browserStory), chromedp.WaitVisible("main h1"))
	checkNoScript(t, ctx)
	if n := count(t, ctx, "main .timeline section.year > h2"); n < 3 {
		t.Errorf("the timeline has %d years, want the demo's 3", n)
	}
	if n := count(t, ctx, "main .timeline section.year > h3 + ol.events > li > time[datetime]"); n == 0 {
		t.Error("the timeline has no month headings over dated lists")
	}
	checkSVGChart(t, ctx)
	screenshot(t, ctx, "story", 1280)
	clickTo(t, ctx, `main .substories a[href="`+browserSubStory+`"]`, browserSubStory)
	if n := count(t, ctx, `nav.crumbs a[href="`+browserStory+`"]`); n != 1 {
		t.Errorf("the sub-story's breadcrumbs link its parent %d times, want once", n)
	}
	partOf := value(t, ctx, "read the parent line", chromedp.Text("main .partof", chromedp.NodeVisible))
	if !strings.Contains(partOf, "Russian invasion of Ukraine") {
		t.Errorf("the sub-story says %q, want it part of the Russian invasion of Ukraine", partOf)
	}
	screenshot(t, ctx, "substory", 390)
}

func TestBrowserClicksADayOfTheYearCalendar(t *testing.T) {
	ctx := newBrowser(t)
	base := serveDemo(t)
	do(t, ctx, "open the year", chromedp.Navigate(base+browserYear), chromedp.WaitVisible("main h1"))
	if n := count(t, ctx, "main svg.cal a[href^='/news/2025/']"); n < 14 {
		t.Errorf("the calendar links %d days, want the demo's 14 or more of 2025", n)
	}
	if n := count(t, ctx, "main .legend span"); n != 5 {
		t.Errorf("the calendar's legend has %d shades, want 5", n)
	}
	screenshot(t, ctx, "year", 1280)
	screenshot(t, ctx, "year", 390)
	clickTo(t, ctx, `main svg.cal a[href="`+browserDay+`"] rect`, browserDay)
}

// checkSVGChart checks that the page's activity chart is labelled for
// those who cannot see it.
func checkSVGChart(t *testing.T, ctx context.Context) {
	t.Helper()
	for what, selector := range map[string]string{
		"an image role":     `section.activity figure svg[role="img"][aria-labelledby]`,
		"a title":           `section.activity figure svg > title`,
		"a description":     `section.activity figure svg > desc`,
		"a tooltip per bar": `section.activity figure svg rect > title`,
		"a visible summary": `section.activity figure figcaption`,
	} {
		if count(t, ctx, selector) == 0 {
			t.Errorf("the activity chart has no %s (%s)", what, selector)
		}
	}
}

// screenshot saves the page at the width as name-width.png in screenshotDir.
func screenshot(t *testing.T, ctx context.Context, name string, width int64) {
	t.Helper()
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	var viewport []chromedp.EmulateViewportOption
	if width < 600 {
		viewport = append(viewport, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	do(t, ctx, "set the width", chromedp.EmulateViewport(width, 900, viewport...))
	fits := value(t, ctx, "measure "+name, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`))
	if !fits {
		t.Errorf("%s at %dpx: the page is wider than the screen", name, width)
	}
	shot := value(t, ctx, "screenshot "+name, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(screenshotDir, name+"-"+itoa(int(width))+".png"), shot, 0o644); err != nil {
		t.Error(err)
	}
}
