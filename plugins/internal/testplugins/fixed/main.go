// Command fixed is a store plugin for the Get benchmark: served with
// plugins.ServeStore, its Get answers with one record of a fixed payload
// and no storage behind it, so a call measures the relaciona transport
// alone against the bare go-plugin baseline.
package main

import (
	"context"
	"strings"
	"time"

	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/driver"
)

var payload = []byte(`{"text":"` + strings.Repeat("x", 1000) + `"}`)

type store struct{ rec driver.Record }

func (s store) Apply(context.Context, driver.Batch) ([]int64, error) {
	return nil, driver.Errorf(driver.ErrUnsupported, "read-only benchmark store")
}

func (s store) Get(_ context.Context, kind string, ids []string) ([]driver.Record, error) {
	return []driver.Record{s.rec}, nil
}

func (s store) Scan(context.Context, driver.Query, func(driver.Record) error) error { return nil }

func (s store) ScanAudit(context.Context, int64, func(driver.AuditEntry) error) error { return nil }

func (s store) Close() error { return nil }

func main() {
	plugins.ServeStore(store{rec: driver.Record{Kind: "bench", ID: "r1", Version: 1, Attrs: map[string]string{"status": "open"}, Time: time.Unix(1767225600, 0).UTC(), Body: payload}})
}
