package identity

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// ev is an event of a fixture: headline and source URLs, "a b" → two sources.
func ev(pos int, headline, sources string) event.Event {
	e := event.Event{Position: pos, Headline: headline, Text: headline}
	for _, u := range strings.Fields(sources) {
		e.Sources = append(e.Sources, event.Source{Name: u, URL: "https://" + u + ".example/"})
	}
	return e
}

func TestMatch(t *testing.T) {
	tests := []struct {
		name     string
		old, new []event.Event
		want     string // the pairs, "old>new:change" in Match's order
	}{
		{
			name: "nothing changed",
			old:  []event.Event{ev(0, "A quake hits Chile.", "bbc"), ev(1, "Elections in Peru.", "cnn")},
			new:  []event.Event{ev(0, "A quake hits Chile.", "bbc"), ev(1, "Elections in Peru.", "cnn")},
			want: "0>0:unchanged 1>1:unchanged",
		},
		{
			name: "headline edited, same sources, few words in common",
			old:  []event.Event{ev(0, "A quake hits Chile.", "bbc")},
			new:  []event.Event{ev(0, "A magnitude 8.8 earthquake strikes central Chile, killing 500.", "bbc")},
			want: "0>0:edited",
		},
		{
			name: "headline edited, similar words, new source",
			old:  []event.Event{ev(0, "A magnitude 8.8 earthquake strikes central Chile.", "bbc")},
			new:  []event.Event{ev(0, "A magnitude 8.8 earthquake strikes southern Chile.", "reuters")},
			want: "0>0:edited",
		},
		{
			name: "different words and sources: removed and added",
			old:  []event.Event{ev(0, "A quake hits Chile.", "bbc")},
			new:  []event.Event{ev(0, "Peru elects a new president.", "cnn")},
			want: "-1>0:added 0>-1:removed",
		},
		{
			name: "event inserted before: the others keep their identity",
			old:  []event.Event{ev(0, "A quake hits Chile.", "bbc"), ev(1, "Elections in Peru.", "cnn")},
			new:  []event.Event{ev(0, "Floods in Bangladesh.", "ap"), ev(1, "A quake hits Chile.", "bbc"), ev(2, "Elections in Peru.", "cnn")},
			want: "-1>0:added 0>1:unchanged 1>2:unchanged",
		},
		{
			name: "two similar events: same position breaks the tie",
			old:  []event.Event{ev(0, "Protests continue in Cairo.", "bbc"), ev(1, "Protests continue in Cairo.", "bbc")},
			new:  []event.Event{ev(0, "Protests continue in Cairo today.", "bbc"), ev(1, "Protests continue in Cairo tonight.", "bbc")},
			want: "0>0:edited 1>1:edited",
		},
		{
			name: "sources changed only",
			old:  []event.Event{ev(0, "A quake hits Chile.", "bbc")},
			new:  []event.Event{ev(0, "A quake hits Chile.", "bbc cnn")},
			want: "0>0:edited",
		},
		{
			name: "event removed",
			old:  []event.Event{ev(0, "A quake hits Chile.", "bbc"), ev(1, "Elections in Peru.", "cnn")},
			new:  []event.Event{ev(0, "Elections in Peru.", "cnn")},
			want: "1>0:unchanged 0>-1:removed",
		},
		{name: "both empty", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range Match(tt.old, tt.new) {
				got = append(got, fmt.Sprintf("%d>%d:%s", p.Old, p.New, p.Change))
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("got  %s\nwant %s", g, tt.want)
			}
		})
	}
}

func TestJaccard(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"A quake hits Chile.", "a QUAKE hits chile", 1},
		{"A quake hits Chile.", "A quake hits Peru.", 0.6},
		{"", "", 1},
		{"one", "", 0},
	}
	for _, tt := range tests {
		if got := Jaccard(Tokens(tt.a), Tokens(tt.b)); got != tt.want {
			t.Errorf("Jaccard(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
