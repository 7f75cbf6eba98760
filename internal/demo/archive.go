package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/chronicle-archive/chronicle/internal/ingest"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// Archive is the embedded sample imported into a database in a temporary
// directory, for `chronicle serve --demo` and the tests of the front ends.
type Archive struct {
	// Store holds the sample's days and their related events.
	Store *store.Store
	dir   string
}

// demoDBName is the database file's name in the demo's directory.
const demoDBName = "demo.db"

// Open imports the embedded sample into a new database in a temporary
// directory through the normal import path (ingest.Import of the day
// files), then records the sample's enrichment (Enrich: summaries, source
// titles and cover images served from MediaPrefix), needing no data file
// and no network. Close removes it all.
func Open(ctx context.Context, warnings io.Writer) (d *Archive, err error) {
	dir, err := os.MkdirTemp("", "chronicle-demo-")
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	d = &Archive{dir: dir}
	defer func() {
		if err != nil {
			err = errors.Join(fmt.Errorf("demo: %w", err), d.Close())
			d = nil
		}
	}()
	if d.Store, err = store.Open(filepath.Join(dir, demoDBName)); err != nil {
		return d, err
	}
	// The earlier revisions first, dated at noon, then the days' pages,
	// dated in the evening, which replace them.
	for _, step := range []struct {
		name  string
		files func() ([]File, error)
		at    time.Duration
	}{
		{"earlier", EarlierFiles, 12 * time.Hour},
		{"days", Files, 23 * time.Hour},
	} {
		days, err := writeDemoDays(filepath.Join(dir, step.name), step.files, step.at)
		if err != nil {
			return d, err
		}
		sum, err := ingest.Import(ctx, d.Store, []string{days}, ingest.Options{Warnings: warnings, MaxWarnings: -1})
		if err != nil {
			return d, err
		}
		if sum.Imported() == 0 {
			return d, fmt.Errorf("the embedded sample's %s gave no days: %s", step.name, sum)
		}
	}
	_, err = Enrich(ctx, d.Store)
	return d, err
}

// Close closes the demo's database and removes its directory.
func (d *Archive) Close() error {
	var err error
	if d.Store != nil {
		err = d.Store.Close()
	}
	return errors.Join(err, os.RemoveAll(d.dir))
}

// writeDemoDays writes the embedded day pages to dir as YYYY-MM-DD.wiki
// files, each dated at the time at of its day, so that the demo's
// Last-Modified and ETags are the same on every run.
func writeDemoDays(dir string, list func() ([]File, error), at time.Duration) (string, error) {
	files, err := list()
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	for _, f := range files {
		name := filepath.Join(dir, f.Name)
		if err := os.WriteFile(name, []byte(f.Wikitext), 0o644); err != nil {
			return "", err
		}
		when := f.Date.Time().Add(at)
		if err := os.Chtimes(name, when, when); err != nil {
			return "", err
		}
	}
	return dir, nil
}
