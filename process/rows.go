package process

import (
	"context"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/csvio"
)

// WriteRows is the part of a Table's Write that every process package
// shares: in one audited batch of store, written by actor (already the
// directory's) as action with reason and stamped at (three tries on a
// conflict, as every process write), it makes each row a value with of and
// hands the values to write, which adds their writes to the batch and
// counts them.
func WriteRows[T any](ctx context.Context, store *relaciona.Store, actor relaciona.Actor, action, reason string, at time.Time, rows []*csvio.Row,
	of func(*csvio.Row) T, write func(b *relaciona.Batch, vals []T) (Counts, error)) (Counts, error) {
	var n Counts
	err := store.Update(ctx, actor, action, reason, 3, func(b *relaciona.Batch) error {
		b.At(at)
		vals := make([]T, len(rows))
		for i, r := range rows {
			vals[i] = of(r)
		}
		var err error
		n, err = write(b, vals)
		return err
	})
	return n, err
}
