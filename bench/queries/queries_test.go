package queries

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestRead(t *testing.T) {
	name := filepath.Join(t.TempDir(), "q.txt")
	if err := os.WriteFile(name, []byte("# a comment\nred cross\n\n  \"north korea\"  \n#x\nmedecins*\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Read(name)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"red cross", `"north korea"`, "medecins*"}; !slices.Equal(got, want) {
		t.Errorf("Read = %q, want %q", got, want)
	}
	if _, err := Read(filepath.Join(t.TempDir(), "missing.txt")); err == nil {
		t.Error("Read of a missing file: no error")
	}
}

func TestReadTheBenchmarkList(t *testing.T) {
	qs, err := Read("../search-queries.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 100 {
		t.Errorf("bench/search-queries.txt holds %d queries, want 100", len(qs))
	}
}
