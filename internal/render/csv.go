package render

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// CSVColumns are the columns of an event's row in CSV (docs/formats.md,
// "CSV export"): its day, place on the day's page and permanent path, its text,
// category, stories (outermost first) and topics, its sources' addresses
// and names (in the same order), the first source's summary and image, the
// paths of its related events (best first) and the portal revision its
// text was read from.
var CSVColumns = []string{"date", "position", "path", "headline", "text", "category", "stories", "topics",
	"sources", "source_names", "summary", "cover_image", "related", "portal_revision"}

// CSVSeparator joins the values of a column that holds several, such as
// the topics. A Wikipedia title cannot hold "|", nor an address from a day
// page a space; a source's name that holds the separator has it written
// as " ¦ ", so that the names split as the sources' addresses do.
const CSVSeparator = " | "

// CSVWriter writes events as the rows of a CSV table (RFC 4180, UTF-8,
// CRLF line ends), its header first.
type CSVWriter struct {
	w      *csv.Writer
	header bool
	row    []string
}

// NewCSVWriter returns a CSVWriter that writes to w.
func NewCSVWriter(w io.Writer) *CSVWriter {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return &CSVWriter{w: cw, row: make([]string, len(CSVColumns))}
}

// Write writes the row of p's event, after the header if it is the first.
func (c *CSVWriter) Write(p *EventPage) error {
	if err := c.writeHeader(); err != nil {
		return err
	}
	e := &p.Event
	titles := make([]string, len(e.Entities))
	for i, t := range e.Entities {
		titles[i] = t.Title
	}
	urls, names := make([]string, len(e.Sources)), make([]string, len(e.Sources))
	for i, s := range e.Sources {
		urls[i], names[i] = s.URL, s.Name
	}
	related := make([]string, len(p.Related))
	for i, r := range p.Related {
		related[i] = r.Path
	}
	portal := ""
	if p.Portal.Title != "" {
		portal = p.Portal.URL()
	}
	c.row = append(c.row[:0], e.Date.String(), strconv.Itoa(e.Position), e.Path, csvText(e.Headline), csvText(e.Text),
		csvText(e.Category), csvText(csvJoin(e.Stories)), csvText(csvJoin(titles)),
		csvJoin(urls), csvText(csvJoin(names)), csvText(p.Summary),
		p.CoverImage, csvJoin(related), portal)
	return c.w.Write(c.row)
}

// Flush writes what is buffered, and the header when no event was written,
// so that an empty table still names its columns.
func (c *CSVWriter) Flush() error {
	if err := c.writeHeader(); err != nil {
		return err
	}
	c.w.Flush()
	return c.w.Error()
}

func (c *CSVWriter) writeHeader() error {
	if c.header {
		return nil
	}
	c.header = true
	return c.w.Write(CSVColumns)
}

// csvJoin joins the values with CSVSeparator, written inside a value as
// " ¦ ".
func csvJoin(values []string) string {
	var b strings.Builder
	for i, v := range values {
		if i > 0 {
			b.WriteString(CSVSeparator)
		}
		b.WriteString(strings.ReplaceAll(v, CSVSeparator, " ¦ "))
	}
	return b.String()
}

// csvText guards a cell of text a spreadsheet would take for a formula
// (one starting with =, +, -, @, a tab or a carriage return) with a
// leading apostrophe, as OWASP advises against CSV injection: the text is
// written by anyone who edits the portal.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
