package store

import (
	"strings"
	"testing"
)

func TestRevisionProblem(t *testing.T) {
	const sha1 = "0123456789abcdef0123456789abcdef01234567"
	tests := []struct {
		name      string
		id        int64
		stamp     string
		sha1      string
		wantFault bool
	}{
		{"a wiki's revision", 554000000, "2013-06-07T00:00:00.000000000Z", sha1, false},
		{"a day file of 1970", 0, "1970-01-01T00:00:00.000000000Z", sha1, false},
		{"a wiki's revision of 1970", 5, "1970-01-01T00:00:00.000000000Z", sha1, true},
		{"negative id", -5, "2013-06-07T00:00:00.000000000Z", sha1, true},
		{"no time", 5, "not-a-time", sha1, true},
		{"upper-case hash", 5, "2013-06-07T00:00:00.000000000Z", strings.ToUpper(sha1), true},
		{"short hash", 5, "2013-06-07T00:00:00.000000000Z", sha1[:39], true},
	}
	for _, tt := range tests {
		if got := revisionProblem(tt.id, tt.stamp, tt.sha1); (got != "") != tt.wantFault {
			t.Errorf("%s: revisionProblem = %q, want a fault: %v", tt.name, got, tt.wantFault)
		}
	}
}
