package deploy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"github.com/chronicle-archive/chronicle/internal/deploy/s3test"
	"github.com/chronicle-archive/chronicle/internal/site"
)

func TestParseTarget(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Target
		err  string
	}{
		{"s3://site/archive", Target{"site", "archive"}, ""},
		{"s3://site/a/b/", Target{"site", "a/b"}, ""},
		{"s3://site", Target{"site", ""}, ""},
		{"s3://site/", Target{"site", ""}, ""},
		{"site/archive", Target{}, "want s3://BUCKET/PREFIX"},
		{"s3:///archive", Target{}, "names no bucket"},
		{"s3://site/a//b", Target{}, "empty, . or .."},
		{"s3://site/a/../b", Target{}, "empty, . or .."},
		{"s3://my.site-2/x", Target{"my.site-2", "x"}, ""},
		{"s3://Bad_Bucket!/x", Target{}, `bucket "Bad_Bucket!" has "B"`},
		{"s3://bad_bucket/x", Target{}, `bucket "bad_bucket" has "_"`},
		{"s3://ab/x", Target{}, `bucket "ab" has 2 characters`},
		{"s3://" + strings.Repeat("a", 64), Target{}, "has 64 characters"},
		{"s3://-site/x", Target{}, `bucket "-site" begins with "-"`},
		{"s3://site./x", Target{}, `bucket "site." ends with "."`},
		{"s3://a..b/x", Target{}, `bucket "a..b" has two dots in a row`},
		{"s3://192.168.5.4/x", Target{}, `bucket "192.168.5.4" is an IP address`},
		{"s3://site/a\x00b", Target{}, "a control character"},
		{"s3://site/a\xffb", Target{}, "not UTF-8"},
		{"s3://site/" + strings.Repeat("a", 1024), Target{}, "longer than"},
	} {
		got, err := ParseTarget(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseTarget(%q) = %v, %v; want an error with %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseTarget(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

func TestHeaders(t *testing.T) {
	for _, tc := range []struct {
		rel, typ, cache string
	}{
		{"news/2025/03/5/a-flood.html", "text/html; charset=utf-8", longCache},
		{"news/2025/03/5/a-flood.md", "text/markdown; charset=utf-8", longCache},
		{"news/2025/03/5/a-flood.json", "application/json", longCache},
		{"news/2025/03/5/a-flood.xml", "application/xml; charset=utf-8", longCache},
		{"news/2025/03/5/index.html", "text/html; charset=utf-8", shortCache},
		{"index.md", "text/markdown; charset=utf-8", shortCache},
		{"feed.xml", "application/rss+xml; charset=utf-8", shortCache},
		{"topics/ukraine/atom.xml", "application/atom+xml; charset=utf-8", shortCache},
		{"sitemap.xml", "application/xml; charset=utf-8", shortCache},
		{"sitemaps/2025.xml", "application/xml; charset=utf-8", shortCache},
		{"robots.txt", "text/plain; charset=utf-8", shortCache},
		{"style.css", "text/css; charset=utf-8", longCache},
		{"schema/event.schema.json", "application/schema+json", longCache},
		{"404.html", "text/html; charset=utf-8", longCache},
		{"search.js", "text/javascript; charset=utf-8", shortCache},
		{"search/index.html", "text/html; charset=utf-8", shortCache},
		{"search/index/manifest.json", "application/json", shortCache},
		{"search/index/t/756e.json", "application/json", shortCache},
		{"search/index/d/12.json", "application/json", shortCache},
	} {
		h := staticHeader(tc.rel, false)
		if h.ContentType != tc.typ || h.CacheControl != tc.cache || h.Encoding != "" {
			t.Errorf("%s: %+v; want %s, %s", tc.rel, h, tc.typ, tc.cache)
		}
		if gz := staticHeader(tc.rel, true); gz.Encoding != "gzip" {
			t.Errorf("%s with gzip: %+v", tc.rel, gz)
		}
	}
}

// The deploy serves every file of a built site with the type the server
// (site.Page) gives it.
func TestContentTypesMatchTheServer(t *testing.T) {
	d := buildDemo(t)
	s := site.New(d.st, testConfig)
	for rel := range snapshot(t, d.out) {
		p, err := s.Page(context.Background(), "/"+rel)
		if errors.Is(err, site.ErrNotFound) {
			continue // a redirect of a retired page
		}
		if err != nil {
			t.Fatal(err)
		}
		if got := contentType(rel); got != p.ContentType {
			t.Errorf("%s: deployed as %q, served as %q", rel, got, p.ContentType)
		}
	}
}

func TestRedirectOf(t *testing.T) {
	htmlPage := []byte(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Moved</title>
<meta http-equiv="refresh" content="0; url=/news/2025/03/5/index.html">`)
	for _, tc := range []struct {
		rel, prefix string
		body        []byte
		want        string
	}{
		{"news/2025/03/5/x.html", "archive", htmlPage, "/archive/news/2025/03/5/index.html"},
		{"news/2025/03/5/x.html", "", htmlPage, "/news/2025/03/5/index.html"},
		{"news/2025/03/5/x.json", "p", []byte(`{"redirect": "/news/2025/03/5/index.json"}`), "/p/news/2025/03/5/index.json"},
		{"news/2025/03/5/x.xml", "", []byte("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<redirect><location>/news/2025/03/5/index.xml</location></redirect>\n"), "/news/2025/03/5/index.xml"},
		{"news/2025/03/5/x.json", "", []byte(`{"redirect": "/a", "title": "b"}`), ""},
		{"news/2025/03/5/x.html", "", []byte(`<html>a page</html>`), ""},
		{"news/2025/03/5/x.html", "", append(bytes.Repeat([]byte(" "), redirectLimit), htmlPage...), ""},
	} {
		if got := redirectOf(tc.rel, tc.body, tc.prefix); got != tc.want {
			t.Errorf("redirectOf(%s, prefix %q) = %q; want %q", tc.rel, tc.prefix, got, tc.want)
		}
	}
}

// A first deploy uploads the demo site; after an import changes one day,
// the next uploads only the files that changed.
func TestDeployThenOnlyWhatChanged(t *testing.T) {
	srv := s3test.Start(t, "site")
	srv.Env(t)
	d := buildDemo(t)
	to := Target{Bucket: "site", Prefix: "archive"}
	ctx := context.Background()

	first, err := Deploy(ctx, d.out, to, testOptions(srv))
	if err != nil {
		t.Fatal(err)
	}
	local := snapshot(t, d.out)
	if first.Uploaded != len(local) || first.Unchanged != 0 || first.Deleted != 0 || first.Files != len(local) {
		t.Fatalf("first deploy of %d files: %s", len(local), first)
	}
	t.Log(first)
	sameFiles(t, local, bucketFiles(t, srv, to))

	d.changeDay(t)
	after := snapshot(t, d.out)
	changed, removed := changedFiles(local, after)
	if changed == 0 || changed > len(after)/5 || removed != 0 {
		t.Fatalf("the edit of one day changed %d files and removed %d", changed, removed)
	}
	second, err := Deploy(ctx, d.out, to, testOptions(srv))
	if err != nil {
		t.Fatal(err)
	}
	if second.Uploaded != changed || second.Unchanged != len(after)-changed || second.Deleted != 0 {
		t.Fatalf("after one day changed %d files: %s", changed, second)
	}
	// The requests: a check, the manifest read, the uploads, the manifest write.
	if second.Requests != int64(changed+3) {
		t.Errorf("second deploy made %d requests for %d uploads", second.Requests, changed)
	}
	sameFiles(t, after, bucketFiles(t, srv, to))

	checkHeaders(t, srv, d)

	third, err := Deploy(ctx, d.out, to, testOptions(srv))
	if err != nil || third.Uploaded != 0 || third.Requests != 2 {
		t.Fatalf("deploy of an unchanged site: %s, %v", third, err)
	}
}

// checkHeaders reads back with HEAD the headers of the deployed demo site
// after changeDay, a retired page's redirect among them.
func checkHeaders(t *testing.T, srv *s3test.Server, d *demoSite) {
	ctx := context.Background()
	moved := retiredPage(t, d.out)
	// The edited event's old page leads to its new one (docs/sync.md).
	movedTo := "/archive/" + strings.Replace(moved, "killing-two-people", "killing-three-people", 1)
	for _, tc := range []struct {
		rel, typ, cache, redirect string
	}{
		{"index.html", "text/html; charset=utf-8", shortCache, ""},
		{"index.md", "text/markdown; charset=utf-8", shortCache, ""},
		{"index.json", "application/json", shortCache, ""},
		{"feed.xml", "application/rss+xml; charset=utf-8", shortCache, ""},
		{"atom.xml", "application/atom+xml; charset=utf-8", shortCache, ""},
		{"sitemap.xml", "application/xml; charset=utf-8", shortCache, ""},
		{"style.css", "text/css; charset=utf-8", longCache, ""},
		{eventPage(t, d.out), "text/html; charset=utf-8", longCache, ""},
		{moved + ".html", "text/html; charset=utf-8", longCache, movedTo + ".html"},
		{moved + ".json", "application/json", longCache, movedTo + ".json"},
	} {
		h, err := srv.Client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String("site"), Key: aws.String("archive/" + tc.rel)})
		if err != nil {
			t.Fatalf("HEAD %s: %v", tc.rel, err)
		}
		if aws.ToString(h.ContentType) != tc.typ || aws.ToString(h.CacheControl) != tc.cache ||
			aws.ToString(h.WebsiteRedirectLocation) != tc.redirect || h.Metadata[shaMeta] == "" {
			t.Errorf("HEAD %s: type %q, cache %q, redirect %q, metadata %v; want %q, %q, %q", tc.rel,
				aws.ToString(h.ContentType), aws.ToString(h.CacheControl), aws.ToString(h.WebsiteRedirectLocation),
				h.Metadata, tc.typ, tc.cache, tc.redirect)
		}
	}
	// The bucket as a website: the retired page redirects, a directory
	// serves its index.
	srv.Publish(t, "site")
	if r := srv.Visit(t, "site", "/archive/"+moved+".html"); r.StatusCode != http.StatusMovedPermanently ||
		r.Header.Get("Location") != movedTo+".html" {
		t.Errorf("website GET of the retired page: %s, Location %q", r.Status, r.Header.Get("Location"))
	}
	if r := srv.Visit(t, "site", "/archive/news/2025/03/5/"); r.StatusCode != http.StatusOK ||
		r.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("website GET of a day: %s, %q", r.Status, r.Header.Get("Content-Type"))
	}
	body := getObject(t, srv, "site", "archive/"+moved+".html")
	if !bytes.Contains(body, []byte(`http-equiv="refresh"`)) {
		t.Errorf("the retired page's object is not the HTML redirect page:\n%s", body)
	}
}

// retiredPage finds the page path (without extension) of the event
// changeDay edited: an HTML file under the day that is a redirect.
func retiredPage(t testing.TB, out string) string {
	t.Helper()
	dir := filepath.Join(out, "news", "2025", "03", "5")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".html") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(`http-equiv="refresh"`)) {
			return "news/2025/03/5/" + strings.TrimSuffix(e.Name(), ".html")
		}
	}
	t.Fatal("no retired page under news/2025/03/5")
	return ""
}

// eventPage is the HTML file of an event of 5 March that is not a redirect.
func eventPage(t testing.TB, out string) string {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(out, "news", "2025", "03", "5", "*-odesa*.html"))
	if err != nil || len(matches) == 0 {
		t.Fatalf("no event page of Odesa on 5 March: %v", err)
	}
	rel, _ := filepath.Rel(out, matches[0])
	return filepath.ToSlash(rel)
}

func TestGzip(t *testing.T) {
	srv := s3test.Start(t, "site")
	srv.Env(t)
	out := miniSite(t)
	to := Target{Bucket: "site", Prefix: "gz"}
	ctx := context.Background()
	opts := testOptions(srv)
	plain, err := Deploy(ctx, out, Target{Bucket: "site", Prefix: "plain"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.Gzip = true
	zipped, err := Deploy(ctx, out, to, opts)
	if err != nil {
		t.Fatal(err)
	}
	if zipped.Bytes*3 > plain.Bytes {
		t.Errorf("gzip uploaded %d bytes, plain %d", zipped.Bytes, plain.Bytes)
	}
	h, err := srv.Client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String("site"), Key: aws.String("gz/index.md")})
	if err != nil || aws.ToString(h.ContentEncoding) != "gzip" || aws.ToString(h.ContentType) != "text/markdown; charset=utf-8" {
		t.Fatalf("HEAD gz/index.md: %+v, %v", h, err)
	}
	sameFiles(t, snapshot(t, out), bucketFiles(t, srv, to))
	// Switching gzip off changes the headers of every object gzip
	// compressed: they go up again; the rest (the PNG icon) stay.
	files, err := walkSite(out, true)
	if err != nil {
		t.Fatal(err)
	}
	incompressible := 0
	for _, f := range files {
		if f.head.Encoding == "" {
			incompressible++
		}
	}
	opts.Gzip = false
	again, err := Deploy(ctx, out, to, opts)
	if err != nil || incompressible == 0 || again.Uploaded != again.Files-incompressible || again.Unchanged != incompressible {
		t.Fatalf("deploy without gzip over a gzip deploy: %s, %v; want all but the %d files gzip leaves alone uploaded", again, err, incompressible)
	}
}

func TestDryRunChangesNothing(t *testing.T) {
	srv := s3test.Start(t, "site")
	srv.Env(t)
	out := miniSite(t)
	to := Target{Bucket: "site", Prefix: "archive"}
	ctx := context.Background()
	if _, err := Deploy(ctx, out, to, testOptions(srv)); err != nil {
		t.Fatal(err)
	}
	before := bucketFiles(t, srv, to)
	write(t, out, "index.html", "<p>changed</p>\n")
	write(t, out, "news/2025/03/5/new.html", "<p>new</p>\n")
	if err := os.Remove(filepath.Join(out, "atom.xml")); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	opts := testOptions(srv)
	opts.DryRun, opts.Log = true, &log
	rep, err := Deploy(ctx, out, to, opts)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Uploaded != 2 || rep.Deleted != 1 || rep.Unchanged != len(before)-2 || !strings.HasPrefix(rep.String(), "dry run of ") {
		t.Errorf("dry run after 2 changes and 1 removal: %s", rep)
	}
	if want := "add    /news/2025/03/5/new.html\nupdate /index.html\ndelete /atom.xml\n"; log.String() != want {
		t.Errorf("dry run listed:\n%s\nwant:\n%s", log.String(), want)
	}
	if now := bucketFiles(t, srv, to); len(now) != len(before) || !bytes.Equal(now["index.html"], before["index.html"]) {
		t.Error("the dry run changed the bucket")
	}
	if rep, err := Deploy(ctx, out, to, testOptions(srv)); err != nil || rep.Uploaded != 2 || rep.Deleted != 1 {
		t.Errorf("the deploy after the dry run: %s, %v", rep, err)
	}
	sameFiles(t, snapshot(t, out), bucketFiles(t, srv, to))
}

func write(t testing.TB, dir, rel, body string) {
	t.Helper()
	name := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestDeletesOnlyItsOwnObjectsWithoutAManifest(t *testing.T) {
	srv := s3test.Start(t, "site")
	srv.Env(t)
	out := miniSite(t)
	to := Target{Bucket: "site", Prefix: "archive"}
	ctx := context.Background()
	write(t, out, "old/page.html", "<p>old</p>\n")
	if _, err := Deploy(ctx, out, to, testOptions(srv)); err != nil {
		t.Fatal(err)
	}
	foreign := "archive/notes.txt"
	if _, err := srv.Client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("site"), Key: &foreign,
		Body: strings.NewReader("mine")}); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("site"),
		Key: aws.String("archive/" + ManifestName)}); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(out, "old", "page.html")); err != nil {
		t.Fatal(err)
	}
	rep, err := Deploy(ctx, out, to, testOptions(srv))
	if err != nil || rep.Deleted != 1 || rep.Uploaded != 0 {
		t.Fatalf("deploy after a file was removed: %s, %v", rep, err)
	}
	remote := bucketFiles(t, srv, to)
	if _, ok := remote["old/page.html"]; ok {
		t.Error("old/page.html is still in the bucket")
	}
	if _, ok := remote["notes.txt"]; !ok {
		t.Error("the deploy deleted an object it did not upload")
	}
}

func TestCorruptManifestFallsBackToListing(t *testing.T) {
	srv := s3test.Start(t, "site")
	srv.Env(t)
	out := miniSite(t)
	to := Target{Bucket: "site", Prefix: "archive"}
	ctx := context.Background()
	if _, err := Deploy(ctx, out, to, testOptions(srv)); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("site"),
		Key: aws.String("archive/" + ManifestName), Body: strings.NewReader("not gzip")}); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	opts := testOptions(srv)
	opts.Log = &log
	rep, err := Deploy(ctx, out, to, opts)
	if err != nil || rep.Uploaded != 0 || rep.Unchanged != rep.Files {
		t.Fatalf("deploy over a corrupt manifest: %s, %v", rep, err)
	}
	if !strings.Contains(log.String(), "unreadable manifest") {
		t.Errorf("no note of the corrupt manifest: %q", log.String())
	}
	again, err := Deploy(ctx, out, to, testOptions(srv))
	if err != nil || again.Requests != 2 {
		t.Fatalf("the manifest was not rewritten: %s, %v", again, err)
	}
}

// A deploy stopped after some uploads — first deploy or a later one — is
// completed by the next run, which uploads only what is still missing.
func TestStoppedDeployIsCompletedByTheNext(t *testing.T) {
	srv := s3test.Start(t, "site")
	srv.Env(t)
	d := buildDemo(t)
	to := Target{Bucket: "site", Prefix: "archive"}
	stopAfter := func(n int64) (context.Context, Options) {
		ctx, cancel := context.WithCancel(context.Background())
		t.Cleanup(cancel)
		var done atomic.Int64
		opts := testOptions(srv)
		opts.afterPut = func(string) {
			if done.Add(1) == n {
				cancel()
			}
		}
		return ctx, opts
	}
	ctx, opts := stopAfter(40)
	stopped, err := Deploy(ctx, d.out, to, opts)
	if !errors.Is(err, context.Canceled) || stopped.Uploaded < 40 || stopped.Uploaded >= stopped.Files {
		t.Fatalf("stopped first deploy: %s, %v", stopped, err)
	}
	rest, err := Deploy(context.Background(), d.out, to, testOptions(srv))
	if err != nil || rest.Uploaded != rest.Files-stopped.Uploaded {
		t.Fatalf("after %d of %d uploads, the next deploy: %s, %v", stopped.Uploaded, stopped.Files, rest, err)
	}
	sameFiles(t, snapshot(t, d.out), bucketFiles(t, srv, to))

	d.changeDay(t)
	ctx, opts = stopAfter(3)
	if _, err := Deploy(ctx, d.out, to, opts); !errors.Is(err, context.Canceled) {
		t.Fatalf("stopped second deploy: %v", err)
	}
	if _, err := Deploy(context.Background(), d.out, to, testOptions(srv)); err != nil {
		t.Fatal(err)
	}
	sameFiles(t, snapshot(t, d.out), bucketFiles(t, srv, to))
}

func TestClearErrors(t *testing.T) {
	srv := s3test.Start(t, "site")
	out := miniSite(t)
	ctx := context.Background()
	closed, err := freeClosedPort()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, endpoint, access, secret, bucket, want string
	}{
		{"wrong endpoint", closed, s3test.AccessKey, s3test.SecretKey, "site", "connection refused"},
		{"unknown access key", srv.Endpoint, "nobody", s3test.SecretKey, "site", "does not know the access key"},
		{"wrong secret", srv.Endpoint, s3test.AccessKey, "wrong-secret", "site", "rejected the request signature"},
		{"missing bucket", srv.Endpoint, s3test.AccessKey, s3test.SecretKey, "nosuchbucket", `bucket "nosuchbucket" does not exist`},
		{"bad endpoint", "127.0.0.1:1", s3test.AccessKey, s3test.SecretKey, "site", `--endpoint "127.0.0.1:1": want a URL`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv.Env(t)
			t.Setenv("AWS_ACCESS_KEY_ID", tc.access)
			t.Setenv("AWS_SECRET_ACCESS_KEY", tc.secret)
			_, err := Deploy(ctx, out, Target{Bucket: tc.bucket, Prefix: "p"}, Options{Endpoint: tc.endpoint})
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("got %v; want one line with %q", err, tc.want)
			}
		})
	}
	t.Run("no credentials", func(t *testing.T) {
		srv.Env(t)
		t.Setenv("AWS_ACCESS_KEY_ID", "")
		t.Setenv("AWS_SECRET_ACCESS_KEY", "")
		t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
		_, err := Deploy(ctx, out, Target{Bucket: "site"}, Options{Endpoint: srv.Endpoint})
		if err == nil || !strings.Contains(err.Error(), "no AWS credentials") || strings.Contains(err.Error(), "\n") {
			t.Errorf("got %v", err)
		}
	})
}

// freeClosedPort is the URL of a loopback port nothing listens on.
func freeClosedPort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return fmt.Sprintf("http://%s", l.Addr()), nil
}

// throttler stands between the deploy and the S3 server: it answers every
// third upload's first attempt with 503 SlowDown and every seventh's with
// 500 InternalError, and passes the rest on.
type throttler struct {
	next    http.Handler
	mu      sync.Mutex
	puts    int
	refused map[string]bool
}

func (th *throttler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPut {
		th.mu.Lock()
		th.puts++
		refuse := !th.refused[r.URL.Path] && (th.puts%3 == 0 || th.puts%7 == 0)
		code, status := "SlowDown", http.StatusServiceUnavailable
		if th.puts%7 == 0 {
			code, status = "InternalError", http.StatusInternalServerError
		}
		if refuse {
			th.refused[r.URL.Path] = true
		}
		th.mu.Unlock()
		if refuse {
			io.Copy(io.Discard, r.Body)
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(status)
			fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>try again</Message></Error>`, code)
			return
		}
	}
	th.next.ServeHTTP(w, r)
}

type shortBackoff struct{}

func (shortBackoff) BackoffDelay(int, error) (time.Duration, error) { return 5 * time.Millisecond, nil }

func TestRetriesThrottlingAndServerErrors(t *testing.T) {
	srv := s3test.Start(t, "site")
	srv.Env(t)
	out := miniSite(t)
	u, err := url.Parse(srv.Endpoint)
	if err != nil {
		t.Fatal(err)
	}
	th := &throttler{next: httputil.NewSingleHostReverseProxy(u), refused: map[string]bool{}}
	proxy := httptest.NewServer(th)
	defer proxy.Close()
	to := Target{Bucket: "site", Prefix: "archive"}
	opts := Options{Endpoint: proxy.URL, backoff: shortBackoff{}}
	rep, err := Deploy(context.Background(), out, to, opts)
	if err != nil {
		t.Fatal(err)
	}
	// A first deploy: the check, the manifest read, the listing, the uploads
	// and the manifest write, and one retry of each refused request.
	retried := int64(len(th.refused))
	if retried == 0 || rep.Requests != int64(rep.Uploaded)+4+retried {
		t.Errorf("%d requests refused once: %s", retried, rep)
	}
	sameFiles(t, snapshot(t, out), bucketFiles(t, srv, to))
}

// The keys may come from a profile of the shared credentials file, as the
// AWS tools read it.
func TestCredentialsFromProfile(t *testing.T) {
	srv := s3test.Start(t, "site")
	srv.Env(t)
	out := miniSite(t)
	creds := filepath.Join(t.TempDir(), "credentials")
	body := fmt.Sprintf("[default]\naws_access_key_id = nobody\naws_secret_access_key = nothing\n\n"+
		"[deployer]\naws_access_key_id = %s\naws_secret_access_key = %s\n", s3test.AccessKey, s3test.SecretKey)
	if err := os.WriteFile(creds, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", creds)
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	t.Setenv("AWS_PROFILE", "deployer")
	rep, err := Deploy(context.Background(), out, Target{Bucket: "site", Prefix: "p"}, Options{Endpoint: srv.Endpoint})
	if err != nil || rep.Uploaded != rep.Files {
		t.Fatalf("deploy with AWS_PROFILE=deployer: %s, %v", rep, err)
	}
}

// loginPage is what a login page, a proxy or a catch-all server answers to
// every request: 200 and a page of HTML.
const loginPage = "<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><p>Please sign in.</p></body></html>\n"

// page answers every request with 200 and the body, as HTML.
func page(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, body)
	}
}

