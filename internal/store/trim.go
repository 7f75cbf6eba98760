package store

import "runtime/debug"

// idleConns is database/sql's default number of idle connections kept.
const idleConns = 2

// Trim gives back the memory the store holds to speed up imports: the
// cached ids and slugs of the key tables (keys.go; the next import reads
// them again) and the idle connections with their page caches. A large
// import calls it before a pass that needs memory of its own, so that the
// two do not add up in the process's peak (docs/performance-log.md).
func (s *Store) Trim() {
	s.importing.Lock()
	s.keys.reset()
	s.importing.Unlock()
	s.db.SetMaxIdleConns(0)
	s.db.SetMaxIdleConns(idleConns)
	debug.FreeOSMemory()
}
