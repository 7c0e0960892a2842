package postgres_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
)

// BenchmarkBulkWrite compares the store's Apply of 5,000 new records (one
// batch: COPY, the audit entry, the chain head) with a raw pgx CopyFrom of
// the same rows into a table of the same shape, in the same run. The
// metric is records per second.
func BenchmarkBulkWrite(b *testing.B) {
	schema := testSchema(b)
	s := open(b, schema)
	ctx := context.Background()
	const n = 5000
	body := []byte(`{"text":"` + strings.Repeat("y", 188) + `"}`)
	round := 0 // benchmarks run several times: ids must stay unique
	rows := func(int) ([]driver.Write, [][]any) {
		round++
		ws := make([]driver.Write, n)
		raw := make([][]any, n)
		for j := range ws {
			id := fmt.Sprintf("b%06d-%05d", round, j)
			t := time.Unix(int64(j), 0).UTC()
			ws[j] = driver.Write{Record: driver.Record{Kind: "bench", ID: id, Attrs: map[string]string{"status": "open"}, Time: t, Body: body}}
			raw[j] = []any{"bench", id, int64(1), t.UnixMicro(), `{"status":"open"}`, body}
		}
		return ws, raw
	}
	b.Run("store", func(b *testing.B) {
		b.ResetTimer()
		for i := range b.N {
			b.StopTimer()
			ws, _ := rows(i)
			b.StartTimer()
			if _, err := s.Apply(ctx, driver.Batch{Writes: ws, Audit: driver.AuditEntry{Actor: "b", Action: "bulk"}}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "records/s")
	})
	b.Run("raw-copy", func(b *testing.B) {
		cfg, err := pgx.ParseConfig(os.Getenv("PG_DSN"))
		require.NoError(b, err)
		cfg.RuntimeParams["search_path"] = schema
		conn, err := pgx.ConnectConfig(ctx, cfg)
		require.NoError(b, err)
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS raw_records (LIKE records INCLUDING ALL)`)
		require.NoError(b, err)
		b.ResetTimer()
		for i := range b.N {
			b.StopTimer()
			_, raw := rows(i)
			b.StartTimer()
			if _, err := conn.CopyFrom(ctx, pgx.Identifier{"raw_records"}, []string{"kind", "id", "version", "t", "attrs", "body"}, pgx.CopyFromRows(raw)); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "records/s")
	})
}
