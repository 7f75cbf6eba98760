package site

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/render"
)

func TestStoryContext(t *testing.T) {
	war, siege, kyiv := "Russo-Ukrainian War", "Siege of Chernihiv", "Battle of Kyiv"
	tests := []struct {
		name  string
		self  string
		paths [][]string
		want  *render.StoryContext
	}{
		{"top level with sub-stories, most first", war,
			[][]string{{war}, {war, siege}, {war, kyiv}, {war, kyiv}, {war, kyiv, "Bucha"}},
			&render.StoryContext{SubStories: []render.Count{{Title: kyiv, Count: 3}, {Title: siege, Count: 1}}}},
		{"a chain of parents", "Bucha",
			[][]string{{war, kyiv, "Bucha"}},
			&render.StoryContext{Parents: []string{war, kyiv}, SubStories: []render.Count{}}},
		{"the parent of most events wins", siege,
			[][]string{{war, siege}, {"2022 Russian invasion", siege}, {war, siege}},
			&render.StoryContext{Parents: []string{war}, SubStories: []render.Count{}}},
		{"mostly top level, sometimes nested: the parent of those", siege,
			[][]string{{siege}, {siege}, {war, siege}},
			&render.StoryContext{Parents: []string{war}, SubStories: []render.Count{}}},
		{"never nested: no parent", siege,
			[][]string{{siege}, {siege, "Bucha"}},
			&render.StoryContext{SubStories: []render.Count{{Title: "Bucha", Count: 1}}}},
		{"ties go to the first in alphabetical order", siege,
			[][]string{{"B", siege}, {"A", siege}},
			&render.StoryContext{Parents: []string{"A"}, SubStories: []render.Count{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := storyContext(tt.self, tt.paths); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("storyContext(%q) = %+v, want %+v", tt.self, got, tt.want)
			}
		})
	}
}

// The demo's sub-story names its parent and the parent its sub-stories,
// the year its days, in the JSON the server gives and the build writes.
func TestDemoStoryAndYearJSON(t *testing.T) {
	s := New(demoStore(t), testConfig)
	type doc struct {
		Parents    []struct{ Title, Path string }
		SubStories []struct{ Title string } `json:"sub_stories"`
		PerMonth   []struct {
			Title string
			Count int
		} `json:"per_month"`
		PerDay []struct {
			Title, Path string
			Count       int
		} `json:"per_day"`
	}
	tests := []struct {
		path  string
		check func(d doc) bool
	}{
		{"/stories/attacks-on-civilians-in-the-russian-invasion-of-ukraine/index.json", func(d doc) bool {
			return len(d.Parents) == 1 && d.Parents[0].Title == "Russian invasion of Ukraine" &&
				d.Parents[0].Path == "/stories/russian-invasion-of-ukraine/index" && len(d.PerMonth) >= 8
		}},
		{"/stories/russian-invasion-of-ukraine/index.json", func(d doc) bool {
			return len(d.Parents) == 0 && len(d.SubStories) >= 1 &&
				d.SubStories[0].Title == "Attacks on civilians in the Russian invasion of Ukraine"
		}},
		{"/news/2025/index.json", func(d doc) bool {
			return len(d.PerDay) >= 14 && d.PerDay[0].Title == "2025-03-03" && d.PerDay[0].Path == "/news/2025/03/3/index" &&
				d.PerDay[0].Count > 0
		}},
	}
	for _, tt := range tests {
		p, err := s.Page(context.Background(), tt.path)
		if err != nil {
			t.Fatalf("%s: %v", tt.path, err)
		}
		var d doc
		if err := json.Unmarshal(p.Body, &d); err != nil {
			t.Fatalf("%s: %v", tt.path, err)
		}
		if !tt.check(d) {
			t.Errorf("%s: %+v", tt.path, d)
		}
	}
}
