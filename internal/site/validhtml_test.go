package site

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/demo"
	"github.com/chronicle-archive/chronicle/internal/htmlcheck"
)

// TestDemoSiteIsValidHTML builds the demo, enriched as serve --demo shows
// it (summaries, cover images), and has the Nu HTML Checker read every page
// and the stylesheet: no error and no warning.
func TestDemoSiteIsValidHTML(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the Nu HTML Checker over a whole site")
	}
	ctx := context.Background()
	d, err := demo.Open(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	dir := filepath.Join(t.TempDir(), "site")
	if _, err := New(d.Store, testConfig).Build(ctx, dir, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	htmlcheck.Check(t, dir)
}
