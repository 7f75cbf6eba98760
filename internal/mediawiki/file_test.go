package mediawiki

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusPath is the shared corpus, seen from this package's directory.
const corpusPath = "../../../shared/corpus/portal-current-events-2002-2026.xml.bz2"

func gzipped(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestOpenFileDetectsCompressionByMagicBytes(t *testing.T) {
	plain, err := os.ReadFile("testdata/export.xml")
	if err != nil {
		t.Fatal(err)
	}
	bz2, err := os.ReadFile("testdata/export.xml.bz2")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		file string
		data []byte
		want Compression
	}{
		{"plain", "export.xml", plain, Plain},
		{"bzip2", "export.xml.bz2", bz2, Bzip2},
		{"gzip", "export.xml.gz", gzipped(t, plain), Gzip},
		{"gzip named .xml", "export.xml", gzipped(t, plain), Gzip},
		{"bzip2 named .gz", "export.gz", bz2, Bzip2},
		{"plain named .bz2", "export.bz2", plain, Plain},
	}
	for _, tt := range tests {
		f, err := OpenFile(writeTemp(t, tt.file, tt.data))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got, err := io.ReadAll(f)
		if err != nil {
			t.Errorf("%s: read: %v", tt.name, err)
		}
		if f.Compression() != tt.want || !bytes.Equal(got, plain) {
			t.Errorf("%s: compression %s, %d bytes; want %s, %d bytes", tt.name, f.Compression(), len(got), tt.want, len(plain))
		}
		if f.BytesRead() != int64(len(tt.data)) || f.Size() != int64(len(tt.data)) {
			t.Errorf("%s: BytesRead %d Size %d, want %d", tt.name, f.BytesRead(), f.Size(), len(tt.data))
		}
		if err := f.Close(); err != nil {
			t.Errorf("%s: close: %v", tt.name, err)
		}
	}
}

func TestOpenFileTruncatedCompressedDumpGivesPagesThenError(t *testing.T) {
	plain, err := os.ReadFile("testdata/export.xml")
	if err != nil {
		t.Fatal(err)
	}
	gz := gzipped(t, plain)
	bz2, err := os.ReadFile("testdata/export.xml.bz2")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"gzip", gz[:len(gz)*3/4]},
		{"bzip2", bz2[:len(bz2)-40]},
	}
	for _, tt := range tests {
		f, err := OpenFile(writeTemp(t, "cut", tt.data))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		_, err = readAll(t, NewReader(f))
		f.Close()
		if err == nil || !strings.Contains(err.Error(), "byte") {
			t.Errorf("%s: err = %v, want an error with the byte offset", tt.name, err)
		}
	}
}

func TestOpenFileErrors(t *testing.T) {
	tests := []struct{ name, path, want string }{
		{"missing", filepath.Join(t.TempDir(), "nope.xml"), "no such file"},
		{"directory", t.TempDir(), "is a directory"},
		{"bad gzip header", writeTemp(t, "x.gz", []byte{0x1f, 0x8b, 0}), "gzip header"},
		{"SQLite database", writeTemp(t, "chronicle.db", []byte("SQLite format 3\x00\x10\x00")), "a SQLite database, not a MediaWiki dump"},
		{"xz", writeTemp(t, "dump.xml.xz", []byte{0xfd, '7', 'z', 'X', 'Z', 0, 0}), "xz-compressed"},
		{"zstd", writeTemp(t, "dump.xml.zst", []byte{0x28, 0xb5, 0x2f, 0xfd, 0}), "zstd-compressed"},
		{"7z", writeTemp(t, "dump.7z", []byte{'7', 'z', 0xbc, 0xaf, 0x27, 0x1c}), "7z archive"},
	}
	for _, tt := range tests {
		_, err := OpenFile(tt.path)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestFileCloseStopsDecompressionEarly(t *testing.T) {
	if _, err := os.Stat(corpusPath); err != nil {
		t.Skip("shared corpus absent")
	}
	f, err := OpenFile(corpusPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(f, make([]byte, 1000)); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Read(make([]byte, 10)); err == nil {
		t.Error("Read after Close succeeded")
	}
}

// BenchmarkReadCorpus reads every page of the shared corpus from its .bz2,
// decompression overlapped with XML decoding.
func BenchmarkReadCorpus(b *testing.B) {
	if _, err := os.Stat(corpusPath); err != nil {
		b.Skip("shared corpus absent")
	}
	for b.Loop() {
		f, err := OpenFile(corpusPath)
		if err != nil {
			b.Fatal(err)
		}
		r := NewReader(f)
		pages := 0
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			pages++
		}
		b.SetBytes(r.Offset())
		f.Close()
		b.ReportMetric(float64(pages), "pages")
	}
}
