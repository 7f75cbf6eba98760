package store

import (
	"testing"
)

// DataVersion stays put while nothing is written, and moves with every
// commit of another connection: an import, and a write that does not bump
// the generation (as enrichment's do).
func TestDataVersionMovesWithEveryCommit(t *testing.T) {
	st, _ := openTemp(t)
	read := func() int64 {
		t.Helper()
		v, err := st.DataVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	v0 := read()
	if again := read(); again != v0 {
		t.Fatalf("data version moved from %d to %d with nothing written", v0, again)
	}
	g := newSynthetic(3)
	if _, err := st.ImportDays(ctx, g.days(2)); err != nil {
		t.Fatal(err)
	}
	v1 := read()
	if v1 == v0 {
		t.Fatalf("data version %d did not move after an import", v1)
	}
	gen, err := st.Generation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.db.ExecContext(ctx, `INSERT INTO counters (name, value) VALUES ('not the generation', 1)`); err != nil {
		t.Fatal(err)
	}
	if v2 := read(); v2 == v1 {
		t.Fatalf("data version %d did not move after a write that kept the generation (%d)", v2, gen)
	}
}
