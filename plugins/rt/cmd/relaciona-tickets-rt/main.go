// Command relaciona-tickets-rt serves the Request Tracker adapter as a
// relaciona ticket plugin:
//
//	plugin:///opt/relaciona/bin/relaciona-tickets-rt?host=rt.example.org&tls=1&queue=PQRSD
//
// Settings: host (HOST[:PORT], required), path (default /REST/2.0), and
// those of an rt:// URL (queue, tls, statuses, timeout, retries). The token
// is the secret the host lends (the deployment names its variable or file).
package main

import (
	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/internal/restapi"
	_ "github.com/relaciona/relaciona/plugins/rt" // registers rt://
)

func main() {
	plugins.ServeTicketsOpener(restapi.PluginOpener("relaciona-tickets-rt", "rt"))
}
