package server

import (
	"net/http"
	"strings"
	"testing"
)

func TestMangledLinksRedirectToThePage(t *testing.T) {
	h, _ := newTestHandler(t)
	tests := []struct{ target, want string }{
		{eventPath + ".html)", eventPath + ".html"},
		{eventPath + ".html.", eventPath + ".html"},
		{eventPath + ".html%20", eventPath + ".html"},
		{eventPath + ".html%E2%80%9D", eventPath + ".html"}, // ”
		{eventPath + ".htm", eventPath + ".html"},
		{eventPath + ".JSON", eventPath + ".json"},
		{eventPath + ".m", eventPath + ".md"},
		{strings.ToUpper(eventPath) + ".html", eventPath + ".html"},
		{eventPath + "/", eventPath},
		{eventPath + "%20/", eventPath}, // the slash, then the space
		{eventPath + ")", eventPath},
		{eventPath + ".html)?utm_source=mail", eventPath + ".html?utm_source=mail"},
		{"/news/2013/6/06/north-korea-restores-the-red-cross-link.html)", eventPath + ".html"},
		{movedPath + ".html)", movedPath + ".html"}, // which leads on to the event
		{retiredPath + ".", retiredPath},            // which leads on to its day
		{"/topics/dprk/)", "/topics/dprk/"},         // an alias's address, which leads on to its title
		{"/topics/north-korea/index.html)", "/topics/north-korea/index.html"},
	}
	assertRedirects(t, h, tests)

	// What mends to no page stays a 404.
	for _, target := range []string{"/news/2013/06/6/no-such-event.html)", "/index.html.bak", "/topics/nobody/)"} {
		if resp := get(t, h, "GET", target); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", target, resp.StatusCode)
		}
	}
}

func TestLinksCutShortFindTheirEvent(t *testing.T) {
	h, _ := newTestHandler(t)
	follow := []struct{ target, want string }{
		{"/news/2013/06/6/north-korea-restores-the-red", eventPath},
		{"/news/2013/06/6/north-korea-restores-the-red.html", eventPath + ".html"},
		{"/news/2013/06/6/north-korea-restores-the-red-cro.json", eventPath + ".json"},
		{"/news/2013/06/6/north-korea-restores-the-red%E2%80%A6", eventPath}, // …
		{"/news/2013/06/6/North-Korea-Restores-The-", eventPath},
		{"/news/2013/06/6/north-korea-restores", eventPath}, // the only current event: not the retired paths
		{"/news/2013/06/6/north-korea-restores-a", retiredPath},
		{"/news/2013/06/6/north-korea-p", proposesPath},
	}
	for _, tt := range follow {
		resp := get(t, h, "GET", tt.target)
		if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != tt.want {
			t.Errorf("GET %s: status %d, Location %q; want 302 to %s", tt.target, resp.StatusCode, resp.Header.Get("Location"), tt.want)
		}
	}

	offer := []struct {
		target string
		likely []string
	}{
		{"/news/2013/06/6/north-korea-", []string{eventPath, proposesPath}}, // two events start so
		{"/news/2013/06/6/north-kor.html", []string{eventPath, proposesPath}},
		{"/news/2013/06/6/a-fer", []string{ferryPath}}, // the only one, but too short to follow
		{"/news/2013/06/6/no-such-event", nil},
		{"/news/2013/06/7/north-korea-restores-the-red", nil}, // another day
		{"/topics/north-korea-restores-the-red", nil},
	}
	for _, tt := range offer {
		resp := get(t, h, "GET", tt.target)
		body := readBody(t, resp)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", tt.target, resp.StatusCode)
		}
		if got := strings.Count(body, "<li>"); got != len(tt.likely) {
			t.Errorf("GET %s: %d likely events on the 404 page, want %d: %s", tt.target, got, len(tt.likely), body)
		}
		for _, p := range tt.likely {
			if !strings.Contains(body, `href="`+p+`.html">`+fixtureHeadlines[p]) {
				t.Errorf("GET %s: the 404 page does not offer %s: %s", tt.target, p, body)
			}
		}
	}
}
