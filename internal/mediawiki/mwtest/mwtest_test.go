package mwtest

import (
	"strings"
	"testing"
)

func TestNormalizeTitle(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ns   int
	}{
		{"portal:current_events/2013_June_6", "Portal:Current events/2013 June 6", 100},
		{"PORTAL: current  events/x", "Portal:Current events/x", 100},
		{"south_korea", "South korea", 0},
		{"Ébola", "Ébola", 0},
		{"édith Piaf", "Édith Piaf", 0},
		{"Not a namespace: title", "Not a namespace: title", 0},
	}
	for _, tt := range tests {
		got, ns := NormalizeTitle(tt.in)
		if got != tt.want || ns != tt.ns {
			t.Errorf("NormalizeTitle(%q) = %q, %d; want %q, %d", tt.in, got, ns, tt.want, tt.ns)
		}
	}
}

func TestLoadDumpAndEdit(t *testing.T) {
	s := New()
	defer s.Close()
	dump := `<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11">
  <page><title>Portal:Current events/2013 June 6</title><ns>100</ns><id>7</id>
    <revision><id>500</id><timestamp>2013-06-07T00:00:00Z</timestamp><comment>start</comment><text>*One.</text></revision>
  </page>
</mediawiki>`
	n, err := s.LoadDump(strings.NewReader(dump))
	if err != nil || n != 1 || s.Pages() != 1 {
		t.Fatalf("loaded %d pages, %v", n, err)
	}
	rev := s.Edit("portal:Current_events/2013 June 6", "*Two.", "edit")
	if rev.ID <= 500 || s.Pages() != 1 {
		t.Errorf("edit gave revision %d; %d pages", rev.ID, s.Pages())
	}
	p := s.pages["Portal:Current events/2013 June 6"]
	if p.id != 7 || len(p.revisions) != 2 || p.revisions[1].ParentID != 500 || p.revisions[0].Comment != "start" {
		t.Errorf("page %+v", p)
	}
}
