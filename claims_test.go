package relaciona_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

// openFile opens a SQLite store in a file of a temporary folder, closed
// when the test ends.
func openFile(t *testing.T) *relaciona.Store {
	t.Helper()
	return openStoreFile(t, filepath.Join(t.TempDir(), "claims.db"))
}

func TestClaimInvalid(t *testing.T) {
	ctx := context.Background()
	s := openMem(t)
	holder := relaciona.Ref{Kind: "test.note", ID: "n1"}
	for _, c := range []struct {
		name, claim, key string
		holder           relaciona.Ref
		field            string
	}{
		{"empty name", "", "k", holder, "claim.name"},
		{"colon in name", "a:b", "k", holder, "claim.name"},
		{"space in name", "a b", "k", holder, "claim.name"},
		{"empty key", "test.one", "", holder, "claim.key"},
		{"no holder kind", "test.one", "k", relaciona.Ref{ID: "n1"}, "claim.holder"},
		{"no holder id", "test.one", "k", relaciona.Ref{Kind: "test.note"}, "claim.holder"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := s.Begin(clerk, "note.create", "test")
			notes(s).Put(b, &note{ID: "n1", Status: "open"}, 0)
			b.Claim(c.claim, c.key, c.holder)
			_, err := b.Commit(ctx)
			require.ErrorIs(t, err, relaciona.ErrInvalid)
			var ve *relaciona.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, c.field, ve.Field)
			_, err = notes(s).Get(ctx, "n1")
			assert.ErrorIs(t, err, relaciona.ErrNotFound, "an invalid claim writes nothing")
		})
	}
	_, err := s.Claimed(ctx, "", "k")
	assert.ErrorIs(t, err, relaciona.ErrInvalid)
	_, err = s.Claims(ctx, "test.one", []string{"a", ""})
	assert.ErrorIs(t, err, relaciona.ErrInvalid)
}

func TestClaimHeldRefusesTheBatch(t *testing.T) {
	ctx := context.Background()
	s := openMem(t)
	c := notes(s)

	_, err := s.Claimed(ctx, "test.note.ticket", "T-1")
	require.ErrorIs(t, err, relaciona.ErrNotFound, "a free key is not found")

	b := s.Begin(clerk, "note.create", "first")
	c.Put(b, &note{ID: "n1", Status: "open"}, 0)
	b.Claim("test.note.ticket", "T-1", relaciona.Ref{Kind: c.Kind(), ID: "n1"})
	_, err = b.Commit(ctx)
	require.NoError(t, err)

	got, err := s.Claimed(ctx, "test.note.ticket", "T-1")
	require.NoError(t, err)
	assert.Equal(t, relaciona.Claim{Name: "test.note.ticket", Key: "T-1", Holder: relaciona.Ref{Kind: c.Kind(), ID: "n1"}}, got)

	// Another name or key is another claim.
	b = s.Begin(clerk, "note.create", "other key")
	c.Put(b, &note{ID: "n2", Status: "open"}, 0)
	b.Claim("test.note.ticket", "T-2", relaciona.Ref{Kind: c.Kind(), ID: "n2"})
	b.Claim("test.note.other", "T-1", relaciona.Ref{Kind: c.Kind(), ID: "n2"})
	_, err = b.Commit(ctx)
	require.NoError(t, err)

	// The same key again: refused with the holder named, nothing written.
	before := auditLen(t, s)
	b = s.Begin(clerk, "note.create", "second")
	c.Put(b, &note{ID: "n3", Status: "open"}, 0)
	b.Claim("test.note.ticket", "T-1", relaciona.Ref{Kind: c.Kind(), ID: "n3"})
	_, err = b.Commit(ctx)
	require.ErrorIs(t, err, relaciona.ErrConflict)
	var ce *relaciona.ClaimError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, relaciona.ClaimError{Name: "test.note.ticket", Key: "T-1", Holder: relaciona.Ref{Kind: c.Kind(), ID: "n1"}}, *ce)
	assert.Contains(t, err.Error(), "test.note/n1")
	_, err = c.Get(ctx, "n3")
	assert.ErrorIs(t, err, relaciona.ErrNotFound, "the losing batch writes nothing")
	assert.Equal(t, before, auditLen(t, s), "and no audit entry")

	cs, err := s.Claims(ctx, "test.note.ticket", []string{"T-9", "T-2", "T-1"})
	require.NoError(t, err)
	require.Len(t, cs, 2)
	assert.Equal(t, []string{"T-2", "T-1"}, []string{cs[0].Key, cs[1].Key}, "held claims in the order of the keys")

	// A plain stale write is an ErrConflict but no ClaimError.
	b = s.Begin(clerk, "note.create", "stale")
	c.Put(b, &note{ID: "n1", Status: "open"}, 0)
	_, err = b.Commit(ctx)
	require.ErrorIs(t, err, relaciona.ErrConflict)
	assert.False(t, errors.As(err, &ce), "a conflict on another record is not a claim error")

	// Claims are ordinary audited records.
	_, err = s.VerifyAudit(ctx)
	require.NoError(t, err)
	_, err = s.VerifyRecords(ctx)
	require.NoError(t, err)
}

