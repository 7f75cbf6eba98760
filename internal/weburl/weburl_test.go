package weburl

import (
	"errors"
	"testing"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		raw   string
		query bool
		kind  error // nil: accepted
		text  string
	}{
		{"https://chronicle.example", false, nil, ""},
		{"http://[::1]:65535/w/api.php", false, nil, ""},
		{"https://archive.example/available?x=1", true, nil, ""},
		{"", false, ErrNotHTTP, "want an absolute http(s) URL"},
		{"127.0.0.1:7070", false, ErrMalformed, "first path segment in URL cannot contain colon"},
		{"http://exam ple.com/", false, ErrMalformed, `invalid character " " in host name`},
		{"ftp://example.com", false, ErrNotHTTP, "want an absolute http(s) URL"},
		{"https:///path", false, ErrNotHTTP, "want an absolute http(s) URL"},
		{"https://user:pass@example.com", false, ErrUserInfo, "must not contain a user name or password"},
		{"https://example.com/?x=1", false, ErrQuery, "must not have a query"},
		{"https://example.com/?", false, ErrQuery, "must not have a query"},
		{"https://example.com/#top", true, ErrFragment, "must not have a fragment"},
		{"http://example.com:", false, ErrPort, "empty port after the host's colon"},
		{"http://example.com:0", false, ErrPort, "port 0: want 1 to 65535"},
		{"http://example.com:99999", false, ErrPort, "port 99999: want 1 to 65535"},
	}
	for _, tt := range tests {
		_, err := Check(tt.raw, tt.query)
		if tt.kind == nil {
			if err != nil {
				t.Errorf("Check(%q) = %v, want it accepted", tt.raw, err)
			}
			continue
		}
		if !errors.Is(err, tt.kind) || err.Error() != tt.text {
			t.Errorf("Check(%q) = %v, want %q of kind %v", tt.raw, err, tt.text, tt.kind)
		}
	}
}
