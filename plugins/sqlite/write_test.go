package sqlite_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

func creates(prefix string, from, n, attrs int) []driver.Write {
	ws := make([]driver.Write, 0, n)
	for i := from; i < from+n; i++ {
		a := map[string]string{}
		for j := range attrs {
			a[fmt.Sprintf("a%d", j)] = fmt.Sprintf("v%d", i%7)
		}
		ws = append(ws, driver.Write{Record: driver.Record{Kind: "k", ID: fmt.Sprintf("%s%04d", prefix, i), Attrs: a, Time: time.Unix(int64(i), 0), Body: []byte(fmt.Sprintf(`{"i":%d}`, i))}})
	}
	return ws
}

// TestInsertChunks: creates go in full chunks of a prepared multi-row
// statement (128 records, 128 attributes) and single rows for the rest.
// Batches of sizes either side of a chunk, with attribute counts that
// straddle the attributes' chunk, store every record and every attribute.
func TestInsertChunks(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct{ n, attrs int }{
		{1, 0}, {1, 4}, {127, 1}, {128, 1}, {129, 3}, {300, 3}, {256, 0}, {257, 5},
	} {
		t.Run(fmt.Sprintf("%d records, %d attrs", tc.n, tc.attrs), func(t *testing.T) {
			s, err := sqlite.Open(ctx, ":memory:")
			require.NoError(t, err)
			defer s.Close()
			_, err = s.Apply(ctx, driver.Batch{Writes: creates("r", 0, tc.n, tc.attrs), Audit: driver.AuditEntry{Actor: "t", Action: "create"}})
			require.NoError(t, err)
			var got int
			require.NoError(t, s.Scan(ctx, driver.Query{Kind: "k"}, func(r driver.Record) error {
				assert.Equal(t, fmt.Sprintf(`{"i":%d}`, got), string(r.Body))
				assert.Len(t, r.Attrs, tc.attrs)
				got++
				return nil
			}))
			assert.Equal(t, tc.n, got)
			for j := range tc.attrs {
				// Through the attribute index: each value's records.
				for v := range 7 {
					want := 0
					for i := range tc.n {
						if i%7 == v {
							want++
						}
					}
					c, err := s.Count(ctx, driver.Query{Kind: "k", Attrs: map[string]string{fmt.Sprintf("a%d", j): fmt.Sprintf("v%d", v)}})
					require.NoError(t, err)
					assert.EqualValues(t, want, c, "a%d=v%d", j, v)
				}
			}
		})
	}
}

// TestInsertConflict: a create of a key that exists fails the batch with
// ErrConflict naming the key, whether it falls in a full multi-row chunk or
// among the single-row rest, and the batch leaves nothing behind.
func TestInsertConflict(t *testing.T) {
	ctx := context.Background()
	for _, at := range []int{5, 127, 150, 199} {
		t.Run(fmt.Sprint(at), func(t *testing.T) {
			s, err := sqlite.Open(ctx, ":memory:")
			require.NoError(t, err)
			defer s.Close()
			_, err = s.Apply(ctx, driver.Batch{Writes: creates("r", at, 1, 2), Audit: driver.AuditEntry{Actor: "t", Action: "create"}})
			require.NoError(t, err)
			_, err = s.Apply(ctx, driver.Batch{Writes: creates("r", 0, 200, 2), Audit: driver.AuditEntry{Actor: "t", Action: "create"}})
			require.ErrorIs(t, err, driver.ErrConflict)
			assert.Contains(t, err.Error(), fmt.Sprintf("k/r%04d", at))
			n, err := s.Count(ctx, driver.Query{Kind: "k"})
			require.NoError(t, err)
			assert.EqualValues(t, 1, n)
			n, err = s.Count(ctx, driver.Query{Kind: "k", Attrs: map[string]string{"a0": fmt.Sprintf("v%d", (at+1)%7)}})
			require.NoError(t, err)
			assert.Zero(t, n, "no attribute of the failed batch was kept")
			// The statements that failed serve the next batch.
			_, err = s.Apply(ctx, driver.Batch{Writes: append(creates("r", 0, at, 2), creates("r", at+1, 199-at, 2)...), Audit: driver.AuditEntry{Actor: "t", Action: "create"}})
			require.NoError(t, err)
			n, err = s.Count(ctx, driver.Query{Kind: "k"})
			require.NoError(t, err)
			assert.EqualValues(t, 200, n)
		})
	}
}

// TestApplyConcurrentPrepared: the write statements are prepared once on
// the writer connection and bound to each batch's transaction; many
// goroutines writing at once, with reads and snapshots between, all finish
// (no batch waits for the connection its own transaction holds) and each
// write lands once, on a file store and in memory.
func TestApplyConcurrentPrepared(t *testing.T) {
	for _, path := range []string{"file", ":memory:"} {
		t.Run(path, func(t *testing.T) {
			if path == "file" {
				path = t.TempDir() + "/w.db"
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			s, err := sqlite.Open(ctx, path)
			require.NoError(t, err)
			defer s.Close()
			const workers, each = 4, 40
			var wg sync.WaitGroup
			errs := make(chan error, workers*each)
			for w := range workers {
				wg.Go(func() {
					for i := range each {
						id := fmt.Sprintf("w%d-%d", w, i)
						rec := driver.Record{Kind: "k", ID: id, Attrs: map[string]string{"w": fmt.Sprint(w)}, Body: []byte(`{}`)}
						if _, err := s.Apply(ctx, driver.Batch{Writes: []driver.Write{{Record: rec}}, Audit: driver.AuditEntry{Actor: "t", Action: "c"}}); err != nil {
							errs <- err
							return
						}
						rec.Attrs = map[string]string{"w": fmt.Sprint(w), "done": "1"}
						if _, err := s.Apply(ctx, driver.Batch{Writes: []driver.Write{{Record: rec, Expect: 1}}, Audit: driver.AuditEntry{Actor: "t", Action: "u"}}); err != nil {
							errs <- err
							return
						}
						if _, err := s.Get(ctx, "k", []string{id}); err != nil {
							errs <- err
							return
						}
						if err := s.Snapshot(ctx, func(r driver.Reader) error {
							_, err := r.Get(ctx, "k", []string{id})
							return err
						}); err != nil {
							errs <- err
							return
						}
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				require.NoError(t, err)
			}
			n, err := s.Count(ctx, driver.Query{Kind: "k", Attrs: map[string]string{"done": "1"}})
			require.NoError(t, err)
			assert.EqualValues(t, workers*each, n)
			var entries int
			require.NoError(t, s.ScanAudit(ctx, 1, func(driver.AuditEntry) error { entries++; return nil }))
			assert.Equal(t, 2*workers*each, entries)
		})
	}
}
