package site

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
)

// TitleRecordFile is the name, inside a built site, of the record of what
// the build that wrote it rendered of the titles (docs/build.md): the
// membership of every day's events in topics, stories and categories, and
// the title-wide facts (counts per month, co-topics, story context) of each
// title of more than one page. An incremental build whose changed days
// kept their membership knows from it that those facts did not change, and
// renders only the pages of a title that list a changed event.
const TitleRecordFile = ".chronicle-titles"

const titleRecordPath = "/" + TitleRecordFile

// titleRecordHeader starts the record; the version is that of its layout.
const titleRecordHeader = "chronicle-titles 1"

// titleKey names a title by kind and slug.
type titleKey struct {
	kind event.Kind
	slug string
}

// titleFacts are what every page of a title shows besides its events, as
// one line of the record holds them.
type titleFacts struct {
	Title  string         `json:"title"`
	Months [][3]int       `json:"months"` // year, month, events
	Co     []render.Count `json:"co"`
	// Story is the context of a story (nil for a topic or category).
	Story *render.StoryContext `json:"story,omitempty"`
	// Wikidata is the Wikidata item the pages show ("" when none): a
	// sync may change it without changing a day.
	Wikidata string `json:"wikidata,omitempty"`
}

// titleRecord is the content of TitleRecordFile: the generation of the
// build that wrote it, the page size, a digest of each day's membership
// (membershipDigest) and the facts of the titles of more than one page
// (undecoded until asked for).
type titleRecord struct {
	mu         sync.Mutex
	generation int64
	pageSize   int
	days       map[event.Date]string
	titles     map[titleKey][]byte
	// counts names the store's counts the build's list pages and sitemaps
	// were made from (Site.countsKey), "" when not known, and split tells
	// whether its sitemaps were split into groups.
	counts string
	split  bool
	// wikidata are the Wikidata items of the titles now (not saved): a
	// title recorded with another is not as recorded.
	wikidata map[string]string
}

func newTitleRecord(pageSize int, wikidata map[string]string) *titleRecord {
	return &titleRecord{pageSize: pageSize, days: map[event.Date]string{}, titles: map[titleKey][]byte{}, wikidata: wikidata}
}

// factsOf returns the title's recorded facts as a titleInfo (without
// views), or nil when the record has none of it, or when the title's
// Wikidata item changed since.
func (r *titleRecord) factsOf(kind event.Kind, slug string) (*titleInfo, error) {
	r.mu.Lock()
	raw, ok := r.titles[titleKey{kind, slug}]
	r.mu.Unlock()
	if !ok {
		return nil, nil
	}
	var f titleFacts
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("%s: %s %s: %w", TitleRecordFile, kind, slug, err)
	}
	if f.Wikidata != r.wikidataOf(kind, f.Title) {
		return nil, nil
	}
	t := &titleInfo{kind: kind, title: f.Title, slug: slug, size: r.pageSize, co: f.Co, story: f.Story,
		perMonth: make([]render.MonthTotal, len(f.Months))}
	years := map[int]int{}
	for i, m := range f.Months {
		t.perMonth[i] = render.MonthTotal{Year: m[0], Month: time.Month(m[1]), Count: m[2]}
		years[m[0]] += m[2]
		t.total += m[2]
	}
	t.perYear = perYearOf(years)
	return t, nil
}

// setTitle records what the pages of t show now: its facts when it has
// more than one page, else nothing (its one page lists every event, and is
// rendered whole whenever one of them changes).
func (r *titleRecord) setTitle(t *titleInfo) error {
	if r == nil {
		return nil
	}
	k := titleKey{t.kind, t.slug}
	if t.total <= t.size {
		r.dropTitle(t.kind, t.slug)
		return nil
	}
	f := titleFacts{Title: t.title, Co: t.co, Story: t.story, Months: make([][3]int, len(t.perMonth)),
		Wikidata: r.wikidataOf(t.kind, t.title)}
	for i, m := range t.perMonth {
		f.Months[i] = [3]int{m.Year, int(m.Month), m.Count}
	}
	b, err := json.Marshal(f)
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.titles[k] = b
	return nil
}

// wikidataOf is the Wikidata item the pages of a title show (a category's none).
func (r *titleRecord) wikidataOf(kind event.Kind, title string) string {
	if kind == event.KindCategory {
		return ""
	}
	return r.wikidata[title]
}

// dropTitle forgets a title, whose pages were rendered anew or replaced.
func (r *titleRecord) dropTitle(kind event.Kind, slug string) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.titles, titleKey{kind, slug})
}

// setDay records the membership digest of a day's events; "" (no event)
// forgets the day.
func (r *titleRecord) setDay(d event.Date, digest string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if digest == "" {
		delete(r.days, d)
		return
	}
	r.days[d] = digest
}

