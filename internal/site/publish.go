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
// directory is removed, to be replaced by the link. What cannot be replaced
// by a link — the root, the current directory, a mount point — and a link
// that Chronicle did not make are refused before anything is changed.
func openPublished(dir string) (*published, error) {
	dir = filepath.Clean(dir)
	if err := checkReplaceable(dir); err != nil {
		return nil, err
	}
	p := &published{dir: dir, versions: dir + versionsSuffix}
	fi, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, err
	case fi.Mode()&fs.ModeSymlink != 0:
		if p.current, err = p.linkedVersion(); err != nil {
			return nil, err
		}
	case fi.IsDir():
		parent, _ := os.Stat(filepath.Join(dir, ".."))
		if isMountPoint(fi, parent) {
			return nil, notReplaceable(dir, "a mount point")
		}
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

// replacedBy says why an output directory must be a path a build can
// replace.
const replacedBy = "a build makes DIR a symbolic link to its latest version, DIR" + versionsSuffix + "/N"

// notReplaceable is the error of an output directory that cannot be
// replaced by the link: what it is, and what to give instead.
func notReplaceable(dir, what string) error {
	return fmt.Errorf("%s is %s, which cannot be replaced (%s): give a sub-directory, such as %s, and serve that",
		dir, what, replacedBy, filepath.Join(dir, "site"))
}

// checkReplaceable refuses the output directories no link can replace:
// the root of the file system and the current directory.
func checkReplaceable(dir string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if filepath.Dir(abs) == abs {
		return notReplaceable(dir, "the root of the file system")
	}
	if wd, err := os.Getwd(); err == nil && wd == abs {
		return notReplaceable(dir, "the current directory")
	}
	return nil
}

// linkedVersion returns the version the link DIR points at; a link that
// points elsewhere is the user's, not one a build made, and is refused
// rather than replaced.
func (p *published) linkedVersion() (string, error) {
	target, err := os.Readlink(p.dir)
	if err != nil {
		return "", err
	}
	resolved := target
	if !filepath.IsAbs(resolved) {
		resolved = filepath.Join(filepath.Dir(p.dir), resolved)
	}
	versions, err1 := filepath.Abs(p.versions)
	parent, err2 := filepath.Abs(filepath.Dir(resolved))
	if _, err := strconv.Atoi(filepath.Base(resolved)); err != nil || err1 != nil || err2 != nil || parent != versions {
		return "", fmt.Errorf("%s is a symbolic link to %s, not one a build made (to %s/N): %s, and will not replace yours; "+
			"build into %s instead (the link then leads to the site), or remove the link",
			p.dir, target, p.versions, replacedBy, resolved)
	}
	return resolved, nil
}

// adoptDirectory turns a site built in place into version 1; an empty
// directory is removed. A directory that holds something else is refused.
func (p *published) adoptDirectory() error {
	st, err := readState(p.dir)
	if err != nil || st == nil {
		if err == nil {
			err = os.Remove(p.dir)
		}
		if isBusy(err) {
			return notReplaceable(p.dir, "in use as a mount point")
		}
		return err
	}
	if err := os.MkdirAll(p.versions, 0o755); err != nil {
		return err
	}
	first := filepath.Join(p.versions, "1")
	if err := os.Rename(p.dir, first); err != nil {
		if isBusy(err) {
			return notReplaceable(p.dir, "in use as a mount point")
		}
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
