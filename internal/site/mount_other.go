//go:build !unix

package site

import "io/fs"

// isMountPoint reports whether dir is mounted on another device than its
// parent; unknown here, so false: removing or renaming it fails instead.
func isMountPoint(dir, parent fs.FileInfo) bool { return false }

// isBusy reports the error of removing a directory in use as a mount
// point; unknown here.
func isBusy(err error) bool { return false }
