//go:build unix

package site

import (
	"errors"
	"io/fs"
	"syscall"
)

// isMountPoint reports whether the directory dir is mounted on another
// device than parent, its parent directory: a volume mounted there, which
// cannot be renamed or removed. False when either stat result is missing.
func isMountPoint(dir, parent fs.FileInfo) bool {
	if dir == nil || parent == nil {
		return false
	}
	d, ok1 := dir.Sys().(*syscall.Stat_t)
	p, ok2 := parent.Sys().(*syscall.Stat_t)
	return ok1 && ok2 && d != nil && p != nil && d.Dev != p.Dev
}

// isBusy reports the error of removing or renaming a directory that is in
// use as a mount point (a bind mount on the same device as its parent).
func isBusy(err error) bool { return errors.Is(err, syscall.EBUSY) }
