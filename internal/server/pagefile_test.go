package server

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"runtime"
	"testing"
	"time"
)

// A cached page's body gets a memory file from sendfileMin bytes on, made
// once per representation, holding the body's bytes, counted by the cache,
// and closed once the page is dropped and collected.
func TestPageFiles(t *testing.T) {
	skipWithoutPageFiles(t)
	defer func(n int) { sendfileMin = n }(sendfileMin)
	sendfileMin = 64 << 10
	small := newCached(bytes.Repeat([]byte("<p>small</p>"), 100), "text/html", time.Time{})
	if f := small.pageFile(&small.plain); f != nil {
		t.Errorf("a %d-byte body got a page file", len(small.body))
	}
	if got, want := small.size("k"), int64(len(small.body)+len(small.gz)+1+len("text/html")+entryOverhead); got != want {
		t.Errorf("small page: size %d, want %d", got, want)
	}

	var f *os.File
	func() {
		big := newCached(bytes.Repeat([]byte("<p>big page, many words</p>\n"), 4000), "text/html", time.Time{})
		if got, want := big.size("k"), int64(2*len(big.body)+len(big.gz)+1+len("text/html")+entryOverhead); got != want {
			t.Errorf("big page: size %d, want %d (its body twice)", got, want)
		}
		f = big.pageFile(&big.plain)
		if f == nil {
			t.Fatal("no page file for a big body")
		}
		if again := big.pageFile(&big.plain); again != f {
			t.Error("a second page file for the same body")
		}
		got := make([]byte, len(big.body)+1)
		n, _ := f.ReadAt(got, 0)
		if !bytes.Equal(got[:n], big.body) {
			t.Errorf("the page file holds %d bytes, not the body's %d", n, len(big.body))
		}
		if _, err := f.Write([]byte("x")); err == nil {
			t.Error("the page file could be written to: not sealed")
		}
		if gz := big.pageFile(&big.zipped); gz != nil {
			t.Errorf("a %d-byte gzipped body got a page file", len(big.gz))
		}
	}()
	// Holding the file does not hold its page.
	closed := func() bool { _, err := f.ReadAt(make([]byte, 1), 0); return errors.Is(err, os.ErrClosed) }
	for deadline := time.Now().Add(10 * time.Second); !closed() && time.Now().Before(deadline); {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if !closed() {
		t.Error("the page file is still open after its page was collected")
	}
}

// A page file closed before its answer sends nothing, and says so: the
// front then writes the body from memory.
func TestSendPageFileClosed(t *testing.T) {
	skipWithoutPageFiles(t)
	f, err := newPageFile([]byte("<p>page</p>"))
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	server, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	if sent, err := sendPageFile(server, []byte("HTTP/1.1 200 OK\r\n\r\n"), f, 11); sent || err != nil {
		t.Errorf("sendPageFile of a closed file: sent %v, %v; want nothing sent, no error", sent, err)
	}
	server.Close()
	if got, _ := io.ReadAll(client); len(got) > 0 {
		t.Errorf("the client got %q", got)
	}
}

func skipWithoutPageFiles(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("page files are Linux's")
	}
}
