package plugins_test

import (
	"context"
	"fmt"

	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

// tamperSQLite damages audit entry seq in a SQLite store behind its driver's
// back (the same statements as plugins/sqlite's own conformance test).
func tamperSQLite(ctx context.Context, s *sqlite.Store, seq int64, op conformance.TamperOp) error {
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
