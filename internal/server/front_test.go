package server

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// lockedBuffer is a log both servers' goroutines write to.
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

// frontServer is a server of the demo archive on 127.0.0.1 through Serve.
type frontServer struct {
	addr  string
	log   *lockedBuffer
	front *front // nil when net/http alone serves
	stop  func()
}

func startFrontServer(t *testing.T, fast bool, to timeouts) *frontServer {
	t.Helper()
	d, err := sharedDemo()
	if err != nil {
		t.Fatal(err)
	}
	s := &frontServer{log: &lockedBuffer{}}
	h, err := New(d.Store, testRenderConfig, slog.New(slog.NewTextHandler(s.log, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if !fast {
		h = WithoutFastPath(h)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	started := make(chan *front, 1)
	to.started = func(f *front) { started <- f }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveWith(ctx, ln, h, nil, to) }()
	if fast {
		s.front = <-started
	}
	var once sync.Once
	s.stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Serve: %v", err)
			}
		})
	}
	t.Cleanup(s.stop)
	return s
}

// exchange writes raw to a new connection and returns all it reads until
// the server closes it, Date headers blanked.
func exchange(t *testing.T, addr, raw string) string {
	t.Helper()
	return exchangeThrough(t, net.Dialer{}, addr, raw, io.ReadAll)
}

// exchangeThrough is exchange with the connection d dials, read by readAll.
func exchangeThrough(t *testing.T, d net.Dialer, addr, raw string, readAll func(io.Reader) ([]byte, error)) string {
	t.Helper()
	c, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(20 * time.Second))
	if _, err := io.WriteString(c, raw); err != nil {
		t.Fatal(err)
	}
	got, err := readAll(c)
	if err != nil {
		t.Fatalf("%.200q: %v after %d bytes", raw, err, len(got))
	}
	return dateHeader.ReplaceAllString(string(got), "Date: (now)\r\n")
}

var dateHeader = regexp.MustCompile(`Date: [^\r]*\r\n`)

// logLines are a log's request lines without their times and durations.
func logLines(log string) string {
	return regexp.MustCompile(`time=\S+ |duration=\S+`).ReplaceAllString(log, "")
}

// The fast front answers byte for byte what net/http answers through the
// handler stack, for the requests it answers itself and for those it hands
// over, one by one and pipelined, and logs the same lines.
func TestFastFrontAnswersAsNetHTTP(t *testing.T) {
	checkFastFrontAnswersAsNetHTTP(t)
}

// So it does when it sends every body from a page file with sendfile(2),
// the way it sends the big ones (pagefile.go): in one piece and, pipelined
// past what the socket's buffers hold, in several.
func TestFastFrontAnswersAsNetHTTPFromPageFiles(t *testing.T) {
	defer func(n int) { sendfileMin = n }(sendfileMin)
	sendfileMin = 1
	before := pageFilesMade.Load()
	checkFastFrontAnswersAsNetHTTP(t)
	if pageFilesMade.Load() == before {
		t.Error("no page file was made")
	}
}

