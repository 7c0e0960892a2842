package conformance

import (
	"context"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
)

// checkLock checks driver.Locker: two holders of one name exclude each
// other (on one driver and, with Reopen, across connections), names are
// independent, unlock releases, and a deadline while waiting is an error
// that holds nothing.
func checkLock(t *T, e *storeEnv) {
	l, ok := e.Store.(driver.Locker)
	if !ok {
		t.Skip("the store does not implement driver.Locker")
	}
	name, other := e.kind("lock"), e.kind("lock.other")
	// short bounds a wait that must time out; long one that must succeed
	// (generous, for a loaded machine).
	short := func() (context.Context, context.CancelFunc) {
		return context.WithTimeout(t.Context(), 300*time.Millisecond)
	}
	long := func() (context.Context, context.CancelFunc) {
		return context.WithTimeout(t.Context(), 30*time.Second)
	}

	unlock, err := l.Lock(t.Context(), name)
	require.NoError(t, err, "a free lock is taken")

	ctx, cancel := short()
	_, err = l.Lock(ctx, name)
	cancel()
	require.Error(t, err, "a second holder of the same name waits until its deadline")
	assert.ErrorIs(t, err, context.DeadlineExceeded, "the error of a wait cut short wraps the context's")

	if e.Reopen != nil {
		s2, err := e.Reopen(t.Context())
		require.NoError(t, err)
		defer s2.Close()
		l2, ok := s2.(driver.Locker)
		require.True(t, ok, "a reopened store is a Locker too")
		ctx, cancel := short()
		_, err = l2.Lock(ctx, name)
		cancel()
		assert.ErrorIs(t, err, context.DeadlineExceeded, "a holder on another connection is excluded")
	}

	ctx, cancel = long()
	u2, err := l.Lock(ctx, other)
	cancel()
	require.NoError(t, err, "a lock of another name is independent")
	require.NoError(t, u2())

	// A waiter gets the lock once it is released.
	got := make(chan error, 1)
	go func() {
		u, err := l.Lock(t.Context(), name)
		if err == nil {
			err = u()
		}
		got <- err
	}()
	time.Sleep(100 * time.Millisecond)
	select {
	case err := <-got:
		t.Errorf("a waiter got a held lock (err %v)", err)
		return
	default:
	}
	require.NoError(t, unlock(), "unlock")
	select {
	case err := <-got:
		require.NoError(t, err, "the waiter takes the released lock")
	case <-t.Context().Done():
		t.Errorf("the waiter never got the released lock")
		return
	}

	// A wait cut short held nothing: the lock is free afterwards.
	ctx, cancel = long()
	u3, err := l.Lock(ctx, name)
	cancel()
	require.NoError(t, err, "after a timed-out wait and an unlock, the lock is free")
	require.NoError(t, u3())
	if e.Reopen != nil {
		s2, err := e.Reopen(t.Context())
		require.NoError(t, err)
		defer s2.Close()
		ctx, cancel := long()
		u4, err := s2.(driver.Locker).Lock(ctx, name)
		cancel()
		require.NoError(t, err, "released for other connections too")
		require.NoError(t, u4())
	}
}
