package satisfaction

import (
	"context"
	"errors"
	"iter"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/process"
)

// The helpers every register of the process shares: reading a record
// that must exist, changing one under the version read, listing and
// streaming, the claims that keep a rule, the time every step requires.

// getKnown reads record id of c; when c holds none, the refusal is an
// invalid field (es, en formatted with args) instead of ErrNotFound.
func getKnown[V any](ctx context.Context, p *Process, c *relaciona.Collection[V], id, field, es, en string, args ...any) (relaciona.Doc[V], error) {
	d, err := c.Get(ctx, id)
	if isNotFound(err) {
		return d, p.invalid(field, es, en, args...)
	}
	return d, err
}

// insert writes v as a new record of c in one audited batch at at (action
// and reason are the audit's).
func insert[V any](ctx context.Context, p *Process, a relaciona.Actor, c *relaciona.Collection[V], v *V, action, reason string, at time.Time) error {
	b := p.store.Begin(a, action, reason)
	c.Put(b, v, 0)
	return p.commit(ctx, b, at)
}

// updateRecord reads record id of c, lets fn change it and writes it back
// under the version read, in one audited batch at at (action and reason
// are the audit's), retried on a conflict. A refusal of fn changes
// nothing.
func updateRecord[V any](ctx context.Context, p *Process, a relaciona.Actor, c *relaciona.Collection[V], action, reason, id string, at time.Time, fn func(b *relaciona.Batch, v *V) error) (V, error) {
	return process.UpdateRecord(ctx, p.store, a, c, action, reason, at, "", id, fn)
}

// statusKey indexes record id by its status (what statusFilter selects)
// and time t.
func statusKey[S ~string](id string, status S, t time.Time) relaciona.Key {
	return relaciona.Key{ID: id, Attrs: map[string]string{"status": string(status)}, Time: t}
}

// statusFilter selects the records whose status attribute is status
// (every one when status is "").
func statusFilter(status string) relaciona.Filter {
	if status == "" {
		return relaciona.Filter{}
	}
	return relaciona.Filter{Attrs: map[string]string{"status": status}}
}

// inStatus streams the values of c whose status attribute is status (every
// one when status is ""), oldest first, in constant memory.
func inStatus[V any](ctx context.Context, c *relaciona.Collection[V], status string) iter.Seq2[V, error] {
	return func(yield func(V, error) bool) {
		for d, err := range c.Scan(ctx, statusFilter(status)) {
			if !yield(d.Value, err) || err != nil {
				return
			}
		}
	}
}

// requiredTime refuses a zero time at (field "at").
func (p *Process) requiredTime(at time.Time) error {
	if at.IsZero() {
		return p.invalid("at", "la hora es obligatoria", "the time is required")
	}
	return nil
}

// heldClaims is the set of the keys of claim name that are held already.
func (p *Process) heldClaims(ctx context.Context, name string, keys []string) (map[string]bool, error) {
	held, err := p.store.Claims(ctx, name, keys)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(held))
	for _, c := range held {
		out[c.Key] = true
	}
	return out, nil
}

// commitClaiming commits b, whose writes make v, at at. When the commit
// fails because claim name is held already, the refusal is refuse's (it
// names the holder) and v is not returned.
func commitClaiming[V any](ctx context.Context, p *Process, b *relaciona.Batch, at time.Time, v V, name string, refuse func(*relaciona.ClaimError) error) (V, error) {
	err := p.commit(ctx, b, at)
	if ce := (*relaciona.ClaimError)(nil); errors.As(err, &ce) && ce.Name == name {
		var zero V
		return zero, refuse(ce)
	}
	return v, err
}

// claimHolder returns the id holding key of claim name or, for a record
// stored before claims, the first record of c whose attribute attr is key;
// "" when there is neither.
func claimHolder[V any](ctx context.Context, s *relaciona.Store, name, key string, c *relaciona.Collection[V], attr string) (string, error) {
	cl, err := s.Claimed(ctx, name, key)
	switch {
	case err == nil:
		return cl.Holder.ID, nil
	case !isNotFound(err):
		return "", err
	}
	for d, err := range c.Scan(ctx, relaciona.Filter{Attrs: map[string]string{attr: key}, Limit: 1}) {
		if err != nil {
			return "", err
		}
		return d.ID, nil
	}
	return "", nil
}
