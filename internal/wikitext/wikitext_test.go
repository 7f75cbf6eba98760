package wikitext

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// want is the expected rendering of a line: its text, its mentions as
// "shown text=Title" and its sources as "Name <URL>".
type want struct {
	text     string
	mentions []string
	sources  []string
}

type lineTest struct {
	name string
	in   string
	want want
}

func runLineTests(t *testing.T, tests []lineTest) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseLine(tt.in)
			checkInvariants(t, tt.in, got)
			if got.Text != tt.want.text {
				t.Errorf("text\n got %q\nwant %q", got.Text, tt.want.text)
			}
			if m := describeMentions(got); !slices.Equal(m, tt.want.mentions) {
				t.Errorf("mentions\n got %q\nwant %q", m, tt.want.mentions)
			}
			if s := describeSources(got); !slices.Equal(s, tt.want.sources) {
				t.Errorf("sources\n got %q\nwant %q", s, tt.want.sources)
			}
		})
	}
}

func describeMentions(l Line) []string {
	var out []string
	for _, m := range l.Mentions {
		out = append(out, l.Text[m.Start:m.End]+"="+m.Title)
	}
	return out
}

func describeSources(l Line) []string {
	var out []string
	for _, s := range l.Sources {
		out = append(out, s.Name+" <"+s.URL+">")
	}
	return out
}

// checkInvariants asserts what must hold for any input: valid UTF-8 text
// without wiki brackets, mentions in order on rune boundaries, http(s) sources.
func checkInvariants(t testing.TB, in string, l Line) {
	t.Helper()
	if !utf8.ValidString(l.Text) {
		t.Fatalf("text is not valid UTF-8: %q", l.Text)
	}
	for _, markup := range []string{"[[", "]]", "{{", "}}"} {
		if strings.Contains(l.Text, markup) {
			t.Fatalf("text %q of %q leaks %s", l.Text, in, markup)
		}
	}
	// ASCII white space only: a non-breaking or thin space written as such is
	// kept as the editor typed it.
	if l.Text != strings.Trim(l.Text, " \t\n\r\v\f") || strings.ContainsAny(l.Text, "\t\n\r\v\f") || strings.Contains(l.Text, "  ") {
		t.Fatalf("text %q is not trimmed and collapsed", l.Text)
	}
	prev := 0
	for _, m := range l.Mentions {
		if m.Start < prev || m.End <= m.Start || m.End > len(l.Text) {
			t.Fatalf("mention %+v out of order or bounds in %q", m, l.Text)
		}
		if !utf8.RuneStart(l.Text[m.Start]) || m.End < len(l.Text) && !utf8.RuneStart(l.Text[m.End]) {
			t.Fatalf("mention %+v is not on rune boundaries of %q", m, l.Text)
		}
		if m.Title == "" {
			t.Fatalf("mention %+v has no title", m)
		}
		prev = m.End
	}
	for _, s := range l.Sources {
		if !strings.HasPrefix(s.URL, "http://") && !strings.HasPrefix(s.URL, "https://") &&
			!strings.HasPrefix(strings.ToLower(s.URL), "http") {
			t.Fatalf("source URL %q is not http(s)", s.URL)
		}
	}
	if len(l.Text) > 4*len(in)+16 {
		t.Fatalf("text of %d bytes from %d bytes of input", len(l.Text), len(in))
	}
}

