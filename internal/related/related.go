// Package related finds, for every event of the archive, the events of other
// days that a reader following the story would want next.
//
// Candidates come from inverted indexes (entity → events, story → events,
// rare headline word → events), never from comparing all pairs. Each candidate
// is scored by a blend of three signals:
//
//	score = Weights.Entity × Σ log((N+1)/df(e)) over the shared entities e
//	      + Weights.Cosine × TF-IDF cosine similarity of the two headlines
//	      + Weights.Story  × story bonus (1 same innermost story, 0.5 another shared story)
//
// and ties go to the nearer date, then the path. The same events always give
// the same result, whatever their order. docs/related.md holds the measurement
// the default weights come from.
package related

import (
	"math"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// DefaultLimit is how many related events an event gets when Options.Limit is unset.
const DefaultLimit = 5

// DefaultWeights is the blend that ranked best on the shared corpus with story
// headers hidden (see docs/related.md for the table): the headline cosine
// leads, the entities' IDF breaks its near-ties. The story weight cannot be
// measured that way; a shared innermost story counts like a headline cosine
// of 0.5, enough to put the story's events first.
var DefaultWeights = Weights{Entity: 1, Cosine: 50, Story: 25}

// Related is one related event of another day (or year, by Options.Scope).
type Related struct {
	// Path is the related event's path.
	Path string `json:"path"`
	// Headline is the related event's headline.
	Headline string `json:"headline"`
	// Date is the related event's day.
	Date event.Date `json:"date"`
	// Context is what the two events share, for the reader: the shared entities
	// in alphabetical order; when none, the (up to three) strongest shared
	// headline words as the related headline writes them, whole names kept
	// together; when none, the shared story.
	Context []string `json:"context"`
	// Score is the blended score the ranking used.
	Score float64 `json:"score"`
	// Why says what contributed to Score, for `chronicle related`: set by
	// Index.Explain only; the ranking's lists leave it empty, as the store
	// keeps no breakdowns.
	Why Contribution `json:"why"`
}

// Contribution is the breakdown of a Related's score, before weighting:
// Score = Weights.Entity×EntityScore + Weights.Cosine×Cosine + Weights.Story×StoryBonus.
type Contribution struct {
	// Entities are the shared entities, alphabetical, each with its IDF.
	Entities []WeightedTerm `json:"entities"`
	// EntityScore is the sum of the shared entities' IDF, log((N+1)/df).
	EntityScore float64 `json:"entity_score"`
	// Cosine is the TF-IDF cosine similarity of the two headlines, 0 to 1.
	Cosine float64 `json:"cosine"`
	// Words are the shared headline words, strongest first, each with its share
	// of Cosine.
	Words []WeightedTerm `json:"words"`
	// Story is the innermost story the two events share, "" when none.
	Story string `json:"story,omitempty"`
	// StoryBonus is 1 when both events sit under the same innermost story, 0.5
	// when they share another story of their paths, else 0.
	StoryBonus float64 `json:"story_bonus"`
}

// WeightedTerm is a shared entity or word with what it added.
type WeightedTerm struct {
	Term   string  `json:"term"`
	Weight float64 `json:"weight"`
}

// DefaultWeightsOf returns the blend that ranked best on the shared corpus
// for scope s (docs/related.md): once the events of the same period are out,
// shared entities weigh more against the headline cosine.
func DefaultWeightsOf(s Scope) Weights {
	if s == OtherYears {
		return otherYearsWeights
	}
	return DefaultWeights
}

// otherYearsWeights: entity 1 : cosine 12 ranked best for other years
// (docs/related.md); the story weight keeps a shared innermost story worth a
// headline cosine of 0.5, as in DefaultWeights.
var otherYearsWeights = Weights{Entity: 1, Cosine: 12, Story: 6}

// Weights is the blend of the three signals. Weights below zero, NaN or
// infinite count as zero; all zero means DefaultWeights.
type Weights struct {
	Entity, Cosine, Story float64
}

// Scope says which events may be another event's related events.
type Scope int

const (
	// OtherDays takes events of any other day.
	OtherDays Scope = iota
	// OtherYears takes events of other years than the event's own: what
	// happened like this before and after, the seed page's "Related".
	OtherYears
	// Around takes events of other days within AroundDays before or after the
	// event: its immediate context, "Around this event".
	Around
)

// AroundDays is how far, in days, the Around scope reaches either side.
const AroundDays = 90

// String names the scope as docs/related.md does.
func (s Scope) String() string {
	switch s {
	case OtherYears:
		return "other years"
	case Around:
		return "around"
	}
	return "other days"
}

// Options tune Compute. The zero value gives DefaultWeights, DefaultLimit
// and the OtherDays scope.
type Options struct {
	// Scope is which events may be related; the zero value is OtherDays.
	Scope Scope
	// Weights is the blend; zero means DefaultWeights.
	Weights Weights
	// Limit is the most related events an event gets; 0 or less means DefaultLimit.
	Limit int
	// IgnoreStories hides story headers from the ranking, for measuring how well
	// the other signals find an event's story: no story bonus, no story
	// candidates, and an entity or headline prefix ("Story: …") that only
	// repeats the event's own story title is dropped too.
	IgnoreStories bool
}

// normalized returns o with its defaults filled in and bad weights zeroed.
func (o Options) normalized() Options {
	o.Weights = Weights{clean(o.Weights.Entity), clean(o.Weights.Cosine), clean(o.Weights.Story)}
	if o.Weights == (Weights{}) {
		o.Weights = DefaultWeightsOf(o.Scope)
	}
	if o.Limit <= 0 {
		o.Limit = DefaultLimit
	}
	return o
}

func clean(w float64) float64 {
	if math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
		return 0
	}
	return w
}

// Compute returns, for every event, up to Options.Limit related events of
// other days, best first: ranked by score, ties to the nearer date, then the
// path. The map is keyed by event path; an event with no related event is
// absent. The result depends only on the events, not on their order in the
// slice; when two events share a path, the first by (date, position, headline)
// keeps it and the other is left out. It uses every core.
func Compute(events []event.Event, opts Options) map[string][]Related {
	x := NewIndex(events, opts)
	return ComputeFor(x, x.Paths())
}
