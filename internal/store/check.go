package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// maxProblemsPerCheck caps how many problems one check names; the rest are
// counted.
const maxProblemsPerCheck = 10

// CheckReport is what Check found: the problems, each naming what is wrong
// and where, and notes that are not problems (derived data that an import
// or chronicle related will bring up to date).
type CheckReport struct {
	Problems []string
	Notes    []string
}

// OK reports whether the check found no problem.
func (r CheckReport) OK() bool { return len(r.Problems) == 0 }

// check is one check of Check: its name, for messages, and how to run it.
type check struct {
	name string
	run  func(ctx context.Context, s *Store, r *checkRun) error
}

// checkRun collects the findings of one check.
type checkRun struct {
	name     string
	problems []string
	extra    int
	notes    []string
}

func (c *checkRun) problem(format string, args ...any) {
	if len(c.problems) == maxProblemsPerCheck {
		c.extra++
		return
	}
	c.problems = append(c.problems, c.name+": "+fmt.Sprintf(format, args...))
}

// checks are the checks of Check, in order: SQLite's own first.
var checks = []check{
	{"integrity", checkIntegrity},
	{"schema", checkSchema},
	{"foreign keys", checkForeignKeys},
	{"event paths", checkEventPaths},
	{"path history", checkPathHistory},
	{"revisions", checkRevisions},
	{"related lists", checkLists(RelatedList)},
	{"around lists", checkLists(AroundList)},
	{"title counts", checkTitleCounts},
}

// Check verifies the database: SQLite's integrity check, its tables and
// indexes against a new database's, SQLite's foreign key check, then
// Chronicle's own invariants: every event has its path in path_history,
// marked current and of its day; every path marked current has its event;
// every revision is one a wiki or a file could give (checkRevisions);
// the related and around lists decode and point at existing events (when
// they are current); the stored counts of topics, stories and categories
// match a recount (when their stamp is current). An error means the check
// itself could not run (the file is not a database, say).
func (s *Store) Check(ctx context.Context) (CheckReport, error) {
	var report CheckReport
	for _, c := range checks {
		run := &checkRun{name: c.name}
		if err := c.run(ctx, s, run); err != nil {
			if !isCorrupt(err) {
				return report, fmt.Errorf("%s: %w", c.name, err)
			}
			run.problem("%v", err) // the damage stopped this check; the next ones may see more
		}
		report.Problems = append(report.Problems, run.problems...)
		if run.extra > 0 {
			report.Problems = append(report.Problems, fmt.Sprintf("%s: … and %d more", c.name, run.extra))
		}
		report.Notes = append(report.Notes, run.notes...)
		if c.name == "schema" && len(run.problems) > 0 {
			report.Notes = append(report.Notes, "the checks after the schema's were not run: they read the tables and indexes it lacks")
			break
		}
	}
	return report, nil
}

// isCorrupt reports whether err is SQLite's finding that the file is damaged.
func isCorrupt(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	code := se.Code() & 0xff
	return code == sqlite3.SQLITE_CORRUPT || code == sqlite3.SQLITE_NOTADB
}

func checkIntegrity(ctx context.Context, s *Store, r *checkRun) error {
	return eachRow(ctx, s.reads, `PRAGMA integrity_check`, nil, func(rows *sql.Rows) error {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			return err
		}
		if msg != "ok" {
			r.problem("%s", msg)
		}
		return nil
	})
}

// checkSchema compares the database's tables, indexes, views and triggers
// with those a new database of this version has, by name: one dropped by
// hand or by a tool would otherwise stop the checks after it with "no such
// table" rather than be named.
func checkSchema(ctx context.Context, s *Store, r *checkRun) error {
	want, err := freshSchema(ctx)
	if err != nil {
		return err
	}
	have, err := schemaObjects(ctx, s.reads.db)
	if err != nil {
		return err
	}
	for _, o := range want {
		if !slices.Contains(have, o) {
			r.problem("%s %s is missing", o.kind, o.name)
		}
	}
	return nil
}

// schemaObject is a row of sqlite_schema: its type and name.
type schemaObject struct{ kind, name string }

