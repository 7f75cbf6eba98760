// Package weburl checks the http(s) URLs given to Chronicle on its command
// line — a site's base URL, an S3 endpoint, the address of an API — with
// one set of rules, so that each command refuses the same mistakes.
package weburl

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// The mistakes Check finds, for callers that word them their own way
// (errors.Is); the error Check returns says what is wrong in itself.
var (
	ErrMalformed = errors.New("not a URL")
	ErrNotHTTP   = errors.New("want an absolute http(s) URL")
	ErrUserInfo  = errors.New("must not contain a user name or password")
	ErrQuery     = errors.New("must not have a query")
	ErrFragment  = errors.New("must not have a fragment")
	ErrPort      = errors.New("bad port")
)

// Error is a mistake of one kind, with what in the URL made it.
type Error struct {
	Kind   error  // one of the Err values
	Detail string // what is wrong, when Kind alone does not say it
}

func (e *Error) Error() string {
	if e.Detail != "" {
		return e.Detail
	}
	return e.Kind.Error()
}

func (e *Error) Unwrap() error { return e.Kind }

// Check parses raw as an absolute http or https URL with a host, a port
// from 1 to 65535 when it names one, no user name or password and no
// fragment; a query only when query is true.
func Check(raw string, query bool) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		if ue := (*url.Error)(nil); errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, &Error{ErrMalformed, err.Error()}
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https", u.Host == "":
		return nil, &Error{Kind: ErrNotHTTP}
	case u.User != nil:
		return nil, &Error{Kind: ErrUserInfo}
	case !query && (u.RawQuery != "" || u.ForceQuery):
		return nil, &Error{Kind: ErrQuery}
	case u.Fragment != "":
		return nil, &Error{Kind: ErrFragment}
	case strings.HasSuffix(u.Host, ":"):
		return nil, &Error{ErrPort, "empty port after the host's colon"}
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, &Error{ErrPort, fmt.Sprintf("port %s: want 1 to 65535", p)}
		}
	}
	return u, nil
}
