package site

import (
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
