package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

func putMany(t testing.TB, s *sqlite.Store, kind string, from, n int) {
	t.Helper()
	ws := make([]driver.Write, n)
	for i := range ws {
		ws[i] = driver.Write{Op: driver.OpPut, Expect: driver.AnyVersion, Record: driver.Record{
			Kind: kind, ID: fmt.Sprintf("r%07d", from+i),
			Attrs: map[string]string{"status": []string{"open", "closed"}[i%2], "queue": "pqrsd"},
			Body:  []byte(`{}`),
		}}
	}
	_, err := s.Apply(context.Background(), driver.Batch{Writes: ws, Audit: driver.AuditEntry{Actor: "t", Action: "put"}})
	require.NoError(t, err)
}

// TestVerifyIndex: an untouched index verifies; each edit of the attrs
// table apart from the records is found and names the kind and the record.
func TestVerifyIndex(t *testing.T) {
	tests := []struct {
		name, sql, id string
	}{
		{"row deleted", `DELETE FROM attrs WHERE kind = 'k' AND id = 'r0000003' AND name = 'status'`, "r0000003"},
		{"value changed", `UPDATE attrs SET value = 'closed' WHERE kind = 'k' AND id = 'r0000004' AND name = 'status'`, "r0000004"},
		{"row for a missing record", `INSERT INTO attrs (kind, name, value, id) VALUES ('k', 'status', 'open', 'nobody')`, "nobody"},
		{"row moved to another record", `UPDATE attrs SET id = 'r0000001' WHERE kind = 'k' AND id = 'r0000002' AND name = 'status'`, "r0000001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s, err := sqlite.Open(ctx, ":memory:")
			require.NoError(t, err)
			defer s.Close()
			putMany(t, s, "k", 0, 10)
			putMany(t, s, "other", 0, 3)
			require.NoError(t, s.VerifyIndex(ctx, "k"))
			require.NoError(t, s.Exec(ctx, tt.sql))
			err = s.VerifyIndex(ctx, "k")
			var im *driver.IndexMismatch
			require.ErrorAs(t, err, &im)
			assert.ErrorIs(t, err, driver.ErrInvalid)
			assert.Equal(t, "k", im.Kind)
			assert.Equal(t, tt.id, im.ID)
			assert.NoError(t, s.VerifyIndex(ctx, "other"), "another kind is not affected")
		})
	}
}

// TestVerifyIndexUnderWriters: writers committing while the index is
// verified never cause a false alarm (both sides come from one read
// transaction).
func TestVerifyIndexUnderWriters(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	require.NoError(t, err)
	defer s.Close()
	putMany(t, s, "k", 0, 2000)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			putMany(t, s, "k", 2000+i*10, 10)
		}
	}()
	for range 20 {
		if err := s.VerifyIndex(ctx, "k"); err != nil {
			close(stop)
			wg.Wait()
			var im *driver.IndexMismatch
			require.False(t, errors.As(err, &im), "a concurrent writer caused an alarm: %v", err)
			require.NoError(t, err)
		}
	}
	close(stop)
	wg.Wait()
	require.NoError(t, s.VerifyIndex(ctx, "k"))
}

// BenchmarkVerifyIndex: the index check of a kind of 100,000 records with
// two attributes each.
func BenchmarkVerifyIndex(b *testing.B) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "b.db"))
	require.NoError(b, err)
	defer s.Close()
	for i := 0; i < 100_000; i += 5000 {
		putMany(b, s, "k", i, 5000)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		require.NoError(b, s.VerifyIndex(ctx, "k"))
	}
}
