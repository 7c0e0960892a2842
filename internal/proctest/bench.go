package proctest

import (
	"syscall"
	"testing"
	"time"
)

// CPUTimer starts a timer of the process CPU time (user + system); the
// function it returns reports that time per operation of b as "cpu-ms/op".
// The benchmark machine may be shared, and wall time then measures the
// neighbours too.
func CPUTimer() func(b *testing.B) {
	start := cpuNow()
	return func(b *testing.B) {
		b.ReportMetric(float64(cpuNow()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	}
}

// cpuNow is the CPU time the process has used so far (0 when it cannot be
// read).
func cpuNow() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
