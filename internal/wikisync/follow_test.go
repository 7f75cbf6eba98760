package wikisync

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestRecentDaysEndToday(t *testing.T) {
	now := time.Date(2013, time.March, 2, 23, 59, 0, 0, time.UTC)
	for _, tt := range []struct {
		n           int
		first, last string
	}{{1, "2013-03-02", "2013-03-02"}, {7, "2013-02-24", "2013-03-02"}} {
		first, last := RecentDays(now, tt.n)
		if first.String() != tt.first || last.String() != tt.last {
			t.Errorf("RecentDays(%d) = %s, %s; want %s, %s", tt.n, first, last, tt.first, tt.last)
		}
	}
}

func TestFollowSyncsAtStartThenEveryInterval(t *testing.T) {
	e := newEnv(t)
	today := time.Now().UTC()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var runs []Summary
	err := Follow(ctx, e.st, e.client, FollowOptions{Every: 10 * time.Millisecond, Recent: 2,
		Done: func(s Summary, err error) {
			if err != nil {
				t.Errorf("sync %d: %v", len(runs), err)
			}
			if runs = append(runs, s); len(runs) == 3 {
				cancel()
			}
		}})
	if err != context.Canceled {
		t.Errorf("Follow = %v, want context.Canceled", err)
	}
	if len(runs) != 3 || runs[0].Days != 2 || runs[0].Missing != 2 {
		t.Errorf("runs %+v, want 3 of the 2 days to %s, missing", runs, today.Format(time.DateOnly))
	}
}

func TestFollowRefusesBadOptions(t *testing.T) {
	e := newEnv(t)
	for _, o := range []FollowOptions{{Every: 0, Recent: 7}, {Every: time.Minute, Recent: 0}} {
		if err := Follow(context.Background(), e.st, e.client, o); err == nil || !strings.Contains(err.Error(), "follow") {
			t.Errorf("Follow(%+v) = %v, want an error", o, err)
		}
	}
}
