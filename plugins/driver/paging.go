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
	return scanPaged(ctx, q.After, pageSize, q.Limit, page,
		func(last *Record) *Position { return &Position{Time: last.Time, ID: last.ID} }, fn)
}

// ScanAuditPages does the same for a driver's ScanAudit: page returns the
// next (at most n) entries with Seq >= from, in Seq order, starting from
// from (at least 1).
func ScanAuditPages(ctx context.Context, from int64, pageSize int,
	page func(from int64, n int, buf []AuditEntry) ([]AuditEntry, error), fn func(AuditEntry) error) error {
	return scanPaged(ctx, max(from, 1), pageSize, 0, page,
		func(last *AuditEntry) int64 { return last.Seq + 1 }, fn)
}

// scanPaged is the loop of both: at most limit items (0: no limit), pages
// of pageSize, each resumed at next(last item of the page before).
func scanPaged[T, P any](ctx context.Context, start P, pageSize, limit int,
	page func(at P, n int, buf []T) ([]T, error), next func(last *T) P, fn func(T) error) error {
	at := start
	left := limit
	buf := make([]T, 0, pageSize)
	for {
		n := pageSize
		if limit > 0 && left < n {
			n = left
		}
		got, err := page(at, n, buf[:0])
		if err != nil {
			return err
		}
		for _, item := range got {
			if err := fn(item); err != nil {
				return err
			}
		}
		if limit > 0 {
			left -= len(got)
			if left <= 0 {
				return nil
			}
		}
		if len(got) < n {
			return nil
		}
		at = next(&got[len(got)-1])
		if err := ctx.Err(); err != nil {
			return err
		}
		buf = got
	}
}
