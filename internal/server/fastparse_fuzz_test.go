package server

import (
	"bufio"
	"bytes"
	"net/http"
	"slices"
	"testing"
)

// Whatever the bytes, parseFast never accepts a request that net/http
// would read otherwise: every request it accepts, http.ReadRequest reads as
// the same GET or HEAD of HTTP/1.1, with the same path, Host and the same
// values of the headers the fast front uses, no body and kept alive.
func FuzzParseFast(f *testing.F) {
	for _, seed := range []string{
		"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
		"HEAD /news/2025/03/15/index.html HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept-Encoding: gzip\r\n\r\n",
		"GET /a HTTP/1.1\r\nhost: x\r\naccept: text/markdown;q=0.9, */*\r\nIf-None-Match: \"a\"\r\nIf-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT\r\n\r\nGET /b HTTP/1.1\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\nAccept:\r\nAccept: text/html \t\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
		"GET / HTTP/1.1\nHost: x\n\n",
		"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nx",
		"GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n",
		"GET /%41 HTTP/1.1\r\nHost: [::1]:80\r\n\r\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var r fastRequest
		if parseFast(b, &r) != parseOK {
			return
		}
		if r.size <= 0 || r.size > len(b) {
			t.Fatalf("size %d of %d bytes", r.size, len(b))
		}
		req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(b[:r.size])))
		if err != nil {
			t.Fatalf("parseFast took %q, net/http refuses it: %v", b[:r.size], err)
		}
		method := http.MethodGet
		if r.head {
			method = http.MethodHead
		}
		switch {
		case req.Method != method, req.URL.Path != r.path, req.URL.RawQuery != "", req.URL.RawPath != "",
			req.RequestURI != r.path, req.ProtoMajor != 1 || req.ProtoMinor != 1:
			t.Fatalf("%q: net/http reads %s %q (%q) %s; parseFast %s %q", b[:r.size], req.Method, req.URL.Path, req.RequestURI, req.Proto, method, r.path)
		case req.Close, req.ContentLength != 0, len(req.TransferEncoding) > 0, req.Header.Get("Expect") != "", req.Header.Get("Connection") != "":
			t.Fatalf("%q: net/http reads a body or a closing connection", b[:r.size])
		case !slices.Equal(req.Header.Values("Accept"), r.accept), !slices.Equal(req.Header.Values("Accept-Encoding"), r.acceptEncoding),
			req.Header.Get("If-None-Match") != r.ifNoneMatch, req.Header.Get("If-Modified-Since") != r.ifModSince:
			t.Fatalf("%q: headers %q; parseFast %+v", b[:r.size], req.Header, r)
		case len(req.Header["Host"]) > 0 || req.Host == "" && !bytes.Contains(bytes.ToLower(b[:r.size]), []byte("\r\nhost:")):
			t.Fatalf("%q: Host %q", b[:r.size], req.Host)
		}
	})
}
