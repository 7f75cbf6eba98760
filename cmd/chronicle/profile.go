package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"runtime/trace"
)

// startProfile starts a CPU profile into the file CHRONICLE_CPUPROFILE
// names, if it names one, for measuring a command as a user runs it (see
// docs/build.md); the returned function stops it, and writes the profile
// of the memory allocated into the file CHRONICLE_MEMPROFILE names, if set.
// CHRONICLE_TRACE names a file for an execution trace (go tool trace): when
// the work of each goroutine ran, which a CPU profile does not show.
func startProfile(stderr io.Writer) func() {
	stopCPU := startInto(stderr, "CHRONICLE_CPUPROFILE", pprof.StartCPUProfile, pprof.StopCPUProfile)
	stopTrace := startInto(stderr, "CHRONICLE_TRACE", trace.Start, trace.Stop)
	return func() {
		stopTrace()
		stopCPU()
		writeAllocProfile(stderr)
	}
}

// startInto starts, when the environment variable env names a file, what
// start writes into that file; the function it returns stops it and
// closes the file.
func startInto(stderr io.Writer, env string, start func(io.Writer) error, stop func()) func() {
	name := os.Getenv(env)
	if name == "" {
		return func() {}
	}
	f, err := os.Create(name)
	if err == nil {
		if err = start(f); err != nil {
			f.Close()
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "chronicle: %s: %v\n", env, err)
		return func() {}
	}
	return func() {
		stop()
		f.Close()
	}
}

// writeAllocProfile writes the allocations of the whole command (go tool
// pprof -sample_index=alloc_space) into the file CHRONICLE_MEMPROFILE names.
func writeAllocProfile(stderr io.Writer) {
	name := os.Getenv("CHRONICLE_MEMPROFILE")
	if name == "" {
		return
	}
	f, err := os.Create(name)
	if err == nil {
		err = pprof.Lookup("allocs").WriteTo(f, 0)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "chronicle: CHRONICLE_MEMPROFILE: %v\n", err)
	}
}
