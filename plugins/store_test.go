package plugins_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/internal/plugintest"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

// TestConformanceInProcess runs the whole store suite against SQLite served
// through the transport in process (no binary).
func TestConformanceInProcess(t *testing.T) {
	impl, err := sqlite.Open(context.Background(), ":memory:")
	require.NoError(t, err)
	s := plugins.TestStore(t, impl)
	conformance.RunStore(t, conformance.StoreHarness{
		Store:  s,
		Tamper: plugintest.TamperSQLite(impl),
	})
}
