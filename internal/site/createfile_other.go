//go:build !unix

package site

import (
	"errors"
	"os"
)

// createFile creates the file name with body, mode 0644 (chmod: whatever
// the umask).
func createFile(name string, body []byte, chmod bool) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, werr := f.Write(body)
	if werr == nil && chmod {
		werr = f.Chmod(0o644)
	}
	return errors.Join(werr, f.Close())
}
