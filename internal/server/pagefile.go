package server

import (
	"errors"
	"os"
	"runtime"
	"sync/atomic"
	"syscall"
)

// sendfileMin is the size from which the fast front sends a cached body
// from a memory file with sendfile(2) rather than from the heap with
// writev(2), as nginx sends files: the kernel takes the file's pages
// instead of copying the body. Measured against writev under wrk (64
// connections, docs/performance-log.md): a fifth more answers a second for a
// 221 KB page, even at 46 KB, 6% fewer at 8 KB (two calls instead of one).
var sendfileMin = 64 << 10 // a variable for tests

// pageFilesMade counts the page files made, and pageFileWaits the times a
// page file's sending waited for room in the socket's buffer, for the tests.
var pageFilesMade, pageFileWaits atomic.Int64

// pageFilesUnsupported is set when the system cannot make page files at
// all: the fast front then writes every body from memory.
var pageFilesUnsupported atomic.Bool

// pageFile returns the memory file holding rep's body, one of c's
// representations, made on first use; nil when the body is smaller than
// sendfileMin or no file can be made. The file is closed once c is
// unreachable: dropped by the cache and no answer in flight holding it.
func (c *cached) pageFile(rep *representation) *os.File {
	if !pageFilesPossible || len(rep.body) < sendfileMin || pageFilesUnsupported.Load() {
		return nil
	}
	slot := &c.files[0]
	if rep == &c.zipped {
		slot = &c.files[1]
	}
	if f := slot.Load(); f != nil {
		return f
	}
	f, err := newPageFile(rep.body)
	if err != nil {
		if errors.Is(err, syscall.ENOSYS) || errors.Is(err, syscall.EPERM) { // an old kernel, a sandbox
			pageFilesUnsupported.Store(true)
		}
		return nil // too many files open, out of memory: the heap's copy serves
	}
	if !slot.CompareAndSwap(nil, f) { // another answer made it first
		f.Close()
		return slot.Load()
	}
	pageFilesMade.Add(1)
	runtime.AddCleanup(c, func(f *os.File) { f.Close() }, f)
	return f
}

// fileCopies is how many bytes the page files of c's bodies may hold: the
// cache counts them with the bodies, on the systems that make them.
func (c *cached) fileCopies() int {
	if !pageFilesPossible {
		return 0
	}
	n := 0
	for _, b := range [2][]byte{c.body, c.gz} {
		if len(b) >= sendfileMin {
			n += len(b)
		}
	}
	return n
}
