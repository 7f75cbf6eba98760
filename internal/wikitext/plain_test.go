package wikitext

import "testing"

// bytewisePlainEnd is plainEnd written the straightforward way: one byte at a
// time, each special byte asking plainAt.
func bytewisePlainEnd(src string, j, end int) int {
	for j < end && (!special[src[j]] || plainAt(src, j, end)) {
		j++
	}
	return j
}

// TestPlainEndMatchesBytewiseScan checks plainEnd at every start and end of
// every string of up to 6 bytes over the bytes that matter to it.
func TestPlainEndMatchesBytewiseScan(t *testing.T) {
	const alphabet = "a '/:[\t"
	var check func(s string)
	check = func(s string) {
		for j := range len(s) {
			for end := j; end <= len(s); end++ {
				if got, want := plainEnd(s, j, end), bytewisePlainEnd(s, j, end); got != want {
					t.Fatalf("plainEnd(%q, %d, %d) = %d, want %d", s, j, end, got, want)
				}
			}
		}
		if len(s) < 6 {
			for i := range len(alphabet) {
				check(s + alphabet[i:i+1])
			}
		}
	}
	check("")
}
