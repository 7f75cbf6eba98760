package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestRunWritesTheDaysOfTheYears(t *testing.T) {
	dump := filepath.Join("..", "..", "internal", "ingest", "testdata", "dump.xml")
	tests := []struct {
		name     string
		from, to string
		want     []string
	}{
		{"the dump's year", "2013", "2013", []string{"2013-06-04.wiki", "2013-06-05.wiki", "2013-06-06.wiki"}},
		{"a later year", "2014", "9999", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := t.TempDir()
			if err := run([]string{"--from", tt.from, "--to", tt.to, "--out", out, dump}); err != nil {
				t.Fatal(err)
			}
			entries, err := os.ReadDir(out)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range entries {
				got = append(got, e.Name())
				info, err := e.Info()
				if err != nil || info.Size() == 0 || info.ModTime().Year() < 2013 {
					t.Errorf("%s: %v, info %v: want the day's text dated at its revision", e.Name(), err, info)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("wrote %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRunRefusesMissingArguments(t *testing.T) {
	if err := run([]string{"--out", t.TempDir()}); err == nil {
		t.Error("no dump: no error")
	}
}
