// Command coldpages renders the pages of an imported archive one at a time,
// the way `chronicle serve` renders a page its cache does not hold
// (site.Page after the generation's warm-up, no page cache), and reports how
// long they took, by kind of page, and which were slowest: the measure of
// "no page of the site takes more than 100 ms to render cold" over the
// site's own list of pages rather than a hand-picked few. bench/run.sh runs
// it on the full corpus; docs/performance.md, "Latest benchmark", shows its numbers.
//
// It renders, in HTML, every page the sitemaps list (or, with -events N, all
// but the events and a seeded sample of N of those) and the titles' year
// pages, which the sitemaps leave out, found in the JSON of each paged
// title's first page; every sitemap file and the site's feeds; then, for
// the slowest pages (-slowest), their three other formats and, for the home
// and title pages, their RSS and Atom feeds. The
// generation's warm-up (site.Warm: the day counts, the topic index), which
// the server does once after each import before it answers, is timed apart.
// Each page is timed in wall time and in the rendering thread's CPU time.
//
//	coldpages -db chronicle.db [-events N] [-slowest 20] [-seed 1] [-json FILE]
package main

import (
	"cmp"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/cputime"
	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/site"
	"github.com/chronicle-archive/chronicle/internal/store"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "coldpages:", err)
		os.Exit(1)
	}
}

// Report is what coldpages measures; -json writes it.
type Report struct {
	// WarmSeconds and WarmCPUSeconds are the generation's warm-up.
	WarmSeconds    float64 `json:"warm_seconds"`
	WarmCPUSeconds float64 `json:"warm_cpu_seconds"`
	// Pages counts the pages the sitemaps list, Rendered those rendered.
	Pages    int `json:"pages"`
	Rendered int `json:"rendered"`
	// YearPages counts the titles' year pages, which no sitemap lists.
	YearPages int `json:"year_pages"`
	// AllEvents is whether every event page was rendered, or SampledEvents
	// of them.
	AllEvents     bool    `json:"all_events"`
	SampledEvents int     `json:"sampled_events,omitempty"`
	P50ms         float64 `json:"p50_ms"`
	P99ms         float64 `json:"p99_ms"`
	Maxms         float64 `json:"max_ms"`
	// MaxCPUms is the most CPU time one page took, CPUP99ms the 99th percentile.
	CPUP99ms float64 `json:"cpu_p99_ms"`
	MaxCPUms float64 `json:"max_cpu_ms"`
	Kinds    []Kind  `json:"kinds"`
	Slowest  []Timed `json:"slowest"`
}

// Kind sums up the pages of one kind.
type Kind struct {
	Kind     string  `json:"kind"`
	Rendered int     `json:"rendered"`
	P50ms    float64 `json:"p50_ms"`
	P99ms    float64 `json:"p99_ms"`
	Maxms    float64 `json:"max_ms"`
	MaxCPUms float64 `json:"max_cpu_ms"`
	Slowest  string  `json:"slowest"`
}

// Timed is one page's render.
type Timed struct {
	Path  string  `json:"path"`
	Kind  string  `json:"kind"`
	Bytes int     `json:"bytes"`
	Ms    float64 `json:"ms"`
	CPUms float64 `json:"cpu_ms"`
	// AgainMs and AgainCPUms, of the slowest pages only, are the medians
	// of againRuns more renders of the page, its data read once already:
	// high too when the page is slow to render, many times below Ms when
	// the first render met a pause of the machine (this virtual machine's
	// host can pause it mid-render).
	AgainMs    float64 `json:"again_ms,omitempty"`
	AgainCPUms float64 `json:"again_cpu_ms,omitempty"`
}

