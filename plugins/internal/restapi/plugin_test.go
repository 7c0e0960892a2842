package restapi

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/driver"
)

// TestPluginOpener: the opener a plugin command serves hands the adapter
// registered for its system the URL built from the settings and the
// secret the host lends; no host, or no adapter built in, is ErrInvalid
// naming the command.
func TestPluginOpener(t *testing.T) {
	var gotURL, gotSecret string
	driver.RegisterTickets("restapitest", func(_ context.Context, raw string, env driver.TicketsEnv) (driver.Tickets, error) {
		gotURL = raw
		s, err := env.Secret()
		gotSecret = s
		return nil, err
	})
	env := driver.TicketsEnv{Secret: func() (string, error) { return "tok", nil }}
	open := PluginOpener("relaciona-tickets-test", "restapitest")
	_, err := open(context.Background(), plugins.TicketsConfig{Settings: map[string]string{"host": "h:8080", "path": "/api", "queue": "pqrsd"}, Env: env})
	require.NoError(t, err)
	assert.Equal(t, "restapitest://h:8080/api?queue=pqrsd", gotURL)
	assert.Equal(t, "tok", gotSecret)

	_, err = open(context.Background(), plugins.TicketsConfig{Settings: map[string]string{"queue": "pqrsd"}, Env: env})
	require.ErrorIs(t, err, driver.ErrInvalid)
	assert.Contains(t, err.Error(), "relaciona-tickets-test: the plugin URL needs host=")

	_, err = PluginOpener("relaciona-tickets-none", "nosuchsystem")(context.Background(), plugins.TicketsConfig{Settings: map[string]string{"host": "h"}, Env: env})
	require.ErrorIs(t, err, driver.ErrInvalid)
	assert.Contains(t, err.Error(), "no nosuchsystem:// adapter is built in")
}
