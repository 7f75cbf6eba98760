//go:build unix

package site

import (
	"io/fs"
	"syscall"
)

// createFile creates the file name with body, mode 0644 (chmod: whatever
// the umask). It calls the system directly, open, write and close: an
// os.File would also register the file with the runtime's poller, which a
// regular file refuses, and set and clear its non-blocking flag, six more
// system calls for each of a build's hundreds of thousands of files
// (docs/performance-log.md, "Build").
func createFile(name string, body []byte, chmod bool) error {
	var fd int
	err := retryEINTR(func() (err error) {
		fd, err = syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
		return err
	})
	if err != nil {
		return &fs.PathError{Op: "open", Path: name, Err: err}
	}
	werr := writeAll(fd, body)
	if werr == nil && chmod {
		werr = retryEINTR(func() error { return syscall.Fchmod(fd, 0o644) })
	}
	if cerr := syscall.Close(fd); werr == nil && cerr != nil {
		werr = cerr
	}
	if werr != nil {
		return &fs.PathError{Op: "write", Path: name, Err: werr}
	}
	return nil
}

// writeAll writes body to fd, again after a short write.
func writeAll(fd int, body []byte) error {
	for len(body) > 0 {
		var n int
		err := retryEINTR(func() (err error) {
			n, err = syscall.Write(fd, body)
			return err
		})
		if err != nil {
			return err
		}
		if n == 0 {
			return syscall.EIO
		}
		body = body[n:]
	}
	return nil
}

func retryEINTR(call func() error) error {
	for {
		if err := call(); err != syscall.EINTR {
			return err
		}
	}
}
