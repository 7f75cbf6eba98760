package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// Timeouts of the HTTP server: enough for a slow phone on a bad network,
// short enough that idle or stalled clients do not pile up.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 15 * time.Second
	writeTimeout      = 60 * time.Second
	idleTimeout       = 2 * time.Minute
	maxHeaderBytes    = 64 << 10
	// ShutdownTimeout is how long Serve waits for requests in flight once
	// its context is done.
	ShutdownTimeout = 10 * time.Second
)

// Serve serves h on ln until ctx is done, then shuts down gracefully: it
// stops accepting connections and waits up to ShutdownTimeout for requests
// in flight. It returns nil after a clean shutdown.
//
// When h is a handler of New or NewHandler (or WithFastPathOf), the pages
// it has in memory are answered by the fast front (front.go) and every
// other request by net/http; WithoutFastPath(h) leaves all to net/http.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger) error {
	return serveWith(ctx, ln, h, log, defaultTimeouts)
}

// timeouts are the server's limits on slow clients.
type timeouts struct {
	readHeader, read, write, idle time.Duration
	// started, when set, is given the fast front once it runs (tests).
	started func(*front)
}

var defaultTimeouts = timeouts{readHeader: readHeaderTimeout, read: readTimeout, write: writeTimeout, idle: idleTimeout}

// serveWith is Serve with the timeouts given (shorter in tests).
func serveWith(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger, to timeouts) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	srv := newHTTPServer(h, log)
	srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout = to.readHeader, to.read, to.write, to.idle
	var fr *front
	var httpLn net.Listener = heldListener{ln}
	if f, ok := h.(fastAnswerer); ok && f.fastHandler() != nil {
		fr = newFront(ln, f.fastHandler(), to)
		if to.started != nil {
			to.started(fr)
		}
		httpLn = fr.rest
	}
	served, servers := make(chan error, 2), 1
	go func() { served <- srv.Serve(httpLn) }()
	if fr != nil {
		servers++
		go func() { served <- fr.serve() }()
	}
	select {
	case err := <-served:
		if fr != nil {
			fr.shutdown(context.Background()) //nolint:errcheck // the error that stopped it is the one to tell
			srv.Close()                       //nolint:errcheck // likewise
		}
		return fmt.Errorf("listener %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	log.Info("shutting down", "addr", ln.Addr().String(), "wait", ShutdownTimeout)
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ShutdownTimeout)
	defer cancel()
	var frontErr error
	var wg sync.WaitGroup
	if fr != nil {
		wg.Go(func() { frontErr = fr.shutdown(shutdownCtx) })
	}
	err := srv.Shutdown(shutdownCtx)
	wg.Wait()
	err = errors.Join(err, frontErr)
	for range servers {
		if serveErr := <-served; !errors.Is(serveErr, http.ErrServerClosed) {
			err = errors.Join(err, serveErr)
		}
	}
	if err != nil {
		return fmt.Errorf("shut down %s: %w", ln.Addr(), err)
	}
	return nil
}

// newHTTPServer returns the http.Server of h with the package's timeouts.
func newHTTPServer(h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ConnContext:       withHeldConn,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// BaseURL returns the http:// address at which a listener is reached from
// this machine: an unspecified host (":8080", "0.0.0.0:8080") becomes
// 127.0.0.1.
func BaseURL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String()
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}
