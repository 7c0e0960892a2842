package snapread

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
)

// src records how it was read.
type src struct{ lent []bool }

func (s *src) Get(context.Context, string, []string) ([]driver.Record, error) {
	return []driver.Record{{ID: "a"}}, nil
}

func (s *src) Scan(_ context.Context, _ driver.Query, lent bool, _ func(driver.Record) error) error {
	s.lent = append(s.lent, lent)
	return nil
}

func (s *src) ScanAudit(context.Context, int64, func(driver.AuditEntry) error) error { return nil }

// TestReaderEnds: every read reaches the Source while the snapshot lasts
// (ScanLent lends, Scan does not), the store's check is asked first, and
// after End every read fails with driver.ErrClosed, the prefix leading.
func TestReaderEnds(t *testing.T) {
	ctx := context.Background()
	closed := driver.Errorf(driver.ErrClosed, "store closed")
	for _, c := range []struct {
		name  string
		check func() error
		end   bool
		want  error
	}{
		{name: "open", want: nil},
		{name: "ended", end: true, want: driver.ErrClosed},
		{name: "store closed", check: func() error { return closed }, want: closed},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := &src{}
			r := NewLending(s, "x: ", c.check)
			if c.end {
				r.End()
			}
			_, gerr := r.Get(ctx, "k", []string{"a"})
			serr := r.Scan(ctx, driver.Query{}, func(driver.Record) error { return nil })
			lerr := r.ScanLent(ctx, driver.Query{}, func(driver.Record) error { return nil })
			aerr := r.ScanAudit(ctx, 0, func(driver.AuditEntry) error { return nil })
			for _, err := range []error{gerr, serr, lerr, aerr} {
				if c.want == nil {
					require.NoError(t, err)
					continue
				}
				require.True(t, errors.Is(err, c.want), "%v", err)
			}
			if c.want == nil {
				assert.Equal(t, []bool{false, true}, s.lent)
			} else {
				assert.Empty(t, s.lent)
			}
			if c.end {
				assert.Contains(t, gerr.Error(), "x: the snapshot has ended")
			}
		})
	}
}
