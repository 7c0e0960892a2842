// Command stall is a store plugin for deadline tests: an in-memory SQLite
// store whose reads of the audit log and of records (ScanAudit, Scan, and
// a Snapshot's) never answer and ignore their context, as a hung plugin
// would. Writes and Get work.
package main

import (
	"context"

	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

type store struct{ *sqlite.Store }

func (store) ScanAudit(context.Context, int64, func(driver.AuditEntry) error) error { select {} }

func (store) Scan(context.Context, driver.Query, func(driver.Record) error) error { select {} }

func (store) Snapshot(context.Context, func(driver.Reader) error) error { select {} }

func main() {
	plugins.ServeStoreOpener(func(ctx context.Context, c plugins.StoreConfig) (driver.Store, error) {
		s, err := sqlite.Open(ctx, ":memory:")
		if err != nil {
			return nil, err
		}
		return store{s}, nil
	})
}
