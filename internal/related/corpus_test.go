package related

import (
	"fmt"
	"sync"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/testcorpus"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/wcep"
)

var (
	corpusOnce   sync.Once
	corpusEvents []event.Event
	corpusErr    error
)

// loadCorpus returns every event of the shared corpus, parsed once per test
// binary, skipping the test when the corpus is absent.
func loadCorpus(tb testing.TB) []event.Event {
	tb.Helper()
	pages := testcorpus.Pages(tb)
	corpusOnce.Do(func() { corpusEvents, corpusErr = parseCorpus(pages) })
	if corpusErr != nil {
		tb.Fatal(corpusErr)
	}
	return corpusEvents
}

func parseCorpus(pages []testcorpus.Page) ([]event.Event, error) {
	var events []event.Event
	for _, p := range pages {
		day, err := wcep.ParseDay(p.Date, p.Text)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.Title, err)
		}
		events = append(events, day.Events...)
	}
	return events, nil
}

func TestCorpusLoaderFindsEveryEvent(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the whole corpus")
	}
	events := loadCorpus(t)
	if len(events) != 113258 {
		t.Errorf("loaded %d events, want the corpus README's 113,258", len(events))
	}
}