// againRuns is how many more times each of the slowest pages is rendered.
const againRuns = 3

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("coldpages", flag.ContinueOnError)
	db := fs.String("db", "", "the `FILE` of an imported archive")
	events := fs.Int("events", -1, "render `N` event pages, a seeded sample, rather than all (-1)")
	slowest := fs.Int("slowest", 20, "for the `N` slowest pages, render their other formats and feeds too")
	seed := fs.Uint64("seed", 1, "the `SEED` of the events' sample")
	jsonOut := fs.String("json", "", "also write the report as JSON to `FILE`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case *db == "":
		return errors.New("-db FILE is required")
	case *events < -1 || *slowest < 0:
		return errors.New("-events must be a number of pages or -1 (all), -slowest a number of pages")
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if _, err := os.Stat(*db); err != nil {
		return err
	}
	st, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	rep, err := measure(ctx, site.New(st, render.Config{BaseURL: baseURL}), *events, *slowest, *seed)
	if err != nil {
		return err
	}
	if *jsonOut != "" {
		b, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(*jsonOut, append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	return writeMarkdown(stdout, rep)
}

// baseURL is the site's address in the sitemaps, taken off again to get
// the paths.
const baseURL = "https://chronicle.example"

// measure warms the site up, then renders its pages one at a time on one
// locked thread, so that the thread's CPU time is the page's.
func measure(ctx context.Context, s *site.Site, events, slowest int, seed uint64) (Report, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var rep Report
	start, cpu := time.Now(), cputime.Thread()
	if err := s.Warm(ctx); err != nil {
		return rep, fmt.Errorf("warm up: %w", err)
	}
	rep.WarmSeconds, rep.WarmCPUSeconds = time.Since(start).Seconds(), (cputime.Thread() - cpu).Seconds()

	pages, err := sitemapPages(ctx, s)
	if err != nil {
		return rep, err
	}
	rep.Pages = len(pages)
	rep.AllEvents, rep.SampledEvents = events < 0, max(0, events)
	times, err := renderAll(ctx, s, append(samplePages(pages, events, seed), sitewideFiles...))
	if err != nil {
		return rep, err
	}
	years, err := titleYearPages(ctx, s, pages)
	if err != nil {
		return rep, err
	}
	rep.YearPages = len(years.pages)
	more, err := renderAll(ctx, s, years.pages)
	if err != nil {
		return rep, err
	}
	times = append(append(times, years.times...), more...)
	more, err = renderAll(ctx, s, companions(slowestOf(times, slowest)))
	if err != nil {
		return rep, err
	}
	summarize(&rep, append(times, more...), slowest)
	return rep, renderAgain(ctx, s, rep.Slowest)
}

// renderAgain renders each of the slowest pages againRuns more times and
// keeps the median of those renders beside the first.
func renderAgain(ctx context.Context, s *site.Site, slow []Timed) error {
	for i := range slow {
		runs := make([]Timed, againRuns)
		for k := range runs {
			t, _, err := render1(ctx, s, page{slow[i].Path, slow[i].Kind})
			if err != nil {
				return err
			}
			runs[k] = t
		}
		slow[i].AgainMs, _, _ = quantiles(runs, func(t Timed) float64 { return t.Ms })
		slow[i].AgainCPUms, _, _ = quantiles(runs, func(t Timed) float64 { return t.CPUms })
	}
	return nil
}

// yearPages are the year pages of the titles, which the sitemaps leave out
// (their events are on the titles' numbered pages), with the renders of the
// titles' JSON that found them.
type yearPages struct {
	pages []page
	times []Timed
}

// titleYearPages finds the year pages of every title with more than one
// page (those alone have year pages) as a reader finds them: in its first
// page's list of years, rendered as JSON; a year has as many pages as its
// events fill at the first page's number of events a page.
func titleYearPages(ctx context.Context, s *site.Site, pages []page) (yearPages, error) {
	var out yearPages
	listed := map[string]bool{}
	for _, p := range pages {
		listed[p.path] = true
	}
	for _, p := range pages {
		sp, err := event.ParseSitePath(p.path)
		if err != nil || sp.Type != event.PathTitle || sp.PageNum != 0 || sp.Date.Year != 0 || !listed[sp.PageN(2).String()] {
			continue
		}
		t, body, err := render1(ctx, s, page{sp.WithExt(".json").String(), p.kind})
		if err != nil {
			return out, err
		}
		out.times = append(out.times, t)
		var doc struct {
			Events  []json.RawMessage `json:"events"`
			PerYear []struct {
				Path  string `json:"path"`
				Count int    `json:"count"`
			} `json:"per_year"`
		}
		if err := json.Unmarshal(body, &doc); err != nil {
			return out, fmt.Errorf("%s: %w", t.Path, err)
		}
		for _, y := range doc.PerYear {
			yp, err := event.ParseSitePath(y.Path + ".html")
			if err != nil || yp.Type != event.PathTitle || len(doc.Events) == 0 {
				return out, fmt.Errorf("%s: %q is not a year page of the title", t.Path, y.Path)
			}
			for n := 1; n <= (y.Count+len(doc.Events)-1)/len(doc.Events); n++ {
				out.pages = append(out.pages, page{yp.PageN(n).String(), p.kind})
			}
		}
	}
	return out, nil
}

// page is a file of the site to render, with the kind it is reported under.
type page struct {
	path, kind string
}

// sitewideFiles are the files no sitemap lists that readers and crawlers
// ask for: the sitemap index and the site's own feeds (the index lists the
// sitemap parts).
var sitewideFiles = []page{
	{"/sitemap.xml", "sitemap"},
	{"/feed.xml", "feed"},
	{"/atom.xml", "feed"},
	{render.RobotsPath, "other"},
	{render.NotFoundPath, "other"},
}

// sitemapPages returns the pages /sitemap.xml lists: a small site's one
// sitemap lists them itself; a larger site's is an index of sitemap parts,
// which are returned with the pages each lists, in order.
func sitemapPages(ctx context.Context, s *site.Site) ([]page, error) {
	root, err := readSitemap(ctx, s, "/sitemap.xml")
	if err != nil {
		return nil, err
	}
	out, err := pagesAt(root.URLs)
	if err != nil {
		return nil, fmt.Errorf("/sitemap.xml: %w", err)
	}
	for _, loc := range root.Parts {
		part, err := pageOf(loc)
		if err != nil {
			return nil, fmt.Errorf("/sitemap.xml: %w", err)
		}
		set, err := readSitemap(ctx, s, part.path)
		if err != nil {
			return nil, err
		}
		pages, err := pagesAt(set.URLs)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", part.path, err)
		}
		out = append(append(out, part), pages...)
	}
	return out, nil
}

// sitemap is a sitemap index (Parts) or a set of pages (URLs).
type sitemap struct {
	Parts []string `xml:"sitemap>loc"`
	URLs  []string `xml:"url>loc"`
}

func readSitemap(ctx context.Context, s *site.Site, path string) (sitemap, error) {
	var m sitemap
	p, err := s.Page(ctx, path)
	if err != nil {
		return m, err
	}
	if err := xml.Unmarshal(p.Body, &m); err != nil {
		return m, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

func pagesAt(locs []string) ([]page, error) {
	out := make([]page, 0, len(locs))
	for _, l := range locs {
		p, err := pageOf(l)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// pageOf reads a sitemap's address into the page it names.
func pageOf(loc string) (page, error) {
	u, err := url.Parse(loc)
	if err != nil {
		return page{}, err
	}
	if strings.HasPrefix(u.Path, render.AboutPath+".") {
		return page{u.Path, "about"}, nil // prose, not a page of the archive's scheme
	}
	p, err := event.ParseSitePath(u.Path)
	if err != nil {
		return page{}, fmt.Errorf("%s: not a file of the site: %w", loc, err)
	}
	return page{u.Path, kindOf(p)}, nil
}

// kindOf names the kind of page p is, as the report groups them.
func kindOf(p event.SitePath) string {
	switch p.Type {
	case event.PathEvent:
		return "event"
	case event.PathDay:
		return "day"
	case event.PathMonth:
		return "month"
	case event.PathYear:
		return "year"
	case event.PathHome:
		return "home"
	case event.PathList:
		return string(p.Kind) + " list"
	case event.PathTitle:
		return string(p.Kind)
	case event.PathOnThisDay:
		return "on this day"
	case event.PathNews:
		return "all years"
	case event.PathCalendar:
		return "calendar"
	case event.PathEdits:
		return "edits"
	case event.PathRSS, event.PathAtom:
		return "feed"
	case event.PathSitemap, event.PathSitemapPart:
		return "sitemap"
	}
	return "other"
}

// samplePages keeps every page but the events, of which it keeps n chosen
// at random (seeded), in the sitemaps' order; every page when n is -1.
func samplePages(pages []page, n int, seed uint64) []page {
	if n < 0 {
		return pages
	}
	var events []int
	for i, p := range pages {
		if p.kind == "event" {
			events = append(events, i)
		}
	}
	drop := map[int]bool{}
	if len(events) > n {
		r := rand.New(rand.NewPCG(seed, seed))
		r.Shuffle(len(events), func(a, b int) { events[a], events[b] = events[b], events[a] })
		for _, i := range events[n:] {
			drop[i] = true
		}
	}
	out := make([]page, 0, len(pages)-len(drop))
	for i, p := range pages {
		if !drop[i] {
			out = append(out, p)
		}
	}
	return out
}

// renderAll renders each page once and times it.
func renderAll(ctx context.Context, s *site.Site, pages []page) ([]Timed, error) {
	out := make([]Timed, 0, len(pages))
	for _, p := range pages {
		t, _, err := render1(ctx, s, p)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// render1 renders a page and times it.
func render1(ctx context.Context, s *site.Site, p page) (Timed, []byte, error) {
	cpu, start := cputime.Thread(), time.Now()
	got, err := s.Page(ctx, p.path)
	wall := time.Since(start)
	if err != nil {
		return Timed{}, nil, err
	}
	return Timed{Path: p.path, Kind: p.kind, Bytes: len(got.Body), Ms: ms(wall), CPUms: ms(cputime.Thread() - cpu)}, got.Body, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// slowestOf returns the n pages of longest wall time, slowest first.
func slowestOf(times []Timed, n int) []Timed {
	sorted := slices.Clone(times)
	slices.SortStableFunc(sorted, func(a, b Timed) int { return cmp.Compare(b.Ms, a.Ms) })
	return sorted[:min(n, len(sorted))]
}

// companions returns the other formats of each page and, for the home and
// title pages, their feeds: what a reader of a slow page may ask for next.
func companions(slow []Timed) []page {
	var out []page
	for _, t := range slow {
		p, err := event.ParseSitePath(t.Path)
		if err != nil || !p.IsPage() {
			continue
		}
		for _, ext := range event.PageExts {
			if ext != p.Ext {
				out = append(out, page{p.WithExt(ext).String(), t.Kind})
			}
		}
		if p.Type == event.PathHome || p.Type == event.PathEdits || p.Type == event.PathTitle && p.Date.Year == 0 && p.PageNum == 0 {
			rss, atom := p.Feeds()
			out = append(out, page{rss.String(), "feed"}, page{atom.String(), "feed"})
		}
	}
	return out
}

// summarize fills the report's figures from the pages' times.
func summarize(rep *Report, times []Timed, slowest int) {
	rep.Rendered = len(times)
	rep.P50ms, rep.P99ms, rep.Maxms = quantiles(times, func(t Timed) float64 { return t.Ms })
	_, rep.CPUP99ms, rep.MaxCPUms = quantiles(times, func(t Timed) float64 { return t.CPUms })
	rep.Slowest = slowestOf(times, slowest)
	byKind := map[string][]Timed{}
	for _, t := range times {
		byKind[t.Kind] = append(byKind[t.Kind], t)
	}
	for _, name := range slices.Sorted(maps.Keys(byKind)) {
		ts := byKind[name]
		k := Kind{Kind: name, Rendered: len(ts), Slowest: slowestOf(ts, 1)[0].Path}
		k.P50ms, k.P99ms, k.Maxms = quantiles(ts, func(t Timed) float64 { return t.Ms })
		_, _, k.MaxCPUms = quantiles(ts, func(t Timed) float64 { return t.CPUms })
		rep.Kinds = append(rep.Kinds, k)
	}
}

// quantiles returns the median, the 99th percentile (nearest rank) and the
// largest of the values of the times.
func quantiles(times []Timed, value func(Timed) float64) (p50, p99, max float64) {
	if len(times) == 0 {
		return 0, 0, 0
	}
	vs := make([]float64, len(times))
	for i, t := range times {
		vs[i] = value(t)
	}
	slices.Sort(vs)
	rank := func(q float64) float64 { return vs[min(len(vs)-1, int(math.Ceil(q*float64(len(vs))))-1)] }
	return rank(0.5), rank(0.99), vs[len(vs)-1]
}

// writeMarkdown writes the report as bench/run.sh's results show it.
func writeMarkdown(w io.Writer, rep Report) error {
	var b strings.Builder
	which := fmt.Sprintf("every page and sitemap the sitemaps list (%d)", rep.Pages)
	if !rep.AllEvents {
		which = fmt.Sprintf("every page and sitemap the sitemaps list (%d) but the events, of which a sample of %d", rep.Pages, rep.SampledEvents)
	}
	fmt.Fprintf(&b, "%d files rendered one at a time, each as `chronicle serve` renders a file its cache does not hold: %s, the titles' year pages (%d, found in their first pages' JSON), the sitemap index and the site's feeds, and for the %d slowest their other formats and feeds; after the warm-up a server does once per import (%.2f s, %.2f CPU-s).\n\n",
		rep.Rendered, which, rep.YearPages, len(rep.Slowest), rep.WarmSeconds, rep.WarmCPUSeconds)
	b.WriteString("| pages | rendered | p50 ms | p99 ms | max ms | max CPU ms | slowest |\n")
	b.WriteString("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n")
	for _, k := range rep.Kinds {
		fmt.Fprintf(&b, "| %s | %d | %.2f | %.2f | %.2f | %.2f | `%s` |\n", k.Kind, k.Rendered, k.P50ms, k.P99ms, k.Maxms, k.MaxCPUms, k.Slowest)
	}
	fmt.Fprintf(&b, "| **all** | %d | %.2f | %.2f | **%.2f** | %.2f | `%s` |\n", rep.Rendered, rep.P50ms, rep.P99ms, rep.Maxms, rep.MaxCPUms, slowestPath(rep))
	writeSlowest(&b, rep.Slowest[:min(len(rep.Slowest), slowestShown)])
	_, err := io.WriteString(w, b.String())
	return err
}

// slowestShown is how many of the slowest pages the Markdown lists.
const slowestShown = 5

// writeSlowest lists the slowest pages, each with its first render and the
// median of its renders after it.
func writeSlowest(b *strings.Builder, slow []Timed) {
	if len(slow) == 0 {
		return
	}
	fmt.Fprintf(b, "\nThe %d slowest, each rendered %d times more: the first render, measured above, is cold; the median of the others, the page's data read once already, tells a page slow to render (both high) from a pause of the machine (the first alone, many times the others).\n\n", len(slow), againRuns)
	b.WriteString("| page | first ms | first CPU ms | again, median ms | again, median CPU ms |\n")
	b.WriteString("| --- | ---: | ---: | ---: | ---: |\n")
	for _, t := range slow {
		fmt.Fprintf(b, "| `%s` | %.2f | %.2f | %.2f | %.2f |\n", t.Path, t.Ms, t.CPUms, t.AgainMs, t.AgainCPUms)
	}
}

func slowestPath(rep Report) string {
	if len(rep.Slowest) == 0 {
		return ""
	}
	return rep.Slowest[0].Path
}
