package server

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/site"
)

// waitingSite renders nothing until the request's context ends, as a cold
// render of a heavy page does when its client gives up.
type waitingSite struct{ started chan struct{} }

func (w waitingSite) Page(ctx context.Context, _ string) (site.Page, error) {
	close(w.started)
	<-ctx.Done()
	return site.Page{}, ctx.Err()
}

// syncBuffer is a bytes.Buffer that a server goroutine writes and a test reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newWaitingHandler(t *testing.T) (http.Handler, *syncBuffer, waitingSite) {
	t.Helper()
	logs := new(syncBuffer)
	ws := waitingSite{started: make(chan struct{})}
	h, err := NewHandler(Config{Pages: ws, History: fixtureHistory(), NotFound: fakeNotFound{},
		Logger: slog.New(slog.NewTextHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return h, logs, ws
}

func TestDroppedRequestIsLoggedAsDropped(t *testing.T) {
	h, logs, _ := newWaitingHandler(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequest("GET", "/topics/united-states/index.html", nil).WithContext(ctx)
	h.ServeHTTP(httptest.NewRecorder(), req)
	line := logs.String()
	if !strings.Contains(line, "status=499") || !strings.Contains(line, "dropped=true") || strings.Contains(line, "status=200") {
		t.Errorf("log %q: want status=499 dropped=true", line)
	}
}

// TestDroppedConnectionIsLoggedAsDropped drops a real connection on
// 127.0.0.1 while the page is being rendered.
func TestDroppedConnectionIsLoggedAsDropped(t *testing.T) {
	h, logs, ws := newWaitingHandler(t)
	srv := httptest.NewServer(h)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/topics/united-states/index.html", nil)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	<-ws.started
	cancel()
	<-done
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(logs.String(), "dropped=true") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if line := logs.String(); !strings.Contains(line, "status=499") || !strings.Contains(line, "dropped=true") {
		t.Errorf("log %q: want status=499 dropped=true", line)
	}
}

func TestAnsweredRequestIsNotDropped(t *testing.T) {
	h, logs := newTestHandler(t)
	get(t, h, "GET", eventPath+".md")
	if strings.Contains(logs.String(), "dropped") {
		t.Errorf("log %q: an answered request is not dropped", logs.String())
	}
}
