// Package wcep parses the wikitext of one day page of Wikipedia's Current Events
// Portal (WCEP) into its news events.
//
// Page layer rules (the inline text of each line is rendered by package wikitext):
//   - Layouts: {{Current events|year=…|month=…|day=…|content= … }} and
//     {{Current events|…|top=yes}} … {{Current events|…|bottom=yes}}. Where the
//     markers <!-- All news items below this line --> and <!-- All news items
//     above this line --> exist, only the text between them counts; otherwise the
//     content= parameter, or the text between the top and bottom templates, or
//     the whole page.
//   - HTML comments are removed, also across lines. A "<!--" with no "-->"
//     before the next "<!--" is a stray and is dropped alone (with a warning):
//     MediaWiki would hide the rest of the page, an archive keeps it.
//   - A line that is only bold text (the name between triple apostrophes) or
//     starts with ";" names the category of the items after it, mapped to the
//     canonical set by CanonicalCategory; items before any category are
//     event.Uncategorized with an empty original.
//   - Lines starting with "*" (or "#") are items; their depth is the number of
//     leading "*" (or "#" and "*"). A line whose markup is not closed ({{ or <ref>)
//     continues on the following lines that are not items or categories.
//   - A story header is an item whose wikitext is only links, with nothing but
//     white space and punctuation between them (and maybe a final ":"), followed
//     by deeper items, its children. The test is on the wikitext, as the
//     portal's editors write headers, so that a section link ([[#MeToo]]) or a
//     garbled target still heads a story. Its story is its first link's
//     normalised target; every event below gets the full path of the headers
//     above it, outermost first. An item after a header at the same depth is its
//     sibling, not its child.
//   - A header without children is dropped when it is a single link: an empty
//     story. Several links without children are kept as an event, so that their
//     text is not lost.
//   - "*[[Story]]: text" is an event with the story "Story" added to its path
//     and the text "text".
//   - An item with text and children is an event; its children are nested under
//     no new story: they keep the story path of the headers above them.
//   - An item with no text is dropped (with a warning when it cited sources).
//   - Paths come from event.Paths, in page order.
package wcep

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/wikitext"
)

// maxContinuation caps how many following lines an unclosed line may take in.
const maxContinuation = 50

// Caps on what one event may hold, so that what a build writes for an event
// (its page, and its line on the page of every topic it names) stays in
// proportion to a real event: the longest event of the shared corpus has
// 1,155 bytes of text, 7 entities and 12 sources. An event over a cap is cut
// to it with a warning (bound.go).
const (
	// MaxTextBytes caps an event's text (and so its headline), in bytes.
	MaxTextBytes = 4000
	// MaxEntities caps the distinct entities (linked articles) of an event.
	MaxEntities = 200
	// MaxSources caps the sources of an event.
	MaxSources = 100
	// MaxStories caps the depth of an event's story path.
	MaxStories = 16
)

// Day is the parsed content of one day page.
type Day struct {
	// Events are the day's events, in page order.
	Events []event.Event
	// Warnings name the problems that lost part of the page, with their line.
	Warnings []string
}

// ParseDay parses the wikitext of one Current Events day page into its events,
// in page order, with Date, Position and Path (event.Paths) filled in.
// Problems that lose part of the page (unbalanced markup etc.) are reported in
// Warnings; an error means the page gives no usable content at all and says why.
func ParseDay(date event.Date, page string) (Day, error) {
	if strings.TrimSpace(page) == "" {
		return Day{}, errors.New("the page is empty")
	}
	if redirect(page) {
		return Day{}, errors.New("the page is a redirect, not a day of news")
	}
	if !utf8.ValidString(page) {
		page = strings.ToValidUTF8(page, "\uFFFD")
	}
	page, cleaned := wikitext.Clean(page)
	p := parsers.Get().(*dayParser)
	defer parsers.Put(p)
	day, err := p.parse(date, page)
	if cleaned > 0 {
		day.Warnings = append([]string{"removed " + strconv.Itoa(cleaned) + " control character(s), escape sequence(s) or bidi control(s)"}, day.Warnings...)
	}
	return day, err
}

func redirect(page string) bool {
	s := strings.TrimLeft(page, " \t\n\r")
	return len(s) >= 9 && strings.EqualFold(s[:9], "#redirect")
}

var parsers = sync.Pool{New: func() any { return new(dayParser) }}

// dayParser holds the buffers of one page's parse, reused between pages.
type dayParser struct {
	inline   wikitext.Parser
	lines    []line
	stack    []header
	events   []event.Event
	warnings []string
	// headlines is the scratch list handed to event.Paths.
	headlines []string
	// entities is the scratch list of an event's entities.
	entities []event.Entity
	// stories and entityBlock are the blocks events' slices are cut from.
	stories     []string
	entityBlock []event.Entity
	// categories caches CanonicalCategory.
	categories map[string]string
	// headers counts the story-header lines of the last page (kept or dropped).
	headers int
}

