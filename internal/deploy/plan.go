package deploy

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
	"sync"
)

// plan is what a deploy does: the files to upload, by phase, and the
// objects to delete, with the manifest the deploy starts from.
type plan struct {
	uploads []localFile // phase by phase, in path order within a phase
	deletes []string
	news    map[string]bool // uploads the target does not hold yet
	next    *manifest       // the deployed state, updated as uploads finish
	dirty   bool            // next differs from the manifest read
	jobs    int
}

// makePlan compares the local files with the target's state. With a
// manifest, a file whose size, modification time and headers match its
// entry is unchanged without being read; otherwise its SHA-256 (and the
// redirect it may be) decide. Without one, a file is unchanged when the
// listed object's ETag is the MD5 of its body, and only objects a deploy
// uploaded (they carry its metadata) are deleted.
func makePlan(ctx context.Context, fsys fs.FS, b bucket, files []localFile, remote remoteState, opts Options) (*plan, error) {
	p := &plan{news: map[string]bool{}, next: &manifest{Version: manifestVersion, Files: map[string]entry{}},
		jobs: opts.jobs()}
	if remote.manifest == nil {
		p.dirty = true
	}
	var mu sync.Mutex
	local := make(map[string]bool, len(files))
	var toRead []localFile
	for _, f := range files {
		local[f.rel] = true
		switch {
		case !remote.holds(f.rel): // new: nothing to compare with
			p.uploads = append(p.uploads, f)
			p.news[f.rel] = true
		case remote.manifest != nil && quickSame(remote.manifest.Files[f.rel], f):
			p.next.Files[f.rel] = remote.manifest.Files[f.rel]
		default:
			toRead = append(toRead, f)
		}
	}
	err := forEach(ctx, p.jobs, toRead, func(ctx context.Context, f localFile) error {
		c, err := readContent(fsys, f, b.t.Prefix)
		if err != nil {
			return fmt.Errorf("read %s: %w", f.rel, err)
		}
		e, upload, isNew := compare(f, c, remote)
		mu.Lock()
		defer mu.Unlock()
		if upload {
			p.uploads = append(p.uploads, f)
			p.news[f.rel] = isNew
			if !isNew { // until it is replaced, the target holds the old object
				p.next.Files[f.rel] = remote.manifest.entryOf(f.rel)
			}
		} else {
			p.next.Files[f.rel] = e
			p.dirty = true // a new modification time, or no manifest yet
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(p.uploads, func(i, j int) bool {
		a, b := p.uploads[i], p.uploads[j]
		if a.phase != b.phase {
			return a.phase < b.phase
		}
		return a.rel < b.rel
	})
	if err := p.findDeletes(ctx, b, local, remote); err != nil {
		return nil, err
	}
	return p, nil
}

// holds reports whether the target has an object for rel.
func (r remoteState) holds(rel string) bool {
	if r.manifest != nil {
		_, ok := r.manifest.Files[rel]
		return ok
	}
	_, ok := r.listed[rel]
	return ok
}

// quickSame reports whether the manifest entry is the file without reading
// it: same size, modification time and path-given headers.
func quickSame(e entry, f localFile) bool {
	h := e.header
	h.Redirect = ""
	return e.Size == f.size && e.MTime == f.mtime && h == f.head
}

// compare decides whether the read file c must be uploaded, and gives its
// manifest entry when it need not.
func compare(f localFile, c content, remote remoteState) (e entry, upload, isNew bool) {
	e = entry{SHA256: c.sum, Size: f.size, MTime: f.mtime, header: c.head}
	if remote.manifest != nil {
		old, ok := remote.manifest.Files[f.rel]
		return e, !ok || old.SHA256 != c.sum || old.header != c.head, !ok
	}
	o, ok := remote.listed[f.rel]
	if !ok {
		return e, true, true
	}
	same := o.Size != nil && *o.Size == int64(len(c.body)) && strings.Trim(deref(o.ETag), `"`) == etag(c.body)
	return e, !same, false
}

// entryOf is the manifest's entry of rel; without a manifest, an entry that
// matches no file, so that the object is replaced or deleted.
func (m *manifest) entryOf(rel string) entry {
	if m == nil {
		return entry{}
	}
	return m.Files[rel]
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// findDeletes lists the objects of files the site no longer has. Their
// entries stay in the manifest until they are deleted.
func (p *plan) findDeletes(ctx context.Context, b bucket, local map[string]bool, remote remoteState) error {
	if remote.manifest != nil {
		for rel, e := range remote.manifest.Files {
			if !local[rel] {
				p.deletes = append(p.deletes, rel)
				p.next.Files[rel] = e
			}
		}
		sort.Strings(p.deletes)
		return nil
	}
	var extra []string
	for rel := range remote.listed {
		if !local[rel] {
			extra = append(extra, rel)
		}
	}
	sort.Strings(extra)
	var mu sync.Mutex
	err := forEach(ctx, p.jobs, extra, func(ctx context.Context, rel string) error {
		ours, err := b.ours(ctx, rel)
		if ours {
			mu.Lock()
			p.deletes = append(p.deletes, rel)
			p.next.Files[rel] = entry{}
			mu.Unlock()
		}
		return err
	})
	sort.Strings(p.deletes)
	return err
}

func (p *plan) uploadBytes() int64 {
	var n int64
	for _, f := range p.uploads {
		n += f.size
	}
	return n
}

// list writes the dry run's changes, one a line.
func (p *plan) list(w io.Writer) {
	if w == nil {
		return
	}
	for _, f := range p.uploads {
		verb := "update"
		if p.news[f.rel] {
			verb = "add   "
		}
		fmt.Fprintf(w, "%s /%s\n", verb, f.rel)
	}
	for _, rel := range p.deletes {
		fmt.Fprintf(w, "delete /%s\n", rel)
	}
}
