package mediawiki

import (
	"bytes"
	"os"
	"testing"
	"time"
)

// FuzzDumpReader feeds arbitrary bytes to the dump reader: it must never
// panic, must end (io.EOF or an error) within as many pages as the input
// could hold, must keep returning its error once it has one, and must give
// pages whose text is valid XML character data (no forbidden characters).
func FuzzDumpReader(f *testing.F) {
	for _, name := range []string{"export.xml", "truncated.xml"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, seed := range []string{
		"", "<mediawiki/>", "<html><body>not a dump</body></html>", "\x7fELF\x02\x01\x01\x00\x1b[2J",
		`<mediawiki><page><title>Portal:Current events/2013 June 5</title><revision><id>1</id><text>*x</text></revision></page></mediawiki>`,
		`<mediawiki><page><title>a</title><revision><id>x</id></revision></page>`,
		`<mediawiki><page><title>&#27;&#x202e;</title><revision><id>2</id><id>3</id><text>&amp;&lt;</text></revision><revision><id>9</id></revision></page></mediawiki>`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		done := make(chan struct{})
		go func() {
			defer close(done)
			readFuzzed(t, data)
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("reading %d bytes takes over 5 s: %q", len(data), data)
		}
	})
}

// readFuzzed reads every page of data and checks the reader's promises.
func readFuzzed(t *testing.T, data []byte) {
	r := NewReader(bytes.NewReader(data))
	var last error
	for pages := 0; last == nil; pages++ {
		if pages > len(data) {
			t.Errorf("more pages (%d) than input bytes", pages)
			return
		}
		p, err := r.Next()
		last = err
		for _, c := range p.Text {
			if !isXMLChar(c) {
				t.Errorf("page %q holds the character %U, which XML forbids", p.Title, c)
				return
			}
		}
	}
	if _, err := r.Next(); err == nil || err.Error() != last.Error() {
		t.Errorf("Next after %v gave %v", last, err)
	}
}
