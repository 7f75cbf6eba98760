package mediawiki

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
)

// Compression names how a dump file is compressed.
type Compression string

// The compressions OpenFile recognises by their magic bytes.
const (
	Plain Compression = "plain"
	Bzip2 Compression = "bzip2"
	Gzip  Compression = "gzip"
)

const (
	chunkSize   = 256 << 10 // bytes of decompressed XML handed over at once
	chunksAhead = 16        // how far decompression may run ahead of parsing
)

// File is an opened dump file that reads as its uncompressed XML.
//
// Compressed files are decompressed in a goroutine of their own, up to
// chunksAhead chunks ahead of the reader, so that decompression (slow for
// bzip2) overlaps the parsing that consumes it.
type File struct {
	path        string
	osFile      *os.File
	size        int64
	compression Compression
	disk        *countingReader

	src     io.Reader // plain files: read directly
	chunks  chan chunk
	free    chan []byte
	done    chan struct{}
	exited  chan struct{}
	cur     []byte
	curBuf  []byte
	err     error
	closed  atomic.Bool
	closing sync.Once
}

// chunk is a piece of decompressed data, or the error that ended the stream.
type chunk struct {
	data []byte
	err  error
}

// OpenFile opens a dump file, plain XML or compressed with bzip2 or gzip.
// The compression is recognised by the file's first bytes, not its name.
func OpenFile(path string) (*File, error) {
	osFile, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	info, err := osFile.Stat()
	if err != nil {
		osFile.Close()
		return nil, err
	}
	if info.IsDir() {
		osFile.Close()
		return nil, fmt.Errorf("%s: is a directory, not a dump file", path)
	}
	f := &File{path: path, osFile: osFile, size: info.Size(), disk: &countingReader{r: osFile}}
	buffered := bufio.NewReaderSize(f.disk, 64<<10)
	magic, _ := buffered.Peek(16)
	if what := unsupportedFormat(magic); what != "" {
		osFile.Close()
		return nil, fmt.Errorf("%s: %s", path, what)
	}
	switch {
	case bytes.HasPrefix(magic, []byte("BZh")):
		f.compression = Bzip2
		f.startPump(bzip2.NewReader(buffered))
	case bytes.HasPrefix(magic, []byte{0x1f, 0x8b}):
		f.compression = Gzip
		gz, err := gzip.NewReader(buffered)
		if err != nil {
			osFile.Close()
			return nil, fmt.Errorf("%s: gzip header: %w", path, err)
		}
		f.startPump(gz)
	default:
		f.compression = Plain
		f.src = buffered
	}
	return f, nil
}

// unsupported lists the formats a file given to import is often in but a
// dump is not, each with its magic bytes and what to tell the user.
var unsupported = []struct {
	magic []byte
	what  string
}{
	{[]byte("SQLite format 3\x00"), "a SQLite database, not a MediaWiki dump (a Chronicle database is given with --db)"},
	{[]byte{0xfd, '7', 'z', 'X', 'Z', 0}, "xz-compressed, which import does not read: decompress it (xz -d) or give the .bz2 or .gz dump"},
	{[]byte{0x28, 0xb5, 0x2f, 0xfd}, "zstd-compressed, which import does not read: decompress it (zstd -d) or give the .bz2 or .gz dump"},
	{[]byte{'7', 'z', 0xbc, 0xaf, 0x27, 0x1c}, "a 7z archive, which import does not read: extract the XML dump from it first"},
	{[]byte("PK\x03\x04"), "a zip archive, which import does not read: extract the XML dump from it first"},
}

// unsupportedFormat says what a file starting with magic is when it is a
// format import cannot read, or "" when it may be a dump.
func unsupportedFormat(magic []byte) string {
	for _, u := range unsupported {
		if bytes.HasPrefix(magic, u.magic) {
			return u.what
		}
	}
	return ""
}

// Compression returns how the file is compressed.
func (f *File) Compression() Compression { return f.compression }

// Size returns the file's size on disk.
func (f *File) Size() int64 { return f.size }

// BytesRead returns how many bytes of the file on disk (compressed bytes for
// a compressed file) have been read so far; safe to call from any goroutine.
func (f *File) BytesRead() int64 { return f.disk.n.Load() }

// Read reads uncompressed XML.
func (f *File) Read(p []byte) (int, error) {
	if f.closed.Load() {
		return 0, fmt.Errorf("%s: read after Close", f.path)
	}
	if f.src != nil {
		return f.src.Read(p)
	}
	for len(f.cur) == 0 {
		if f.err != nil {
			return 0, f.err
		}
		f.recycle()
		select {
		case c := <-f.chunks:
			f.cur, f.curBuf, f.err = c.data, c.data, c.err
		case <-f.done:
			return 0, fmt.Errorf("%s: read after Close", f.path)
		}
	}
	n := copy(p, f.cur)
	f.cur = f.cur[n:]
	return n, nil
}

// Close stops decompression and closes the file.
func (f *File) Close() error {
	var err error
	f.closing.Do(func() {
		f.closed.Store(true)
		if f.done != nil {
			close(f.done)
		}
		err = f.osFile.Close()
		if f.exited != nil {
			<-f.exited
		}
	})
	return err
}

func (f *File) startPump(decompressed io.Reader) {
	f.chunks = make(chan chunk, chunksAhead)
	f.free = make(chan []byte, chunksAhead+2)
	f.done = make(chan struct{})
	f.exited = make(chan struct{})
	go f.pump(decompressed)
}

// pump decompresses into chunks until the end of the stream, an error, or Close.
func (f *File) pump(decompressed io.Reader) {
	defer close(f.exited)
	for {
		buf := f.buffer()
		n, err := fill(decompressed, buf)
		if n > 0 && !f.send(chunk{data: buf[:n]}) {
			return
		}
		if err != nil {
			if err != io.EOF {
				err = fmt.Errorf("decompress %s (%s): %w", f.path, f.compression, err)
			}
			f.send(chunk{err: err})
			return
		}
	}
}

func (f *File) send(c chunk) bool {
	select {
	case f.chunks <- c:
		return true
	case <-f.done:
		return false
	}
}

// buffer returns a chunk buffer the reader has finished with, or a new one.
func (f *File) buffer() []byte {
	select {
	case b := <-f.free:
		return b
	default:
		return make([]byte, chunkSize)
	}
}

// recycle hands the drained current chunk back to the pump.
func (f *File) recycle() {
	if f.curBuf == nil {
		return
	}
	select {
	case f.free <- f.curBuf[:cap(f.curBuf)]:
	default:
	}
	f.curBuf = nil
}

// fill reads until buf is full or r fails; unlike io.ReadFull it passes
// r's own io.ErrUnexpectedEOF (a truncated stream) on unchanged.
func fill(r io.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// countingReader counts the bytes read through it, for progress reports.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
