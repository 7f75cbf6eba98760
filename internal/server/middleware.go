package server

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"
)

// contentSecurityPolicy allows the site's own stylesheet and inline styles,
// images, its own search form and search script (and the script's fetches
// of the search index), and nothing else: no inline script, so a headline
// that slipped past escaping still could not run one. docs/deploy.md gives
// the same header for static hosting.
const contentSecurityPolicy = "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' http: https: data:; " +
	"script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders adds the headers every answer carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		next.ServeHTTP(w, r)
	})
}

// recoverPanics turns a panic of next into a 500 and an error log line with
// the stack, instead of a dropped connection.
func recoverPanics(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v) // net/http's own way to abort a response
			}
			log.Error("panic serving request", "method", r.Method, "path", r.URL.Path,
				"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if rec, ok := w.(*statusRecorder); !ok || rec.status == 0 {
				plainError(w, http.StatusInternalServerError, "the server failed on this page; the error is in its log")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// statusClientClosed is the status logged for a request the client dropped
// before its answer was written: nginx's 499 "client closed request". It is
// never sent; there is nobody to send it to.
const statusClientClosed = 499

// logRequests writes one log line per request: method, path, status, bytes
// and duration. A request the client dropped before the answer was written
// (its context ended, and nothing or not all was written) is logged as
// such: status 499 and dropped=true, not a 200 of 0 bytes.
func logRequests(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if r.Context().Err() != nil && (rec.status == 0 || rec.writeErr != nil) {
			log.Info("request", "method", r.Method, "path", r.URL.Path, "status", statusClientClosed,
				"bytes", rec.bytes, "duration", time.Since(start), "dropped", true)
			return
		}
		log.Info("request", "method", r.Method, "path", r.URL.Path, "status", rec.statusOrOK(),
			"bytes", rec.bytes, "duration", time.Since(start))
	})
}

// statusRecorder remembers the status, counts the body bytes written
// through it and keeps the first write error.
type statusRecorder struct {
	http.ResponseWriter
	status   int
	bytes    int
	writeErr error
}

func (s *statusRecorder) WriteHeader(status int) {
	if s.status == 0 {
		s.status = status
	}
	s.ResponseWriter.WriteHeader(status)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	if err != nil && s.writeErr == nil {
		s.writeErr = err
	}
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func (s *statusRecorder) statusOrOK() int {
	if s.status == 0 {
		return http.StatusOK
	}
	return s.status
}
