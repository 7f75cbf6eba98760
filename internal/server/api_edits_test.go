package server

import (
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/store"
)

// /api/edits lists the demo's three edits: the Kharkiv bomb's text, saved
// on 5 November 2024, then two of 16 March 2025, the ferry's text (with what
// it said before, and its API address) and the second boat's removal (with
// its last text, and no API address: the API has no removed events); page
// by page, either way, each once.
func TestAPIListsTheEdits(t *testing.T) {
	h := demoHandler(t)
	resp, m := apiJSON(t, h, "/api/edits")
	if resp.StatusCode != 200 || m["count"] != 3.0 || m["order"] != "asc" {
		t.Fatalf("GET /api/edits: %d %v", resp.StatusCode, m)
	}
	edits := m["edits"].([]any)
	bomb, ferry, boat := edits[0].(map[string]any), edits[1].(map[string]any), edits[2].(map[string]any)
	if bombEdit := bomb["edit"].(map[string]any); bombEdit["kind"] != "edited" || bombEdit["date"] != "2024-11-05" {
		t.Errorf("the first edit is not the bomb's text: %v", bomb)
	}
	ferryEdit, boatEdit := ferry["edit"].(map[string]any), boat["edit"].(map[string]any)
	earlier, _ := ferryEdit["earlier"].(map[string]any)
	if ferryEdit["kind"] != "edited" || !strings.Contains(earlier["headline"].(string), "about 80 people") ||
		ferry["api_url"] != testRenderConfig.BaseURL+"/api/events"+ferry["path"].(string) || ferryEdit["date"] != "2025-03-16" ||
		ferryEdit["path"] != ferry["path"] {
		t.Errorf("the second edit is not the ferry's text: %v", ferry)
	}
	if boatEdit["kind"] != "removed" || !strings.Contains(boatEdit["headline"].(string), "second boat") || boat["api_url"] != nil ||
		boatEdit["earlier"] != nil || boat["url"] != testRenderConfig.BaseURL+boat["path"].(string)+".html" {
		t.Errorf("the third edit is not the boat's removal: %v", boat)
	}
	// The edit object is the edits page's JSON item.
	_, page := apiJSON(t, h, "/edits/index.json")
	if items := page["edits"].([]any); len(items) != 3 || !reflect.DeepEqual(items[0], boatEdit) || !reflect.DeepEqual(items[1], ferryEdit) {
		t.Errorf("the API's edit objects are not the edits page's items (newest first):\n%v\n%v", items, edits)
	}
	if page := editsThrough(t, h, "/api/edits?limit=1"); !slices.Equal(page, []string{"edited", "edited", "removed"}) {
		t.Errorf("paged by one: %v", page)
	}
	if page := editsThrough(t, h, "/api/edits?limit=2&order=desc"); !slices.Equal(page, []string{"removed", "edited", "edited"}) {
		t.Errorf("paged by two, newest first: %v", page)
	}
	for target, want := range map[string]float64{"/api/edits?from=2025-03-16&to=2025-03-16": 2, "/api/edits?from=2025-03-17": 0,
		"/api/edits?to=2024-12-31": 1} {
		if _, m := apiJSON(t, h, target); m["count"] != want {
			t.Errorf("GET %s: %v edits, want %v", target, m["count"], want)
		}
	}
}

// editsThrough follows the next links from start and returns the kinds of
// the edits in order.
func editsThrough(t *testing.T, h http.Handler, start string) []string {
	t.Helper()
	return walkPages(t, h, start, "edits", func(it map[string]any) string {
		return it["edit"].(map[string]any)["kind"].(string)
	})
}

// An edit list takes only its own cursors, untampered, and the event
// lists none of its.
func TestAPIEditCursorRejectsTamperingAndOtherLists(t *testing.T) {
	h := demoHandler(t)
	_, m := apiJSON(t, h, "/api/edits?limit=1")
	cursor := m["next_cursor"].(string)
	_, events := apiJSON(t, h, "/api/events?limit=1")
	b := []byte(cursor)
	b[5] ^= 1
	for _, target := range []string{
		"/api/edits?cursor=" + string(b),
		"/api/edits?order=desc&cursor=" + cursor,
		"/api/edits?cursor=" + events["next_cursor"].(string),
		"/api/events?cursor=" + cursor,
		"/api/edits?cursor=AAAA",
	} {
		resp, body := apiJSON(t, h, target)
		if resp.StatusCode != 400 || body["parameter"] != "cursor" {
			t.Errorf("GET %s: status %d %v, want 400 naming the cursor", target, resp.StatusCode, body)
		}
	}
}

func TestEditCursorRoundTrip(t *testing.T) {
	for _, k := range []store.EditKey{
		{At: time.Date(2025, 3, 16, 23, 0, 0, 0, time.UTC), Path: "/news/2025/03/16/a-ferry"},
		{At: time.Date(2002, 1, 1, 0, 0, 0, 123456789, time.UTC), Path: "/news/2002/01/1/é", Removed: true},
		{At: time.Date(2025, 3, 16, 0, 0, 0, 0, time.UTC)},
	} {
		c := encodeEditCursor(k, "list")
		got, err := decodeEditCursor(c, "list")
		if err != nil || !got.At.Equal(k.At) || got.Path != k.Path || got.Removed != k.Removed {
			t.Errorf("%v: decoded %v, %v", k, got, err)
		}
		if _, err := decodeEditCursor(c, "another list"); err == nil {
			t.Errorf("%v: the cursor of one list is taken by another", k)
		}
		if _, err := decodeCursor(c, "list"); err == nil {
			t.Errorf("%v: an edit cursor is taken as an event list's", k)
		}
	}
}
