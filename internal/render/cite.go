package render

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/escape"
	"github.com/chronicle-archive/chronicle/internal/event"
)

// citation is what an event page's "Cite this event" block is made of: the
// event's permanent address, its headline and day, the site's name and the
// revision of the portal its text comes from. The author is always the
// portal's, "Wikipedia contributors".
//
// No style names an access date: a static page cannot know when it is read,
// and the address is permanent; the BibTeX entry names the portal revision
// instead, the version of the text cited.
type citation struct {
	URL      string
	Headline string
	Site     string
	Date     event.Date
	Portal   *portalDoc
	Path     string // the page's site path, for the BibTeX key
	// Key is the BibTeX entry's key; when empty, defaultKey's.
	Key string
}

// newCitation is the citation of the event at path: its page's canonical
// address (HTML, whatever formats the site has), its headline and day, the
// site's name and the portal revision its text is from.
func (r *Renderer) newCitation(path, headline string, date event.Date, portal *portalDoc) *citation {
	return &citation{URL: r.abs(path + HTML.Ext()), Headline: headline, Site: r.cfg.SiteName, Date: date, Portal: portal, Path: path}
}

// key is the key of the citation's BibTeX entry and RIS record.
func (c *citation) key() string { return cmp.Or(c.Key, c.defaultKey()) }

// defaultKey is the BibTeX key of an event page's entry: "chronicle:", the
// day and the slug's first three words.
func (c *citation) defaultKey() string {
	return "chronicle:" + c.Date.String() + ":" + bibKeyWords(path.Base(c.Path))
}

// citationAuthor is the author every style names.
const citationAuthor = "Wikipedia contributors"

// portalURL is the Current Events Portal's address, credited on every page.
const portalURL = "https://en.wikipedia.org/wiki/Portal:Current_events"

// licenseURL is the licence of the portal's text, CC BY-SA 4.0.
const licenseURL = "https://creativecommons.org/licenses/by-sa/4.0/"

// writeCiteHTML writes the "Cite this event" block: a closed details
// element with the event in the APA, MLA and Chicago styles and as a
// BibTeX entry, ready to copy.
func writeCiteHTML(w htmlWriter, c *citation) {
	cw := citeWriter{w.Buffer, true}
	w.WriteString("\n<details class=\"cite\" id=\"cite\">\n<summary>Cite this event</summary>\n<dl>")
	for _, s := range CiteStyles {
		w.WriteString("\n<dt>" + s.String() + "</dt>\n<dd>")
		if s == CiteBibTeX {
			w.WriteString("<pre>")
			c.write(cw, s)
			w.WriteString("</pre>")
		} else {
			c.write(cw, s)
		}
		w.WriteString("</dd>")
	}
	w.WriteString("\n</dl>\n<p class=\"file\">")
	writeRISLink(w, c)
	w.WriteString(", for Zotero, EndNote or Mendeley to import</p>\n</details>")
}

// writeRISLink writes the link that downloads the event's RIS record as a
// file: a data: URL, since a static site has no server to ask for it.
func writeRISLink(w htmlWriter, c *citation) {
	var record bytes.Buffer
	c.write(citeWriter{&record, false}, CiteRIS)
	record.WriteString("\r\n")
	w.WriteString(`<a download="`)
	escape.HTML(w.Buffer, strings.ReplaceAll(c.key(), ":", "-"))
	w.WriteString(`.ris" href="data:application/x-research-info-systems;charset=utf-8,`)
	writePercentEncoded(w.Buffer, record.String(), false)
	w.WriteString(`">Download as RIS</a>`)
}

// citeWriter writes a citation into a buffer as HTML (its text escaped,
// the title of the work in a cite element) or as plain text.
type citeWriter struct {
	*bytes.Buffer
	html bool
}

func (w citeWriter) text(s string) {
	if w.html {
		escape.HTML(w.Buffer, s)
		return
	}
	w.WriteString(s)
}

func (w citeWriter) int(n int) { w.Write(strconv.AppendInt(w.AvailableBuffer(), int64(n), 10)) }

// work opens (open) or closes the title of a work, which styles italicise.
func (w citeWriter) work(open bool) {
	switch {
	case !w.html:
	case open:
		w.WriteString("<cite>")
	default:
		w.WriteString("</cite>")
	}
}

