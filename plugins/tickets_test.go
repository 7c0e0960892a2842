package plugins_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/desk"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/plugintest"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

// TestTicketsConformanceInProcess runs the ticket suite against the built-in
// desk served as a plugin, keeping its tickets in the host's store, which
// the host lends it through go-plugin's broker.
func TestTicketsConformanceInProcess(t *testing.T) {
	hostStore, err := sqlite.Open(context.Background(), ":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { hostStore.Close() })
	var gotSecret string
	tk := plugins.TestTicketsOpener(t, func(ctx context.Context, c plugins.TicketsConfig) (driver.Tickets, error) {
		s, err := c.Env.Secret()
		if err != nil {
			return nil, err
		}
		gotSecret = s
		return desk.New(c.Env.Store, plugintest.DeskOptions())
	}, driver.TicketsEnv{Store: hostStore, Secret: func() (string, error) { return "s3cret", nil }})
	require.Equal(t, "s3cret", gotSecret, "the secret reaches the plugin")
	_, ok := tk.(driver.Surveys)
	require.True(t, ok, "the desk's surveys capability crosses the transport")
	conformance.RunTickets(t, plugintest.DeskHarness(tk))
	// The desk wrote through the broker into the host's store.
	n := 0
	require.NoError(t, hostStore.ScanAudit(context.Background(), 1, func(driver.AuditEntry) error { n++; return nil }))
	require.Positive(t, n, "the plugin's writes landed in the host's store")
}
