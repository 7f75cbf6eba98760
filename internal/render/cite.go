package render

import (
	"path"
	"strconv"
	"strings"
	"time"

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
}

// citationAuthor is the author every style names.
const citationAuthor = "Wikipedia contributors"

// portalURL is the Current Events Portal's address, credited on every page.
const portalURL = "https://en.wikipedia.org/wiki/Portal:Current_events"

// licenseURL is the licence of the portal's text, CC BY-SA 4.0.
const licenseURL = "https://creativecommons.org/licenses/by-sa/4.0/"

// citeStyles are the styles of the block, in the order shown.
var citeStyles = [...]struct {
	name  string
	write func(*citation, htmlWriter)
}{
	{"APA", (*citation).writeAPA},
	{"MLA", (*citation).writeMLA},
	{"Chicago", (*citation).writeChicago},
}

// writeCiteHTML writes the "Cite this event" block: a closed details
// element with the event in the APA, MLA and Chicago styles and as a
// BibTeX entry, ready to copy.
func writeCiteHTML(w htmlWriter, c *citation) {
	w.WriteString("\n<details class=\"cite\" id=\"cite\">\n<summary>Cite this event</summary>\n<dl>")
	for _, s := range citeStyles {
		w.WriteString("\n<dt>" + s.name + "</dt>\n<dd>")
		s.write(c, w)
		w.WriteString("</dd>")
	}
	w.WriteString("\n<dt>BibTeX</dt>\n<dd><pre>")
	c.writeBibTeX(w)
	w.WriteString("</pre></dd>\n</dl>\n</details>")
}

// writeAPA writes the APA (7th edition) reference of a web page:
// Author. (2013, June 6). <cite>Title.</cite> Site. URL
func (c *citation) writeAPA(w htmlWriter) {
	w.WriteString(citationAuthor + ". (")
	w.int(c.Date.Year)
	w.WriteString(", " + c.Date.Month.String() + " ")
	w.int(c.Date.Day)
	w.WriteString("). <cite>")
	c.writeTitle(w)
	w.WriteString("</cite> ")
	w.text(c.Site)
	w.WriteString(". ")
	w.text(c.URL)
}

// writeMLA writes the MLA (9th edition) entry: Author. “Title.” <cite>Site</cite>,
// 6 June 2013, address without its scheme.
func (c *citation) writeMLA(w htmlWriter) {
	w.WriteString(citationAuthor + ". “")
	c.writeTitle(w)
	w.WriteString("” <cite>")
	w.text(c.Site)
	w.WriteString("</cite>, ")
	w.int(c.Date.Day)
	w.WriteString(" " + monthIn(&mlaMonths, c.Date.Month) + " ")
	w.int(c.Date.Year)
	w.WriteString(", ")
	w.text(withoutScheme(c.URL))
	w.WriteString(".")
}

// writeChicago writes the Chicago (17th edition) bibliography entry of a web
// page: Author. “Title.” Site. June 6, 2013. URL.
func (c *citation) writeChicago(w htmlWriter) {
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
func (c *citation) writeTitle(w htmlWriter) {
	t := strings.TrimRight(c.Headline, " ")
	w.text(t)
	if t != "" && !strings.HasSuffix(t, ".") && !strings.HasSuffix(t, "?") && !strings.HasSuffix(t, "!") {
		w.WriteByte('.')
	}
}

// writeBibTeX writes the event as a BibTeX @misc entry that BibTeX and
// biblatex both read: the title braced so that no style changes its case,
// year and month for BibTeX, date for biblatex.
func (c *citation) writeBibTeX(w htmlWriter) {
	w.WriteString("@misc{chronicle:")
	w.isoDate(c.Date)
	w.WriteByte(':')
	w.text(bibKeyWords(path.Base(c.Path)))
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

// bibField writes one field of an entry, its values aligned, the value
// inside as many braces as braces says: 1 for text, 2 for text whose case
// no style may change, 0 for a number or a macro.
func bibField(w htmlWriter, name, value string, braces int) {
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
func bibKeyWords(slug string) string {
	end, words := 0, 0
	for end < len(slug) {
		if slug[end] == '-' {
			if words++; words == 3 {
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
var bibEscaper = strings.NewReplacer(
	`\`, `\textbackslash{}`, "{", `\{`, "}", `\}`, "&", `\&`, "%", `\%`,
	"$", `\$`, "#", `\#`, "_", `\_`, "^", `\^{}`, "~", `\~{}`,
)

func bibEscape(s string) string { return bibEscaper.Replace(s) }

// bibURLEscaper percent-encodes what would end or break a braced url field.
var bibURLEscaper = strings.NewReplacer("{", "%7B", "}", "%7D", `\`, "%5C")

func bibURL(u string) string { return bibURLEscaper.Replace(u) }