// write writes the citation in style s.
func (c *citation) write(w citeWriter, s CiteStyle) {
	switch s {
	case CiteAPA:
		c.writeAPA(w)
	case CiteMLA:
		c.writeMLA(w)
	case CiteChicago:
		c.writeChicago(w)
	case CiteRIS:
		c.writeRIS(w)
	default:
		c.writeBibTeX(w)
	}
}

// writeAPA writes the APA (7th edition) reference of a web page:
// Author. (2013, June 6). <cite>Title.</cite> Site. URL
func (c *citation) writeAPA(w citeWriter) {
	w.WriteString(citationAuthor + ". (")
	w.int(c.Date.Year)
	w.WriteString(", " + c.Date.Month.String() + " ")
	w.int(c.Date.Day)
	w.WriteString("). ")
	w.work(true)
	c.writeTitle(w)
	w.work(false)
	w.WriteString(" ")
	w.text(c.Site)
	w.WriteString(". ")
	w.text(c.URL)
}

// writeMLA writes the MLA (9th edition) entry: Author. “Title.” <cite>Site</cite>,
// 6 June 2013, address without its scheme.
func (c *citation) writeMLA(w citeWriter) {
	w.WriteString(citationAuthor + ". “")
	c.writeTitle(w)
	w.WriteString("” ")
	w.work(true)
	w.text(c.Site)
	w.work(false)
	w.WriteString(", ")
	w.int(c.Date.Day)
	w.WriteString(" " + monthIn(&mlaMonths, c.Date.Month) + " ")
	w.int(c.Date.Year)
	w.WriteString(", ")
	w.text(withoutScheme(c.URL))
	w.WriteString(".")
}

// writeChicago writes the Chicago (17th edition) bibliography entry of a web
// page: Author. “Title.” Site. June 6, 2013. URL.
func (c *citation) writeChicago(w citeWriter) {
	w.WriteString(citationAuthor + ". “")
	c.writeTitle(w)
	w.WriteString("” ")
	w.text(c.Site)
	w.WriteString(". " + c.Date.Month.String() + " ")
	w.int(c.Date.Day)
	w.WriteString(", ")
	w.int(c.Date.Year)
	w.WriteString(". ")
	w.text(c.URL)
	w.WriteString(".")
}

// writeTitle writes the headline as a title, ending with a full stop unless
// it ends with one, a question or an exclamation mark already.
func (c *citation) writeTitle(w citeWriter) {
	t := strings.TrimRight(c.Headline, " ")
	w.text(t)
	if t != "" && !strings.HasSuffix(t, ".") && !strings.HasSuffix(t, "?") && !strings.HasSuffix(t, "!") {
		w.WriteByte('.')
	}
}

// writeBibTeX writes the event as a BibTeX @misc entry that BibTeX and
// biblatex both read: the title braced so that no style changes its case,
// year and month for BibTeX, date for biblatex.
func (c *citation) writeBibTeX(w citeWriter) {
	w.WriteString("@misc{")
	w.text(c.key())
	w.WriteString(",\n")
	bibField(w, "author", citationAuthor, 2)
	bibField(w, "title", bibEscape(strings.TrimSuffix(strings.TrimRight(c.Headline, " "), ".")), 2)
	bibField(w, "howpublished", bibEscape(c.Site), 1)
	bibField(w, "year", strconv.Itoa(c.Date.Year), 0)
	bibField(w, "month", monthIn(&bibMonths, c.Date.Month), 0)
	bibField(w, "date", c.Date.String(), 1)
	bibField(w, "url", bibURL(c.URL), 1)
	if c.Portal != nil && c.Portal.Title != "" {
		bibField(w, "note", bibEscape(c.portalNote()), 1)
	}
	w.WriteByte('}')
}

// writeRIS writes the event as a RIS record, the format reference managers
// (Zotero, EndNote, Mendeley) import: a web page (ELEC), each tag on its own
// line ending CR LF, as the format's specification has it. The author ends
// with a comma, RIS's mark of a name that is not to be read as a person's
// "Last, First". The record's ID is the BibTeX entry's key.
func (c *citation) writeRIS(w citeWriter) {
	risTag(w, "TY", "ELEC")
	risTag(w, "AU", citationAuthor+",")
	risTag(w, "TI", strings.TrimSuffix(strings.TrimRight(c.Headline, " "), "."))
	risTag(w, "T2", c.Site)
	risTag(w, "PY", strconv.Itoa(c.Date.Year))
	risTag(w, "DA", fmt.Sprintf("%04d/%02d/%02d/", c.Date.Year, int(c.Date.Month), c.Date.Day))
	risTag(w, "UR", c.URL)
	if c.Portal != nil && c.Portal.Title != "" {
		risTag(w, "N1", c.portalNote())
	}
	risTag(w, "ID", c.key())
	w.WriteString("ER  - ")
}

