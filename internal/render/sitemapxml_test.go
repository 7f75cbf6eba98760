package render

import (
	"bytes"
	"testing"
)

// writeURLSet writes what encoding/xml writes for the same urlset.
func TestWriteURLSetIsEncodingXML(t *testing.T) {
	tests := []struct {
		name string
		urls []sitemapLoc
	}{
		{"empty", nil},
		{"one", []sitemapLoc{{"https://example.org/news/2020/index.html", "2020-12-31"}}},
		{"no lastmod", []sitemapLoc{{"https://example.org/", ""}, {"https://example.org/a", "2020-01-02"}}},
		{"characters to escape", []sitemapLoc{{"https://example.org/a?b=1&c=<2>'\"\t\r\n\x01é", "x&y"}}},
	}
	for _, tt := range tests {
		var want, got bytes.Buffer
		if err := writeXML(&want, urlSet{URLs: tt.urls}); err != nil {
			t.Fatal(err)
		}
		writeURLSet(&got, urlSet{URLs: tt.urls})
		if got.String() != want.String() {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got.String(), want.String())
		}
	}
}
