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
	stopCPU := startCPUProfile(stderr)
	stopTrace := startTrace(stderr)
	return func() {
		stopTrace()
		stopCPU()
		writeAllocProfile(stderr)
	}
}

func startTrace(stderr io.Writer) func() {
	name := os.Getenv("CHRONICLE_TRACE")
	if name == "" {
		return func() {}
	}
	f, err := os.Create(name)
	if err == nil {
		err = trace.Start(f)
	}
	if err != nil {
		fmt.Fprintf(stderr, "chronicle: CHRONICLE_TRACE: %v\n", err)
		return func() {}
	}
	return func() {
		trace.Stop()
		f.Close()
	}
}

func startCPUProfile(stderr io.Writer) func() {
	name := os.Getenv("CHRONICLE_CPUPROFILE")
	if name == "" {
		return func() {}
	}
	f, err := os.Create(name)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(stderr, "chronicle: CHRONICLE_CPUPROFILE: %v\n", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
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
