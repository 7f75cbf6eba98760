package deploy

import (
	"bytes"
	"compress/gzip"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"io/fs"
	"mime"
	"path"
	"path/filepath"
	"regexp"
	"strings"
)

// header is what S3 serves with an object besides its body.
type header struct {
	ContentType  string
	CacheControl string
	Encoding     string
	// Redirect is the website-redirect location of a moved page's file.
	Redirect string
}

// Cache lifetimes: pages that change whenever a day is imported (indexes,
// feeds, sitemaps) are cached briefly; an event page rarely changes.
const (
	shortCache = "public, max-age=300"
	longCache  = "public, max-age=86400"
)

// Upload phases, in order: a page is in place before any index links to it.
const (
	phasePages   = iota // event pages, redirects, style, schemas, 404
	phaseIndexes        // index pages, feeds, sitemaps, robots.txt, llms.txt
)

// localFile is one file of the built site.
type localFile struct {
	rel   string // slash-separated path under the site root: news/2025/03/03/x.html
	size  int64
	mtime int64 // Unix nanoseconds
	phase int
	head  header // with Redirect unset until the body is read
}

// walkSite lists the files of the site in dir, skipping dot files (the
// build's state file, temporary files of an interrupted build).
func walkSite(dir string, gz bool) ([]localFile, error) {
	// A site directory is a link to its published build (docs/build.md).
	dir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, err
	}
	var files []localFile
	err = filepath.WalkDir(dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && name != dir {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, name)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		files = append(files, localFile{rel: rel, size: info.Size(), mtime: info.ModTime().UnixNano(),
			phase: phaseOf(rel), head: staticHeader(rel, gz)})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read site %s: %w", dir, err)
	}
	return files, nil
}

// phaseOf tells when a file goes up: the index pages (index.*), feeds,
// sitemaps, robots.txt and llms.txt last, everything else first.
func phaseOf(rel string) int {
	base := path.Base(rel)
	switch {
	case strings.HasPrefix(base, "index."), base == "feed.xml", base == "atom.xml",
		rel == "sitemap.xml", strings.HasPrefix(rel, "sitemaps/"), rel == "robots.txt", rel == "llms.txt",
		// The search index's files change in place from build to build and
		// must match its manifest: short caching, uploaded after the pages.
		strings.HasPrefix(rel, "search/"), rel == "search.js":
		return phaseIndexes
	}
	return phasePages
}

// contentType is the type the site serves a file with, as internal/site
// names it: the page formats with their charset, the feeds as RSS and Atom.
func contentType(rel string) string {
	base := path.Base(rel)
	switch {
	case base == "feed.xml":
		return "application/rss+xml; charset=utf-8"
	case base == "atom.xml":
		return "application/atom+xml; charset=utf-8"
	case strings.HasSuffix(base, ".schema.json"):
		return "application/schema+json"
	case rel == "opensearch.xml":
		return "application/opensearchdescription+xml"
	}
	switch path.Ext(base) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".md":
		return "text/markdown; charset=utf-8"
	case ".json":
		return "application/json"
	case ".xml":
		return "application/xml; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".txt":
		return "text/plain; charset=utf-8"
	case ".ico":
		return "image/vnd.microsoft.icon"
	case ".svg":
		return "image/svg+xml"
	}
	if t := mime.TypeByExtension(path.Ext(base)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// compressible reports whether a body of the type gains from gzip.
func compressible(ct string) bool {
	return strings.HasPrefix(ct, "text/") || strings.Contains(ct, "json") || strings.Contains(ct, "xml") ||
		strings.Contains(ct, "javascript") || strings.HasPrefix(ct, "image/svg")
}

// staticHeader is the header a file's path and the options decide.
func staticHeader(rel string, gz bool) header {
	h := header{ContentType: contentType(rel), CacheControl: longCache}
	if phaseOf(rel) == phaseIndexes {
		h.CacheControl = shortCache
	}
	if gz && compressible(h.ContentType) {
		h.Encoding = "gzip"
	}
	return h
}

// redirectLimit bounds the size of a file looked at as a redirect page.
const redirectLimit = 4096

var (
	metaRefresh = regexp.MustCompile(`(?i)<meta\s+http-equiv="refresh"\s+content="0;\s*url=([^"]+)"`)
	xmlRedirect = regexp.MustCompile(`^<\?xml[^>]*\?>\s*<redirect><location>([^<]+)</location></redirect>\s*$`)
)

// redirectOf finds where a moved page's file sends its readers (the site
// writes a small HTML page with a meta refresh, a JSON {"redirect": …} or an
// XML <redirect>) and gives it as a website-redirect location in the bucket:
// an absolute path under the prefix. Other files give "".
func redirectOf(rel string, body []byte, prefix string) string {
	if len(body) > redirectLimit {
		return ""
	}
	var to string
	switch path.Ext(rel) {
	case ".html":
		if m := metaRefresh.FindSubmatch(body); m != nil {
			to = html.UnescapeString(string(m[1]))
		}
	case ".json":
		var doc map[string]string
		if json.Unmarshal(body, &doc) == nil && len(doc) == 1 {
			to = doc["redirect"]
		}
	case ".xml":
		if m := xmlRedirect.FindSubmatch(body); m != nil {
			var s struct {
				Location string `xml:"location"`
			}
			if xml.Unmarshal(body, &s) == nil {
				to = s.Location
			}
		}
	}
	if to == "" || strings.Contains(to, "://") {
		return to
	}
	if !strings.HasPrefix(to, "/") {
		to = path.Join("/", path.Dir(rel), to)
	}
	if prefix == "" || strings.HasPrefix(to, "/"+prefix+"/") {
		return to
	}
	return "/" + prefix + to
}

// content is a file read for upload.
type content struct {
	sum  string // SHA-256 of the file, hex
	body []byte // what is uploaded: the file, or its gzip
	head header
}

// readContent reads the file and prepares its upload body.
func readContent(fsys fs.FS, f localFile, prefix string) (content, error) {
	raw, err := fs.ReadFile(fsys, f.rel)
	if err != nil {
		return content{}, err
	}
	sum := sha256.Sum256(raw)
	c := content{sum: hex.EncodeToString(sum[:]), body: raw, head: f.head}
	c.head.Redirect = redirectOf(f.rel, raw, prefix)
	if c.head.Encoding == "gzip" {
		c.body = gzipBytes(raw)
	}
	return c, nil
}

// gzipBytes compresses b deterministically (no name, no time), so the same
// file always gives the same object and ETag.
func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // a valid level cannot fail
	zw.Write(b)                                              // writes to a bytes.Buffer cannot fail
	zw.Close()
	return buf.Bytes()
}

// etag is the ETag S3 gives an object uploaded in one part: the MD5 of its body.
func etag(body []byte) string {
	sum := md5.Sum(body)
	return hex.EncodeToString(sum[:])
}
