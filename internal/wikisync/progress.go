package wikisync

import (
	"io"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress is a sync's progress bar: days done of the days asked, their
// rate and the time left. A nil *progress shows nothing.
type progress struct{ bar *progressbar.ProgressBar }

func newProgress(w io.Writer, days int) *progress {
	if w == nil {
		return nil
	}
	return &progress{bar: progressbar.NewOptions(days,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("syncing"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("days"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionUseANSICodes(true),
	)}
}

// add counts n more days done.
func (p *progress) add(n int) {
	if p != nil {
		_ = p.bar.Add(n) // a failed redraw must not stop a sync
	}
}

func (p *progress) finish() {
	if p != nil {
		_ = p.bar.Finish()
	}
}
