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

// liveAudit snapshots the records but reads the audit log live.
type liveAudit struct{ *sqlite.Store }

func (l liveAudit) Snapshot(ctx context.Context, fn func(driver.Reader) error) error {
	return l.Store.Snapshot(ctx, func(r driver.Reader) error {
		return fn(liveAuditReader{Reader: r, live: l.Store})
	})
}

type liveAuditReader struct {
	driver.Reader
	live *sqlite.Store
}

func (l liveAuditReader) ScanAudit(ctx context.Context, from int64, fn func(driver.AuditEntry) error) error {
	return l.live.ScanAudit(ctx, from, fn)
}

// liveLent snapshots everything but ScanLent, which reads the live store.
type liveLent struct{ *sqlite.Store }

func (l liveLent) Snapshot(ctx context.Context, fn func(driver.Reader) error) error {
	return l.Store.Snapshot(ctx, func(r driver.Reader) error {
		return fn(liveLentReader{Reader: r, live: l.Store})
	})
}

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
		{"audit log read live", func(s *sqlite.Store) driver.Store { return liveAudit{s} }, false, false},
		{"lent scan read live", func(s *sqlite.Store) driver.Store { return liveLent{s} }, false, false},
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
