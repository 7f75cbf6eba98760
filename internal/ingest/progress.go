package ingest

import (
	"fmt"
	"io"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress is the progress bar of an import, driven by the bytes read of the
// input and showing events per second. A nil *progress shows nothing.
type progress struct {
	bar       *progressbar.ProgressBar
	start     time.Time
	described time.Time
}

// refresh is how often the bar is redrawn.
const refresh = 200 * time.Millisecond

func newProgress(w io.Writer, total int64) *progress {
	if w == nil {
		return nil
	}
	bar := progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("importing"),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(refresh),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionUseANSICodes(true),
	)
	return &progress{bar: bar, start: time.Now()}
}

// update moves the bar to done bytes, with the speed in events per second.
func (p *progress) update(done int64, events int) {
	if p == nil {
		return
	}
	if now := time.Now(); now.Sub(p.described) >= refresh {
		p.described = now
		rate := float64(events) / now.Sub(p.start).Seconds()
		p.bar.Describe(fmt.Sprintf("importing · %d events · %.0f events/s", events, rate))
	}
	_ = p.bar.Set64(done) // a failed redraw of the bar must not stop an import
}

// clear removes the bar from the line, before a warning is written.
func (p *progress) clear() {
	if p != nil {
		_ = p.bar.Clear()
	}
}

// finish removes the bar for good.
func (p *progress) finish() {
	if p != nil {
		_ = p.bar.Finish()
	}
}
