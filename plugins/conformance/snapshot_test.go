package conformance_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

// noSnapshot claims a snapshot but reads the live store.
type noSnapshot struct{ *sqlite.Store }

func (n noSnapshot) Snapshot(_ context.Context, fn func(driver.Reader) error) error {
	return fn(n.Store)
}

// partlyLive snapshots the store but hands fn the snapshot's reader
// wrapped by wrap, which reads part of the data from the live store.
type partlyLive struct {
	*sqlite.Store
	wrap func(snap driver.Reader, live *sqlite.Store) driver.Reader
}

func (p partlyLive) Snapshot(ctx context.Context, fn func(driver.Reader) error) error {
	return p.Store.Snapshot(ctx, func(r driver.Reader) error {
		return fn(p.wrap(r, p.Store))
	})
}

// liveAuditReader reads the records from the snapshot but the audit log
// live.
type liveAuditReader struct {
	driver.Reader
	live *sqlite.Store
}

func (l liveAuditReader) ScanAudit(ctx context.Context, from int64, fn func(driver.AuditEntry) error) error {
	return l.live.ScanAudit(ctx, from, fn)
}

// liveLentReader reads everything from the snapshot but ScanLent, which
// reads the live store.
type liveLentReader struct {
	driver.Reader
	live *sqlite.Store
}

func (l liveLentReader) ScanLent(ctx context.Context, q driver.Query, fn func(driver.Record) error) error {
	return l.live.ScanLent(ctx, q, fn)
}

// TestSnapshotCheckCatchesFakes: the snapshot check passes on SQLite's
// real snapshot, fails on each way of reading live data through it, and
// does not apply to a store without snapshots.
func TestSnapshotCheckCatchesFakes(t *testing.T) {
	tests := []struct {
		name    string
		wrap    func(*sqlite.Store) driver.Store
		pass    bool
		skipped bool
	}{
		{"real", func(s *sqlite.Store) driver.Store { return s }, true, false},
		{"store as its own snapshot", func(s *sqlite.Store) driver.Store { return noSnapshot{s} }, false, false},
		{"audit log read live", func(s *sqlite.Store) driver.Store {
			return partlyLive{s, func(r driver.Reader, live *sqlite.Store) driver.Reader { return liveAuditReader{r, live} }}
		}, false, false},
		{"lent scan read live", func(s *sqlite.Store) driver.Store {
			return partlyLive{s, func(r driver.Reader, live *sqlite.Store) driver.Reader { return liveLentReader{r, live} }}
		}, false, false},
		{"no snapshot", func(s *sqlite.Store) driver.Store { return struct{ driver.Store }{s} }, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "s.db"))
			require.NoError(t, err)
			t.Cleanup(func() { s.Close() })
			r := conformance.RunStoreCheck(context.Background(), storeCheck(t, "Snapshot/ConcurrentBatchUnseen"), conformance.StoreHarness{Store: tt.wrap(s)})
			assert.Equal(t, tt.pass, r.Passed, "failures: %v", r.Failures)
			assert.Equal(t, tt.skipped, r.Skipped != "", "skipped: %q", r.Skipped)
			if !tt.pass && !tt.skipped {
				assert.NotEmpty(t, r.Failures)
			}
		})
	}
}
