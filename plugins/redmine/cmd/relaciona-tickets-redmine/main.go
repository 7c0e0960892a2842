// Command relaciona-tickets-redmine serves the Redmine adapter as a
// relaciona ticket plugin:
//
//	plugin:///opt/relaciona/bin/relaciona-tickets-redmine?host=redmine.example.org&tls=1&project=pqrsd
//
// Settings: host (HOST[:PORT], required), path (Redmine's root, default /),
// and those of a redmine:// URL (project, tls, requester_field, tracker,
// timeout, retries). The API key is the secret the host lends.
package main

import (
	"context"

	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/restapi"
	_ "github.com/relaciona/relaciona/plugins/redmine" // registers redmine://
)

func main() { plugins.ServeTicketsOpener(open) }

// open opens the adapter the redmine:// opener registers, from the plugin's settings.
func open(ctx context.Context, c plugins.TicketsConfig) (driver.Tickets, error) {
	return restapi.OpenSettings(ctx, "relaciona-tickets-redmine", "redmine", c.Settings, c.Env)
}
