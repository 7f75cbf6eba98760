package wikitext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	tests := []struct {
		name, in, want string
		removed        int
	}{
		{"clean text is kept", "Protests continue in [[Hong Kong]].\n\tTab and\r\n", "Protests continue in [[Hong Kong]].\n\tTab and\r\n", 0},
		{"NUL and bell", "Rain\x00 falls\x07.", "Rain falls.", 2},
		{"DEL", "Rain\x7f falls.", "Rain falls.", 1},
		{"C1 control", "Rain\u0085 falls.", "Rain falls.", 1},
		{"ANSI colour", "\x1b[31mRed\x1b[0m alert in [[Chile]].", "Red alert in [[Chile]].", 2},
		{"ANSI with parameters", "A\x1b[1;38;5;196m b", "A b", 1},
		{"ANSI clear screen", "\x1b[2J\x1b[HText", "Text", 2},
		{"OSC title with BEL", "\x1b]0;owned\x07Text", "Text", 1},
		{"OSC hyperlink with ST", "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\", "click", 2},
		{"two-byte escape", "A\x1bcB", "AB", 1},
		{"lone ESC at the end", "A\x1b", "A", 1},
		{"8-bit CSI", "A\u009b31mB", "AB", 1},
		{"right-to-left override", "Visit \u202egpj.exe\u202c today", "Visit gpj.exe today", 2},
		{"isolates", "\u2066a\u2067b\u2068c\u2069", "abc", 4},
		{"embeddings", "\u202aa\u202bb\u202c", "ab", 3},
		{"marks are kept", "\u200fשלום\u200e", "\u200fשלום\u200e", 0},
		{"other E2 characters kept", "5 km–6—7 “quoted” …", "5 km–6—7 “quoted” …", 0},
		{"Arabic, CJK kept", "القاهرة 東京", "القاهرة 東京", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, n := Clean(tt.in)
			if got != tt.want || n != tt.removed {
				t.Errorf("Clean(%q) = %q, %d; want %q, %d", tt.in, got, n, tt.want, tt.removed)
			}
		})
	}
}

func TestCleanIsIdempotentAndLeavesNothing(t *testing.T) {
	in := strings.Repeat("a\x1b[31mb\u202ec\x00d\u0085\x1b]0;x\x07", 1000)
	once, _ := Clean(in)
	twice, n := Clean(once)
	if twice != once || n != 0 {
		t.Errorf("Clean is not idempotent: %d more removed", n)
	}
	if firstUnclean(once) >= 0 || strings.ContainsAny(once, "\x1b\u202e\x00") {
		t.Errorf("Clean left something: %q", once[:40])
	}
}

func BenchmarkClean(b *testing.B) {
	page := strings.Repeat("* Protests continue in [[Hong Kong]] – “quoted” text, 5 km. [http://a.org (AP)]\n", 400)
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		Clean(page)
	}
}

// FuzzClean checks Clean on any input: nothing it removes is left, a second
// pass removes nothing, what it changes comes out valid UTF-8, and valid
// text only shrinks. testdata/fuzz/FuzzClean keeps the crasher that joined
// two stray bytes into a C1 control.
func FuzzClean(f *testing.F) {
	for _, seed := range []string{"", "plain", "\x1b[31mred\x1b[0m", "\x1b]0;t\x07", "\x1b", "\u202e\u2066x\u2069", "\u009b1m", "\xc2", "\xe2\x80"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once, n := Clean(s)
		if firstUnclean(once) >= 0 {
			t.Fatalf("Clean(%q) = %q still holds something to remove", s, once)
		}
		if again, m := Clean(once); again != once || m != 0 {
			t.Fatalf("Clean is not idempotent on %q", s)
		}
		if n == 0 && once != s || n > 0 && !utf8.ValidString(once) {
			t.Fatalf("Clean(%q) = %q, %d", s, once, n)
		}
		if utf8.ValidString(s) && len(once) > len(s) {
			t.Fatalf("Clean(%q) = %q grew valid text", s, once)
		}
	})
}
