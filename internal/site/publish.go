package site

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
)

// A built site is published as one whole build at a time. The output
// directory the user names (DIR) is a symbolic link to a version,
// DIR.builds/N. A build writes version N+1 beside it and then switches DIR
// to it with one rename(2) of a new link over the old: a web server reading
// DIR sees the old build or the new one, never a mix. A killed build leaves
// DIR on the old version; the next build removes the unfinished one,
// temporary files and all.
//
// An incremental build starts version N+1 as a copy of N. Version N-1, the
// one N replaced, is kept as a spare: renamed to N+1 and brought up to N by
// N's change log (ChangesFile: the files N's build wrote and removed, made
// hard links to N's), it costs what N changed, not the site's size. Without
// a spare or a log (after a full build or a crash), the copy is hard links
// to every file of N.

// versionsSuffix names the directory beside DIR that holds its versions.
const versionsSuffix = ".builds"

// published is an output directory and its versions.
type published struct {
	dir      string // the link the user named
	versions string // DIR.builds
	current  string // the version DIR points at; "" when none
	next     string // where this build writes
}

// openPublished finds dir's current version. A directory that an older
// Chronicle built in place becomes version 1 (moved, then linked); an empty
// directory is removed, to be replaced by the link.
func openPublished(dir string) (*published, error) {
	dir = filepath.Clean(dir)
	p := &published{dir: dir, versions: dir + versionsSuffix}
	fi, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, err
	case fi.Mode()&fs.ModeSymlink != 0:
		target, err := os.Readlink(dir)
		if err != nil {
			return nil, err
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(dir), target)
		}
		p.current = target
	case fi.IsDir():
		if err := p.adoptDirectory(); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("%s is a file, not a site directory", dir)
	}
	n, err := p.lastVersion()
	if err != nil {
		return nil, err
	}
	p.next = filepath.Join(p.versions, strconv.Itoa(n+1))
	return p, nil
}

// adoptDirectory turns a site built in place into version 1; an empty
// directory is removed. A directory that holds something else is refused.
func (p *published) adoptDirectory() error {
	st, err := readState(p.dir)
	if err != nil || st == nil {
		if err == nil {
			err = os.Remove(p.dir)
		}
		return err
	}
	if err := os.MkdirAll(p.versions, 0o755); err != nil {
		return err
	}
	first := filepath.Join(p.versions, "1")
	if err := os.Rename(p.dir, first); err != nil {
		return fmt.Errorf("move %s to %s: %w", p.dir, first, err)
	}
	p.current = first
	return p.link(first)
}

// lastVersion returns the highest version number in DIR.builds, 0 when none.
func (p *published) lastVersion() (int, error) {
	entries, err := os.ReadDir(p.versions)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	last := 0
	for _, e := range entries {
		if n, err := strconv.Atoi(e.Name()); err == nil && n > last {
			last = n
		}
	}
	return last, nil
}

// spare returns the version before the current one, kept for the next
// build's copy; "" when there is none.
func (p *published) spare() string {
	if p.current == "" {
		return ""
	}
	n, err := strconv.Atoi(filepath.Base(p.current))
	if err != nil {
		return ""
	}
	v := filepath.Join(p.versions, strconv.Itoa(n-1))
	if fi, err := os.Stat(v); err != nil || !fi.IsDir() {
		return ""
	}
	return v
}

// removeUnpublished removes every version but the current one and its
// spare: those of builds killed before they were switched to, and older
// ones.
func (p *published) removeUnpublished() error {
	spare := p.spare()
	entries, err := os.ReadDir(p.versions)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var errs []error
	for _, e := range entries {
		if v := filepath.Join(p.versions, e.Name()); v != p.current && v != spare {
			errs = append(errs, os.RemoveAll(v))
		}
	}
	return errors.Join(errs...)
}

// start makes the next version: empty for a fresh build, else a copy of
// the current one — the spare brought up to it by its change log when
// possible, else hard links to every file.
func (p *published) start(fresh bool) error {
	if err := os.MkdirAll(p.versions, 0o755); err != nil {
		return err
	}
	if err := os.Chmod(p.versions, 0o755); err != nil {
		return err
	}
	if fresh || p.current == "" {
		return mkdirReadable(p.next)
	}
	if p.copyFromSpare() {
		return removeChanges(p.next)
	}
	if err := linkTree(p.current, p.next); err != nil {
		return err
	}
	return removeChanges(p.next)
}

// copyFromSpare renames the spare to the next version and applies the
// current version's change log to it; false when there is no spare or no
// log, or applying failed (the partial copy is then removed).
func (p *published) copyFromSpare() bool {
	spare := p.spare()
	changes, ok := readChanges(p.current)
	if spare == "" || !ok {
		return false
	}
	if err := os.Rename(spare, p.next); err != nil {
		return false
	}
	if err := applyChanges(p.current, p.next, changes); err != nil {
		os.RemoveAll(p.next)
		return false
	}
	return true
}

// removeChanges removes the change log a copy took from its source.
func removeChanges(dir string) error {
	if err := os.Remove(filepath.Join(dir, ChangesFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// publish switches DIR to the next version and removes the versions older
// than the one it replaced, which becomes the spare.
func (p *published) publish() error {
	if err := p.link(p.next); err != nil {
		return err
	}
	p.current = p.next
	return p.removeUnpublished()
}

// link points DIR at version v, atomically: a new link renamed over it.
func (p *published) link(v string) error {
	rel, err := filepath.Rel(filepath.Dir(p.dir), v)
	if err != nil {
		return err
	}
	tmp := p.dir + ".link-tmp"
	if err := os.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.Symlink(rel, tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, p.dir); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("switch %s to %s: %w", p.dir, v, err)
	}
	return nil
}

// linkTree makes dst a copy of src's tree whose files are hard links to
// src's: a file replaced in dst (a new file renamed over it) leaves src's
// untouched.
func linkTree(src, dst string) error {
	return filepath.WalkDir(src, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, name)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return mkdirReadable(to)
		case d.Type().IsRegular():
			return os.Link(name, to)
		}
		return nil
	})
}

// mkdirReadable makes a directory readable by everyone, whatever the umask.
func mkdirReadable(dir string) error {
	if err := os.Mkdir(dir, 0o755); err != nil {
		return err
	}
	return os.Chmod(dir, 0o755)
}
