// Package cputime reads how much CPU time a thread or the whole process has
// used, for the benchmarks: on a shared, loaded machine the CPU time of a
// piece of work says more about it than its wall time does.
package cputime

import "time"

// Thread returns the CPU time, user and system, that the calling thread has
// used so far; 0 where it cannot be read. Lock the goroutine to its thread
// (runtime.LockOSThread) around the work measured.
func Thread() time.Duration { return threadTime() }

// Process returns the CPU time, user and system, that the process has used
// so far, on all its threads; 0 where it cannot be read.
func Process() time.Duration { return processTime() }
