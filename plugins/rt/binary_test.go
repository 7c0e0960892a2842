package rt_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/plugintest"
)

// TestConformanceBinaryRealServer runs the suite through the
// relaciona-tickets-rt plugin binary against the real RT, and checks that
// the token appears in no log line of the host or the plugin.
func TestConformanceBinaryRealServer(t *testing.T) {
	_, token := realRT(t)
	bin := plugintest.Build(t, plugintest.Module+"/plugins/rt/cmd/relaciona-tickets-rt")
	host := strings.TrimPrefix(strings.TrimPrefix(os.Getenv("RT_URL"), "http://"), "https://")
	var logs strings.Builder
	log := hclog.New(&hclog.LoggerOptions{Level: hclog.Trace, Output: &logs})
	d, err := plugins.OpenTickets(context.Background(), "plugin://"+bin+"?host="+host+"&queue=General",
		driver.TicketsEnv{Secret: func() (string, error) { return token, nil }}, plugins.WithLogger(log))
	require.NoError(t, err)
	t.Cleanup(func() { d.Close() })
	var errs []string
	h := harness(d)
	results := conformance.RunTicketsChecks(context.Background(), h, func(r conformance.Result) {
		errs = append(errs, r.Failures...)
	})
	for _, r := range results {
		assert.True(t, r.Passed || r.Skipped != "", "%s: %v", r.Name, r.Failures)
	}
	// A wrong token: a typed error without the token.
	bad := "1-1-badbadbadbadbadbadbadbadbadbadbad"
	_, err = plugins.OpenTickets(context.Background(), "plugin://"+bin+"?host="+host+"&queue=General",
		driver.TicketsEnv{Secret: func() (string, error) { return bad, nil }}, plugins.WithLogger(log))
	require.ErrorIs(t, err, driver.ErrAuth)
	errs = append(errs, err.Error())
	require.NotEmpty(t, logs.String(), "the trace log captured the plugin's lines")
	for _, s := range append(errs, logs.String()) {
		assert.NotContains(t, s, token, "the token leaked")
		assert.NotContains(t, s, bad, "the bad token leaked")
	}
}
