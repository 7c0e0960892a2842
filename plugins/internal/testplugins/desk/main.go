// Command desk serves the built-in ticket desk as a ticket plugin, keeping
// its tickets in the store the host lends it (through go-plugin's broker).
// It exercises the ticket transport end to end in tests.
package main

import (
	"context"

	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/desk"
	"github.com/relaciona/relaciona/plugins/driver"
)

func main() {
	plugins.ServeTicketsOpener(func(_ context.Context, c plugins.TicketsConfig) (driver.Tickets, error) {
		if c.Env.Store == nil {
			return nil, driver.Errorf(driver.ErrInvalid, "desk plugin: the host lent no store")
		}
		return desk.New(c.Env.Store, desk.Options{Queues: []string{"pqrsd", "reclamos"}, Fields: []string{"external_ref", "canal"}, Agents: []string{"ana", "luis"}})
	})
}
