package deploy

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
)

func TestManifestRoundTrip(t *testing.T) {
	m := corpusSizedManifest(3)
	body, err := encodeManifest(m)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeManifest(bytes.NewReader(body))
	if err != nil || fmt.Sprint(got) != fmt.Sprint(m) {
		t.Fatalf("decoded %v, %v; want %v", got, err, m)
	}
	odd := &manifest{Version: manifestVersion, Files: map[string]entry{"a\tb\nc": {SHA256: `"x`, header: header{Redirect: "/r"}}}}
	if body, err := encodeManifest(odd); err != nil {
		t.Fatal(err)
	} else if got, err := decodeManifest(bytes.NewReader(body)); err != nil || fmt.Sprint(got) != fmt.Sprint(odd) {
		t.Fatalf("decoded %v, %v; want %v", got, err, odd)
	}
	for _, bad := range [][]byte{[]byte("not gzip"), gzipBytes([]byte("{")), gzipBytes([]byte("chronicle-manifest 9 0\n")),
		gzipBytes([]byte("chronicle-manifest 1 1\na\tb\n")), gzipBytes([]byte("chronicle-manifest 1 1\na\tb\tx\t1\tt\tc\t\t\n")),
		gzipBytes([]byte("chronicle-manifest 1\n"))} {
		if _, err := decodeManifest(bytes.NewReader(bad)); !errors.Is(err, errBadManifest) {
			t.Errorf("decodeManifest(%q) = %v; want errBadManifest", bad, err)
		}
	}
}

// corpusSizedManifest is a manifest of n files shaped like the corpus site's.
func corpusSizedManifest(n int) *manifest {
	m := &manifest{Version: manifestVersion, Files: make(map[string]entry, n)}
	for i := range n {
		rel := fmt.Sprintf("news/%d/%02d/%d/an-event-headline-of-some-seventy-characters-as-most-are-number-%d.html", 2002+i%24, 1+i%12, 1+i%28, i)
		m.Files[rel] = entry{SHA256: fmt.Sprintf("%064x", i*7919), Size: int64(5000 + i%3000), MTime: 1764650000000000000 + int64(i),
			header: staticHeader(rel, false)}
	}
	return m
}

// BenchmarkManifest measures reading and writing the manifest of the full
// corpus site (582,368 files), which every deploy reads and every deploy
// that changed something writes.
func BenchmarkManifest(b *testing.B) {
	m := corpusSizedManifest(582368)
	body, err := encodeManifest(m)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("manifest of %d files: %.1f MB gzipped", len(m.Files), float64(len(body))/1e6)
	b.Run("encode", func(b *testing.B) {
		for range b.N {
			if _, err := encodeManifest(m); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode", func(b *testing.B) {
		for range b.N {
			if _, err := decodeManifest(bytes.NewReader(body)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
