package site

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
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
}

// filePath maps a site path (/news/2013/06/6/index.html) to a file under root.
func (o *output) filePath(urlPath string) (string, error) {
	if !strings.HasPrefix(urlPath, "/") || strings.Contains(urlPath, "..") || strings.ContainsRune(urlPath, '\\') {
		return "", fmt.Errorf("unsafe site path %q", urlPath)
	}
	return filepath.Join(o.root, filepath.FromSlash(urlPath)), nil
}

// write stores body at the site path.
func (o *output) write(urlPath string, body []byte) error {
	name, err := o.filePath(urlPath)
	if err != nil {
		return err
	}
	if err := o.mkdir(filepath.Dir(name)); err != nil {
		return err
	}
	if !o.replace {
		if err := writeFile(name, body); err != nil {
			return err
		}
		o.written.Add(1)
		o.created.Add(1)
		return nil
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
	return nil
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

// writeFile creates the file name, mode 0644 whatever the umask.
func writeFile(name string, body []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, werr := f.Write(body)
	if werr == nil {
		werr = f.Chmod(0o644)
	}
	return errors.Join(werr, f.Close())
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
		if err := os.Remove(filepath.Join(name, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}
