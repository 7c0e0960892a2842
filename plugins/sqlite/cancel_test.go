package sqlite_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

// endsAfter is a context that ends once its Err has been asked n times:
// a deterministic way to end a call partway through its statements.
type endsAfter struct {
	context.Context
	mu     sync.Mutex
	n      int
	done   chan struct{}
	closed bool
}

func newEndsAfter(n int) *endsAfter {
	return &endsAfter{Context: context.Background(), n: n, done: make(chan struct{})}
}

func (c *endsAfter) Done() <-chan struct{} { return c.done }

func (c *endsAfter) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.closed {
		if c.n--; c.n >= 0 {
			return nil
		}
		c.closed = true
		close(c.done)
	}
	return context.Canceled
}

// TestApplyEndsWithItsContext: the statements of a batch run without the
// caller's context (see Apply), so the context is checked between them. A
// context that ends partway through a batch of updates, or of creates,
// fails it with the context's error and applies nothing.
func TestApplyEndsWithItsContext(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, ":memory:")
	require.NoError(t, err)
	defer s.Close()
	const n = 300
	var creates []driver.Write
	for i := range n {
		creates = append(creates, driver.Write{Record: driver.Record{Kind: "k", ID: fmt.Sprintf("r%03d", i), Attrs: map[string]string{"a": "1"}, Time: time.Unix(int64(i), 0), Body: []byte(`{"v":1}`)}})
	}
	_, err = s.Apply(ctx, driver.Batch{Writes: creates, Audit: driver.AuditEntry{Actor: "t", Action: "create"}})
	require.NoError(t, err)

	updates := make([]driver.Write, n)
	more := make([]driver.Write, n)
	for i := range updates {
		updates[i] = creates[i]
		updates[i].Expect = 1
		updates[i].Record.Body = []byte(`{"v":2}`)
		more[i] = creates[i]
		more[i].Record.ID = fmt.Sprintf("new%03d", i)
	}
	for _, tc := range []struct {
		name   string
		writes []driver.Write
		after  int
	}{
		{"updates, early", updates, 3},
		{"updates, late", updates, n - 5},
		{"creates", more, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Apply(newEndsAfter(tc.after), driver.Batch{Writes: tc.writes, Audit: driver.AuditEntry{Actor: "t", Action: "change"}})
			require.ErrorIs(t, err, context.Canceled)
			var got, created int
			require.NoError(t, s.Scan(ctx, driver.Query{Kind: "k"}, func(r driver.Record) error {
				got++
				if r.Version != 1 {
					return fmt.Errorf("record %s at version %d: part of the ended batch was applied", r.ID, r.Version)
				}
				if strings.HasPrefix(r.ID, "new") {
					created++
				}
				return nil
			}))
			assert.Equal(t, n, got)
			assert.Zero(t, created, "no create of the ended batch was kept")
			var entries int
			require.NoError(t, s.ScanAudit(ctx, 1, func(driver.AuditEntry) error { entries++; return nil }))
			assert.Equal(t, 1, entries, "no audit entry for the ended batch")
		})
	}
}
