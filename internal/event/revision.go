package event

import "time"

// FirstRevision is the start of 2001, when Wikipedia began: no revision of
// a wiki's page is older.
var FirstRevision = time.Date(2001, time.January, 1, 0, 0, 0, 0, time.UTC)

// IsRevisionSHA1 reports whether s is a revision's SHA-1 as dumps give it
// and the store keeps it: 40 lowercase hex digits.
func IsRevisionSHA1(s string) bool {
	if len(s) != 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
