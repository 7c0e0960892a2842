package conformance

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
)

// checkClaimOneWinner checks the uniqueness claim of the driver contract
// (driver.Store.Apply): of concurrent batches that create the same key,
// exactly one commits and every other fails with ErrConflict, applying
// nothing. Each round, claimers start together; each one's batch creates
// the contended key and a record of its own. Exactly one batch commits per
// round, with its own record and one audit entry; the losers' records are
// absent, their errors wrap driver.ErrConflict (no "database is locked",
// serialization failure or ErrUnavailable), and they write no audit entry.
// When the harness can Reopen, half the claimers use a second connection.
func checkClaimOneWinner(t *T, e *storeEnv) {
	const claimers, rounds = 8, 20
	claimKind, ownKind := e.kind("claim"), e.kind("claimer")
	stores := []driver.Store{e.Store}
	if e.Reopen != nil {
		s2, err := e.Reopen(t.Context())
		require.NoError(t, err, "reopen the store for a second connection")
		defer s2.Close()
		stores = append(stores, s2)
	}
	before, _ := lastSeq(t, e.Store)
	winners := make([]int, rounds)
	for r := range rounds {
		key := fmt.Sprintf("key-%02d", r)
		start := make(chan struct{})
		errs := make([]error, claimers)
		var wg sync.WaitGroup
		for c := range claimers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s := stores[c%len(stores)]
				b := driver.Batch{Writes: []driver.Write{
					put(rec(claimKind, key, map[string]string{"holder": fmt.Sprint(c)}, t0, fmt.Sprintf(`{"holder":%d}`, c)), 0),
					put(rec(ownKind, fmt.Sprintf("%s-by-%d", key, c), nil, t0, `{}`), 0),
				}, Audit: audit(fmt.Sprintf("claim %s by %d", key, c))}
				<-start
				_, errs[c] = s.Apply(t.Context(), b)
			}()
		}
		close(start)
		wg.Wait()
		winner := -1
		for c, err := range errs {
			switch {
			case err == nil:
				if winner >= 0 {
					t.Errorf("round %d: claimers %d and %d both committed a create of %s", r, winner, c, key)
				}
				winner = c
			case !errors.Is(err, driver.ErrConflict):
				t.Errorf("round %d: claimer %d lost with %v, want an error wrapping ErrConflict", r, c, err)
			}
		}
		require.GreaterOrEqual(t, winner, 0, "round %d: one claimer commits", r)
		winners[r] = winner
		got, ok := get1(t, e.Store, claimKind, key)
		require.True(t, ok, "round %d: the claimed key exists", r)
		assert.Equal(t, fmt.Sprintf(`{"holder":%d}`, winner), string(got.Body), "round %d: the key holds the winner's body", r)
		assert.Equal(t, int64(1), got.Version, "round %d: the key was created once", r)
		for c := range claimers {
			_, ok := get1(t, e.Store, ownKind, fmt.Sprintf("%s-by-%d", key, c))
			assert.Equal(t, c == winner, ok, "round %d: claimer %d's own record is there only if it won", r, c)
		}
	}
	// One audit entry per round, the winner's, holding both its writes.
	var entries []driver.AuditEntry
	for _, a := range auditFrom(t, e.Store, before+1) {
		if len(a.Changes) > 0 && strings.HasPrefix(a.Changes[0].Kind, e.prefix) {
			entries = append(entries, a)
		}
	}
	require.Len(t, entries, rounds, "exactly one audit entry per round")
	for r, a := range entries {
		assert.Equal(t, fmt.Sprintf("claim key-%02d by %d", r, winners[r]), a.Action, "round %d's entry is the winner's", r)
		assert.Len(t, a.Changes, 2, "round %d's entry has the claim and the winner's own record", r)
	}
	assert.Equal(t, int64(0), verifyChain(t, e.Store), "the chain verifies after the races")
}
