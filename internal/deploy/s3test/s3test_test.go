package s3test

import (
	"errors"
	"net"
	"testing"
)

// A port taken between its pick and the gateway's bind (by a test of another
// package) costs a retry, not the test.
func TestStartRetriesAPortTakenMeanwhile(t *testing.T) {
	bin, err := Binary()
	if err != nil {
		t.Skip(err)
	}
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	picks := 0
	pick := func() (int, error) {
		picks++
		if picks == 2 { // the first launch's website port
			return taken.Addr().(*net.TCPAddr).Port, nil
		}
		return freePort()
	}
	if _, err := launch(bin, t.TempDir(), pick); !errors.Is(err, errPortTaken) {
		t.Fatalf("launch on a taken port: %v, want errPortTaken", err)
	}
	picks = 0
	gw, err := launchRetrying(bin, t.TempDir(), pick)
	if err != nil {
		t.Fatal(err)
	}
	defer gw.stop()
	if picks != 4 {
		t.Errorf("%d ports picked, want 4 (two launches)", picks)
	}
	c, err := net.Dial("tcp", gw.web)
	if err != nil {
		t.Fatalf("the gateway's website: %v", err)
	}
	c.Close()
}
