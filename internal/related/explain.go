package related

import (
	"cmp"
	"slices"
	"strings"
)

// contextWords is how many shared words make the context when the two events
// share no entity and no story.
const contextWords = 3

// explain scores event j as a related event of event i exactly, with the
// breakdown and the context a reader sees.
func (idx *index) explain(i, j int32, wt Weights) Related {
	why := Contribution{
		Entities: idx.sharedEntities(i, j),
		Words:    idx.sharedWords(i, j),
	}
	why.EntityScore, why.Cosine = idx.overlap(i, j)
	why.Story, why.StoryBonus = idx.sharedStory(i, j)
	ev := idx.events[j]
	return Related{
		Path:     ev.Path,
		Headline: ev.Headline,
		Date:     ev.Date,
		Context:  contextOf(why),
		Score:    blend(wt, why.EntityScore, why.Cosine, why.StoryBonus),
		Why:      why,
	}
}

// score is explain's Score without the breakdown, allocation-free for the
// shortlist's exact rescoring.
func (idx *index) score(i, j int32, wt Weights) float64 {
	entity, cosine := idx.overlap(i, j)
	_, bonus := idx.sharedStory(i, j)
	return blend(wt, entity, cosine, bonus)
}

func blend(wt Weights, entity, cosine, storyBonus float64) float64 {
	return wt.Entity*entity + wt.Cosine*cosine + wt.Story*storyBonus
}

// overlap returns the sum of the shared entities' IDF and the headlines'
// cosine, summed in id order so that score and explain agree to the bit.
func (idx *index) overlap(i, j int32) (entity, cosine float64) {
	return idx.entityOverlap(i, j), idx.cosine(i, j)
}

// entityOverlap returns the sum of the IDF of the entities i and j share.
func (idx *index) entityOverlap(i, j int32) float64 {
	var entity float64
	a, b := idx.ents[i], idx.ents[j]
	for x, y := 0, 0; x < len(a) && y < len(b); {
		switch {
		case a[x] < b[y]:
			x++
		case a[x] > b[y]:
			y++
		default:
			entity += idx.entIDF[a[x]]
			x, y = x+1, y+1
		}
	}
	return entity
}

// cosine returns the cosine similarity of the headlines of i and j.
func (idx *index) cosine(i, j int32) float64 {
	var cosine float64
	u, v := idx.words[i], idx.words[j]
	for x, y := 0, 0; x < len(u) && y < len(v); {
		switch {
		case u[x].id < v[y].id:
			x++
		case u[x].id > v[y].id:
			y++
		default:
			cosine += u[x].w * v[y].w
			x, y = x+1, y+1
		}
	}
	return cosine
}

// sharedEntities returns the entities of both events with their IDF, alphabetical.
func (idx *index) sharedEntities(i, j int32) []WeightedTerm {
	var out []WeightedTerm
	a, b := idx.ents[i], idx.ents[j]
	for x, y := 0, 0; x < len(a) && y < len(b); {
		switch {
		case a[x] < b[y]:
			x++
		case a[x] > b[y]:
			y++
		default:
			out = append(out, WeightedTerm{idx.entTitle[a[x]], idx.entIDF[a[x]]})
			x, y = x+1, y+1
		}
	}
	slices.SortFunc(out, func(p, q WeightedTerm) int { return strings.Compare(p.Term, q.Term) })
	return out
}

// sharedWords returns the words of both headlines with their products of
// TF-IDF weights (summing to the cosine), strongest first, then alphabetical.
func (idx *index) sharedWords(i, j int32) []WeightedTerm {
	var out []WeightedTerm
	a, b := idx.words[i], idx.words[j]
	for x, y := 0, 0; x < len(a) && y < len(b); {
		switch {
		case a[x].id < b[y].id:
			x++
		case a[x].id > b[y].id:
			y++
		default:
			out = append(out, WeightedTerm{idx.wordName[a[x].id], a[x].w * b[y].w})
			x, y = x+1, y+1
		}
	}
	slices.SortStableFunc(out, func(p, q WeightedTerm) int {
		return cmp.Or(cmp.Compare(q.Weight, p.Weight), strings.Compare(p.Term, q.Term))
	})
	return out
}

// sharedStory returns the innermost story of event i's path that event j's
// path holds too, with the bonus: 1 when it is both events' innermost story,
// 0.5 when it is another story of their paths, 0 when they share none.
func (idx *index) sharedStory(i, j int32) (string, float64) {
	a, b := idx.stories[i], idx.stories[j]
	for k := len(a) - 1; k >= 0; k-- {
		if !slices.Contains(b, a[k]) {
			continue
		}
		if k == len(a)-1 && b[len(b)-1] == a[k] {
			return idx.storyTitle[a[k]], 1
		}
		return idx.storyTitle[a[k]], 0.5
	}
	return "", 0
}

// contextOf picks what a reader is shown: the shared entities, alphabetical;
// else the shared story; else the strongest shared words.
func contextOf(why Contribution) []string {
	if len(why.Entities) > 0 {
		out := make([]string, len(why.Entities))
		for k, e := range why.Entities {
			out[k] = e.Term
		}
		return out
	}
	if why.Story != "" {
		return []string{why.Story}
	}
	var out []string
	for _, w := range why.Words[:min(len(why.Words), contextWords)] {
		out = append(out, w.Term)
	}
	return out
}
