package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// ErrNewerSchema is returned, wrapped with both versions, when the database
// was written by a newer Chronicle whose schema this one does not know.
var ErrNewerSchema = errors.New("database schema is newer than this program")

// applicationID marks a SQLite file as a Chronicle store ("CHRN").
const applicationID = 0x4348524e

// migrations are the schema changes in order: applying migrations[i] brings a
// database from version i to version i+1 (PRAGMA user_version). Never edit a
// migration that has shipped; append a new one.
var migrations = []string{
	// 1: days and their revisions, events and their links, path history.
	`
CREATE TABLE revisions (
	id        INTEGER PRIMARY KEY,
	date      TEXT    NOT NULL,
	rev_id    INTEGER NOT NULL,
	timestamp TEXT    NOT NULL,
	sha1      TEXT    NOT NULL,
	wikitext  TEXT    NOT NULL,
	UNIQUE (date, rev_id, sha1)
) STRICT;

CREATE TABLE days (
	date     TEXT    PRIMARY KEY,
	title    TEXT    NOT NULL,
	revision INTEGER NOT NULL REFERENCES revisions (id)
) STRICT;

CREATE TABLE events (
	id                INTEGER PRIMARY KEY,
	path              TEXT    NOT NULL UNIQUE,
	date              TEXT    NOT NULL REFERENCES days (date) ON DELETE CASCADE,
	position          INTEGER NOT NULL,
	category          TEXT    NOT NULL,
	category_original TEXT    NOT NULL,
	headline          TEXT    NOT NULL,
	text              TEXT    NOT NULL,
	mentions          TEXT    NOT NULL DEFAULT '[]' -- JSON: [{"start","end","title"}]
) STRICT;
CREATE INDEX events_by_date ON events (date, position);

CREATE TABLE entities (
	id    INTEGER PRIMARY KEY,
	title TEXT    NOT NULL UNIQUE
) STRICT;

CREATE TABLE event_entities (
	event_id  INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
	ord       INTEGER NOT NULL,
	PRIMARY KEY (event_id, ord)
) STRICT, WITHOUT ROWID;
CREATE INDEX event_entities_by_entity ON event_entities (entity_id, event_id);

CREATE TABLE stories (
	id    INTEGER PRIMARY KEY,
	title TEXT    NOT NULL UNIQUE
) STRICT;

CREATE TABLE event_stories (
	event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
	depth    INTEGER NOT NULL,
	PRIMARY KEY (event_id, depth)
) STRICT, WITHOUT ROWID;
CREATE INDEX event_stories_by_story ON event_stories (story_id, event_id);

CREATE TABLE sources (
	id  INTEGER PRIMARY KEY,
	url TEXT    NOT NULL UNIQUE
) STRICT;

CREATE TABLE event_sources (
	event_id  INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
	ord       INTEGER NOT NULL,
	name      TEXT    NOT NULL,
	PRIMARY KEY (event_id, ord)
) STRICT, WITHOUT ROWID;
CREATE INDEX event_sources_by_source ON event_sources (source_id, event_id);

CREATE TABLE path_history (
	path       TEXT    PRIMARY KEY,
	date       TEXT    NOT NULL,
	first_seen TEXT    NOT NULL,
	last_seen  TEXT    NOT NULL,
	current    INTEGER NOT NULL CHECK (current IN (0, 1))
) STRICT, WITHOUT ROWID;
`,
	// 2: publishing: permanent slugs of topics, stories and categories; the
	// import generation; persisted related events (see generation.go, slug.go
	// and related.go).
	`
ALTER TABLE entities ADD COLUMN slug TEXT;
CREATE UNIQUE INDEX entities_by_slug ON entities (slug);
ALTER TABLE stories ADD COLUMN slug TEXT;
CREATE UNIQUE INDEX stories_by_slug ON stories (slug);

CREATE TABLE categories (
	name TEXT PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE
) STRICT;
CREATE INDEX events_by_category ON events (category, date);

CREATE TABLE counters (
	name  TEXT    PRIMARY KEY,
	value INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO counters (name, value) VALUES ('generation', 0), ('related_generation', -1);

ALTER TABLE days ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
CREATE INDEX days_by_generation ON days (generation);

-- The topics, stories and categories of deleted events (a replaced day's),
-- stamped with the generation of the import batch that deleted them (the
-- batch bumps the counter when it ends), so that the pages that listed the
-- old events can be found again.
CREATE TABLE retired_topics (
	generation INTEGER NOT NULL,
	kind       TEXT    NOT NULL,
	title      TEXT    NOT NULL,
	PRIMARY KEY (generation, kind, title)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER events_retire_topics BEFORE DELETE ON events BEGIN
	INSERT OR IGNORE INTO retired_topics (generation, kind, title)
	SELECT (SELECT value + 1 FROM counters WHERE name = 'generation'), 'topic', t.title
	FROM event_entities l JOIN entities t ON t.id = l.entity_id WHERE l.event_id = OLD.id;
	INSERT OR IGNORE INTO retired_topics (generation, kind, title)
	SELECT (SELECT value + 1 FROM counters WHERE name = 'generation'), 'story', t.title
	FROM event_stories l JOIN stories t ON t.id = l.story_id WHERE l.event_id = OLD.id;
	INSERT OR IGNORE INTO retired_topics (generation, kind, title)
	VALUES ((SELECT value + 1 FROM counters WHERE name = 'generation'), 'category', OLD.category);
END;

-- One row per event whose related list was computed, with the generation
-- that last changed the list; the list's items in related. Items point at
-- their event by id and remember its day: an event's id dies with its day's
-- revision, and the lists that held it are found by that day and computed
-- again.
CREATE TABLE related_lists (
	event_id   INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
	generation INTEGER NOT NULL
) STRICT;
CREATE INDEX related_lists_by_generation ON related_lists (generation);

CREATE TABLE related (
	event_id    INTEGER NOT NULL REFERENCES related_lists (event_id) ON DELETE CASCADE,
	rank        INTEGER NOT NULL,
	target_id   INTEGER NOT NULL,
	target_date TEXT    NOT NULL,
	context     TEXT    NOT NULL, -- JSON array of strings
	score       REAL    NOT NULL,
	why         TEXT    NOT NULL, -- JSON: the breakdown of score, as the site encodes it
	PRIMARY KEY (event_id, rank)
) STRICT, WITHOUT ROWID;
CREATE INDEX related_by_target_date ON related (target_date);
`,
	// 3: one row per related list instead of one per item (see related.go):
	// the lists are computed again, as their generation is reset.
	`
DROP TABLE related;
DROP TABLE related_lists;

-- One row per event whose related list was computed: the generation that
-- last changed the list, the lowest score of a full list (0 when not full),
-- the days of its items, space-separated, to find the lists an import of a
-- day touches, and the items, packed (packItems). An item points at its event
-- by id: an event's id dies with its day's revision, and the lists that held
-- it are found by that day and computed again.
CREATE TABLE related_lists (
	event_id     INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
	generation   INTEGER NOT NULL,
	floor        REAL    NOT NULL,
	target_dates TEXT    NOT NULL,
	items        BLOB    NOT NULL
) STRICT;
CREATE INDEX related_lists_by_generation ON related_lists (generation);

-- The breakdown of each item's score, apart: only chronicle related reads it.
CREATE TABLE related_why (
	event_id INTEGER PRIMARY KEY REFERENCES related_lists (event_id) ON DELETE CASCADE,
	why      BLOB    NOT NULL -- JSON array, one breakdown per item, as the site encodes it
) STRICT;

UPDATE counters SET value = -1 WHERE name = 'related_generation';
`,
	// 4: the counts of topics, stories and categories, kept between imports
	// (see counts.go).
	`
-- The current events and newest day of every topic, story and category
-- that has events, as of the generation counts_generation (-1: never
-- counted); kind is a event.Kind, title the entity's, story's or category's.
CREATE TABLE title_counts (
	kind   TEXT    NOT NULL,
	title  TEXT    NOT NULL,
	events INTEGER NOT NULL,
	newest TEXT    NOT NULL,
	PRIMARY KEY (kind, title)
) STRICT, WITHOUT ROWID;
INSERT INTO counters (name, value) VALUES ('counts_generation', -1);
`,
	// 5: what ranking related events reads, packed one row a day (see
	// rankingday.go); the days stored before are packed by packAllDays.
	`
CREATE TABLE day_rankings (
	date   TEXT PRIMARY KEY REFERENCES days (date) ON DELETE CASCADE,
	events BLOB NOT NULL
) STRICT;
`,
	// 6: two lists an event: related events of other years (related_lists)
	// and the events around it (around_lists), with the score breakdowns in
	// the store's own packed form; every list is computed again.
	`
DELETE FROM related_why;
DELETE FROM related_lists;

CREATE TABLE around_lists (
	event_id     INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
	generation   INTEGER NOT NULL,
	floor        REAL    NOT NULL,
	target_dates TEXT    NOT NULL,
	items        BLOB    NOT NULL
) STRICT;
CREATE INDEX around_lists_by_generation ON around_lists (generation);

CREATE TABLE around_why (
	event_id INTEGER PRIMARY KEY REFERENCES around_lists (event_id) ON DELETE CASCADE,
	why      BLOB    NOT NULL -- packed breakdowns, one per item (packBreakdowns)
) STRICT;

UPDATE counters SET value = -1 WHERE name = 'related_generation';
`,
	// 7: what enrichment learned of sources and events (see enrich.go).
	migrationEnrich,
	// 8: sync from the API: edit summaries, days found missing (see sync.go).
	migrationSync,
	// 9: where the paths of edited events lead, and the events removed
	// from the portal (see moved.go).
	migrationMoved,
	// 10: what the wiki said of the titles events link to: their
	// canonical article, Wikidata item and aliases (see titles.go).
	migrationTitles,
	// 11: the full-text search index (see search.go).
	migrationSearch,
	// 12: enrichment stamps what it changes with the store generation, so
	// that an incremental build re-renders those events (see enrich.go).
	migrationEnrichGeneration,
	// 13: story variants are one story (see storyfold.go).
	migrationStoryFolds,
	// 14: the counts of days, kept between imports beside those of the
	// titles (see counts.go).
	`
-- The number of current events of every day that has events, as of the
-- generation counts_generation, which is reset so that the next update of
-- the counts fills it; counts_changed is the generation at which a stored
-- count of a day or title last changed (-1: not known).
CREATE TABLE day_counts (
	date   TEXT    PRIMARY KEY,
	events INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
UPDATE counters SET value = -1 WHERE name = 'counts_generation';
INSERT INTO counters (name, value) VALUES ('counts_changed', -1);
`,
	// 15: the score breakdowns are no longer stored: chronicle related
	// explains a list when asked (docs/related.md), and writing a quarter of
	// the database for that command alone slowed every import.
	`
DROP TABLE related_why;
DROP TABLE around_why;
`,
	// 16: the news's own words ("people", "says", "four") are no longer
	// headline words of the ranking (related.Tokens, docs/related.md): the
	// next update computes every list again.
	`
UPDATE counters SET value = -1 WHERE name = 'related_generation';
`,
	// 17: "around" no longer relates two events by one common word (a floor
	// for word-only pairs, related.wordFloor): the next update computes
	// every list again.
	`
UPDATE counters SET value = -1 WHERE name = 'related_generation';
`,
	// 18: the text an edit replaced (see earlier.go).
	migrationEarlierTexts,
	// 19: the casualty formula's "injured" and "wounded", and prepositions
	// and connectives ("near", "including", "due"), no longer relate two
	// events alone nor show as their context (related.weakWords): the next
	// update computes every list again.
	`
UPDATE counters SET value = -1 WHERE name = 'related_generation';
`,
	// 20: when an event was removed, to the second (see edits.go).
	migrationRemovedAt,
}

