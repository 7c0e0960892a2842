package process

import (
	"context"
	"fmt"
	"time"

	"github.com/relaciona/relaciona"
)

// UpdateRecord reads record id of c, lets change modify it and writes it
// back under the version read, in one audited batch dated at (action and
// reason are the audit's), retried on a conflict as Store.Update retries;
// it returns the value written. A refusal of change writes nothing. what,
// when not empty, names the record in the error of a failed read
// ("what id: error", errors.Is still finds relaciona.ErrNotFound).
func UpdateRecord[T any](ctx context.Context, store *relaciona.Store, actor relaciona.Actor, c *relaciona.Collection[T],
	action, reason string, at time.Time, what, id string, change func(b *relaciona.Batch, v *T) error) (T, error) {
	var out T
	err := store.Update(ctx, actor, action, reason, 3, func(b *relaciona.Batch) error {
		b.At(at)
		d, err := c.Get(ctx, id)
		if err != nil {
			if what != "" {
				return fmt.Errorf("%s %s: %w", what, id, err)
			}
			return err
		}
		v := d.Value
		if err := change(b, &v); err != nil {
			return err
		}
		c.Put(b, &v, d.Version)
		out = v
		return nil
	})
	return out, err
}
