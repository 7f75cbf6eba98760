package cputime

import (
	"time"

	"golang.org/x/sys/unix"
)

// The CPU-time clocks count to the nanosecond; getrusage(2) counts a
// thread's time in scheduler ticks (4 ms here), too coarse for one page.
func threadTime() time.Duration { return clock(unix.CLOCK_THREAD_CPUTIME_ID) }

func processTime() time.Duration { return clock(unix.CLOCK_PROCESS_CPUTIME_ID) }

func clock(id int32) time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(id, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}
