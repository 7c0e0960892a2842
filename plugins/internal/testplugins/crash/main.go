// Command crash is a store plugin for fault tests: an in-memory SQLite store
// whose Apply misbehaves on purpose for some kinds:
//
//	crash     logs an error line to stderr, then exits with status 3
//	panic     panics (the runtime writes the panic to stderr; exit status 2)
//	deadline  returns ErrInvalid saying whether the call's context has a deadline
//	block     waits for the call's context to end and returns its error
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/hashicorp/go-hclog"

	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

type store struct {
	*sqlite.Store
	log hclog.Logger
}

func (s store) Apply(ctx context.Context, b driver.Batch) ([]int64, error) {
	if len(b.Writes) > 0 {
		switch b.Writes[0].Record.Kind {
		case "crash":
			s.log.Error("about to crash on purpose", "writes", len(b.Writes))
			os.Exit(3)
		case "panic":
			panic("the plugin panics on purpose")
		case "deadline":
			_, ok := ctx.Deadline()
			return nil, driver.Errorf(driver.ErrInvalid, "deadline set: %v", ok)
		case "block":
			<-ctx.Done()
			return nil, fmt.Errorf("plugin saw its context end: %w", ctx.Err())
		}
	}
	return s.Store.Apply(ctx, b)
}

func main() {
	plugins.ServeStoreOpener(func(ctx context.Context, c plugins.StoreConfig) (driver.Store, error) {
		s, err := sqlite.Open(ctx, ":memory:")
		if err != nil {
			return nil, err
		}
		return store{Store: s, log: c.Logger}, nil
	})
}
