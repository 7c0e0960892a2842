package citizen

import (
	"context"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/process"
)

// The audited batches the process's record methods share: create a
// record, replace one by id, change one read in the batch.

// createRecord writes v, a new record of c under id, in one audited batch
// of action (described by summary) stamped at: refused with refuseExisting
// (message es or en) when c holds id already; check, when not nil, runs in
// the batch before the write and may refuse it or add writes of its own.
// It returns v as written, or the zero T with the error.
func createRecord[T any](ctx context.Context, s *Process, a relaciona.Actor, c *relaciona.Collection[T], action, summary string, at time.Time,
	id string, v *T, es, en string, check func(b *relaciona.Batch) error) (T, error) {
	err := s.store.Update(ctx, a, action, summary, 3, func(b *relaciona.Batch) error {
		b.At(at)
		if err := refuseExisting(ctx, c, id, s.lang, es, en); err != nil {
			return err
		}
		if check != nil {
			if err := check(b); err != nil {
				return err
			}
		}
		c.Put(b, v, 0)
		return nil
	})
	if err != nil {
		var none T
		return none, err
	}
	return *v, nil
}

// upsert writes v under id in c, replacing the record stored there if any,
// in one audited batch of action (described by summary) stamped at.
func upsert[T any](ctx context.Context, s *Process, a relaciona.Actor, c *relaciona.Collection[T], action, summary string, at time.Time, id string, v *T) error {
	return s.store.Update(ctx, a, action, summary, 3, func(b *relaciona.Batch) error {
		b.At(at)
		var ver int64
		if d, err := c.Get(ctx, id); err == nil {
			ver = d.Version
		}
		c.Put(b, v, ver)
		return nil
	})
}

// changeRecord reads the record id of c in one audited batch of action
// (described by summary) stamped at, lets change modify it (change may
// refuse, or add writes of its own to b) and writes it back over the
// version read; it returns the record as written. what, when not empty,
// names the record in the error of a failed read ("what id: error").
func changeRecord[T any](ctx context.Context, s *Process, a relaciona.Actor, c *relaciona.Collection[T], action, summary string, at time.Time,
	what, id string, change func(b *relaciona.Batch, v *T) error) (T, error) {
	return process.UpdateRecord(ctx, s.store, a, c, action, summary, at, what, id, change)
}
