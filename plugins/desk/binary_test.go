package desk_test

import (
	"context"
	"os"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/plugintest"
)

// openBinary builds relaciona-tickets-desk and opens it as a plugin that
// keeps its tickets in store, lent by this (host) process.
func openBinary(t testing.TB, store driver.Store, settings string) driver.Tickets {
	bin := plugintest.Build(t, plugintest.Module+"/plugins/desk/cmd/relaciona-tickets-desk")
	u := "plugin://" + bin + "?sha256=" + plugintest.SHA256(t, bin) + settings
	d, err := plugins.OpenTickets(context.Background(), u, driver.TicketsEnv{Store: store},
		plugins.WithLogger(hclog.New(&hclog.LoggerOptions{Level: hclog.Error, Output: os.Stderr})))
	require.NoError(t, err)
	t.Cleanup(func() { d.Close() })
	return d
}

func TestConformanceBinary(t *testing.T) {
	d := openBinary(t, openStore(t, true), "&queues=pqrsd,reclamos&fields=external_ref,canal&agents=ana,luis")
	_, ok := d.(driver.SurveyRecorder)
	require.True(t, ok, "the desk's survey capability crosses the plugin boundary")
	conformance.RunTickets(t, plugintest.DeskHarness(d))
}

func TestBinaryNeedsAStore(t *testing.T) {
	bin := plugintest.Build(t, plugintest.Module+"/plugins/desk/cmd/relaciona-tickets-desk")
	_, err := plugins.OpenTickets(context.Background(), "plugin://"+bin, driver.TicketsEnv{},
		plugins.WithLogger(hclog.NewNullLogger()))
	require.ErrorIs(t, err, driver.ErrInvalid)
}
