// Command relaciona-store-postgres serves the PostgreSQL store as a
// relaciona plugin. Hosts start it; it is not meant to be run by hand.
//
//	plugin:///opt/relaciona/bin/relaciona-store-postgres?sha256=HEX&dsn_env=PG_DSN&schema=agency
//
// Settings (see package postgres): dsn_env (required: the name of the
// environment variable that holds the DSN; the plugin inherits the host's
// environment), schema, max_conns.
package main

import (
	"context"

	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/postgres"
)

func main() {
	plugins.ServeStoreOpener(func(ctx context.Context, c plugins.StoreConfig) (driver.Store, error) {
		if c.Settings[postgres.SettingDSNEnv] == "" {
			return nil, driver.Errorf(driver.ErrInvalid, "relaciona-store-postgres: setting dsn_env is required (the name of the environment variable holding the DSN)")
		}
		o, err := postgres.FromSettings(c.Settings)
		if err != nil {
			return nil, err
		}
		o.Logger = c.Logger
		return postgres.Open(ctx, o)
	})
}
