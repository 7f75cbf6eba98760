package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// pageCacheControl lets caches keep a page briefly, then revalidate it with
// its ETag: an archive page changes only when its day is imported again.
const pageCacheControl = "public, max-age=300"

// minGzipSize is the smallest body worth compressing: below it the gzip
// header and the CPU cost outweigh the bytes saved.
const minGzipSize = 1024

// contentTypes are the Content-Types of the site's extensions, for pages
// that do not name theirs.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".md":   "text/markdown; charset=utf-8",
	".json": "application/json",
	".xml":  "application/xml",
	".css":  "text/css; charset=utf-8",
	".txt":  "text/plain; charset=utf-8",
}

// writeBody writes a complete response; HEAD gets the headers only.
func writeBody(w http.ResponseWriter, r *http.Request, status int, contentType string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body) //nolint:errcheck // the client went away; nothing to do
	}
}

// minGzip is the smallest body writeFresh compresses.
const minGzip = 1 << 10

// writeFresh answers with a body made for this request, which no cache
// holds (the search page and its feeds): gzipped when the client accepts
// it and the body is worth it, with Vary: Accept-Encoding either way. With
// etag, the answer has a strong ETag of the body in the coding sent, and
// is a 304 when the client's copy is current.
func writeFresh(w http.ResponseWriter, r *http.Request, status int, contentType string, body []byte, etag bool) {
	h := w.Header()
	addVaryAcceptEncoding(h)
	gz := len(body) >= minGzip && acceptsGzip(r)
	if etag {
		tag := strongETag(body)
		if gz {
			tag = strings.TrimSuffix(tag, `"`) + `-gzip"`
		}
		h.Set("ETag", tag)
		if notModified(r, tag, time.Time{}) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	if gz {
		body = gzipped(body)
		h["Content-Encoding"] = gzipValue
	}
	writeBody(w, r, status, contentType, body)
}

// plainError answers with a short plain-text explanation.
func plainError(w http.ResponseWriter, status int, message string) {
	h := w.Header()
	h.Del("Content-Encoding")
	h.Del("ETag")
	h.Del("Last-Modified")
	h.Set("Cache-Control", "no-cache")
	h.Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	w.Write([]byte(http.StatusText(status) + ": " + message + "\n")) //nolint:errcheck // the client went away
}

// redirect answers 301 Moved Permanently to a path of the site.
func redirect(w http.ResponseWriter, r *http.Request, target string) {
	http.Redirect(w, r, target, http.StatusMovedPermanently)
}

// strongETag is the quoted hex of the body's SHA-256, cut to 128 bits.
func strongETag(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// notModified reports whether the client's copy is current: If-None-Match
// decides when present, else If-Modified-Since (RFC 9110 §13.2.2).
func notModified(r *http.Request, etag string, modified time.Time) bool {
	return notModifiedBy(r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since"), etag, modified)
}

// notModifiedBy is notModified of the first If-None-Match and
// If-Modified-Since values.
func notModifiedBy(inm, ims, etag string, modified time.Time) bool {
	if inm != "" {
		return etagListMatches(inm, etag)
	}
	if ims == "" || modified.IsZero() {
		return false
	}
	t, err := http.ParseTime(ims)
	return err == nil && !modified.After(t)
}

// etagListMatches is If-None-Match's weak comparison of a list of tags (or *)
// with the current tag.
func etagListMatches(list, etag string) bool {
	for tag := range strings.SplitSeq(list, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || strings.TrimPrefix(tag, "W/") == etag {
			return true
		}
	}
	return false
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip: a
// gzip entry decides, else a "*" entry; q=0 refuses.
func acceptsGzip(r *http.Request) bool { return acceptsGzipIn(r.Header.Values("Accept-Encoding")) }

// acceptsGzipIn is acceptsGzip of the Accept-Encoding values.
func acceptsGzipIn(values []string) bool {
	gzipQ, anyQ := -1.0, -1.0
	for _, v := range values {
		for coding := range strings.SplitSeq(v, ",") {
			name, params, _ := strings.Cut(coding, ";")
			q, ok := quality(params)
			if !ok {
				continue
			}
			switch strings.ToLower(strings.TrimSpace(name)) {
			case "gzip", "x-gzip":
				gzipQ = q
			case "*":
				anyQ = q
			}
		}
	}
	if gzipQ >= 0 {
		return gzipQ > 0
	}
	return anyQ > 0
}

var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression)
	return zw
}}

// gzipped compresses body.
func gzipped(body []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(body) / 3)
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	zw.Reset(&buf)
	zw.Write(body) //nolint:errcheck // a bytes.Buffer does not fail
	zw.Close()     //nolint:errcheck // a bytes.Buffer does not fail
	return buf.Bytes()
}
