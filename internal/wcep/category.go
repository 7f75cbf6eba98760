package wcep

import "strings"

// Categories lists the canonical categories of the current portal, in its order.
var Categories = []string{
	"Armed conflicts and attacks",
	"Arts and culture",
	"Business and economy",
	"Disasters and accidents",
	"Health and environment",
	"International relations",
	"Law and crime",
	"Politics and elections",
	"Science and technology",
	"Sports",
}

// categorySpellings maps the lower-case spellings seen over the years to the
// canonical category.
var categorySpellings = map[string]string{
	"armed conflict and attacks":    "Armed conflicts and attacks",
	"armed attacks and conflicts":   "Armed conflicts and attacks",
	"armed conflicts and incidents": "Armed conflicts and attacks",
	"armed conflicts":               "Armed conflicts and attacks",
	"armed conflict":                "Armed conflicts and attacks",
	"attacks and armed conflicts":   "Armed conflicts and attacks",
	"conflicts and attacks":         "Armed conflicts and attacks",
	"art and culture":               "Arts and culture",
	"arts":                          "Arts and culture",
	"culture":                       "Arts and culture",
	"arts and entertainment":        "Arts and culture",
	"culture and arts":              "Arts and culture",
	"business and economics":        "Business and economy",
	"business":                      "Business and economy",
	"economy":                       "Business and economy",
	"economics":                     "Business and economy",
	"economy and business":          "Business and economy",
	"business and finance":          "Business and economy",
	"disasters":                     "Disasters and accidents",
	"disaster":                      "Disasters and accidents",
	"accidents":                     "Disasters and accidents",
	"accidents and disasters":       "Disasters and accidents",
	"disasters and accident":        "Disasters and accidents",
	"health":                        "Health and environment",
	"health and medicine":           "Health and environment",
	"environment":                   "Health and environment",
	"environment and health":        "Health and environment",
	"medicine":                      "Health and environment",
	"foreign relations":             "International relations",
	"international affairs":         "International relations",
	"diplomacy":                     "International relations",
	"crime":                         "Law and crime",
	"law":                           "Law and crime",
	"crime and law":                 "Law and crime",
	"politics and election":         "Politics and elections",
	"politics":                      "Politics and elections",
	"elections":                     "Politics and elections",
	"election":                      "Politics and elections",
	"politics and government":       "Politics and elections",
	"science":                       "Science and technology",
	"technology":                    "Science and technology",
	"science and tech":              "Science and technology",
	"technology and science":        "Science and technology",
	"sport":                         "Sports",
}

func init() {
	for _, c := range Categories {
		categorySpellings[strings.ToLower(c)] = c
	}
}

// CanonicalCategory maps a category line's text ("Sport", "Armed conflict and
// attacks"…) to its canonical name, ignoring case, spacing, "&" for "and" and a
// final ":". A name it does not know keeps its own (trimmed) text.
func CanonicalCategory(original string) string {
	name := strings.Join(strings.Fields(original), " ")
	name = strings.TrimSpace(strings.TrimSuffix(name, ":"))
	key := strings.ToLower(strings.ReplaceAll(name, "&", "and"))
	if c, ok := categorySpellings[key]; ok {
		return c
	}
	return name
}
