package server

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
)

// benchmarkPath measures one request of the demo site through the whole
// handler stack: routing, rendering from the store, ETag and gzip.
func benchmarkPath(b *testing.B, path string, headers map[string]string) {
	d, err := sharedDemo()
	if err != nil {
		b.Fatal(err)
	}
	h, err := New(d.Store, testRenderConfig, nil)
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest("GET", path, nil)
	for name, value := range headers {
		req.Header.Set(name, value)
	}
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK && rec.Code != http.StatusNotModified {
			b.Fatalf("GET %s: status %d", path, rec.Code)
		}
	}
}

const benchEvent = "/news/2025/03/15/the-tsukuyomi-lander-touches-down-on-a-plateau-near-the-south-pole-of-the-moon-jaxa-announces-it-is-the-first-japanese-landing-in-the-pola"

func BenchmarkEventHTML(b *testing.B) { benchmarkPath(b, benchEvent+".html", nil) }

func BenchmarkEventHTMLGzip(b *testing.B) {
	benchmarkPath(b, benchEvent+".html", map[string]string{"Accept-Encoding": "gzip"})
}

func BenchmarkEventNegotiatedJSON(b *testing.B) {
	benchmarkPath(b, benchEvent, map[string]string{"Accept": "application/json"})
}

func BenchmarkHomeGzip(b *testing.B) {
	benchmarkPath(b, "/", map[string]string{"Accept-Encoding": "gzip"})
}

func BenchmarkGzip8KB(b *testing.B) {
	body := bigBody[:min(len(bigBody), 8<<10)]
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		gzipped(body)
	}
}

// BenchmarkEventHTMLParallel is BenchmarkEventHTML from many goroutines at
// once, as a loaded server sees it: cached pages, shared data-version reads.
func BenchmarkEventHTMLParallel(b *testing.B) {
	d, err := sharedDemo()
	if err != nil {
		b.Fatal(err)
	}
	h, err := New(d.Store, testRenderConfig, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.SetParallelism(32)
	b.RunParallel(func(pb *testing.PB) {
		req := httptest.NewRequest("GET", benchEvent+".html", nil)
		for pb.Next() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Errorf("status %d", rec.Code)
				return
			}
		}
	})
}

// discardWriter is a ResponseWriter that keeps nothing, with a new header
// map per request as net/http gives: what is left is the handler's own cost.
type discardWriter struct {
	h      http.Header
	status int
}

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d *discardWriter) WriteHeader(status int)      { d.status = status }

// BenchmarkEventHTMLCachedHandler is the handler stack alone answering a
// cached event page, request log included (to io.Discard, as text).
func BenchmarkEventHTMLCachedHandler(b *testing.B) {
	d, err := sharedDemo()
	if err != nil {
		b.Fatal(err)
	}
	h, err := New(d.Store, testRenderConfig, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest("GET", benchEvent+".html", nil)
	b.ReportAllocs()
	for b.Loop() {
		w := &discardWriter{h: http.Header{}}
		h.ServeHTTP(w, req)
		if w.status != http.StatusOK {
			b.Fatalf("status %d", w.status)
		}
	}
}
