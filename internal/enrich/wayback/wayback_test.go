package wayback

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/enrich/fetcher"
)

func TestClosest(t *testing.T) {
	var gotURL, gotStamp string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotURL, gotStamp = r.URL.Query().Get("url"), r.URL.Query().Get("timestamp")
		w.Header().Set("Content-Type", "application/json")
		switch gotURL {
		case "http://gone.example/a":
			fmt.Fprint(w, `{"url":"http://gone.example/a","archived_snapshots":{"closest":{"status":"200","available":true,"url":"http://web.archive.org/web/20130607010203/http://gone.example/a","timestamp":"20130607010203"}}}`)
		case "http://bad.example/":
			fmt.Fprint(w, `{"archived_snapshots":{"closest":{"status":"200","available":true,"url":"javascript:alert(1)","timestamp":"20130607010203"}}}`)
		case "http://broken.example/":
			fmt.Fprint(w, `{"archived_snapshots":`)
		default:
			fmt.Fprint(w, `{"url":"x","archived_snapshots":{}}`)
		}
	}))
	defer srv.Close()
	c := &Client{API: srv.URL + "/wayback/available", Fetcher: fetcher.New(fetcher.Config{AllowPrivate: true, AllowAnyPort: true})}
	day := time.Date(2013, 6, 6, 0, 0, 0, 0, time.UTC)
	snap, ok, err := c.Closest(context.Background(), "http://gone.example/a", day)
	want := Snapshot{URL: "http://web.archive.org/web/20130607010203/http://gone.example/a", Time: time.Date(2013, 6, 7, 1, 2, 3, 0, time.UTC)}
	if err != nil || !ok || snap != want || gotStamp != "20130606" {
		t.Errorf("Closest = %+v, %v, %v (timestamp %q); want %+v", snap, ok, err, gotStamp, want)
	}
	if _, ok, err := c.Closest(context.Background(), "http://never.example/", day); ok || err != nil {
		t.Errorf("no snapshot: ok %v, err %v", ok, err)
	}
	if _, ok, err := c.Closest(context.Background(), "http://bad.example/", day); ok || err == nil {
		t.Errorf("javascript snapshot URL: ok %v, err %v", ok, err)
	}
	if _, ok, err := c.Closest(context.Background(), "http://broken.example/", day); ok || err == nil {
		t.Errorf("broken JSON: ok %v, err %v", ok, err)
	}
}

func TestSnapshotForms(t *testing.T) {
	snap := "https://web.archive.org/web/20130607010203/http://gone.example/a?b=1"
	if got, want := Raw(snap), "https://web.archive.org/web/20130607010203id_/http://gone.example/a?b=1"; got != want {
		t.Errorf("Raw = %q, want %q", got, want)
	}
	if got, want := Image(snap, "http://gone.example/i.jpg"), "https://web.archive.org/web/20130607010203im_/http://gone.example/i.jpg"; got != want {
		t.Errorf("Image = %q, want %q", got, want)
	}
	if got, want := Original(snap), "http://gone.example/a?b=1"; got != want {
		t.Errorf("Original = %q, want %q", got, want)
	}
	if got := Raw("https://elsewhere.example/copy"); got != "https://elsewhere.example/copy" {
		t.Errorf("Raw of an unusual URL = %q", got)
	}
}

func TestCheckAPI(t *testing.T) {
	for _, c := range []struct {
		api string
		ok  bool
	}{
		{DefaultAPI, true},
		{"http://127.0.0.1:8080/wayback/available", true},
		{"", false},
		{"not a url", false},
		{"/wayback/available", false},
		{"ftp://archive.example/available", false},
		{"https:///available", false},
		{"https://user:pass@archive.example/available", false},
		{"https://archive.example/available#top", false},
	} {
		if err := CheckAPI(c.api); (err == nil) != c.ok {
			t.Errorf("CheckAPI(%q) = %v; want ok %v", c.api, err, c.ok)
		}
	}
}
