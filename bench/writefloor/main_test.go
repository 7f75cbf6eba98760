package main

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestRunWritesTheFilesAndBytes(t *testing.T) {
	tests := []struct {
		files, bytes int64
		dirs         int // leaf directories
	}{
		{1, 0, 1},
		{3, 10, 1}, // sizes 4, 3, 3
		{250, 100_001, 3},
		{10_001, 20_000, 101}, // a second directory of the first level
	}
	for _, tt := range tests {
		out := filepath.Join(t.TempDir(), "floor")
		args := []string{"--files", itoa(tt.files), "--bytes", itoa(tt.bytes), "--out", out}
		if err := run(args, io.Discard); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		var files, bytes, smallest, largest int64
		dirs := map[string]bool{}
		smallest = -1
		err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			files++
			bytes += info.Size()
			if smallest < 0 || info.Size() < smallest {
				smallest = info.Size()
			}
			largest = max(largest, info.Size())
			dirs[filepath.Dir(p)] = true
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if files != tt.files || bytes != tt.bytes || len(dirs) != tt.dirs {
			t.Errorf("%v: wrote %d files, %d bytes in %d directories; want %d, %d, %d", args, files, bytes, len(dirs), tt.files, tt.bytes, tt.dirs)
		}
		if largest-smallest > 1 {
			t.Errorf("%v: sizes from %d to %d bytes, want them within one byte", args, smallest, largest)
		}
	}
}

func TestRunRefusesBadArguments(t *testing.T) {
	existing := t.TempDir()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--bytes", "5", "--out", "x"}, "--files"},
		{[]string{"--files", "0", "--out", "x"}, "--files"},
		{[]string{"--files", "2", "--bytes", "-1", "--out", "x"}, "--bytes"},
		{[]string{"--files", "2"}, "--out"},
		{[]string{"--files", "2", "--out", "x", "extra"}, `"extra"`},
		{[]string{"--files", "2", "--out", existing}, "exists"},
	}
	for _, tt := range tests {
		err := run(tt.args, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run(%q) = %v, want an error naming %s", tt.args, err, tt.want)
		}
	}
	if entries, _ := os.ReadDir(existing); len(entries) > 0 {
		t.Errorf("wrote into the existing directory: %v", entries)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
