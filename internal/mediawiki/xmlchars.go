package mediawiki

import (
	"fmt"
	"io"
	"sort"
	"unicode/utf8"
)

// replacement stands in for every byte sequence XML does not allow.
const replacement = "\uFFFD"

// validXMLReader passes a byte stream on with invalid UTF-8 and characters XML
// forbids (control characters, U+FFFE…) replaced by U+FFFD. encoding/xml stops
// the whole document at the first such byte; with this filter one bad page
// costs only its own damaged characters, not the rest of the dump.
//
// It also keeps what maps an offset of its output back to one of its input
// (rawOffset), since each replacement makes the output longer, and stops at a
// run of more than maxInvalidRun bytes to replace: a file of NUL bytes is not
// damaged text but no text at all, and encoding/xml would hold it whole as
// one character-data token three times its size.
type validXMLReader struct {
	src     io.Reader
	raw     []byte // raw[:held] is an incomplete UTF-8 sequence kept from the last read
	held    int
	out     []byte
	pending []byte // cleaned bytes not yet returned
	err     error

	consumed int64         // input bytes cleaned so far
	produced int64         // output bytes made so far
	marks    []replacedRun // the runs of replaced bytes, recent ones
}

// replacedRun is a run of input bytes replaced by U+FFFDs, with nothing
// between them: input[rawStart:rawEnd] became output[outStart:outEnd].
type replacedRun struct{ outStart, outEnd, rawStart, rawEnd int64 }

// maxInvalidRun is the longest run of bytes to replace that is still read as
// damaged text.
const maxInvalidRun = 1 << 20

func newValidXMLReader(src io.Reader) *validXMLReader {
	return &validXMLReader{src: src, raw: make([]byte, 64<<10)}
}

// rawOffset returns the input offset of the output offset off, for offsets
// no more than 64 KB behind the output returned, as a decoder's are: exact
// outside a run of replaced bytes, in proportion within one.
func (v *validXMLReader) rawOffset(off int64) int64 {
	i := sort.Search(len(v.marks), func(i int) bool { return v.marks[i].outStart > off })
	if i == 0 {
		return off
	}
	m := v.marks[i-1]
	if off < m.outEnd {
		return m.rawStart + (off-m.outStart)*(m.rawEnd-m.rawStart)/(m.outEnd-m.outStart)
	}
	return off - (m.outEnd - m.rawEnd)
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
	v.out, n = appendValidXML(v.out[:0], v.raw[:end], err != nil, v.replaced)
	v.held = copy(v.raw, v.raw[n:end])
	v.pending = v.out
	v.consumed += int64(n)
	v.produced += int64(len(v.out))
	v.err = err
	v.forgetMarks()
	if k := len(v.marks); k > 0 && v.marks[k-1].rawEnd-v.marks[k-1].rawStart > maxInvalidRun {
		m := v.marks[k-1]
		v.pending = nil
		v.err = fmt.Errorf("%d bytes in a row from byte %d are not text (NUL bytes, control characters or invalid UTF-8): not an XML export, or a damaged one",
			m.rawEnd-m.rawStart, m.rawStart)
	}
}

// replaced is told of each sequence replaced by U+FFFD: size input bytes at
// offset in of the chunk being cleaned, written at offset out of its output.
func (v *validXMLReader) replaced(in, out, size int) {
	rawAt, outAt := v.consumed+int64(in), v.produced+int64(out)
	if k := len(v.marks); k > 0 && v.marks[k-1].outEnd == outAt && v.marks[k-1].rawEnd == rawAt {
		v.marks[k-1].outEnd += int64(len(replacement))
		v.marks[k-1].rawEnd += int64(size)
		return
	}
	v.marks = append(v.marks, replacedRun{outAt, outAt + int64(len(replacement)), rawAt, rawAt + int64(size)})
}

// forgetMarks drops the runs that end more than 64 KB behind the output
// made but the last of those, which still maps the offsets after it.
func (v *validXMLReader) forgetMarks() {
	behind := v.produced - int64(len(v.out)) - 64<<10
	keep := sort.Search(len(v.marks), func(i int) bool { return v.marks[i].outEnd >= behind })
	if keep > 1 {
		v.marks = append(v.marks[:0], v.marks[keep-1:]...)
	}
}

// appendValidXML appends src to dst with every invalid sequence replaced by
// U+FFFD and returns how many bytes of src it used: all of them, except an
// incomplete UTF-8 sequence at the end when more input may follow (!atEOF).
// Each replacement is told to replaced, when it is not nil: its offset in
// src, its offset in what was appended, and its size in src.
func appendValidXML(dst, src []byte, atEOF bool, replaced func(in, out, size int)) ([]byte, int) {
	base := len(dst)
	start, i := 0, 0
	for i < len(src) {
		b := src[i]
		if b < utf8.RuneSelf {
			if b >= 0x20 || b == '\n' || b == '\t' || b == '\r' {
				i++
				continue
			}
			dst = append(dst, src[start:i]...)
			if replaced != nil {
				replaced(i, len(dst)-base, 1)
			}
			dst = append(dst, replacement...)
			i++
			start = i
			continue
		}
		if !atEOF && !utf8.FullRune(src[i:]) {
			break
		}
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 || !isXMLChar(r) {
			dst = append(dst, src[start:i]...)
			if replaced != nil {
				replaced(i, len(dst)-base, size)
			}
			dst = append(dst, replacement...)
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
