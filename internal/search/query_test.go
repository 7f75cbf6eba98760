package search

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct{ query, want string }{
		{"korea", `"korea"`},
		{"red cross korea", `"red" AND "cross" AND "korea"`},
		{`"red cross" korea`, `"red cross" AND "korea"`},
		{"korea*", `"korea" *`},
		{`"red cro"*`, `"red cro" *`},
		{"sudan OR chad", `("sudan" OR "chad")`},
		{"aid sudan OR chad OR niger", `"aid" AND ("sudan" OR "chad" OR "niger")`},
		{"sudan -football", `("sudan") NOT "football"`},
		{`sudan NOT football -"world cup"`, `("sudan") NOT "football" NOT "world cup"`},
		{"red AND cross", `"red" AND "cross"`},
		{"or and not", `"or" AND "and" AND "not"`},
		{"al-Assad", `"al-Assad"`},
		{"U.S. election", `"U.S." AND "election"`},
		{"  Médecins\tSans  ", `"Médecins" AND "Sans"`},
		{"korea & japan", `"korea" AND "japan"`},
		{"NEAR(a b)", `"NEAR(a" AND "b)"`},
		{"col:umn", `"col:umn"`},
		{"a^b {x}", `"a^b" AND "{x}"`},
		{`"red""cross"`, `"red" AND "cross"`},
	}
	for _, tt := range tests {
		got, err := Parse(tt.query)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.query, err)
			continue
		}
		if got != tt.want {
			t.Errorf("Parse(%q) = %s, want %s", tt.query, got, tt.want)
		}
	}
}

func TestParseRejectsMalformedQueries(t *testing.T) {
	tests := []struct {
		query string
		pos   int
		msg   string
	}{
		{"", -1, "empty"},
		{"   ", -1, "empty"},
		{"&& —", -1, "empty"},
		{`"red cross`, 0, "never closed"},
		{`korea "red`, 6, "never closed"},
		{`""`, 0, "holds no word"},
		{`" - "`, 0, "holds no word"},
		{`"he said ""no"""`, 14, "holds no word"},
		{"OR korea", 0, "OR needs"},
		{"korea OR", 6, "OR needs"},
		{"korea OR OR japan", 6, "OR needs"},
		{"-korea OR japan", 7, "OR needs"},
		{"korea -", 6, `"-" must be followed`},
		{"korea - japan", 6, `"-" must be followed`},
		{"korea NOT", 6, "NOT must be followed"},
		{"-korea", -1, "only excludes"},
		{"*", 0, `"*" must end a word`},
		{"ko*rea", 2, `"*" may only end a word`},
		{"korea**", 5, `"*" may only end a word`},
		{"k*", 0, "at least 2 letters"},
		{`"k"*`, 0, "at least 2 letters"},
		{`"red cross"korea`, 11, "followed by a space"},
		{"\xff", -1, "UTF-8"},
		{strings.Repeat("a", MaxQueryBytes+1), -1, "too long"},
		{strings.Repeat("a ", MaxTerms+1), 2 * MaxTerms, "too many"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.query)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Parse(%q) = %v, want an *Error", tt.query, err)
			continue
		}
		if e.Pos != tt.pos || !strings.Contains(e.Error(), tt.msg) {
			t.Errorf("Parse(%q) = %q at %d, want %q at %d", tt.query, e.Error(), e.Pos, tt.msg, tt.pos)
		}
	}
}

func TestFragments(t *testing.T) {
	tests := []struct {
		marked string
		want   []Fragment
	}{
		{"", nil},
		{"plain <b>", []Fragment{{"plain <b>", false}}},
		{"the \x02Red\x03 \x02Cross\x03.", []Fragment{{"the ", false}, {"Red", true}, {" ", false}, {"Cross", true}, {".", false}}},
		{"\x02all\x03", []Fragment{{"all", true}}},
		{"open \x02never closed", []Fragment{{"open ", false}, {"never closed", false}}},
		{"stray\x03 end", []Fragment{{"stray end", false}}},
		{"\x02a\x02b\x03", []Fragment{{"ab", true}}},
	}
	for _, tt := range tests {
		if got := Fragments(tt.marked); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Fragments(%q) = %+v, want %+v", tt.marked, got, tt.want)
		}
	}
}
