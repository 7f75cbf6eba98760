package server

import (
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

func TestContentTypeFollowsExtension(t *testing.T) {
	h, _ := newTestHandler(t)
	tests := []struct{ path, want string }{
		{eventPath + ".html", "text/html; charset=utf-8"},
		{eventPath + ".md", "text/markdown; charset=utf-8"},
		{eventPath + ".json", "application/json"},
		{eventPath + ".xml", "application/xml"},
		{"/feed.xml", "application/rss+xml; charset=utf-8"},
		{"/atom.xml", "application/atom+xml; charset=utf-8"},
		{"/style.css", "text/css; charset=utf-8"},
		{"/robots.txt", "text/plain; charset=utf-8"},
		{"/news/2013/06/6/no-content-type.json", "application/json"}, // from the extension
	}
	for _, tt := range tests {
		resp := get(t, h, "GET", tt.path)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d, want 200", tt.path, resp.StatusCode)
		}
		if got := resp.Header.Get("Content-Type"); got != tt.want {
			t.Errorf("GET %s: Content-Type %q, want %q", tt.path, got, tt.want)
		}
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options %q, want nosniff", tt.path, got)
		}
	}
}

func TestConditionalRequestsAnswer304(t *testing.T) {
	h, _ := newTestHandler(t)
	path := eventPath + ".md"
	first := get(t, h, "GET", path)
	etag := first.Header.Get("ETag")
	if !strings.HasPrefix(etag, `"`) || len(etag) < 10 {
		t.Fatalf("ETag %q: want a strong, quoted hash", etag)
	}
	if got, want := first.Header.Get("Last-Modified"), "Fri, 07 Jun 2013 10:30:00 GMT"; got != want {
		t.Fatalf("Last-Modified %q, want %q", got, want)
	}
	tests := []struct {
		name    string
		headers []string
		want    int
	}{
		{"same ETag", []string{"If-None-Match: " + etag}, 304},
		{"same ETag, weak", []string{"If-None-Match: W/" + etag}, 304},
		{"ETag in a list", []string{`If-None-Match: "old", ` + etag}, 304},
		{"any ETag", []string{"If-None-Match: *"}, 304},
		{"other ETag", []string{`If-None-Match: "0123456789abcdef"`}, 200},
		{"modified since", []string{"If-Modified-Since: Thu, 06 Jun 2013 00:00:00 GMT"}, 200},
		{"not modified since, same second", []string{"If-Modified-Since: Fri, 07 Jun 2013 10:30:00 GMT"}, 304},
		{"not modified since, later", []string{"If-Modified-Since: Sat, 08 Jun 2013 00:00:00 GMT"}, 304},
		{"unreadable date", []string{"If-Modified-Since: yesterday"}, 200},
		{"If-None-Match decides over If-Modified-Since", []string{`If-None-Match: "other"`, "If-Modified-Since: Sat, 08 Jun 2013 00:00:00 GMT"}, 200},
	}
	for _, tt := range tests {
		resp := get(t, h, "GET", path, tt.headers...)
		if resp.StatusCode != tt.want {
			t.Errorf("%s: status %d, want %d", tt.name, resp.StatusCode, tt.want)
		}
		body := readBody(t, resp)
		if tt.want == 304 && (body != "" || resp.Header.Get("ETag") != etag) {
			t.Errorf("%s: 304 with body %q and ETag %q, want no body and ETag %s", tt.name, body, resp.Header.Get("ETag"), etag)
		}
	}
}

func TestETagChangesWithTheBody(t *testing.T) {
	h, _ := newTestHandler(t)
	a := get(t, h, "GET", eventPath+".md").Header.Get("ETag")
	b := get(t, h, "GET", eventPath+".json").Header.Get("ETag")
	if a == b {
		t.Errorf("two different bodies share the ETag %s", a)
	}
}

