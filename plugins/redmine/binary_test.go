package redmine_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/plugintest"
)

// TestConformanceBinaryRealServer runs the suite through the
// relaciona-tickets-redmine plugin binary against the real Redmine, and
// checks that the API key appears in no log line or error.
func TestConformanceBinaryRealServer(t *testing.T) {
	_, base, key := realRedmine(t)
	bin := plugintest.Build(t, plugintest.Module+"/plugins/redmine/cmd/relaciona-tickets-redmine")
	host := strings.TrimPrefix(base, "http://")
	var logs strings.Builder
	log := hclog.New(&hclog.LoggerOptions{Level: hclog.Trace, Output: &logs})
	d, err := plugins.OpenTickets(context.Background(), "plugin://"+bin+"?host="+host+"&project="+testProject,
		driver.TicketsEnv{Secret: func() (string, error) { return key, nil }}, plugins.WithLogger(log))
	require.NoError(t, err)
	t.Cleanup(func() { d.Close() })
	var errs []string
	results := conformance.RunTicketsChecks(context.Background(), conformance.TicketsHarness{
		Tickets: d, Queue: testProject, Statuses: []string{"New", "In Progress", "Resolved"}, Field: "external_ref",
		StrictFields: true, Assignee: "admin", Resolution: time.Second, Concurrency: 4,
	}, func(r conformance.Result) { errs = append(errs, r.Failures...) })
	for _, r := range results {
		assert.True(t, r.Passed || r.Skipped != "", "%s: %v", r.Name, r.Failures)
	}
	bad := "fedcba9876543210fedcba9876543210fedcba98"
	_, err = plugins.OpenTickets(context.Background(), "plugin://"+bin+"?host="+host+"&project="+testProject,
		driver.TicketsEnv{Secret: func() (string, error) { return bad, nil }}, plugins.WithLogger(log))
	require.ErrorIs(t, err, driver.ErrAuth)
	errs = append(errs, err.Error())
	require.NotEmpty(t, logs.String())
	for _, s := range append(errs, logs.String()) {
		assert.NotContains(t, s, key, "the API key leaked")
		assert.NotContains(t, s, bad, "the bad key leaked")
	}
}
