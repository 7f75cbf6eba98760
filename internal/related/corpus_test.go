package related

import (
	"compress/bzip2"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/wcep"
)

// corpusPath is the shared corpus, relative to this package's directory.
var corpusPath = filepath.Join("..", "..", "..", "shared", "corpus", "portal-current-events-2002-2026.xml.bz2")

var (
	corpusOnce   sync.Once
	corpusEvents []event.Event
	corpusErr    error
)

// loadCorpus returns every event of the shared corpus, skipping the test when
// the corpus is absent.
func loadCorpus(tb testing.TB) []event.Event {
	tb.Helper()
	if _, err := os.Stat(corpusPath); err != nil {
		tb.Skipf("shared corpus not found at %s", corpusPath)
	}
	corpusOnce.Do(func() { corpusEvents, corpusErr = readCorpus(corpusPath) })
	if corpusErr != nil {
		tb.Fatal(corpusErr)
	}
	return corpusEvents
}

func readCorpus(path string) ([]event.Event, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dec := xml.NewDecoder(bzip2.NewReader(f))
	var events []event.Event
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return events, nil
		}
		if err != nil {
			return nil, err
		}
		start, ok := tok.(xml.StartElement)
		if !ok || start.Name.Local != "page" {
			continue
		}
		var page struct {
			Title string `xml:"title"`
			Text  string `xml:"revision>text"`
		}
		if err := dec.DecodeElement(&page, &start); err != nil {
			return nil, err
		}
		d, err := time.Parse("2006 January 2", strings.TrimPrefix(page.Title, "Portal:Current events/"))
		if err != nil {
			continue
		}
		day, err := wcep.ParseDay(event.NewDate(d), page.Text)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", page.Title, err)
		}
		events = append(events, day.Events...)
	}
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
