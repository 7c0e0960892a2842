package proctest

import (
	"context"
	"sync"
	"time"

	"github.com/relaciona/relaciona/plugins/driver"
)

// Gate is a driver.Store that holds the batches of one audit action until n
// of them are waiting (or a second has passed), then lets them all commit at
// once: every racer has read the store before any of them writes, the worst
// case of a race for a claim.
type Gate struct {
	driver.Store
	action string
	n      int
	mu     sync.Mutex
	seen   int
	open   chan struct{}
}

// NewGate returns a Gate over store for n batches of action.
func NewGate(store driver.Store, action string, n int) *Gate {
	return &Gate{Store: store, action: action, n: n, open: make(chan struct{})}
}

// Apply holds a batch of the gate's action until the gate opens, then
// applies it to the store underneath.
func (g *Gate) Apply(ctx context.Context, b driver.Batch) ([]int64, error) {
	if b.Audit.Action == g.action {
		g.mu.Lock()
		g.seen++
		if g.seen == g.n {
			close(g.open)
		}
		g.mu.Unlock()
		select {
		case <-g.open:
		case <-time.After(time.Second):
		}
	}
	return g.Store.Apply(ctx, b)
}
