package proctest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

// Refusal is a refusal a test expects from the directory: Actor, whatever
// roles and level they claim, is refused; NotListed says whether because
// the directory does not list them; Es is part of the Spanish text of the
// refusal. Name names the case.
type Refusal struct {
	Name      string
	Actor     relaciona.Actor
	NotListed bool
	Es        string
}

// Check checks that err is the refusal r: a *relaciona.ForbiddenError,
// not listed as r says, its Spanish text containing r.Es.
func (r Refusal) Check(t testing.TB, err error) {
	t.Helper()
	fe := Forbidden(t, err)
	assert.Equal(t, r.NotListed, fe.NotListed)
	assert.Contains(t, relaciona.ErrorText(err, relaciona.Spanish), r.Es)
}

// LastAudit returns the newest entry of the audit log of store, reading
// from the entry numbered from (the zero entry when there is none).
func LastAudit(t testing.TB, ctx context.Context, store *relaciona.Store, from int64) relaciona.AuditEntry {
	t.Helper()
	var last relaciona.AuditEntry
	for e, err := range store.Audit(ctx, from) {
		require.NoError(t, err)
		last = e
	}
	return last
}
