package site

import (
	"testing"

	"github.com/chronicle-archive/chronicle/internal/store"
)

// The full build's memory limit is 1 GiB up to the corpus's size and grows
// with the archive's events past it.
func TestBuildMemoryLimitScalesWithTheArchive(t *testing.T) {
	days := func(n, each int) []store.DayCount {
		out := make([]store.DayCount, n)
		for i := range out {
			out[i].Events = each
		}
		return out
	}
	for _, tt := range []struct {
		name string
		days []store.DayCount
		want int64
	}{
		{"empty", nil, 1 << 30},
		{"the corpus", days(8587, 13), 1 << 30},
		{"the 10× archive", days(85828, 13), 2 * 4096 * 85828 * 13},
	} {
		if got := buildMemoryLimit(tt.days); got != tt.want {
			t.Errorf("%s: limit %d, want %d", tt.name, got, tt.want)
		}
	}
}
