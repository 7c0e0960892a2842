package flock_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/internal/flock"
)

func TestLockExcludesAndReleases(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.lock")
	unlock, err := flock.Lock(context.Background(), path)
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err = flock.Lock(ctx, path)
	require.Error(t, err, "a second holder in the same process waits")
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	got := make(chan error, 1)
	go func() {
		u, err := flock.Lock(context.Background(), path)
		if err == nil {
			err = u()
		}
		got <- err
	}()
	time.Sleep(50 * time.Millisecond)
	require.NoError(t, unlock())
	require.NoError(t, unlock(), "a second unlock does nothing")
	select {
	case err := <-got:
		require.NoError(t, err, "the waiter gets the lock once it is released")
	case <-time.After(10 * time.Second):
		t.Fatal("the waiter never got the released lock")
	}
}

func TestRetry(t *testing.T) {
	boom := errors.New("boom")
	for _, c := range []struct {
		name    string
		answers []bool  // what try reports call by call; past the end, false
		fail    int     // the call (1-based) that fails with boom; 0: none
		held    bool    // Retry's answer
		err     error   // Retry's error
		calls   int     // how many times try is called (0: not checked)
		timeout float64 // seconds before ctx ends
	}{
		{name: "held at once", answers: []bool{true}, held: true, calls: 1, timeout: 10},
		{name: "held on the third try", answers: []bool{false, false, true}, held: true, calls: 3, timeout: 10},
		{name: "a failure ends it", answers: []bool{false}, fail: 2, err: boom, calls: 2, timeout: 10},
		{name: "never held: ctx ends", timeout: 0.05},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Duration(c.timeout*float64(time.Second)))
			defer cancel()
			n := 0
			held, err := flock.Retry(ctx, func() (bool, error) {
				n++
				if n == c.fail {
					return false, boom
				}
				return n <= len(c.answers) && c.answers[n-1], nil
			})
			assert.Equal(t, c.held, held)
			assert.Equal(t, c.err, err)
			if c.calls > 0 {
				assert.Equal(t, c.calls, n)
			} else {
				assert.Greater(t, n, 1, "tried again while waiting")
				assert.ErrorIs(t, ctx.Err(), context.DeadlineExceeded)
			}
		})
	}
}
