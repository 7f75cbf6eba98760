package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// Slugs of topics (entities), stories and categories are given once, when
// the row is first stored, and never change: event.TopicSlug of the title,
// and on a collision the first free of "-2", "-3"… in the order the rows were
// stored. So an address, once published, keeps pointing at the same page.

// slugTables gives each kind's table and its title column.
var slugTables = map[event.Kind]struct{ table, title string }{
	event.KindTopic:    {"entities", "title"},
	event.KindStory:    {"stories", "title"},
	event.KindCategory: {"categories", "name"},
}

// assignSlugs gives every entity and story without a slug its slug, in id
// order, and adds the categories of current events not yet known.
func assignSlugs(ctx context.Context, tx *sql.Tx) error {
	_, err := assignNewSlugs(ctx, tx, 0)
	return err
}

// assignNewSlugs gives every entity and story without a slug its slug, in id
// order, and adds the categories of the events from fromEventID on not yet
// known, in order of first appearance; it returns how many entities and
// stories got a slug.
func assignNewSlugs(ctx context.Context, tx *sql.Tx, fromEventID int64) (int, error) {
	assigned := 0
	for _, t := range []string{"entities", "stories"} {
		n, err := assignTableSlugs(ctx, tx, t)
		if err != nil {
			return 0, fmt.Errorf("assign %s slugs: %w", t, err)
		}
		assigned += n
	}
	if err := assignCategorySlugs(ctx, tx, fromEventID); err != nil {
		return 0, fmt.Errorf("assign category slugs: %w", err)
	}
	return assigned, nil
}

func assignTableSlugs(ctx context.Context, tx *sql.Tx, table string) (int, error) {
	titles, ids, err := unslugged(ctx, tx, `SELECT title, id FROM `+table+` WHERE slug IS NULL ORDER BY id`)
	if err != nil {
		return 0, err
	}
	return len(titles), setSlugs(ctx, tx, table, titles, func(slug string, i int) (string, []any) {
		return `UPDATE ` + table + ` SET slug = ? WHERE id = ?`, []any{slug, ids[i]}
	})
}

// assignCategorySlugs adds the categories of the events from fromEventID on
// not yet known: the events before have theirs already.
func assignCategorySlugs(ctx context.Context, tx *sql.Tx, fromEventID int64) error {
	// In order of first appearance, as entities and stories are: a sync
	// that stores the days in smaller batches than an import gives every
	// category the slug the import gives it.
	names, _, err := unslugged(ctx, tx, `
		SELECT category, min(id) AS first FROM events NOT INDEXED
		WHERE id >= ? AND category NOT IN (SELECT name FROM categories)
		GROUP BY category ORDER BY first`, fromEventID)
	if err != nil {
		return err
	}
	return setSlugs(ctx, tx, "categories", names, func(slug string, i int) (string, []any) {
		return `INSERT INTO categories (name, slug) VALUES (?, ?)`, []any{names[i], slug}
	})
}

