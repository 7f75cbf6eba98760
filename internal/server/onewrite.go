package server

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
)

// net/http writes a response through a 4 KB buffer: the headers and the
// start of the body in one write(2), the rest of a bigger body in another.
// The client then often reads the answer in two wake-ups, and on a loaded
// machine the second write costs as much as the first. nginx sends header
// and file in one go. A page answered from memory is written the same way
// here: the connection holds the writes of one answer (copying what
// net/http's buffer gives it, keeping a reference to the cached body, which
// never changes) and sends them at once with writev(2).

// minOneWrite is the smallest body worth holding: a smaller answer fits
// net/http's buffer, which writes it at once anyway.
const minOneWrite = 2 << 10

// heldConn is a server connection that can hold the writes of one answer.
// Only the goroutine serving the connection writes to it (HTTP/1.1).
type heldConn struct {
	net.Conn
	holding bool
	body    []byte      // the cached body being written
	held    net.Buffers // the writes held, in order
	copies  *[]byte     // the bytes held that net/http's buffer gave, from copyBuffers
}

// copyBuffers lend the connections holding an answer room for the bytes
// net/http's buffer gives them: an idle connection keeps none.
var copyBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 8<<10); return &b }}

// Write holds b while an answer is held, else writes it.
func (c *heldConn) Write(b []byte) (int, error) {
	if !c.holding {
		return c.Conn.Write(b)
	}
	if len(b) > 0 && len(c.body) > 0 && &b[len(b)-1] == &c.body[len(c.body)-1] {
		c.held = append(c.held, b) // the rest of the cached body: kept as it is
		return len(b), nil
	}
	if c.copies == nil {
		c.copies = copyBuffers.Get().(*[]byte)
	}
	off := len(*c.copies)
	*c.copies = append(*c.copies, b...) // net/http reuses its buffer
	c.held = append(c.held, (*c.copies)[off:])
	return len(b), nil
}

// CloseWrite lets net/http half-close the connection, as it does for a
// *net.TCPConn.
func (c *heldConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// hold starts holding the writes of an answer whose body is body.
func (c *heldConn) hold(body []byte) { c.holding, c.body = true, body }

// release sends what was held in one writev(2) and stops holding.
func (c *heldConn) release() error {
	c.holding, c.body = false, nil
	if len(c.held) == 0 {
		return nil
	}
	var err error
	if vw, ok := c.Conn.(vectorWriter); ok {
		_, err = vw.WriteBuffers(c.held)
	} else {
		bufs := c.held
		_, err = bufs.WriteTo(c.Conn) // one writev(2) on a *net.TCPConn; consumes bufs, not c.held's array
	}
	clear(c.held)
	c.held = c.held[:0]
	if c.copies != nil {
		if cap(*c.copies) <= 64<<10 { // an outsized one is left to the collector
			*c.copies = (*c.copies)[:0]
			copyBuffers.Put(c.copies)
		}
		c.copies = nil
	}
	return err
}

// vectorWriter is a connection that wraps another and still writes several
// buffers at once; the tests' counting connection is one.
type vectorWriter interface {
	WriteBuffers(net.Buffers) (int64, error)
}

// heldListener gives heldConns.
type heldListener struct{ net.Listener }

func (l heldListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &heldConn{Conn: c}, nil
}

type heldConnKey struct{}

// withHeldConn is the http.Server's ConnContext: it lets the answer of a
// request reach its connection.
func withHeldConn(ctx context.Context, c net.Conn) context.Context {
	if hc, ok := c.(*heldConn); ok {
		return context.WithValue(ctx, heldConnKey{}, hc)
	}
	return ctx
}

// writeBodyAtOnce writes body, the header first, in one write to the
// connection when it can be held, and reports a failure to send it.
func writeBodyAtOnce(w http.ResponseWriter, r *http.Request, body []byte) (err error) {
	hc, _ := r.Context().Value(heldConnKey{}).(*heldConn)
	if hc == nil || len(body) < minOneWrite {
		_, err := w.Write(body)
		return err
	}
	hc.hold(body)
	defer func() {
		if rerr := hc.release(); err == nil {
			err = rerr
		}
	}()
	if _, err := w.Write(body); err != nil {
		return err
	}
	// Through to the connection, which holds it. A writer that cannot
	// flush leaves the rest in net/http's buffer, sent after what is held.
	if err := http.NewResponseController(w).Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return err
	}
	return nil
}
