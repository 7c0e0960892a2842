// Package counterrace races writers that increment the same counters in a
// store, for the checks that no update is lost under concurrency (the
// store conformance suite, the PostgreSQL driver's multi-process test).
package counterrace

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/relaciona/relaciona/plugins/driver"
)

// Result is what a race came to.
type Result struct {
	// Wins counts the batches applied; Conflicts those refused with
	// driver.ErrConflict.
	Wins, Conflicts int
	// Errs are the other errors met; a writer stops at its first.
	Errs []error
}

// Run starts writers goroutines, writer w working on
// stores[w%len(stores)], and waits for them. Each makes rounds attempts to
// add one to every record of kind with the given ids, whose bodies are
// decimal counters: it reads them, then writes them back, each with its
// body one higher, under the versions read, in one batch audited with
// audit(w). A record is written back with its attributes and time.
func Run(ctx context.Context, stores []driver.Store, kind string, ids []string, writers, rounds int, audit func(writer int) driver.AuditEntry) Result {
	var (
		mu  sync.Mutex
		res Result
		wg  sync.WaitGroup
	)
	for w := range writers {
		wg.Go(func() {
			s := stores[w%len(stores)]
			for range rounds {
				rs, err := s.Get(ctx, kind, ids)
				if err != nil || len(rs) != len(ids) {
					mu.Lock()
					res.Errs = append(res.Errs, fmt.Errorf("writer %d: get: %v (%d records)", w, err, len(rs)))
					mu.Unlock()
					return
				}
				batch := make([]driver.Write, len(rs))
				for i, r := range rs {
					var n int
					fmt.Sscan(string(r.Body), &n)
					next := driver.Record{Kind: r.Kind, ID: r.ID, Attrs: r.Attrs, Time: r.Time, Body: []byte(fmt.Sprint(n + 1))}
					batch[i] = driver.Write{Op: driver.OpPut, Record: next, Expect: r.Version}
				}
				_, err = s.Apply(ctx, driver.Batch{Writes: batch, Audit: audit(w)})
				mu.Lock()
				switch {
				case err == nil:
					res.Wins++
				case errors.Is(err, driver.ErrConflict):
					res.Conflicts++
				default:
					res.Errs = append(res.Errs, fmt.Errorf("writer %d: %v", w, err))
					mu.Unlock()
					return
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return res
}
