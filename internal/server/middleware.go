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

// The values of the security headers, shared by every answer: never
// written to, len == cap so that an append copies.
var (
	nosniffValue        = []string{"nosniff"}
	cspValue            = []string{contentSecurityPolicy}
	referrerPolicyValue = []string{"strict-origin-when-cross-origin"}
)

// securityHeaders adds the headers every answer carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setSecurityHeader(w.Header())
		next.ServeHTTP(w, r)
	})
}

// setSecurityHeader sets the headers every answer carries.
func setSecurityHeader(h http.Header) {
	h["X-Content-Type-Options"] = nosniffValue
	h["Content-Security-Policy"] = cspValue
	h["Referrer-Policy"] = referrerPolicyValue
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
		if !log.Enabled(r.Context(), slog.LevelInfo) {
			next.ServeHTTP(w, r)
			return
		}
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		end := time.Now()
		status, dropped := rec.statusOrOK(), false
		if r.Context().Err() != nil && (rec.status == 0 || rec.writeErr != nil) {
			status, dropped = statusClientClosed, true
		}
		// The record is built by hand rather than through log.Info: no
		// caller's frame to look up, no arguments to box, at every request.
		line := slog.NewRecord(end, slog.LevelInfo, "request", 0)
		line.AddAttrs(slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Int("status", status),
			slog.Int("bytes", rec.bytes), slog.Duration("duration", end.Sub(start)))
		if dropped {
			line.AddAttrs(slog.Bool("dropped", true))
		}
		log.Handler().Handle(r.Context(), line) //nolint:errcheck // a log that cannot be written has nowhere to go
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

// writeErrorNoter is told of a failure to send an answer written through
// it by other means than its Write (writeBodyAtOnce).
type writeErrorNoter interface{ noteWriteError(error) }

func (s *statusRecorder) noteWriteError(err error) {
	if s.writeErr == nil {
		s.writeErr = err
	}
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func (s *statusRecorder) statusOrOK() int {
	if s.status == 0 {
		return http.StatusOK
	}
	return s.status
}
