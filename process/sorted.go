package process

import (
	"context"
	"slices"

	"github.com/relaciona/relaciona"
)

// SortedValues reads the values of c that f selects, sorted by cmp: a
// stable sort, so values cmp finds equal keep the store's order. A failed
// read returns nil with the error.
func SortedValues[T any](ctx context.Context, c *relaciona.Collection[T], f relaciona.Filter, cmp func(x, y T) int) ([]T, error) {
	out, err := c.Values(ctx, f)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, cmp)
	return out, nil
}
