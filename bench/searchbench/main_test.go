package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/derive"
	"github.com/chronicle-archive/chronicle/internal/ingest"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// searchbench on the demo's days: every number of the report is there.
func TestReportOnTheDemo(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Run(ctx, st, []string{"../../internal/demo/days"}, ingest.Options{MaxWarnings: -1}); err != nil {
		t.Fatal(err)
	}
	if _, err := derive.UpdateSearch(ctx, st, true); err != nil {
		t.Fatal(err)
	}
	st.Close()
	queries := filepath.Join(dir, "q.txt")
	if err := os.WriteFile(queries, []byte("# comment\ntsukuyomi rover\nel fasher\nkenya* -teachers\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"-db", db, "-queries", queries, "-rounds", "2", "-static", "-json"}, &out); err != nil {
		t.Fatal(err)
	}
	var rep Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Queries != 3 || rep.Rounds != 2 || rep.P99ms <= 0 || rep.Static == nil || rep.Static.Files == 0 ||
		rep.Static.QueryBytesMax == 0 || rep.Static.QueryGzipMax == 0 || rep.Static.QueryGzipMax >= rep.Static.QueryBytesMax {
		t.Errorf("report %+v %+v", rep, rep.Static)
	}
	out.Reset()
	if err := run(ctx, []string{"-db", db, "-queries", queries, "-rounds", "1"}, &out); err != nil || !strings.Contains(out.String(), "3 queries × 1 rounds: p50") {
		t.Errorf("text report %q, %v", out.String(), err)
	}
	if err := run(ctx, []string{"-db", db, "-queries", filepath.Join(dir, "none.txt")}, &out); err == nil {
		t.Error("a missing query file was accepted")
	}
}

// TestWrkScript checks that the wrk script asks /search for every query,
// in order, each escaped so that it reads back as typed and needs no Lua
// escape.
func TestWrkScript(t *testing.T) {
	dir := t.TempDir()
	qs := []string{"red cross korea", `"north korea" -missile`, "médecins*", "a&b=c?d/e\\f'g"}
	queryFile := filepath.Join(dir, "q.txt")
	if err := os.WriteFile(queryFile, []byte("# comment\n"+strings.Join(qs, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(dir, "search.lua")
	if err := run(context.Background(), []string{"-wrk-script", script, "-queries", queryFile}, io.Discard); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(script)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, line := range strings.Split(string(b), "\n") {
		quoted, ok := strings.CutPrefix(strings.TrimSpace(line), `"/search?q=`)
		if !ok {
			continue
		}
		escaped := strings.TrimSuffix(quoted, `",`)
		if strings.ContainsAny(escaped, "\"\\'") {
			t.Errorf("%q needs a Lua escape", escaped)
		}
		q, err := url.QueryUnescape(escaped)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, q)
	}
	if !slices.Equal(got, qs) {
		t.Errorf("queries in the script %q, want %q", got, qs)
	}
	if !strings.Contains(string(b), "request = function()") {
		t.Errorf("no request function:\n%s", b)
	}
}