// lineKind is what a line of the news region is.
type lineKind int

const (
	lineItem lineKind = iota
	lineCategory
)

// line is an item or a category line of the news region.
type line struct {
	kind   lineKind
	depth  int
	text   string // without its bullets or its category markup
	number int    // 1-based line number in the page
	// header tells an item that is a story header, kept or dropped (see
	// findHeaders); story is its story.
	header bool
	story  string
}

// header is a story header in force at some depth.
type header struct {
	depth int
	story string
}

func (p *dayParser) parse(date event.Date, page string) (Day, error) {
	day, err := p.parseEvents(date, page)
	if err != nil {
		return day, err
	}
	p.headlines = p.headlines[:0]
	for i := range day.Events {
		p.headlines = append(p.headlines, day.Events[i].Headline)
	}
	for i, path := range event.Paths(date, p.headlines) {
		day.Events[i].Path = path
	}
	return day, nil
}

// parseEvents does all of ParseDay but the paths.
func (p *dayParser) parseEvents(date event.Date, page string) (Day, error) {
	p.lines, p.stack, p.warnings, p.headers = p.lines[:0], p.stack[:0], nil, 0
	region, offset, warnings := newsRegion(page)
	p.warnings = append(p.warnings, warnings...)
	region, strays := stripComments(region)
	if strays > 0 {
		p.warn(0, "\"<!--\" never closed (ignored) "+strconv.Itoa(strays)+" time(s)")
	}
	p.split(region, 1+strings.Count(page[:offset], "\n"))
	if len(p.lines) == 0 {
		return Day{Warnings: p.warnings}, errors.New("no news items: the page has no bullet lines")
	}
	// The events go straight into the day's own list, handed over whole.
	p.events = make([]event.Event, 0, p.findHeaders())
	p.build(date)
	events := p.events
	p.events = nil
	if len(events) == 0 {
		return Day{Warnings: p.warnings}, errors.New("no news items: the page has only story headers or empty bullets")
	}
	return Day{Events: events, Warnings: p.warnings}, nil
}

func (p *dayParser) warn(number int, msg string) {
	if number > 0 {
		msg = "line " + strconv.Itoa(number) + ": " + msg
	}
	p.warnings = append(p.warnings, msg)
}

// split cuts the region into its item and category lines.
func (p *dayParser) split(region string, number int) {
	for len(region) > 0 {
		end := strings.IndexByte(region, '\n')
		if end < 0 {
			end = len(region)
		}
		l := region[:end]
		taken := 1
		switch {
		case l == "":
		case l[0] == '*' || l[0] == '#':
			depth := itemDepth(l)
			l, end, taken = p.continued(region, end, number)
			p.lines = append(p.lines, line{kind: lineItem, depth: depth, text: l[depth:], number: number})
		default:
			if name, ok := categoryLine(l); ok {
				p.lines = append(p.lines, line{kind: lineCategory, text: name, number: number})
			}
		}
		number += taken
		region = region[min(end+1, len(region)):]
	}
}

// itemDepth counts the bullets of an item line.
func itemDepth(l string) int {
	n := 0
	for n < len(l) && (l[n] == '*' || l[0] == '#' && l[n] == '#') {
		n++
	}
	return n
}

// continued returns the item line that starts region and ends at end, taking in
// the following lines while its {{ or <ref> are not closed.
func (p *dayParser) continued(region string, end, number int) (string, int, int) {
	l := region[:end]
	if !unclosed(l) {
		return l, end, 1
	}
	taken := 1
	for end < len(region) && taken <= maxContinuation {
		next := strings.IndexByte(region[end+1:], '\n')
		if next < 0 {
			next = len(region) - end - 1
		}
		following := region[end+1 : end+1+next]
		if following != "" && (strings.IndexByte("*#;", following[0]) >= 0 || isCategory(following)) {
			break
		}
		end += 1 + next
		taken++
		if !unclosed(region[:end]) {
			return region[:end], end, taken
		}
	}
	p.warn(number, "markup opened here is never closed")
	return region[:end], end, taken
}

// unclosed reports whether s opens more {{ than it closes, or a <ref> it
// does not close.
func unclosed(s string) bool {
	if strings.Contains(s, "{{") && strings.Count(s, "{{") > strings.Count(s, "}}") {
		return true
	}
	if !strings.Contains(s, "<ref") {
		return false
	}
	i := strings.LastIndex(s, "<ref")
	gt := strings.IndexByte(s[i:], '>')
	return gt < 0 || s[i+gt-1] != '/' && !strings.Contains(s[i:], "</ref")
}

