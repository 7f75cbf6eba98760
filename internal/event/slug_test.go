package event

import (
	"testing"
	"time"
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
	if _, err := ParseDate("2013-13-01"); err == nil {
		t.Error("ParseDate accepted month 13")
	}
}
