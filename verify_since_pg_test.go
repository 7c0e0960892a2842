package relaciona_test

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/plugins/postgres"
)

// openPG opens a PostgreSQL store in a fresh schema, dropped when the test
// ends. Without PG_DSN the test is skipped.
func openPG(t *testing.T) *postgres.Store {
	t.Helper()
	schema := pgTestSchema(t)
	d, err := postgres.Open(context.Background(), postgres.Options{DSN: os.Getenv("PG_DSN"), Schema: schema})
	require.NoError(t, err)
	return d
}

// The incremental check on the real PostgreSQL: a record changed since the
// checkpoint and altered behind the store's back is found, one changed
// before it only by the full check, and a log cut back before the
// checkpoint is named as the store going back.
func TestVerifySinceOnPostgres(t *testing.T) {
	ctx := context.Background()
	t.Run("record changed since", func(t *testing.T) {
		d := openPG(t)
		s, cp := sinceStoreOn(t, d)
		next, st, err := s.VerifySince(ctx, cp)
		require.NoError(t, err)
		assert.Equal(t, relaciona.VerifyStats{Entries: 3, Records: 2}, st)
		assert.Equal(t, int64(9), next.Seq)
		require.NoError(t, d.Exec(ctx, `UPDATE records SET body = '\x7b7d'::bytea WHERE kind = 'test.note' AND id = 'c'`))
		_, _, err = s.VerifySince(ctx, cp)
		checkMismatch(t, err, "test.note", "c", "body, attributes or time are not the ones written")
	})
	t.Run("record changed before", func(t *testing.T) {
		d := openPG(t)
		s, cp := sinceStoreOn(t, d)
		require.NoError(t, d.Exec(ctx, `UPDATE records SET body = '\x7b7d'::bytea WHERE kind = 'test.note' AND id = 'a'`))
		_, _, err := s.VerifySince(ctx, cp)
		require.NoError(t, err)
		_, _, err = s.VerifySince(ctx, relaciona.AuditCheckpoint{})
		checkMismatch(t, err, "test.note", "a", "body, attributes or time are not the ones written")
	})
	t.Run("store went back", func(t *testing.T) {
		d := openPG(t)
		s, _ := sinceStoreOn(t, d)
		cp, _, err := s.VerifySince(ctx, relaciona.AuditCheckpoint{})
		require.NoError(t, err)
		require.NoError(t, d.Exec(ctx, `DELETE FROM audit WHERE seq = $1`, cp.Seq))
		_, _, err = s.VerifySince(ctx, cp)
		var he *relaciona.HeadError
		require.ErrorAs(t, err, &he)
		assert.Equal(t, cp.Seq, he.Seq)
	})
}
