package wikisync

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// MinFollowInterval is the shortest time between two syncs Follow takes.
const MinFollowInterval = time.Millisecond

// FollowOptions tune Follow.
type FollowOptions struct {
	// Every is the time between the start of one sync and the next; at
	// least MinFollowInterval.
	Every time.Duration
	// Recent is how many days, today included, each sync covers; at least 1.
	Recent int
	// Sync tunes each sync; its Progress is ignored (Follow runs in the
	// background of a server, not on a terminal).
	Sync Options
	// Done, when set, is called after each sync with its summary and error.
	Done func(Summary, error)
}

// Follow syncs the recent days into st, at once and then every
// opts.Every, until ctx is done; it returns ctx's error. A failed sync is
// reported to opts.Done and tried again at the next tick: a server that
// follows the portal keeps serving what it has.
func Follow(ctx context.Context, st *store.Store, api API, opts FollowOptions) error {
	if opts.Every < MinFollowInterval {
		return fmt.Errorf("follow: interval %s is too short", opts.Every)
	}
	if opts.Recent < 1 {
		return fmt.Errorf("follow: %d recent days: want at least 1", opts.Recent)
	}
	now := opts.Sync.Now
	if now == nil {
		now = time.Now
	}
	opts.Sync.Progress = nil
	tick := time.NewTicker(opts.Every)
	defer tick.Stop()
	for {
		first, last := RecentDays(now().UTC(), opts.Recent)
		sum, err := Sync(ctx, st, api, first, last, opts.Sync)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err == nil && sum.Failed > 0 {
			err = errors.New("some days could not be synced")
		}
		if opts.Done != nil {
			opts.Done(sum, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// RecentDays returns the n days that end with now's day.
func RecentDays(now time.Time, n int) (first, last event.Date) {
	return event.NewDate(now.AddDate(0, 0, 1-n)), event.NewDate(now)
}
