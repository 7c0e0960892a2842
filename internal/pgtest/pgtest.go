// Package pgtest gives tests a fresh schema on the PostgreSQL server that
// PG_DSN names, dropped when the test ends; without PG_DSN the test is
// skipped (the integrator runs them with the service up).
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// DSN returns PG_DSN, and skips t when it is not set.
func DSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("PG_DSN")
	if dsn == "" {
		t.Skip("PG_DSN is not set: this test needs a PostgreSQL server (eval \"$(../shared/scripts/start-postgres.sh | tail -n 1)\")")
	}
	return dsn
}

// Schema returns a fresh schema name that starts with prefix, dropped
// (CASCADE) when t ends, after the cleanups registered later (a store
// opened on it is closed first). Without PG_DSN t is skipped.
func Schema(t testing.TB, prefix string) string {
	t.Helper()
	dsn := DSN(t)
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	schema := prefix + hex.EncodeToString(rnd[:])
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP SCHEMA IF EXISTS `+pgx.Identifier{schema}.Sanitize()+` CASCADE`); err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
		}
	})
	return schema
}
