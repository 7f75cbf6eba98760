package server

import "bytes"

// The fast front (front.go) reads requests itself, but only the plainest
// kind: a GET or HEAD of HTTP/1.1 with an origin-form path of plain
// characters, one Host, no body, no Connection, Expect or Upgrade, every line
// ending in CRLF, every byte printable ASCII. Anything else — and anything it
// is not sure of — is left to net/http, which reads the very same bytes: the
// parser never has to reject a request, only to recognize the easy ones.

// maxFastRequest is the largest request the fast front reads; a bigger one
// (long cookies) goes to net/http, whose limit is maxHeaderBytes.
const maxFastRequest = 8 << 10

// parseOutcome is what parseFast made of the bytes it was given.
type parseOutcome int

const (
	parseMore  parseOutcome = iota // no whole request yet: read more
	parseOK                        // a request the fast front may answer
	parseOther                     // a request for net/http
)

// fastRequest is a request the fast front read. Its strings are copies;
// accept and acceptEncoding are reused from one request to the next.
type fastRequest struct {
	head           bool // HEAD, else GET
	path           string
	accept         []string
	acceptEncoding []string
	ifNoneMatch    string // the first, as Header.Get gives it
	ifModSince     string
	size           int // bytes of b the request took
}

// parseFast reads one request from the start of b.
func parseFast(b []byte, r *fastRequest) parseOutcome {
	end := bytes.Index(b, crlfcrlf)
	scan := b
	if end >= 0 {
		scan = b[:end+4]
	}
	if !plainBytes(scan) {
		return parseOther
	}
	if end < 0 {
		if len(b) >= maxFastRequest {
			return parseOther
		}
		return parseMore
	}
	r.size = end + 4
	lines := b[:end+2] // each line with its CRLF
	eol := bytes.Index(lines, crlf)
	if !r.requestLine(lines[:eol]) {
		return parseOther
	}
	r.accept, r.acceptEncoding = r.accept[:0], r.acceptEncoding[:0]
	r.ifNoneMatch, r.ifModSince = "", ""
	hosts := 0
	for rest := lines[eol+2:]; len(rest) > 0; {
		eol := bytes.Index(rest, crlf)
		line := rest[:eol]
		rest = rest[eol+2:]
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 || !isToken(line[:colon]) {
			return parseOther // also obs-fold: a line starting with a space
		}
		name, value := line[:colon], bytes.Trim(line[colon+1:], " \t")
		switch {
		case fold(name, "host"):
			if hosts++; !plainHost(value) {
				return parseOther
			}
		case fold(name, "accept"):
			r.accept = append(r.accept, string(value))
		case fold(name, "accept-encoding"):
			r.acceptEncoding = append(r.acceptEncoding, string(value))
		case fold(name, "if-none-match"):
			if r.ifNoneMatch == "" {
				r.ifNoneMatch = string(value)
			}
		case fold(name, "if-modified-since"):
			if r.ifModSince == "" {
				r.ifModSince = string(value)
			}
		case fold(name, "content-length"), fold(name, "transfer-encoding"), fold(name, "connection"),
			fold(name, "expect"), fold(name, "upgrade"), fold(name, "te"), fold(name, "trailer"),
			fold(name, "proxy-connection"), fold(name, "keep-alive"):
			return parseOther
		}
	}
	if hosts != 1 {
		return parseOther
	}
	return parseOK
}

var (
	crlf     = []byte("\r\n")
	crlfcrlf = []byte("\r\n\r\n")
)

// requestLine reads "GET /path HTTP/1.1".
func (r *fastRequest) requestLine(line []byte) bool {
	var target []byte
	switch {
	case bytes.HasPrefix(line, []byte("GET ")):
		r.head, target = false, line[4:]
	case bytes.HasPrefix(line, []byte("HEAD ")):
		r.head, target = true, line[5:]
	default:
		return false
	}
	target, ok := bytes.CutSuffix(target, []byte(" HTTP/1.1"))
	if !ok || len(target) == 0 || target[0] != '/' {
		return false
	}
	for _, c := range target {
		if !pathByte[c] {
			return false
		}
	}
	r.path = string(target)
	return true
}

// plainBytes reports whether b is printable ASCII, tabs, and CR only in
// CRLF pairs, LF only after CR: what a plain request is made of.
func plainBytes(b []byte) bool {
	for i, c := range b {
		switch {
		case c >= 0x20 && c < 0x7f, c == '\t':
		case c == '\r':
			if i+1 < len(b) && b[i+1] != '\n' {
				return false
			}
		case c == '\n':
			if i == 0 || b[i-1] != '\r' {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// pathByte are the bytes a path may hold and still read as itself, those
// net/url leaves unescaped in a path: RFC 3986's unreserved and
// "$&+,/:;=@". No '%' (an escape), no '?' (a query), no '#'.
var pathByte = func() (t [256]bool) {
	for _, c := range []byte("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~$&+,;=:@/") {
		t[c] = true
	}
	return t
}()

// plainHost reports whether a Host value is a plain name or address with
// an optional port.
func plainHost(v []byte) bool {
	for _, c := range v {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == ':' || c == '[' || c == ']') {
			return false
		}
	}
	return true
}

// isToken reports whether b is an RFC 9110 token, as a header name must be.
func isToken(b []byte) bool {
	for _, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || bytes.IndexByte([]byte("!#$%&'*+-.^_`|~"), c) >= 0) {
			return false
		}
	}
	return len(b) > 0
}

// fold reports whether b is name (lower case) in any case.
func fold(b []byte, name string) bool {
	if len(b) != len(name) {
		return false
	}
	for i := range len(b) {
		c := b[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != name[i] {
			return false
		}
	}
	return true
}