// categoryLine returns the name a category line gives: a name in triple
// apostrophes alone on its line, or ";Name".
func categoryLine(l string) (string, bool) {
	l = strings.TrimRight(l, " \t\r")
	switch {
	case strings.HasPrefix(l, ";"):
		return l[1:], true
	case isCategory(l):
		return l[3 : len(l)-3], true
	}
	return "", false
}

func isCategory(l string) bool {
	l = strings.TrimRight(l, " \t\r")
	return len(l) > 6 && strings.HasPrefix(l, "'''") && strings.HasSuffix(l, "'''") &&
		!strings.Contains(l[3:len(l)-3], "'''")
}

// findHeaders marks the item lines that are story headers, with their
// story, and returns how many lines may give an event: the other items.
func (p *dayParser) findHeaders() int {
	items := 0
	for k := range p.lines {
		l := &p.lines[k]
		if l.kind != lineItem {
			continue
		}
		story, links, ok := storyHeader(l.text)
		l.header, l.story = ok && (p.hasChildren(k) || links == 1), story
		if !l.header {
			items++
		}
	}
	return items
}

// hasChildren reports whether the item line k has deeper items right after it.
func (p *dayParser) hasChildren(k int) bool {
	return k+1 < len(p.lines) && p.lines[k+1].kind == lineItem && p.lines[k+1].depth > p.lines[k].depth
}

// build turns the lines into events, following categories and story headers
// (marked by findHeaders).
func (p *dayParser) build(date event.Date) {
	category, original := event.Uncategorized, ""
	for k := range p.lines {
		l := &p.lines[k]
		if l.kind == lineCategory {
			original = strings.TrimSpace(p.inline.ParseLine(l.text).Text)
			// A line of nothing but a colon has an original but no name.
			if category = p.canonical(original); category == "" {
				category = event.Uncategorized
			}
			p.stack = p.stack[:0]
			continue
		}
		for len(p.stack) > 0 && p.stack[len(p.stack)-1].depth >= l.depth {
			p.stack = p.stack[:len(p.stack)-1]
		}
		if l.header {
			p.headers++
			if p.hasChildren(k) {
				p.stack = append(p.stack, header{l.depth, l.story})
			}
			continue
		}
		parsed := p.inline.ParseLine(l.text)
		for _, problem := range parsed.Problems {
			p.warn(l.number, problem)
		}
		if ev := p.addEvent(&parsed, l); ev != nil {
			ev.Date, ev.Position = date, len(p.events)-1
			ev.Category, ev.CategoryOriginal = category, original
		}
	}
}

// canonical is CanonicalCategory, remembered across pages: the same few
// category lines come back on every page.
func (p *dayParser) canonical(original string) string {
	if c, ok := p.categories[original]; ok {
		return c
	}
	if p.categories == nil || len(p.categories) > 1024 {
		p.categories = make(map[string]string)
	}
	c := CanonicalCategory(original)
	p.categories[strings.Clone(original)] = c // not the line's, which shares its block
	return c
}

// storyHeader reports whether an item's wikitext is only links [[…]] (with
// their trails), with nothing but white space and punctuation between them and
// maybe a final ":". It returns the story of the first link and the number of
// links. The test is on the wikitext, not on the rendered text, so that a link
// that names no article ([[#MeToo]]) or has a garbled target still heads a story.
func storyHeader(item string) (story string, links int, ok bool) {
	rest := strings.TrimSpace(item)
	for rest != "" {
		if !strings.HasPrefix(rest, "[[") {
			return "", 0, false
		}
		end := strings.Index(rest, "]]")
		if end < 0 || strings.IndexByte(rest[2:end], '[') >= 0 || strings.IndexByte(rest[2:end], ']') >= 0 {
			return "", 0, false
		}
		if links == 0 {
			story = rest[2:end] // its title is made once the line is known to be a header
		}
		links++
		rest = trimLinkTrail(rest[end+2:])
		sep := strings.TrimLeftFunc(rest, isSeparator)
		if sep == "" && strings.TrimSpace(rest) != "" && strings.TrimSpace(rest) != ":" {
			return "", 0, false
		}
		rest = sep
	}
	if links == 0 {
		return "", 0, false
	}
	target, _, _ := strings.Cut(story, "|")
	story = storyTitle(target)
	return story, links, story != ""
}

// trimLinkTrail drops the lower-case ASCII letters that s starts with: the
// trail of the link before it.
func trimLinkTrail(s string) string {
	i := 0
	for i < len(s) && 'a' <= s[i] && s[i] <= 'z' {
		i++
	}
	return s[i:]
}

