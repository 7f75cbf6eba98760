package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/mediawiki"
)

// waitForBody polls url until its body holds want.
func waitForBody(t *testing.T, url, want string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	var body string
	for time.Now().Before(deadline) {
		if body = fetchBody(t, url); strings.Contains(body, want) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("GET %s never held %q; last body:\n%.500s", url, want, body)
}

func TestServeFollowShowsAnEditMadeAfterItStarted(t *testing.T) {
	fake := newFakeWiki(t)
	today := event.NewDate(time.Now().UTC())
	title := mediawiki.DayTitle(today)
	fake.Edit(title, syncDay(today, "Rebels take the town of Qusayr.", "Talks open in Geneva."), "new day")
	db := filepath.Join(t.TempDir(), "chronicle.db") // --follow creates it
	base, stop := startServe(t, "--db", db, "--follow", "200ms", "--recent", "2", "--api", fake.Endpoint())
	defer stop()
	day := base + event.DayIndex(today).WithExt(".json").String()
	waitForBody(t, day, "Rebels take the town of Qusayr.")
	fake.Edit(title, syncDay(today, "Rebels seize the town of Qusayr.", "Talks open in Geneva."), "copyedit")
	waitForBody(t, day, "Rebels seize the town of Qusayr.")
	if html := fetchBody(t, base+"/index.html"); !strings.Contains(html, "Rebels seize the town of Qusayr.") {
		t.Errorf("the home page does not show the edit:\n%.500s", html)
	}
}

func TestServeFollowUsageErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--demo", "--follow", "1m"}, "drop --demo or --follow"},
		{[]string{"serve", "--follow", "-1m"}, "--follow"},
		{[]string{"serve", "--follow", "1m", "--recent", "0"}, "--recent"},
		{[]string{"serve", "--follow", "1m", "--api", "ftp://x"}, "api"},
		{[]string{"serve", "--follow", "1m", "--recent", "1000000"}, "--recent 1000000: the portal has "},
		{[]string{"serve", "--follow", "1m", "--user-agent", ""}, "--user-agent: empty"},
		{[]string{"serve", "--follow", "1m", "--user-agent", "a\r\nX-Evil: 1"}, "--user-agent \"a\\r\\nX-Evil: 1\": not a valid HTTP header value"},
	} {
		// A mistake let through would serve a new database here, not in the package.
		args := append(tt.args, "--addr", "127.0.0.1:0")
		if !slices.Contains(args, "--demo") {
			args = append(args, "--db", filepath.Join(t.TempDir(), "chronicle.db"))
		}
		if r := chronicle(args...); r.status != exitUsage || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("%v: %s\nwant a usage error naming %q", tt.args, r, tt.want)
		}
	}
}

// A sync and a running serve use one database at once: every page asked
// for while the sync writes is served whole, and the sync succeeds.
func TestSyncWhileServingTheSameDatabase(t *testing.T) {
	const days = 120
	fake, first, last := fakeWikiOfDays(t, days)
	db := filepath.Join(t.TempDir(), "chronicle.db")
	syncArgs := []string{"sync", "--db", db, "--api", fake.Endpoint(), "--from", first.String(), "--to", first.String()}
	if r := chronicle(syncArgs...); r.status != exitOK {
		t.Fatal(r)
	}
	base, stop := startServe(t, "--db", db)
	defer stop()

	fake.Delay = 100 * time.Millisecond // the sync takes a while, its writes between the answers
	var wg sync.WaitGroup
	var syncing atomic.Bool
	syncing.Store(true)
	var bad atomic.Value
	var served atomic.Int64
	for range 2 {
		wg.Go(func() {
			for i := 0; syncing.Load(); i++ {
				d := event.NewDate(first.Time().AddDate(0, 0, i%days))
				for _, p := range []string{event.DayIndex(d).WithExt(".json").String(), "/index.html", "/topics/index.json"} {
					resp, err := http.Get(base + p)
					if err != nil {
						bad.Store(err.Error())
						return
					}
					resp.Body.Close()
					served.Add(1)
					if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNotFound {
						bad.Store(fmt.Sprintf("GET %s: %d", p, resp.StatusCode))
					}
				}
			}
		})
	}
	syncArgs[len(syncArgs)-1] = last.String()
	r := chronicle(syncArgs...)
	syncing.Store(false)
	wg.Wait()
	if r.status != exitOK {
		t.Errorf("the sync beside serve: %s", r)
	}
	if n := served.Load(); n < 10 {
		t.Errorf("only %d pages were asked for during the sync", n)
	}
	if b := bad.Load(); b != nil {
		t.Errorf("a page failed during the sync: %s", b)
	}
	if js := fetchBody(t, base+event.DayIndex(last).WithExt(".json").String()); !strings.Contains(js, fmt.Sprintf("Event %d happens.", days-1)) {
		t.Errorf("serve does not show the last day synced:\n%.300s", js)
	}
}

// The flags of serve that it cannot honour are refused before it listens.
// It runs with a context already cancelled: a serve that wrongly starts
// returns at once instead of serving.
func TestServeRefusesFlagsItCannotHonour(t *testing.T) {
	db := filepath.Join(t.TempDir(), "chronicle.db")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--demo", "--addr", ""}, "--addr: empty"},
		{[]string{"--db", db, "--addr", "127.0.0.1:0", "--follow", "1ns"}, "--follow 1ns: want at least 1ms"},
		{[]string{"--db", db, "--addr", "127.0.0.1:0", "--follow", "999us"}, "--follow 999µs: want at least 1ms"},
		{[]string{"--demo", "--addr", "127.0.0.1:0", "--recent", "5"}, "--recent needs --follow"},
		{[]string{"--demo", "--addr", "127.0.0.1:0", "--api", "https://wiki.example/w/api.php"}, "--api needs --follow"},
		{[]string{"--demo", "--addr", "127.0.0.1:0", "--user-agent", "Test/1"}, "--user-agent needs --follow"},
	} {
		var stdout, stderr bytes.Buffer
		err := serveCommand.execute(ctx, tt.args, &stdout, &stderr)
		var usage usageError
		if !errors.As(err, &usage) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("serve %q: %v\nwant a usage error with %q", tt.args, err, tt.want)
		}
	}
}
