package fetcher

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
)

// ErrForbiddenAddress is returned, wrapped with the address, when a request
// would connect to a loopback, private, link-local, multicast, unspecified
// or otherwise non-public address and private addresses are not allowed.
var ErrForbiddenAddress = errors.New("address is not public")

// ErrForbiddenURL is returned, wrapped with the URL, for a scheme other than
// http and https, a port other than 80 and 443 (unless any port is
// allowed), or a URL without a host.
var ErrForbiddenURL = errors.New("URL not allowed")

// nonPublic are the ranges, beyond what netip.Addr's predicates name, that
// reach no public host: "this network", shared address space (CGNAT), IETF
// protocol assignments, benchmarking, reserved and broadcast, NAT64 and the
// IPv6 discard and documentation prefixes.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"),
	netip.MustParsePrefix("64:ff9b:1::/48"),
	netip.MustParsePrefix("100::/64"),
	netip.MustParsePrefix("2001:db8::/32"),
	netip.MustParsePrefix("2002::/16"),
}

// IsPublic reports whether addr is a public unicast address that a fetch may
// connect to. IPv4-mapped IPv6 addresses are judged as the IPv4 address.
func IsPublic(addr netip.Addr) bool {
	addr = addr.Unmap()
	if !addr.IsValid() || addr.IsLoopback() || addr.IsPrivate() || addr.IsUnspecified() ||
		addr.IsLinkLocalUnicast() || addr.IsLinkLocalMulticast() || addr.IsInterfaceLocalMulticast() ||
		addr.IsMulticast() || addr.Zone() != "" {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(addr) {
			return false
		}
	}
	return true
}

// control is the dialer's Control hook: it sees the address about to be
// connected, after DNS resolution, so that neither a rebinding resolver nor
// a redirect can lead a request to a private address.
func (f *Fetcher) control(network, address string, _ syscall.RawConn) error {
	if f.cfg.AllowPrivate {
		return nil
	}
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("dial %s: %w", address, err)
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("dial %s: %w", address, err)
	}
	if !IsPublic(addr) {
		return fmt.Errorf("dial %s: %w", address, ErrForbiddenAddress)
	}
	return nil
}

// checkURL refuses what may not be fetched before any connection is made.
func (f *Fetcher) checkURL(u *url.URL) error {
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return fmt.Errorf("%w: %s: scheme %q is not http or https", ErrForbiddenURL, u.Redacted(), u.Scheme)
	}
	if u.Hostname() == "" {
		return fmt.Errorf("%w: %s: no host", ErrForbiddenURL, u.Redacted())
	}
	if u.User != nil {
		return fmt.Errorf("%w: %s: credentials in the URL", ErrForbiddenURL, u.Redacted())
	}
	if f.cfg.AllowAnyPort || u.Port() == "" {
		return nil
	}
	port, err := strconv.Atoi(u.Port())
	if err != nil || (port != 80 && port != 443) {
		return fmt.Errorf("%w: %s: port %s is not 80 or 443", ErrForbiddenURL, u.Redacted(), u.Port())
	}
	return nil
}
