package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
)

// startProfile starts a CPU profile into the file CHRONICLE_CPUPROFILE
// names, if it names one, for measuring a command as a user runs it (see
// docs/build.md); the returned function stops it.
func startProfile(stderr io.Writer) func() {
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