func TestGzipWhenAcceptedAndWorthIt(t *testing.T) {
	h, _ := newTestHandler(t)
	tests := []struct {
		name, path, acceptEncoding string
		wantGzip                   bool
	}{
		{"gzip accepted", eventPath + ".html", "gzip, deflate, br", true},
		{"any coding accepted", eventPath + ".html", "*", true},
		{"gzip refused", eventPath + ".html", "gzip;q=0, deflate", false},
		{"gzip refused, any accepted", eventPath + ".html", "*, gzip;q=0", false},
		{"no Accept-Encoding", eventPath + ".html", "", false},
		{"small body", eventPath + ".md", "gzip", false},
	}
	for _, tt := range tests {
		var headers []string
		if tt.acceptEncoding != "" {
			headers = append(headers, "Accept-Encoding: "+tt.acceptEncoding)
		}
		resp := get(t, h, "GET", tt.path, headers...)
		body := readBody(t, resp)
		gotGzip := resp.Header.Get("Content-Encoding") == "gzip"
		if gotGzip != tt.wantGzip {
			t.Errorf("%s: gzip %v, want %v", tt.name, gotGzip, tt.wantGzip)
			continue
		}
		if tt.path == eventPath+".html" && !strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("%s: Vary %q lacks Accept-Encoding", tt.name, resp.Header.Get("Vary"))
		}
		if gotGzip && gunzip(t, body) != string(bigBody) {
			t.Errorf("%s: the gzipped body does not unzip to the page", tt.name)
		}
	}
}

func TestGzippedETagDiffersAndRevalidates(t *testing.T) {
	h, _ := newTestHandler(t)
	plain := get(t, h, "GET", eventPath+".html").Header.Get("ETag")
	zipped := get(t, h, "GET", eventPath+".html", "Accept-Encoding: gzip").Header.Get("ETag")
	if plain == zipped {
		t.Fatalf("identity and gzip bodies share the ETag %s", plain)
	}
	resp := get(t, h, "GET", eventPath+".html", "Accept-Encoding: gzip", "If-None-Match: "+zipped)
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("revalidating the gzip ETag: status %d, want 304", resp.StatusCode)
	}
}