// risTag writes one line of a RIS record; a line break in the value (none
// comes from a headline, which is one line) becomes a space, so that no
// text can end the record or start another tag.
func risTag(w citeWriter, tag, value string) {
	w.WriteString(tag)
	w.WriteString("  - ")
	w.text(risLineBreaks.Replace(value))
	w.WriteString("\r\n")
}

var risLineBreaks = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ")

// bibField writes one field of an entry, its values aligned, the value
// inside as many braces as braces says: 1 for text, 2 for text whose case
// no style may change, 0 for a number or a macro.
func bibField(w citeWriter, name, value string, braces int) {
	w.WriteString("  ")
	w.WriteString(name)
	w.WriteString("             "[len(name):])
	w.WriteString("= ")
	w.WriteString("{{"[:braces])
	w.text(value)
	w.WriteString("}}"[:braces])
	w.WriteString(",\n")
}

// bibMonths are BibTeX's month macros.
var bibMonths = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// portalNote names the portal's page and revision the text comes from.
func (c *citation) portalNote() string {
	note := "Text from " + c.Portal.Title
	if c.Portal.Revision != 0 {
		note += ", revision " + strconv.Itoa(c.Portal.Revision)
	}
	return note
}

// bibKeyWords is the slug's first three words, which with the day tell two
// events apart in a BibTeX key without making the key a sentence.
func bibKeyWords(slug string) string { return slugWords(slug, 3) }

// slugWords is the slug's first n words, the whole slug when it has no more.
func slugWords(slug string, n int) string {
	end, words := 0, 0
	for end < len(slug) {
		if slug[end] == '-' {
			if words++; words == n {
				break
			}
		}
		end++
	}
	return slug[:end]
}

// withoutScheme is an address as MLA writes it, without http:// or https://.
func withoutScheme(u string) string {
	if rest, ok := strings.CutPrefix(u, "https://"); ok {
		return rest
	}
	return strings.TrimPrefix(u, "http://")
}

// mlaMonths are the months as MLA abbreviates them.
var mlaMonths = [...]string{"Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."}

// monthIn is m's name in names, or m.String() for a month out of range.
func monthIn(names *[12]string, m time.Month) string {
	if m < time.January || m > time.December {
		return m.String()
	}
	return names[m-1]
}

// bibEscaper escapes the characters TeX reads as commands in a field's text.
// A brace becomes a command, not \{ or \}: BibTeX counts every brace in a
// field, escaped or not, so a lone one would end the field or the entry.
var bibEscaper = strings.NewReplacer(
	`\`, `\textbackslash{}`, "{", `\textbraceleft{}`, "}", `\textbraceright{}`, "&", `\&`, "%", `\%`,
	"$", `\$`, "#", `\#`, "_", `\_`, "^", `\^{}`, "~", `\~{}`,
)

func bibEscape(s string) string { return bibEscaper.Replace(s) }

