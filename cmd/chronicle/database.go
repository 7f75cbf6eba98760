package main

import (
	"errors"
	"os"

	"github.com/chronicle-archive/chronicle/internal/store"
)

// fillDatabase opens the database db for a command that stores days in it
// (import, sync), runs fill and closes the database. When the command
// created the file and fill stored nothing, the file is removed again, so
// that serve never takes an empty database for an archive (README, "Exit
// status").
func fillDatabase(db string, fill func(*store.Store) (stored bool, err error)) error {
	_, statErr := os.Stat(db)
	created := errors.Is(statErr, os.ErrNotExist)
	st, err := store.Open(db)
	if err != nil {
		return err
	}
	stored, err := fill(st)
	err = errors.Join(err, st.Close())
	if created && !stored {
		err = errors.Join(err, removeDatabase(db))
	}
	return err
}

// removeDatabase removes a database file and the files SQLite keeps beside it.
func removeDatabase(db string) error {
	var errs []error
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		if err := os.Remove(db + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
