//go:build unix

package store

import "golang.org/x/sys/unix"

// access is unix.Access; tests replace it, since they may run as root, whom
// it never refuses.
var access = unix.Access

// writeOK asks access whether a path may be written.
const writeOK = unix.W_OK
