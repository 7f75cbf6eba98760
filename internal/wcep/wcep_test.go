package wcep

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chronicle-archive/chronicle/internal/event"
)

var testDate = event.Date{Year: 2024, Month: 2, Day: 23}

// summary is an event in short: "Category|original|story/path|text".
func summary(e event.Event) string {
	return e.Category + "|" + e.CategoryOriginal + "|" + strings.Join(e.Stories, "/") + "|" + e.Text
}

func summaries(events []event.Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = summary(e)
	}
	return out
}

type pageTest struct {
	name string
	page string
	want []string // summaries
}

func runPageTests(t *testing.T, tests []pageTest) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			day, err := ParseDay(testDate, tt.page)
			if err != nil {
				t.Fatal(err)
			}
			checkDay(t, day)
			if got := summaries(day.Events); !slices.Equal(got, tt.want) {
				t.Errorf("events\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

const unc = event.Uncategorized

func TestLayouts(t *testing.T) {
	runPageTests(t, []pageTest{
		{"content parameter with markers", "{{Current events|year=2024|month=02|day=23|content=\n<!-- All news items below this line -->\n*Rain.\n<!-- All news items above this line -->}}",
			[]string{unc + "|||Rain."}},
		{"top and bottom templates with markers", "{{Current events|year=2024|month=02|day=23|top=yes}}\n<!-- All news items below this line -->\n*Rain.\n<!-- All news items above this line -->\n{{Current events|year=2024|month=02|day=23|bottom=yes}}",
			[]string{unc + "|||Rain."}},
		{"markers limit the items", "*Before.\n<!-- All news items below this line -->\n*Rain.\n<!-- All news items above this line -->\n*After.",
			[]string{unc + "|||Rain."}},
		{"markers in any case and spacing", "*Before.\n<!--all news items BELOW this line-->\n*Rain.\n<!--   All news items above this line   -->\n*After.",
			[]string{unc + "|||Rain."}},
		{"only the below marker", "*Before.\n<!-- All news items below this line -->\n*Rain.",
			[]string{unc + "|||Rain."}},
		{"content parameter without markers", "{{Current events|year=2024|month=02|day=23|content=\n*Rain.\n}}\n*After.",
			[]string{unc + "|||Rain."}},
		{"content parameter with nested templates", "{{Current events|year=2024|content=\n*Rain of {{convert|5|mm}}.\n}}\n*After.",
			[]string{unc + "|||Rain of 5 mm."}},
		{"top and bottom without markers", "{{Current events|year=2024|top=yes}}\n*Rain.\n{{Current events|year=2024|bottom=yes}}\n*After.",
			[]string{unc + "|||Rain."}},
		{"whole page without template or markers", "Intro text.\n*Rain.\n|}\n*Snow.",
			[]string{unc + "|||Rain.", unc + "|||Snow."}},
		{"comment spanning lines", "*Rain.<!-- a\n*hidden\n-->\n*Snow.", []string{unc + "|||Rain.", unc + "|||Snow."}},
	})
}

func TestCategories(t *testing.T) {
	runPageTests(t, []pageTest{
		{"bold category lines", "*Before.\n'''Armed conflicts and attacks'''\n*War.\n'''Sport'''\n*Match.",
			[]string{unc + "|||Before.", "Armed conflicts and attacks|Armed conflicts and attacks||War.", "Sports|Sport||Match."}},
		{"semicolon category lines", ";Business and economics\n*Oil.\n; Disasters \n*Flood.",
			[]string{"Business and economy|Business and economics||Oil.", "Disasters and accidents|Disasters||Flood."}},
		{"unknown category keeps its name", "'''  Syrian civil war '''\n*Battle.",
			[]string{"Syrian civil war|Syrian civil war||Battle."}},
		{"linked category name", "'''[[Armed conflicts and attacks]]'''\n*War.",
			[]string{"Armed conflicts and attacks|Armed conflicts and attacks||War."}},
		{"bold text inside a line is no category", "'''Note:''' none.\n*War.", []string{unc + "|||War."}},
		{"a category ends the stories", "*[[Iraq War]]\n**Bomb.\n'''Sports'''\n**Match.",
			[]string{unc + "||Iraq War|Bomb.", "Sports|Sports||Match."}},
		// Found by FuzzParseDay: the canonical form drops a final ":".
		{"a category line of a colon alone is none", ";:\n#0\n; : \n*Flood.",
			[]string{unc + "|:||0", unc + "|:||Flood."}},
	})
}

func TestCanonicalCategory(t *testing.T) {
	tests := map[string]string{
		"Armed conflicts and attacks":   "Armed conflicts and attacks",
		"Armed conflict and attacks":    "Armed conflicts and attacks",
		"armed attacks and conflicts":   "Armed conflicts and attacks",
		"Armed conflicts and incidents": "Armed conflicts and attacks",
		"Arts and culture":              "Arts and culture",
		"Art and culture":               "Arts and culture",
		"Arts & Culture":                "Arts and culture",
		"Culture":                       "Arts and culture",
		"Business and economics":        "Business and economy",
		"Business":                      "Business and economy",
		"Economy":                       "Business and economy",
		"Disasters":                     "Disasters and accidents",
		"Accidents":                     "Disasters and accidents",
		"Health":                        "Health and environment",
		"Health and medicine":           "Health and environment",
		"Environment":                   "Health and environment",
		"International Relations":       "International relations",
		"Law and Crime":                 "Law and crime",
		"Crime":                         "Law and crime",
		"Politics and election":         "Politics and elections",
		"Politics":                      "Politics and elections",
		"Elections":                     "Politics and elections",
		"Science":                       "Science and technology",
		"Technology":                    "Science and technology",
		"Science and Technology":        "Science and technology",
		"Sport":                         "Sports",
		" sports: ":                     "Sports",
		"Syrian civil war":              "Syrian civil war",
		"  Arab   Spring ":              "Arab Spring",
	}
	for in, want := range tests {
		if got := CanonicalCategory(in); got != want {
			t.Errorf("CanonicalCategory(%q) = %q, want %q", in, got, want)
		}
	}
	for _, c := range Categories {
		if got := CanonicalCategory(c); got != c {
			t.Errorf("CanonicalCategory(%q) = %q, not itself", c, got)
		}
	}
}

func TestStoryPaths(t *testing.T) {
	runPageTests(t, []pageTest{
		{"nested headers give the full path", "*[[Russian invasion of Ukraine]]\n**[[Battle of Avdiivka]]\n***Troops advance.\n**Drones strike.",
			[]string{unc + "||Russian invasion of Ukraine/Battle of Avdiivka|Troops advance.", unc + "||Russian invasion of Ukraine|Drones strike."}},
		{"story is the normalised target", "*[[israel–Hamas_war#Gaza|the war]]\n**Strikes.",
			[]string{unc + "||Israel–Hamas war|Strikes."}},
		{"header without children dropped", "*[[Israel–Syria relations]]\n*[[Israeli invasion of Syria]]\n**Talks resume.",
			[]string{unc + "||Israeli invasion of Syria|Talks resume."}},
		{"header at the end dropped", "*Rain.\n*[[Floods]]", []string{unc + "|||Rain."}},
		{"sibling after a header is not its child", "*[[Gaza war]]\n**Strike.\n*Election held.",
			[]string{unc + "||Gaza war|Strike.", unc + "|||Election held."}},
		{"several links head a story", "*[[Red Sea crisis]], [[Houthi attacks]]\n**Missile fired.",
			[]string{unc + "||Red Sea crisis|Missile fired."}},
		{"several links without children stay an event", "*[[Sanctions against Iran]], [[JCPOA]]\n*Other.",
			[]string{unc + "|||Sanctions against Iran, JCPOA", unc + "|||Other."}},
		{"link with a trailing stop is an event", "**[[Philippine election, 2016]].\n**Debate held.",
			[]string{unc + "|||Philippine election, 2016.", unc + "|||Debate held."}},
		{"inline story form", "*[[Iraq War]]: A bomb kills 5 in [[Baghdad]].",
			[]string{unc + "||Iraq War|A bomb kills 5 in Baghdad."}},
		{"inline story under a header", "*[[Middle East]]\n**[[Iraq War]]: A bomb explodes.",
			[]string{unc + "||Middle East/Iraq War|A bomb explodes."}},
		{"header with a colon", "*[[Iraq War]]:\n**A bomb explodes.", []string{unc + "||Iraq War|A bomb explodes."}},
		{"section link heads a story", "*[[#MeToo]]\n**Actors sue.", []string{unc + "||#MeToo|Actors sue."}},
		{"text with children nests under no new story", "*[[Floods]]\n**Rivers rise.\n***Towns evacuated.",
			[]string{unc + "||Floods|Rivers rise.", unc + "||Floods|Towns evacuated."}},
		{"empty bullet dropped", "*\n* \n*Rain.", []string{unc + "|||Rain."}},
		{"numbered items are items", "#Rain.\n##Snow.", []string{unc + "|||Rain.", unc + "|||Snow."}},
		{"hash after bullets is text", "**#ThisFlag protests grow.", []string{unc + "|||#ThisFlag protests grow."}},
	})
}

func TestEventFields(t *testing.T) {
	page := "'''Sports'''\n*[[Brazil]] beats [[Germany]] and [[Brazil|Brasil]] celebrates. [http://a.org (A)]\n*Fire.\n*Fire!\n*Rain."
	day, err := ParseDay(event.Date{Year: 2013, Month: 6, Day: 6}, page)
	if err != nil {
		t.Fatal(err)
	}
	checkDay(t, day)
	e := day.Events[0]
	if e.Headline != e.Text || e.Text != "Brazil beats Germany and Brasil celebrates." {
		t.Errorf("headline %q, text %q", e.Headline, e.Text)
	}
	if got := []event.Entity{{Title: "Brazil"}, {Title: "Germany"}}; !slices.Equal(e.Entities, got) {
		t.Errorf("entities %v, want %v", e.Entities, got)
	}
	if len(e.Mentions) != 3 || e.Mentions[2].Title != "Brazil" || e.Text[e.Mentions[2].Start:e.Mentions[2].End] != "Brasil" {
		t.Errorf("mentions %v", e.Mentions)
	}
	if len(e.Sources) != 1 || e.Sources[0] != (event.Source{Name: "A", URL: "http://a.org"}) {
		t.Errorf("sources %v", e.Sources)
	}
	var paths []string
	for i, e := range day.Events {
		if e.Position != i || e.Date != day.Events[0].Date {
			t.Errorf("event %d: position %d date %v", i, e.Position, e.Date)
		}
		paths = append(paths, e.Path)
	}
	want := []string{
		"/news/2013/06/6/brazil-beats-germany-and-brasil-celebrates",
		"/news/2013/06/6/fire", "/news/2013/06/6/fire-2", "/news/2013/06/6/rain",
	}
	if !slices.Equal(paths, want) {
		t.Errorf("paths\n got %q\nwant %q", paths, want)
	}
	if e := day.Events[1]; e.Stories == nil || e.Mentions == nil || e.Entities == nil || e.Sources == nil {
		t.Errorf("empty lists should be empty, not nil (JSON [] not null): %+v", e)
	}
}

func TestPagesWithoutContentAreErrors(t *testing.T) {
	tests := map[string]string{
		"empty page":                  "  \n",
		"redirect":                    "#REDIRECT [[Portal:Current events/2024 February 22]]",
		"no bullets":                  "{{Current events|year=2024|content=\n<!-- All news items below this line -->\n<!-- All news items above this line -->}}",
		"only story headers":          "*[[Floods]]\n*[[Fires]]",
		"only empty bullets":          "*\n**{{citation needed}}",
		"bullets outside the markers": "*Rain.\n<!-- All news items below this line -->\n<!-- All news items above this line -->",
	}
	for name, page := range tests {
		t.Run(name, func(t *testing.T) {
			day, err := ParseDay(testDate, page)
			if err == nil {
				t.Fatalf("no error, events %v", summaries(day.Events))
			}
			if len(day.Events) != 0 {
				t.Errorf("events with an error: %v", summaries(day.Events))
			}
		})
	}
}

func TestWarningsNameTheLine(t *testing.T) {
	page := "{{Current events|year=2024|content=\n<!-- All news items below this line -->\n*Fine.\n*Broken [[link.\n*Template {{nowrap|x\n*Stray <!-- opener.\n<!-- All news items above this line -->}}"
	day, err := ParseDay(testDate, page)
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(day.Warnings, "\n")
	for _, want := range []string{"line 4: unclosed [[", "line 5: ", "never closed"} {
		if !strings.Contains(joined, want) {
			t.Errorf("warnings lack %q:\n%s", want, joined)
		}
	}
	if got := summaries(day.Events); len(got) != 4 {
		t.Errorf("events %q, want all four kept", got)
	}
}

func TestMultiLineMarkupJoinsLines(t *testing.T) {
	page := "*Rain falls.<ref>{{cite news\n|url=https://www.example.com/r\n|publisher=The Example}}</ref> More.\n*Snow."
	day, err := ParseDay(testDate, page)
	if err != nil {
		t.Fatal(err)
	}
	got := summaries(day.Events)
	if want := []string{unc + "|||Rain falls. More.", unc + "|||Snow."}; !slices.Equal(got, want) {
		t.Fatalf("events %q, want %q", got, want)
	}
	if s := day.Events[0].Sources; len(s) != 1 || s[0].Name != "The Example" {
		t.Errorf("sources %v", s)
	}
}

// checkDay asserts the invariants of any parse (the fuzz target's too).
func checkDay(t testing.TB, day Day) {
	t.Helper()
	seen := map[string]bool{}
	for i, e := range day.Events {
		if e.Position != i {
			t.Fatalf("event %d has position %d", i, e.Position)
		}
		if e.Path == "" || seen[e.Path] {
			t.Fatalf("path %q empty or repeated", e.Path)
		}
		seen[e.Path] = true
		if e.Text == "" || e.Headline != e.Text {
			t.Fatalf("event %d: headline %q, text %q", i, e.Headline, e.Text)
		}
		if !utf8Valid(e.Text) {
			t.Fatalf("event %d: text not valid UTF-8", i)
		}
		for _, m := range []string{"[[", "]]", "{{", "}}"} {
			if strings.Contains(e.Text, m) {
				t.Fatalf("event %d: text %q leaks %s", i, e.Text, m)
			}
		}
		prev := 0
		for _, m := range e.Mentions {
			if m.Start < prev || m.End <= m.Start || m.End > len(e.Text) || !runeStart(e.Text, m.Start) || !runeStart(e.Text, m.End) {
				t.Fatalf("event %d: mention %+v out of order or bounds in %q", i, m, e.Text)
			}
			prev = m.End
		}
		for _, s := range e.Sources {
			if !strings.HasPrefix(s.URL, "http://") && !strings.HasPrefix(s.URL, "https://") &&
				!strings.HasPrefix(strings.ToLower(s.URL), "http") {
				t.Fatalf("event %d: source URL %q", i, s.URL)
			}
		}
		if e.Category == "" {
			t.Fatalf("event %d has no category", i)
		}
	}
}

func utf8Valid(s string) bool { return utf8.ValidString(s) }

// runeStart reports whether offset i of s is a rune boundary (or its end).
func runeStart(s string, i int) bool { return i == len(s) || utf8.RuneStart(s[i]) }

// TestHostilePagesStayBounded feeds pages built to break a parser: each must
// parse without panic, keep the invariants, and not take quadratic time.
func TestHostilePagesStayBounded(t *testing.T) {
	tests := map[string]string{
		"10 MB line":             "*" + strings.Repeat("word ", 2<<20),
		"many lines":             strings.Repeat("*Rain [http://a.org (A)]\n", 100000),
		"stray comment openers":  "*Rain.\n" + strings.Repeat("<!--", 100000),
		"comment openers, close": "*Rain.\n" + strings.Repeat("<!-- a ", 100000) + "-->\n*Snow.",
		"many mentions":          "*" + strings.Repeat("[[a]] [[b]] ", 50000),
		"many distinct mentions": "*" + strings.Repeat("[[a]]x ", 50000),
		"deep bullets":           strings.Repeat("*", 100000) + "Rain.\n" + strings.Repeat("*[[A]]\n", 1000) + "*Rain.",
		"headers only nesting":   strings.Repeat("*[[A]]\n**[[B]]\n", 20000) + "***Rain.",
		"unclosed templates":     strings.Repeat("*{{a\n", 20000) + "*Rain.",
		"unclosed refs":          strings.Repeat("*<ref>a\n", 20000) + "*Rain.",
		"marker soup":            strings.Repeat("<!-- All news items below this line -->", 20000) + "\n*Rain.",
		"template soup":          "{{Current events|content=" + strings.Repeat("{{", 100000) + "\n*Rain.",
		"invalid UTF-8":          "*Rain \xff\xfe [[Ir\xffaq]].\n'''Sp\xffort'''\n*Match.",
	}
	for name, page := range tests {
		t.Run(name, func(t *testing.T) {
			day, err := ParseDay(testDate, page)
			if err != nil && len(day.Events) > 0 {
				t.Fatalf("error %v with events", err)
			}
			checkDay(t, day)
		})
	}
}
