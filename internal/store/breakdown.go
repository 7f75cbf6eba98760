package store

import (
	"encoding/binary"
	"errors"
	"math"
)

// Breakdown is the stored breakdown of a related event's score, before
// weighting: what the two events share and what each part added.
type Breakdown struct {
	// Entities are the shared entities with their IDF, alphabetical.
	Entities []Term
	// EntityScore is the sum of the shared entities' IDF.
	EntityScore float64
	// Cosine is the TF-IDF cosine similarity of the two headlines.
	Cosine float64
	// Words are the strongest shared headline words with their share of Cosine.
	Words []Term
	// Story is the innermost shared story, StoryBonus its bonus (0, 0.5 or 1).
	Story      string
	StoryBonus float64
}

// Term is a shared entity or word with what it added.
type Term struct {
	Term   string
	Weight float64
}

// packBreakdowns encodes the breakdowns of a list's items: per item, the
// entities, entity score, cosine, words, story and story bonus, with
// uvarint counts and lengths and little-endian float64s.
func packBreakdowns(bs []Breakdown) []byte {
	out := binary.AppendUvarint(nil, uint64(len(bs)))
	for _, b := range bs {
		out = appendBreakdown(out, b)
	}
	return out
}

// appendBreakdown appends one breakdown in packBreakdowns' form.
func appendBreakdown(out []byte, b Breakdown) []byte {
	out = appendTerms(out, b.Entities)
	out = appendFloat(out, b.EntityScore)
	out = appendFloat(out, b.Cosine)
	out = appendTerms(out, b.Words)
	out = appendString(out, b.Story)
	return appendFloat(out, b.StoryBonus)
}

// breakdownLen is about how many bytes appendBreakdown takes for b (exactly,
// when its counts and strings are shorter than 128), for sizing a buffer once.
func breakdownLen(b Breakdown) int {
	n := 3*8 + 3 + len(b.Story)
	for _, ts := range [2][]Term{b.Entities, b.Words} {
		for _, t := range ts {
			n += 1 + len(t.Term) + 8
		}
	}
	return n
}

func appendTerms(out []byte, ts []Term) []byte {
	out = binary.AppendUvarint(out, uint64(len(ts)))
	for _, t := range ts {
		out = appendString(out, t.Term)
		out = appendFloat(out, t.Weight)
	}
	return out
}

func appendString(out []byte, s string) []byte {
	return append(binary.AppendUvarint(out, uint64(len(s))), s...)
}

func appendFloat(out []byte, f float64) []byte {
	return binary.LittleEndian.AppendUint64(out, math.Float64bits(f))
}

var errBadBreakdown = errors.New("stored score breakdown is corrupt")

// unpackBreakdowns decodes packBreakdowns' form.
func unpackBreakdowns(b []byte) ([]Breakdown, error) {
	r := &byteReader{b: b}
	n := r.count()
	out := make([]Breakdown, 0, min(n, 64))
	for range n {
		var bd Breakdown
		bd.Entities = r.terms()
		bd.EntityScore = r.float()
		bd.Cosine = r.float()
		bd.Words = r.terms()
		bd.Story = r.string()
		bd.StoryBonus = r.float()
		if r.bad {
			break
		}
		out = append(out, bd)
	}
	if r.bad || len(r.b) > 0 {
		return nil, errBadBreakdown
	}
	return out, nil
}

// byteReader reads packed values; past a malformed one it sets bad and
// returns zero values.
type byteReader struct {
	b   []byte
	bad bool
}

func (r *byteReader) count() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 || v > uint64(len(r.b)) {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *byteReader) string() string {
	size := r.count()
	if size > uint64(len(r.b)) {
		r.bad, r.b = true, nil
		return ""
	}
	s := string(r.b[:size])
	r.b = r.b[size:]
	return s
}

func (r *byteReader) float() float64 {
	if len(r.b) < 8 {
		r.bad, r.b = true, nil
		return 0
	}
	f := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return f
}

func (r *byteReader) terms() []Term {
	n := r.count()
	var out []Term
	for range n {
		t := Term{Term: r.string(), Weight: r.float()}
		if r.bad {
			return nil
		}
		out = append(out, t)
	}
	return out
}
