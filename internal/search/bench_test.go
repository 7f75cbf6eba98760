package search_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/cputime"
	"github.com/chronicle-archive/chronicle/internal/derive"
	"github.com/chronicle-archive/chronicle/internal/ingest"
	"github.com/chronicle-archive/chronicle/internal/search"
	"github.com/chronicle-archive/chronicle/internal/store"
	"github.com/chronicle-archive/chronicle/internal/testcorpus"
)

// benchQueries are 100 queries a reader of the archive would type: names,
// places, events, phrases, prefixes, alternatives and exclusions, common
// and rare words.
var benchQueries = []string{
	"red cross korea", "north korea missile", "united states", "barack obama", "donald trump",
	"syrian civil war", "ukraine", "russia ukraine war", "covid-19", "coronavirus vaccine",
	"earthquake", "earthquake japan tsunami", "hurricane katrina", "brexit", "european union",
	"israel gaza", "hamas", "hezbollah lebanon", "iran nuclear", "afghanistan taliban",
	"iraq war", "saddam hussein", "osama bin laden", "al-qaeda", "islamic state",
	"boko haram nigeria", "al-shabaab somalia", "el fasher", "darfur", "south sudan",
	"médecins sans frontières", "medecins sans frontieres", "world health organization", "ebola", "cholera outbreak",
	"climate change", "paris agreement", "wildfire california", "flood bangladesh", "cyclone",
	"election", "presidential election", "general election results", "referendum", "coup",
	"prime minister resigns", "supreme court ruling", "impeachment", "protests", "hong kong protests",
	"arab spring", "egypt mubarak", "libya gaddafi", "tunisia", "yemen houthi",
	"china taiwan", "xi jinping", "india pakistan kashmir", "narendra modi", "sri lanka",
	"myanmar rohingya", "thailand coup", "philippines duterte", "indonesia", "australia bushfires",
	"new zealand christchurch", "brazil lula", "venezuela maduro", "mexico cartel", "colombia farc",
	"nasa", "spacex launch", "jaxa", "mars rover", "international space station",
	"olympic games", "fifa world cup", "nobel peace prize", "oscars", "pope francis",
	"plane crash", "ferry sinks", "train derailment", "mine collapse", "terrorist attack",
	`"suicide bombing"`, `"state of emergency"`, `"human rights watch"`, `"amnesty international"`, `"death toll rises"`,
	"terror*", "vaccin*", "nucle* iran", "elect* kenya", "tsunami OR earthquake indonesia",
	"bomb* baghdad", "protest* -hong", "sudan OR chad refugees", "korea -north", "KENYA teachers strike",
}

var (
	corpusOnce  sync.Once
	corpusDir   string // removed by TestMain
	corpusStore *store.Store
	buildTime   time.Duration
	indexSize   int64
	corpusErr   error
)

// openCorpus imports the shared corpus (events only: the related lists are
// not needed) into a temporary store and indexes it for search, timing that.
func openCorpus(b *testing.B) *store.Store {
	path := testcorpus.Path(b)
	corpusOnce.Do(func() {
		ctx := context.Background()
		if corpusDir, corpusErr = os.MkdirTemp("", "chronicle-search-bench-"); corpusErr != nil {
			return
		}
		if corpusStore, corpusErr = store.Open(filepath.Join(corpusDir, "corpus.db")); corpusErr != nil {
			return
		}
		if _, corpusErr = ingest.Run(ctx, corpusStore, []string{path}, ingest.Options{MaxWarnings: -1}); corpusErr != nil {
			return
		}
		start := time.Now()
		if _, corpusErr = derive.UpdateSearch(ctx, corpusStore, true); corpusErr != nil {
			return
		}
		buildTime = time.Since(start)
		indexSize, corpusErr = corpusStore.SearchIndexSize(ctx)
	})
	if corpusErr != nil {
		b.Fatal(corpusErr)
	}
	return corpusStore
}

// closeCorpus closes and removes the corpus store, when a benchmark opened it.
func closeCorpus() {
	if corpusStore != nil {
		corpusStore.Close()
	}
	if corpusDir != "" {
		os.RemoveAll(corpusDir)
	}
}

// BenchmarkCorpusSearch runs the 100 queries on the whole archive (first
// page, 20 results with snippets) and reports the latency's p50 and p99 —
// wall time, and the CPU time of the querying thread, which a loaded
// machine inflates less — and the index's build time and size.
func BenchmarkCorpusSearch(b *testing.B) {
	benchmarkSearch(b, search.Relevance)
	b.ReportMetric(buildTime.Seconds(), "build-s")
	b.ReportMetric(float64(indexSize)/(1<<20), "index-MiB")
}

// BenchmarkCorpusSearchNewest runs the same queries newest first.
func BenchmarkCorpusSearchNewest(b *testing.B) {
	benchmarkSearch(b, search.Newest)
}

func benchmarkSearch(b *testing.B, order search.Order) {
	st := openCorpus(b)
	ctx := context.Background()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var wall, cpu []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		q := benchQueries[i%len(benchQueries)]
		cpu0 := cputime.Thread()
		start := time.Now()
		if _, err := search.Run(ctx, st, search.Request{Query: q, Order: order}); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
		wall = append(wall, time.Since(start))
		if cpu1 := cputime.Thread(); cpu0 > 0 {
			cpu = append(cpu, cpu1-cpu0)
		}
	}
	report := func(lat []time.Duration, unit string) {
		if len(lat) == 0 {
			return
		}
		slices.Sort(lat)
		pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))]) / 1e6 }
		b.ReportMetric(pct(0.5), "p50-"+unit)
		b.ReportMetric(pct(0.99), "p99-"+unit)
	}
	report(wall, "ms")
	report(cpu, "cpu-ms")
}

func TestBenchQueriesAreValid(t *testing.T) {
	if len(benchQueries) != 100 {
		t.Errorf("%d bench queries, want 100", len(benchQueries))
	}
	for _, q := range benchQueries {
		if _, err := search.Parse(q); err != nil {
			t.Errorf("%s: %v", q, err)
		}
	}
	// bench/searchbench reads the same list from a file.
	b, err := os.ReadFile("../../bench/search-queries.txt")
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, line := range strings.Split(string(b), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			listed = append(listed, line)
		}
	}
	if !slices.Equal(listed, benchQueries) {
		t.Error("bench/search-queries.txt is not the list of benchQueries")
	}
}
