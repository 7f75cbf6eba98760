package server

import (
	"context"
	"errors"
	"time"
)

// DefaultRenderWait is how long a page that must be rendered waits for a
// free render slot when Config leaves RenderWait 0, before a 503.
const DefaultRenderWait = 2 * time.Second

// retryAfter is the Retry-After of a 503 for a busy server, in seconds.
const retryAfter = "1"

// errBusy is the answer of a render that found no free slot in time.
var errBusy = errors.New("server busy: every render slot stayed taken")

// renderLimit bounds the renders running at once, so that a flood of
// different heavy pages queues instead of taking every core and all the
// memory; a render that cannot start within the wait gives up with errBusy.
type renderLimit struct {
	slots chan struct{}
	wait  time.Duration
}

func newRenderLimit(n int, wait time.Duration) *renderLimit {
	return &renderLimit{slots: make(chan struct{}, n), wait: wait}
}

// acquire takes a slot, waiting at most the limit's wait; release gives it
// back.
func (l *renderLimit) acquire(ctx context.Context) error {
	select {
	case l.slots <- struct{}{}:
		return nil
	default:
	}
	t := time.NewTimer(l.wait)
	defer t.Stop()
	select {
	case l.slots <- struct{}{}:
		return nil
	case <-t.C:
		return errBusy
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (l *renderLimit) release() { <-l.slots }