func TestWikilinks(t *testing.T) {
	runLineTests(t, []lineTest{
		{"plain link", "[[Iraq]] votes.", want{"Iraq votes.", []string{"Iraq=Iraq"}, nil}},
		{"piped link", "[[Barack Obama|Obama]] speaks.", want{"Obama speaks.", []string{"Obama=Barack Obama"}, nil}},
		{"section link names the article", "[[Iraq War#Casualties|deaths]] rise.", want{"deaths rise.", []string{"deaths=Iraq War"}, nil}},
		{"section of this page is no entity", "See [[#Sports]].", want{"See #Sports.", nil, nil}},
		{"link trail joins the mention", "An [[Israel]]i strike.", want{"An Israeli strike.", []string{"Israeli=Israel"}, nil}},
		{"trail after a piped link", "[[Israel|Isra]]elis protest.", want{"Israelis protest.", []string{"Israelis=Israel"}, nil}},
		{"pipe trick drops the parenthesis", "[[Mercury (planet)|]] is hot.", want{"Mercury is hot.", []string{"Mercury=Mercury (planet)"}, nil}},
		{"pipe trick drops the comma part", "In [[Paris, Texas|]].", want{"In Paris.", []string{"Paris=Paris, Texas"}, nil}},
		{"target is normalised", "[[new_York  city#History|NYC]] and [[london]]", want{"NYC and london", []string{"NYC=New York city", "london=London"}, nil}},
		{"underscores shown as spaces", "[[Helmand_province]] falls.", want{"Helmand province falls.", []string{"Helmand province=Helmand province"}, nil}},
		{"file links vanish with their captions", "[[File:Map.png|thumb|A map of [[Iraq]]]]Troops leave.", want{"Troops leave.", nil, nil}},
		{"image and category links vanish", "[[Image:X.jpg]]Rain.[[Category:Weather]]", want{"Rain.", nil, nil}},
		{"interlanguage links vanish", "Paris[[fr:Paris]] wins.", want{"Paris wins.", nil, nil}},
		{"colon-escaped interwiki shows its label", "[[:fr:Paris|Paris]] wins.", want{"Paris wins.", nil, nil}},
		{"colon-escaped category shows its label", "[[:Category:Floods|floods]] rise.", want{"floods rise.", nil, nil}},
		{"colon-escaped article is an entity", "[[:Paris]] wins.", want{"Paris wins.", []string{"Paris=Paris"}, nil}},
		{"wiktionary links are not entities", "A [[wikt:coup|coup]] fails.", want{"A coup fails.", nil, nil}},
		{"other namespaces are not entities", "[[Wikipedia:Manual of Style|style]] [[Portal:Current events|]]", want{"style Current events", nil, nil}},
		{"title with a colon is an article", "[[Star Wars: The Last Jedi]] opens.", want{"Star Wars: The Last Jedi opens.", []string{"Star Wars: The Last Jedi=Star Wars: The Last Jedi"}, nil}},
		{"invalid target shows its text", "[[Bush tours Thailand. [Newslink missing]]]", want{"Bush tours Thailand. [Newslink missing]", nil, nil}},
		{"formatting inside a label", "[[The Times|''The Times'']] reports.", want{"The Times reports.", []string{"The Times=The Times"}, nil}},
		{"stray bracket after a link", "[[United States]]] acts.", want{"United States] acts.", []string{"United States=United States"}, nil}},
	})
}