// membershipDigest digests what the events of a day contribute to the
// title-wide facts of their titles: for each event, its category, its
// story path and the set of its topics (entities). Two versions of a day
// with the same digest add the same number of events on that day to the
// same titles, with the same co-topics and story paths: only their
// texts, headlines, paths or order differ. "" for a day without events.
func membershipDigest(events []event.Event) string {
	if len(events) == 0 {
		return ""
	}
	keys := make([]string, len(events))
	var b []byte
	for i, e := range events {
		b = b[:0]
		b = appendField(b, e.Category)
		b = binary.AppendUvarint(b, uint64(len(e.Stories)))
		for _, s := range e.Stories {
			b = appendField(b, s)
		}
		topics := make([]string, 0, len(e.Entities))
		for _, ent := range e.Entities {
			topics = append(topics, ent.Title)
		}
		slices.Sort(topics)
		topics = slices.Compact(topics)
		b = binary.AppendUvarint(b, uint64(len(topics)))
		for _, t := range topics {
			b = appendField(b, t)
		}
		keys[i] = string(b)
	}
	slices.Sort(keys)
	h := sha256.New()
	for _, k := range keys {
		h.Write(appendField(nil, k))
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// setCounts records the key of the counts the build's list pages and
// sitemaps were made from, and whether its sitemaps were split.
func (r *titleRecord) setCounts(key string, split bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.counts, r.split = key, split
}

// countsOf returns the counts key the record holds ("" when none), and
// whether that build's sitemaps were split.
func (r *titleRecord) countsOf() (key string, split bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.counts, r.split
}

func appendField(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// save encodes the record, stamped with generation gen:
//
//	chronicle-titles 1
//	generation 123
//	page-size 500
//	counts 118 split                          (Site.countsKey; "whole" when one sitemap)
//	day 2026-03-28 <32 hex digits>            (one a day with events, by date)
//	title category uncategorized {"title":…}  (one a title of more than one page)
func (r *titleRecord) save(gen int64) []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\ngeneration %d\npage-size %d\n", titleRecordHeader, gen, r.pageSize)
	if r.counts != "" {
		fmt.Fprintf(&b, "counts %s %s\n", r.counts, map[bool]string{true: "split", false: "whole"}[r.split])
	}
	days := make([]event.Date, 0, len(r.days))
	for d := range r.days {
		days = append(days, d)
	}
	// By date, as their ISO strings compare, without making 8,000 of them
	// at each comparison.
	slices.SortFunc(days, event.Date.Compare)
	var iso []byte
	for _, d := range days {
		b.WriteString("day ")
		iso = d.AppendISO(iso[:0])
		b.Write(iso)
		b.WriteByte(' ')
		b.WriteString(r.days[d])
		b.WriteByte('\n')
	}
	keys := make([]titleKey, 0, len(r.titles))
	for k := range r.titles {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b titleKey) int {
		if c := strings.Compare(string(a.kind), string(b.kind)); c != 0 {
			return c
		}
		return strings.Compare(a.slug, b.slug)
	})
	for _, k := range keys {
		fmt.Fprintf(&b, "title %s %s %s\n", k.kind, k.slug, r.titles[k])
	}
	return b.Bytes()
}

// errBadRecord is what parseTitleRecord reports of a file it cannot read.
var errBadRecord = errors.New("not a title record this chronicle reads")

// parseTitleRecord decodes what save wrote; the title facts are decoded
// when asked for (factsOf).
func parseTitleRecord(data []byte) (*titleRecord, error) {
	r := &titleRecord{days: map[event.Date]string{}, titles: map[titleKey][]byte{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 64<<20)
	if !sc.Scan() || sc.Text() != titleRecordHeader {
		return nil, errBadRecord
	}
	var err error
	for sc.Scan() {
		line := sc.Bytes()
		word, rest, _ := bytes.Cut(line, []byte{' '})
		switch string(word) {
		case "generation":
			r.generation, err = strconv.ParseInt(string(rest), 10, 64)
		case "page-size":
			r.pageSize, err = strconv.Atoi(string(rest))
		case "counts":
			key, layout, _ := bytes.Cut(rest, []byte{' '})
			if _, err = strconv.ParseInt(string(key), 10, 64); err == nil && string(layout) != "split" && string(layout) != "whole" {
				err = errBadRecord
			}
			r.counts, r.split = string(key), string(layout) == "split"
		case "day":
			date, digest, ok := bytes.Cut(rest, []byte{' '})
			var d event.Date
			if d, err = event.ParseDate(string(date)); err == nil && ok && len(digest) == 32 {
				r.days[d] = string(digest)
			} else if err == nil {
				err = errBadRecord
			}
		case "title":
			kind, rest, _ := bytes.Cut(rest, []byte{' '})
			slug, facts, ok := bytes.Cut(rest, []byte{' '})
			if !ok || len(facts) == 0 || facts[0] != '{' {
				return nil, errBadRecord
			}
			r.titles[titleKey{event.Kind(kind), string(slug)}] = bytes.Clone(facts)
		default:
			return nil, errBadRecord
		}
		if err != nil {
			return nil, errBadRecord
		}
	}
	if sc.Err() != nil || r.pageSize <= 0 {
		return nil, errBadRecord
	}
	return r, nil
}

// readTitleRecord reads the record of the build of generation over from
// out: nil, without error, when there is none, or one this Chronicle does
// not read, or one stamped with another generation (a build since by an
// older Chronicle, which rendered titles and left the record as it was),
// or with another page size.
func (s *Site) readTitleRecord(out *output, over int64, wikidata map[string]string) (*titleRecord, error) {
	name, err := out.filePath(titleRecordPath)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r, err := parseTitleRecord(b)
	if err != nil || r.generation != over || r.pageSize != s.pageSize() {
		return nil, nil
	}
	r.wikidata = wikidata
	return r, nil
}
