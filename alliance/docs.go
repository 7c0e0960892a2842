package alliance

import (
	"context"
	"errors"
	"fmt"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// getKnown reads the document id of col; an unknown id is ErrNotFound
// with unknown (Spanish, English), a format taking the id.
func getKnown[T any](ctx context.Context, s *Process, col *relaciona.Collection[T], id, unknownES, unknownEN string) (relaciona.Doc[T], error) {
	d, err := col.Get(ctx, id)
	if errors.Is(err, relaciona.ErrNotFound) {
		return d, fmt.Errorf("%w: %s", relaciona.ErrNotFound, s.lang.Tf(unknownES, unknownEN, id))
	}
	return d, err
}

// putOne writes v over version (0 for a new document) of col in a batch of
// its own, by actor for action, audited with reason at the date at.
func putOne[T any](ctx context.Context, s *Process, col *relaciona.Collection[T], actor relaciona.Actor, action, reason string, at calendar.Date, v *T, version int64) error {
	b := s.store.Begin(actor, action, reason).At(stamp(at))
	col.Put(b, v, version)
	_, err := b.Commit(ctx)
	return err
}