func gunzip(t *testing.T, s string) string {
	t.Helper()
	zr, err := gzip.NewReader(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestHeadHasTheHeadersOfGetAndNoBody(t *testing.T) {
	h, _ := newTestHandler(t)
	for _, path := range []string{eventPath + ".html", eventPath, "/no/such/page.html"} {
		getResp := get(t, h, "GET", path)
		getBody := readBody(t, getResp)
		headResp := get(t, h, "HEAD", path)
		if body := readBody(t, headResp); body != "" {
			t.Errorf("HEAD %s: body %q, want none", path, body)
		}
		if headResp.StatusCode != getResp.StatusCode {
			t.Errorf("HEAD %s: status %d, GET gave %d", path, headResp.StatusCode, getResp.StatusCode)
		}
		for _, name := range []string{"Content-Type", "Content-Length", "ETag", "Last-Modified"} {
			if a, b := headResp.Header.Get(name), getResp.Header.Get(name); a != b {
				t.Errorf("HEAD %s: %s %q, GET gave %q", path, name, a, b)
			}
		}
		if cl := headResp.Header.Get("Content-Length"); cl != itoa(len(getBody)) {
			t.Errorf("HEAD %s: Content-Length %s, want %d", path, cl, len(getBody))
		}
	}
}

func TestMethodsOtherThanGetAndHeadAre405(t *testing.T) {
	h, _ := newTestHandler(t)
	for _, method := range []string{"POST", "PUT", "DELETE", "OPTIONS"} {
		resp := get(t, h, method, eventPath+".html")
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: status %d, Allow %q; want 405 and GET, HEAD", method, resp.StatusCode, resp.Header.Get("Allow"))
		}
	}
}

func TestExtensionlessPathsNegotiateByAccept(t *testing.T) {
	h, _ := newTestHandler(t)
	tests := []struct {
		name, path, accept, want string
	}{
		{"no Accept", eventPath, "", eventPath + ".html"},
		{"browser", eventPath, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", eventPath + ".html"},
		{"curl", eventPath, "*/*", eventPath + ".html"},
		{"markdown", eventPath, "text/markdown", eventPath + ".md"},
		{"markdown preferred by quality", eventPath, "text/html;q=0.5, text/markdown", eventPath + ".md"},
		{"json", eventPath, "application/json", eventPath + ".json"},
		{"xml", eventPath, "application/xml", eventPath + ".xml"},
		{"text/xml", eventPath, "text/xml", eventPath + ".xml"},
		{"xhtml", eventPath, "application/xhtml+xml", eventPath + ".html"},
		{"text/* ties go to html", eventPath, "text/*", eventPath + ".html"},
		{"json over a wildcard", eventPath, "application/json, */*;q=0.1", eventPath + ".json"},
		{"case and spaces", eventPath, " Application/JSON ; Q=1 ", eventPath + ".json"},
		{"directory", "/topics/north-korea/", "application/json", "/topics/north-korea/index.json"},
		{"day directory", "/news/2013/06/6/", "text/markdown", "/news/2013/06/6/index.md"},
		{"home", "/", "", "/index.html"},
		{"home as xml", "/", "application/xml", "/index.xml"},
	}
	for _, tt := range tests {
		var headers []string
		if tt.accept != "" {
			headers = append(headers, "Accept: "+tt.accept)
		}
		resp := get(t, h, "GET", tt.path, headers...)
		body := readBody(t, resp)
		want := string(mustPage(t, tt.want))
		if resp.StatusCode != http.StatusOK || body != want {
			t.Errorf("%s: GET %s: status %d, body %.40q; want 200 and %s", tt.name, tt.path, resp.StatusCode, body, tt.want)
		}
		if got := resp.Header.Get("Content-Location"); got != tt.want {
			t.Errorf("%s: Content-Location %q, want %q", tt.name, got, tt.want)
		}
		if !strings.Contains(strings.Join(resp.Header.Values("Vary"), ","), "Accept") {
			t.Errorf("%s: Vary %q lacks Accept", tt.name, resp.Header.Values("Vary"))
		}
	}
}

func mustPage(t *testing.T, path string) []byte {
	t.Helper()
	p, ok := fixturePages()[path]
	if !ok {
		t.Fatalf("no fixture page %s", path)
	}
	return p.Body
}

func TestBadAcceptHeaders(t *testing.T) {
	h, _ := newTestHandler(t)
	tests := []struct {
		name, accept string
		wantStatus   int
		wantPath     string
	}{
		{"garbage falls back to html", "garbage", 200, eventPath + ".html"},
		{"bad quality is skipped", "application/json;q=abc, text/markdown", 200, eventPath + ".md"},
		{"NaN quality is skipped", "application/json;q=NaN", 200, eventPath + ".html"},
		{"quality above 1 is skipped", "application/json;q=2", 200, eventPath + ".html"},
		{"underflowing quality is skipped, not a refusal", "application/json;q=1e-400", 200, eventPath + ".html"},
		{"underflowing quality beside a good range", "text/html;q=1e-400, text/markdown", 200, eventPath + ".md"},
		{"exponent quality is skipped", "text/markdown;q=5e-1, application/json;q=0.4", 200, eventPath + ".json"},
		{"four decimals are skipped", "application/json;q=0.0001", 200, eventPath + ".html"},
		{"leading dot is skipped", "application/json;q=.5", 200, eventPath + ".html"},
		{"1.001 is skipped", "application/json;q=1.001", 200, eventPath + ".html"},
		{"negative zero is skipped", "text/html;q=-0, application/json", 200, eventPath + ".json"},
		{"three decimals are a quality", "text/html;q=0.001, application/json;q=0.002", 200, eventPath + ".json"},
		{"zero with a dot refuses", "text/html;q=0., */*;q=0.000", 406, ""},
		{"half a wildcard is skipped", "*/json", 200, eventPath + ".html"},
		{"only an image", "image/png", 406, ""},
		{"every format refused", "text/html;q=0, */*;q=0", 406, ""},
		{"a long list", strings.Repeat("image/png, ", 500) + "application/json", 406, ""},
	}
	for _, tt := range tests {
		resp := get(t, h, "GET", eventPath, "Accept: "+tt.accept)
		body := readBody(t, resp)
		if resp.StatusCode != tt.wantStatus {
			t.Errorf("%s: status %d, want %d", tt.name, resp.StatusCode, tt.wantStatus)
			continue
		}
		if tt.wantStatus == 406 && !strings.Contains(body, ".json") {
			t.Errorf("%s: 406 body %q does not say how to choose a format", tt.name, body)
		}
		if tt.wantPath != "" && body != string(mustPage(t, tt.wantPath)) {
			t.Errorf("%s: served %.40q, want %s", tt.name, body, tt.wantPath)
		}
	}
}

func TestUnknownPathsAreHelpful404s(t *testing.T) {
	h, _ := newTestHandler(t)
	for _, path := range []string{
		"/news/2013/06/6/no-such-event.html",
		"/news/2013/06/6/no-such-event",
		"/no/such/page",
		"/topics/nobody/",
		"/news/2013/06/6/index.php",
		"/news/9999/99/99/x.json",
		"/.env",
		"/index.html.bak",
	} {
		resp := get(t, h, "GET", path)
		body := readBody(t, resp)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, resp.StatusCode)
		}
		if !strings.Contains(body, "Page not found") || !strings.Contains(body, `href="/index.html"`) {
			t.Errorf("GET %s: 404 body %q is not the helpful page", path, body)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("GET %s: 404 Content-Type %q", path, ct)
		}
	}
}

