package fetcher

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestIsPublic(t *testing.T) {
	for _, tc := range []struct {
		addr string
		want bool
	}{
		{"93.184.216.34", true},
		{"2606:2800:220:1:248:1893:25c8:1946", true},
		{"127.0.0.1", false},
		{"127.8.9.10", false},
		{"::1", false},
		{"10.1.2.3", false},
		{"172.16.0.1", false},
		{"192.168.1.1", false},
		{"169.254.169.254", false}, // cloud metadata
		{"fe80::1", false},
		{"fc00::1", false},
		{"224.0.0.1", false},
		{"ff02::1", false},
		{"0.0.0.0", false},
		{"::", false},
		{"100.64.0.1", false},
		{"255.255.255.255", false},
		{"::ffff:127.0.0.1", false},
		{"::ffff:10.0.0.1", false},
		{"64:ff9b::7f00:1", false},
	} {
		if got := IsPublic(netip.MustParseAddr(tc.addr)); got != tc.want {
			t.Errorf("IsPublic(%s) = %v, want %v", tc.addr, got, tc.want)
		}
	}
}

// loopback maps every name ending in .test to 127.0.0.1.
var loopback = ResolverFunc(func(host string) []netip.Addr {
	if strings.HasSuffix(host, ".test") {
		return []netip.Addr{netip.MustParseAddr("127.0.0.1")}
	}
	return nil
})

// server is a local site; hits counts the requests it answered.
func server(t *testing.T, h http.HandlerFunc) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func testConfig() Config {
	return Config{AllowPrivate: true, AllowAnyPort: true, Resolver: loopback, Timeout: 2 * time.Second}
}

func page(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, "<html><title>ok</title></html>")
}

func TestRefusesLoopbackWithoutAllowPrivate(t *testing.T) {
	srv, hits := server(t, page)
	_, port, err := net.SplitHostPort(srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	f := New(Config{AllowAnyPort: true, Resolver: loopback})
	for _, u := range []string{
		srv.URL,                            // a literal 127.0.0.1
		"http://rebind.test:" + port + "/", // a name that resolves to it
		"http://[::ffff:127.0.0.1]:" + port + "/",    // mapped IPv6
		"http://localhost.test:" + port + "/a?b=1#c", // and with a path
	} {
		if _, err := f.Fetch(context.Background(), Request{URL: u}); !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("Fetch(%s) error = %v, want ErrForbiddenAddress", u, err)
		}
	}
	if hits.Load() != 0 {
		t.Errorf("the server was reached %d times", hits.Load())
	}
}

func TestRefusesSchemesPortsAndCredentials(t *testing.T) {
	f := New(Config{AllowPrivate: true, Resolver: loopback})
	for _, u := range []string{"ftp://a.test/x", "file:///etc/passwd", "http://a.test:8080/", "http://user:pw@a.test/", "http:///nohost", "javascript:alert(1)"} {
		if _, err := f.Fetch(context.Background(), Request{URL: u}); !errors.Is(err, ErrForbiddenURL) {
			t.Errorf("Fetch(%s) error = %v, want ErrForbiddenURL", u, err)
		}
	}
}

func TestRedirects(t *testing.T) {
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		var n int
		switch {
		case r.URL.Path == "/loop":
			http.Redirect(w, r, "/loop2", http.StatusFound)
		case r.URL.Path == "/loop2":
			http.Redirect(w, r, "/loop", http.StatusMovedPermanently)
		case r.URL.Path == "/ftp":
			http.Redirect(w, r, "ftp://a.test/file", http.StatusFound)
		case sscan(r.URL.Path, "/hop/%d", &n):
			if n == 0 {
				page(w, r)
				return
			}
			http.Redirect(w, r, fmt.Sprintf("/hop/%d", n-1), http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	})
	f := New(testConfig())
	resp, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/hop/5"})
	if err != nil || resp.Status != 200 || resp.URL != srv.URL+"/hop/0" || !resp.Redirected(srv.URL+"/hop/5") {
		t.Fatalf("five redirects: %+v, %v", resp, err)
	}
	for path, want := range map[string]error{"/hop/6": ErrTooManyRedirects, "/loop": ErrRedirectLoop, "/ftp": ErrForbiddenURL} {
		if _, err := f.Fetch(context.Background(), Request{URL: srv.URL + path}); !errors.Is(err, want) {
			t.Errorf("%s: error = %v, want %v", path, err, want)
		}
	}
}

func sscan(s, format string, n *int) bool {
	_, err := fmt.Sscanf(s, format, n)
	return err == nil
}

func TestTimeout(t *testing.T) {
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	cfg := testConfig()
	cfg.Timeout = 100 * time.Millisecond
	_, err := New(cfg).Fetch(context.Background(), Request{URL: srv.URL})
	if err == nil || !strings.Contains(err.Error(), "Timeout") && !strings.Contains(err.Error(), "deadline") {
		t.Fatalf("slow page: error = %v, want a timeout", err)
	}
}

