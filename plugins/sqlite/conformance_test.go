package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/plugintest"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

func TestConformanceFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "conf.db")
	s, err := sqlite.Open(context.Background(), path)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	conformance.RunStore(t, conformance.StoreHarness{
		Store:  s,
		Tamper: plugintest.TamperSQLite(s),
		Reopen: func(ctx context.Context) (driver.Store, error) { return sqlite.Open(ctx, path) },
		// A file store under the race detector, on a disk shared with
		// CI's PostgreSQL, RT and Redmine, once needed more than the default
		// two minutes for Scan/ManyPages (5 s alone): the disk, not a hang.
		Timeout: 5 * time.Minute,
	})
}

func TestConformanceMemory(t *testing.T) {
	s, err := sqlite.Open(context.Background(), ":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	conformance.RunStore(t, conformance.StoreHarness{
		Store:  s,
		Tamper: plugintest.TamperSQLite(s),
	})
}

func FuzzDecodeAttrs(f *testing.F) {
	f.Add([]byte{})
	f.Add(sqlite.EncodeAttrsForTest(map[string]string{"status": "open", "tipo": "queja"}))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := sqlite.DecodeAttrsForTest(b)
		if err != nil {
			return
		}
		// What decodes re-encodes to a form that decodes to the same map.
		m2, err := sqlite.DecodeAttrsForTest(sqlite.EncodeAttrsForTest(m))
		require.NoError(t, err)
		require.Equal(t, len(m), len(m2))
		for k, v := range m {
			require.Equal(t, v, m2[k])
		}
	})
}
