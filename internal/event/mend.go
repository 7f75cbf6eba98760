package event

import (
	"cmp"
	"path"
	"strings"
	"unicode"
)

// A link to an event travels through mail, chat and print, and arrives
// mangled: a closing parenthesis or full stop taken along, its end cut off
// where a line broke, its extension shortened or capitalised. The server,
// the static site's 404 page (render's mend.js) and the commands that take
// an event's address read it back (docs/serve.md, "Paths").

// MinCutSlug is how long the slug of an event's address cut short must be
// to be followed to the one event of the day whose address starts so; a
// shorter one is a guess, to offer but not to take.
const MinCutSlug = 12

// MendPath returns the path a mangled link most likely meant, "" when
// nothing in p looks mangled: trailing punctuation and spaces dropped
// (slugs never end with one), capitals lowered (no path of the site has
// any), a date written as people write it (/news/2013/6/06/) made
// canonical, a page written as a directory ("…/slug/") given back its name
// and an extension shortened or cut (".htm", ".js") completed.
func MendPath(p string) string {
	// One step may lay bare what another mends ("…/slug /" loses its
	// slash, then its space), so the steps run again until nothing
	// changes. Each round that changes the path shortens it, but for a
	// date made canonical, capitals lowered and an extension completed,
	// each once, so the rounds are bounded by its length.
	m := p
	for range len(p) + 4 {
		next := mendOnce(m)
		if next == m {
			break
		}
		m = next
	}
	if m == p || m == "" {
		return ""
	}
	return m
}

// mendOnce runs each of MendPath's steps once.
func mendOnce(p string) string {
	m := strings.ToLower(strings.TrimRightFunc(p, linkJunk))
	m = cmp.Or(CanonicalDatePath(m), m)
	// The stem is tried without the junk the next round drops from it.
	if stem, ok := strings.CutSuffix(m, "/"); ok && namesPage(strings.TrimRightFunc(stem, linkJunk)) {
		m = stem
	}
	return completeExt(m)
}

// linkJunk reports whether r, at the end of a link, was taken from the text
// around it rather than written as part of the address.
func linkJunk(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune(`.,;:!?)]}>'"*_-…”’»›`, r)
}

// namesPage reports whether p, without a trailing slash, is the path of a
// page: an event's address, or any page with its extension.
func namesPage(p string) bool {
	sp, err := ParseSitePath(p)
	return err == nil && (sp.Type == PathEvent || sp.Ext != "")
}

// completeExt completes the extension of p's last segment when it starts
// one of the pages' extensions and no other (".htm", ".js", ".m").
func completeExt(p string) string {
	ext := lastExt(p)
	if len(ext) < 2 {
		return p
	}
	var match string
	for _, e := range PageExts {
		if strings.HasPrefix(e, ext) {
			if match != "" {
				return p
			}
			match = e
		}
	}
	return strings.TrimSuffix(p, ext) + cmp.Or(match, ext)
}

// CutEventPath reads p as the address of an event cut short: the path it
// starts with (without extension), the extension it names and its slug.
func CutEventPath(p string) (prefix, ext, slug string, ok bool) {
	ext = lastExt(p)
	if ext != "" && !namesPage("/index"+ext) {
		return "", "", "", false
	}
	stem := strings.TrimSuffix(p, ext)
	sp, err := ParseSitePath(stem)
	if err != nil || sp.Type != PathEvent {
		return "", "", "", false
	}
	return stem, ext, sp.Slug, true
}

// lastExt is the extension of p's last segment ("" for none): a dot in a
// directory's name starts none.
func lastExt(p string) string { return path.Ext(p[strings.LastIndexByte(p, '/')+1:]) }
