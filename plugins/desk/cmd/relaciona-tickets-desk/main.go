// Command relaciona-tickets-desk serves the built-in ticket desk as a
// relaciona ticket plugin. The desk keeps its tickets in the store the host
// lends it, so open it with the deployment's store:
//
//	plugin:///opt/relaciona/bin/relaciona-tickets-desk?queues=pqrsd,reclamos&fields=canal
//
// The URL's settings are the desk's: queues, fields, agents, actor (see
// package desk). Like every plugin, it writes nothing to stdout.
package main

import (
	"context"
	"net/url"

	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/desk"
	"github.com/relaciona/relaciona/plugins/driver"
)

func main() { plugins.ServeTicketsOpener(open) }

func open(_ context.Context, c plugins.TicketsConfig) (driver.Tickets, error) {
	if c.Env.Store == nil {
		return nil, driver.Errorf(driver.ErrInvalid, "relaciona-tickets-desk: the desk keeps its tickets in the deployment's store, and the host lent none")
	}
	q := url.Values{}
	for k, v := range c.Settings {
		q.Set(k, v)
	}
	o, err := desk.ParseURL("desk://?" + q.Encode())
	if err != nil {
		return nil, err
	}
	return desk.New(c.Env.Store, o)
}
