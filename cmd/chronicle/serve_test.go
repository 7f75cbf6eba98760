package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestServeUsageErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.db")
	tests := []struct {
		name       string
		args       []string
		wantStatus int
		wantStderr string
	}{
		{"no database", []string{"serve", "--db", missing}, exitFailure, "run 'chronicle import"},
		{"no database mentions the demo", []string{"serve", "--db", missing}, exitFailure, "serve --demo"},
		{"demo and db", []string{"serve", "--demo", "--db", missing}, exitUsage, "drop --db or --demo"},
		{"relative base URL", []string{"serve", "--demo", "--base-url", "chronicle.example"}, exitUsage, "--base-url"},
		{"base URL with a query", []string{"serve", "--demo", "--base-url", "https://chronicle.example/?x=1"}, exitUsage, "--base-url"},
		{"ftp base URL", []string{"serve", "--demo", "--base-url", "ftp://chronicle.example"}, exitUsage, "--base-url"},
		// An unusable --addr too, so that a base URL wrongly accepted fails
		// the test instead of serving.
		{"base URL with a bad host", []string{"serve", "--demo", "--base-url", "http://exam<ple.com/", "--addr", "127.0.0.1:99999"}, exitUsage, `host "exam<ple.com" is not a valid host name`},
		{"base URL with a bad port", []string{"serve", "--demo", "--base-url", "http://example.com:99999", "--addr", "127.0.0.1:99999"}, exitUsage, "port 99999: want 1 to 65535"},
		{"base URL with a password", []string{"serve", "--demo", "--base-url", "https://user:pass@example.com", "--addr", "127.0.0.1:99999"}, exitUsage, "must not contain a user name or password"},
		{"an argument", []string{"serve", "extra"}, exitUsage, "unexpected argument"},
		{"bad address", []string{"serve", "--demo", "--addr", "127.0.0.1:99999"}, exitFailure, "--addr"},
	}
	for _, tt := range tests {
		r := chronicle(tt.args...)
		if r.status != tt.wantStatus || !strings.Contains(r.stderr, tt.wantStderr) {
			t.Errorf("%s: got %v\nwant exit %d and stderr holding %q", tt.name, r, tt.wantStatus, tt.wantStderr)
		}
	}
}

// lockedBuffer is a bytes.Buffer safe for one writer and one reader.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestServeDemoAnswersThenStopsOnInterrupt(t *testing.T) {
	var stdout, stderr lockedBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- serveCommand.execute(ctx, []string{"--demo", "--addr", "127.0.0.1:0", "--base-url", "https://chronicle.example/"}, &stdout, &stderr)
	}()
	base := waitForURL(t, &stdout, done)
	resp, err := http.Get(base + "/index.json")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"kind": "home"`) {
		t.Errorf("GET /index.json: status %d, body %.80q", resp.StatusCode, body)
	}
	if feed := fetchBody(t, base+"/feed.xml"); !strings.Contains(feed, "https://chronicle.example/") {
		t.Errorf("the feed does not use --base-url: %.200q", feed)
	}
	checkDemoCover(t, base)
	cancel() // as Ctrl+C does
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after interrupt: %v, want a clean exit", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop after the interrupt")
	}
	if !strings.Contains(stderr.String(), "path=/index.json status=200") {
		t.Errorf("stderr lacks the request log line:\n%s", stderr.String())
	}
}

// waitForURL waits for serve to print the address it serves.
func waitForURL(t *testing.T, stdout *lockedBuffer, done <-chan error) string {
	t.Helper()
	addr := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+)/`)
	deadline := time.After(30 * time.Second)
	for {
		if m := addr.FindStringSubmatch(stdout.String()); m != nil {
			return m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("serve ended before serving: %v", err)
		case <-deadline:
			t.Fatalf("serve printed no address: %q", stdout.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func fetchBody(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// checkDemoCover follows the cover image of an enriched demo event: the
// page shows it from /media/demo/, and the server answers with the image.
func checkDemoCover(t *testing.T, base string) {
	t.Helper()
	day := fetchBody(t, base+"/news/2025/03/15/index.html")
	event := regexp.MustCompile(`href="(/news/2025/03/15/the-tsukuyomi-lander-touches-down[^"]*)"`).FindStringSubmatch(day)
	if event == nil {
		t.Fatal("the demo's 15 March lists no Tsukuyomi landing")
	}
	cover := regexp.MustCompile(`<figure class="cover"><img src="(/media/demo/[a-z]+\.png)"`).FindStringSubmatch(fetchBody(t, base+event[1]))
	if cover == nil {
		t.Fatalf("%s shows no cover image from /media/demo/", event[1])
	}
	resp, err := http.Get(base + cover[1])
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/png" || !bytes.HasPrefix(body, []byte("\x89PNG")) {
		t.Errorf("GET %s: status %d, Content-Type %q", cover[1], resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}