func TestPathTricksNeverLeaveTheSite(t *testing.T) {
	h, _ := newTestHandler(t)
	tests := []struct {
		name, target string
		wantStatus   int
		wantLocation string
	}{
		{"dot-dot to the root", "/../../etc/passwd", 301, "/etc/passwd"},
		{"dot-dot inside the site", "/news/2013/../2013/06/6/index.html", 301, "/news/2013/06/6/index.html"},
		{"encoded dot-dot", "/news/%2e%2e/%2e%2e/etc/passwd", 301, "/etc/passwd"},
		{"double slashes", "//news//2013/06/6/index.html", 301, "/news/2013/06/6/index.html"},
		{"dot segment", "/./style.css", 301, "/style.css"},
		{"query kept", "/news/../index.html?x=1", 301, "/index.html?x=1"},
		{"encoded slash", "/news/..%2f..%2fetc%2fpasswd", 400, ""},
		{"encoded backslash", "/news/..%5c..%5cetc%5cpasswd", 400, ""},
		{"NUL byte", "/style.css%00.html", 400, ""},
		{"newline", "/index.html%0d%0aSet-Cookie:%20x=1", 400, ""},
		{"backslashes", `/news\..\..\etc\passwd`, 404, ""},
		{"cleaned target does not exist", "/etc/passwd", 404, ""},
	}
	for _, tt := range tests {
		resp := get(t, h, "GET", tt.target)
		if resp.StatusCode != tt.wantStatus {
			t.Errorf("%s: GET %s: status %d, want %d", tt.name, tt.target, resp.StatusCode, tt.wantStatus)
		}
		if got := resp.Header.Get("Location"); got != tt.wantLocation {
			t.Errorf("%s: GET %s: Location %q, want %q", tt.name, tt.target, got, tt.wantLocation)
		}
		// A 400 says what is wrong, after its status text only once.
		if body := readBody(t, resp); tt.wantStatus == 400 && (!strings.HasPrefix(body, "Bad Request: the path holds ") ||
			strings.Count(strings.ToLower(body), "bad request") != 1) {
			t.Errorf("%s: GET %s: 400 body %q", tt.name, tt.target, body)
		}
	}
}

