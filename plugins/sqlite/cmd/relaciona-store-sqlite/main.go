// Command relaciona-store-sqlite serves the embedded SQLite store as a
// relaciona plugin, mainly to run the store conformance suite through the
// plugin transport. Hosts start it; it is not meant to be run by hand.
//
//	plugin:///opt/relaciona/bin/relaciona-store-sqlite?sha256=HEX&path=/var/lib/agency.db
//
// Settings: path (required), the database file, or :memory: for a private
// in-memory database that lives as long as the plugin process.
package main

import (
	"context"
	"sort"
	"strings"

	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

func main() {
	plugins.ServeStoreOpener(open)
}

func open(ctx context.Context, c plugins.StoreConfig) (driver.Store, error) {
	var unknown []string
	for k := range c.Settings {
		if k != "path" {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, driver.Errorf(driver.ErrInvalid, "relaciona-store-sqlite: unknown settings %s (it takes path)", strings.Join(unknown, ", "))
	}
	path := c.Settings["path"]
	if path == "" {
		return nil, driver.Errorf(driver.ErrInvalid, "relaciona-store-sqlite: setting path is required (a file, or :memory:)")
	}
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	c.Logger.Info("sqlite store open", "schema_version", sqlite.SchemaVersion())
	return s, nil
}
