package conformance_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

// lastCreateWins turns every create into an unchecked put: concurrent
// claimers all commit.
type lastCreateWins struct{ driver.Store }

func (l lastCreateWins) Apply(ctx context.Context, b driver.Batch) ([]int64, error) {
	ws := make([]driver.Write, len(b.Writes))
	for i, w := range b.Writes {
		if w.Expect == 0 {
			w.Expect = driver.AnyVersion
		}
		ws[i] = w
	}
	b.Writes = ws
	return l.Store.Apply(ctx, b)
}

// rawConflict reports a lost claim as a raw backend error.
type rawConflict struct{ driver.Store }

func (r rawConflict) Apply(ctx context.Context, b driver.Batch) ([]int64, error) {
	vs, err := r.Store.Apply(ctx, b)
	if errors.Is(err, driver.ErrConflict) {
		return nil, errors.New("database is locked (5) (SQLITE_BUSY)")
	}
	return vs, err
}

// halfApplied writes the loser's own record although its claim failed.
type halfApplied struct{ driver.Store }

func (h halfApplied) Apply(ctx context.Context, b driver.Batch) ([]int64, error) {
	vs, err := h.Store.Apply(ctx, b)
	if errors.Is(err, driver.ErrConflict) && len(b.Writes) > 1 {
		_, _ = h.Store.Apply(ctx, driver.Batch{Writes: b.Writes[1:], Audit: b.Audit})
	}
	return vs, err
}

// TestClaimCheckFindsBrokenDrivers: the claim check passes on the SQLite
// driver and fails on drivers that break the uniqueness contract.
func TestClaimCheckFindsBrokenDrivers(t *testing.T) {
	for _, c := range []struct {
		name string
		wrap func(driver.Store) driver.Store
		want string // part of a failure message; "" to pass
	}{
		{"sqlite", func(s driver.Store) driver.Store { return s }, ""},
		{"last create wins", func(s driver.Store) driver.Store { return lastCreateWins{s} }, "both committed"},
		{"raw error", func(s driver.Store) driver.Store { return rawConflict{s} }, "want an error wrapping ErrConflict"},
		{"half applied", func(s driver.Store) driver.Store { return halfApplied{s} }, "own record is there only if it won"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := sqlite.Open(context.Background(), ":memory:")
			require.NoError(t, err)
			t.Cleanup(func() { s.Close() })
			r := conformance.RunStoreCheck(context.Background(), storeCheck(t, "Concurrency/ClaimOneWinner"), conformance.StoreHarness{Store: c.wrap(s)})
			if c.want == "" {
				assert.True(t, r.Passed, "failures: %v", r.Failures)
				return
			}
			require.False(t, r.Passed, "the check must fail")
			assert.Contains(t, strings.Join(r.Failures, "\n"), c.want)
		})
	}
}
