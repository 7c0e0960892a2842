package stakeholder

import (
	"context"
	"fmt"

	"github.com/relaciona/relaciona"
)

// checkKnown refuses the first of ids that c does not hold, as field[i]
// with the message es / en (which name the id with %q).
func checkKnown[T any](ctx context.Context, s *Process, c *relaciona.Collection[T], field string, ids []string, es, en string) error {
	have, err := existing(c)(ctx, ids)
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
