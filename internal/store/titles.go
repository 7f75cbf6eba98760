package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// migrationTitles is migration 10: what the wiki said of the titles that
// events link to (see docs/sync.md). A sync resolves the entity and story
// titles of each day it fetches and stores the day's events with the
// canonical titles; the spellings that led there are kept here as
// aliases, whose topic and story addresses redirect to the canonical page.
const migrationTitles = `
-- title as the events linked it; canonical the article it leads to (the
-- title itself when it is no redirect, or is unknown to the wiki); slug
-- the alias's own topic or story slug (event.TopicSlug); wikidata the
-- canonical article's Wikidata item, '' when none; checked when asked.
CREATE TABLE title_resolutions (
	title     TEXT NOT NULL PRIMARY KEY,
	canonical TEXT NOT NULL,
	slug      TEXT NOT NULL,
	wikidata  TEXT NOT NULL,
	checked   TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX title_resolutions_by_canonical ON title_resolutions (canonical);
CREATE INDEX title_resolutions_by_slug ON title_resolutions (slug);
`

// TitleResolution is what the wiki said of a title: the article it leads
// to (Canonical; the title itself when it is no redirect or is missing)
// and that article's Wikidata item ("" when none).
type TitleResolution struct {
	Title, Canonical, WikidataID string
}

// SaveResolutions stores the resolutions of titles, asked at checked, in
// one transaction, replacing those stored before.
func (s *Store) SaveResolutions(ctx context.Context, list []TitleResolution, checked time.Time) error {
	if len(list) == 0 {
		return nil
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `
			INSERT INTO title_resolutions (title, canonical, slug, wikidata, checked) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (title) DO UPDATE SET canonical = excluded.canonical, wikidata = excluded.wikidata,
				checked = excluded.checked`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		at := formatTime(checked)
		for _, r := range list {
			if _, err := stmt.ExecContext(ctx, r.Title, r.Canonical, event.TopicSlug(r.Title), r.WikidataID, at); err != nil {
				return fmt.Errorf("%s: %w", r.Title, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save title resolutions: %w", err)
	}
	return nil
}

// WikidataIDs maps each canonical title the wiki gave a Wikidata item to it.
func (s *Store) WikidataIDs(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	if err := pairsInto(ctx, s.reads, out, `SELECT canonical, max(wikidata) FROM title_resolutions
		WHERE wikidata <> '' GROUP BY canonical`); err != nil {
		return nil, fmt.Errorf("wikidata ids: %w", err)
	}
	return out, nil
}

// Alias is another spelling of a topic or story title that has a page:
// the alias's address (Slug) leads to the page of the canonical title
// (TargetSlug).
type Alias struct {
	Kind             event.Kind
	Title, Canonical string
	Slug, TargetSlug string
}

// aliasesOf selects, for the table of a kind, the aliases whose canonical
// title has a page of that kind and whose own address is not a page: the
// alias's slug is its row's when it once had one, else its own. The
// resolutions come first (CROSS JOIN): SQLite otherwise walks every row of
// the kind's table, which in an archive never synced, with no resolution,
// cost each incremental build of the corpus 0.03 CPU-s.
const aliasesOf = `
	SELECT a.title, a.canonical, coalesce(old.slug, a.slug) AS alias_slug, c.slug
	FROM title_resolutions a
	CROSS JOIN %[1]s c ON c.title = a.canonical AND c.slug IS NOT NULL
		AND EXISTS (SELECT 1 FROM %[2]s l WHERE l.%[3]s = c.id)
	LEFT JOIN %[1]s old ON old.title = a.title
	WHERE a.canonical <> a.title
	  AND NOT EXISTS (SELECT 1 FROM %[1]s x WHERE x.slug = coalesce(old.slug, a.slug)
		AND EXISTS (SELECT 1 FROM %[2]s l WHERE l.%[3]s = x.id))`

// aliasTables are the tables of the kinds that have aliases.
var aliasTables = []struct {
	kind              event.Kind
	table, links, key string
}{
	{event.KindTopic, "entities", "event_entities", "entity_id"},
	{event.KindStory, "stories", "event_stories", "story_id"},
}

// Aliases lists the aliases of the topics and stories that have pages,
// by kind and slug.
func (s *Store) Aliases(ctx context.Context) ([]Alias, error) {
	return s.aliases(ctx, "", "")
}

// AliasOf returns the alias whose address is the kind's page of slug, or
// ErrNotFound.
func (s *Store) AliasOf(ctx context.Context, kind event.Kind, slug string) (Alias, error) {
	list, err := s.aliases(ctx, kind, slug)
	if err != nil {
		return Alias{}, err
	}
	if len(list) == 0 {
		return Alias{}, fmt.Errorf("alias %s %s: %w", kind, slug, ErrNotFound)
	}
	return list[0], nil
}

// aliases lists the aliases, of one kind and slug when kind is set.
func (s *Store) aliases(ctx context.Context, kind event.Kind, slug string) ([]Alias, error) {
	var out []Alias
	for _, t := range aliasTables {
		if kind != "" && kind != t.kind {
			continue
		}
		query := fmt.Sprintf(aliasesOf, t.table, t.links, t.key)
		var args []any
		if kind != "" {
			query = `SELECT * FROM (` + query + `) WHERE alias_slug = ?`
			args = append(args, slug)
		}
		err := eachRow(ctx, s.reads, query+` ORDER BY 3, 1`, args, func(rows *sql.Rows) error {
			a := Alias{Kind: t.kind}
			err := rows.Scan(&a.Title, &a.Canonical, &a.Slug, &a.TargetSlug)
			out = append(out, a)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("aliases: %w", err)
		}
	}
	return out, nil
}