func TestHugePageIsCut(t *testing.T) {
	var written atomic.Int64
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		chunk := []byte("<p>" + strings.Repeat("x", 1020) + "</p>")
		for range 50 << 10 { // 50 MB
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	})
	resp, err := New(testConfig()).Fetch(context.Background(), Request{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Body) != DefaultMaxBody || !resp.Truncated {
		t.Errorf("body of %d bytes, truncated %v; want %d, true", len(resp.Body), resp.Truncated, DefaultMaxBody)
	}
	time.Sleep(50 * time.Millisecond)
	if w := written.Load(); w > 20<<20 {
		t.Errorf("the server wrote %d bytes: the body was read on past the cap", w)
	}
}

func TestNonHTMLIsNotRead(t *testing.T) {
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/doc.pdf":
			w.Header().Set("Content-Type", "application/pdf")
			fmt.Fprint(w, "%PDF-1.4 ...")
		case "/untyped":
			w.Header()["Content-Type"] = nil
			fmt.Fprint(w, "<!DOCTYPE html><html><title>sniffed</title></html>")
		case "/octet":
			w.Header().Set("Content-Type", "application/octet-stream")
			fmt.Fprint(w, "<!DOCTYPE html><html><title>sniffed</title></html>")
		case "/binary":
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Write([]byte{0, 1, 2, 3, 0xff})
		}
	})
	f := New(testConfig())
	resp, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/doc.pdf"})
	if err != nil || resp.HTML || resp.Body != nil || resp.ContentType != "application/pdf" {
		t.Errorf("pdf: %+v, %v", resp, err)
	}
	resp, err = f.Fetch(context.Background(), Request{URL: srv.URL + "/doc.pdf", AnyType: true})
	if err != nil || string(resp.Body) != "%PDF-1.4 ..." {
		t.Errorf("pdf with AnyType: %+v, %v", resp, err)
	}
	for _, path := range []string{"/untyped", "/octet"} {
		resp, err = f.Fetch(context.Background(), Request{URL: srv.URL + path})
		if err != nil || !resp.HTML || !strings.Contains(string(resp.Body), "sniffed") {
			t.Errorf("%s: %+v, %v", path, resp, err)
		}
	}
	resp, err = f.Fetch(context.Background(), Request{URL: srv.URL + "/binary"})
	if err != nil || resp.HTML || resp.Body != nil {
		t.Errorf("binary: %+v, %v", resp, err)
	}
}

func TestConditionalRequestsAndNoCookies(t *testing.T) {
	var gotUA atomic.Value
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		gotUA.Store(r.UserAgent())
		if _, err := r.Cookie("session"); err == nil {
			http.Error(w, "cookie sent back", http.StatusBadRequest)
			return
		}
		if r.Header.Get("If-None-Match") == `"v1"` || r.Header.Get("If-Modified-Since") == "Mon, 03 Jun 2013 10:00:00 GMT" {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		http.SetCookie(w, &http.Cookie{Name: "session", Value: "x"})
		w.Header().Set("ETag", `"v1"`)
		page(w, r)
	})
	cfg := testConfig()
	cfg.UserAgent = "TestBot/2.0"
	f := New(cfg)
	first, err := f.Fetch(context.Background(), Request{URL: srv.URL})
	if err != nil || first.Status != 200 || first.Header.Get("ETag") != `"v1"` {
		t.Fatalf("first fetch: %+v, %v", first, err)
	}
	again, err := f.Fetch(context.Background(), Request{URL: srv.URL, ETag: `"v1"`})
	if err != nil || again.Status != http.StatusNotModified {
		t.Errorf("conditional on ETag: %+v, %v", again, err)
	}
	again, err = f.Fetch(context.Background(), Request{URL: srv.URL, LastModified: "Mon, 03 Jun 2013 10:00:00 GMT"})
	if err != nil || again.Status != http.StatusNotModified {
		t.Errorf("conditional on Last-Modified: %+v, %v", again, err)
	}
	if ua := gotUA.Load(); ua != "TestBot/2.0" {
		t.Errorf("User-Agent %q", ua)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"":                              0,
		"120":                           2 * time.Minute,
		"-5":                            0,
		"soon":                          0,
		"Wed, 02 Dec 2026 10:01:30 GMT": 90 * time.Second,
		"99999999999":                   maxRetryAfter,
	} {
		if got := retryAfter(v, now); got != want {
			t.Errorf("retryAfter(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestUnknownHostIsDNSNotFound(t *testing.T) {
	_, err := New(testConfig()).Fetch(context.Background(), Request{URL: "http://gone.example/"})
	if !IsDNSNotFound(err) {
		t.Errorf("error = %v, want DNS not found", err)
	}
}
