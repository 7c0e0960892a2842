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
	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/internal/restapi"
	_ "github.com/relaciona/relaciona/plugins/redmine" // registers redmine://
)

func main() {
	plugins.ServeTicketsOpener(restapi.PluginOpener("relaciona-tickets-redmine", "redmine"))
}