// freshSchema returns the objects of a new database, made in memory.
func freshSchema(ctx context.Context) ([]schemaObject, error) {
	db, err := sql.Open("sqlite", "file::memory:")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // each connection has a memory database of its own
	if err := migrate(ctx, db); err != nil {
		return nil, fmt.Errorf("make a new schema to compare: %w", err)
	}
	return schemaObjects(ctx, db)
}

// schemaObjects lists a database's tables, indexes, views and triggers but
// SQLite's own.
func schemaObjects(ctx context.Context, db *sql.DB) ([]schemaObject, error) {
	rows, err := db.QueryContext(ctx, `SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY type, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []schemaObject
	for rows.Next() {
		var o schemaObject
		if err := rows.Scan(&o.kind, &o.name); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

func checkForeignKeys(ctx context.Context, s *Store, r *checkRun) error {
	return eachRow(ctx, s.reads, `PRAGMA foreign_key_check`, nil, func(rows *sql.Rows) error {
		var table, parent string
		var rowid sql.NullInt64
		var fk int
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			return err
		}
		where := "a row"
		if rowid.Valid {
			where = fmt.Sprintf("row %d", rowid.Int64)
		}
		r.problem("%s of %s refers to a missing row of %s", where, table, parent)
		return nil
	})
}

// checkEventPaths: every event's path is in path_history, current, of the
// event's day, and under that day's directory.
func checkEventPaths(ctx context.Context, s *Store, r *checkRun) error {
	return eachRow(ctx, s.reads, `
		SELECT e.path, e.date, p.path IS NOT NULL, coalesce(p.current, 0), coalesce(p.date, '')
		FROM events e LEFT JOIN path_history p ON p.path = e.path`, nil, func(rows *sql.Rows) error {
		var path, date, histDate string
		var known, current bool
		if err := rows.Scan(&path, &date, &known, &current, &histDate); err != nil {
			return err
		}
		switch d, err := event.ParseDate(date); {
		case err != nil:
			r.problem("event %s has the bad date %q", path, date)
		case !strings.HasPrefix(path, d.Dir()+"/"):
			r.problem("event %s is not under its day's directory %s", path, d.Dir())
		case !known:
			r.problem("event %s is missing from path_history", path)
		case !current:
			r.problem("event %s is marked retired in path_history", path)
		case histDate != date:
			r.problem("event %s of %s has the day %s in path_history", path, date, histDate)
		}
		return nil
	})
}

// checkPathHistory: every path marked current has its event; no path was
// last seen before it was first seen.
func checkPathHistory(ctx context.Context, s *Store, r *checkRun) error {
	err := eachRow(ctx, s.reads, `
		SELECT p.path FROM path_history p
		WHERE p.current = 1 AND NOT EXISTS (SELECT 1 FROM events e WHERE e.path = p.path)`, nil, func(rows *sql.Rows) error {
		var path string
		if err := rows.Scan(&path); err != nil {
			return err
		}
		r.problem("path %s is marked current but no event has it", path)
		return nil
	})
	if err != nil {
		return err
	}
	return eachRow(ctx, s.reads, `SELECT path, first_seen, last_seen FROM path_history WHERE last_seen < first_seen`, nil,
		func(rows *sql.Rows) error {
			var path, first, last string
			if err := rows.Scan(&path, &first, &last); err != nil {
				return err
			}
			r.problem("path %s was last seen (%s) before it was first seen (%s)", path, last, first)
			return nil
		})
}

// checkRevisions: every stored revision has an id no wiki refuses (0 for a
// day read from a file), a time, a wiki's revision one from 2001 on, and a
// SHA-1 in lowercase hex. A sync of before 4 December stored what an API
// gave unchecked: a revision -5, or year 1 for a time it could not read.
func checkRevisions(ctx context.Context, s *Store, r *checkRun) error {
	return eachRow(ctx, s.reads, `SELECT date, rev_id, timestamp, sha1 FROM revisions ORDER BY date, id`, nil,
		func(rows *sql.Rows) error {
			var date, stamp, sha1 string
			var id int64
			if err := rows.Scan(&date, &id, &stamp, &sha1); err != nil {
				return err
			}
			if problem := revisionProblem(id, stamp, sha1); problem != "" {
				r.problem("a revision of %s %s", date, problem)
			}
			return nil
		})
}

// revisionProblem says what is wrong with a stored revision, "" when
// nothing is.
func revisionProblem(id int64, stamp, sha1 string) string {
	t, err := time.Parse(timeLayout, stamp)
	switch {
	case id < 0:
		return fmt.Sprintf("has the id %d: neither a wiki nor a day file gives a negative one", id)
	case err != nil:
		return fmt.Sprintf("has the time %q, not one in the stored form (%s)", stamp, timeLayout)
	case id > 0 && t.Before(event.FirstRevision):
		return fmt.Sprintf("has the time %s, before Wikipedia began", stamp)
	case !event.IsRevisionSHA1(sha1):
		return fmt.Sprintf("has the SHA-1 %q: want 40 lowercase hex digits", sha1)
	}
	return ""
}

// checkLists: every list of the kind decodes, and, when the lists are
// current, points at existing events only (an import may leave lists
// pointing at the events it replaced until derive brings them up to date).
func checkLists(list List) func(ctx context.Context, s *Store, r *checkRun) error {
	return func(ctx context.Context, s *Store, r *checkRun) error {
		gen, err := s.Generation(ctx)
		if err != nil {
			return err
		}
		derived, err := s.RelatedGeneration(ctx)
		if err != nil {
			return err
		}
		current := derived == gen
		if !current && list == RelatedList {
			r.notes = append(r.notes, fmt.Sprintf("related and around lists are of generation %d, the events of %d: the next import or 'chronicle related' brings them up to date", derived, gen))
		}
		ids := map[int64]bool{}
		if current {
			err := eachRow(ctx, s.reads, `SELECT id FROM events`, nil, func(rows *sql.Rows) error {
				var id int64
				err := rows.Scan(&id)
				ids[id] = true
				return err
			})
			if err != nil {
				return err
			}
		}
		query := `SELECT l.event_id, coalesce(e.path, ''), l.items FROM ` + list.table() + ` l LEFT JOIN events e ON e.id = l.event_id`
		return eachRow(ctx, s.reads, query, nil, func(rows *sql.Rows) error {
			var id int64
			var path string
			var packed []byte
			if err := rows.Scan(&id, &path, &packed); err != nil {
				return err
			}
			if path == "" {
				path = fmt.Sprintf("of missing event %d", id)
			}
			items, err := unpackItems(packed)
			if err != nil {
				r.problem("the list of event %s does not decode: %v", path, err)
				return nil
			}
			for _, it := range items {
				if current && !ids[it.target] {
					r.problem("the list of event %s points at event id %d, which does not exist", path, it.target)
				}
			}
			return nil
		})
	}
}

// checkTitleCounts: when the stored counts are stamped current, they equal
// a recount from the events.
func checkTitleCounts(ctx context.Context, s *Store, r *checkRun) error {
	gen, err := s.Generation(ctx)
	if err != nil {
		return err
	}
	stamp, err := s.counter(ctx, "counts_generation")
	if err != nil {
		return err
	}
	if stamp != gen {
		r.notes = append(r.notes, fmt.Sprintf("title counts are of generation %d, the events of %d: counted afresh when read; the next import stores them", stamp, gen))
		return nil
	}
	for _, kind := range event.Kinds {
		stored, err := scanTitleCounts(ctx, s.reads, storedCountQueries[kind])
		if err != nil {
			return fmt.Errorf("stored counts of %s: %w", kind, err)
		}
		fresh, err := s.countTitles(ctx, kind)
		if err != nil {
			return err
		}
		compareCounts(r, kind, stored, fresh)
	}
	return nil
}

func compareCounts(r *checkRun, kind event.Kind, stored, fresh []TitleCount) {
	want := make(map[string]TitleCount, len(fresh))
	for _, c := range fresh {
		want[c.Title] = c
	}
	for _, c := range stored {
		w, ok := want[c.Title]
		delete(want, c.Title)
		switch {
		case !ok:
			r.problem("%s %q is stored with %d events but has none", kind, c.Title, c.Events)
		case w.Events != c.Events || w.Newest != c.Newest:
			r.problem("%s %q is stored with %d events, newest %s; a recount gives %d, newest %s", kind, c.Title, c.Events, c.Newest, w.Events, w.Newest)
		}
	}
	for _, c := range fresh {
		if _, missing := want[c.Title]; missing {
			r.problem("%s %q has %d events but no stored count", kind, c.Title, c.Events)
		}
	}
}
