package satisfaction

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

func TestScheduledJobRunsThePeriodicWorkAndNothingElse(t *testing.T) {
	f := newFixture(t)
	st := &state{}
	agreedAction(t, f, st)
	_, err := f.p.Run(f.ctx, relaciona.SystemActor(), day("2026-03-05"))
	require.NoError(t, err, "the scheduled job may run the periodic work")

	before := f.auditCount(t)
	_, err = f.p.AddCommitment(f.ctx, relaciona.SystemActor(), NewCommitment{Action: st.action, Owner: "mgr-luis", Description: "x", Start: day("2026-03-06"), TermDays: 2}, ts("2026-03-06T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrForbidden, "and nothing else")
	assert.Equal(t, before, f.auditCount(t))

	_, err = f.p.Run(f.ctx, relaciona.Actor{Roles: []string{relaciona.RoleSystem}}, day("2026-03-05"))
	require.ErrorIs(t, err, relaciona.ErrInvalid, "a system actor still needs an id")
}
