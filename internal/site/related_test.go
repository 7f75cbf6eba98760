package site

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/related"
)

func TestEncodeWhyMatchesEncodingJSON(t *testing.T) {
	tests := []struct {
		name string
		why  related.Contribution
	}{
		{"nothing shared", related.Contribution{}},
		{"entities and words", related.Contribution{
			Entities:    []related.WeightedTerm{{Term: "Red Cross", Weight: 6.123456}, {Term: "Syria", Weight: 2}},
			EntityScore: 8.123456, Cosine: 0.5,
			Words: []related.WeightedTerm{{Term: "aid", Weight: 0.3}, {Term: "convoy", Weight: 0.2}, {Term: "a", Weight: 0.01},
				{Term: "b", Weight: 0.01}, {Term: "c", Weight: 0.01}, {Term: "d", Weight: 0.001}},
		}},
		{"story only", related.Contribution{Story: "Syrian civil war", StoryBonus: 1}},
		{"characters JSON escapes", related.Contribution{Story: "a \"quoted\" \\ <b>&</b>\n\t\x01", StoryBonus: 0.5,
			Entities: []related.WeightedTerm{{Term: "bad \xff utf-8 é", Weight: 1e-9}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := encodeWhy(tt.why)
			if err != nil {
				t.Fatal(err)
			}
			if !json.Valid(got) {
				t.Fatalf("encodeWhy = %s: not valid JSON", got)
			}
			want, err := json.Marshal(compact(tt.why))
			if err != nil {
				t.Fatal(err)
			}
			var g, w whyRecord
			if err := json.Unmarshal(got, &g); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(want, &w); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(g, w) {
				t.Errorf("encodeWhy = %s, encoding/json gives %s", got, want)
			}
		})
	}
}
