package relaciona_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

// BenchmarkClaimBulkWrite commits batches of 1,000 new notes (a text of
// 200 or 2,000 bytes, one attribute) to SQLite file stores, one batch without
// and one with a claim per note in every iteration (paired, so that the
// noise of a shared machine falls on both alike), and reports the notes
// written per second of each and their ratio. The target (issue 14):
// claiming costs at most 10% of the plain throughput (ratio >= 0.90).
//
// Measured (2 shared cores, -benchtime 40x -count 5 or 6, medians of three
// sessions): 200-byte texts ratio 0.65, 0.61, 0.66 (22,000 claimed vs
// 33,600 plain records/s); 2,000-byte texts 0.87, 0.86, 0.96. Not met for
// small records: a claim is a record of its own (a row, an index entry and
// an audit change), about as dear to SQLite as a small record; its share
// falls as records grow. A smaller claim body (the holder only) did not
// change the ratio: the cost is per b-tree entry, not per byte.
//
// A claim as a unique attribute of the holder record (no record, no audit
// change of its own) was measured in the same session with the same
// benchmark and set aside: 200-byte texts ratio 0.75 with a partial unique
// index on the attrs table, 0.77 with a side table keyed by (kind, name,
// value); 2,000-byte texts 0.96 and about 1.0 (there the paired benchmark
// cannot resolve a few percent: an extra attribute measures above 1.0). It
// does not reach 0.90 for small records either, because the floor is one
// more b-tree entry per record: BenchmarkAttrBulkWrite, one more ordinary
// attribute per note, measures 0.82 (200 bytes). It would also need
// attributes that survive updates which do not name them (every holder's
// later Put), a delete that does not release the key, a kind in
// Store.Claimed (a scan needs one; claims are looked up by name and key
// only) and a second mechanism on PostgreSQL.
func BenchmarkClaimBulkWrite(b *testing.B) {
	for _, size := range []int{200, 2000} {
		b.Run(fmt.Sprintf("text=%dB", size), func(b *testing.B) {
			benchBulkWrite(b, size, "claimed-records/s", func(s *relaciona.Store) func(*relaciona.Batch, *note) {
				c := notes(s)
				return func(bt *relaciona.Batch, n *note) {
					c.Put(bt, n, 0)
					bt.Claim("bench.note.key", "K-"+n.ID, relaciona.Ref{Kind: c.Kind(), ID: n.ID})
				}
			})
		})
	}
}

// BenchmarkAttrBulkWrite is BenchmarkClaimBulkWrite with one more ordinary
// indexed attribute per note (the key a claim would hold) in place of the
// claim: the floor of any claim that adds an index entry per record.
func BenchmarkAttrBulkWrite(b *testing.B) {
	for _, size := range []int{200, 2000} {
		b.Run(fmt.Sprintf("text=%dB", size), func(b *testing.B) {
			benchBulkWrite(b, size, "attr-records/s", func(s *relaciona.Store) func(*relaciona.Batch, *note) {
				c := relaciona.NewCollection(s, "test.note", func(n *note) relaciona.Key {
					return relaciona.Key{ID: n.ID, Attrs: map[string]string{"status": n.Status, "key": "K-" + n.ID}, Time: n.At}
				})
				return func(bt *relaciona.Batch, n *note) { c.Put(bt, n, 0) }
			})
		})
	}
}

// benchBulkWrite writes paired batches of 1,000 notes to two SQLite file
// stores, plainly to one and with the put variant makes for its store to
// the other, and reports the records per second of each (the other's as
// unit) and their ratio other/plain.
func benchBulkWrite(b *testing.B, size int, unit string, variant func(*relaciona.Store) func(*relaciona.Batch, *note)) {
	ctx := context.Background()
	open := func(name string) *relaciona.Store {
		s, err := relaciona.OpenStore(ctx, "sqlite://"+filepath.Join(b.TempDir(), name+".db"))
		require.NoError(b, err)
		b.Cleanup(func() { s.Close() })
		return s
	}
	plainS := open("plain")
	plainC := notes(plainS)
	plainPut := func(bt *relaciona.Batch, n *note) { plainC.Put(bt, n, 0) }
	otherS := open("other")
	otherPut := variant(otherS)
	const batch = 1000
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	text := strings.Repeat("t", size)
	write := func(s *relaciona.Store, put func(*relaciona.Batch, *note), it int) time.Duration {
		start := time.Now()
		bt := s.Begin(clerk, "note.create", "bulk")
		for i := range batch {
			id := fmt.Sprintf("n%07d", it*batch+i)
			put(bt, &note{ID: id, Status: "open", At: at.Add(time.Duration(i) * time.Second), Text: text})
		}
		if _, err := bt.Commit(ctx); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	var plain, other time.Duration
	b.ResetTimer()
	for it := range b.N {
		if it%2 == 0 {
			plain += write(plainS, plainPut, it)
			other += write(otherS, otherPut, it)
		} else {
			other += write(otherS, otherPut, it)
			plain += write(plainS, plainPut, it)
		}
	}
	pr := float64(b.N*batch) / plain.Seconds()
	or := float64(b.N*batch) / other.Seconds()
	b.ReportMetric(pr, "plain-records/s")
	b.ReportMetric(or, unit)
	b.ReportMetric(or/pr, "ratio")
}
