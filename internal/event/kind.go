package event

// Kind is what a topic-like title is: an entity (topic), a story or a
// category. It names the title's pages in render and site and its rows in
// the store.
type Kind string

// The kinds of topic-like titles.
const (
	KindTopic    Kind = "topic"
	KindStory    Kind = "story"
	KindCategory Kind = "category"
)

// Kinds lists every kind, in the order pages list them.
var Kinds = []Kind{KindTopic, KindStory, KindCategory}

// Valid reports whether k is one of the three kinds.
func (k Kind) Valid() bool { return k == KindTopic || k == KindStory || k == KindCategory }

// Plural returns the kind's plural, which is also its directory in the site:
// topics, stories, categories.
func (k Kind) Plural() string {
	switch k {
	case KindStory:
		return "stories"
	case KindCategory:
		return "categories"
	}
	return "topics"
}

// KindOfPlural returns the kind whose plural is dir, and whether there is one.
func KindOfPlural(dir string) (Kind, bool) {
	for _, k := range Kinds {
		if k.Plural() == dir {
			return k, true
		}
	}
	return "", false
}
