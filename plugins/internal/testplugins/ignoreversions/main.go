// Command ignoreversions is a wrong store plugin: an in-memory SQLite store
// that ignores every write's expected version (it writes as if each were
// driver.AnyVersion), so stale writes overwrite instead of conflicting.
// `relaciona plugins check` must fail it.
package main

import (
	"context"
	"os"

	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

type store struct{ *sqlite.Store }

func (s store) Apply(ctx context.Context, b driver.Batch) ([]int64, error) {
	for i := range b.Writes {
		if b.Writes[i].Expect >= 0 {
			b.Writes[i].Expect = driver.AnyVersion
		}
	}
	return s.Store.Apply(ctx, b)
}

func main() {
	s, err := sqlite.Open(context.Background(), ":memory:")
	if err != nil {
		os.Exit(1)
	}
	plugins.ServeStore(store{s})
}
