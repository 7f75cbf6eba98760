package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/mediawiki"
)

func TestRunWritesShiftedCopies(t *testing.T) {
	dump := filepath.Join("..", "..", "internal", "ingest", "testdata", "dump.xml")
	out := t.TempDir()
	if err := run([]string{"--copies", "3", "--out", out, dump}); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	var want []string
	for _, y := range []string{"2013", "2038", "2063"} {
		for _, d := range []string{"04", "05", "06"} {
			want = append(want, y+"-06-"+d+".wiki")
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("wrote %v, want %v", got, want)
	}
	text, err := os.ReadFile(filepath.Join(out, "2063-06-06.wiki"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(text), "year=2063") || strings.Contains(string(text), "year=2013") {
		t.Errorf("2063-06-06.wiki does not name its own year:\n%.200s", text)
	}
	info, err := os.Stat(filepath.Join(out, "2038-06-04.wiki"))
	if err != nil || info.ModTime().Year() != 2038 {
		t.Errorf("2038-06-04.wiki: %v, mtime %v: want the revision's time shifted to 2038", err, info.ModTime())
	}
}

func TestWriteCopySkipsDaysTheShiftedYearLacks(t *testing.T) {
	leap := mediawiki.DayPage{Date: event.Date{Year: 2004, Month: time.February, Day: 29},
		Page: mediawiki.Page{Text: "{{Current events|year=2004|month=02|day=29|content=\n*A thing happens.\n}}",
			Timestamp: time.Date(2004, 2, 29, 23, 59, 0, 0, time.UTC)}}
	tests := []struct {
		years int
		file  string // "" when nothing is written
	}{
		{0, "2004-02-29.wiki"},
		{25, ""}, // 2029 has no 29 February
		{96, ""}, // 2100 neither
		{400, "2404-02-29.wiki"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		ok, err := writeCopy(dir, leap, tt.years)
		if err != nil {
			t.Fatal(err)
		}
		if ok != (tt.file != "") {
			t.Errorf("+%d years: wrote %v, want %v", tt.years, ok, tt.file != "")
		}
		if tt.file != "" {
			if _, err := os.Stat(filepath.Join(dir, tt.file)); err != nil {
				t.Errorf("+%d years: %v", tt.years, err)
			}
		}
	}
}
