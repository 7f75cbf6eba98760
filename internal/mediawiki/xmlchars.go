package mediawiki

import (
	"io"
	"unicode/utf8"
)

// replacement stands in for every byte sequence XML does not allow.
const replacement = "\uFFFD"

// validXMLReader passes a byte stream on with invalid UTF-8 and characters XML
// forbids (control characters, U+FFFE…) replaced by U+FFFD. encoding/xml stops
// the whole document at the first such byte; with this filter one bad page
// costs only its own damaged characters, not the rest of the dump.
type validXMLReader struct {
	src     io.Reader
	raw     []byte // raw[:held] is an incomplete UTF-8 sequence kept from the last read
	held    int
	out     []byte
	pending []byte // cleaned bytes not yet returned
	err     error
}

func newValidXMLReader(src io.Reader) *validXMLReader {
	return &validXMLReader{src: src, raw: make([]byte, 64<<10)}
}

func (v *validXMLReader) Read(p []byte) (int, error) {
	for len(v.pending) == 0 {
		if v.err != nil {
			return 0, v.err
		}
		v.fill()
	}
	n := copy(p, v.pending)
	v.pending = v.pending[n:]
	return n, nil
}

func (v *validXMLReader) fill() {
	n, err := v.src.Read(v.raw[v.held:])
	end := v.held + n
	v.out, n = appendValidXML(v.out[:0], v.raw[:end], err != nil)
	v.held = copy(v.raw, v.raw[n:end])
	v.pending = v.out
	v.err = err
}

// appendValidXML appends src to dst with every invalid sequence replaced by
// U+FFFD and returns how many bytes of src it used: all of them, except an
// incomplete UTF-8 sequence at the end when more input may follow (!atEOF).
func appendValidXML(dst, src []byte, atEOF bool) ([]byte, int) {
	start, i := 0, 0
	for i < len(src) {
		b := src[i]
		if b < utf8.RuneSelf {
			if b >= 0x20 || b == '\n' || b == '\t' || b == '\r' {
				i++
				continue
			}
			dst = append(append(dst, src[start:i]...), replacement...)
			i++
			start = i
			continue
		}
		if !atEOF && !utf8.FullRune(src[i:]) {
			break
		}
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 || !isXMLChar(r) {
			dst = append(append(dst, src[start:i]...), replacement...)
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(dst, src[start:i]...), i
}

// isXMLChar reports whether XML 1.0 allows r in a document (the Char production).
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}
