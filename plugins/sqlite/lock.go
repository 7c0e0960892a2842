package sqlite

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"

	"github.com/relaciona/relaciona/internal/flock"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/sqlstore"
)

var _ driver.Locker = (*Store)(nil)

// Lock implements driver.Locker. For a database file it is an OS file lock
// (flock) on the file LockPath(path, name) beside it: it excludes every
// holder on this machine, in any process, and the kernel releases it when
// the holder dies. (A database on a network share is only as well locked
// as the share's flock.) For :memory: it is a lock within this Store.
func (s *Store) Lock(ctx context.Context, name string) (func() error, error) {
	if err := sqlstore.CheckLock(s.check, name); err != nil {
		return nil, err
	}
	if s.path == ":memory:" {
		return memLocks.lock(ctx, s, name)
	}
	unlock, err := flock.Lock(ctx, LockPath(s.path, name))
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("store %s: lock %q: %w", s.path, name, ctx.Err())
		}
		return nil, driver.Errorf(driver.ErrUnavailable, "store %s: lock %q: %v", s.path, name, err)
	}
	return unlock, nil
}

// LockPath is the file that holds the lock called name of the database at
// path: "<path>-<name>.lock" when name is made of letters, digits, '.',
// '_' and '-', else a digest of name stands in for it.
func LockPath(path, name string) string {
	safe := len(name) <= 64
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			safe = false
			break
		}
	}
	if !safe {
		sum := sha256.Sum256([]byte(name))
		name = hex.EncodeToString(sum[:8])
	}
	return path + "-" + name + ".lock"
}

// memLockTable holds the locks of in-memory stores: an entry exists only
// while its lock is held, so the table does not grow.
type memLockTable struct {
	mu   sync.Mutex
	held map[memLockKey]chan struct{} // closed when released
}

type memLockKey struct {
	s    *Store
	name string
}

var memLocks = &memLockTable{held: map[memLockKey]chan struct{}{}}

func (t *memLockTable) lock(ctx context.Context, s *Store, name string) (func() error, error) {
	k := memLockKey{s, name}
	for {
		t.mu.Lock()
		released, busy := t.held[k]
		if !busy {
			mine := make(chan struct{})
			t.held[k] = mine
			t.mu.Unlock()
			var once sync.Once
			return func() error {
				once.Do(func() {
					t.mu.Lock()
					delete(t.held, k)
					t.mu.Unlock()
					close(mine)
				})
				return nil
			}, nil
		}
		t.mu.Unlock()
		select {
		case <-released:
		case <-ctx.Done():
			return nil, fmt.Errorf("store :memory:: lock %q is held: %w", name, ctx.Err())
		}
	}
}
