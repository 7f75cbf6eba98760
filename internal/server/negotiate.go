package server

import (
	"strconv"
	"strings"

	"github.com/chronicle-archive/chronicle/internal/render"
)

// notAcceptable is an Accept header that no format of a page satisfies: 406.
type notAcceptable struct{}

func (notAcceptable) Error() string {
	return "none of this page's formats is acceptable: it exists as text/html, text/markdown, " +
		"application/json and application/xml; add .html, .md, .json or .xml to the path to choose one"
}

// mediaTypes are the media types of each format an Accept header may name,
// in the server's order of preference, which breaks ties.
var mediaTypes = []struct {
	format render.Format
	types  []string
}{
	{render.HTML, []string{"text/html", "application/xhtml+xml"}},
	{render.Markdown, []string{"text/markdown", "text/x-markdown"}},
	{render.JSON, []string{"application/json"}},
	{render.XML, []string{"application/xml", "text/xml"}},
}

// maxAcceptRanges bounds the work one Accept header can cause.
const maxAcceptRanges = 64

// acceptRange is one media range of an Accept header with its quality.
type acceptRange struct {
	typ, subtype string
	q            float64
}

// negotiate picks the format an Accept header prefers: the highest quality,
// ties to HTML, then Markdown, JSON and XML. No header, or one with no
// well-formed range, means HTML; well-formed ranges that exclude every format
// are notAcceptable.
func negotiate(accept []string) (render.Format, error) {
	ranges := parseAccept(accept)
	if len(ranges) == 0 {
		return render.HTML, nil
	}
	best, bestQ := render.HTML, 0.0
	for _, m := range mediaTypes {
		if q := formatQuality(ranges, m.types); q > bestQ {
			best, bestQ = m.format, q
		}
	}
	if bestQ == 0 {
		return 0, notAcceptable{}
	}
	return best, nil
}

// formatQuality is the best quality the ranges give any of a format's types.
func formatQuality(ranges []acceptRange, types []string) float64 {
	q := 0.0
	for _, t := range types {
		q = max(q, typeQuality(ranges, t))
	}
	return q
}

// typeQuality is the quality of the most specific range matching the media
// type (type/subtype over type/* over */*), 0 when none does.
func typeQuality(ranges []acceptRange, mediaType string) float64 {
	typ, subtype, _ := strings.Cut(mediaType, "/")
	q, specificity := 0.0, -1
	for _, r := range ranges {
		s := matchSpecificity(r, typ, subtype)
		if s > specificity {
			q, specificity = r.q, s
		}
	}
	return q
}

// matchSpecificity is 2 for an exact match, 1 for type/*, 0 for */*, -1 for none.
func matchSpecificity(r acceptRange, typ, subtype string) int {
	switch {
	case r.typ == typ && r.subtype == subtype:
		return 2
	case r.typ == typ && r.subtype == "*":
		return 1
	case r.typ == "*" && r.subtype == "*":
		return 0
	}
	return -1
}

// parseAccept reads the media ranges of Accept header values, skipping
// malformed ones.
func parseAccept(values []string) []acceptRange {
	var ranges []acceptRange
	for _, v := range values {
		for part := range strings.SplitSeq(v, ",") {
			if len(ranges) == maxAcceptRanges {
				return ranges
			}
			if r, ok := parseRange(part); ok {
				ranges = append(ranges, r)
			}
		}
	}
	return ranges
}

// parseRange reads one "type/subtype;param=value;q=0.5" range.
func parseRange(s string) (acceptRange, bool) {
	mediaType, params, _ := strings.Cut(s, ";")
	typ, subtype, ok := strings.Cut(strings.ToLower(strings.TrimSpace(mediaType)), "/")
	if !ok || typ == "" || subtype == "" || typ == "*" && subtype != "*" {
		return acceptRange{}, false
	}
	q, ok := quality(params)
	return acceptRange{typ, subtype, q}, ok
}

// quality reads the q parameter of a range's parameters: 1 when absent.
// A q that is not a qvalue of RFC 9110 (0 to 1 with at most three decimals:
// "0.5", "1.000") makes the range malformed; ParseFloat alone would read
// "1e-400" as 0, and the range as a refusal.
func quality(params string) (float64, bool) {
	for p := range strings.SplitSeq(params, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(p), "=")
		if !strings.EqualFold(strings.TrimSpace(name), "q") {
			continue
		}
		value = strings.TrimSpace(value)
		if !isQValue(value) {
			return 0, false
		}
		q, err := strconv.ParseFloat(value, 64)
		return q, err == nil
	}
	return 1, true
}

// isQValue reports whether s is ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ).
func isQValue(s string) bool {
	if s == "" || s[0] != '0' && s[0] != '1' {
		return false
	}
	if len(s) == 1 {
		return true
	}
	if s[1] != '.' || len(s) > 5 {
		return false
	}
	for _, c := range s[2:] {
		if c < '0' || c > '9' || s[0] == '1' && c != '0' {
			return false
		}
	}
	return true
}
