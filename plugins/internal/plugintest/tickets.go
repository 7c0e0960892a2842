package plugintest

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/driver"
)

// CheckTicketsBinary runs the ticket suite through the plugin binary bin
// (plugin://BIN?query), lent secret, on the harness h gives for it; then
// opens it lent the wrong secret bad, which must be driver.ErrAuth.
// Neither secret may appear in an error, a failure or a log line of the
// host or the plugin.
func CheckTicketsBinary(t *testing.T, bin, query, secret, bad string, h func(driver.Tickets) conformance.TicketsHarness) {
	t.Helper()
	var logs strings.Builder
	log := hclog.New(&hclog.LoggerOptions{Level: hclog.Trace, Output: &logs})
	open := func(s string) (driver.Tickets, error) {
		return plugins.OpenTickets(context.Background(), "plugin://"+bin+"?"+query,
			driver.TicketsEnv{Secret: func() (string, error) { return s, nil }}, plugins.WithLogger(log))
	}
	d, err := open(secret)
	require.NoError(t, err)
	t.Cleanup(func() { d.Close() })
	var errs []string
	results := conformance.RunTicketsChecks(context.Background(), h(d), func(r conformance.Result) {
		errs = append(errs, r.Failures...)
	})
	for _, r := range results {
		assert.True(t, r.Passed || r.Skipped != "", "%s: %v", r.Name, r.Failures)
	}
	_, err = open(bad)
	require.ErrorIs(t, err, driver.ErrAuth)
	errs = append(errs, err.Error())
	require.NotEmpty(t, logs.String(), "the trace log captured the plugin's lines")
	for _, s := range append(errs, logs.String()) {
		assert.NotContains(t, s, secret, "the secret leaked")
		assert.NotContains(t, s, bad, "the bad secret leaked")
	}
}
