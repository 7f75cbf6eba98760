package wcep

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseDay checks that any page parses without panic into events that
// keep the invariants (see checkDay). The seeds are the fixtures.
func FuzzParseDay(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.wiki"))
	for _, file := range files {
		text, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(text))
	}
	f.Add("*[[A]]\n**[[B]]: c [http://d.org (E)]\n'''F'''\n;G\n*{{convert|1|km}}<ref>h</ref>")
	f.Fuzz(func(t *testing.T, page string) {
		day, err := ParseDay(testDate, page)
		if err != nil && len(day.Events) > 0 {
			t.Fatalf("error %v with %d events", err, len(day.Events))
		}
		checkDay(t, day)
	})
}