// storyTitle is the story a header link names: its normalised target, or the
// target as written for a link to a section ("#MeToo").
func storyTitle(target string) string {
	target = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(target), ":"))
	if strings.HasPrefix(target, "#") {
		return target
	}
	return wikitext.NormalizeTitle(target)
}

// isSeparator reports whether r may stand between the links of a header:
// white space or punctuation, but not the brackets of the next link.
func isSeparator(r rune) bool {
	return r != '[' && r != ']' && (unicode.IsSpace(r) || unicode.IsPunct(r))
}

// addEvent appends the event of an item that is not a story header, and
// returns it; it returns nil for an item with no text, which gives none.
// The event is filled in place: an Event is large to copy.
func (p *dayParser) addEvent(parsed *wikitext.Line, l *line) *event.Event {
	stories := p.storyPath()
	text, mentions := parsed.Text, parsed.Mentions
	if story, rest, ok := inlineStory(parsed); ok {
		if len(stories) == 0 || stories[len(stories)-1] != story {
			stories = append(stories[:len(stories):len(stories)], story)
		}
		shift := len(text) - len(rest)
		text, mentions = rest, mentions[1:]
		for i := range mentions {
			mentions[i].Start -= shift
			mentions[i].End -= shift
		}
	}
	if text == "" {
		if len(parsed.Sources) > 0 {
			p.warn(l.number, "an item cites sources but has no text: dropped")
		}
		return nil
	}
	text, mentions = p.boundText(text, mentions, l.number)
	p.events = append(p.events, event.Event{})
	ev := &p.events[len(p.events)-1]
	ev.Stories, ev.Headline, ev.Text = p.boundStories(stories, l.number), text, text
	ev.Entities = p.entitiesOf(mentions)
	ev.Entities, mentions = p.boundEntities(ev.Entities, mentions, l.number)
	ev.Mentions = orEmpty(mentions)
	ev.Sources = orEmpty(p.boundSources(parsed.Sources, l.number))
	return ev
}

// storyPath returns the stories of the headers in force, outermost first,
// at most MaxStories (see boundStories).
func (p *dayParser) storyPath() []string {
	if len(p.stack) == 0 {
		return []string{}
	}
	stories := take(&p.stories, min(len(p.stack), MaxStories), storyBlock)
	for i := range stories {
		stories[i] = p.stack[i].story
	}
	return stories
}

// inlineStory recognises "[[Story]]: text": it returns the story and the text.
func inlineStory(l *wikitext.Line) (story, rest string, ok bool) {
	if len(l.Mentions) == 0 || l.Mentions[0].Start != 0 {
		return "", "", false
	}
	after := strings.TrimLeft(l.Text[l.Mentions[0].End:], " ")
	if !strings.HasPrefix(after, ":") {
		return "", "", false
	}
	rest = strings.TrimLeft(after[1:], " ")
	if rest == "" {
		return "", "", false
	}
	return l.Mentions[0].Title, rest, true
}

// entitiesOf lists the distinct titles of mentions, in order of first mention.
func (p *dayParser) entitiesOf(mentions []event.Mention) []event.Entity {
	p.entities = entities(p.entities[:0], mentions)
	out := take(&p.entityBlock, len(p.entities), entityBlock)
	copy(out, p.entities)
	return out
}

// entities appends the distinct titles of mentions to out, in order of first mention.
func entities(out []event.Entity, mentions []event.Mention) []event.Entity {
	var seen map[string]bool // for long lists only: short ones are searched
	for _, m := range mentions {
		if seen == nil && len(out) >= 16 {
			seen = make(map[string]bool, len(mentions))
			for _, e := range out {
				seen[e.Title] = true
			}
		}
		if seen != nil && seen[m.Title] || seen == nil && slices.Contains(out, event.Entity{Title: m.Title}) {
			continue
		}
		if seen != nil {
			seen[m.Title] = true
		}
		out = append(out, event.Entity{Title: m.Title})
	}
	return out
}

// Block sizes of the slices of events cut from larger blocks (see take).
const (
	storyBlock  = 512
	entityBlock = 512
)

// take returns a slice of n elements cut from the block *free, first
// replacing the block when it has less than n left. The slice is capped at
// its length: appending to it copies it rather than writing over the next
// event's. Events cost fewer allocations that way.
func take[T any](free *[]T, n, block int) []T {
	if n == 0 {
		return []T{}
	}
	if len(*free) < n {
		*free = make([]T, max(block, n))
	}
	s := (*free)[:n:n]
	*free = (*free)[n:]
	return s
}

// orEmpty returns s, or an empty slice for nil, so that JSON shows [] not null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
