package store

import (
	"strings"
	"testing"
)

// TestArenaCopies checks that the arena's strings keep their bytes as it
// fills blocks and moves on, whatever their length, and share blocks.
func TestArenaCopies(t *testing.T) {
	var a arena
	var want, got []string
	buf := []byte{}
	for i, n := range []int{0, 1, 7, firstArenaBlock - 3, 5, arenaBlock + 9, 3, 300, 0, 1000} {
		for i := range 40 {
			s := strings.Repeat(string(rune('a'+i%26)), n%97) + strings.Repeat("z", n-n%97)
			buf = append(buf[:0], s...)
			want = append(want, s)
			got = append(got, a.copy(buf))
			for j := range buf {
				buf[j] = '!' // the copy must not share the caller's bytes
			}
		}
		if i == 2 && a.b.Cap() != firstArenaBlock {
			t.Errorf("first block holds %d bytes; want %d", a.b.Cap(), firstArenaBlock)
		}
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("copy %d = %.20q… (%d bytes); want %.20q… (%d bytes)", i, got[i], len(got[i]), want[i], len(want[i]))
		}
	}
	if a.b.Cap() > arenaBlock {
		t.Errorf("last block holds %d bytes; want at most %d", a.b.Cap(), arenaBlock)
	}
}

// TestTargetIndex checks the dense and the sparse index alike: a target
// put is found, another id (in the span or outside it) is not.
func TestTargetIndex(t *testing.T) {
	put := map[int64]target{10: {path: "/a"}, 11: {path: "/b", headline: "B"}, 14: {path: "/c"}}
	for _, x := range []*targetIndex{
		{dense: make([]target, 5), base: 10},
		{byID: map[int64]target{}},
	} {
		for id, tg := range put {
			x.put(id, tg)
		}
		x.put(99, target{path: "/late"}) // outside a dense index's span: left out
		for id := int64(8); id < 17; id++ {
			got, ok := x.get(id)
			want, wantOK := put[id]
			if got != want || ok != wantOK {
				t.Errorf("dense %v: get(%d) = %+v, %v; want %+v, %v", x.dense != nil, id, got, ok, want, wantOK)
			}
		}
		if _, ok := x.get(99); ok == (x.dense != nil) {
			t.Errorf("dense %v: get(99) found %v", x.dense != nil, ok)
		}
	}
}