// bibURLEscaper percent-encodes what would end or break a braced url field.
var bibURLEscaper = strings.NewReplacer("{", "%7B", "}", "%7D", `\`, "%5C")

func bibURL(u string) string { return bibURLEscaper.Replace(u) }

// CiteStyle is a style a citation is written in.
type CiteStyle int

// The styles of citations: those of an event page's "Cite this event" block.
const (
	CiteAPA     CiteStyle = iota // APA, 7th edition: a reference list entry
	CiteMLA                      // MLA, 9th edition: a works-cited entry
	CiteChicago                  // Chicago, 17th edition: a bibliography entry
	CiteBibTeX                   // a BibTeX @misc entry, which biblatex reads too
	CiteRIS                      // a RIS record, for reference managers to import
)

// CiteStyles are the styles an event page shows, in its order; RIS, a file
// to import rather than text to copy, is not among them.
var CiteStyles = []CiteStyle{CiteAPA, CiteMLA, CiteChicago, CiteBibTeX}

// allCiteStyles are every style ParseCiteStyle knows.
var allCiteStyles = append(slices.Clip(CiteStyles), CiteRIS)

var citeStyleNames = [...]string{"APA", "MLA", "Chicago", "BibTeX", "RIS"}

// String returns the style's name as a page shows it: "APA", "BibTeX".
func (s CiteStyle) String() string {
	if s < 0 || int(s) >= len(citeStyleNames) {
		return "CiteStyle(" + strconv.Itoa(int(s)) + ")"
	}
	return citeStyleNames[s]
}

// ParseCiteStyle returns the style name names, in any letter case: apa,
// mla, chicago, bibtex or ris.
func ParseCiteStyle(name string) (CiteStyle, error) {
	for _, s := range allCiteStyles {
		if strings.EqualFold(name, s.String()) {
			return s, nil
		}
	}
	return 0, fmt.Errorf("unknown citation style %q: want apa, mla, chicago, bibtex or ris", name)
}

// isRecord reports whether the style's citation is a record of several
// lines with a key (BibTeX, RIS) rather than a line of text.
func (s CiteStyle) isRecord() bool { return s == CiteBibTeX || s == CiteRIS }

// Cite returns the citation of p's event in style s, as plain text: the
// line, entry or record the "Cite this event" block and chronicle cite
// give, the record's key the page's own.
func (r *Renderer) Cite(p *EventPage, s CiteStyle) string {
	var b bytes.Buffer
	r.citationOf(p).write(citeWriter{&b, false}, s)
	return b.String()
}

// citationOf is the citation of p's event, as its page's block gives it.
func (r *Renderer) citationOf(p *EventPage) *citation {
	portal := portalDocOf(p.Portal)
	return r.newCitation(p.Event.Path, oneLine(p.Event.Headline), p.Event.Date, &portal)
}

// CiteWriter writes the citations of events as plain text, the page's
// "Cite this event" block without its markup. In one style, each event's
// citation is a line (a BibTeX entry its lines, a blank line between two);
// in several, each event is a paragraph of labelled lines, its BibTeX entry
// after a blank line. An event given twice is written once, and a BibTeX
// key another entry of the same output has already taken is made longer
// (more of the slug's words, then a number) until it is unique, so that
// the output is one bibliography that BibTeX reads without a duplicate key.
type CiteWriter struct {
	r      *Renderer
	w      io.Writer
	styles []CiteStyle
	paths  map[string]bool
	keys   map[string]bool
	buf    bytes.Buffer
}

// NewCiteWriter returns a CiteWriter that writes the citations of events
// in styles (all of them when none is given) to w.
func (r *Renderer) NewCiteWriter(w io.Writer, styles ...CiteStyle) *CiteWriter {
	if len(styles) == 0 {
		styles = CiteStyles
	}
	return &CiteWriter{r: r, w: w, styles: styles, paths: map[string]bool{}, keys: map[string]bool{}}
}

// Write writes the citations of p's event, nothing when it has written
// them already.
func (c *CiteWriter) Write(p *EventPage) error {
	if c.paths[p.Event.Path] {
		return nil
	}
	c.paths[p.Event.Path] = true
	ct := c.r.citationOf(p)
	c.buf.Reset()
	w := citeWriter{&c.buf, false}
	if len(c.paths) > 1 && (len(c.styles) > 1 || c.styles[0].isRecord()) {
		c.newline(w) // a paragraph, or an entry, a blank line from the one before
	}
	for k, s := range c.styles {
		if s.isRecord() {
			if ct.Key == "" {
				ct.Key = c.uniqueKey(ct)
			}
			if k > 0 {
				c.newline(w)
			}
		} else if len(c.styles) > 1 {
			w.WriteString(s.String())
			w.WriteString("         "[len(s.String()):])
		}
		ct.write(w, s)
		c.newline(w)
	}
	_, err := c.w.Write(c.buf.Bytes())
	return err
}

// newline ends a line: CR LF in a RIS file, as its records' lines end.
func (c *CiteWriter) newline(w citeWriter) {
	if slices.Contains(c.styles, CiteRIS) {
		w.WriteByte('\r')
	}
	w.WriteByte('\n')
}

// uniqueKey returns the citation's BibTeX key: its page's, or, when an
// entry written before has it, the first free one of those with more of
// the slug's words and, past the whole slug, a number.
func (c *CiteWriter) uniqueKey(ct *citation) string {
	prefix := "chronicle:" + ct.Date.String() + ":"
	slug := path.Base(ct.Path)
	key := ct.defaultKey()
	for n := 4; c.keys[key] && len(key) < len(prefix)+len(slug); n++ {
		key = prefix + slugWords(slug, n)
	}
	for n := 2; c.keys[key]; n++ {
		key = prefix + slug + "-" + strconv.Itoa(n)
	}
	c.keys[key] = true
	return key
}
