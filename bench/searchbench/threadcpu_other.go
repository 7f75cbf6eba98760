//go:build !linux

package main

import "time"

// threadCPU is 0 where a thread's CPU time cannot be read: the report's
// CPU columns are then 0, its wall-time ones as on Linux.
func threadCPU() time.Duration { return 0 }
