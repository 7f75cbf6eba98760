//go:build unix

package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// A database this user may not write is refused before SQLite touches it: in
// WAL mode even a reader writes the -shm and -wal files beside it, which
// would then belong to this user and lock its owner out.
func TestOpenRefusesADatabaseItCannotWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "chronicle.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	tests := []struct {
		name      string
		forbidden string // the path access refuses
		errno     error
		want      string
	}{
		{"file", path, unix.EACCES, path + " is not writable by this user"},
		{"directory", dir, unix.EACCES, "directory " + dir + " is not writable by this user"},
		{"read-only file system", path, unix.EROFS, path + " is on a read-only file system"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func(old func(string, uint32) error) { access = old }(access)
			access = func(p string, mode uint32) error {
				if p == tt.forbidden && mode&unix.W_OK != 0 {
					return tt.errno
				}
				return unix.Access(p, mode)
			}
			s, err := Open(path)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want %q", err, tt.want)
			}
			if _, err := os.Stat(path + "-shm"); err == nil {
				t.Error("a -shm file was made beside the refused database")
			}
		})
	}
}
