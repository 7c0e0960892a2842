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