func TestExternalLinks(t *testing.T) {
	runLineTests(t, []lineTest{
		{"parenthesised name", "Rain falls. [https://bbc.co.uk/a (BBC News)]", want{"Rain falls.", nil, []string{"BBC News <https://bbc.co.uk/a>"}}},
		{"plain name", "Rain falls. [http://cnn.com/a CNN]", want{"Rain falls.", nil, []string{"CNN <http://cnn.com/a>"}}},
		{"sources in order", "Rain. [http://a.org/1 (A)] [http://b.org/2 (B)]", want{"Rain.", nil, []string{"A <http://a.org/1>", "B <http://b.org/2>"}}},
		{"no name gives the host without www", "Rain. [http://www.reuters.com/x]", want{"Rain.", nil, []string{"reuters.com <http://www.reuters.com/x>"}}},
		{"quotes and italics stripped from names", `Rain. [http://a.org ''The Guardian''] [http://b.org "AP"]`, want{"Rain.", nil, []string{"The Guardian <http://a.org>", "AP <http://b.org>"}}},
		{"protocol-relative URL", "Rain. [//www.bbc.co.uk/a (BBC)]", want{"Rain.", nil, []string{"BBC <https://www.bbc.co.uk/a>"}}},
		{"bare URL", "Rain falls.http://www.cn.ca/news.shtml", want{"Rain falls.", nil, []string{"cn.ca <http://www.cn.ca/news.shtml>"}}},
		{"bare URL loses sentence punctuation", "See http://example.org/a. Then rain.", want{"See. Then rain.", nil, []string{"example.org <http://example.org/a>"}}},
		{"no space left before the final stop", "Rain falls [http://a.org (AP)].", want{"Rain falls.", nil, []string{"AP <http://a.org>"}}},
		{"empty parentheses removed", "Rain falls ([http://a.org AP]).", want{"Rain falls.", nil, []string{"AP <http://a.org>"}}},
		{"separators left at the end removed", "Rain falls, [http://a.org A], [http://b.org B]", want{"Rain falls", nil, []string{"A <http://a.org>", "B <http://b.org>"}}},
		{"prose label followed by words stays", "The [http://un.org/r UN report] says no.", want{"The UN report says no.", nil, []string{"UN report <http://un.org/r>"}}},
		{"lower-case prose label stays", "He said so in [http://x.org/s a statement].", want{"He said so in a statement.", nil, []string{"a statement <http://x.org/s>"}}},
		// Found by FuzzInline: the label's own leading space doubled the one before the link.
		{"prose label after two spaces", "He said so in [http://x.org/s  a statement].", want{"He said so in a statement.", nil, []string{"a statement <http://x.org/s>"}}},
		{"unclosed bracket is a bare URL", "Rain. [http://www.haaretz.com/a [https://b.org/c (Haaretz)]", want{"Rain.", nil, []string{"haaretz.com <http://www.haaretz.com/a>", "Haaretz <https://b.org/c>"}}},
		{"entity in URL decoded", "Rain. [http://a.org/?a=1&amp;b=2 (A)]", want{"Rain.", nil, []string{"A <http://a.org/?a=1&b=2>"}}},
		{"bracket without URL is text", "He [sic] said.", want{"He [sic] said.", nil, nil}},
		{"mailto is not a source", "Write [mailto:a@b.org us].", want{"Write [mailto:a@b.org us].", nil, nil}},
	})
}

func TestTemplates(t *testing.T) {
	runLineTests(t, []lineTest{
		{"convert shows the first value and unit", "A {{convert|5|km|mi}} walk.", want{"A 5 km walk.", nil, nil}},
		{"convert range", "A {{convert|5|to|10|km|mi|abbr=on}} walk.", want{"A 5 to 10 km walk.", nil, nil}},
		{"convert unit symbol", "An area of {{convert|8723|sqmi|km2}}.", want{"An area of 8723 sq mi.", nil, nil}},
		{"lang shows the text", "The {{lang|fr|Assemblée nationale}} votes.", want{"The Assemblée nationale votes.", nil, nil}},
		{"lang-xx shows the text", "The {{lang-de|Bundestag}} votes.", want{"The Bundestag votes.", nil, nil}},
		{"nowrap and small keep their text and links", "In {{nowrap|[[New York]] City}} {{small|(local)}}.", want{"In New York City (local).", []string{"New York=New York"}, nil}},
		{"ill links to the English article", "{{ill|Jean Dupont|fr|Jean Dupont (homme politique)}} wins.", want{"Jean Dupont wins.", []string{"Jean Dupont=Jean Dupont"}, nil}},
		{"ill with a label", "{{ill|Jean Dupont|fr|lt=Dupont}} wins.", want{"Dupont wins.", []string{"Dupont=Jean Dupont"}, nil}},
		{"USD", "It costs {{USD|5 million}}.", want{"It costs US$5 million.", nil, nil}},
		{"nbsp ndash mdash", "5{{nbsp}}km{{ndash}}6{{mdash}}7", want{"5 km–6—7", nil, nil}},
		{"snd and apostrophe", "Paris{{snd}}the city{{'}}s mayor", want{"Paris – the city's mayor", nil, nil}},
		{"as of", "{{As of|2020|5|12}}, it rains; {{as of|2019|lc=y}}", want{"As of 12 May 2020, it rains; as of 2019", nil, nil}},
		{"sic keeps the text", "It was {{sic|accomodated}}.", want{"It was accomodated.", nil, nil}},
		{"unknown templates dropped", "Rain falls.{{citation needed|date=May 2020}} Snow{{Update}} too.", want{"Rain falls. Snow too.", nil, nil}},
		{"cite news dropped", "Rain.{{cite news|title=Rain|work=BBC}}", want{"Rain.", nil, nil}},
		{"cite web gives a source", "Rain.{{cite web|url=https://bbc.co.uk/r|title=Rain|publisher=[[BBC News]]}}", want{"Rain.", nil, []string{"BBC News <https://bbc.co.uk/r>"}}},
		{"nested templates", "A {{nowrap|{{convert|3|m}} wall}}.", want{"A 3 m wall.", nil, nil}},
		{"unbalanced template never leaks braces", "A {{nowrap|b {{c}} d", want{"A nowrap|b d", nil, nil}},
		{"stray closing braces dropped", "A }} b }}}} c", want{"A b c", nil, nil}},
		{"parser functions dropped", "A{{#if:x|y|z}} b", want{"A b", nil, nil}},
	})
}

