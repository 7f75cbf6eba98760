package wikitext

import "testing"

// FuzzInline checks the invariants of the inline renderer on any input.
func FuzzInline(f *testing.F) {
	for _, seed := range []string{
		typicalLine,
		"[[Israel]]i [[Paris, Texas|]] [[File:x.jpg|thumb|[[y]]]] [[fr:Paris]] [[:fr:Paris|Paris]]",
		"{{convert|5|to|10|km}} {{lang|fr|x}} {{ill|A|fr}} {{as of|2020|5|1}} {{cite web|url=http://a.org|publisher=P}}",
		"<ref>[http://a.org A]</ref><!-- c --><small>s</small>&nbsp;&#91;''x'''",
		"text http://a.org/b. [//b.org] [http://c.org [http://d.org (D)]",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkInvariants(t, in, ParseLine(in))
	})
}
