// Package benchmem measures the memory of benchmarks and tests: the peak of
// the live heap over a stretch of work, sampled every millisecond.
package benchmem

import (
	"runtime/metrics"
	"sync"
	"time"
)

// heapObjects is the runtime metric of the bytes of live heap objects (and
// of dead ones not yet swept).
const heapObjects = "/memory/classes/heap/objects:bytes"

// PeakHeap starts sampling the heap every millisecond and returns the
// function that stops sampling and returns the peak, in bytes.
func PeakHeap() (stop func() uint64) {
	sample := []metrics.Sample{{Name: heapObjects}}
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	var once sync.Once
	return func() uint64 {
		once.Do(func() { close(done); wg.Wait() })
		return peak
	}
}