func TestTagsCommentsAndEntities(t *testing.T) {
	runLineTests(t, []lineTest{
		{"comment dropped", "Rain <!-- check this --> falls.", want{"Rain falls.", nil, nil}},
		{"unclosed comment hides the rest", "Rain falls.<!-- hidden", want{"Rain falls.", nil, nil}},
		{"ref dropped", "Rain falls.<ref>Some note</ref> Snow.", want{"Rain falls. Snow.", nil, nil}},
		{"ref cites a source", `Rain.<ref name="a">[http://bbc.co.uk/a BBC]</ref>`, want{"Rain.", nil, []string{"BBC <http://bbc.co.uk/a>"}}},
		{"self-closing ref dropped", `Rain<ref name="a" /> falls.`, want{"Rain falls.", nil, nil}},
		{"unclosed ref drops the rest", "Rain.<ref>http://www.nzherald.co.nz/story ?", want{"Rain.", nil, nil}},
		{"small keeps its text", "Rain <small>(light)</small> falls.", want{"Rain (light) falls.", nil, nil}},
		{"br is a space", "Rain<br/>falls<br>today.", want{"Rain falls today.", nil, nil}},
		{"span and sup keep their text", `<span style="x">Rain</span> of 5 km<sup>2</sup>.`, want{"Rain of 5 km2.", nil, nil}},
		{"nowiki keeps markup as text", "Type <nowiki>''x''</nowiki> now.", want{"Type ''x'' now.", nil, nil}},
		{"math dropped with its content", "Area <math>x^2</math> grows.", want{"Area grows.", nil, nil}},
		{"less-than that is no tag", "If a < b then c.", want{"If a < b then c.", nil, nil}},
		{"bold and italics dropped", "'''Rain''' falls on ''the'' city's roofs.", want{"Rain falls on the city's roofs.", nil, nil}},
		{"named and numeric entities", "A&nbsp;B &ndash; C &amp; D &#8364;5 &#x263A; &eacute;", want{"A B – C & D €5 ☺ é", nil, nil}},
		{"unknown entity is text", "A &bogus; B", want{"A &bogus; B", nil, nil}},
		{"entity cannot forge brackets", "&#91;&#91;x&#93;&#93;", want{"[x]", nil, nil}},
		{"white space collapsed and trimmed", "  Rain \t falls\n  today.  ", want{"Rain falls today.", nil, nil}},
	})
}

