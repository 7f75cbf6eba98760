package wcep

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// boundText cuts text to MaxTextBytes, at the last space before the cap when
// there is one not too far back, and adds "…"; the mentions that end past
// the cut are dropped.
func (p *dayParser) boundText(text string, mentions []event.Mention, number int) (string, []event.Mention) {
	if len(text) <= MaxTextBytes {
		return text, mentions
	}
	const ellipsis = "…"
	cut := MaxTextBytes - len(ellipsis)
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	if space := strings.LastIndexByte(text[:cut], ' '); space > cut-200 {
		cut = space
	}
	p.warn(number, "event text cut to "+strconv.Itoa(cut)+" of "+strconv.Itoa(len(text))+" bytes (the cap is "+strconv.Itoa(MaxTextBytes)+")")
	kept := mentions[:0]
	for _, m := range mentions {
		if m.End <= cut {
			kept = append(kept, m)
		}
	}
	return text[:cut] + ellipsis, kept
}

// boundEntities keeps the first MaxEntities entities and the mentions of
// those only.
func (p *dayParser) boundEntities(entities []event.Entity, mentions []event.Mention, number int) ([]event.Entity, []event.Mention) {
	if len(entities) <= MaxEntities {
		return entities, mentions
	}
	p.warn(number, "event links cut to the first "+strconv.Itoa(MaxEntities)+" of "+strconv.Itoa(len(entities))+" articles")
	entities = entities[:MaxEntities:MaxEntities]
	keep := make(map[string]bool, MaxEntities)
	for _, e := range entities {
		keep[e.Title] = true
	}
	kept := mentions[:0]
	for _, m := range mentions {
		if keep[m.Title] {
			kept = append(kept, m)
		}
	}
	return entities, kept
}

// boundSources keeps the first MaxSources sources.
func (p *dayParser) boundSources(sources []event.Source, number int) []event.Source {
	if len(sources) <= MaxSources {
		return sources
	}
	p.warn(number, "event sources cut to the first "+strconv.Itoa(MaxSources)+" of "+strconv.Itoa(len(sources)))
	return sources[:MaxSources:MaxSources]
}

// boundStories keeps the outermost MaxStories stories of a story path
// (storyPath copies no more than those of the headers in force).
func (p *dayParser) boundStories(stories []string, number int) []string {
	if len(p.stack) <= MaxStories && len(stories) <= MaxStories {
		return stories
	}
	p.warn(number, "story path cut to its outermost "+strconv.Itoa(MaxStories)+" of "+strconv.Itoa(max(len(p.stack), len(stories)))+" stories")
	return stories[:min(len(stories), MaxStories):min(len(stories), MaxStories)]
}
