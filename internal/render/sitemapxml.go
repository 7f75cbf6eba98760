package render

import (
	"bytes"
	"encoding/xml"
)

// writeURLSet writes a sitemap's urlset byte for byte as writeXML does
// (encoding/xml, indented by two spaces), without its reflection: a big
// year's sitemap holds over ten thousand URLs, and encoding/xml took most
// of the time of rendering it.
func writeURLSet(buf *bytes.Buffer, set urlSet) {
	buf.WriteString(xml.Header)
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for _, u := range set.URLs {
		buf.WriteString("\n  <url>\n    <loc>")
		xml.EscapeText(buf, []byte(u.Loc)) //nolint:errcheck // a bytes.Buffer does not fail
		buf.WriteString("</loc>")
		if u.LastMod != "" {
			buf.WriteString("\n    <lastmod>")
			xml.EscapeText(buf, []byte(u.LastMod)) //nolint:errcheck // a bytes.Buffer does not fail
			buf.WriteString("</lastmod>")
		}
		buf.WriteString("\n  </url>")
	}
	if len(set.URLs) > 0 {
		buf.WriteByte('\n')
	}
	buf.WriteString("</urlset>\n")
}
