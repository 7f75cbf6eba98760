package render

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"github.com/chronicle-archive/chronicle/internal/weburl"
	"golang.org/x/net/idna"
)

// hostNames checks host names as a resolver would look them up: letters,
// digits and hyphens in labels of 1 to 63 bytes (international names
// mapped to their ASCII form first).
var hostNames = idna.New(idna.MapForLookup(), idna.VerifyDNSLength(true), idna.BidiRule())

// CheckBaseURL reports whether raw can be a site's base URL: an absolute
// http(s) URL by weburl's rules, without a query, whose host is a valid host
// name or IP address (it goes into every canonical link, feed and sitemap),
// perhaps with a path. The error quotes raw and says what is wrong with it,
// for the caller to say where it came from.
func CheckBaseURL(raw string) error {
	u, err := weburl.Check(raw, false)
	switch {
	case errors.Is(err, weburl.ErrNotHTTP):
		return fmt.Errorf("%q: want an absolute http(s) URL such as https://chronicle.example", raw)
	case errors.Is(err, weburl.ErrQuery), errors.Is(err, weburl.ErrFragment):
		return fmt.Errorf("%q: want no query or fragment, only a scheme, a host and perhaps a path", raw)
	case err != nil:
		return fmt.Errorf("%q: %w", raw, err)
	}
	if err := checkHost(u.Hostname(), strings.HasPrefix(u.Host, "[")); err != nil {
		return fmt.Errorf("%q: %w", raw, err)
	}
	return nil
}

// checkHost checks a URL's host: an IPv6 address in brackets, an IPv4
// address, or a host name.
func checkHost(host string, bracketed bool) error {
	if bracketed {
		if a, err := netip.ParseAddr(host); err != nil || !a.Is6() {
			return fmt.Errorf("host [%s] is not a valid IPv6 address", host)
		}
		return nil
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return nil
	}
	if _, err := hostNames.ToASCII(host); err != nil {
		return fmt.Errorf("host %q is not a valid host name", host)
	}
	return nil
}
