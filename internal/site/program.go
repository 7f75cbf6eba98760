package site

import (
	"debug/elf"
	"encoding/hex"
	"hash/crc64"
	"io"
	"os"
	"sync"
)

// programID identifies the running chronicle program. A build over a site
// another program built renders every page, as --full does (comparing them
// with the files, so that only those whose bytes differ are written):
// what a page of unchanged data holds may differ from one version of
// chronicle to the next, and an incremental build renders only what the
// data changed.
//
// It is the Go build ID of the executable (its ELF note, which the Go
// toolchain derives from the program's inputs and content), else a
// checksum of the executable's bytes; "" when neither can be read, and
// then every build renders every page.
var programID = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	if id := elfBuildID(exe); id != "" {
		return id
	}
	return fileChecksum(exe)
})

// elfBuildID returns the Go build ID of the ELF executable at path, from
// its note (name "Go", type 4); "" when it is not an ELF file or has no
// such note.
func elfBuildID(path string) string {
	f, err := elf.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sec := f.Section(".note.go.buildid")
	if sec == nil {
		return ""
	}
	note, err := sec.Data()
	if err != nil || len(note) < 16 {
		return ""
	}
	// An ELF note: name size, description size, type, then the name and
	// the description, each padded to 4 bytes.
	nameSize, descSize := f.ByteOrder.Uint32(note[0:]), f.ByteOrder.Uint32(note[4:])
	start := 12 + (uint64(nameSize)+3)&^3
	if f.ByteOrder.Uint32(note[8:]) != 4 || start+uint64(descSize) > uint64(len(note)) {
		return ""
	}
	return "go:" + string(note[start:start+uint64(descSize)])
}

// fileChecksum returns the CRC-64 of the file at path, "" when it cannot
// be read.
func fileChecksum(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := crc64.New(crc64.MakeTable(crc64.ECMA))
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return "crc64:" + hex.EncodeToString(h.Sum(nil))
}
