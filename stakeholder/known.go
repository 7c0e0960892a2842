package stakeholder

import (
	"context"
	"fmt"

	"github.com/relaciona/relaciona"
)

// checkKnown refuses the first of ids that c does not hold, as field[i]
// with the message es / en (which name the id with %q).
func checkKnown[T any](ctx context.Context, s *Process, c *relaciona.Collection[T], field string, ids []string, es, en string) error {
	have, err := existing(ctx, c, ids)
	if err != nil {
		return err
	}
	for i, id := range ids {
		if !have[id] {
			return s.notFound(fmt.Sprintf("%s[%d]", field, i), es, en, id)
		}
	}
	return nil
}

// checkStakeholders refuses the first of ids the register does not hold,
// as field[i].
func (s *Process) checkStakeholders(ctx context.Context, field string, ids []string) error {
	return checkKnown(ctx, s, s.stakeholders, field, ids, "parte interesada desconocida %q", "unknown stakeholder %q")
}

// checkGroups refuses the first of ids that is not a group, as field[i].
func (s *Process) checkGroups(ctx context.Context, field string, ids []string) error {
	return checkKnown(ctx, s, s.groups, field, ids, "grupo desconocido %q", "unknown group %q")
}

// docsByID reads the records of ids from c, by id: pointers into the
// slice read, to change in a batch and put back with putDocs. It reads
// nothing when ids is empty.
func docsByID[T any](ctx context.Context, c *relaciona.Collection[T], ids []string) (map[string]*relaciona.Doc[T], error) {
	out := make(map[string]*relaciona.Doc[T], len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	ds, err := c.GetMany(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range ds {
		out[ds[i].ID] = &ds[i]
	}
	return out, nil
}

// putDocs puts every record of docs back into b, each expecting the
// version it was read at.
func putDocs[T any](b *relaciona.Batch, c *relaciona.Collection[T], docs map[string]*relaciona.Doc[T]) {
	for _, d := range docs {
		c.Put(b, &d.Value, d.Version)
	}
}

// batchRefs reads what a batch of new records refers to: which of their
// stakeholders the register holds, and the records of refs they name, by
// id. refsOf returns a record's stakeholder and the id it names in refs
// ("" for none).
func batchRefs[T, R any](ctx context.Context, s *Process, recs []T, refsOf func(T) (stakeholder, ref string), refs *relaciona.Collection[R]) (map[string]bool, map[string]*relaciona.Doc[R], error) {
	var sids, rids []string
	for _, r := range recs {
		sid, rid := refsOf(r)
		sids = append(sids, sid)
		if rid != "" {
			rids = append(rids, rid)
		}
	}
	have, err := existing(ctx, s.stakeholders, sids)
	if err != nil {
		return nil, nil, err
	}
	docs, err := docsByID(ctx, refs, rids)
	if err != nil {
		return nil, nil, err
	}
	return have, docs, nil
}
