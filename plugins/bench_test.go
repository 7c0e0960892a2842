package plugins_test

import (
	"context"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-plugin"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"

	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/plugintest"
	pb "github.com/relaciona/relaciona/plugins/proto"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

var benchBody = []byte(`{"text":"` + strings.Repeat("x", 1000) + `"}`)

// reportP50 times each call of f and reports the median in microseconds.
func reportP50(b *testing.B, f func() error) {
	b.Helper()
	d := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		t := time.Now()
		if err := f(); err != nil {
			b.Fatal(err)
		}
		d = append(d, time.Since(t))
	}
	b.StopTimer()
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)/2].Nanoseconds())/1e3, "p50-µs")
}

func benchSQLite(b *testing.B, viaPlugin bool) driver.Store {
	b.Helper()
	ctx := context.Background()
	if viaPlugin {
		bin := plugintest.Build(b, sqlitePkg)
		s, err := plugins.OpenStore(ctx, pluginURL(bin, map[string]string{"path": ":memory:"}), plugins.WithLogger(quietLog()))
		require.NoError(b, err)
		b.Cleanup(func() { s.Close() })
		return s
	}
	s, err := sqlite.Open(ctx, ":memory:")
	require.NoError(b, err)
	b.Cleanup(func() { s.Close() })
	return s
}

type barePlugin struct{ plugin.NetRPCUnsupportedPlugin }

func (barePlugin) GRPCServer(*plugin.GRPCBroker, *grpc.Server) error { return nil }
func (barePlugin) GRPCClient(_ context.Context, _ *plugin.GRPCBroker, c *grpc.ClientConn) (any, error) {
	return c, nil
}

// The speed targets of issue 3, run with
//
//	go test -run '^$' -bench 'BenchmarkGet|BenchmarkApplyBatch|BenchmarkScan' -count 7 ./plugins/
//
// and compared as medians over the runs (this 2-core VM is noisy: a single
// run can be 15% off either way; on 2026-11-23, session 3, the VM ran about
// 2.5 times slower than in session 2 and drifted during runs, so the
// "paired" sub-benchmarks, which run both sides in turn, are the ones to
// read for the ratios). Medians of 7 runs at the end of session 3, with the
// lowest and highest run (session 2's figure in brackets):
//
//   - Get through the SQLite plugin p50 365.8 µs vs a bare go-plugin call
//     373.0 µs = 0.98x (target <= 1.2x) [1.07x]; in process 9.8 µs [3.8];
//     our transport with a fixed answer and no storage 308.9 µs.
//   - ApplyBatch (1,000 new records into a store of 10,000), paired:
//     through the plugin 42,255 records/s vs 54,559 in process = 0.83x
//     (0.69-0.90; target >= 0.8x). A run of ApplyBatch alone just before
//     gave 0.83x paired and 0.86x sequential. Session 2's 0.86x came from
//     a benchmark whose store grew with b.N, which flattered the plugin.
//     What brought it here: the SQLite statements of a batch no longer run
//     under the cancellable context every plugin call carries (modernc's
//     watcher made them 15-20% slower in the plugin), the packed writes go
//     out uncopied (applyCodec), and the plugin decodes a batch in a third
//     of the time (records with equal attributes share one map).
//   - Scan (10,000 records), paired: 194,785 vs 225,219 records/s = 0.86x
//     (0.81-0.92; target >= 0.8x) [0.77x]: the plugin packs records lent
//     from the driver's page buffer (driver.LendingScanner) and the page
//     queries no longer run under a cancellable context.
//   - The sequential sub-benchmarks of the same run gave 1.02x (ApplyBatch)
//     and 1.03x (Scan): the VM slowed down while the in-process side ran.
//   - PostgreSQL bulk write (plugins/postgres BenchmarkBulkWrite): 36,170
//     records/s vs raw CopyFrom 68,089 = 0.53x (target >= 0.5x) [0.66x in
//     session 1].

// getOne is BenchmarkGet's operation: Get of the one record r1.
func getOne(ctx context.Context, s driver.Store) func() error {
	return func() error {
		rs, err := s.Get(ctx, "bench", []string{"r1"})
		if err == nil && len(rs) != 1 {
			err = fmt.Errorf("got %d records", len(rs))
		}
		return err
	}
}

