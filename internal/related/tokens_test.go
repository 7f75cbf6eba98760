package related

import (
	"slices"
	"testing"
)

func TestTokensFoldDropStopwordsAndNoise(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"lowercase and stopwords", "The President of France visits the UN", []string{"president", "france", "visits", "un"}},
		{"accents folded", "Protests in São Paulo and Zürich", []string{"protests", "sao", "paulo", "zurich"}},
		{"one-letter pieces of U.S. dropped", "U.S. troops leave", []string{"troops", "leave"}},
		{"short numbers dropped, years kept", "10 hurt in 2018 Winter Olympics attack", []string{"hurt", "2018", "winter", "olympics", "attack"}},
		{"link leftovers dropped", "Inquiry at https www example com html", []string{"inquiry"}},
		{"repeats kept", "Korea and Korea", []string{"korea", "korea"}},
		{"nothing left", "東京 — !!", nil},
		{"the word topic survives", "Topic of the hour", []string{"topic", "hour"}},
		{"the news's own words dropped", "At least four people are killed and dozens of others injured, police say", []string{"injured", "police"}},
		{"counts, spans and reporting dropped", "Two million voters said in a new report three years ago, according to officials", []string{"voters", "ago", "officials"}},
	}
	for _, tt := range tests {
		if got := Tokens(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("%s: Tokens(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}
