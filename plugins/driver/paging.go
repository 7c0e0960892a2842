package driver

import "context"

// ScanPages runs a keyset-paged scan for a driver's Scan: it asks page for
// the next (at most n) records after a position, starting from q.After, and
// hands them to fn in order, until q.Limit records, a short page, fn's
// first error or the context's end. page must return records in (Time, ID)
// order and release what it holds (rows, connections) before returning, so
// fn may write to the store. buf is a reusable slice for page to fill.
func ScanPages(ctx context.Context, q *Query, pageSize int,
	page func(after *Position, n int, buf []Record) ([]Record, error), fn func(Record) error) error {
	after := q.After
	left := q.Limit
	buf := make([]Record, 0, pageSize)
	for {
		n := pageSize
		if q.Limit > 0 && left < n {
			n = left
		}
		got, err := page(after, n, buf[:0])
		if err != nil {
			return err
		}
		for _, r := range got {
			if err := fn(r); err != nil {
				return err
			}
		}
		if q.Limit > 0 {
			left -= len(got)
			if left <= 0 {
				return nil
			}
		}
		if len(got) < n {
			return nil
		}
		last := got[len(got)-1]
		after = &Position{Time: last.Time, ID: last.ID}
		if err := ctx.Err(); err != nil {
			return err
		}
		buf = got
	}
}