func TestNormalizeTitle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Iraq", "Iraq"},
		{"iraq", "Iraq"},
		{"new_york_City", "New york City"},
		{"  Barack   Obama ", "Barack Obama"},
		{"Iraq War#Casualties", "Iraq War"},
		{"#Section", ""},
		{"élysée Palace", "Élysée Palace"},
		{"Caf&eacute;", "Café"},
		{"Israel–Syria relations", "Israel–Syria relations"},
		{"A\u00a0B", "A B"},
	}
	for _, tt := range tests {
		if got := NormalizeTitle(tt.in); got != tt.want {
			t.Errorf("NormalizeTitle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestHostileInputStaysBounded feeds inputs built to break a scanner: each
// must render without panic, with the invariants, quickly.
func TestHostileInputStaysBounded(t *testing.T) {
	big := strings.Repeat("word ", 2<<20) // 10 MB
	tests := map[string]string{
		"10 MB line":           big,
		"unbalanced [[":        strings.Repeat("[[", 100000),
		"unbalanced {{":        strings.Repeat("{{a|", 100000),
		"deep link nesting":    strings.Repeat("[[a|", 5000) + strings.Repeat("]]", 5000),
		"deep template nest":   strings.Repeat("{{nowrap|", 5000) + "x" + strings.Repeat("}}", 5000),
		"many unclosed links":  strings.Repeat("[http://a.org ", 50000),
		"many unclosed tags":   strings.Repeat("<math>", 50000),
		"many unclosed refs":   strings.Repeat("<ref>", 50000),
		"many comments":        strings.Repeat("<!--", 50000),
		"invalid UTF-8":        "Rain \xff\xfe falls [[Ir\xffaq]].",
		"brackets everywhere":  strings.Repeat("[]{}<>&';:", 10000),
		"apostrophes":          strings.Repeat("'", 100000),
		"entity-like":          strings.Repeat("&amp", 100000),
		"bare URL run":         strings.Repeat("http://", 100000),
		"templates in targets": "[[{{a}}|b]] [[a{{|b]]",
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			l := ParseLine(in)
			checkInvariants(t, in, l)
			if name == "invalid UTF-8" && !strings.Contains(l.Text, "\uFFFD") {
				t.Errorf("invalid bytes not repaired: %q", l.Text)
			}
		})
	}
}

// TestParserIsReusable checks that a Parser gives the same result on reuse.
func TestParserIsReusable(t *testing.T) {
	var p Parser
	first := p.ParseLine("[[Iraq|Iraqi]] forces advance. [http://a.org (A)]")
	p.ParseLine("{{convert|5|km}} [[Other]] <ref>x</ref>")
	again := p.ParseLine("[[Iraq|Iraqi]] forces advance. [http://a.org (A)]")
	if first.Text != again.Text || !slices.Equal(first.Mentions, again.Mentions) || !slices.Equal(first.Sources, again.Sources) {
		t.Errorf("reuse changed the result: %+v vs %+v", first, again)
	}
}

// TestHostileMarkupGivesSensibleText covers the quirks a hardening pass found
// (issue 12): markup that hides a script or repeats markers without text.
func TestHostileMarkupGivesSensibleText(t *testing.T) {
	runLineTests(t, []lineTest{
		{"script in a link target shows the label", "[[<script>alert(1)</script>|Script link]]", want{"Script link", nil, nil}},
		{"script target inside a sentence", "Hackers post [[<script>document.cookie</script>|a link]] on the site.", want{"Hackers post a link on the site.", nil, nil}},
		{"pipe inside the script", "[[<script>a|b</script>|Script link]]", want{"Script link", nil, nil}},
		{"invalid target without label shows its text", "[[a<b>c]] x", want{"ac x", nil, nil}},
		{"invalid target with empty label shows its text", "[[a{b}|]] x", want{"a{b}| x", nil, nil}},
		{"ten thousand bold markers vanish", strings.Repeat("'''", 10000), want{"", nil, nil}},
		{"markers without text between words", "Rain " + strings.Repeat("'''", 10000) + " falls.", want{"Rain falls.", nil, nil}},
		{"six apostrophes vanish", "x''''''y", want{"xy", nil, nil}},
		// Found by FuzzInline: the space after emptied parentheses led the text.
		{"emptied parentheses at the start leave no space", "('''''') 0", want{"0", nil, nil}},
		{"emptied parentheses inside leave one space", "Rain ('''''')  falls.", want{"Rain falls.", nil, nil}},
		{"bold italic still dropped", "'''''Breaking:''''' rain", want{"Breaking: rain", nil, nil}},
		{"one of four kept", "''''Rain''' falls", want{"'Rain falls", nil, nil}},
	})
}
