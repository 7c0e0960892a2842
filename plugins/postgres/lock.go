package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/relaciona/relaciona/internal/flock"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/sqlstore"
)

var _ driver.Locker = (*Store)(nil)

// Lock implements driver.Locker with a session advisory lock
// (pg_try_advisory_lock, tried with a backoff until ctx ends) on a
// connection of its own, held until unlock closes it. It excludes every
// holder of the name on the same database and schema, from any process or
// machine; the server releases it when the holder's connection ends, as it
// does when the holder dies. The lock's key is a digest of the schema and
// the name (LockKey).
func (s *Store) Lock(ctx context.Context, name string) (func() error, error) {
	if err := sqlstore.CheckLock(s.check, name); err != nil {
		return nil, err
	}
	key := LockKey(s.schema, name)
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("postgres: lock %q: connecting: %w", name, ctx.Err())
		}
		return nil, fmt.Errorf("postgres: lock %q: connecting: %w", name, explain(err))
	}
	held, err := flock.Retry(ctx, func() (bool, error) {
		var held bool
		err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, key).Scan(&held)
		return held, err
	})
	if err != nil {
		conn.Close(context.Background())
		if ctx.Err() != nil {
			return nil, fmt.Errorf("postgres: lock %q: %w", name, ctx.Err())
		}
		return nil, fmt.Errorf("postgres: lock %q: %w", name, explain(err))
	}
	if !held {
		conn.Close(context.Background())
		return nil, fmt.Errorf("postgres: lock %q is held by another session: %w", name, ctx.Err())
	}
	var once sync.Once
	return func() error {
		var err error
		once.Do(func() {
			// Closing the session releases its advisory locks;
			// unlocking first says so at once, even if the close is
			// slow.
			uctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_, _ = conn.Exec(uctx, `SELECT pg_advisory_unlock($1)`, key)
			err = conn.Close(uctx)
		})
		return err
	}, nil
}

// LockKey is the advisory-lock key of the lock called name in schema: the
// first eight bytes of SHA-256("relaciona lock\x00" schema "\x00" name).
func LockKey(schema, name string) int64 {
	sum := sha256.Sum256([]byte("relaciona lock\x00" + schema + "\x00" + name))
	return int64(binary.BigEndian.Uint64(sum[:8]))
}