// BenchmarkGet compares one Get of a record with a 1 kB body: in process,
// through the plugin binary, and a bare go-plugin gRPC call carrying the
// same payload (no driver, no conversion) measured in the same run.
func BenchmarkGet(b *testing.B) {
	ctx := context.Background()
	rec := driver.Record{Kind: "bench", ID: "r1", Attrs: map[string]string{"status": "open"}, Time: time.Unix(1767225600, 0), Body: benchBody}
	for _, via := range []bool{false, true} {
		name := map[bool]string{false: "in-process", true: "plugin"}[via]
		b.Run(name, func(b *testing.B) {
			s := benchSQLite(b, via)
			_, err := s.Apply(ctx, driver.Batch{Writes: []driver.Write{{Record: rec}}, Audit: driver.AuditEntry{Actor: "b", Action: "create"}})
			require.NoError(b, err)
			reportP50(b, getOne(ctx, s))
		})
	}
	b.Run("plugin-no-storage", func(b *testing.B) {
		bin := plugintest.Build(b, testPkg+"fixed")
		s, err := plugins.OpenStore(ctx, pluginURL(bin, nil), plugins.WithLogger(quietLog()))
		require.NoError(b, err)
		b.Cleanup(func() { s.Close() })
		reportP50(b, getOne(ctx, s))
	})
	b.Run("bare-go-plugin", func(b *testing.B) {
		bin := plugintest.Build(b, testPkg+"bare")
		c := plugin.NewClient(&plugin.ClientConfig{
			HandshakeConfig:  plugin.HandshakeConfig{ProtocolVersion: 1, MagicCookieKey: "RELACIONA_PLUGIN", MagicCookieValue: "f3c1b7e2-relaciona-plugin-v1"},
			VersionedPlugins: map[int]plugin.PluginSet{1: {"store": barePlugin{}}},
			Cmd:              exec.Command(bin),
			AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
			AutoMTLS:         true,
			Logger:           quietLog(),
		})
		b.Cleanup(c.Kill)
		rpc, err := c.Client()
		require.NoError(b, err)
		raw, err := rpc.Dispense("store")
		require.NoError(b, err)
		sc := pb.NewStoreClient(raw.(*grpc.ClientConn))
		reportP50(b, func() error {
			resp, err := sc.Get(ctx, &pb.GetRequest{Kind: "bench", Ids: []string{"r1"}})
			if err == nil && len(resp.Records) != 1 {
				err = fmt.Errorf("got %d records", len(resp.Records))
			}
			return err
		})
	})
}

// benchPaired runs op on the in-process store and on the plugin in
// alternating blocks of pairBlock operations, b.N blocks each (undo, when
// given, runs untimed after each operation), and reports
// both throughputs and their ratio. Run in turn, the two sides see the same
// machine: on a shared VM whose speed drifts by a third over a minute,
// sub-benchmarks run one after the other compare different machines. The
// first operation of each block is not timed: it pays for the garbage the
// other side left in this (host) process, whose collection would otherwise
// be charged to the plugin. (Strict alternation did exactly that: an
// in-process batch after a plugin batch ran ~20% faster than back to back,
// since its garbage was collected while the host waited on the plugin.)
func benchPaired(b *testing.B, setup func(s driver.Store), op, undo func(s driver.Store, i int) error, perOp int) {
	in, pl := benchSQLite(b, false), benchSQLite(b, true)
	setup(in)
	setup(pl)
	var dIn, dPl time.Duration
	timed, seq := 0, 0
	block := func(s driver.Store, d *time.Duration) {
		for k := range pairBlock {
			t := time.Now()
			if err := op(s, seq); err != nil {
				b.Fatal(err)
			}
			if k > 0 {
				*d += time.Since(t)
			}
			if undo != nil {
				if err := undo(s, seq); err != nil {
					b.Fatal(err)
				}
			}
			seq++
		}
	}
	b.ResetTimer()
	// Three rounds per b.N: the default benchtime then gives a dozen or
	// more rounds even for operations of a tenth of a second.
	for i := range 3 * b.N {
		if i%2 == 0 {
			block(in, &dIn)
			block(pl, &dPl)
		} else {
			block(pl, &dPl)
			block(in, &dIn)
		}
		timed += pairBlock - 1
	}
	rIn := float64(timed*perOp) / dIn.Seconds()
	rPl := float64(timed*perOp) / dPl.Seconds()
	b.ReportMetric(rIn, "in-process-records/s")
	b.ReportMetric(rPl, "plugin-records/s")
	b.ReportMetric(rPl/rIn, "ratio")
}

