package event

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestSlugMatchesSeedAddresses(t *testing.T) {
	tests := []struct{ headline, want string }{
		{"North Korea restores the Red Cross link with South Korea used for government-to-government communications.",
			"north-korea-restores-the-red-cross-link-with-south-korea-used-for-government-to-government-communications"},
		{"The South Korean Ministry for Reunification advises that it has reopened Red Cross communications with North Korea over the Panmunjom Border Area.",
			"the-south-korean-ministry-for-reunification-advises-that-it-has-reopened-red-cross-communications-with-north-korea-over-the-panmunjom-border"},
		{"North Korea accepts South Korea's proposal for official talks, and will meet on January 9 to discuss North Korea's possible involvement with the 2018 Winter Olympics in South Korea.",
			"north-korea-accepts-south-korea-s-proposal-for-official-talks-and-will-meet-on-january-9-to-discuss-north-korea-s-possible-involvement-with"},
		{"U.S. President Donald Trump visits South Korea amidst a crisis with North Korea.",
			"u-s-president-donald-trump-visits-south-korea-amidst-a-crisis-with-north-korea"},
		{"A Korean People's Army soldier defects to South Korea via the Korean Demilitarized Zone (DMZ). He was shot",
			"a-korean-people-s-army-soldier-defects-to-south-korea-via-the-korean-demilitarized-zone-dmz-he-was-shot"},
	}
	for _, tt := range tests {
		if got := Slug(tt.headline); got != tt.want {
			t.Errorf("Slug(%q)\n got %q\nwant %q", tt.headline, got, tt.want)
		}
	}
}

