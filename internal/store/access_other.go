//go:build !unix

package store

// access would say whether this user may use a path as mode asks; where
// there is no access(2), SQLite's own errors say it.
var access = func(string, uint32) error { return nil }

// writeOK asks access whether a path may be written.
const writeOK = 2