func checkFastFrontAnswersAsNetHTTP(t *testing.T) {
	fast := startFrontServer(t, true, defaultTimeouts)
	plain := startFrontServer(t, false, defaultTimeouts)
	event := strings.TrimSuffix(firstEventPath(t, demoHandler(t)), ".html")
	day := event[:strings.LastIndexByte(event, '/')+1]
	get := func(target string, headers ...string) string {
		return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + strings.Join(headers, "") + "\r\n"
	}
	head := func(target string, headers ...string) string { return "HEAD" + get(target, headers...)[3:] }
	closing := get("/robots.txt", "Connection: close\r\n") // ends every exchange
	tests := []struct {
		name     string
		raw      string
		answered int64 // requests the fast front answers itself
	}{
		{"event", get(event + ".html"), 1},
		{"event negotiated", get(event), 1},
		{"event as markdown", get(event, "Accept: text/markdown\r\n"), 1},
		{"event as json, gzip", get(event, "Accept: application/json\r\n", "Accept-Encoding: gzip\r\n"), 1},
		{"two Accept lines", get(event, "Accept: image/png\r\n", "Accept: text/xml;q=0.5\r\n"), 1},
		{"day gzip", get(day, "Accept-Encoding: gzip, deflate\r\n"), 1},
		{"day head gzip", head(day, "Accept-Encoding: gzip\r\n"), 1},
		{"home", get("/"), 1},
		{"home lower-case names", "GET / HTTP/1.1\r\nhost: x\r\naccept-encoding: GZIP;q=0.5\r\n\r\n", 1},
		{"gzip refused", get(day, "Accept-Encoding: gzip;q=0, *\r\n"), 1},
		{"any coding", get(day, "Accept-Encoding: *\r\n"), 1},
		{"x-gzip", get(day, "Accept-Encoding: x-gzip\r\n"), 1},
		{"two Accept-Encoding lines", get(day, "Accept-Encoding: br\r\n", "Accept-Encoding: gzip\r\n"), 1},
		{"If-None-Match *", get(event+".html", "If-None-Match: *\r\n"), 1},
		{"If-None-Match other", get(event+".html", "If-None-Match: \"x\", W/\"y\"\r\n"), 1},
		{"If-Modified-Since later", get(event+".md", "If-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT\r\n"), 1},
		{"If-Modified-Since earlier", get(event+".md", "If-Modified-Since: Fri, 01 Jan 2000 00:00:00 GMT\r\n"), 1},
		{"304 gzip head", head(day, "Accept-Encoding: gzip\r\n", "If-None-Match: *\r\n"), 1},
		{"feed", get("/feed.xml"), 1},
		{"robots", get("/robots.txt"), 1},
		{"pipelined", get(event+".html") + head(day) + get("/", "Accept-Encoding: gzip\r\n"), 3},
		{"pipelined past the socket's buffers", strings.Repeat(get(day)+get(event+".json", "Accept-Encoding: gzip\r\n"), 60), 120},
		{"pipelined, then net/http", get(event+".json") + "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi" + get(day), 1},
		{"not acceptable", get(event, "Accept: image/png\r\n"), 0},
		{"not clean", get("/news/../index.html"), 0},
		{"padded date", get(strings.Replace(day, "/03/", "/3/", 1)), 0},
		{"no such page", get("/news/1999/01/1/nothing.html"), 0},
		{"directory without slash", get(strings.TrimSuffix(day, "/")), 0},
		{"query", get("/index.html?x=1"), 0},
		{"escaped path", get("/%69ndex.html"), 0},
		{"encoded slash", get("/news%2Findex.html"), 0},
		{"api", get("/api/events?limit=1"), 0},
		{"search", get("/search/?q=lander"), 0},
		{"post", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 0},
		{"options", "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", 0},
		{"HTTP/1.0", "GET / HTTP/1.0\r\n\r\n", 0},
		{"absolute form", "GET http://x/ HTTP/1.1\r\nHost: x\r\n\r\n", 0},
		{"Connection: close", get("/", "Connection: close\r\n"), 0},
		{"no Host", "GET / HTTP/1.1\r\n\r\n", 0},
		{"two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 0},
		{"bad Host", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 0},
		{"malformed request line", "GARBAGE\r\n\r\n", 0},
		{"lower-case method", "get / HTTP/1.1\r\nHost: x\r\n\r\n", 0},
		{"bare LF", "GET / HTTP/1.1\nHost: x\n\n", 0},
		{"obs-fold", "GET / HTTP/1.1\r\nHost: x\r\nAccept: text/html,\r\n text/markdown\r\n\r\n", 0},
		{"space before colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", 0},
		{"NUL in a header", "GET / HTTP/1.1\r\nHost: x\r\nX: a\x00b\r\n\r\n", 0},
		{"non-ASCII header", "GET / HTTP/1.1\r\nHost: x\r\nX: caf\xc3\xa9\r\n\r\n", 0},
		{"big header", get("/", "X-Big: "+strings.Repeat("a", 20<<10)+"\r\n"), 0},
		{"oversized header", get("/", "X-Big: "+strings.Repeat("a", 80<<10)+"\r\n"), 0},
		{"expect", get("/", "Expect: 100-continue\r\n"), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, handed := fast.front.answered.Load(), fast.front.handed.Load()
			want := exchange(t, plain.addr, tt.raw+closing)
			got := exchange(t, fast.addr, tt.raw+closing)
			if got != want {
				t.Errorf("fast front:\n%.3000q\nnet/http:\n%.3000q", got, want)
			}
			if !strings.HasPrefix(got, "HTTP/1.") {
				t.Errorf("no answer: %.200q", got)
			}
			// The closing request is net/http's (Connection: close).
			if n := fast.front.answered.Load() - before; n != tt.answered {
				t.Errorf("the fast front answered %d requests, want %d", n, tt.answered)
			}
			if n := fast.front.handed.Load() - handed; n != 1 {
				t.Errorf("%d connections handed to net/http, want 1", n)
			}
		})
	}
	fast.stop()
	plain.stop()
	if got, want := logLines(fast.log.String()), logLines(plain.log.String()); got != want {
		t.Errorf("request logs differ:\nfast front:\n%s\nnet/http:\n%s", got, want)
	}
}

