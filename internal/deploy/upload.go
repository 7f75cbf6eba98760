package deploy

import (
	"context"
	"fmt"
	"io/fs"
	"sync"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
)

// checkpointEvery is how often a long deploy saves the manifest of what it
// has uploaded, so that a deploy killed outright repeats little.
const checkpointEvery = 2 * time.Minute

// uploader puts the planned files, phase by phase.
type uploader struct {
	fsys fs.FS
	b    bucket
	opts Options

	mu    sync.Mutex // guards man and saved
	man   *manifest
	saved time.Time

	count, bytes atomic.Int64
	bar          *progressbar.ProgressBar
}

// run uploads the files of each phase before those of the next.
func (u *uploader) run(ctx context.Context, files []localFile) error {
	if len(files) == 0 {
		return nil
	}
	u.saved = time.Now()
	if u.opts.Progress != nil {
		u.bar = progressbar.NewOptions(len(files),
			progressbar.OptionSetWriter(u.opts.Progress),
			progressbar.OptionSetDescription("uploading"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("files"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionUseANSICodes(true),
		)
		defer u.bar.Finish()
	}
	for lo := 0; lo < len(files); {
		hi := lo
		for hi < len(files) && files[hi].phase == files[lo].phase {
			hi++
		}
		if err := forEach(ctx, u.opts.jobs(), files[lo:hi], u.put); err != nil {
			return err
		}
		lo = hi
	}
	return nil
}

func (u *uploader) put(ctx context.Context, f localFile) error {
	c, err := readContent(u.fsys, f, u.b.t.Prefix)
	if err != nil {
		return fmt.Errorf("read %s: %w", f.rel, err)
	}
	if err := u.b.put(ctx, f.rel, c); err != nil {
		return err
	}
	u.count.Add(1)
	u.bytes.Add(int64(len(c.body)))
	if u.bar != nil {
		_ = u.bar.Add(1) // a failed redraw must not stop a deploy
	}
	u.mu.Lock()
	u.man.Files[f.rel] = entry{SHA256: c.sum, Size: f.size, MTime: f.mtime, header: c.head}
	checkpoint := time.Since(u.saved) >= checkpointEvery
	if checkpoint {
		u.saved = time.Now()
	}
	u.mu.Unlock()
	if checkpoint {
		if err := u.save(ctx); err != nil {
			return err
		}
	}
	if u.opts.afterPut != nil {
		u.opts.afterPut(f.rel)
	}
	return nil
}

// save writes the manifest of what is uploaded so far: every entry is an
// object the target holds, so it is always true.
func (u *uploader) save(ctx context.Context) error {
	u.mu.Lock()
	m := &manifest{Version: u.man.Version, Files: make(map[string]entry, len(u.man.Files))}
	for k, v := range u.man.Files {
		m.Files[k] = v
	}
	u.mu.Unlock()
	return u.b.writeManifest(ctx, m)
}

// saveAfterStop saves the manifest after a deploy was stopped or failed,
// so that the next run does not upload the same files again; it is a
// courtesy, and its own failure is ignored.
func (u *uploader) saveAfterStop(ctx context.Context) {
	if u.count.Load() == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	_ = u.save(ctx)
}
