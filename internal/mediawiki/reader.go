package mediawiki

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// Reader streams the pages of a MediaWiki XML export (the pages-articles
// schema of Special:Export and the database dumps, any export version), one
// page at a time, never holding more than the page being read.
//
// A page with several revisions (a history export) is yielded once, with its
// newest revision: the highest revision id, the later one in the file on a tie.
type Reader struct {
	// Keep, when set, is asked for each page title; pages it rejects are read
	// past without keeping their text and are counted by Skipped.
	Keep func(title string) bool

	dec        *xml.Decoder
	src        *validXMLReader // what dec reads, for the offsets in the file
	stack      []string        // local names of the open elements
	cur        *pageState
	field      []byte // character data of the field being collected
	collecting bool
	lastTitle  string // title of the last page whose <title> was read
	rootSeen   bool
	skipped    int
	err        error
}

// NewReader returns a Reader of the export read from r.
// Invalid UTF-8 and characters XML forbids are replaced by U+FFFD, so that a
// damaged page does not end the import of the pages after it.
func NewReader(r io.Reader) *Reader {
	src := newValidXMLReader(r)
	return &Reader{dec: xml.NewDecoder(src), src: src}
}

// Skipped returns how many pages Keep has rejected so far.
func (r *Reader) Skipped() int { return r.skipped }

// Offset returns the number of bytes of XML read so far.
func (r *Reader) Offset() int64 { return r.src.rawOffset(r.dec.InputOffset()) }

// Next returns the next page, or io.EOF after the last one. A document cut
// off or broken in the middle gives an error naming the last page title seen
// and the byte offset; every page before it has been returned.
func (r *Reader) Next() (Page, error) {
	if r.err != nil {
		return Page{}, r.err
	}
	p, err := r.next()
	if err != nil {
		r.err = err
	}
	return p, err
}

// pageState is a page being read: its fields so far and its newest revision.
type pageState struct {
	page    Page
	rev     Page // the revision being read; only its revision fields are used
	hasRev  bool
	skipped bool
}

func (r *Reader) next() (Page, error) {
	for {
		tok, err := r.dec.RawToken()
		if err != nil {
			return Page{}, r.tokenError(err, len(r.stack) > 0)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := r.checkRoot(t.Name.Local); err != nil {
				return Page{}, err
			}
			r.start(t.Name.Local)
		case xml.CharData:
			if r.collecting {
				r.field = append(r.field, t...)
			}
		case xml.EndElement:
			page, done, err := r.end(t.Name.Local)
			if err != nil || done {
				return page, err
			}
		}
	}
}

// checkRoot rejects a document whose root element is not <mediawiki>.
func (r *Reader) checkRoot(name string) error {
	if r.rootSeen {
		return nil
	}
	r.rootSeen = true
	if name != "mediawiki" {
		return r.syntaxError(fmt.Errorf("root element is <%s>, not <mediawiki>: not a MediaWiki XML export", name))
	}
	return nil
}

// start opens an element: a new page, a new revision or a field to collect.
func (r *Reader) start(name string) {
	parent := r.parent()
	r.stack = append(r.stack, name)
	switch {
	case name == "page":
		r.cur = &pageState{}
	case r.cur == nil:
	case parent == "page" && name == "revision":
		r.cur.rev = Page{}
	case isCollected(parent, name) && !(r.cur.skipped && name == "text"):
		r.field, r.collecting = r.field[:0], true
	}
}

// end closes an element; done reports that it completed a page to return.
func (r *Reader) end(name string) (page Page, done bool, err error) {
	if len(r.stack) == 0 {
		return Page{}, false, r.syntaxError(fmt.Errorf("unexpected </%s>", name))
	}
	name = r.stack[len(r.stack)-1]
	r.stack = r.stack[:len(r.stack)-1]
	parent := r.parent()
	switch {
	case r.cur == nil:
	case r.collecting:
		r.collecting = false
		if err := r.setField(r.cur, parent, name, r.field); err != nil {
			return Page{}, false, r.syntaxError(err)
		}
	case parent == "page" && name == "revision":
		r.cur.keepNewest()
	case name == "page":
		page, done = r.finish(r.cur)
		r.cur = nil
	}
	return page, done, nil
}

// parent returns the local name of the innermost open element, "" at top level.
func (r *Reader) parent() string {
	if len(r.stack) == 0 {
		return ""
	}
	return r.stack[len(r.stack)-1]
}

// isCollected reports whether the character data of element name under
// parent is a Page field.
func isCollected(parent, name string) bool {
	switch parent {
	case "page":
		return name == "title" || name == "ns" || name == "id"
	case "revision":
		return name == "id" || name == "timestamp" || name == "sha1" || name == "text" || name == "comment"
	}
	return false
}

func (r *Reader) setField(cur *pageState, parent, name string, value []byte) error {
	var err error
	switch parent + "/" + name {
	case "page/title":
		cur.page.Title = strings.TrimSpace(string(value))
		r.lastTitle = cur.page.Title
		cur.skipped = r.Keep != nil && !r.Keep(cur.page.Title)
	case "page/ns":
		cur.page.Namespace, err = strconv.Atoi(strings.TrimSpace(string(value)))
	case "page/id":
		cur.page.ID, err = parseID(value)
	case "revision/id":
		cur.rev.RevisionID, err = parseID(value)
	case "revision/timestamp":
		cur.rev.Timestamp, err = time.Parse(time.RFC3339, strings.TrimSpace(string(value)))
	case "revision/sha1":
		cur.rev.SHA1 = strings.TrimSpace(string(value))
	case "revision/text":
		cur.rev.Text = string(value)
	case "revision/comment":
		cur.rev.Comment = string(value)
	}
	if err != nil {
		return fmt.Errorf("<%s> of page %q: %w", name, cur.page.Title, err)
	}
	return nil
}

func parseID(value []byte) (int64, error) {
	return strconv.ParseInt(strings.TrimSpace(string(value)), 10, 64)
}

// keepNewest keeps the revision just read if it is the page's newest so far.
func (s *pageState) keepNewest() {
	if s.hasRev && s.rev.RevisionID < s.page.RevisionID {
		return
	}
	s.hasRev = true
	s.page.RevisionID = s.rev.RevisionID
	s.page.Timestamp = s.rev.Timestamp
	s.page.SHA1 = s.rev.SHA1
	s.page.Text = s.rev.Text
	s.page.Comment = s.rev.Comment
}

// finish completes a page at its end tag; done is false for a page to skip.
func (r *Reader) finish(s *pageState) (Page, bool) {
	if s.skipped {
		r.skipped++
		return Page{}, false
	}
	p := s.page
	if p.SHA1 == "" || !event.IsRevisionSHA1(p.SHA1) {
		// Wikipedia dumps give base-36 SHA-1s; one form for all sources keeps
		// "same text" checks comparable.
		p.SHA1 = TextSHA1(p.Text)
	}
	return p, true
}

// tokenError turns a decoder error into the Reader's error; EOF outside any
// element is the clean end of the document.
func (r *Reader) tokenError(err error, open bool) error {
	if errors.Is(err, io.EOF) && !r.rootSeen {
		return r.syntaxError(errors.New("no XML element: not a MediaWiki XML export"))
	}
	if errors.Is(err, io.EOF) && !open {
		return io.EOF
	}
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return r.syntaxError(err)
}

func (r *Reader) syntaxError(err error) error {
	where := "before the first page"
	if r.lastTitle != "" {
		where = fmt.Sprintf("after page title %q", r.lastTitle)
	}
	return fmt.Errorf("XML export broken or cut off at byte %d, %s: %w", r.Offset(), where, err)
}