// A client that goes silent, before its request or in the middle of it, is
// disconnected after the header timeout, as net/http does; a kept-alive
// connection waits for the idle timeout.
func TestFastFrontDropsSilentClients(t *testing.T) {
	to := defaultTimeouts
	to.readHeader, to.idle = 300*time.Millisecond, 600*time.Millisecond
	fast := startFrontServer(t, true, to)
	plain := startFrontServer(t, false, to)
	for _, tt := range []struct {
		name, raw string
		within    time.Duration
	}{
		{"nothing sent", "", to.readHeader},
		{"half a request", "GET / HTTP/1.1\r\nHost: x\r\n", to.readHeader},
		{"an answer, then silence", "GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n", to.idle},
		{"an answer, then half a request", "GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\nGET / HT", to.readHeader},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, s := range []*frontServer{fast, plain} {
				start := time.Now()
				got := exchange(t, s.addr, tt.raw)
				took := time.Since(start)
				if took < tt.within-50*time.Millisecond || took > tt.within+2*time.Second {
					t.Errorf("fast %v: closed after %v, want about %v", s.front != nil, took, tt.within)
				}
				if strings.Count(got, "HTTP/1.1 200") != strings.Count(tt.raw, "\r\n\r\n") {
					t.Errorf("fast %v: %.300q", s.front != nil, got)
				}
			}
		})
	}
}

// Shutting down closes idle connections of the fast front at once and
// lets an answer in flight finish.
func TestFastFrontShutsDownGracefully(t *testing.T) {
	fast := startFrontServer(t, true, defaultTimeouts)
	c, err := net.Dial("tcp", fast.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	io.WriteString(c, "GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n")
	buf := make([]byte, 4096)
	if n, err := c.Read(buf); err != nil || !bytes.HasPrefix(buf[:n], []byte("HTTP/1.1 200 OK")) {
		t.Fatalf("%q, %v", buf[:n], err)
	}
	start := time.Now()
	fast.stop() // the connection is idle: closed, not waited for
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("shutdown took %v with an idle connection", took)
	}
	if n, err := c.Read(buf); err != io.EOF {
		t.Errorf("after shutdown: %q, %v; want EOF", buf[:n], err)
	}
}

// A client reading slowly through a small window makes the page files'
// sendfile(2) wait for room in the socket many times: the bytes are still
// net/http's. (Loopback's send buffer grows to megabytes: 600 day pages
// outgrow it.)
func TestFastFrontSendsPageFilesToSlowReaders(t *testing.T) {
	defer func(n int) { sendfileMin = n }(sendfileMin)
	sendfileMin = 1
	fast := startFrontServer(t, true, defaultTimeouts)
	plain := startFrontServer(t, false, defaultTimeouts)
	day := strings.TrimSuffix(firstEventPath(t, demoHandler(t)), ".html")
	day = day[:strings.LastIndexByte(day, '/')+1]
	raw := strings.Repeat("GET "+day+" HTTP/1.1\r\nHost: x\r\n\r\n", 600) + "GET /robots.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
	waits := pageFileWaits.Load()
	want := exchange(t, plain.addr, raw)
	if got := exchangeSlowly(t, fast.addr, raw); got != want {
		t.Errorf("fast front: %d bytes, net/http: %d; they differ", len(got), len(want))
	}
	if pageFileWaits.Load() == waits {
		t.Error("sendfile never waited for the socket: the test sent too little")
	}
}

// exchangeSlowly is exchange through a 4 KB receive buffer, read a little
// at a time.
func exchangeSlowly(t *testing.T, addr, raw string) string {
	t.Helper()
	d := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		var err error
		c.Control(func(fd uintptr) { err = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
		return err
	}}
	return exchangeThrough(t, d, addr, raw, func(r io.Reader) ([]byte, error) {
		var got bytes.Buffer
		buf := make([]byte, 2048)
		for {
			n, err := r.Read(buf)
			got.Write(buf[:n])
			if err == io.EOF {
				return got.Bytes(), nil
			}
			if err != nil {
				return got.Bytes(), err
			}
			time.Sleep(100 * time.Microsecond)
		}
	})
}

// A client that stops reading is dropped once an answer has waited the
// write timeout for room, sendfile(2) or not.
func TestFastFrontDropsClientsThatDoNotRead(t *testing.T) {
	defer func(n int) { sendfileMin = n }(sendfileMin)
	to := defaultTimeouts
	to.write = 300 * time.Millisecond
	for _, min := range []int{sendfileMin, 1} {
		sendfileMin = min
		fast := startFrontServer(t, true, to)
		c, err := net.Dial("tcp", fast.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if _, err := io.WriteString(c, strings.Repeat("GET /feed.xml HTTP/1.1\r\nHost: x\r\n\r\n", 2000)); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		for open := 1; open > 0 && time.Since(start) < 10*time.Second; {
			time.Sleep(20 * time.Millisecond)
			fast.front.mu.Lock()
			open = len(fast.front.conns)
			fast.front.mu.Unlock()
		}
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("sendfileMin %d: the connection was still open after %v", min, took)
		}
		c.SetDeadline(time.Now().Add(5 * time.Second))
		got, _ := io.ReadAll(c) // what the buffers held, then EOF or a reset
		if n := bytes.Count(got, []byte("HTTP/1.1 200 OK")); n == 0 || n >= 2000 {
			t.Errorf("sendfileMin %d: %d answers before the connection closed", min, n)
		}
		fast.stop()
	}
}
