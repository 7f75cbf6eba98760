package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// countingConn counts the writes that reach the socket.
type countingConn struct {
	net.Conn
	writes *atomic.Int64
}

func (c countingConn) Write(b []byte) (int, error) {
	c.writes.Add(1)
	return c.Conn.Write(b)
}

func (c countingConn) WriteBuffers(bufs net.Buffers) (int64, error) {
	c.writes.Add(1)
	return bufs.WriteTo(c.Conn)
}

type countingListener struct {
	net.Listener
	writes *atomic.Int64
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return countingConn{c, l.writes}, nil
}

// Answers from memory over a real connection, kept alive between them, are
// whole and correct whatever their size, encoding and method; a big page
// leaves in one write to the socket.
func TestAnswersFromMemoryOverARealConnection(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	writes := &atomic.Int64{}
	site := fixturePages()
	big := "<p>" + strings.Repeat("North Korea restores the Red Cross link. ", 500) + "</p>"
	site["/big.html"] = fixturePage(big)
	h, err := NewHandler(Config{Pages: site, Versions: &fakeVersions{}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, countingListener{ln, writes}, h, nil) }()
	defer func() {
		cancel()
		if err := <-served; err != nil {
			t.Error(err)
		}
	}()
	client := &http.Client{Transport: &http.Transport{DisableCompression: true, MaxConnsPerHost: 1}}
	base := BaseURL(ln.Addr())
	tests := []struct {
		method, path, encoding string
		want                   string
	}{
		{"GET", "/big.html", "", big},
		{"GET", "/big.html", "gzip", big},
		{"GET", eventPath + ".html", "", string(bigBody)},
		{"HEAD", "/big.html", "", ""},
		{"GET", "/news/2013/06/6/index.html", "", "<h1>6 June 2013</h1>"},
		{"GET", "/big.html", "", big},
	}
	for round := range 2 { // the second round from memory
		for _, tt := range tests {
			req, _ := http.NewRequest(tt.method, base+tt.path, nil)
			if tt.encoding != "" {
				req.Header.Set("Accept-Encoding", tt.encoding)
			}
			before := writes.Load()
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if resp.Header.Get("Content-Encoding") == "gzip" {
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				if body, err = io.ReadAll(zr); err != nil {
					t.Fatal(err)
				}
			}
			if resp.StatusCode != http.StatusOK || string(body) != tt.want {
				t.Errorf("round %d, %s %s (%s): %d, %d bytes; want 200, %d bytes", round, tt.method, tt.path, tt.encoding,
					resp.StatusCode, len(body), len(tt.want))
			}
			if !strings.HasPrefix(resp.Header.Get("Content-Security-Policy"), "default-src 'none'") || resp.Header.Get("ETag") == "" {
				t.Errorf("%s %s: headers %v", tt.method, tt.path, resp.Header)
			}
			if n := writes.Load() - before; round == 1 && n != 1 {
				t.Errorf("round %d, %s %s (%s): %d writes to the socket, want 1", round, tt.method, tt.path, tt.encoding, n)
			}
		}
	}
}