// pairBlock is how many operations each side runs in turn in benchPaired.
const pairBlock = 4

// BenchmarkApplyBatch writes batches of 1,000 new records (200-byte bodies)
// into a store of 10,000, in process and through the plugin; the metric is
// records per second. Each batch is deleted again, untimed, so every batch
// meets a store of the same size: a store that grew with b.N made the side
// that ran more batches (the faster one) pay for a larger store. "paired"
// runs both in turn and reports their ratio.
func BenchmarkApplyBatch(b *testing.B) {
	ctx := context.Background()
	body := []byte(`{"text":"` + strings.Repeat("y", 188) + `"}`)
	const n = 1000
	batch := func(i int, op driver.Op, expect int64) driver.Batch {
		ws := make([]driver.Write, n)
		for j := range ws {
			ws[j] = driver.Write{Op: op, Expect: expect, Record: driver.Record{Kind: "bench", ID: fmt.Sprintf("b%06d-%04d", i, j), Attrs: map[string]string{"status": "open"}, Time: time.Unix(int64(j), 0), Body: body}}
		}
		return driver.Batch{Writes: ws, Audit: driver.AuditEntry{Actor: "b", Action: "bulk"}}
	}
	fill := func(s driver.Store) {
		for i := range 10 {
			_, err := s.Apply(ctx, batch(1_000_000+i, driver.OpPut, 0))
			require.NoError(b, err)
		}
	}
	apply := func(s driver.Store, i int) error {
		_, err := s.Apply(ctx, batch(i, driver.OpPut, 0))
		return err
	}
	undo := func(s driver.Store, i int) error {
		_, err := s.Apply(ctx, batch(i, driver.OpDelete, 1))
		return err
	}
	benchRecords(b, fill, apply, undo, n)
}

// benchRecords runs op (then undo, untimed, when not nil) on a SQLite store
// filled by fill, in process and through the plugin, reporting records
// per second (n a run), and "paired" (benchPaired) both in turn.
func benchRecords(b *testing.B, fill func(driver.Store), op, undo func(driver.Store, int) error, n int) {
	for _, via := range []bool{false, true} {
		name := map[bool]string{false: "in-process", true: "plugin"}[via]
		b.Run(name, func(b *testing.B) {
			s := benchSQLite(b, via)
			fill(s)
			b.ResetTimer()
			for i := range b.N {
				if err := op(s, i); err != nil {
					b.Fatal(err)
				}
				if undo == nil {
					continue
				}
				b.StopTimer()
				if err := undo(s, i); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "records/s")
		})
	}
	b.Run("paired", func(b *testing.B) { benchPaired(b, fill, op, undo, n) })
}

// BenchmarkScan streams 10,000 records (200-byte bodies) in process and
// through the plugin; the metric is records per second. "paired" runs both
// in turn and reports their ratio.
func BenchmarkScan(b *testing.B) {
	ctx := context.Background()
	body := []byte(`{"text":"` + strings.Repeat("z", 188) + `"}`)
	const n = 10000
	fill := func(s driver.Store) {
		for start := 0; start < n; start += 1000 {
			ws := make([]driver.Write, 1000)
			for j := range ws {
				ws[j] = driver.Write{Record: driver.Record{Kind: "bench", ID: fmt.Sprintf("s%05d", start+j), Time: time.Unix(int64(start+j), 0), Body: body}}
			}
			_, err := s.Apply(ctx, driver.Batch{Writes: ws, Audit: driver.AuditEntry{Actor: "b", Action: "bulk"}})
			require.NoError(b, err)
		}
	}
	scan := func(s driver.Store, _ int) error {
		got := 0
		if err := s.Scan(ctx, driver.Query{Kind: "bench"}, func(driver.Record) error { got++; return nil }); err != nil {
			return err
		}
		if got != n {
			return fmt.Errorf("scanned %d records, want %d", got, n)
		}
		return nil
	}
	benchRecords(b, fill, scan, nil, n)
}
