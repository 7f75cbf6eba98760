package wikitext

import (
	"strings"
	"unicode/utf8"
)

// Clean removes from s what no archived text should carry and returns the
// rest with the number of removals:
//   - control characters, C0 (but tab, newline and carriage return), DEL and C1;
//   - ANSI escape sequences, whole: ESC [ … final byte (CSI), ESC ] … BEL or
//     ESC \ (OSC and the other string commands), ESC and one more byte, and
//     the 8-bit CSI U+009B … final byte;
//   - bidirectional embeddings, overrides and isolates (U+202A–U+202E,
//     U+2066–U+2069), which reorder the text around them on screen
//     ("Trojan Source"); the marks (U+200E, U+200F, U+061C) reorder nothing
//     beyond themselves and are kept.
//
// A page without any of these is returned as it is, without copying; in
// one with some, invalid UTF-8 is replaced by U+FFFD.
func Clean(s string) (string, int) {
	i := firstUnclean(s)
	if i < 0 {
		return s, 0
	}
	if !utf8.ValidString(s) {
		// Removing a byte between two stray ones could join them into a
		// character ("\xc2\x14\x95" → U+0095): repair first (FuzzClean).
		s = strings.ToValidUTF8(s, "\uFFFD")
		i = firstUnclean(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	removed := 0
	for i >= 0 {
		b.WriteString(s[:i])
		s = s[i+uncleanLen(s[i:]):]
		removed++
		i = firstUnclean(s)
	}
	b.WriteString(s)
	return b.String(), removed
}

// firstUnclean returns the index of the first thing Clean removes, or -1.
// It looks at bytes only: a C0 byte, DEL, or the lead bytes of C1 (0xC2) and
// of the bidi controls (0xE2), checked further only when found.
func firstUnclean(s string) int {
	for i := 0; i < len(s); i++ {
		if !suspect[s[i]] {
			continue
		}
		switch c := s[i]; {
		case c == 0xc2:
			if i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9f {
				return i
			}
		case c == 0xe2:
			if i+2 < len(s) && isBidiControl(s[i+1], s[i+2]) {
				return i
			}
		default:
			return i
		}
	}
	return -1
}

// suspect marks the bytes firstUnclean stops at: the controls Clean removes
// and the lead bytes of C1 controls and bidi controls. A table, as the
// loop runs over every byte of every page (BenchmarkClean).
var suspect = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = c != '\t' && c != '\n' && c != '\r'
	}
	t[0x7f], t[0xc2], t[0xe2] = true, true, true
	return t
}()

// isBidiControl reports whether E2 b1 b2 encodes U+202A–U+202E or U+2066–U+2069.
func isBidiControl(b1, b2 byte) bool {
	return b1 == 0x80 && b2 >= 0xaa && b2 <= 0xae || b1 == 0x81 && b2 >= 0xa6 && b2 <= 0xa9
}

// maxEscape bounds the length of one escape sequence: a longer "sequence" is
// not one, and only its introducer is removed.
const maxEscape = 64

// uncleanLen returns the length of the removable thing s starts with.
func uncleanLen(s string) int {
	switch {
	case s[0] == 0x1b:
		return escapeLen(s)
	case s[0] == 0xc2 && s[1] == 0x9b: // 8-bit CSI
		return 2 + csiLen(s[2:])
	case s[0] == 0xe2:
		return 3
	case s[0] >= utf8.RuneSelf:
		return 2 // C1
	}
	return 1
}

// escapeLen returns the length of the escape sequence at s[0] == ESC.
func escapeLen(s string) int {
	if len(s) < 2 {
		return 1
	}
	switch c := s[1]; {
	case c == '[':
		return 2 + csiLen(s[2:])
	case c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_':
		return 2 + stringCommandLen(s[2:])
	case c >= 0x20 && c <= 0x2f: // intermediates, then a final byte
		j := 1
		for j < len(s) && j < maxEscape && s[j] >= 0x20 && s[j] <= 0x2f {
			j++
		}
		if j < len(s) && s[j] >= 0x30 && s[j] <= 0x7e {
			return j + 1
		}
		return 1
	case c >= 0x30 && c <= 0x7e:
		return 2
	}
	return 1
}

// csiLen returns the length of a control sequence's parameter, intermediate
// and final bytes, or 0 when s does not hold one.
func csiLen(s string) int {
	j := 0
	for j < len(s) && j < maxEscape && s[j] >= 0x20 && s[j] <= 0x3f {
		j++
	}
	if j < len(s) && s[j] >= 0x40 && s[j] <= 0x7e {
		return j + 1
	}
	return 0
}

// stringCommandLen returns the length of an OSC (or DCS…) body with its
// terminator, BEL or ESC \; 0 when none comes within maxEscape*4 bytes or
// before a line ends.
func stringCommandLen(s string) int {
	for j := 0; j < len(s) && j < 4*maxEscape; j++ {
		switch s[j] {
		case 0x07:
			return j + 1
		case 0x1b:
			if j+1 < len(s) && s[j+1] == '\\' {
				return j + 2
			}
			return 0
		case '\n':
			return 0
		}
	}
	return 0
}
