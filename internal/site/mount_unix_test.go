//go:build unix

package site

import (
	"io/fs"
	"syscall"
	"testing"
	"time"
)

// statInfo is a directory's fs.FileInfo with the system's stat result, as
// os.Stat gives.
type statInfo struct{ st *syscall.Stat_t }

func (s statInfo) Name() string       { return "x" }
func (s statInfo) Size() int64        { return 0 }
func (s statInfo) Mode() fs.FileMode  { return fs.ModeDir | 0o755 }
func (s statInfo) ModTime() time.Time { return time.Time{} }
func (s statInfo) IsDir() bool        { return true }
func (s statInfo) Sys() any           { return s.st }

func TestIsMountPoint(t *testing.T) {
	on8, on9 := statInfo{&syscall.Stat_t{Dev: 8}}, statInfo{&syscall.Stat_t{Dev: 9}}
	for _, c := range []struct {
		name        string
		dir, parent fs.FileInfo
		want        bool
	}{
		{"same device", on8, on8, false},
		{"a volume mounted on DIR", on8, on9, true},
		{"no parent", on8, nil, false},
		{"no stat result", statInfo{}, on8, false},
	} {
		if got := isMountPoint(c.dir, c.parent); got != c.want {
			t.Errorf("%s: isMountPoint = %v, want %v", c.name, got, c.want)
		}
	}
}
