package htmlcheck

import (
	"strings"
	"testing"
)

func TestRunFindsTheMistakesOfABadPage(t *testing.T) {
	jar := findJar(t)
	tests := []struct {
		dir  string
		want []string // a word of each problem's message, in any order
	}{
		{"testdata/good", nil},
		{"testdata/bad", []string{"“p” element in scope", "“alt” attribute", "Unclosed element “div”", "“colr”"}},
	}
	for _, tt := range tests {
		msgs, err := Run(jar, tt.dir)
		if err != nil {
			t.Fatal(err)
		}
		var problems []string
		for _, m := range msgs {
			if m.Problem() {
				problems = append(problems, m.String())
			}
		}
		all := strings.Join(problems, "\n")
		for _, w := range tt.want {
			if !strings.Contains(all, w) {
				t.Errorf("%s: no problem mentions %q in\n%s", tt.dir, w, all)
			}
		}
		if tt.want == nil && len(problems) > 0 {
			t.Errorf("%s: problems in a valid page:\n%s", tt.dir, all)
		}
	}
}
