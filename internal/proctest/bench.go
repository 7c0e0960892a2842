package proctest

import (
	"runtime"
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

// PeakHeap samples the heap in use every Every calls of Sample (every
// call when Every is 0 or 1) and keeps the peak.
type PeakHeap struct {
	Every int
	n     int
	peak  uint64
	ms    runtime.MemStats
}

// Sample counts a call and, on every Every-th, reads the heap in use.
func (p *PeakHeap) Sample() {
	if p.n++; p.Every > 1 && p.n%p.Every != 0 {
		return
	}
	runtime.ReadMemStats(&p.ms)
	p.peak = max(p.peak, p.ms.HeapInuse)
}

// Report reports the peak sampled as "peak-heap-MB".
func (p *PeakHeap) Report(b *testing.B) {
	b.ReportMetric(float64(p.peak)/(1<<20), "peak-heap-MB")
}
