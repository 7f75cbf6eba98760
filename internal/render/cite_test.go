package render

import (
	"bytes"
	"errors"
	"html"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

func testCitation() *citation {
	return &citation{
		URL:      "https://news.example/news/2013/06/6/north-korea-restores-the-red-cross-link.html",
		Headline: "North Korea restores the Red Cross link.",
		Site:     "Chronicle",
		Date:     event.Date{Year: 2013, Month: time.September, Day: 6},
		Portal:   &portalDoc{Title: "Portal:Current events/2013 September 6", Revision: 558703123},
		Path:     "/news/2013/06/6/north-korea-restores-the-red-cross-link",
	}
}

func citeHTML(c *citation) string {
	var b bytes.Buffer
	writeCiteHTML(htmlWriter{&b, ""}, c)
	return b.String()
}

func TestCiteStyles(t *testing.T) {
	tests := []struct {
		name string
		edit func(*citation)
		want []string
	}{
		{"each style", func(*citation) {}, []string{
			`<dd>Wikipedia contributors. (2013, September 6). <cite>North Korea restores the Red Cross link.</cite> Chronicle. https://news.example/news/2013/06/6/north-korea-restores-the-red-cross-link.html</dd>`,
			`<dd>Wikipedia contributors. “North Korea restores the Red Cross link.” <cite>Chronicle</cite>, 6 Sept. 2013, news.example/news/2013/06/6/north-korea-restores-the-red-cross-link.html.</dd>`,
			`<dd>Wikipedia contributors. “North Korea restores the Red Cross link.” Chronicle. September 6, 2013. https://news.example/news/2013/06/6/north-korea-restores-the-red-cross-link.html.</dd>`,
			"@misc{chronicle:2013-09-06:north-korea-restores,\n",
			"  title        = {{North Korea restores the Red Cross link}},\n",
			"  year         = 2013,\n  month        = sep,\n  date         = {2013-09-06},\n",
			"  note         = {Text from Portal:Current events/2013 September 6, revision 558703123},\n}</pre>",
		}},
		{"a headline without a full stop gets one; a question keeps its mark", func(c *citation) {
			c.Headline = "Who restored the link?"
		}, []string{"<cite>Who restored the link?</cite>", "“Who restored the link?”", "{{Who restored the link?}}"}},
		{"no full stop", func(c *citation) { c.Headline = "Link restored " }, []string{"<cite>Link restored.</cite>", "{{Link restored}}"}},
		{"May is not abbreviated", func(c *citation) { c.Date.Month = time.May }, []string{", 6 May 2013, "}},
		{"a site served over http", func(c *citation) { c.URL = "http://127.0.0.1:8080/news/x.html" }, []string{", 127.0.0.1:8080/news/x.html.</dd>"}},
		{"an unknown revision names the page alone", func(c *citation) { c.Portal.Revision = 0 }, []string{"note         = {Text from Portal:Current events/2013 September 6},"}},
		{"TeX's special characters are escaped, HTML's too", func(c *citation) {
			c.Headline = `50% of A&B's $ {shares} #1_a^b~c\d <b>`
			c.Site = "S&P"
		}, []string{
			`{{50\% of A\&amp;B&#39;s \$ \textbraceleft{}shares\textbraceright{} \#1\_a\^{}b\~{}c\textbackslash{}d &lt;b&gt;}}`,
			`howpublished = {S\&amp;P},`,
		}},
		{"braces in the address cannot end the field", func(c *citation) { c.URL = `https://x.example/a{b}\c` }, []string{"url          = {https://x.example/a%7Bb%7D%5Cc},"}},
		{"a one-word slug is the key", func(c *citation) { c.Path = "/news/2013/06/6/referendum" }, []string{"@misc{chronicle:2013-09-06:referendum,"}},
		{"a three-word slug is the key", func(c *citation) { c.Path = "/news/2013/06/6/a-b-c" }, []string{"@misc{chronicle:2013-09-06:a-b-c,"}},
		{"December", func(c *citation) { c.Date.Month = time.December }, []string{"month        = dec,", ", 6 Dec. 2013, ", "(2013, December 6)", "December 6, 2013."}},
		{"January", func(c *citation) { c.Date.Month = time.January }, []string{"month        = jan,", ", 6 Jan. 2013, "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := testCitation()
			tt.edit(c)
			got := citeHTML(c)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("the cite block lacks\n%s\nin\n%s", w, got)
				}
			}
		})
	}
}

