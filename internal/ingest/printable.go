package ingest

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxMessage caps the bytes of one message taken from the input.
const maxMessage = 300

// Printable makes text that may come from the input (a title, a parser's
// message quoting bad bytes) safe to write to a terminal: control and format
// characters (escape sequences, bidi overrides) and the U+FFFD that stands
// for invalid bytes are written as Go escapes (\x1b, \u202e), and a message
// longer than maxMessage bytes is cut with "…".
func Printable(s string) string {
	clean := true
	for _, r := range s {
		if !printableRune(r) {
			clean = false
			break
		}
	}
	if clean && len(s) <= maxMessage {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if b.Len() >= maxMessage {
			b.WriteString("…")
			break
		}
		if printableRune(r) {
			b.WriteRune(r)
			continue
		}
		q := strconv.QuoteRuneToASCII(r)
		b.WriteString(q[1 : len(q)-1])
	}
	return b.String()
}

func printableRune(r rune) bool {
	return r != utf8.RuneError && (r == ' ' || unicode.IsGraphic(r) && !unicode.Is(unicode.Cf, r))
}
