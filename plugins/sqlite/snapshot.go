package sqlite

import (
	"context"
	"database/sql"
	"sync"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/snapread"
)

var _ driver.Snapshotter = (*Store)(nil)

// Snapshot implements driver.Snapshotter with a read transaction on one
// reader connection. In WAL mode a deferred transaction's snapshot is fixed
// by its first read, so one is made at once: every read of fn (Get, Scan,
// ScanLent, ScanAudit) then sees the database as it was at BEGIN, while
// the writer connection goes on committing. The transaction keeps the WAL
// from being checkpointed past its snapshot while fn runs, so fn should
// not linger.
//
// An in-memory store has one connection, shared by readers and the
// writer: the snapshot holds it, so writers (other goroutines' Apply) wait
// until fn returns, and are then applied in order. fn must therefore not
// write to an in-memory store, nor wait for a write to finish: that write
// would wait for fn, until ctx ends.
func (s *Store) Snapshot(ctx context.Context, fn func(r driver.Reader) error) error {
	if err := s.check(); err != nil {
		return err
	}
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return driver.Errorf(driver.ErrUnavailable, "store %s: starting a snapshot: %v", s.path, s.explain(err))
	}
	defer tx.Rollback()
	// The first read fixes the snapshot (and takes the WAL read mark).
	var head int64
	if err := tx.QueryRowContext(context.WithoutCancel(ctx), `SELECT COALESCE(MAX(seq), 0) FROM audit`).Scan(&head); err != nil {
		return driver.Errorf(driver.ErrUnavailable, "store %s: starting a snapshot: %v", s.path, s.explain(err))
	}
	r := snapread.NewLending(&snapSource{s: s, tx: tx}, "store "+s.path+": ", s.check)
	defer r.End()
	return fn(r)
}

// snapSource reads from a snapshot's transaction.
type snapSource struct {
	s  *Store
	tx *sql.Tx

	// one is the store's prepared getOne statement bound to tx, made at
	// the first single-record Get.
	oneMu sync.Mutex
	one   *sql.Stmt
}

func (r *snapSource) stmt(ctx context.Context) *sql.Stmt {
	r.oneMu.Lock()
	defer r.oneMu.Unlock()
	if r.one == nil {
		// Closed with the transaction.
		r.one = r.tx.StmtContext(context.WithoutCancel(ctx), r.s.getOne)
	}
	return r.one
}

func (r *snapSource) Get(ctx context.Context, kind string, ids []string) ([]driver.Record, error) {
	var one *sql.Stmt
	if len(ids) == 1 {
		one = r.stmt(ctx)
	}
	return r.s.get(ctx, r.tx, one, kind, ids)
}

func (r *snapSource) Scan(ctx context.Context, q driver.Query, lent bool, fn func(driver.Record) error) error {
	return r.s.scan(ctx, r.tx, q, lent, fn)
}

func (r *snapSource) ScanAudit(ctx context.Context, from int64, fn func(driver.AuditEntry) error) error {
	return r.s.scanAudit(ctx, r.tx, from, fn)
}