// emptyBucket answers a listing and a read like an empty S3 bucket, and
// every other request with the login page.
func emptyBucket(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/xml")
	switch {
	case r.Method == http.MethodGet && r.URL.Query().Get("list-type") == "2":
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">`+
			`<Name>site</Name><Prefix>%s</Prefix><KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>`,
			r.URL.Query().Get("prefix"))
	case r.Method == http.MethodGet:
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>`)
	default:
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, loginPage)
	}
}

// An endpoint that answers 200 with a page of HTML is not taken for an empty
// bucket that accepts every upload.
func TestRefusesAnEndpointThatIsNotS3(t *testing.T) {
	out := miniSite(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "key")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	for _, tc := range []struct {
		name    string
		handler http.HandlerFunc
		want    string
	}{
		{"a page to every request", page(loginPage), "the listing is not S3's"},
		{"a page that is not XML", page("<html><head><meta charset=utf-8><title>Hi</title></head></html>"), "the listing is not S3's"},
		{"text to every request", page("OK\n"), "the listing is not S3's"},
		{"a page to uploads", emptyBucket, "the answer to an upload has no ETag"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(tc.handler)
			defer srv.Close()
			rep, err := Deploy(context.Background(), out, Target{Bucket: "site", Prefix: "p"}, Options{Endpoint: srv.URL, Jobs: 1})
			if err == nil || !strings.Contains(err.Error(), "does not answer like S3") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v; want an error saying the endpoint does not answer like S3: %s", err, tc.want)
			}
			if rep.Uploaded != 0 {
				t.Errorf("%d uploads counted", rep.Uploaded)
			}
		})
	}
}

// Check finds the settings that cannot work without sending anything.
func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts Options
		env  map[string]string
		want string // "" for no error
	}{
		{"endpoint", Options{Endpoint: "http://127.0.0.1:7070"}, nil, ""},
		{"region", Options{Region: "eu-west-1"}, nil, ""},
		{"region from the environment", Options{}, map[string]string{"AWS_REGION": "eu-west-1"}, ""},
		{"R2", Options{Endpoint: "https://account.r2.cloudflarestorage.com", Region: "auto"}, nil, ""},
		{"not a URL", Options{Endpoint: "not a url"}, nil, `--endpoint "not a url": want a URL`},
		{"no scheme", Options{Endpoint: "127.0.0.1:7070"}, nil, `--endpoint "127.0.0.1:7070": want a URL`},
		{"ftp", Options{Endpoint: "ftp://s3.example.com"}, nil, "want a URL"},
		{"a port out of range", Options{Endpoint: "http://127.0.0.1:99999"}, nil, `--endpoint "http://127.0.0.1:99999": port 99999`},
		{"a query", Options{Endpoint: "https://s3.example.com/?x=1"}, nil, "want no query"},
		{"keys in the URL", Options{Endpoint: "https://key:secret@s3.example.com"}, nil, "not in the URL"},
		{"no region", Options{}, nil, "no region: give --region or set AWS_REGION"},
		{"a bad region", Options{Region: "eu west 1"}, nil, `--region "eu west 1"`},
		{"a bad region from the environment", Options{}, map[string]string{"AWS_REGION": "eu/west"}, `region "eu/west"`},
		{"no credentials", Options{Endpoint: "http://127.0.0.1:7070"},
			map[string]string{"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""}, "no AWS credentials found"},
		{"a missing profile", Options{Endpoint: "http://127.0.0.1:7070"}, map[string]string{"AWS_PROFILE": "nobody"}, `profile "nobody"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			noAWSConfig(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			err := Check(context.Background(), tc.opts)
			var setting *SettingError
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("got %v; want no error", err)
			case tc.want != "" && (!errors.As(err, &setting) || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("got %v (%T); want a SettingError with %q", err, err, tc.want)
			}
		})
	}
}

