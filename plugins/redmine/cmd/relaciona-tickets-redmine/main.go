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
	"net/url"

	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/redmine"
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
		return nil, driver.Errorf(driver.ErrInvalid, "relaciona-tickets-redmine: the plugin URL needs host=HOST[:PORT]")
	}
	o, err := redmine.ParseURL((&url.URL{Scheme: "redmine", Host: host, Path: path, RawQuery: q.Encode()}).String())
	if err != nil {
		return nil, err
	}
	o.Key = c.Env.Secret
	return redmine.New(ctx, o)
}
