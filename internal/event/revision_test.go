package event

import (
	"strings"
	"testing"
)

func TestIsRevisionSHA1(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{strings.Repeat("0123456789abcdef", 3)[:40], true},
		{strings.Repeat("a", 40), true},
		{strings.Repeat("A", 40), false}, // uppercase: not as stored
		{strings.Repeat("a", 39), false}, // too short
		{strings.Repeat("a", 41), false}, // too long
		{strings.Repeat("a", 39) + "g", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsRevisionSHA1(tt.s); got != tt.want {
			t.Errorf("IsRevisionSHA1(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}
