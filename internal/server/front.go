package server

import (
	"context"
	"errors"
	"net"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// The fast front answers the plainest requests for pages — GET and HEAD of
// HTTP/1.1, kept alive, no body (fastparse.go) — on its own connection loop,
// from the page cache's bytes (fastanswer.go), and leaves everything else to
// net/http: on the first request of a connection it does not answer itself,
// it hands the connection, with the bytes it has read and not answered, to
// the http.Server through a listener of handed-over connections, for the
// rest of the connection's life. net/http's per-request work (its request
// and header maps, bufio, contexts, the background read) was most of a
// cached answer's cost; see docs/performance-log.md.

// fastAnswerer answers requests from memory; the handler NewHandler
// returns has one.
type fastAnswerer interface {
	fastHandler() *handler
}

func (s stack) fastHandler() *handler { return s.fast }

// WithoutFastPath returns h with no fast path: Serve then leaves every
// request to net/http (`chronicle serve --fast=false`).
func WithoutFastPath(h http.Handler) http.Handler { return plainHandler{h} }

type plainHandler struct{ http.Handler }

// WithFastPathOf returns outer, which serves every request net/http gets,
// with the fast path of inner, a handler New or NewHandler returned, for
// Serve. outer must answer what inner's fast path answers as inner does: it
// wraps inner and only adds paths inner does not serve (demo.WithMedia's
// images). Without a fast path in inner, it returns outer.
func WithFastPathOf(outer, inner http.Handler) http.Handler {
	f, ok := inner.(fastAnswerer)
	if !ok {
		return outer
	}
	return stack{Handler: outer, fast: f.fastHandler()}
}

// front is the fast front of one listener.
type front struct {
	ln   net.Listener
	h    *handler
	to   timeouts
	rest *handoffListener // net/http's listener
	// closing is set when the server shuts down: idle connections are
	// closed, busy ones after their answer.
	closing atomic.Bool
	wg      sync.WaitGroup
	// answered and handed count the requests answered and the connections
	// handed to net/http, for the tests.
	answered, handed atomic.Int64
	mu               sync.Mutex
	conns            map[*frontConn]struct{}
}

func newFront(ln net.Listener, h *handler, to timeouts) *front {
	return &front{ln: ln, h: h, to: to, conns: map[*frontConn]struct{}{},
		rest: &handoffListener{addr: ln.Addr(), conns: make(chan net.Conn), done: make(chan struct{})}}
}

// serve accepts connections until the listener is closed.
func (f *front) serve() error {
	var delay time.Duration
	for {
		c, err := f.ln.Accept()
		if err != nil {
			if f.closing.Load() {
				return http.ErrServerClosed
			}
			if temporary(err) {
				delay = min(max(2*delay, 5*time.Millisecond), time.Second) // as net/http does
				time.Sleep(delay)
				continue
			}
			return err
		}
		delay = 0
		fc := &frontConn{Conn: c, f: f}
		f.mu.Lock()
		if f.closing.Load() { // accepted as the listener closed
			f.mu.Unlock()
			c.Close()
			continue
		}
		f.conns[fc] = struct{}{}
		f.wg.Add(1) // under mu, so never after shutdown began to wait
		f.mu.Unlock()
		go fc.serve()
	}
}

// temporary reports whether a failure to accept may pass (too many open
// files), which net/http sleeps over too.
func temporary(err error) bool {
	var t interface{ Temporary() bool }
	return errors.As(err, &t) && t.Temporary()
}

// shutdown stops accepting, closes the idle connections and waits, until
// ctx is done, for the others to finish their answer; then closes them.
func (f *front) shutdown(ctx context.Context) error {
	f.mu.Lock()
	f.closing.Store(true)
	f.mu.Unlock()
	err := f.ln.Close()
	done := make(chan struct{})
	go func() { f.wg.Wait(); close(done) }()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		f.closeConns(false)
		select {
		case <-done:
			return err
		case <-ctx.Done():
			f.closeConns(true)
			return errors.Join(err, ctx.Err())
		case <-tick.C:
		}
	}
}

// closeConns closes the idle connections, or all of them.
func (f *front) closeConns(all bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for c := range f.conns {
		if all || c.idle.Load() {
			c.Conn.Close()
		}
	}
}

func (f *front) forget(c *frontConn) {
	f.mu.Lock()
	delete(f.conns, c)
	f.mu.Unlock()
	f.wg.Done()
}

// frontConn is a connection the fast front reads.
type frontConn struct {
	net.Conn
	f    *front
	idle atomic.Bool // waiting for a request with nothing read
	buf  []byte      // read and not yet answered
	out  []byte      // the header block being written
	req  fastRequest
	vec  [2][]byte
}

