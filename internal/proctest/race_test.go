package proctest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

var (
	errLost  = errors.New("lost")
	errOther = errors.New("other")
)

func TestWinners(t *testing.T) {
	for _, tc := range []struct {
		name   string
		errs   []error
		losers []error
		won    int
		ok     bool // whether the losers' check passes
	}{
		{"no racers", nil, nil, 0, true},
		{"one winner, any loser", []error{nil, errOther}, nil, 1, true},
		{"one winner, the loser expected", []error{fmt.Errorf("wrapped: %w", errLost), nil}, []error{errLost}, 1, true},
		{"a loser of one of two errors", []error{errOther, nil, errLost}, []error{errLost, errOther}, 1, true},
		{"a loser not expected", []error{nil, errOther}, []error{errLost}, 1, false},
		{"two winners", []error{nil, nil}, []error{errLost}, 2, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{TB: t}
			assert.Equal(t, tc.won, Winners(rec, tc.errs, tc.losers...))
			assert.Equal(t, !tc.ok, rec.Failed())
		})
	}
}

func TestRace(t *testing.T) {
	got, errs := Race(4, func(i int) (int, error) {
		if i == 2 {
			return 0, errLost
		}
		return i * 10, nil
	})
	assert.Equal(t, []int{0, 10, 0, 30}, got)
	assert.Equal(t, []error{nil, nil, errLost, nil}, errs)
}

// recorder is the test's own testing.TB, but it records an Errorf as a
// failure of its own instead of failing the test: how TestWinners sees
// whether Winners failed the test it was given.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Failed() bool          { return r.failed }
