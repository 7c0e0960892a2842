package conformance

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// T is the testing handle a check receives. It satisfies testify's
// require.TestingT and assert.TestingT, so checks are written like tests,
// but it also runs outside `go test` (for `relaciona plugins check`).
type T struct {
	mu       sync.Mutex
	ctx      context.Context
	errs     []string
	failed   bool
	skipped  string
	cleanups []func()
}

// Errorf records a failure.
func (t *T) Errorf(format string, args ...any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.failed = true
	t.errs = append(t.errs, fmt.Sprintf(format, args...))
}

// FailNow records a failure and stops the check (like testing.T.FailNow, it
// must be called from the check's own goroutine).
func (t *T) FailNow() {
	t.mu.Lock()
	t.failed = true
	t.mu.Unlock()
	runtime.Goexit()
}

// Skip stops the check and reports it as not applicable, with a reason.
func (t *T) Skip(reason string) {
	t.mu.Lock()
	t.skipped = reason
	t.mu.Unlock()
	runtime.Goexit()
}

// Helper is a no-op, for testify.
func (t *T) Helper() {}

// Cleanup registers f to run when the check ends.
func (t *T) Cleanup(f func()) { t.cleanups = append(t.cleanups, f) }

// Context is the check's context; it is cancelled when the check times out.
func (t *T) Context() context.Context { return t.ctx }

// Result is the outcome of one check.
type Result struct {
	Name     string
	Passed   bool
	Skipped  string // reason, when the check did not apply
	Failures []string
	Elapsed  time.Duration
}

// Check is one named behaviour.
type Check[H any] struct {
	Name string
	Run  func(t *T, h H)
}

// tableCheck is a row of a check table: a check with the rule it verifies.
type tableCheck[H any] struct {
	name, rule string
	run        func(*T, H)
}

// randomHex returns n random bytes in hex: the markers that keep a run's
// records, tickets and messages apart from others'.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// checksOf lists a table's checks, in its order.
func checksOf[H any](table []tableCheck[H]) []Check[H] {
	out := make([]Check[H], len(table))
	for i, c := range table {
		out[i] = Check[H]{Name: c.name, Run: c.run}
	}
	return out
}

// docsOf lists a table's checks with their rules, in its order.
func docsOf[H any](table []tableCheck[H]) []CheckDoc {
	out := make([]CheckDoc, len(table))
	for i, c := range table {
		out[i] = CheckDoc{Name: c.name, Rule: c.rule}
	}
	return out
}

// runEach runs each check in order with run, calling progress (when not
// nil) after each, and returns the results.
func runEach[H any](checks []Check[H], run func(Check[H]) Result, progress func(Result)) []Result {
	out := make([]Result, 0, len(checks))
	for _, c := range checks {
		r := run(c)
		if progress != nil {
			progress(r)
		}
		out = append(out, r)
	}
	return out
}

// runCheck runs one check in its own goroutine (so FailNow can stop it)
// with a timeout.
func runCheck[H any](ctx context.Context, c Check[H], h H, timeout time.Duration) Result {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	t := &T{ctx: ctx}
	start := time.Now()
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			for i := len(t.cleanups) - 1; i >= 0; i-- {
				t.cleanups[i]()
			}
		}()
		defer func() {
			if r := recover(); r != nil {
				t.Errorf("panic: %v", r)
			}
		}()
		c.Run(t, h)
	}()
	select {
	case <-done:
	case <-time.After(timeout + 5*time.Second):
		t.Errorf("check did not finish within %s", timeout)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return Result{Name: c.Name, Passed: !t.failed && t.skipped == "", Skipped: t.skipped, Failures: append([]string(nil), t.errs...), Elapsed: time.Since(start)}
}

// runAll runs checks in order and returns their results.
func runAll[H any](ctx context.Context, checks []Check[H], h H, timeout time.Duration, progress func(Result)) []Result {
	out := make([]Result, 0, len(checks))
	for _, c := range checks {
		r := runCheck(ctx, c, h, timeout)
		if progress != nil {
			progress(r)
		}
		out = append(out, r)
	}
	return out
}

// report turns results into subtests of a *testing.T.
func report(t *testing.T, results []Result) {
	for _, r := range results {
		t.Run(r.Name, func(t *testing.T) {
			if r.Skipped != "" {
				t.Skip(r.Skipped)
			}
			if !r.Passed {
				t.Error(strings.Join(r.Failures, "\n"))
			}
		})
	}
}
