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
	"context"
	"net/url"

	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/rt"
)

func main() { plugins.ServeTicketsOpener(open) }

func open(ctx context.Context, c plugins.TicketsConfig) (driver.Tickets, error) {
	q := url.Values{}
	host, path := "", ""
	for k, v := range c.Settings {
		switch k {
		case "host":
			host = v
		case "path":
			path = v
		default:
			q.Set(k, v)
		}
	}
	if host == "" {
		return nil, driver.Errorf(driver.ErrInvalid, "relaciona-tickets-rt: the plugin URL needs host=HOST[:PORT]")
	}
	o, err := rt.ParseURL((&url.URL{Scheme: "rt", Host: host, Path: path, RawQuery: q.Encode()}).String())
	if err != nil {
		return nil, err
	}
	o.Token = c.Env.Secret
	return rt.New(ctx, o)
}