// assertRedirects checks that each target answers 301 to want.
func assertRedirects(t *testing.T, h http.Handler, tests []struct{ target, want string }) {
	t.Helper()
	for _, tt := range tests {
		resp := get(t, h, "GET", tt.target)
		if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != tt.want {
			t.Errorf("GET %s: status %d, Location %q; want 301 to %s", tt.target, resp.StatusCode, resp.Header.Get("Location"), tt.want)
		}
	}
}

func TestRetiredEventPathsRedirectToTheirDay(t *testing.T) {
	h, _ := newTestHandler(t)
	tests := []struct{ target, want string }{
		{retiredPath + ".html", "/news/2013/06/6/index.html"},
		{retiredPath + ".json", "/news/2013/06/6/index.json"},
		{retiredPath, "/news/2013/06/6/"},
	}
	assertRedirects(t, h, tests)
}

func TestEditedEventPathsRedirectToTheEventInTheSameFormat(t *testing.T) {
	h, _ := newTestHandler(t)
	tests := []struct{ target, want string }{
		{movedPath + ".html", eventPath + ".html"},
		{movedPath + ".md", eventPath + ".md"},
		{movedPath + ".json", eventPath + ".json"},
		{movedPath + ".xml", eventPath + ".xml"},
		{movedPath, eventPath},
	}
	assertRedirects(t, h, tests)
}

func TestAliasesRedirectToTheirCanonicalPage(t *testing.T) {
	h, _ := newTestHandler(t)
	tests := []struct{ target, want string }{
		{"/topics/dprk/index.html", "/topics/north-korea/index.html"},
		{"/topics/dprk/index.json", "/topics/north-korea/index.json"},
		{"/topics/dprk/", "/topics/north-korea/"},
	}
	assertRedirects(t, h, tests)
	if resp := get(t, h, "GET", "/stories/dprk/index.html"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a story of the alias's slug: status %d, want 404", resp.StatusCode)
	}
}

func TestPathWithoutItsSlashRedirectsToTheDirectory(t *testing.T) {
	h, _ := newTestHandler(t)
	resp := get(t, h, "GET", "/topics/north-korea")
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/topics/north-korea/" {
		t.Errorf("status %d, Location %q; want 301 to /topics/north-korea/", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestPanicBecomes500AndALogLine(t *testing.T) {
	h, logs := newTestHandler(t)
	resp := get(t, h, "GET", "/panic.html")
	if resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", resp.StatusCode)
	}
	if !strings.Contains(logs.String(), "a bug in the renderer") || !strings.Contains(logs.String(), "status=500") {
		t.Errorf("log %q lacks the panic or the request line", logs.String())
	}
	// The server goes on serving.
	if resp := get(t, h, "GET", "/style.css"); resp.StatusCode != http.StatusOK {
		t.Errorf("after a panic: status %d, want 200", resp.StatusCode)
	}
}

func TestSiteFailureIs500AndLogged(t *testing.T) {
	h, logs := newTestHandler(t)
	resp := get(t, h, "GET", "/broken.html")
	body := readBody(t, resp)
	if resp.StatusCode != http.StatusInternalServerError || strings.Contains(body, "locked") {
		t.Errorf("status %d, body %q; want 500 without the internal error", resp.StatusCode, body)
	}
	if !strings.Contains(logs.String(), "database is locked") {
		t.Errorf("log %q lacks the error", logs.String())
	}
}

func TestRequestLogNamesMethodPathStatusBytesDuration(t *testing.T) {
	h, logs := newTestHandler(t)
	body := readBody(t, get(t, h, "GET", eventPath+".md"))
	line := logs.String()
	for _, want := range []string{"method=GET", "path=" + eventPath + ".md", "status=200", "bytes=" + itoa(len(body)), "duration="} {
		if !strings.Contains(line, want) {
			t.Errorf("log line %q lacks %q", line, want)
		}
	}
}

func TestNewHandlerNeedsPages(t *testing.T) {
	if _, err := NewHandler(Config{}); err == nil {
		t.Error("NewHandler without pages: no error")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
