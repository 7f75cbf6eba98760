package fetcher

import (
	"context"
	"net"
	"net/netip"
)

// ResolverFunc is a Resolver answering from a function of the host name:
// for tests, which map made-up names to a local server, and for local
// mirrors. A name it gives no address for is not found, as a DNS lookup of
// an unknown name.
type ResolverFunc func(host string) []netip.Addr

// LookupNetIP implements Resolver.
func (f ResolverFunc) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	addrs := f(host)
	if len(addrs) == 0 {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	return addrs, nil
}
