package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// An import links events to rows of three tables of unique keys: entities
// and stories by title, sources by URL. Finding those ids with SQL, row by row
// or with INSERT … ON CONFLICT … RETURNING, cost as much as storing the
// events, so the store keeps every key's id (and slug) in memory: the import
// gives new rows their ids and slugs itself and inserts them plainly.
//
// Chronicle never deletes or renames these rows, so a cached id stays right;
// each import transaction first reads the rows added since (by another
// process), and a table whose largest id shrank is read again whole.

// keyTable caches the ids and slugs of one key table.
type keyTable struct {
	table, key string
	slugged    bool // the table has slugs given once, on insert (see slug.go)
	ids        map[string]int64
	slugs      map[string]bool // taken slugs
	maxID      int64
}

func newKeyTable(table, key string, slugged bool) *keyTable {
	t := &keyTable{table: table, key: key, slugged: slugged}
	t.reset()
	return t
}

func (t *keyTable) reset() {
	t.ids, t.slugs, t.maxID = make(map[string]int64), make(map[string]bool), 0
}

// sync reads the rows the cache does not hold yet.
func (t *keyTable) sync(ctx context.Context, tx *sql.Tx) error {
	var maxID int64
	err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM `+t.table).Scan(&maxID)
	if err != nil {
		return fmt.Errorf("read %s: %w", t.table, err)
	}
	if maxID < t.maxID {
		t.reset()
	}
	if maxID == t.maxID {
		return nil
	}
	slug := "NULL"
	if t.slugged {
		slug = "slug"
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, `+t.key+`, `+slug+` FROM `+t.table+` WHERE id > ? ORDER BY id`, t.maxID)
	if err != nil {
		return fmt.Errorf("read %s: %w", t.table, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var key string
		var slug sql.NullString
		if err := rows.Scan(&id, &key, &slug); err != nil {
			return fmt.Errorf("read %s: %w", t.table, err)
		}
		t.ids[key] = id
		if slug.Valid {
			t.slugs[slug.String] = true
		}
		t.maxID = max(t.maxID, id)
	}
	return rows.Err()
}

// keyLinks finds or creates, in one import transaction, the ids of keys,
// queueing the rows it creates in rows. It adds them to the cache at once;
// when the transaction fails, undo takes them out again.
type keyLinks struct {
	cache  *keyTable
	nextID int64
	rows   *rowInserter // the new rows: id, key[, slug]
	// added are the keys and slugs created, for undo.
	added, addedSlugs []string
}

func newKeyLinks(tx *sql.Tx, cache *keyTable) *keyLinks {
	columns, width := "id, "+cache.key, 2
	if cache.slugged {
		columns, width = columns+", slug", 3
	}
	return &keyLinks{
		cache:  cache,
		nextID: cache.maxID + 1,
		rows:   newRowInserter(tx, "INSERT INTO "+cache.table+" ("+columns+") VALUES", width, ""),
	}
}

// id returns the key's id, queueing a new row for a key not seen before.
func (l *keyLinks) id(key string) int64 {
	if id, ok := l.cache.ids[key]; ok {
		return id
	}
	id := l.nextID
	l.nextID++
	l.cache.ids[key] = id
	l.cache.maxID = id
	l.added = append(l.added, key)
	if !l.cache.slugged {
		l.rows.add(id, key)
		return id
	}
	slug := l.cache.freeSlug(event.TopicSlug(key))
	l.cache.slugs[slug] = true
	l.addedSlugs = append(l.addedSlugs, slug)
	l.rows.add(id, key, slug)
	return id
}

// undo takes the keys created out of the cache, as their rows were not stored.
func (l *keyLinks) undo() {
	for _, k := range l.added {
		delete(l.cache.ids, k)
	}
	for _, s := range l.addedSlugs {
		delete(l.cache.slugs, s)
	}
	l.cache.maxID -= int64(len(l.added))
	l.added, l.addedSlugs = nil, nil
}

// freeSlug returns base, or base-2, base-3… whichever is the first not taken,
// as assignSlugs would.
func (t *keyTable) freeSlug(base string) string {
	slug := base
	for n := 2; t.slugs[slug]; n++ {
		slug = base + "-" + strconv.Itoa(n)
	}
	return slug
}
