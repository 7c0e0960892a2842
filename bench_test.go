package relaciona_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

// BenchmarkCollectionScan decodes 10,000 notes (about 250-byte bodies)
// with Collection.Scan on the embedded SQLite store.
func BenchmarkCollectionScan(b *testing.B) {
	ctx := context.Background()
	s, err := relaciona.OpenStore(ctx, "sqlite://:memory:")
	require.NoError(b, err)
	defer s.Close()
	c := notes(s)
	const n = 10000
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for start := 0; start < n; start += 1000 {
		bt := s.Begin(clerk, "note.create", "")
		for i := start; i < start+1000; i++ {
			c.Put(bt, &note{ID: fmt.Sprintf("n%05d", i), Status: "open", At: at.Add(time.Duration(i) * time.Minute), Text: strings.Repeat("t", 150+i%100)}, 0)
		}
		_, err := bt.Commit(ctx)
		require.NoError(b, err)
	}
	b.ResetTimer()
	for range b.N {
		got := 0
		for d, err := range c.Scan(ctx, relaciona.Filter{}) {
			if err != nil {
				b.Fatal(err)
			}
			if len(d.Value.Text) < 150 {
				b.Fatalf("note %s decoded wrong", d.ID)
			}
			got++
		}
		if got != n {
			b.Fatalf("scanned %d notes, want %d", got, n)
		}
	}
	b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "records/s")
}
