// Command relaciona-tickets-tiny serves the example adapter as a relaciona
// ticket plugin. The host passes the URL's settings (here: url, the tiny
// server's address) and lends the secret the deployment names:
//
//	plugin:///opt/relaciona/bin/relaciona-tickets-tiny?url=http://127.0.0.1:8099
//
// A plugin writes nothing to stdout: go-plugin's handshake uses it.
package main

import (
	"context"

	"github.com/relaciona/relaciona/examples/custom-ticket-adapter/adapter"
	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/driver"
)

func main() {
	plugins.ServeTicketsOpener(func(_ context.Context, c plugins.TicketsConfig) (driver.Tickets, error) {
		return adapter.New(c.Settings["url"], c.Env.Secret)
	})
}
