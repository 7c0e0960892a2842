package driver_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
)

// fakePages serves records r0..r(total-1) one second apart, as a driver's
// page query would, and counts the queries.
func fakePages(total int, queries *int) func(after *driver.Position, n int, buf []driver.Record) ([]driver.Record, error) {
	base := time.Unix(0, 0).UTC()
	return func(after *driver.Position, n int, buf []driver.Record) ([]driver.Record, error) {
		*queries++
		start := 0
		if after != nil {
			start = int(after.Time.Sub(base)/time.Second) + 1
		}
		for i := start; i < total && len(buf) < n; i++ {
			buf = append(buf, driver.Record{ID: fmt.Sprintf("r%d", i), Time: base.Add(time.Duration(i) * time.Second)})
		}
		return buf, nil
	}
}

func TestScanPages(t *testing.T) {
	tests := []struct {
		name          string
		total, limit  int
		after         int // resume after record number (-1: from the start)
		wantN, wantQs int
	}{
		{"empty", 0, 0, -1, 0, 1},
		{"one short page", 3, 0, -1, 3, 1},
		{"exact pages end with an empty one", 8, 0, -1, 8, 3},
		{"several pages", 10, 0, -1, 10, 3},
		{"limit inside a page", 10, 3, -1, 3, 1},
		{"limit on a page boundary", 10, 8, -1, 8, 2},
		{"resume", 10, 0, 5, 4, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := driver.Query{Limit: tt.limit}
			if tt.after >= 0 {
				q.After = &driver.Position{Time: time.Unix(int64(tt.after), 0).UTC(), ID: fmt.Sprintf("r%d", tt.after)}
			}
			queries := 0
			var got []string
			err := driver.ScanPages(context.Background(), &q, 4, fakePages(tt.total, &queries), func(r driver.Record) error {
				got = append(got, r.ID)
				return nil
			})
			require.NoError(t, err)
			assert.Len(t, got, tt.wantN)
			for i := 1; i < len(got); i++ {
				assert.NotEqual(t, got[i-1], got[i], "no record twice")
			}
			assert.Equal(t, tt.wantQs, queries, "page queries")
		})
	}
}

func TestScanPagesStops(t *testing.T) {
	stop := errors.New("stop")
	queries := 0
	n := 0
	err := driver.ScanPages(context.Background(), &driver.Query{}, 4, fakePages(100, &queries), func(driver.Record) error {
		n++
		if n == 6 {
			return stop
		}
		return nil
	})
	assert.Same(t, stop, err, "fn's error comes back as it is")
	assert.Equal(t, 6, n)

	bad := errors.New("query failed")
	err = driver.ScanPages(context.Background(), &driver.Query{}, 4, func(*driver.Position, int, []driver.Record) ([]driver.Record, error) {
		return nil, bad
	}, func(driver.Record) error { return nil })
	assert.Same(t, bad, err)

	ctx, cancel := context.WithCancel(context.Background())
	n = 0
	err = driver.ScanPages(ctx, &driver.Query{}, 4, fakePages(100, &queries), func(driver.Record) error {
		n++
		cancel()
		return nil
	})
	assert.ErrorIs(t, err, context.Canceled, "a cancelled scan stops between pages")
	assert.Equal(t, 4, n)
}

func TestScanAuditPages(t *testing.T) {
	for _, tt := range []struct {
		name          string
		from          int64
		wantFirst     int64
		wantN, wantQs int
	}{
		{"from the start", 1, 1, 10, 3},
		{"from zero means the start", 0, 1, 10, 3},
		{"from the middle", 7, 7, 4, 2},
		{"past the end", 50, 0, 0, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			queries := 0
			var got []int64
			err := driver.ScanAuditPages(context.Background(), tt.from, 4, func(from int64, n int, buf []driver.AuditEntry) ([]driver.AuditEntry, error) {
				queries++
				for seq := from; seq <= 10 && len(buf) < n; seq++ {
					buf = append(buf, driver.AuditEntry{Seq: seq})
				}
				return buf, nil
			}, func(e driver.AuditEntry) error { got = append(got, e.Seq); return nil })
			require.NoError(t, err)
			require.Len(t, got, tt.wantN)
			if tt.wantN > 0 {
				assert.Equal(t, tt.wantFirst, got[0])
				for i := 1; i < len(got); i++ {
					assert.Equal(t, got[i-1]+1, got[i], "in order, none skipped or repeated")
				}
			}
			assert.Equal(t, tt.wantQs, queries)
		})
	}
}
