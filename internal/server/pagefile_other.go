//go:build !linux

package server

import (
	"errors"
	"net"
	"os"
)

// pageFilesPossible: sending pages from memory files is Linux's
// (pagefile_linux.go); elsewhere the fast front writes every body from
// memory, and the cache counts each body once.
const pageFilesPossible = false

// newPageFile is never called here.
func newPageFile([]byte) (*os.File, error) { return nil, errors.ErrUnsupported }

// sendPageFile never sends here.
func sendPageFile(net.Conn, []byte, *os.File, int) (sent bool, err error) { return false, nil }
