package plugintest

import (
	"context"
	"fmt"

	"github.com/relaciona/relaciona/plugins/conformance"
)

// Execer runs a statement on a store's database behind its driver's back
// (sqlite.Store.Exec).
type Execer interface {
	Exec(ctx context.Context, query string, args ...any) error
}

// TamperSQLite is the Tamper hook of conformance.StoreHarness for a SQLite
// store s: it damages audit entry seq directly in s's database, bypassing
// the driver (or the plugin transport in front of it), so that the
// conformance suite can check that verification finds it. Never give it a
// store you keep.
func TamperSQLite(s Execer) func(ctx context.Context, seq int64, op conformance.TamperOp) error {
	return func(ctx context.Context, seq int64, op conformance.TamperOp) error {
		return tamperSQLite(ctx, s, seq, op)
	}
}

func tamperSQLite(ctx context.Context, s Execer, seq int64, op conformance.TamperOp) error {
	switch op {
	case conformance.TamperAlter:
		return s.Exec(ctx, `UPDATE audit SET reason = reason || ' (altered)' WHERE seq = ?`, seq)
	case conformance.TamperRemove:
		return s.Exec(ctx, `DELETE FROM audit WHERE seq = ?`, seq)
	case conformance.TamperSwap:
		return s.Exec(ctx, `UPDATE audit SET
			actor  = CASE seq WHEN ?1 THEN (SELECT actor  FROM audit WHERE seq = ?1 + 1) ELSE (SELECT actor  FROM audit WHERE seq = ?1) END,
			action = CASE seq WHEN ?1 THEN (SELECT action FROM audit WHERE seq = ?1 + 1) ELSE (SELECT action FROM audit WHERE seq = ?1) END,
			reason = CASE seq WHEN ?1 THEN (SELECT reason FROM audit WHERE seq = ?1 + 1) ELSE (SELECT reason FROM audit WHERE seq = ?1) END,
			changes= CASE seq WHEN ?1 THEN (SELECT changes FROM audit WHERE seq = ?1 + 1) ELSE (SELECT changes FROM audit WHERE seq = ?1) END
			WHERE seq IN (?1, ?1 + 1)`, seq)
	}
	return fmt.Errorf("unknown tamper op %d", op)
}
