//go:build unix

package relaciona_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

// The speed target of issue 14: the daily check over a store of 100,000
// and of 1,000,000 records with the same 1,000 changes since the last
// verified point costs about the same (the larger within 1.5× of the
// smaller) with flat memory. Each size's SQLite file is built once and
// kept under os.TempDir() (relaciona-bench-verify-SIZE.db, with its
// checkpoint beside it), so reruns reuse it; delete the files to rebuild.
// The 1,000,000-record size runs only with RELACIONA_BENCH_1M=1 (building
// it takes a while and about 400 MB of disk):
//
//	RELACIONA_BENCH_1M=1 go test -run '^$' -bench VerifySince -count 3 .
func BenchmarkVerifySince(b *testing.B) {
	benchVerifySizes(b, func(b *testing.B, s *relaciona.Store, cp relaciona.AuditCheckpoint) {
		ctx := context.Background()
		b.ReportAllocs()
		b.ResetTimer()
		cpu0 := cpuTime()
		for range b.N {
			next, st, err := s.VerifySince(ctx, cp)
			if err != nil {
				b.Fatal(err)
			}
			if st.Entries != benchChangeBatches || st.Records != benchChangedLive || next.Seq != cp.Seq+benchChangeBatches {
				b.Fatalf("checked %+v up to %d, want %d entries and %d records", st, next.Seq, benchChangeBatches, benchChangedLive)
			}
		}
		b.StopTimer()
		// CPU time (user and system, all threads) is steadier than
		// wall time on a shared machine.
		b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op")
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.HeapInuse), "heap-inuse-B")
	})
}

// benchVerifySizes runs bench on the store of each size (100,000 records;
// 1,000,000 with RELACIONA_BENCH_1M=1) with its checkpoint before the
// last changes.
func benchVerifySizes(b *testing.B, bench func(b *testing.B, s *relaciona.Store, cp relaciona.AuditCheckpoint)) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			if n > 100_000 && os.Getenv("RELACIONA_BENCH_1M") != "1" {
				b.Skip("set RELACIONA_BENCH_1M=1 to run the 1,000,000-record store")
			}
			path, cp := benchVerifyStore(b, n)
			d, err := sqlite.Open(context.Background(), path)
			require.NoError(b, err)
			s := relaciona.NewStore(d)
			defer s.Close()
			bench(b, s, cp)
		})
	}
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

const (
	benchBulk          = 10_000 // records per bulk-load batch
	benchChangeBatches = 10     // the 1,000 changes, in batches of 100
	benchUpdates       = 800
	benchCreates       = 100
	benchDeletes       = 100
	benchChangedLive   = benchUpdates + benchCreates // records read back; deleted ones are checked absent
)

// benchVerifyStore returns the path of a SQLite file with n records, then
// a small marker entry (the checkpoint returned), then 1,000 changes after
// it: 800 updates and 100 deletes spread over the whole id range, 100
// creates. Built once per size and cached under os.TempDir().
func benchVerifyStore(b *testing.B, n int) (string, relaciona.AuditCheckpoint) {
	b.Helper()
	base := filepath.Join(os.TempDir(), fmt.Sprintf("relaciona-bench-verify-%d", n))
	path, headPath := base+".db", base+".head.json"
	if h, err := relaciona.ReadAuditHead(headPath); err == nil && !h.IsZero() {
		if _, err := os.Stat(path); err == nil {
			return path, h.Verified
		}
	}
	for _, p := range []string{path, path + "-wal", path + "-shm", headPath} {
		os.Remove(p)
	}
	start := time.Now()
	ctx := context.Background()
	d, err := sqlite.Open(ctx, path)
	require.NoError(b, err)
	s := relaciona.NewStore(d)
	defer s.Close()
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	id := func(i int) string { return fmt.Sprintf("r%08d", i) }
	body := func(i, v int) []byte {
		return fmt.Appendf(nil, `{"id":%q,"v":%d,"text":%q}`, id(i), v, strings.Repeat("x", 120+i%80))
	}
	put := func(bt *relaciona.Batch, i, v int, expect int64) {
		bt.Put(relaciona.Record{Kind: "bench.rec", ID: id(i), Attrs: map[string]string{"status": "open"}, Time: at.Add(time.Duration(i) * time.Second), Body: body(i, v)}, expect)
	}
	for lo := 0; lo < n; lo += benchBulk {
		bt := s.Begin(clerk, "bench.load", "").At(at)
		for i := lo; i < min(lo+benchBulk, n); i++ {
			put(bt, i, 1, 0)
		}
		_, err := bt.Commit(ctx)
		require.NoError(b, err)
	}
	bt := s.Begin(clerk, "bench.marker", "").At(at)
	bt.Put(relaciona.Record{Kind: "bench.marker", ID: "m", Body: []byte(`{}`)}, 0)
	_, err = bt.Commit(ctx)
	require.NoError(b, err)
	// The checkpoint: the marker entry, found by walking the chain once.
	h, err := s.AdvanceHead(ctx, relaciona.AuditHead{})
	require.NoError(b, err)
	cp := h.Seen

	// The same 1,000 changes for every size, spread over the id range.
	step := n / (benchUpdates + benchDeletes)
	per := (benchUpdates + benchCreates + benchDeletes) / benchChangeBatches
	type change struct{ op, i int }
	var all []change
	for k := range benchUpdates + benchDeletes {
		op := 0
		if k%9 == 8 {
			op = 2 // every ninth: a delete
		}
		all = append(all, change{op, k * step})
	}
	for k := range benchCreates {
		all = append(all, change{1, n + k})
	}
	for lo := 0; lo < len(all); lo += per {
		bt := s.Begin(clerk, "bench.change", "").At(at.Add(time.Hour))
		for _, c := range all[lo:min(lo+per, len(all))] {
			switch c.op {
			case 0:
				put(bt, c.i, 2, 1)
			case 1:
				put(bt, c.i, 1, 0)
			case 2:
				bt.Delete("bench.rec", id(c.i), 1)
			}
		}
		_, err := bt.Commit(ctx)
		require.NoError(b, err)
	}
	require.NoError(b, relaciona.WriteAuditHead(headPath, relaciona.AuditHead{Verified: cp, Seen: cp}))
	b.Logf("built %s (%d records, 1,000 changes after entry %d) in %s", path, n, cp.Seq, time.Since(start).Round(time.Second))
	return path, cp
}

// BenchmarkVerifyFull is the check `run` made on every run before the
// head file (VerifyAudit and VerifyRecords, here VerifySince from the zero
// checkpoint, in one snapshot), over the same stores: for comparison.
func BenchmarkVerifyFull(b *testing.B) {
	benchVerifySizes(b, func(b *testing.B, s *relaciona.Store, _ relaciona.AuditCheckpoint) {
		ctx := context.Background()
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			if _, st, err := s.VerifySince(ctx, relaciona.AuditCheckpoint{}); err != nil || !st.Full {
				b.Fatal(err, st)
			}
		}
	})
}
