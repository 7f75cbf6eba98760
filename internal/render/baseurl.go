package render

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/idna"
)

// hostNames checks host names as a resolver would look them up: letters,
// digits and hyphens in labels of 1 to 63 bytes (international names
// mapped to their ASCII form first).
var hostNames = idna.New(idna.MapForLookup(), idna.VerifyDNSLength(true), idna.BidiRule())

// CheckBaseURL reports whether raw can be a site's base URL: an absolute
// http(s) URL whose host is a valid host name or IP address, with a port
// from 1 to 65535 when it names one, perhaps a path, and nothing else — no
// user name or password, query or fragment. The error quotes raw and says
// what is wrong with it, for the caller to say where it came from.
func CheckBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		if ue := (*url.Error)(nil); errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("%q: %v", raw, err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https", u.Host == "":
		return fmt.Errorf("%q: want an absolute http(s) URL such as https://chronicle.example", raw)
	case u.User != nil:
		return fmt.Errorf("%q: must not contain a user name or password", raw)
	case u.RawQuery != "", u.Fragment != "", u.ForceQuery:
		return fmt.Errorf("%q: want no query or fragment, only a scheme, a host and perhaps a path", raw)
	}
	if err := checkHost(u); err != nil {
		return fmt.Errorf("%q: %w", raw, err)
	}
	return nil
}

// checkHost checks the host and port of an absolute URL.
func checkHost(u *url.URL) error {
	if strings.HasSuffix(u.Host, ":") {
		return errors.New("empty port after the host's colon")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("port %s: want 1 to 65535", p)
		}
	}
	host := u.Hostname()
	if strings.HasPrefix(u.Host, "[") {
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
