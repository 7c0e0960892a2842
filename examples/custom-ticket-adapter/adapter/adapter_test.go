package adapter_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/examples/custom-ticket-adapter/adapter"
	"github.com/relaciona/relaciona/examples/custom-ticket-adapter/tiny"
	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/driver"
)

// serve starts a tiny server and returns its URL.
func serve(t *testing.T) string {
	srv := httptest.NewServer(tiny.New(token, []string{"soporte"}, []string{"external_ref"}, []string{"ana", "luis"}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// token is the tiny server's API token in these tests.
const token = "s3cret-tiny-token"

// harness says what the checks may rely on in tiny. reopen opens the
// adapter again with another secret (the suite checks a wrong one is
// ErrAuth and appears in no error).
func harness(d driver.Tickets, reopen func(ctx context.Context, secret string) (driver.Tickets, error)) conformance.TicketsHarness {
	return conformance.TicketsHarness{
		Secret:       token, // scanned for in every error
		Reopen:       reopen,
		PageSize:     200, // Changes asks tiny for 200 tickets a page
		Tickets:      d,
		Queue:        "soporte",
		Statuses:     []string{"open", "waiting", "done"},
		Field:        "external_ref",
		StrictFields: true, // tiny refuses unknown fields
		Assignee:     "ana",
		Requester:    "ciudadano@example.org",
		Resolution:   time.Millisecond, // tiny keeps microseconds
	}
}

// TestConformance is step 2 of the README: the suite, in process.
func TestConformance(t *testing.T) {
	u := serve(t)
	a, err := adapter.New(u, func() (string, error) { return token, nil })
	require.NoError(t, err)
	conformance.RunTickets(t, harness(a, func(_ context.Context, secret string) (driver.Tickets, error) {
		return adapter.New(u, func() (string, error) { return secret, nil })
	}))
}

// TestConformanceAsPlugin is step 3: the same suite through the plugin
// transport, in process (no binary to build).
func TestConformanceAsPlugin(t *testing.T) {
	u := serve(t)
	d := plugins.TestTicketsOpener(t, func(_ context.Context, c plugins.TicketsConfig) (driver.Tickets, error) {
		return adapter.New(u, c.Env.Secret)
	}, driver.TicketsEnv{Secret: func() (string, error) { return token, nil }})
	conformance.RunTickets(t, harness(d, nil))
}

func TestBadTokenIsAuth(t *testing.T) {
	a, err := adapter.New(serve(t), func() (string, error) { return "wrong", nil })
	require.NoError(t, err)
	_, err = a.Get(context.Background(), "1")
	require.ErrorIs(t, err, driver.ErrAuth)
	require.NotContains(t, err.Error(), "wrong")
}