// afterMigration runs Go code a migration needs once its SQL is applied,
// keyed by the version the migration brings the schema to.
var afterMigration = map[int]func(ctx context.Context, tx *sql.Tx) error{
	2:  assignSlugs,        // slugs of the entities, stories and categories stored before
	5:  packAllDays,        // the ranking rows of the days stored before
	13: mergeStoryVariants, // the stories stored before as variants of one
}

// migrate brings the schema to the newest version inside one transaction, so
// that a failed migration leaves the database as it was.
func migrate(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	version, err := schemaVersion(ctx, tx)
	if err != nil {
		return err
	}
	if version == len(migrations) {
		return nil
	}
	if version > len(migrations) {
		return fmt.Errorf("%w: the database has version %d, this program knows up to %d; use a newer chronicle",
			ErrNewerSchema, version, len(migrations))
	}
	for v := version; v < len(migrations); v++ {
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			return fmt.Errorf("migrate schema to version %d: %w", v+1, err)
		}
		if after := afterMigration[v+1]; after != nil {
			if err := after(ctx, tx); err != nil {
				return fmt.Errorf("migrate schema to version %d: %w", v+1, err)
			}
		}
	}
	stamp := fmt.Sprintf(`PRAGMA user_version = %d; PRAGMA application_id = %d`, len(migrations), applicationID)
	if _, err := tx.ExecContext(ctx, stamp); err != nil {
		return fmt.Errorf("record schema version: %w", err)
	}
	return tx.Commit()
}

// schemaVersion reads the schema version, after checking that the database is
// empty or Chronicle's own.
func schemaVersion(ctx context.Context, tx *sql.Tx) (int, error) {
	var version, appID, tables int
	err := tx.QueryRowContext(ctx, `
		SELECT (SELECT user_version FROM pragma_user_version),
		       (SELECT application_id FROM pragma_application_id),
		       (SELECT count(*) FROM sqlite_schema)`).Scan(&version, &appID, &tables)
	if err != nil {
		return 0, err
	}
	if appID != applicationID && (appID != 0 || tables > 0) {
		return 0, errors.New("the SQLite database belongs to another program (not a Chronicle store)")
	}
	return version, nil
}
