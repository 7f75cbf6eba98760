package extract

import (
	"net/url"
	"strings"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// paragraphsWanted is how much text of the first paragraphs is gathered for
// a summary: a little more than a summary holds, to cut at a sentence.
const paragraphsWanted = MaxSummary + 100

// minParagraph skips bylines, datelines and captions among the paragraphs.
const minParagraph = 40

// firstParagraphs returns the text of the article's first paragraphs, as
// the readability parser finds the article in doc (which it changes). A
// failure of the parser gives no text, never a panic.
func firstParagraphs(doc *html.Node, pageURL *url.URL) (text string) {
	defer func() {
		if v := recover(); v != nil {
			text = ""
		}
	}()
	if pageURL == nil {
		pageURL = &url.URL{Scheme: "http", Host: "invalid"}
	}
	parser := readability.NewParser()
	parser.CharThresholds = 200
	parser.MaxElemsToParse = 100000
	article, err := parser.ParseAndMutate(doc, pageURL)
	if err != nil || article.Node == nil {
		return ""
	}
	return gatherParagraphs(article.Node)
}

// gatherParagraphs joins the text of the <p> elements under n, in order,
// until there is enough for a summary.
func gatherParagraphs(n *html.Node) string {
	var parts []string
	size := 0
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom == atom.P {
			if t := PlainText(textOf(n)); len(t) >= minParagraph {
				parts = append(parts, t)
				size += len(t) + 1
			}
			return size >= paragraphsWanted
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(n)
	return strings.Join(parts, " ")
}
