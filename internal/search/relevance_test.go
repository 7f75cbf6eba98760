package search_test

import (
	"context"
	"os"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/demo"
	"github.com/chronicle-archive/chronicle/internal/search"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// demoStore is the embedded demo archive, imported once for the package's
// tests (derive.Update builds its search index).
var demoStore *store.Store

func TestMain(m *testing.M) {
	a, err := demo.Open(context.Background(), nil)
	if err != nil {
		panic(err)
	}
	demoStore = a.Store
	code := m.Run()
	a.Close()
	os.Exit(code)
}

func TestDebugDemo(t *testing.T) {
	for _, q := range []string{"médecins sans frontières", "JAXA tsukuyomi", "el fasher", "KENYA teachers strike", "medecins", "red cross korea"} {
		res, err := search.Run(context.Background(), demoStore, search.Request{Query: q, Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%q: %d", q, res.Total)
		for _, r := range res.Results {
			t.Logf("  %.2f %s %s | %q", r.Score, r.Path, r.Highlight, r.Snippet)
		}
	}
}