func TestSlugFoldsAccentsAndPunctuation(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Überlingen mid-air collision", "uberlingen-mid-air-collision"},
		{"Café São Paulo Øresund Straße", "cafe-sao-paulo-oresund-strasse"},
		{"  --Hello,   World!--  ", "hello-world"},
		{"Nestlé’s recall", "nestle-s-recall"},
		{"東京", "event"},
		{"", "event"},
	}
	for _, tt := range tests {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSlugCutsAt140Characters(t *testing.T) {
	long := ""
	for range 30 {
		long += "éabcd "
	}
	got := Slug(long)
	// 140 characters = 23 full "éabcd " groups (138) + "éa".
	want := ""
	for range 23 {
		want += "eabcd-"
	}
	want += "ea"
	if got != want {
		t.Errorf("Slug(long) = %q, want %q", got, want)
	}
}

func TestPathsNumbersDuplicateSlugs(t *testing.T) {
	d := Date{2013, time.June, 6}
	got := Paths(d, []string{"Fire.", "Flood", "Fire!", "fire", "Fire 2"})
	want := []string{
		"/news/2013/06/6/fire", "/news/2013/06/6/flood", "/news/2013/06/6/fire-2",
		"/news/2013/06/6/fire-3", "/news/2013/06/6/fire-2-2",
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("path %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestDateForms(t *testing.T) {
	d, err := ParseDate("2013-06-06")
	if err != nil {
		t.Fatal(err)
	}
	if d.String() != "2013-06-06" || d.Dir() != "/news/2013/06/6" {
		t.Errorf("got %s %s", d, d.Dir())
	}
	bad := []struct{ s, want string }{
		{"2013-13-01", `date "2013-13-01": month 13 does not exist`},
		{"2013-02-30", `date "2013-02-30": 30 February 2013 does not exist`},
		{"2013-06-00", `date "2013-06-00": day 0 does not exist`},
		{"2013-6-6", `date "2013-6-6": want YYYY-MM-DD`},
		{"yesterday", `date "yesterday": want YYYY-MM-DD`},
		{"+013-01-01", `date "+013-01-01": want YYYY-MM-DD`},
	}
	for _, b := range bad {
		if _, err := ParseDate(b.s); err == nil || err.Error() != b.want {
			t.Errorf("ParseDate(%q) = %v, want %q", b.s, err, b.want)
		}
	}
}

// referenceSlug is Slug written the straightforward way: fold the whole cut
// headline, then join its runs of letters and digits.
func referenceSlug(headline string) string {
	if r := []rune(headline); len(r) > MaxSlugLen {
		headline = string(r[:MaxSlugLen])
	}
	return referenceSlugify(headline, "event")
}

func referenceTopicSlug(name string) string { return referenceSlugify(name, "topic") }

func referenceSlugify(s, empty string) string {
	var b strings.Builder
	dash := false
	for _, r := range referenceFold(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return empty
	}
	return b.String()
}

// referenceFold lowercases s and folds each letter to its ASCII base through
// specialFolds or NFD; a rune with no ASCII base becomes a space.
func referenceFold(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < utf8.RuneSelf {
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		if f, ok := specialFolds[r]; ok {
			b.WriteString(f)
			continue
		}
		n := b.Len()
		for _, d := range norm.NFD.String(string(r)) {
			if d < utf8.RuneSelf {
				b.WriteRune(unicode.ToLower(d))
			}
		}
		if b.Len() == n {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// referencePaths is Paths written the straightforward way.
func referencePaths(d Date, headlines []string) []string {
	seen := map[string]int{}
	used := map[string]bool{}
	var out []string
	for _, h := range headlines {
		s := referenceSlug(h)
		slug := s
		for n := seen[s]; used[slug]; {
			n++
			seen[s] = n
			slug = s + "-" + strconv.Itoa(n+1)
		}
		used[slug] = true
		out = append(out, d.Dir()+"/"+slug)
	}
	return out
}

// checkSlugs compares Slug and TopicSlug of s with the reference.
func checkSlugs(t *testing.T, s string) {
	t.Helper()
	if got, want := Slug(s), referenceSlug(s); got != want {
		t.Errorf("Slug(%q) = %q, reference %q", s, got, want)
	}
	if got, want := TopicSlug(s), referenceTopicSlug(s); got != want {
		t.Errorf("TopicSlug(%q) = %q, reference %q", s, got, want)
	}
}

func TestSlugMatchesReferenceForEveryRune(t *testing.T) {
	for r := rune(0x80); r < 0x30000; r++ {
		// Twice: the fold is computed the first time, remembered the second.
		for range 2 {
			checkSlugs(t, "A"+string(r)+"9")
		}
		if t.Failed() {
			t.Fatalf("stopped at rune %U", r)
		}
	}
	for _, r := range []rune{0xE0041, 0xE01EF, 0xF0000, utf8.MaxRune} {
		checkSlugs(t, "a"+string(r)+"b")
	}
}

func TestSlugMatchesReferenceAtTheLengthCut(t *testing.T) {
	ascii := strings.Repeat("abcd ", 40)
	tests := []string{
		ascii[:139], ascii[:140], ascii[:141], ascii[:141] + "é",
		strings.Repeat("é", 139) + "Éa", strings.Repeat("x", 140) + "ß",
		strings.Repeat("ǅ", 200), strings.Repeat("東", 150) + "a",
		"\xff\xfe bad \xc3 utf8 \xe2\x80", strings.Repeat("a\xff", 100),
	}
	for _, s := range tests {
		checkSlugs(t, s)
	}
}

func TestPathsMatchesReference(t *testing.T) {
	d := Date{2008, time.March, 10}
	tests := [][]string{
		nil,
		{""},
		{"", "", "東京", "!!!"},
		{"Fire.", "Flood", "Fire!", "fire", "Fire 2", "fire-2", "FIRE", "Fire 3"},
		{"a-2", "a", "a", "a-2", "a-3", "a"},
		{strings.Repeat("Long headline ", 20), strings.Repeat("Long headline ", 21), "Café", "Cafe"},
	}
	for _, headlines := range tests {
		got, want := Paths(d, headlines), referencePaths(d, headlines)
		if !slices.Equal(got, want) {
			t.Errorf("Paths(%q)\n got %q\nwant %q", headlines, got, want)
		}
	}
}

// FuzzSlugMatchesReference checks Slug, TopicSlug and Paths (one headline a
// line) against their straightforward versions.
func FuzzSlugMatchesReference(f *testing.F) {
	for _, s := range []string{"Überlingen mid-air collision", "Nestlé’s recall\nNestle s recall", "a\na\na-2", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkSlugs(t, s)
		lines := strings.Split(s, "\n")
		d := Date{2013, time.June, 6}
		if got, want := Paths(d, lines), referencePaths(d, lines); !slices.Equal(got, want) {
			t.Errorf("Paths(%q)\n got %q\nwant %q", lines, got, want)
		}
	})
}

func TestSlugWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"São Paulo's mayor", []string{"sao", "paulo", "s", "mayor"}},
		{"sudan-war", []string{"sudan", "war"}},
		{"  North_Korea  ", []string{"north", "korea"}},
		{"2023–24 season", []string{"2023", "24", "season"}},
		{"%_", nil},
		{"", nil},
		{"東京", nil},
	}
	for _, tt := range tests {
		if got := SlugWords(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("SlugWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
