package proctest

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

// Outbox returns the notifications in the outbox of store, in key order.
func Outbox(t testing.TB, ctx context.Context, store *relaciona.Store) []relaciona.Notification {
	t.Helper()
	var out []relaciona.Notification
	for r, err := range store.Scan(ctx, relaciona.NotificationKind, relaciona.Filter{}) {
		require.NoError(t, err)
		var n relaciona.Notification
		require.NoError(t, json.Unmarshal(r.Body, &n))
		out = append(out, n)
	}
	return out
}

// AlreadyInOutbox writes n to the outbox of store in a transaction of its
// own, so that a change notifying the same key afterwards conflicts: the
// setup of the tests that check a change and its notification are one
// transaction.
func AlreadyInOutbox(t testing.TB, ctx context.Context, store *relaciona.Store, n relaciona.Notification) {
	t.Helper()
	b := store.Begin(relaciona.SystemActor(), "test.notify", "a notification already there")
	b.Notify(n)
	_, err := b.Commit(ctx)
	require.NoError(t, err)
}

// Recipients returns the people (their directory ids) ns go to, in the
// order of ns.
func Recipients(ns []relaciona.Notification) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.To.Person)
	}
	return out
}
