package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// checkPath says, before SQLite sees path, what makes it unusable as the
// database: a directory, a parent that is missing or is a file, or a file or
// directory this user may not write. SQLite would say only "unable to open
// database file" or "attempt to write a readonly database".
//
// Write access is needed even by commands that only read: the database is
// in WAL mode, in which every connection writes the path-shm and path-wal
// files beside it. A reader that made them would own them and lock the
// database's owner out, so a database this user cannot write is refused.
func checkPath(path string) error {
	info, err := os.Stat(path)
	switch {
	case err == nil && info.IsDir():
		return fmt.Errorf("%s is a directory, not a database file", path)
	case err == nil:
		return checkExisting(path)
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		return checkParent(path)
	}
	return err
}

// checkExisting checks that this user may write the database file at path,
// and the files SQLite keeps beside it: the -shm file if it exists, the
// directory otherwise.
func checkExisting(path string) error {
	if err := writable(path, path); err != nil {
		return err
	}
	if access(path+"-shm", writeOK) == nil {
		return nil
	}
	dir := filepath.Dir(path)
	return writable(dir, "directory "+dir)
}

// checkParent checks the directory a database not yet made would be in.
func checkParent(path string) error {
	dir := filepath.Dir(path)
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("directory %s does not exist", dir)
	case errors.Is(err, syscall.ENOTDIR):
		return checkParent(dir)
	case err != nil:
		return err
	case !info.IsDir():
		return fmt.Errorf("%s is not a directory", dir)
	}
	return writable(dir, "directory "+dir)
}

// writable says why this user may not write path, called name in the
// message, or nil when it may.
func writable(path, name string) error {
	err := access(path, writeOK)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, syscall.EROFS):
		return fmt.Errorf("%s is on a read-only file system; Chronicle's database needs to be writable even to read it (SQLite's WAL mode writes files beside it)", name)
	case errors.Is(err, syscall.EACCES), errors.Is(err, syscall.EPERM):
		return fmt.Errorf("%s is not writable by this user (uid %d); Chronicle's database needs to be writable even to read it (SQLite's WAL mode writes files beside it): run chronicle as the user who owns the database", name, os.Geteuid())
	}
	return fmt.Errorf("%s: %w", name, err)
}
