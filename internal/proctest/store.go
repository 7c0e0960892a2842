package proctest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

// MemoryStore opens a store in memory (sqlite), closed when the test ends.
func MemoryStore(t testing.TB) *relaciona.Store {
	t.Helper()
	store, err := relaciona.OpenStore(context.Background(), "sqlite://:memory:")
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	return store
}
