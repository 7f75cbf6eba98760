package render

import (
	"testing"
	"time"
)

func TestPortalRevisionURL(t *testing.T) {
	tests := []struct {
		p    PortalRevision
		want string
	}{
		{PortalRevision{Title: "Portal:Current events/2013 June 6", ID: 558703123},
			"https://en.wikipedia.org/w/index.php?title=Portal:Current_events/2013_June_6&oldid=558703123"},
		{PortalRevision{Title: "Portal:Current events/2013 June 6"}, "https://en.wikipedia.org/wiki/Portal:Current_events/2013_June_6"},
		// A title's query characters are escaped: it stays one parameter.
		{PortalRevision{Title: "A&B=C+D?#", ID: 7}, "https://en.wikipedia.org/w/index.php?title=A%26B%3DC%2BD%3F%23&oldid=7"},
	}
	for _, tt := range tests {
		if got := tt.p.URL(); got != tt.want {
			t.Errorf("%+v.URL() = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestPortalDocTellsOnlyAKnownRevision(t *testing.T) {
	saved := time.Date(2013, time.June, 7, 10, 30, 0, 0, time.FixedZone("CEST", 2*3600))
	known := portalDocOf(PortalRevision{Title: "Portal:Current events/2013 June 6", ID: 558703123, Timestamp: saved})
	if known.Revision != 558703123 || known.Timestamp != "2013-06-07T08:30:00Z" {
		t.Errorf("known revision: %+v", known)
	}
	// A .wiki file's day: the file's time is no revision's.
	unknown := portalDocOf(PortalRevision{Title: "Portal:Current events/2013 June 6", Timestamp: saved})
	if unknown.Revision != 0 || unknown.Timestamp != "" || unknown.URL != "https://en.wikipedia.org/wiki/Portal:Current_events/2013_June_6" {
		t.Errorf("unknown revision: %+v", unknown)
	}
}
