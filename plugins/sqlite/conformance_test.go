package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

func TestConformanceFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "conf.db")
	s, err := sqlite.Open(context.Background(), path)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	conformance.RunStore(t, conformance.StoreHarness{
		Store: s,
		Tamper: func(ctx context.Context, seq int64, op conformance.TamperOp) error {
			return tamperAudit(ctx, s, seq, op)
		},
		Reopen: func(ctx context.Context) (driver.Store, error) { return sqlite.Open(ctx, path) },
	})
}

func TestConformanceMemory(t *testing.T) {
	s, err := sqlite.Open(context.Background(), ":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	conformance.RunStore(t, conformance.StoreHarness{
		Store: s,
		Tamper: func(ctx context.Context, seq int64, op conformance.TamperOp) error {
			return tamperAudit(ctx, s, seq, op)
		},
	})
}
