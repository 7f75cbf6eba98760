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
//
// A small import into a store whose caches were never read (a day or a few,
// as a daily sync brings, in a new process) looks up only its own keys
// instead (batchKeys): reading the whole tables would cost it more than
// everything else it does.

// keyTable caches the ids and slugs of one key table.
type keyTable struct {
	table, key string
	slugged    bool // the table has slugs given once, on insert (see slug.go)
	ids        map[string]int64
	slugs      map[string]bool // taken slugs
	maxID      int64
	synced     bool // the cache holds every row up to maxID
	// fold, when set, gives each key the key of its variants; folds maps
	// that to the first stored variant's id (see storyfold.go).
	fold  func(string) string
	folds map[string]int64
}

func newKeyTable(table, key string, slugged bool) *keyTable {
	t := &keyTable{table: table, key: key, slugged: slugged}
	t.reset()
	return t
}

func (t *keyTable) reset() {
	t.ids, t.slugs, t.maxID, t.synced = make(map[string]int64), make(map[string]bool), 0, false
	t.folds = make(map[string]int64)
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
	t.synced = true
	if maxID == t.maxID {
		return nil
	}
	slug := "NULL"
	if t.slugged {
		slug = "slug"
	}
	err = eachRow(ctx, tx, `SELECT id, `+t.key+`, `+slug+` FROM `+t.table+` WHERE id > ? ORDER BY id`, []any{t.maxID},
		func(rows *sql.Rows) error {
			var id int64
			var key string
			var slug sql.NullString
			if err := rows.Scan(&id, &key, &slug); err != nil {
				return err
			}
			t.ids[key] = id
			t.noteFold(key, id)
			if slug.Valid {
				t.slugs[slug.String] = true
			}
			t.maxID = max(t.maxID, id)
			return nil
		})
	if err != nil {
		return fmt.Errorf("read %s: %w", t.table, err)
	}
	return nil
}

// keyLinks finds or creates, in one import transaction, the ids of keys,
// queueing the rows it creates in rows. It adds them to the cache at once;
// when the transaction fails, undo takes them out again.
type keyLinks struct {
	cache  *keyTable
	nextID int64
	rows   *rowInserter // the new rows: id, key[, slug]
	// added are the keys, slugs and folds created, for undo.
	added, addedSlugs, addedFolds []string
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
	for _, f := range l.addedFolds {
		delete(l.cache.folds, f)
	}
	l.cache.maxID -= int64(len(l.added))
	l.added, l.addedSlugs, l.addedFolds = nil, nil, nil
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

// smallBatch is how many events an import may hold to look up its own keys
// rather than read the key tables whole (see batchKeys).
const smallBatch = 2000

// keysFor returns the key caches an import of days uses: the store's own,
// brought up to date; or, until the Store has stored one import so, when
// the import is small and the caches were never read, new caches holding
// only what the batch needs (ownKeys), so that a long import of many small
// batches still reads the tables once and then only what each batch added.
// The caller holds s.importing.
func (s *Store) keysFor(ctx context.Context, tx *sql.Tx, days []Day) (keys keyTables, ownKeys bool, err error) {
	events := 0
	for i := range days {
		events += len(days[i].Events)
	}
	if events <= smallBatch && !s.batchKeyed && !s.keys.entities.synced {
		keys, err = batchKeys(ctx, tx, days)
		return keys, true, err
	}
	for _, t := range s.keys.all() {
		if err := t.sync(ctx, tx); err != nil {
			return keyTables{}, false, err
		}
	}
	return s.keys, false, nil
}

// batchKeys returns key caches holding, of each table, the largest id, the
// ids of the batch's keys that are stored, and, for the keys not stored yet,
// every taken slug they could collide with: their base slug and the base
// followed by a hyphen and anything, so that freeSlug gives each new key the
// slug a whole cache would.
func batchKeys(ctx context.Context, tx *sql.Tx, days []Day) (keyTables, error) {
	keys := newKeyTables()
	want := map[*keyTable]map[string]bool{keys.entities: {}, keys.stories: {}, keys.sources: {}}
	for i := range days {
		for _, e := range days[i].Events {
			for _, t := range e.Entities {
				want[keys.entities][t.Title] = true
			}
			for _, title := range e.Stories {
				want[keys.stories][title] = true
			}
			for _, src := range e.Sources {
				want[keys.sources][src.URL] = true
			}
		}
	}
	for _, t := range keys.all() {
		if err := t.lookUp(ctx, tx, want[t]); err != nil {
			return keyTables{}, err
		}
	}
	return keys, nil
}

// lookUp fills an empty cache with the largest id, the stored ones of keys
// and, when the table has slugs, the slugs the others could collide with.
func (t *keyTable) lookUp(ctx context.Context, tx *sql.Tx, keys map[string]bool) error {
	err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM `+t.table).Scan(&t.maxID)
	if err != nil {
		return fmt.Errorf("read %s: %w", t.table, err)
	}
	list := make([]string, 0, len(keys))
	for k := range keys {
		list = append(list, k)
	}
	err = eachChunk(list, func(chunk string) error {
		return pairsInto(ctx, tx, t.ids, `SELECT `+t.key+`, id FROM `+t.table+`
			WHERE `+t.key+` IN (SELECT value FROM json_each(?))`, chunk)
	})
	if err != nil || !t.slugged {
		return wrapRead(t.table, err)
	}
	if err := t.lookUpFolds(ctx, tx, keys); err != nil {
		return wrapRead(t.table, err)
	}
	bases := map[string]bool{}
	for k := range keys {
		if _, stored := t.ids[k]; !stored {
			bases[event.TopicSlug(k)] = true
		}
	}
	for base := range bases {
		// Slugs are lowercase letters, digits and hyphens: those after
		// base+"-" and before base+"." start with base+"-".
		err := eachRow(ctx, tx, `SELECT slug FROM `+t.table+` WHERE slug = ?1 OR (slug > ?1 || '-' AND slug < ?1 || '.')`,
			[]any{base}, func(rows *sql.Rows) error {
				var slug string
				err := rows.Scan(&slug)
				t.slugs[slug] = true
				return err
			})
		if err != nil {
			return wrapRead(t.table, err)
		}
	}
	return nil
}

func wrapRead(table string, err error) error {
	if err != nil {
		return fmt.Errorf("read %s: %w", table, err)
	}
	return nil
}
