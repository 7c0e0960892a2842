// Package flock holds a lock file: an exclusive OS lock (flock(2)) on a
// file, taken with backoff until a context ends. The kernel releases it
// when the holder's process dies, so a crashed job never blocks the next.
// It serves the SQLite store's driver.Locker and `relaciona run`'s lock
// beside the deployment file.
package flock

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"
)

// ErrUnsupported: this system has no file locks flock can take.
var ErrUnsupported = errors.New("file locks are not supported on this system")

// Lock takes an exclusive lock on the file at path (created if missing,
// never removed: removing it would race with the next holder). It tries at
// once, then again with a backoff from 5 ms up to 250 ms, until it holds
// the lock or ctx ends; then it returns an error wrapping ctx's error. Two
// Lock calls on one path exclude each other even within one process. The
// returned unlock releases it; calling it again does nothing.
func Lock(ctx context.Context, path string) (unlock func() error, err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock file %s: %w", path, err)
	}
	held, err := Retry(ctx, func() (bool, error) { return tryLock(f) })
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock file %s: %w", path, err)
	}
	if !held {
		f.Close()
		return nil, fmt.Errorf("lock file %s is held by another process: %w", path, ctx.Err())
	}
	var once sync.Once
	return func() error {
		var err error
		once.Do(func() {
			err = errors.Join(unlockFile(f), f.Close())
		})
		return err
	}, nil
}

// Retry is the backoff Lock takes its lock with, for locks of other kinds
// (a database's advisory lock): it calls try at once, then again after a
// wait growing from 5 ms up to 250 ms, until try reports the lock held
// (true) or fails (its error, as it is). If ctx ends while it waits,
// Retry returns false and no error; ctx.Err() says why.
func Retry(ctx context.Context, try func() (held bool, err error)) (bool, error) {
	wait := 5 * time.Millisecond
	for {
		held, err := try()
		if err != nil || held {
			return held && err == nil, err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return false, nil
		case <-t.C:
		}
		wait = min(2*wait, 250*time.Millisecond)
	}
}
