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
func Printable(s string) string { return escapeUnprintable(s, false, maxMessage) }

// TerminalSafe is Printable for a whole multi-line message: newlines and
// tabs stay, and nothing is cut.
func TerminalSafe(s string) string { return escapeUnprintable(s, true, -1) }

// escapeUnprintable writes the runes printableRune refuses (keeping
// newlines and tabs with lines) as Go escapes, cutting at limit bytes unless
// it is negative.
func escapeUnprintable(s string, lines bool, limit int) string {
	ok := func(r rune) bool { return printableRune(r) || lines && (r == '\n' || r == '\t') }
	if !strings.ContainsFunc(s, func(r rune) bool { return !ok(r) }) && (limit < 0 || len(s) <= limit) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if limit >= 0 && b.Len() >= limit {
			b.WriteString("…")
			break
		}
		if ok(r) {
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