// TestBibTeXBracesBalance checks that no text can end a BibTeX field or
// entry early: in every field the braces balance, all of them, since BibTeX
// counts an escaped brace (\}) as TeX does not (the portal has headlines
// ending "(NBC News}", which ended the field early before).
func TestBibTeXBracesBalance(t *testing.T) {
	for _, headline := range []string{"{", "}", "}}}, evil = {", `\`, `\}`, "a{b}c", "(NBC News}", hostileHeadline} {
		c := testCitation()
		c.Headline, c.Site = headline, headline
		_, entry, _ := strings.Cut(citeHTML(c), "<pre>")
		entry, _, _ = strings.Cut(entry, "</pre>")
		for _, line := range strings.Split(html.UnescapeString(entry), "\n") {
			depth := 0
			for i := 0; i < len(line); i++ {
				switch line[i] {
				case '{':
					depth++
				case '}':
					depth--
				}
			}
			if strings.HasPrefix(line, "  ") && depth != 0 {
				t.Errorf("headline %q: the field %q leaves %d braces open", headline, line, depth)
			}
		}
	}
}

func TestParseCiteStyle(t *testing.T) {
	for _, tt := range []struct {
		name string
		want CiteStyle
	}{{"apa", CiteAPA}, {"MLA", CiteMLA}, {"Chicago", CiteChicago}, {"bibtex", CiteBibTeX}, {"BibTeX", CiteBibTeX}, {"ris", CiteRIS}, {"RIS", CiteRIS}} {
		if got, err := ParseCiteStyle(tt.name); err != nil || got != tt.want {
			t.Errorf("ParseCiteStyle(%q) = %v, %v; want %v", tt.name, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "harvard", "bib"} {
		if _, err := ParseCiteStyle(bad); err == nil || !strings.Contains(err.Error(), "want apa, mla, chicago, bibtex or ris") {
			t.Errorf("ParseCiteStyle(%q) = %v; want an error naming the styles", bad, err)
		}
	}
}

// citePage is an event page of 6 June 2013 at the slug given.
func citePage(slug, headline string) *EventPage {
	return &EventPage{Event: event.Event{Path: "/news/2013/06/6/" + slug, Headline: headline,
		Date: event.Date{Year: 2013, Month: time.June, Day: 6}},
		Portal: PortalRevision{Title: "Portal:Current events/2013 June 6", ID: 7}}
}

func TestCiteWriter(t *testing.T) {
	tests := []struct {
		name   string
		styles []CiteStyle
		slugs  []string
		want   string
	}{
		{"one style: a line each", []CiteStyle{CiteAPA}, []string{"a-b-c-d", "e-f"},
			"Wikipedia contributors. (2013, June 6). A b c d. Chronicle. https://chronicle.example/news/2013/06/6/a-b-c-d.html\n" +
				"Wikipedia contributors. (2013, June 6). E f. Chronicle. https://chronicle.example/news/2013/06/6/e-f.html\n"},
		{"an event given twice is written once", []CiteStyle{CiteChicago}, []string{"e-f", "e-f"},
			"Wikipedia contributors. “E f.” Chronicle. June 6, 2013. https://chronicle.example/news/2013/06/6/e-f.html.\n"},
		{"keys taken get more of the slug, then a number", []CiteStyle{CiteBibTeX},
			[]string{"a-b-c-d-e", "a-b-c-d-f", "a-b-c", "a-b-c-d", "x"},
			"@misc{chronicle:2013-06-06:a-b-c,|@misc{chronicle:2013-06-06:a-b-c-d,|@misc{chronicle:2013-06-06:a-b-c-2,|" +
				"@misc{chronicle:2013-06-06:a-b-c-d-2,|@misc{chronicle:2013-06-06:x,|"},
		{"RIS: a record each, their IDs unique as BibTeX's keys", []CiteStyle{CiteRIS},
			[]string{"a-b-c-d-e", "a-b-c-d-f", "e-f"},
			"chronicle:2013-06-06:a-b-c|chronicle:2013-06-06:a-b-c-d|chronicle:2013-06-06:e-f|"},
	}
	r := newRenderer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			w := r.NewCiteWriter(&b, tt.styles...)
			for _, slug := range tt.slugs {
				if err := w.Write(citePage(slug, strings.ToUpper(slug[:1])+strings.ReplaceAll(slug[1:], "-", " ")+".")); err != nil {
					t.Fatal(err)
				}
			}
			got := b.String()
			switch tt.styles[0] {
			case CiteBibTeX:
				got = bibKeys(t, got)
			case CiteRIS:
				got = risIDs(t, got)
			}
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// bibKeys returns the first lines of the entries of a bibliography, each
// followed by "|", checking that a blank line parts two entries.
func bibKeys(t *testing.T, bib string) string {
	t.Helper()
	var keys strings.Builder
	for _, entry := range records(t, bib, "\n", "@misc{", "\n}") {
		first, _, _ := strings.Cut(entry, "\n")
		keys.WriteString(first + "|")
	}
	return keys.String()
}

// risIDs returns the IDs of the records of a RIS file, each followed by
// "|", checking that each record starts with its type, ends with ER and a
// blank line parts two records.
func risIDs(t *testing.T, ris string) string {
	t.Helper()
	var ids strings.Builder
	for _, record := range records(t, ris, "\r\n", "TY  - ELEC\r\n", "\r\nER  - ") {
		for line := range strings.SplitSeq(record, "\r\n") {
			if id, ok := strings.CutPrefix(line, "ID  - "); ok {
				ids.WriteString(id + "|")
			}
		}
	}
	return ids.String()
}

// records splits the output of a CiteWriter in one record style into its
// records, a blank line (newline twice) between two, checking that each
// starts with first and ends with last.
func records(t *testing.T, out, newline, first, last string) []string {
	t.Helper()
	recs := strings.Split(strings.TrimSuffix(out, newline), newline+newline)
	for i, rec := range recs {
		if !strings.HasPrefix(rec, first) || !strings.HasSuffix(rec, last) {
			t.Errorf("record %d does not start with %q and end with %q:\n%q", i, first, last, rec)
		}
	}
	return recs
}

// TestCiteWriterParagraphs checks that in several styles each event is a
// paragraph, a blank line from the one before, the same as written alone.
func TestCiteWriterParagraphs(t *testing.T) {
	r := newRenderer(t)
	alone := func(p *EventPage) string {
		var b bytes.Buffer
		if err := r.NewCiteWriter(&b).Write(p); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	first, second := citePage("a-b", "A b."), citePage("c-d", "C d.")
	var b bytes.Buffer
	w := r.NewCiteWriter(&b)
	if err := errors.Join(w.Write(first), w.Write(second)); err != nil {
		t.Fatal(err)
	}
	if want := alone(first) + "\n" + alone(second); b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	if want := "MLA      Wikipedia contributors. “A b.” Chronicle, 6 June 2013, chronicle.example/news/2013/06/6/a-b.html.\n"; !strings.Contains(alone(first), want) {
		t.Errorf("the MLA line is not\n%s\nin\n%s", want, alone(first))
	}
}

// TestRIS checks an event's RIS record, field by field, and that no text
// can break a line of it.
func TestRIS(t *testing.T) {
	r := newRenderer(t)
	cite := func(p *EventPage) string { return r.Cite(p, CiteRIS) }
	want := "TY  - ELEC\r\n" +
		"AU  - Wikipedia contributors,\r\n" +
		"TI  - North Korea restores the Red Cross link\r\n" +
		"T2  - Chronicle\r\n" +
		"PY  - 2013\r\n" +
		"DA  - 2013/06/06/\r\n" +
		"UR  - https://chronicle.example/news/2013/06/6/north-korea-restores-the-red-cross-link.html\r\n" +
		"N1  - Text from Portal:Current events/2013 June 6, revision 7\r\n" +
		"ID  - chronicle:2013-06-06:north-korea-restores\r\n" +
		"ER  - "
	if got := cite(citePage("north-korea-restores-the-red-cross-link", "North Korea restores the Red Cross link.")); got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	for _, headline := range []string{"Who restored the link?", "A\nTY  - JOUR\r\nER  - ", hostileHeadline} {
		got := cite(citePage("x", headline))
		for line := range strings.SplitSeq(got, "\r\n") {
			if len(line) < 6 || line[2:6] != "  - " || strings.ContainsAny(line, "\r\n") {
				t.Errorf("headline %q: a line %q is no tag and value", headline, line)
			}
		}
		if n := strings.Count(got, "\r\n"); n != 9 {
			t.Errorf("headline %q: %d lines, want 10:\n%q", headline, n+1, got)
		}
	}
	if got := cite(citePage("x", "Who restored the link?")); !strings.Contains(got, "TI  - Who restored the link?\r\n") {
		t.Errorf("a question keeps its mark:\n%q", got)
	}
}

// TestCiteIsTheBlocksText checks that Cite gives each of the page's styles
// as the "Cite this event" block does, in plain text.
func TestCiteIsTheBlocksText(t *testing.T) {
	r := newRenderer(t)
	p := citePage("a-b", "A <b> & c.")
	var b bytes.Buffer
	if err := r.NewCiteWriter(&b, CiteStyles...).Write(p); err != nil {
		t.Fatal(err)
	}
	for _, s := range CiteStyles {
		if got := r.Cite(p, s); !strings.Contains(b.String(), got) || got == "" {
			t.Errorf("%v: Cite gives\n%s\nwhich the writer's\n%s\ndoes not hold", s, got, b.String())
		}
	}
}

// TestCiteBlockOffersTheRISFile checks that the "Cite this event" block
// links a RIS file to download, the event's record in a data: URL: a
// static site has no server to ask for it.
func TestCiteBlockOffersTheRISFile(t *testing.T) {
	r := newRenderer(t)
	for _, headline := range []string{"North Korea restores the Red Cross link.", `50% of "A&B" #1 <b> é`, hostileHeadline} {
		p := citePage("north-korea-restores-the-red-cross-link", headline)
		block := citeHTML(r.citationOf(p))
		const prefix = `<a download="chronicle-2013-06-06-north-korea-restores.ris" href="data:application/x-research-info-systems;charset=utf-8,`
		_, rest, ok := strings.Cut(block, prefix)
		if !ok {
			t.Fatalf("headline %q: no RIS download in\n%s", headline, block)
		}
		href, _, _ := strings.Cut(rest, `"`)
		if strings.ContainsAny(href, "<>&' \r\n#") {
			t.Errorf("headline %q: the link holds what an attribute or a data: URL would misread: %s", headline, href)
		}
		got, err := url.PathUnescape(html.UnescapeString(href))
		if err != nil {
			t.Fatal(err)
		}
		if want := r.Cite(p, CiteRIS) + "\r\n"; got != want {
			t.Errorf("headline %q: the file is\n%q\nwant\n%q", headline, got, want)
		}
	}
}
