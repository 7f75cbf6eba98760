//go:build unix

package site

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A built site is readable by other users (a web server's) whatever the
// umask: directories 0755, files 0644, the root included, after a full
// build into a temporary directory and after an incremental one. Under a
// umask that takes nothing from those modes the full build sets no mode
// (see output.mkdirNew); under one that does, it sets every one.
func TestBuildIsReadableByOthers(t *testing.T) {
	for _, mask := range []int{0o077, 0o022, 0o002} {
		t.Run(fmt.Sprintf("umask %03o", mask), func(t *testing.T) {
			old := syscall.Umask(mask)
			defer syscall.Umask(old)
			st := demoStore(t)
			out := filepath.Join(t.TempDir(), "public")
			ctx := context.Background()
			if _, err := New(st, testConfig).Build(ctx, out, BuildOptions{}); err != nil {
				t.Fatal(err)
			}
			checkModes(t, out)
			// A site an older build left 0700 is repaired by the next build.
			if err := os.Chmod(out, 0o700); err != nil {
				t.Fatal(err)
			}
			if _, err := New(st, testConfig).Build(ctx, out, BuildOptions{Full: true}); err != nil {
				t.Fatal(err)
			}
			checkModes(t, out)
		})
	}
}

func TestProcessUmaskIsTheUmask(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc/self/status:", err)
	}
	for _, mask := range []int{0o022, 0o077, 0, 0o002} {
		old := syscall.Umask(mask)
		got, ok := processUmask()
		syscall.Umask(old)
		if !ok || got != fs.FileMode(mask) {
			t.Errorf("umask %03o: processUmask() = %03o, %v", mask, got, ok)
		}
	}
}

func checkModes(t *testing.T, out string) {
	t.Helper()
	bad := 0
	if fi, err := os.Stat(out + versionsSuffix); err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("%s: %v, %v; want a directory of mode 0755", out+versionsSuffix, fi, err)
	}
	out, err := filepath.EvalSymlinks(out)
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(out, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		want := fs.FileMode(0o644)
		if d.IsDir() {
			want = 0o755
		}
		if info.Mode().Perm() != want && bad < 5 {
			bad++
			t.Errorf("%s: mode %v; want %v", name, info.Mode().Perm(), want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
