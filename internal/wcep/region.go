package wcep

import (
	"strings"
)

const (
	markerBelow = "All news items below this line"
	markerAbove = "All news items above this line"
)

// newsRegion returns the part of a day page that holds its news items and the
// byte offset where it starts: between the markers where they exist; else the
// content= parameter of {{Current events}}, or the text between the top=yes and
// bottom=yes templates; else the whole page.
func newsRegion(page string) (region string, offset int, warnings []string) {
	below, belowEnd := findMarker(page, markerBelow, 0)
	above, _ := findMarker(page, markerAbove, max(belowEnd, 0))
	if below >= 0 && above >= 0 {
		return page[belowEnd:above], belowEnd, nil
	}
	from, to, warnings := templateBody(page)
	if below >= 0 {
		from = belowEnd
	}
	if above >= 0 {
		to = above
	}
	if to < from {
		to = from
	}
	return page[from:to], from, warnings
}

// templateBody finds the items' place from the {{Current events}} templates;
// without them it is the whole page.
func templateBody(page string) (from, to int, warnings []string) {
	start := indexFold(page, "{{current events", 0)
	if start < 0 {
		return 0, len(page), nil
	}
	end, content := scanTemplate(page, start)
	if end < 0 {
		warnings = append(warnings, "{{Current events}} is never closed: the page is read to its end")
		end = len(page)
	}
	if content >= 0 {
		return content, max(content, end-2), warnings
	}
	// {{Current events|…|top=yes}} … {{Current events|…|bottom=yes}}
	bottom := indexFold(page, "{{current events", end)
	if bottom < 0 {
		bottom = len(page)
	}
	return end, bottom, warnings
}

// scanTemplate returns the end (after "}}") of the template that opens at
// page[start], or -1, and where its content= parameter starts, or -1.
func scanTemplate(page string, start int) (end, content int) {
	depth, content := 0, -1
	for i := start; i < len(page)-1; i++ {
		switch {
		case page[i] == '{' && page[i+1] == '{':
			depth++
			i++
		case page[i] == '}' && page[i+1] == '}':
			depth--
			i++
			if depth == 0 {
				return i + 1, content
			}
		case page[i] == '|' && depth == 1 && content < 0:
			rest := strings.TrimLeft(page[i+1:], " \t\n")
			if len(rest) >= 8 && strings.EqualFold(rest[:7], "content") {
				if after := strings.TrimLeft(rest[7:], " \t"); strings.HasPrefix(after, "=") {
					content = len(page) - len(after) + 1
				}
			}
		}
	}
	return -1, content
}

// findMarker finds the HTML comment holding marker (any case, spaces around
// it) at or after from: its start and end, or -1. A comment
// runs from the last "<!--" before its "-->", so a stray opener before it does
// not hide it.
func findMarker(page, marker string, from int) (start, end int) {
	for {
		j := indexCommentEnd(page, from)
		if j < 0 {
			return -1, -1
		}
		if i := strings.LastIndex(page[from:j], "<!--"); i >= 0 {
			i += from
			if strings.EqualFold(strings.TrimSpace(page[i+4:j]), marker) {
				return i, j + 3
			}
		}
		from = j + 3
	}
}

// indexCommentEnd returns the position of the first "-->" in s at or after
// from, or -1. It looks for the ">", rarer in wikitext than the "-" of
// hyphenated words and URLs that strings.Index would stop at.
func indexCommentEnd(s string, from int) int {
	for i := from + 2; i < len(s); {
		k := strings.IndexByte(s[i:], '>')
		if k < 0 {
			return -1
		}
		if i += k; s[i-1] == '-' && s[i-2] == '-' {
			return i - 2
		}
		i++
	}
	return -1
}

// indexFold finds needle (lower case) in s at or after from, ignoring case.
func indexFold(s, needle string, from int) int {
	for i := from; i+len(needle) <= len(s); {
		k := strings.IndexByte(s[i:], needle[0])
		if k < 0 {
			return -1
		}
		i += k
		if i+len(needle) <= len(s) && strings.EqualFold(s[i:i+len(needle)], needle) {
			return i
		}
		i++
	}
	return -1
}

// stripComments replaces the HTML comments of s by their newlines, so that line
// numbers stay right. An opener "<!--" with no "-->" before the next opener is
// a stray: it is dropped alone and reported, rather than hiding the rest of
// the page as MediaWiki would.
func stripComments(s string) (string, int) {
	i := strings.Index(s, "<!--")
	if i < 0 {
		return s, 0
	}
	var b strings.Builder
	b.Grow(len(s))
	strays := 0
	closer := -1 // position of the next "-->" in s, if closer >= i; -2: none left
	for i >= 0 {
		b.WriteString(s[:i])
		next := strings.Index(s[i+4:], "<!--")
		if closer != -2 && closer < i+4 {
			if closer = strings.Index(s[i+4:], "-->"); closer >= 0 {
				closer += i + 4
			} else {
				closer = -2
			}
		}
		if closer < 0 || next >= 0 && next+i+4 < closer {
			strays++
			s, closer = s[i+4:], shift(closer, i+4)
		} else {
			for _, c := range []byte(s[i+4 : closer]) {
				if c == '\n' {
					b.WriteByte('\n')
				}
			}
			s, closer = s[closer+3:], -1
		}
		if next >= 0 && len(s) > 0 {
			i = strings.Index(s, "<!--")
		} else {
			i = -1
		}
	}
	b.WriteString(s)
	return b.String(), strays
}

// shift moves a position found in s to s[n:], keeping the -2 of "none".
func shift(pos, n int) int {
	if pos < 0 {
		return pos
	}
	return pos - n
}
