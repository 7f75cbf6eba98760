package main

import (
	"io"
	"net"
	"net/url"
	"regexp"
	"testing"
	"time"
)

// `chronicle serve` answers the same bytes with its fast front as with
// --fast=false (net/http alone), over TCP, for the demo's pages, its cover
// images (served beside the site by the demo) and what net/http answers.
func TestServeFastFrontMatchesNetHTTP(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the demo twice")
	}
	fast, stopFast := startServe(t, "--demo", "--base-url", "https://chronicle.example")
	defer stopFast()
	plain, stopPlain := startServe(t, "--demo", "--base-url", "https://chronicle.example", "--fast=false")
	defer stopPlain()
	for _, raw := range []string{
		"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET /news/2025/03/15/index.html HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n",
		"HEAD /news/2025/03/15/the-tsukuyomi-lander-touches-down HTTP/1.1\r\nHost: x\r\nAccept: text/markdown\r\n\r\n",
		"GET /news/2025/03/15/the-tsukuyomi-lander-touches-down.json HTTP/1.1\r\nHost: x\r\nIf-None-Match: *\r\n\r\n",
		"GET /media/demo/lander.png HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET /news/2025/03/15 HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET /nothing.html HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET /feed.xml HTTP/1.1\r\nHost: x\r\n\r\nGET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n",
	} {
		raw += "GET /style.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
		got, want := rawExchange(t, fast, raw), rawExchange(t, plain, raw)
		if got != want {
			t.Errorf("%q:\nfast front: %.600q\nnet/http:   %.600q", raw, got, want)
		}
		if len(got) < 200 {
			t.Errorf("%q: %q", raw, got)
		}
	}
}

// rawExchange sends raw to the server at base and returns what it answers
// until it closes the connection, Date headers blanked.
func rawExchange(t *testing.T, base, raw string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, raw); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(c)
	if err != nil {
		t.Fatal(err)
	}
	return regexp.MustCompile(`Date: [^\r]*\r\n`).ReplaceAllString(string(got), "")
}
