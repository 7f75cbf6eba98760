package server

import (
	"errors"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// request is what a URL asks of the site.
type request struct {
	// path is the site path to render, with its extension.
	path string
	// ext is the extension the URL named, ".html"; empty when negotiated.
	ext string
	// negotiated is whether the format came from the Accept header.
	negotiated bool
	// dir and dirFallback are, for an extension-less path without a trailing
	// slash, the same path as a directory and that directory's index page.
	dir, dirFallback string
	// redirect, when set, is where the URL's clean form lives.
	redirect string
}

// badRequest is a URL no site path can be read from: 400.
type badRequest struct{ reason string }

func (b badRequest) Error() string { return "bad request: " + b.reason }

// errNoSuchPath is a URL that cannot name a page of the site: 404.
var errNoSuchPath = errors.New("no such path")

// servedExtension reports whether ext is an extension of the site's files: a page's four
// formats (which feeds and sitemaps share), the stylesheet's, robots.txt's and
// the icons'.
func servedExtension(ext string) bool {
	return ext == ".css" || ext == ".txt" || ext == ".ico" || ext == ".svg" || slices.Contains(event.PageExts[:], ext)
}

// resolve reads the site path a request asks for. Paths are cleaned (a URL
// that is not clean is redirected to its clean form), so ".." never climbs
// above the site's root; NUL and other control characters, and encoded
// slashes, are refused.
func resolve(r *http.Request) (request, error) {
	if err := checkPath(r.URL); err != nil {
		return request{}, err
	}
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if clean := cleanPath(p); clean != p || r.URL.Path != p {
		return request{redirect: (&url.URL{Path: clean, RawQuery: r.URL.RawQuery}).String()}, nil
	}
	return resolveClean(p, r.Header.Values("Accept"))
}

// checkPath refuses paths that hold control characters or encoded slashes,
// which no page has and which only tricks send.
func checkPath(u *url.URL) error {
	for i := 0; i < len(u.Path); i++ {
		if c := u.Path[i]; c < 0x20 || c == 0x7f {
			return badRequest{"the path holds a control character (such as NUL)"}
		}
	}
	raw := strings.ToLower(u.RawPath) // set only when the URL encoded its path unusually
	if strings.Contains(raw, "%2f") || strings.Contains(raw, "%5c") {
		return badRequest{"the path holds an encoded slash or backslash"}
	}
	return nil
}

// cleanPath is path.Clean keeping a trailing slash, which names a directory.
func cleanPath(p string) string {
	clean := path.Clean(p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		clean += "/"
	}
	return clean
}

// resolveClean maps a clean path to the site path to render, negotiating the
// format of extension-less paths by the Accept header.
func resolveClean(p string, accept []string) (request, error) {
	_, ext := splitExt(p)
	if ext != "" {
		if !servedExtension(ext) {
			return request{}, errNoSuchPath
		}
		return request{path: p, ext: ext}, nil
	}
	format, err := negotiate(accept)
	if err != nil {
		return request{}, err
	}
	if strings.HasSuffix(p, "/") {
		return request{path: p + "index" + format.Ext(), negotiated: true}, nil
	}
	return request{
		path:        p + format.Ext(),
		negotiated:  true,
		dir:         p + "/",
		dirFallback: p + "/index" + format.Ext(),
	}, nil
}

// eventPath is the extension-less path when the URL may name an event (a
// /news/ page that is not an index): the key of its path history. It is
// worked out only for a page the site does not have.
func (r request) eventPath() string { return eventPathOf(r.path) }

// splitExt splits the extension off the path's last segment: slugs hold no
// dots, so a dot there always starts an extension.
func splitExt(p string) (stem, ext string) {
	ext = path.Ext(p[strings.LastIndexByte(p, '/')+1:])
	return p[:len(p)-len(ext)], ext
}

// eventPathOf returns the extension-less path of an event's page, the key
// of its path history, when p (with or without a format's extension) is one.
func eventPathOf(p string) string {
	sp, err := event.ParseSitePath(p)
	if err != nil || sp.Type != event.PathEvent {
		return ""
	}
	return sp.Page().String()
}

// dayDir is the directory form of a day's index, /news/2013/06/6/.
func dayDir(d event.Date) string { return d.Dir() + "/" }
