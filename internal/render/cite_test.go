package render

import (
	"bytes"
	"html"
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
			`{{50\% of A\&amp;B&#39;s \$ \{shares\} \#1\_a\^{}b\~{}c\textbackslash{}d &lt;b&gt;}}`,
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
// entry early: in every field the braces TeX counts (those not escaped) balance.
func TestBibTeXBracesBalance(t *testing.T) {
	for _, headline := range []string{"{", "}", "}}}, evil = {", `\`, `\}`, "a{b}c", hostileHeadline} {
		c := testCitation()
		c.Headline, c.Site = headline, headline
		_, entry, _ := strings.Cut(citeHTML(c), "<pre>")
		entry, _, _ = strings.Cut(entry, "</pre>")
		for _, line := range strings.Split(html.UnescapeString(entry), "\n") {
			depth := 0
			for i := 0; i < len(line); i++ {
				switch line[i] {
				case '\\':
					i++ // an escaped character
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
