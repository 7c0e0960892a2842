package process_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/process"
)

func TestSortedValues(t *testing.T) {
	ctx := context.Background()
	store, err := relaciona.OpenStore(ctx, "sqlite://:memory:")
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	type item struct {
		ID, Group string
		Rank      int
	}
	col := relaciona.NewCollection(store, "ptest.item", func(v *item) relaciona.Key {
		return relaciona.Key{ID: v.ID, Attrs: map[string]string{"group": v.Group}}
	})
	b := store.Begin(relaciona.SystemActor(), "test", "")
	for _, v := range []item{{"a", "x", 2}, {"b", "x", 1}, {"c", "y", 1}, {"d", "x", 2}} {
		col.Put(b, &v, 0)
	}
	_, err = b.Commit(ctx)
	require.NoError(t, err)
	byRank := func(x, y item) int { return x.Rank - y.Rank }
	ids := func(vs []item) []string {
		var out []string
		for _, v := range vs {
			out = append(out, v.ID)
		}
		return out
	}

	all, err := process.SortedValues(ctx, col, relaciona.Filter{}, byRank)
	require.NoError(t, err)
	assert.Equal(t, []string{"b", "c", "a", "d"}, ids(all), "equal ranks keep the store's order")

	xs, err := process.SortedValues(ctx, col, relaciona.Filter{Attrs: map[string]string{"group": "x"}}, byRank)
	require.NoError(t, err)
	assert.Equal(t, []string{"b", "a", "d"}, ids(xs))

	_, err = process.SortedValues(ctx, col, relaciona.Filter{Limit: -1}, byRank)
	require.ErrorIs(t, err, relaciona.ErrInvalid)
}
