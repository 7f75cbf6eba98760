package benchmem

import (
	"testing"
	"time"
)

func TestPeakHeapSeesAnAllocationThatIsGoneByTheEnd(t *testing.T) {
	stop := PeakHeap()
	big := make([]byte, 64<<20)
	for i := range big {
		big[i] = byte(i)
	}
	for range 20 { // give the sampler a few ticks to see it
		_ = big[len(big)-1]
		waitTick()
	}
	big = nil
	if peak := stop(); peak < 64<<20 {
		t.Errorf("peak %d bytes, want at least the 64 MiB allocated", peak)
	}
	if stop() == 0 {
		t.Errorf("a second stop lost the peak")
	}
}

func waitTick() { <-time.After(2 * time.Millisecond) }
