package cputime

import (
	"runtime"
	"testing"
	"time"
)

// Work on one locked thread shows in both clocks, the process's at least as
// much as the thread's; a sleep adds next to nothing to the thread's.
func TestClocksCountWorkNotSleep(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("CPU time is read on Linux only")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	thread0, process0 := Thread(), Process()
	deadline := time.Now().Add(10 * time.Second)
	for x := 0; Thread()-thread0 < 30*time.Millisecond; x++ {
		if time.Now().After(deadline) {
			t.Fatalf("10 s of spinning: the thread's clock moved %v", Thread()-thread0)
		}
	}
	if thread, process := Thread()-thread0, Process()-process0; process < thread {
		t.Errorf("the process used %v, less than its thread's %v", process, thread)
	}
	thread0 = Thread()
	time.Sleep(100 * time.Millisecond)
	if slept := Thread() - thread0; slept > 20*time.Millisecond {
		t.Errorf("100 ms of sleep counted %v of thread CPU time", slept)
	}
}