// unslugged runs a query of (title, id) rows.
func unslugged(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]string, []int64, error) {
	var titles []string
	var ids []int64
	err := eachRow(ctx, tx, query, args, func(rows *sql.Rows) error {
		var t string
		var id int64
		if err := rows.Scan(&t, &id); err != nil {
			return err
		}
		titles, ids = append(titles, t), append(ids, id)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return titles, ids, nil
}

// setSlugs finds each title's free slug in table and stores it with the
// statement that save gives.
func setSlugs(ctx context.Context, tx *sql.Tx, table string, titles []string,
	save func(slug string, i int) (string, []any)) error {
	if len(titles) == 0 {
		return nil
	}
	taken, err := tx.PrepareContext(ctx, `SELECT slug FROM `+table+` WHERE slug >= ? AND slug < ?`)
	if err != nil {
		return err
	}
	defer taken.Close()
	for i, title := range titles {
		slug, err := freeSlug(ctx, taken, event.TopicSlug(title))
		if err != nil {
			return fmt.Errorf("slug of %q: %w", title, err)
		}
		query, args := save(slug, i)
		if _, err := tx.ExecContext(ctx, query, args...); err != nil {
			return fmt.Errorf("slug of %q: %w", title, err)
		}
	}
	return nil
}

// freeSlug returns base, or base-2, base-3… whichever is the first not taken.
// Slugs hold only [a-z0-9-], so base and its numbered forms sort in
// [base, base + ".").
func freeSlug(ctx context.Context, taken *sql.Stmt, base string) (string, error) {
	rows, err := taken.QueryContext(ctx, base, base+".")
	if err != nil {
		return "", err
	}
	defer rows.Close()
	used := map[string]bool{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return "", err
		}
		used[s] = true
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	slug := base
	for n := 2; used[slug]; n++ {
		slug = base + "-" + strconv.Itoa(n)
	}
	return slug, nil
}

// Slug returns the slug of a topic, story or category title, or ErrNotFound.
func (s *Store) Slug(ctx context.Context, kind event.Kind, title string) (string, error) {
	t, ok := slugTables[kind]
	if !ok {
		return "", fmt.Errorf("slug of %s %q: unknown kind", kind, title)
	}
	var slug sql.NullString
	err := s.reads.QueryRowContext(ctx, `SELECT slug FROM `+t.table+` WHERE `+t.title+` = ?`, title).Scan(&slug)
	if errors.Is(err, sql.ErrNoRows) || err == nil && !slug.Valid {
		return "", fmt.Errorf("slug of %s %q: %w", kind, title, ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("slug of %s %q: %w", kind, title, err)
	}
	return slug.String, nil
}

// TitleOfSlug returns the title of the topic, story or category with the
// slug, or ErrNotFound.
func (s *Store) TitleOfSlug(ctx context.Context, kind event.Kind, slug string) (string, error) {
	t, ok := slugTables[kind]
	if !ok {
		return "", fmt.Errorf("%s slug %q: unknown kind", kind, slug)
	}
	var title string
	err := s.reads.QueryRowContext(ctx, `SELECT `+t.title+` FROM `+t.table+` WHERE slug = ?`, slug).Scan(&title)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("%s slug %q: %w", kind, slug, ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("%s slug %q: %w", kind, slug, err)
	}
	return title, nil
}

// FindTitle returns the title of the topic or story, or the name of the
// category, that value names, as a reader would give it: the title itself,
// the slug of its page, the title in other letter case, the title's slug
// (accents and punctuation aside), or the old slug of a renamed one. The
// first of these that matches wins; ErrNotFound when none does.
func (s *Store) FindTitle(ctx context.Context, kind event.Kind, value string) (string, error) {
	t, ok := slugTables[kind]
	if !ok {
		return "", fmt.Errorf("find %s %q: unknown kind", kind, value)
	}
	// SQLite runs the parts of a UNION ALL in order and stops at the limit,
	// so the later, looser matches run only when the earlier find nothing.
	var title string
	err := s.reads.QueryRowContext(ctx, fmt.Sprintf(`SELECT %[2]s FROM %[1]s WHERE %[2]s = ?1
		UNION ALL SELECT %[2]s FROM %[1]s WHERE slug = ?1
		UNION ALL SELECT %[2]s FROM %[1]s WHERE %[2]s = ?1 COLLATE NOCASE
		UNION ALL SELECT %[2]s FROM %[1]s WHERE slug = ?2
		LIMIT 1`, t.table, t.title), value, event.TopicSlug(value)).Scan(&title)
	if errors.Is(err, sql.ErrNoRows) {
		title, err = s.aliasTitle(ctx, kind, value)
	}
	if err != nil {
		return "", fmt.Errorf("find %s %q: %w", kind, value, err)
	}
	return title, nil
}

// SimilarTitles returns up to n titles of the kind whose slugs hold every
// word of value (as event.SlugWords spells them: letter case and accents
// aside), the shortest first: what a reader who gave value to FindTitle,
// and was told there is none, may have meant. A word said twice counts
// once, and at most maxSimilarWords words count.
func (s *Store) SimilarTitles(ctx context.Context, kind event.Kind, value string, n int) ([]string, error) {
	t, ok := slugTables[kind]
	if !ok {
		return nil, fmt.Errorf("titles like %s %q: unknown kind", kind, value)
	}
	words := event.SlugWords(value)
	if len(words) == 0 {
		return nil, nil
	}
	slices.Sort(words)
	words = slices.Compact(words)
	words = words[:min(len(words), maxSimilarWords)]
	where := strings.Repeat(" AND slug LIKE ?", len(words))
	args := make([]any, 0, len(words)+1)
	for _, w := range words {
		args = append(args, "%"+w+"%") // a slug's word holds no LIKE wildcard
	}
	var out []string
	err := eachRow(ctx, s.reads, fmt.Sprintf(`SELECT %[2]s FROM %[1]s WHERE slug IS NOT NULL%[3]s
		ORDER BY length(%[2]s), %[2]s LIMIT ?`, t.table, t.title, where), append(args, n), func(rows *sql.Rows) error {
		var title string
		err := rows.Scan(&title)
		out = append(out, title)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("titles like %s %q: %w", kind, value, err)
	}
	return out, nil
}

// maxSimilarWords bounds the words SimilarTitles matches, and so its query.
const maxSimilarWords = 8

// aliasTitle returns the title a renamed topic or story's old slug, given
// as it is or as a title, leads to; ErrNotFound when it is no alias.
func (s *Store) aliasTitle(ctx context.Context, kind event.Kind, value string) (string, error) {
	for _, slug := range []string{value, event.TopicSlug(value)} {
		alias, err := s.AliasOf(ctx, kind, slug)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return "", err
		}
		return alias.Canonical, nil
	}
	return "", ErrNotFound
}

// Slugs returns every slug of a kind, by title.
func (s *Store) Slugs(ctx context.Context, kind event.Kind) (map[string]string, error) {
	t, ok := slugTables[kind]
	if !ok {
		return nil, fmt.Errorf("slugs of %s: unknown kind", kind)
	}
	out := map[string]string{}
	err := eachRow(ctx, s.reads, `SELECT `+t.title+`, slug FROM `+t.table+` WHERE slug IS NOT NULL`, nil,
		func(rows *sql.Rows) error {
			var title, slug string
			if err := rows.Scan(&title, &slug); err != nil {
				return err
			}
			out[title] = slug
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("slugs of %s: %w", kind, err)
	}
	return out, nil
}

// decodeStrings reads a JSON array of strings, never nil.
func decodeStrings(raw []byte) ([]string, error) {
	out := []string{}
	if len(raw) == 0 {
		return out, nil
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("stored list: %w", err)
	}
	return out, nil
}