func TestClaimUnambiguousIDs(t *testing.T) {
	// The name holds no ':', so name "a.b" key "c:d" and any other split
	// never share an id.
	assert.NotEqual(t, relaciona.ClaimID("a", "b:c"), relaciona.ClaimID("a.b", "c"))
	assert.Equal(t, "citizen.pqrsd.ticket:T:1", relaciona.ClaimID("citizen.pqrsd.ticket", "T:1"))
}

func auditLen(t *testing.T, s *relaciona.Store) int64 {
	t.Helper()
	var n int64
	for e, err := range s.Audit(context.Background(), 1) {
		require.NoError(t, err)
		n = e.Seq
	}
	return n
}

// fileOnce is how a process files a record under a "one per key" rule: in
// Store.Update, check the claim, then write the record and its claim.
func fileOnce(ctx context.Context, s *relaciona.Store, key, id string) (string, error) {
	c := notes(s)
	holder := id
	err := s.Update(ctx, clerk, "note.create", "one note per key", 10, func(b *relaciona.Batch) error {
		if got, err := s.Claimed(ctx, "test.note.key", key); err == nil {
			holder = got.Holder.ID
			return &relaciona.ClaimError{Name: got.Name, Key: got.Key, Holder: got.Holder}
		} else if !errors.Is(err, relaciona.ErrNotFound) {
			return err
		}
		c.Put(b, &note{ID: id, Status: "open", Text: key}, 0)
		b.Claim("test.note.key", key, relaciona.Ref{Kind: c.Kind(), ID: id})
		return nil
	})
	return holder, err
}

// TestClaimConcurrentOneWins: 8 goroutines file one note for the same key,
// each with its own record id, 20 rounds on a SQLite file, directly and
// through the plugin transport (in process): exactly one note per key, and
// each loser is told the winner.
func TestClaimConcurrentOneWins(t *testing.T) {
	t.Run("sqlite-file", func(t *testing.T) { claimRace(t, openFile(t)) })
	t.Run("plugin", func(t *testing.T) {
		impl, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "plugin.db"))
		require.NoError(t, err)
		s := relaciona.NewStore(plugins.TestStore(t, impl))
		t.Cleanup(func() { s.Close() })
		claimRace(t, s)
	})
}

func claimRace(t *testing.T, s *relaciona.Store) {
	ctx := context.Background()
	const workers, rounds = 8, 20
	for r := range rounds {
		key := fmt.Sprintf("K-%d", r)
		var wg sync.WaitGroup
		holders := make([]string, workers)
		errs := make([]error, workers)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				holders[w], errs[w] = fileOnce(ctx, s, key, fmt.Sprintf("n-%d-%d", r, w))
			}()
		}
		wg.Wait()
		wins := 0
		for w := range workers {
			if errs[w] == nil {
				wins++
				continue
			}
			var ce *relaciona.ClaimError
			require.ErrorAs(t, errs[w], &ce, "round %d worker %d", r, w)
		}
		require.Equal(t, 1, wins, "round %d: exactly one filing wins", r)
		n, err := notes(s).Count(ctx, relaciona.Filter{})
		require.NoError(t, err)
		require.Equal(t, int64(r+1), n, "round %d: one note per key", r)
		for w := range workers {
			assert.Equal(t, holders[0], holders[w], "round %d: every loser names the winner", r)
		}
	}
	_, err := s.VerifyAudit(ctx)
	require.NoError(t, err)
	_, err = s.VerifyRecords(ctx)
	require.NoError(t, err)
}

func ExampleBatch_Claim() {
	ctx := context.Background()
	store, err := relaciona.OpenStore(ctx, "sqlite://:memory:")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()
	type report struct {
		ID    string `json:"id"`
		Month string `json:"month"`
	}
	reports := relaciona.NewCollection(store, "example.report", func(r *report) relaciona.Key {
		return relaciona.Key{ID: r.ID}
	})
	clerk := relaciona.Actor{ID: "clerk-7", Roles: []string{"clerk"}}

	// One report per month: the batch that writes a report claims its
	// month, in the same transaction. Each attempt of Update checks the
	// claim again, so a writer that lost a race finds the winner.
	publish := func(id, month string) error {
		return store.Update(ctx, clerk, "report.publish", "informe mensual", 5, func(b *relaciona.Batch) error {
			if c, err := store.Claimed(ctx, "example.report.month", month); err == nil {
				return &relaciona.ClaimError{Name: c.Name, Key: c.Key, Holder: c.Holder}
			} else if !errors.Is(err, relaciona.ErrNotFound) {
				return err
			}
			reports.Put(b, &report{ID: id, Month: month}, 0)
			b.Claim("example.report.month", month, relaciona.Ref{Kind: reports.Kind(), ID: id})
			return nil
		})
	}
	fmt.Println(publish("r-1", "2026-03"))
	err = publish("r-2", "2026-03")
	fmt.Println(errors.Is(err, relaciona.ErrConflict), err)
	// Output:
	// <nil>
	// true example.report.month "2026-03" is held by example.report/r-1
}
