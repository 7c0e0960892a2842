package proctest

import (
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Together runs each of fns in its own goroutine, all released at once
// (no racer starts before every goroutine is ready), and returns when
// every one has returned.
func Together(fns ...func()) {
	start := make(chan struct{})
	var wg sync.WaitGroup
	for _, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			fn()
		}()
	}
	close(start)
	wg.Wait()
}

// Race calls try(i) for every i from 0 to n-1 at once, with Together, and
// returns what each call returned, by i.
func Race[T any](n int, try func(i int) (T, error)) ([]T, []error) {
	got, errs := make([]T, n), make([]error, n)
	fns := make([]func(), n)
	for i := range n {
		fns[i] = func() { got[i], errs[i] = try(i) }
	}
	Together(fns...)
	return got, errs
}

// Winners counts the racers of errs that won (a nil error) and checks that
// every other lost with one of losers (with any error when losers is
// empty).
func Winners(t testing.TB, errs []error, losers ...error) int {
	t.Helper()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case len(losers) > 0:
			assert.True(t, slices.ContainsFunc(losers, func(l error) bool { return errors.Is(err, l) }),
				"a loser's error %v is none of %v", err, losers)
		}
	}
	return won
}