// noAWSConfig gives the test keys in the environment and nothing else: no
// region, profile or shared files, and no EC2 instance metadata.
func noAWSConfig(t *testing.T) {
	t.Helper()
	none := filepath.Join(t.TempDir(), "none")
	for k, v := range map[string]string{"AWS_ACCESS_KEY_ID": "key", "AWS_SECRET_ACCESS_KEY": "secret",
		"AWS_SESSION_TOKEN": "", "AWS_PROFILE": "", "AWS_REGION": "", "AWS_DEFAULT_REGION": "",
		"AWS_CONFIG_FILE": none, "AWS_SHARED_CREDENTIALS_FILE": none, "AWS_EC2_METADATA_DISABLED": "true"} {
		t.Setenv(k, v)
	}
}

// s3Error answers the requests that match with S3's error of the code, and
// passes the others on to next.
func s3Error(match func(*http.Request) bool, status int, code string, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !match(r) {
			next(w, r)
			return
		}
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>The test says %s.</Message>`+
			`<RequestId>4442587FB7D0A2F9</RequestId><HostId>aG9zdA==</HostId></Error>`, code, code)
	}
}

func isPut(r *http.Request) bool { return r.Method == http.MethodPut }

func isRead(r *http.Request) bool {
	return r.Method == http.MethodGet && !r.URL.Query().Has("list-type")
}

// hangUp closes the connection of every request without an answer.
func hangUp(w http.ResponseWriter, r *http.Request) {
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		conn.Close()
	}
}

// reset resets the connection of every request.
func reset(w http.ResponseWriter, r *http.Request) {
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		conn.(*net.TCPConn).SetLinger(0)
		conn.Close()
	}
}

// A failed request is one line that says what it was for, at which
// endpoint, and why, without the SDK's layers; the error under it stays
// wrapped.
func TestRequestErrorsSayWhatFailed(t *testing.T) {
	out := miniSite(t)
	noAWSConfig(t)
	for _, tc := range []struct {
		name    string
		handler http.HandlerFunc
		want    string // after "cannot "; URL stands for the endpoint, * for any word
		under   func(error) bool
	}{
		{"no answer", hangUp, "list s3://site/p at URL: the server closed the connection without answering (EOF)",
			func(err error) bool { return errors.Is(err, io.EOF) }},
		{"a connection reset", reset, "list s3://site/p at URL: read tcp *: read: connection reset by peer",
			func(err error) bool { return errors.Is(err, syscall.ECONNRESET) }},
		{"a read refused", s3Error(isRead, http.StatusForbidden, "AccessDenied", emptyBucket),
			`read s3://site/p/.chronicle-manifest.tsv.gz at URL: access denied to bucket "site": check the credentials' permissions`, isAPIError},
		{"uploads failing", s3Error(isPut, http.StatusInternalServerError, "InternalError", emptyBucket),
			"upload 404.html to s3://site/p at URL: InternalError: The test says InternalError.", isAPIError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(tc.handler)
			defer srv.Close()
			opts := Options{Endpoint: srv.URL, Jobs: 1, backoff: shortBackoff{}}
			_, err := Deploy(context.Background(), out, Target{Bucket: "site", Prefix: "p"}, opts)
			want := regexp.QuoteMeta("cannot " + strings.ReplaceAll(tc.want, "URL", srv.URL))
			want = "^" + strings.ReplaceAll(want, `\*`, `\S*`) + "$"
			if err == nil || !regexp.MustCompile(want).MatchString(err.Error()) {
				t.Errorf("got  %v\nwant %s", err, tc.want)
			}
			if err != nil && !tc.under(err) {
				t.Errorf("the error under %q is not wrapped", err)
			}
		})
	}
}

func isAPIError(err error) bool {
	var api smithy.APIError
	return errors.As(err, &api)
}
