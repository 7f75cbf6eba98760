package site

import (
	"bufio"
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// ChangesFile is the name, inside a version of a built site, of the list of
// the site paths its build wrote and removed over the version before it:
// what the next build applies to that earlier version to make it a copy of
// this one (publish.go). A full build writes none.
const ChangesFile = ".chronicle-changes"

// maxLoggedChanges bounds a change log: a build that changes more is
// copied whole by the next (hard links to every file) rather than replayed.
const maxLoggedChanges = 50000

// changeLog collects the site paths a build writes and removes.
type changeLog struct {
	mu       sync.Mutex
	entries  []string // "w /path" or "r /path"
	overflow bool
}

func (l *changeLog) add(path string, removed bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.overflow || path == "" {
		return
	}
	if len(l.entries) >= maxLoggedChanges {
		l.overflow, l.entries = true, nil
		return
	}
	op := "w "
	if removed {
		op = "r "
	}
	l.entries = append(l.entries, op+path)
}

// save writes the log into the version dir, sorted; an overflowed log
// writes none, so that the next build copies the version whole.
func (l *changeLog) save(dir string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.overflow {
		return nil
	}
	entries := slices.Clone(l.entries)
	slices.Sort(entries)
	entries = slices.Compact(entries)
	var b bytes.Buffer
	for _, e := range entries {
		b.WriteString(e)
		b.WriteByte('\n')
	}
	return writeAtomic(filepath.Join(dir, ChangesFile), b.Bytes())
}

// readChanges reads a version's change log; ok is false when it has none
// or it cannot be read whole.
func readChanges(dir string) (entries []string, ok bool) {
	b, err := os.ReadFile(filepath.Join(dir, ChangesFile))
	if err != nil {
		return nil, false
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := sc.Text()
		if len(line) < 3 || (line[:2] != "w " && line[:2] != "r ") || !strings.HasPrefix(line[2:], "/") || strings.Contains(line, "..") {
			return nil, false
		}
		entries = append(entries, line)
	}
	return entries, sc.Err() == nil
}

// applyChanges makes dst, a copy of the version before src, a copy of src:
// each path src's build wrote becomes a hard link to src's file (through a
// temporary link renamed over the old), each path it removed is removed.
func applyChanges(src, dst string, entries []string) error {
	for _, e := range entries {
		rel := filepath.FromSlash(e[3:])
		to := filepath.Join(dst, rel)
		if e[0] == 'r' {
			if err := os.Remove(to); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		tmp := filepath.Join(filepath.Dir(to), "."+filepath.Base(to)+".link-tmp")
		os.Remove(tmp)
		if err := os.Link(filepath.Join(src, rel), tmp); err != nil {
			return err
		}
		if err := os.Rename(tmp, to); err != nil {
			os.Remove(tmp)
			return err
		}
	}
	return nil
}
