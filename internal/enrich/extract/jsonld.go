package extract

import (
	"encoding/json"
	"strings"
)

// jsonLD is what the page's schema.org JSON-LD says of its article.
type jsonLD struct {
	headline, description, image, author, publisher, published, language, url string
}

// articleTypes are the schema.org types of a news report, best first;
// WebPage and its kin are taken only when no article is described.
var articleTypes = map[string]int{
	"newsarticle": 1, "reportagenewsarticle": 1, "analysisnewsarticle": 1, "opinionnewsarticle": 1,
	"backgroundnewsarticle": 1, "reviewnewsarticle": 1, "askpublicnewsarticle": 1,
	"article": 2, "blogposting": 2, "liveblogposting": 2, "report": 2, "scholarlyarticle": 2,
	"socialmediaposting": 2, "techarticle": 2,
	"webpage": 3, "itempage": 3, "videoobject": 3,
}

// readJSONLD reads the best-ranked article node of the page's JSON-LD
// blocks, following @graph, arrays and @id references. Blocks that are not
// valid JSON are skipped.
func readJSONLD(blocks []string) jsonLD {
	var nodes []map[string]any
	for _, b := range blocks {
		var v any
		if err := json.Unmarshal([]byte(strings.TrimSpace(b)), &v); err != nil {
			continue
		}
		nodes = collectNodes(v, nodes, 0)
	}
	ids := map[string]map[string]any{}
	for _, n := range nodes {
		if id, ok := n["@id"].(string); ok {
			if _, seen := ids[id]; !seen {
				ids[id] = n
			}
		}
	}
	best, rank := map[string]any(nil), 99
	for _, n := range nodes {
		if r := typeRank(n["@type"]); r < rank {
			best, rank = n, r
		}
	}
	if best == nil {
		return jsonLD{}
	}
	r := resolver{ids: ids}
	return jsonLD{
		headline:    first(r.text(best["headline"]), r.text(best["name"])),
		description: r.text(best["description"]),
		image:       r.image(best["image"], 0),
		author:      r.names(best["author"]),
		publisher:   first(r.names(best["publisher"]), r.names(r.deref(best["isPartOf"])["publisher"])),
		published:   first(r.text(best["datePublished"]), r.text(best["dateCreated"])),
		language:    first(r.text(best["inLanguage"]), r.text(r.deref(best["inLanguage"])["alternateName"])),
		url:         first(r.text(best["url"]), r.ref(best["mainEntityOfPage"])),
	}
}

// maxDepth bounds the nesting followed, against hostile documents.
const maxDepth = 8

// collectNodes gathers the objects of v: v itself, the items of arrays and
// the members of @graph.
func collectNodes(v any, into []map[string]any, depth int) []map[string]any {
	if depth > maxDepth {
		return into
	}
	switch v := v.(type) {
	case []any:
		for _, item := range v {
			into = collectNodes(item, into, depth+1)
		}
	case map[string]any:
		into = append(into, v)
		if g, ok := v["@graph"]; ok {
			into = collectNodes(g, into, depth+1)
		}
	}
	return into
}

// typeRank ranks a node's @type (a string or an array of strings); 99 for
// none of articleTypes.
func typeRank(t any) int {
	rank := 99
	switch t := t.(type) {
	case string:
		if r, ok := articleTypes[strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(t, "http://schema.org/"), "https://schema.org/"))]; ok {
			rank = r
		}
	case []any:
		for _, item := range t {
			rank = min(rank, typeRank(item))
		}
	}
	return rank
}

// resolver reads values that may be references ({"@id": …}) to other nodes.
type resolver struct{ ids map[string]map[string]any }

// deref returns the object v is or refers to; nil when neither.
func (r resolver) deref(v any) map[string]any {
	obj, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	if id, ok := obj["@id"].(string); ok && len(obj) == 1 {
		if target, ok := r.ids[id]; ok {
			return target
		}
	}
	return obj
}

// text reads a string, the first string of an array, or an object's @value.
func (r resolver) text(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		for _, item := range v {
			if s := r.text(item); s != "" {
				return s
			}
		}
	case map[string]any:
		if s, ok := v["@value"].(string); ok {
			return s
		}
	}
	return ""
}

// ref reads a URL given as a string or as an object's @id or url.
func (r resolver) ref(v any) string {
	if s := r.text(v); s != "" {
		return s
	}
	if obj, ok := v.(map[string]any); ok {
		return first(r.text(obj["url"]), r.text(obj["@id"]))
	}
	return ""
}

// image reads an image given as a URL, an ImageObject (url or contentUrl),
// a reference to one, or an array of any of these (the first is taken).
func (r resolver) image(v any, depth int) string {
	if depth > maxDepth {
		return ""
	}
	switch v := v.(type) {
	case string:
		return v
	case []any:
		for _, item := range v {
			if s := r.image(item, depth+1); s != "" {
				return s
			}
		}
	case map[string]any:
		obj := r.deref(v)
		return first(r.text(obj["url"]), r.text(obj["contentUrl"]))
	}
	return ""
}

// names reads a person or organisation given as a name, an object with a
// name, a reference to one, or an array of these, joined with commas.
func (r resolver) names(v any) string {
	var names []string
	var add func(v any, depth int)
	add = func(v any, depth int) {
		if depth > maxDepth {
			return
		}
		switch v := v.(type) {
		case string:
			if s := strings.TrimSpace(notURL(v)); s != "" {
				names = append(names, s)
			}
		case []any:
			for _, item := range v {
				add(item, depth+1)
			}
		case map[string]any:
			if obj := r.deref(v); obj != nil {
				if s := strings.TrimSpace(r.text(obj["name"])); s != "" {
					names = append(names, s)
				}
			}
		}
	}
	add(v, 0)
	return strings.Join(names, ", ")
}
