package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

// The speed target (issue 2): a bulk write through the driver, in batches of
// 1,000 records with 2 indexed attributes and a ~300-byte body, reaches at
// least half the throughput of raw modernc.org/sqlite inserting the same rows
// in the same run (BenchmarkRawInsert). Compare records/s of the two.

var benchBody = []byte(`{"subject":"Solicitud de información sobre el trámite de certificados","channel":"web","segment":"urbano","text":"` + strings.Repeat("x", 180) + `"}`)

func benchRecords(kind string, start, n int) []driver.Write {
	ws := make([]driver.Write, n)
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		id := start + i
		ws[i] = driver.Write{Expect: 0, Record: driver.Record{
			Kind: kind, ID: fmt.Sprintf("r%09d", id),
			Attrs: map[string]string{"status": []string{"open", "closed", "pending"}[id%3], "type": []string{"peticion", "queja", "reclamo", "sugerencia", "denuncia"}[id%5]},
			Time:  base.Add(time.Duration(id) * time.Minute),
			Body:  benchBody,
		}}
	}
	return ws
}

// benchStore opens a store in a temporary folder, closed when b ends, and
// loads n records of kind (benchRecords) into it, 10,000 to a batch.
func benchStore(b *testing.B, kind string, n int) *sqlite.Store {
	b.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), kind+".db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	for i := 0; i < n; i += 10_000 {
		if _, err := s.Apply(ctx, driver.Batch{Writes: benchRecords(kind, i, min(10_000, n-i)), Audit: driver.AuditEntry{Actor: "bench", Action: "load"}}); err != nil {
			b.Fatal(err)
		}
	}
	return s
}

func BenchmarkBulkWrite(b *testing.B) {
	ctx := context.Background()
	s := benchStore(b, "bench", 0)
	const batch = 1000
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		ws := benchRecords("bench", i*batch, batch)
		if _, err := s.Apply(ctx, driver.Batch{Writes: ws, Audit: driver.AuditEntry{Actor: "bench", Action: "bulk", Time: time.Now()}}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkRawInsert is the baseline: plain prepared INSERTs of the same
// rows (two indexed attribute columns, time, body) in one transaction per
// 1,000 rows, straight on modernc.org/sqlite with the same pragmas.
func BenchmarkRawInsert(b *testing.B) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(b.TempDir(), "raw.db")+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, q := range []string{
		`CREATE TABLE raw (kind TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL, t INTEGER NOT NULL, status TEXT NOT NULL, type TEXT NOT NULL, body BLOB NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID`,
		`CREATE INDEX raw_t ON raw (kind, t, id)`,
		`CREATE INDEX raw_status ON raw (kind, status, id)`,
		`CREATE INDEX raw_type ON raw (kind, type, id)`,
	} {
		if _, err := db.Exec(q); err != nil {
			b.Fatal(err)
		}
	}
	const batch = 1000
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		ws := benchRecords("bench", i*batch, batch)
		tx, err := db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		st, err := tx.Prepare(`INSERT INTO raw (kind, id, version, t, status, type, body) VALUES (?, ?, 1, ?, ?, ?, ?)`)
		if err != nil {
			b.Fatal(err)
		}
		for _, w := range ws {
			r := w.Record
			if _, err := st.Exec(r.Kind, r.ID, r.Time.UnixMicro(), r.Attrs["status"], r.Attrs["type"], r.Body); err != nil {
				b.Fatal(err)
			}
		}
		st.Close()
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkScan streams every record of a store of n records; run with
// -benchmem: allocations per record stay flat as n grows (constant memory),
// and ns/record stays flat (linear time).
func BenchmarkScan(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			if n > 100_000 && testing.Short() {
				b.Skip("1M records take a while to load; drop -short to run")
			}
			ctx := context.Background()
			s := benchStore(b, "scan", n)
			b.ResetTimer()
			b.ReportAllocs()
			for b.Loop() {
				count := 0
				if err := s.Scan(ctx, driver.Query{Kind: "scan"}, func(driver.Record) error { count++; return nil }); err != nil {
					b.Fatal(err)
				}
				if count != n {
					b.Fatalf("scanned %d of %d", count, n)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/record")
		})
	}
}

func BenchmarkGet(b *testing.B) {
	ctx := context.Background()
	s := benchStore(b, "get", 1000)
	for i := 0; b.Loop(); i++ {
		if _, err := s.Get(ctx, "get", []string{fmt.Sprintf("r%09d", i%1000)}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScanRange streams the second half of a store by a time range
// (Query.From), which pages through many keyset pages: ns/record stays flat
// as n grows.
func BenchmarkScanRange(b *testing.B) {
	for _, n := range []int{20_000, 200_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			ctx := context.Background()
			s := benchStore(b, "range", n)
			from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(n/2) * time.Minute)
			b.ResetTimer()
			for b.Loop() {
				count := 0
				if err := s.Scan(ctx, driver.Query{Kind: "range", From: from, Attrs: map[string]string{"status": "open"}}, func(driver.Record) error { count++; return nil }); err != nil {
					b.Fatal(err)
				}
				if count == 0 {
					b.Fatal("nothing scanned")
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n/6), "ns/record")
		})
	}
}

// BenchmarkSelectiveFilter looks up one record of 100,000 by a unique
// attribute value (as "is this ticket filed already" does). The attribute
// plan reads it from the attrs table; before it, the scan walked the kind.
func BenchmarkSelectiveFilter(b *testing.B) {
	ctx := context.Background()
	s := benchStore(b, "bench", 0)
	const n = 100_000
	for start := 0; start < n; start += 1000 {
		ws := benchRecords("bench", start, 1000)
		for i := range ws {
			ws[i].Record.Attrs["ticket"] = fmt.Sprintf("T-%d", start+i)
		}
		if _, err := s.Apply(ctx, driver.Batch{Writes: ws, Audit: driver.AuditEntry{Actor: "bench", Action: "bulk"}}); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		got := 0
		q := driver.Query{Kind: "bench", Attrs: map[string]string{"ticket": fmt.Sprintf("T-%d", (i*7919)%n), "status": []string{"open", "closed", "pending"}[((i*7919)%n)%3]}}
		if err := s.Scan(ctx, q, func(driver.Record) error { got++; return nil }); err != nil {
			b.Fatal(err)
		}
		if got != 1 {
			b.Fatalf("found %d records, want 1", got)
		}
	}
}
