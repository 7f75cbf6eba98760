package extract

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// extractFile extracts testdata/name as if fetched from pageURL.
func extractFile(t *testing.T, name, contentType, pageURL string) Metadata {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(pageURL)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Extract(body, contentType, u)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

func TestExtract(t *testing.T) {
	for _, tc := range []struct {
		file, contentType, url string
		want                   Metadata
	}{{
		file: "complete-opengraph.html", contentType: "text/html; charset=utf-8",
		url: "https://daily.example/world/2013/jun/06/koreas-hotline?cmp=rss",
		want: Metadata{
			Title:           "South Korea uses hotline to counterpropose talks",
			Description:     "South Korea proposed on Thursday to hold government-level talks with North Korea in Seoul next week, using a hotline restored hours earlier.",
			DescriptionFrom: "opengraph",
			Image:           "https://static.daily.example/img/hotline.jpg",
			ImageWidth:      1200, ImageHeight: 630,
			ImageAlt:  "A telephone on a desk at the border village",
			SiteName:  "The Daily Example",
			Author:    "Jane Reporter",
			Published: time.Date(2013, 6, 6, 13, 2, 0, 0, time.UTC),
			Language:  "en-GB",
			Canonical: "https://daily.example/world/2013/jun/06/koreas-hotline",
		},
	}, {
		file: "jsonld-only.html", contentType: "text/html",
		url: "https://wire.example/news/storm-hits-coast",
		want: Metadata{
			Title:           "Storm hits the coast, thousands without power",
			Description:     "A storm brought winds of 150 km/h to the coast on Wednesday & left 40,000 homes without power.",
			DescriptionFrom: "jsonld",
			Image:           "https://wire.example/photos/storm-16x9.jpg",
			SiteName:        "Example Wire",
			Author:          "Ana Weather, Bo Desk",
			Published:       time.Date(2013, 6, 5, 8, 30, 0, 0, time.UTC),
			Language:        "en",
			Canonical:       "https://wire.example/news/storm-hits-coast",
		},
	}, {
		file: "jsonld-graph.html", contentType: "text/html",
		url: "https://journal.example/sat",
		want: Metadata{
			Title:           "Le Japon lance un satellite",
			Description:     "Le Japon a lancé mercredi un satellite d'observation depuis Tanegashima.",
			DescriptionFrom: "jsonld",
			Image:           "https://journal.example/media/satellite.png",
			SiteName:        "Le Journal Exemple",
			Author:          "Claire Espace",
			Published:       time.Date(2013, 6, 5, 0, 0, 0, 0, time.UTC),
			Language:        "fr",
			Canonical:       "https://journal.example/sat",
		},
	}, {
		file: "meta-description-only.html", contentType: "",
		url: "http://herald.example/2013/06/05/qusair.html",
		want: Metadata{
			Title:           "Rebels take the town of Qusair – Town Herald",
			Description:     "Rebel fighters took the town of Qusair on Wednesday after a three-week siege, residents said.",
			DescriptionFrom: "meta",
			Canonical:       "http://herald.example/2013/06/05/qusair",
		},
	}, {
		file: "paragraphs-only.html", contentType: "text/html",
		url: "https://lagos.example/ferry",
		want: Metadata{
			Title: "Ferry sinks near Lagos",
			Description: "A ferry carrying more than two hundred passengers sank near Lagos on Monday evening, officials said, and rescue boats were still searching the lagoon for survivors late into the night. " +
				"The state emergency agency said at least eighty people had been pulled from the water alive.",
			DescriptionFrom: "readability",
		},
	}, {
		file: "windows-1252-undeclared.html", contentType: "text/html",
		url: "http://quay.example/cafe",
		want: Metadata{
			Title:           "Café opens “downtown”",
			Description:     "The café on the quay – naïve but charming – costs €20 a meal.",
			DescriptionFrom: "meta",
		},
	}, {
		file: "relative-images.html", contentType: "text/html",
		url: "https://site.example/a/b/page.html",
		want: Metadata{
			Title:           "Relative images",
			Description:     "A page whose image URLs are relative.",
			DescriptionFrom: "opengraph",
			Image:           "https://site.example/news/img/cover.jpg?size=large",
			Canonical:       "https://site.example/news/article-7",
		},
	}, {
		file: "markup-in-fields.html", contentType: "text/html",
		url: "https://unsafe.example/x",
		want: Metadata{
			Title:           "Bold title & more",
			Description:     `First line with tabs "quoted" and a bell and a zero-widthspace.`,
			DescriptionFrom: "opengraph",
			Image:           "https://cdn.example/fallback.jpg",
		},
	}, {
		file: "long-description.html", contentType: "text/html",
		url: "https://long.example/",
		want: Metadata{
			Description:     strings.TrimSpace(strings.Repeat("The talks were agreed after a day of calls. ", 4)),
			DescriptionFrom: "meta",
		},
	}} {
		t.Run(tc.file, func(t *testing.T) {
			got := extractFile(t, tc.file, tc.contentType, tc.url)
			if !got.Published.Equal(tc.want.Published) {
				t.Errorf("Published = %v, want %v", got.Published, tc.want.Published)
			}
			got.Published, tc.want.Published = time.Time{}, time.Time{}
			if got != tc.want {
				t.Errorf("got  %#v\nwant %#v", got, tc.want)
			}
		})
	}
}

func TestSummary(t *testing.T) {
	long := strings.Repeat("word ", 100)
	for _, tc := range []struct{ in, want string }{
		{"  Plain   text\n\twith space ", "Plain text with space"},
		{"<b>Bold</b> &amp; <i>italic</i>", "Bold & italic"},
		{"Ends here. " + strings.Repeat("x", 400), "Ends here. " + strings.Repeat("x", 288) + "…"},
		{long, strings.TrimSpace(strings.Repeat("word ", 59)) + "…"},
		{"Tab\x00null\x1bescape", "Tabnullescape"},
		// Markup split by a control character, or by one escaped, is
		// markup once the character is gone (found by FuzzExtract).
		{"<\x00a", ""},
		{"x <\x00b>bold</b> y", "x bold y"},
		{"<&#1;a", ""},
		{"Rates <\x1b5% & a <3", "Rates <5% & a <3"},
		// Escaped deeper than PlainText's passes: the last one leaves a tag.
		{"&amp;amp;lt;b&amp;amp;gt;x", "b>x"},
		{"&amp;amp;lt;&amp;amp;lt;b&amp;amp;gt;x", "b>x"},
	} {
		got := Summary(tc.in)
		if tagLike(got) {
			t.Errorf("Summary(%.40q) = %q, which holds markup", tc.in, got)
		}
		if got != tc.want {
			t.Errorf("Summary(%.40q) = %q, want %q", tc.in, got, tc.want)
		}
		if n := utf8.RuneCountInString(got); n > MaxSummary {
			t.Errorf("Summary(%.40q) has %d characters", tc.in, n)
		}
	}
}

func TestWithoutTagOpenings(t *testing.T) {
	for in, want := range map[string]string{
		"plain": "plain", "<b>x": "b>x", "a </b": "a /b", "<!-- c": "!-- c", "<?xml": "?xml",
		"<<b": "b", "x <<<!": "x !", "<5% <3 <": "<5% <3 <", "<< 2": "<< 2",
	} {
		if got := withoutTagOpenings(in); got != want || tagLike(got) {
			t.Errorf("withoutTagOpenings(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLanguage(t *testing.T) {
	for in, want := range map[string]string{"en_US": "en-US", "EN-gb": "en-GB", "fr": "fr", "zh-Hant-TW": "zh-Hant-TW", "<x>": "", "english": "", "": ""} {
		if got := language(in); got != want {
			t.Errorf("language(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzExtract checks that no page makes Extract panic, and that whatever it
// returns is sanitised.
func FuzzExtract(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.html"))
	for _, name := range files {
		body, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body, "text/html")
	}
	f.Add([]byte(`<script type="application/ld+json">[[[[[[[[[[{"@type":"NewsArticle","image":[[[{"@id":"x"}]]]}]]]]]]]]]]</script>`), "")
	base, _ := url.Parse("https://fuzz.example/a/b")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		m, err := Extract(body, contentType, base)
		if err != nil {
			return
		}
		for name, s := range map[string]string{"title": m.Title, "description": m.Description, "site": m.SiteName, "author": m.Author, "alt": m.ImageAlt} {
			if strings.ContainsAny(s, "\n\t\r\x00") || tagLike(s) {
				t.Errorf("%s keeps markup or control characters: %q", name, s)
			}
			if !utf8.ValidString(s) || utf8.RuneCountInString(s) > MaxSummary {
				t.Errorf("%s is not short valid UTF-8: %q", name, s)
			}
		}
		for name, u := range map[string]string{"image": m.Image, "canonical": m.Canonical} {
			if u != "" && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
				t.Errorf("%s is not an http(s) URL: %q", name, u)
			}
		}
	})
}

// tagLike reports whether s holds what a browser would read as a tag.
func tagLike(s string) bool {
	for i := strings.IndexByte(s, '<'); i >= 0 && i+1 < len(s); i = strings.IndexByte(s[i+1:], '<') + i + 1 {
		if c := s[i+1]; 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '/' || c == '!' {
			return true
		}
		if strings.IndexByte(s[i+1:], '<') < 0 {
			break
		}
	}
	return false
}
