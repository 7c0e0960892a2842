package postgres

import (
	"context"
	"sync"

	"github.com/jackc/pgx/v5"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/snapread"
)

var _ driver.Snapshotter = (*Store)(nil)

// Snapshot implements driver.Snapshotter with a REPEATABLE READ, READ ONLY
// transaction on one pooled connection. PostgreSQL fixes such a
// transaction's snapshot at its first statement, which is made at once:
// every read of fn (Get, Scan, ScanLent, ScanAudit) then sees the tables
// as they were at that moment, whatever other sessions commit meanwhile.
// A read-only snapshot never conflicts with writers (no serialization
// failure can arise from it) and takes no lock a writer waits for. The
// connection is held until fn returns; fn may write to the store, through
// the pool's other connections, but does not see its own writes through
// the Reader.
func (s *Store) Snapshot(ctx context.Context, fn func(r driver.Reader) error) error {
	if err := s.check(); err != nil {
		return err
	}
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return driver.Errorf(driver.ErrUnavailable, "postgres: starting a snapshot: %v", explain(err))
	}
	// A read-only transaction has nothing to commit: rolling it back
	// ends it. Under a context already ended it still must end, so that
	// the connection goes back to the pool clean.
	defer tx.Rollback(context.WithoutCancel(ctx))
	var head int64
	if err := tx.QueryRow(ctx, `SELECT COALESCE(max(seq), 0) FROM audit`).Scan(&head); err != nil {
		return driver.Errorf(driver.ErrUnavailable, "postgres: starting a snapshot: %v", explain(err))
	}
	r := snapread.NewLending(snapSource{s: s, q: &lockedTx{tx: tx}}, "postgres: ", nil)
	defer r.End()
	return fn(r)
}

// snapSource reads from a snapshot's transaction.
type snapSource struct {
	s *Store
	q *lockedTx
}

func (r snapSource) Get(ctx context.Context, kind string, ids []string) ([]driver.Record, error) {
	return r.s.get(ctx, r.q, kind, ids)
}

func (r snapSource) Scan(ctx context.Context, q driver.Query, lent bool, fn func(driver.Record) error) error {
	return r.s.scan(ctx, r.q, q, lent, fn)
}

func (r snapSource) ScanAudit(ctx context.Context, from int64, fn func(driver.AuditEntry) error) error {
	return r.s.scanAudit(ctx, r.q, from, fn)
}

// lockedTx runs one query at a time on a transaction, whose connection
// cannot serve two at once: a Reader may be used by several goroutines.
// The lock is held from Query until its rows are closed (every page read
// closes them before handing records to the caller).
type lockedTx struct {
	mu sync.Mutex
	tx pgx.Tx
}

func (l *lockedTx) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	l.mu.Lock()
	rows, err := l.tx.Query(ctx, sql, args...)
	if err != nil {
		l.mu.Unlock()
		return nil, err
	}
	return &unlockRows{Rows: rows, unlock: l.mu.Unlock}, nil
}

// unlockRows releases its lockedTx when closed (once, however often
// Close is called).
type unlockRows struct {
	pgx.Rows
	once   sync.Once
	unlock func()
}

func (u *unlockRows) Close() {
	u.Rows.Close()
	u.once.Do(u.unlock)
}
