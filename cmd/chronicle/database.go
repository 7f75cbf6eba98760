package main

import (
	"errors"
	"io/fs"
	"os"

	"github.com/chronicle-archive/chronicle/internal/store"
)

// fillDatabase opens the database db for a command that stores days in it
// (import, sync), runs fill and closes the database. When db does not exist
// yet and the command stored nothing, no file is left, so that serve never
// takes an empty database for an archive (README, "Exit status").
//
// With create set (import), a database that does not exist yet is built
// apart (store.Create: a temporary file beside db, not synced before the
// end) and moved to db only once complete: a first import killed or failed
// midway leaves no database at db. Otherwise (sync, whose days come one
// request at a time and are worth keeping) the new file is the database from
// the start, and removed again if nothing was stored.
func fillDatabase(db string, create bool, fill func(*store.Store) (stored bool, err error)) error {
	_, statErr := os.Stat(db)
	created := errors.Is(statErr, fs.ErrNotExist)
	var st *store.Store
	var err error
	if created && create {
		st, err = store.Create(db)
	} else {
		st, err = store.Open(db)
	}
	if err != nil {
		return err
	}
	stored, err := fill(st)
	switch {
	case created && create && !stored:
		return errors.Join(err, st.Discard())
	case created && !stored:
		err = errors.Join(err, st.Close())
		return errors.Join(err, store.Remove(db))
	}
	return errors.Join(err, st.Close())
}
