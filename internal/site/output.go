package site

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// output writes the files of a build under root. A fresh tree (a full build
// into a temporary directory) is written straight; an existing one is
// updated file by file: a file is replaced, through a temporary file in its
// directory and a rename, only when its bytes differ, so that a killed
// build leaves every file whole and an unchanged file keeps its mtime.
type output struct {
	root    string
	replace bool

	dirs                        sync.Map // directories known to exist
	written, unchanged, created atomic.Int64
	// removed counts the site's files a build over an earlier one removed:
	// with created, what the site's count of files moved by.
	removed atomic.Int64

	// modesOnce sets plainModes: the umask leaves files created 0644 and
	// directories 0755 as they are, so no chmod need follow.
	modesOnce  sync.Once
	plainModes bool

	// log records the site paths a build over an earlier one wrote and
	// removed, for the next build's copy of this version (publish.go).
	log changeLog
}

// filePath maps a site path (/news/2013/06/6/index.html) to a file under root.
func (o *output) filePath(urlPath string) (string, error) {
	if !strings.HasPrefix(urlPath, "/") || strings.Contains(urlPath, "..") || strings.ContainsRune(urlPath, '\\') {
		return "", fmt.Errorf("unsafe site path %q", urlPath)
	}
	if filepath.Separator == '/' && path.Clean(urlPath) == urlPath && filepath.Clean(o.root) == o.root {
		return o.root + urlPath, nil // what Join gives, without its copy
	}
	return filepath.Join(o.root, filepath.FromSlash(urlPath)), nil
}

// write stores body at the site path.
func (o *output) write(urlPath string, body []byte) error {
	name, err := o.filePath(urlPath)
	if err != nil {
		return err
	}
	if !o.replace {
		if err := o.mkdirNew(filepath.Dir(name)); err != nil {
			return err
		}
		if err := createFile(name, body, !o.modesArePlain()); err != nil {
			return err
		}
		o.written.Add(1)
		o.created.Add(1)
		return nil
	}
	if err := o.mkdir(filepath.Dir(name)); err != nil {
		return err
	}
	return o.replaceFile(name, body)
}

func (o *output) replaceFile(name string, body []byte) error {
	old, err := os.ReadFile(name)
	switch {
	case err == nil && bytes.Equal(old, body):
		o.unchanged.Add(1)
		return nil
	case errors.Is(err, fs.ErrNotExist):
		o.created.Add(1)
	case err != nil:
		return err
	}
	if err := writeAtomic(name, body); err != nil {
		return err
	}
	o.written.Add(1)
	o.log.add(urlPath(o.root, name), false)
	return nil
}

// urlPath is the site path of the file name under root.
func urlPath(root, name string) string {
	rel, err := filepath.Rel(root, name)
	if err != nil {
		return ""
	}
	return "/" + filepath.ToSlash(rel)
}

// exists reports whether the site path has a file.
func (o *output) exists(urlPath string) bool {
	name, err := o.filePath(urlPath)
	if err != nil {
		return false
	}
	_, err = os.Stat(name)
	return err == nil
}

// mkdir makes dir and its parents under the root, each mode 0755 whatever
// the umask (and the root too, which a temporary directory creates 0700),
// so that a web server running as another user can read the site.
func (o *output) mkdir(dir string) error {
	if _, ok := o.dirs.Load(dir); ok {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	root := filepath.Clean(o.root)
	for d := dir; d == root || strings.HasPrefix(d, root+string(filepath.Separator)); d = filepath.Dir(d) {
		if _, seen := o.dirs.LoadOrStore(d, true); seen && d != dir {
			break
		}
		if err := os.Chmod(d, 0o755); err != nil {
			return err
		}
		if d == root {
			break
		}
	}
	return nil
}

// mkdirNew makes dir and its parents under the root of a fresh tree, each
// mode 0755 whatever the umask (and the root too, which a temporary
// directory creates 0700). Unlike mkdir it does not look before it makes
// (a fresh tree has only what this output made), and changes a new
// directory's mode only when the umask would take bits from 0755: one
// system call for each directory of a fresh build.
func (o *output) mkdirNew(dir string) error {
	if _, ok := o.dirs.Load(dir); ok {
		return nil
	}
	root := filepath.Clean(o.root)
	if dir != root {
		parent := filepath.Dir(dir)
		if parent != root && !strings.HasPrefix(parent, root+string(filepath.Separator)) {
			return fmt.Errorf("directory %s outside the site %s", dir, root)
		}
		if err := o.mkdirNew(parent); err != nil {
			return err
		}
	}
	err := os.Mkdir(dir, 0o755)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	if dir == root || !o.modesArePlain() {
		if err := os.Chmod(dir, 0o755); err != nil {
			return err
		}
	}
	o.dirs.Store(dir, true)
	return nil
}

// modesArePlain reports whether the process's umask leaves the modes 0644
// and 0755 whole; false when it cannot be read.
func (o *output) modesArePlain() bool {
	o.modesOnce.Do(func() {
		mask, ok := processUmask()
		o.plainModes = ok && mask&0o755 == 0
	})
	return o.plainModes
}

// processUmask reads the process's umask from /proc/self/status (Linux
// 4.7 and later); reading it by syscall.Umask would set it, for a moment,
// for every goroutine.
func processUmask() (fs.FileMode, bool) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	_, rest, found := bytes.Cut(b, []byte("\nUmask:"))
	if !found {
		return 0, false
	}
	line, _, _ := bytes.Cut(rest, []byte("\n"))
	mask, err := strconv.ParseUint(string(bytes.TrimSpace(line)), 8, 32)
	if err != nil {
		return 0, false
	}
	return fs.FileMode(mask), true
}

// writeAtomic replaces the file name by body: a temporary file in the same
// directory, synced, then renamed over it.
func writeAtomic(name string, body []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(body)
	if werr == nil {
		werr = tmp.Chmod(0o644)
	}
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// removeUnlisted removes the files directly in the site directory dir
// (/sitemaps/) whose site path listed lacks.
func (o *output) removeUnlisted(dir string, listed map[string]bool) error {
	name, err := o.filePath(dir)
	if err != nil {
		return err
	}
	entries, err := os.ReadDir(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || listed[dir+e.Name()] {
			continue
		}
		switch err := os.Remove(filepath.Join(name, e.Name())); {
		case err == nil:
			o.removed.Add(1)
		case !errors.Is(err, fs.ErrNotExist):
			return err
		}
		o.log.add(dir+e.Name(), true)
	}
	return nil
}
