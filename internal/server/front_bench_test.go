package server

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"
)

// BenchmarkEventHTMLFastAnswer is the fast front's own work for a cached
// event page, socket aside: reading the request, answering it, the log line
// (to io.Discard, as text). BenchmarkEventHTMLCachedHandler is the same
// answer through the handler stack, net/http's work aside.
func BenchmarkEventHTMLFastAnswer(b *testing.B) {
	d, err := sharedDemo()
	if err != nil {
		b.Fatal(err)
	}
	h, err := New(d.Store, testRenderConfig, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	fast := h.(fastAnswerer).fastHandler()
	raw := []byte("GET " + benchEvent + ".html HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: bench\r\nAccept: */*\r\n\r\n")
	var r fastRequest
	var out []byte
	b.ReportAllocs()
	for b.Loop() {
		if parseFast(raw, &r) != parseOK {
			b.Fatal("not a fast request")
		}
		a, ok := fast.answerFast(&r, out[:0], false)
		if !ok || a.status != http.StatusOK {
			b.Fatalf("answer %d, %v", a.status, ok)
		}
		fast.logFast(&r, a, time.Now(), nil)
		out = a.head
	}
}

// BenchmarkEventOverTCP answers a cached event page over one kept-alive
// loopback connection, with the fast front and with net/http alone; the
// client's reading is in the time too.
func BenchmarkEventOverTCP(b *testing.B) {
	for _, mode := range []struct {
		name string
		fast bool
	}{{"fast", true}, {"net-http", false}} {
		b.Run(mode.name, func(b *testing.B) {
			d, err := sharedDemo()
			if err != nil {
				b.Fatal(err)
			}
			h, err := New(d.Store, testRenderConfig, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				b.Fatal(err)
			}
			if !mode.fast {
				h = WithoutFastPath(h)
			}
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- Serve(ctx, ln, h, nil) }()
			defer func() { cancel(); <-done }()
			c, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close()
			br := bufio.NewReader(c)
			req := []byte("GET " + benchEvent + ".html HTTP/1.1\r\nHost: x\r\n\r\n")
			for b.Loop() {
				if _, err := c.Write(req); err != nil {
					b.Fatal(err)
				}
				resp, err := http.ReadResponse(br, nil)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
}