// serve answers the connection's requests until one is not the front's
// to answer, which it hands to net/http with the rest of the connection.
func (c *frontConn) serve() {
	defer c.f.forget(c)
	c.buf = make([]byte, 0, maxFastRequest)
	// The first request has readHeaderTimeout from the accept; a later one
	// idleTimeout to begin, then readHeaderTimeout from its first byte.
	deadline := time.Now().Add(c.f.to.readHeader)
	c.Conn.SetReadDeadline(deadline) //nolint:errcheck // a closed connection fails its read
	for {
		switch parseFast(c.buf, &c.req) {
		case parseOK:
			start := time.Now()
			a, ok := c.f.h.answerFast(&c.req, c.out[:0], c.f.closing.Load())
			if !ok {
				c.handOver()
				return
			}
			err := c.write(a)
			c.f.answered.Add(1)
			c.f.h.logFast(&c.req, a, start, err)
			if err != nil || c.f.closing.Load() {
				c.Conn.Close()
				return
			}
			c.out = a.head
			c.buf = c.buf[:copy(c.buf, c.buf[c.req.size:])]
			deadline = time.Time{}
			if len(c.buf) > 0 { // the next request began: its header is due
				deadline = time.Now().Add(c.f.to.readHeader)
				c.Conn.SetReadDeadline(deadline) //nolint:errcheck // a closed connection fails its read
			}
			continue
		case parseOther:
			c.handOver()
			return
		}
		if !c.read(&deadline) {
			c.Conn.Close()
			return
		}
	}
}

// read reads more of a request; false when the connection failed, timed
// out or the server is shutting down while it was idle. deadline is the
// current request's, zero until its first byte.
func (c *frontConn) read(deadline *time.Time) bool {
	if len(c.buf) == 0 && deadline.IsZero() {
		if c.f.closing.Load() {
			return false
		}
		c.idle.Store(true)
		c.Conn.SetReadDeadline(time.Now().Add(c.f.to.idle)) //nolint:errcheck // a closed connection fails its read
	}
	n, err := c.Conn.Read(c.buf[len(c.buf):cap(c.buf)])
	c.idle.Store(false)
	if n > 0 && deadline.IsZero() {
		*deadline = time.Now().Add(c.f.to.readHeader)
		c.Conn.SetReadDeadline(*deadline) //nolint:errcheck // a closed connection fails its read
	}
	c.buf = c.buf[:len(c.buf)+n]
	return err == nil || n > 0 && !c.f.closing.Load()
}

// write sends an answer: header and body in one writev(2), or a big body
// from its page file after the header.
func (c *frontConn) write(a fastAnswer) error {
	c.Conn.SetWriteDeadline(time.Now().Add(c.f.to.write)) //nolint:errcheck // a closed connection fails its write
	if a.file != nil {
		sent, err := sendPageFile(c.Conn, a.head, a.file, len(a.body))
		runtime.KeepAlive(a.page)
		if sent {
			return err
		}
	}
	if a.body == nil {
		_, err := c.Conn.Write(a.head)
		return err
	}
	c.vec = [2][]byte{a.head, a.body}
	bufs := net.Buffers(c.vec[:])
	var err error
	if vw, ok := c.Conn.(vectorWriter); ok {
		_, err = vw.WriteBuffers(bufs)
	} else {
		_, err = bufs.WriteTo(c.Conn) // one writev(2) on a *net.TCPConn
	}
	c.vec = [2][]byte{}
	return err
}

// handOver gives the connection and what was read of it to net/http.
func (c *frontConn) handOver() {
	c.Conn.SetDeadline(time.Time{}) //nolint:errcheck // net/http sets its own
	c.f.handed.Add(1)
	hc := &handedConn{Conn: c.Conn, pending: c.buf}
	if !c.f.rest.give(hc) {
		c.Conn.Close()
	}
}

// handedConn is a connection handed to net/http: its reads begin with the
// bytes the front read and did not answer.
type handedConn struct {
	net.Conn
	pending []byte
}

func (c *handedConn) Read(b []byte) (int, error) {
	if len(c.pending) > 0 {
		n := copy(b, c.pending)
		if c.pending = c.pending[n:]; len(c.pending) == 0 {
			c.pending = nil // the front's buffer, free for the collector
		}
		return n, nil
	}
	return c.Conn.Read(b)
}

// CloseWrite lets net/http half-close the connection, as it does a
// *net.TCPConn's.
func (c *handedConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// handoffListener is the listener net/http serves: it accepts the
// connections the front hands over.
type handoffListener struct {
	addr  net.Addr
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

func (l *handoffListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return &heldConn{Conn: c}, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

// give hands c to net/http; false once the listener is closed.
func (l *handoffListener) give(c net.Conn) bool {
	select {
	case l.conns <- c:
		return true
	case <-l.done:
		return false
	}
}

func (l *handoffListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

func (l *handoffListener) Addr() net.Addr { return l.addr }
