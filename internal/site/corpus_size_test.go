package site

import (
	"cmp"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// MaxHTMLPage is the most bytes one HTML page of the site may weigh.
const MaxHTMLPage = 300 << 10

// TestCorpusPagesFitTheSizeLimit renders, on the shared corpus, the pages
// most likely to be the largest of each kind — every list and letter page,
// every on-this-day, year and month page, the biggest days, and every
// first page, year page and last page of the 20 biggest titles of each
// kind — and holds their HTML under MaxHTMLPage. It needs
// CHRONICLE_CORPUS_DB, a database holding the corpus (copied, not
// changed), and skips without it: an import takes minutes.
func TestCorpusPagesFitTheSizeLimit(t *testing.T) {
	src := os.Getenv("CHRONICLE_CORPUS_DB")
	if src == "" {
		t.Skip("CHRONICLE_CORPUS_DB names no corpus database")
	}
	raw, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "corpus.db")
	if err := os.WriteFile(db, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	s := New(st, testConfig)
	paths, err := largestPageCandidates(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	largest, largestPath := 0, ""
	for _, p := range paths {
		page, err := s.Page(ctx, p+".html")
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if len(page.Body) > largest {
			largest, largestPath = len(page.Body), p
		}
		if len(page.Body) > MaxHTMLPage {
			t.Errorf("%s.html weighs %d bytes, over %d", p, len(page.Body), MaxHTMLPage)
		}
	}
	t.Logf("%d pages checked; the largest, %s.html, weighs %d bytes", len(paths), largestPath, largest)
}

// largestPageCandidates lists the page paths TestCorpusPagesFitTheSizeLimit checks.
func largestPageCandidates(ctx context.Context, s *Site) ([]string, error) {
	paths := []string{render.HomePath}
	lists, err := s.allTitleCounts(ctx)
	if err != nil {
		return nil, err
	}
	paths = append(paths, listPagePaths(lists, false)...)
	for _, d := range calendarDays() {
		paths = append(paths, render.OnThisDayPath(d))
	}
	days, err := s.dayCounts(ctx)
	if err != nil {
		return nil, err
	}
	for _, y := range yearCounts(days) {
		paths = append(paths, render.YearPath(y.Year))
	}
	months := map[render.MonthRef]int{}
	for _, d := range days {
		months[render.MonthRef{Year: d.Date.Year, Month: d.Date.Month}] += d.Events
	}
	byMonth := slices.SortedFunc(func(yield func(render.MonthRef) bool) {
		for m := range months {
			if !yield(m) {
				return
			}
		}
	}, func(a, b render.MonthRef) int { return cmp.Compare(months[b], months[a]) })
	for _, m := range byMonth { // every month: the bytes follow the headlines' length, not only the count
		paths = append(paths, render.MonthPath(m.Year, m.Month))
	}
	bigDays := slices.Clone(days)
	slices.SortFunc(bigDays, func(a, b store.DayCount) int { return cmp.Compare(b.Events, a.Events) })
	for _, d := range bigDays[:min(10, len(bigDays))] {
		paths = append(paths, render.DayPath(d.Date))
	}
	for i, k := range event.Kinds {
		big := slices.Clone(lists[i])
		slices.SortFunc(big, func(a, b store.TitleCount) int { return cmp.Compare(b.Events, a.Events) })
		for _, c := range big[:min(20, len(big))] {
			t, err := s.titleInfoOf(ctx, k, c.Slug)
			if err != nil {
				return nil, err
			}
			first := event.TitlePage(k, c.Slug)
			paths = append(paths, first.String(), first.PageN(render.PageCount(t.total, t.size)).String())
			if t.hasYearPages() {
				for _, y := range t.perYear {
					paths = append(paths, event.TitleYearPage(k, c.Slug, y.Year).String())
				}
			}
		}
	}
	return paths, nil
}
