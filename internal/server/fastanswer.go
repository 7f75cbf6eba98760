package server

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"os"
	"sync/atomic"
	"time"
)

// fastAnswer is the fast front's answer to a request (front.go): the
// status, the header block to send (status line to the blank line) and the
// body, nil for HEAD and 304, with the memory file holding it when it is
// big enough to be sent from one (pagefile.go).
type fastAnswer struct {
	status int
	head   []byte
	body   []byte
	file   *os.File
	// page is the cached page answered with: held until the answer is
	// sent, so that its file stays open (pageFile).
	page *cached
}

// answerFast answers r when the page it names is one the site serves as a
// plain 200 or 304 — from memory, or rendered and kept — with the header
// net/http would have sent for it through the handler stack, appended to
// out. It returns false for everything else (redirects, errors, the API,
// search, anything the handler answers otherwise), which the front then
// hands to net/http unanswered. closing adds the Connection: close of a
// server shutting down.
func (h *handler) answerFast(r *fastRequest, out []byte, closing bool) (a fastAnswer, ok bool) {
	p := r.path
	if h.cfg.API != nil && isAPIPath(p) || h.cfg.Search != nil && isSearchPath(p) || cleanPath(p) != p {
		return a, false
	}
	req, err := resolveClean(p, r.accept)
	if err != nil {
		return a, false
	}
	c := h.pages.pageFast(req.path)
	if c == nil {
		return a, false
	}
	rep := c.representation(c.gz != nil && acceptsGzipIn(r.acceptEncoding))
	notMod := notModifiedBy(r.ifNoneMatch, r.ifModSince, rep.etag, c.modified)
	out = append(out, c.head(req.path, req.negotiated, rep, notMod)...)
	if closing {
		out = append(out, "Connection: close\r\n"...)
	}
	out = appendDate(out)
	a.head = append(out, "\r\n"...)
	a.status = http.StatusOK
	if notMod {
		a.status = http.StatusNotModified
	} else if !r.head {
		a.body = rep.body
		a.file, a.page = c.pageFile(rep), c
	}
	return a, true
}

// pageFast returns the page at a site path, from memory or rendered, for
// the fast front; nil when it has none to give, whatever the reason: the
// request then goes to net/http, which finds out why and says so. A render
// that panics is left to net/http as well, whose handler answers it.
func (s *pageSource) pageFast(sitePath string) (c *cached) {
	if v, ok := s.recentVersion(); ok && s.cache != nil {
		if c := s.cache.get(v, sitePath); c != nil {
			return c
		}
	}
	defer func() {
		if recover() != nil {
			c = nil
		}
	}()
	c, err := s.page(context.Background(), sitePath)
	if err != nil {
		return nil
	}
	return c
}

// headKey numbers the header blocks a cached page may be answered with.
func headKey(negotiated, gz, notMod bool) int {
	k := 0
	if negotiated {
		k |= 4
	}
	if gz {
		k |= 2
	}
	if notMod {
		k |= 1
	}
	return k
}

// head returns the status line and header of an answer with c, less Date
// and the blank line: built once, by the functions that set the header of
// net/http's answers, and written the way net/http writes it (Header.Write:
// keys sorted, then Date). sitePath is the path c is kept under.
func (c *cached) head(sitePath string, negotiated bool, rep *representation, notMod bool) []byte {
	k := headKey(negotiated, rep == &c.zipped, notMod)
	if b := c.heads[k].Load(); b != nil {
		return *b
	}
	h := http.Header{}
	setSecurityHeader(h)
	if negotiated {
		setNegotiatedHeader(h, sitePath)
	}
	setCachedHeader(h, c, rep, notMod)
	var b bytes.Buffer
	if notMod {
		b.WriteString("HTTP/1.1 304 Not Modified\r\n")
	} else {
		b.WriteString("HTTP/1.1 200 OK\r\n")
	}
	h.Write(&b) //nolint:errcheck // a bytes.Buffer does not fail
	head := b.Bytes()
	c.heads[k].Store(&head)
	return head
}

// dateLine is the Date header of the current second, as net/http writes it.
var dateLine atomic.Pointer[datedLine]

type datedLine struct {
	unix int64
	line []byte
}

// appendDate appends the Date header line of now.
func appendDate(out []byte) []byte {
	now := time.Now()
	d := dateLine.Load()
	if d == nil || d.unix != now.Unix() {
		line := append([]byte("Date: "), now.UTC().AppendFormat(nil, http.TimeFormat)...)
		d = &datedLine{unix: now.Unix(), line: append(line, "\r\n"...)}
		dateLine.Store(d)
	}
	return append(out, d.line...)
}

// logFast writes the request log line of an answer of the fast front, the
// one logRequests writes for the same answer; a failed write is a request
// the client dropped.
func (h *handler) logFast(r *fastRequest, a fastAnswer, start time.Time, writeErr error) {
	log := h.cfg.Logger
	if !log.Enabled(context.Background(), slog.LevelInfo) {
		return
	}
	end := time.Now()
	method, status, n := http.MethodGet, a.status, len(a.body)
	if r.head {
		method = http.MethodHead
	}
	if writeErr != nil {
		status = statusClientClosed
	}
	line := slog.NewRecord(end, slog.LevelInfo, "request", 0)
	line.AddAttrs(slog.String("method", method), slog.String("path", r.path), slog.Int("status", status),
		slog.Int("bytes", n), slog.Duration("duration", end.Sub(start)))
	if writeErr != nil {
		line.AddAttrs(slog.Bool("dropped", true))
	}
	log.Handler().Handle(context.Background(), line) //nolint:errcheck // a log that cannot be written has nowhere to go
}
