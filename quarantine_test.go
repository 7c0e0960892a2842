package relaciona_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

func waiting(t *testing.T, q *relaciona.Quarantine, source string) []relaciona.Quarantined {
	t.Helper()
	var out []relaciona.Quarantined
	for e, err := range q.Waiting(context.Background(), source) {
		require.NoError(t, err)
		out = append(out, e)
	}
	return out
}

func auditCount(t *testing.T, s *relaciona.Store) int {
	t.Helper()
	sum, err := s.VerifyAudit(context.Background())
	require.NoError(t, err)
	return int(sum.Entries)
}

func TestQuarantineKeepsOneEntryPerItemAndCountsAttempts(t *testing.T) {
	ctx := context.Background()
	s := openMem(t)
	q := relaciona.NewQuarantine(s)
	day1 := time.Date(2026, 3, 2, 23, 0, 0, 0, time.UTC)
	day2 := day1.AddDate(0, 0, 1)
	long := relaciona.Invalid("body", "the description is longer than 4000 characters")

	require.NoError(t, q.Add(ctx, clerk, "tickets", "T-1", long, day1))
	require.NoError(t, q.Add(ctx, clerk, "tickets", "T-2", errors.New("boom"), day1))
	require.NoError(t, q.Add(ctx, clerk, "other", "T-1", long, day1))
	entries := auditCount(t, s)

	require.NoError(t, q.Add(ctx, clerk, "tickets", "T-1", long, day1))
	assert.Equal(t, entries, auditCount(t, s), "the same attempt again writes nothing")

	require.NoError(t, q.Add(ctx, clerk, "tickets", "T-1", long, day2))
	entries = auditCount(t, s)
	require.NoError(t, q.Add(ctx, clerk, "tickets", "T-1", long, day1))
	assert.Equal(t, entries, auditCount(t, s), "an earlier attempt again writes nothing")
	got, err := q.Get(ctx, "tickets", "T-1")
	require.NoError(t, err)
	assert.Equal(t, relaciona.Quarantined{Source: "tickets", ItemID: "T-1", Field: "body", Code: "invalid",
		Rule: "the description is longer than 4000 characters", First: day1, Last: day2, Attempts: 2}, got)

	all := waiting(t, q, "tickets")
	require.Len(t, all, 2, "one entry per item, not one per attempt")
	assert.Equal(t, "error", all[1].Code)
	assert.Len(t, waiting(t, q, ""), 3)

	b := s.Begin(clerk, "test.release", "processed")
	ok, err := q.Release(ctx, b, "tickets", "T-1")
	require.NoError(t, err)
	assert.True(t, ok)
	ok, err = q.Release(ctx, b, "tickets", "T-9")
	require.NoError(t, err)
	assert.False(t, ok, "an item never set aside is not waiting")
	_, err = b.Commit(ctx)
	require.NoError(t, err)
	_, err = q.Get(ctx, "tickets", "T-1")
	assert.ErrorIs(t, err, relaciona.ErrNotFound)
	assert.Len(t, waiting(t, q, "tickets"), 1)
}

func TestQuarantineRefusesIncompleteEntries(t *testing.T) {
	ctx := context.Background()
	q := relaciona.NewQuarantine(openMem(t))
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name, source, item string
		rule               error
		at                 time.Time
	}{
		{"no source", "", "T-1", errors.New("x"), at},
		{"no item", "tickets", "", errors.New("x"), at},
		{"no rule", "tickets", "T-1", nil, at},
		{"no time", "tickets", "T-1", errors.New("x"), time.Time{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := q.Add(ctx, clerk, tc.source, tc.item, tc.rule, tc.at)
			assert.ErrorIs(t, err, relaciona.ErrInvalid)
		})
	}
}

func TestQuarantineBoundsTheRule(t *testing.T) {
	ctx := context.Background()
	q := relaciona.NewQuarantine(openMem(t))
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	long := make([]byte, 5000)
	for i := range long {
		long[i] = 'x'
	}
	require.NoError(t, q.Add(ctx, clerk, "tickets", "T-1", errors.New(string(long)), at))
	e, err := q.Get(ctx, "tickets", "T-1")
	require.NoError(t, err)
	assert.Less(t, len(e.Rule), 400)
}

// A job sets a bad item aside and goes on with the rest; a later run
// releases it once it is processed.
func ExampleQuarantine() {
	ctx := context.Background()
	store, err := relaciona.OpenStore(ctx, "sqlite://:memory:")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()
	job := relaciona.Actor{ID: "job", Roles: []string{"system"}}
	q := relaciona.NewQuarantine(store)
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

	bad := relaciona.Invalid("subject", "the subject is longer than 500 characters")
	if err := q.Add(ctx, job, "tickets", "T-7", bad, at); err != nil {
		fmt.Println(err)
		return
	}
	for e, err := range q.Waiting(ctx, "tickets") {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(e, "since", e.First.Format(time.DateOnly))
	}

	b := store.Begin(job, "job.file", "T-7 fixed and processed")
	if _, err := q.Release(ctx, b, "tickets", "T-7"); err != nil {
		fmt.Println(err)
		return
	}
	if _, err := b.Commit(ctx); err != nil {
		fmt.Println(err)
		return
	}
	_, err = q.Get(ctx, "tickets", "T-7")
	fmt.Println(errors.Is(err, relaciona.ErrNotFound))
	// Output:
	// tickets T-7: subject: the subject is longer than 500 characters since 2026-03-02
	// true
}
