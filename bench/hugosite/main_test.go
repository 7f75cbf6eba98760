package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const export = `{"path":"/news/2013/06/6/north-korea-restores-the-red-cross-link","date":"2013-06-06","position":0,"category":"Armed conflicts and attacks","category_original":"","stories":[],"headline":"North Korea restores the \"Red Cross\" link.","text":"North Korea restores the \"Red Cross\" link.","mentions":[],"entities":[{"title":"North Korea"},{"title":"Red Cross"}],"sources":[{"name":"BBC","url":"https://bbc.example/a"}]}
{"path":"/news/2013/07/1/a-second-event","date":"2013-07-01","position":1,"category":"Politics and elections","category_original":"","stories":[],"headline":"A second event.","text":"A second event.","mentions":[],"entities":[],"sources":[]}
`

func TestRunLaysOutOnePagePerEventWithTagsAndSections(t *testing.T) {
	out := t.TempDir()
	if err := run([]string{"--out", out}, strings.NewReader(export)); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(out, "content", "news", "2013", "06", "6", "north-korea-restores-the-red-cross-link.md"))
	if err != nil {
		t.Fatal(err)
	}
	front, body, ok := strings.Cut(string(page), "\n\n")
	if !ok {
		t.Fatalf("no front matter in %q", page)
	}
	var fm struct {
		Title      string
		Tags       []string
		Categories []string
		Date       string
	}
	if err := json.Unmarshal([]byte(front), &fm); err != nil {
		t.Fatalf("front matter %q: %v", front, err)
	}
	if fm.Title != `North Korea restores the "Red Cross" link.` || !slices.Equal(fm.Tags, []string{"North Korea", "Red Cross"}) ||
		!slices.Equal(fm.Categories, []string{"Armed conflicts and attacks"}) || fm.Date != "2013-06-06T12:00:00Z" {
		t.Errorf("front matter %+v", fm)
	}
	if !strings.Contains(body, "[BBC](https://bbc.example/a)") {
		t.Errorf("body %q lacks its source", body)
	}
	for _, f := range []string{"config.toml", "layouts/_default/single.html", "layouts/_default/list.xml",
		"content/news/_index.md", "content/news/2013/_index.md", "content/news/2013/06/_index.md",
		"content/news/2013/06/6/_index.md", "content/news/2013/07/1/_index.md"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s: %v", f, err)
		}
	}
}

func TestRunNamesABrokenExportLine(t *testing.T) {
	err := run([]string{"--out", t.TempDir()}, strings.NewReader(export+"{not json\n"))
	if err == nil || !strings.Contains(err.Error(), "event 3") {
		t.Errorf("error %v, want one naming event 3", err)
	}
}
