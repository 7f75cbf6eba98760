package site

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/derive"
	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/ingest"
	"github.com/chronicle-archive/chronicle/internal/related"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// corpusPath is the shared corpus, relative to this package's directory.
const corpusPath = "../../../shared/corpus/portal-current-events-2002-2026.xml.bz2"

// corpusStore imports the shared corpus into a store in dir, skipping when
// the corpus is absent. Set CHRONICLE_CORPUS_DB to a database already
// holding it to skip the import (it is copied, not changed).
func corpusStore(b *testing.B, dir string) (*store.Store, string) {
	b.Helper()
	db := filepath.Join(dir, "corpus.db")
	if src := os.Getenv("CHRONICLE_CORPUS_DB"); src != "" {
		raw, err := os.ReadFile(src)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(db, raw, 0o644); err != nil {
			b.Fatal(err)
		}
	} else if _, err := os.Stat(corpusPath); err != nil {
		b.Skip("shared corpus not found at", corpusPath)
	}
	st, err := store.Open(db)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	if os.Getenv("CHRONICLE_CORPUS_DB") == "" {
		sum, err := ingest.Run(context.Background(), st, []string{corpusPath}, ingest.Options{})
		if err != nil || sum.Failed() {
			b.Fatalf("import corpus: %v %v", err, sum.Errors)
		}
	}
	return st, db
}

// reportPeakMemory reports the process's peak resident memory (VmHWM).
func reportPeakMemory(b *testing.B) {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		b.ReportMetric(float64(m.Sys)/(1<<20), "peak-MB")
		return
	}
	if m := regexp.MustCompile(`VmHWM:\s+(\d+) kB`).FindSubmatch(raw); m != nil {
		kb, _ := strconv.Atoi(string(m[1]))
		b.ReportMetric(float64(kb)/1024, "peak-MB")
	}
}

// BenchmarkBuildCorpus is the full build of the shared corpus into a new
// directory, related events included (computed once, before the timer).
func BenchmarkBuildCorpus(b *testing.B) {
	dir := b.TempDir()
	st, db := corpusStore(b, dir)
	ctx := context.Background()
	if _, err := derive.UpdateRelated(ctx, st, false); err != nil {
		b.Fatal(err)
	}
	s := New(st, testConfig)
	b.ResetTimer()
	var rep BuildReport
	for i := range b.N {
		out := filepath.Join(dir, "site"+strconv.Itoa(i))
		var err error
		if rep, err = s.Build(ctx, out, BuildOptions{DBPath: db}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		os.RemoveAll(out)
		b.StartTimer()
	}
	b.ReportMetric(rep.Duration.Seconds(), "s/build")
	b.ReportMetric(float64(rep.Files)/rep.Duration.Seconds(), "files/s")
	b.ReportMetric(float64(rep.Files), "files")
	reportPeakMemory(b)
}

// BenchmarkIncrementalOneDay re-imports one day of the corpus in a newer
// revision (one event removed, one headline changed) as the import command
// does, derived data included, and rebuilds the site over the full build.
// It reports the two apart: import-s and rebuild-s (the build command).
func BenchmarkIncrementalOneDay(b *testing.B) {
	dir := b.TempDir()
	st, db := corpusStore(b, dir)
	ctx := context.Background()
	s := New(st, testConfig)
	out := filepath.Join(dir, "site")
	if _, err := s.Build(ctx, out, BuildOptions{DBPath: db}); err != nil {
		b.Fatal(err)
	}
	// Flush the full build's half a million files first: the kernel writing
	// them back in the timed part measured the disk, not the rebuild.
	syscall.Sync()
	date := event.Date{Year: 2013, Month: time.June, Day: 6}
	b.ResetTimer()
	var rep BuildReport
	var importing, building time.Duration
	for i := range b.N {
		start := time.Now()
		editDay(b, st, date, i)
		if err := derive.Update(ctx, st); err != nil {
			b.Fatal(err)
		}
		importing += time.Since(start)
		var err error
		if rep, err = s.Build(ctx, out, BuildOptions{DBPath: db}); err != nil {
			b.Fatal(err)
		}
		building += rep.Duration
	}
	b.ReportMetric(importing.Seconds()/float64(b.N), "import-s")
	b.ReportMetric(building.Seconds()/float64(b.N), "rebuild-s")
	b.ReportMetric(float64(rep.Written), "written")
	b.ReportMetric(float64(rep.Unchanged), "unchanged")
	reportPeakMemory(b)
}

// editDay stores a newer revision of the day: its first event dropped and
// its last headline given a suffix.
func editDay(b *testing.B, st *store.Store, date event.Date, n int) {
	b.Helper()
	ctx := context.Background()
	day, err := st.Day(ctx, date)
	if err != nil {
		b.Fatal(err)
	}
	events := day.Events[1:]
	last := &events[len(events)-1]
	last.Headline += " (edit " + strconv.Itoa(n) + ")"
	last.Text = last.Headline
	last.Mentions = nil
	headlines := make([]string, len(events))
	for i, e := range events {
		headlines[i] = e.Headline
	}
	for i, p := range event.Paths(date, headlines) {
		events[i].Path, events[i].Position = p, i
	}
	day.Events = events
	day.RevisionID++
	day.Timestamp = day.Timestamp.Add(time.Hour)
	day.SHA1 = ""
	day.Wikitext += "\n<!-- edit " + strconv.Itoa(n) + " -->"
	if _, err := st.ImportDays(ctx, []store.Day{day}); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkRelatedCorpus computes the related events of the whole corpus
// alone, from the events loaded for ranking.
func BenchmarkRelatedCorpus(b *testing.B) {
	st, _ := corpusStore(b, b.TempDir())
	var events []event.Event
	err := st.EachRankingEvent(context.Background(), func(e event.Event) error {
		events = append(events, e)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		related.Compute(events, related.Options{})
	}
}

// BenchmarkPageCorpus renders single pages of the corpus as the server
// asks for them: one event, one day, one big topic and category, the home
// page, the sitemap index and one year's sitemap.
func BenchmarkPageCorpus(b *testing.B) {
	st, _ := corpusStore(b, b.TempDir())
	s := New(st, testConfig)
	ctx := context.Background()
	paths := map[string]string{
		"event":        "/news/2013/06/6/north-korea-restores-the-red-cross-link-with-south-korea-used-for-government-to-government-communications.html",
		"day":          "/news/2013/06/6/index.html",
		"topic":        "/topics/united-states/index.html",
		"category":     "/categories/armed-conflicts-and-attacks/index.json",
		"home":         "/index.html",
		"sitemap":      "/sitemap.xml",
		"sitemap-year": "/sitemaps/2013.xml",
	}
	for _, name := range []string{"event", "day", "topic", "category", "home", "sitemap", "sitemap-year"} {
		b.Run(name, func(b *testing.B) {
			for range b.N {
				if _, err := s.Page(ctx, paths[name]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
