package server

import (
	"errors"
	"io"
	"net"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// pageFilesPossible: this system has memory files and sendfile(2).
const pageFilesPossible = true

// newPageFile returns a sealed memory file (memfd_create(2)) holding body,
// which sendPageFile sends with sendfile(2).
func newPageFile(body []byte) (*os.File, error) {
	fd, err := unix.MemfdCreate("chronicle-page", unix.MFD_CLOEXEC|unix.MFD_ALLOW_SEALING)
	if err != nil {
		return nil, os.NewSyscallError("memfd_create", err)
	}
	f := os.NewFile(uintptr(fd), "chronicle-page")
	if _, err := f.Write(body); err != nil {
		f.Close()
		return nil, err
	}
	// Sealed, the file can no longer change: what is sent is what was cached.
	seals := unix.F_SEAL_SHRINK | unix.F_SEAL_GROW | unix.F_SEAL_WRITE | unix.F_SEAL_SEAL
	if _, err := unix.FcntlInt(uintptr(fd), unix.F_ADD_SEALS, seals); err != nil {
		f.Close()
		return nil, os.NewSyscallError("fcntl", err)
	}
	return f, nil
}

// sendPageFile writes head, then the n bytes of page from its start, to
// conn: the header with MSG_MORE, so that it leaves with the body's first
// bytes, and the body with sendfile(2), which hands the kernel the file's
// pages instead of copying the body from memory as write(2) does. sent is
// false when conn is not a socket it can send on this way or the file is
// closed; nothing was sent then.
func sendPageFile(conn net.Conn, head []byte, page *os.File, n int) (sent bool, err error) {
	sc, isSocket := conn.(syscall.Conn)
	if !isSocket {
		return false, nil
	}
	dst, err := sc.SyscallConn()
	if err != nil {
		return false, nil
	}
	src, err := page.SyscallConn()
	if err != nil {
		return false, nil
	}
	// Control keeps the file open while it is sent, whatever closes it; it
	// runs nothing on a closed file.
	src.Control(func(srcFD uintptr) { //nolint:errcheck // it fails only when it runs nothing: sent stays false
		sent, err = true, sendHeadAndFile(dst, head, int(srcFD), n)
	})
	return sent, err
}

// sendHeadAndFile sends head, then n bytes of the file src from its start,
// on the socket of dst, waiting (within the connection's write deadline)
// whenever the socket's buffer is full.
func sendHeadAndFile(dst syscall.RawConn, head []byte, src, n int) error {
	var off int64
	var opErr error
	err := dst.Write(func(fd uintptr) bool {
		for len(head) > 0 {
			k, err := unix.SendmsgN(int(fd), head, nil, nil, unix.MSG_MORE)
			switch {
			case err == unix.EINTR:
				continue
			case err == unix.EAGAIN:
				return false
			case err != nil:
				opErr = os.NewSyscallError("sendmsg", err)
				return true
			}
			head = head[k:]
		}
		for off < int64(n) {
			k, err := unix.Sendfile(int(fd), src, &off, n-int(off))
			switch {
			case err == unix.EINTR:
				continue
			case err == unix.EAGAIN:
				pageFileWaits.Add(1)
				return false
			case err != nil:
				opErr = os.NewSyscallError("sendfile", err)
				return true
			case k == 0:
				opErr = io.ErrUnexpectedEOF // the file is shorter than its page
				return true
			}
		}
		return true
	})
	return errors.Join(err, opErr)
}
