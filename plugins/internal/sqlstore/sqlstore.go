// Package sqlstore holds what the SQL store drivers (sqlite, postgres)
// share: the checks made before a scan, a count or a lock, and the reading
// of query rows into a page (records, audit entries), whatever the
// database library (database/sql, pgx) that yields the rows.
package sqlstore

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/relaciona/relaciona/plugins/driver"
)

// CheckScan refuses a query a Scan cannot run: one without a kind, or with
// a negative limit (both driver.ErrInvalid).
func CheckScan(q *driver.Query) error {
	if q.Kind == "" {
		return driver.Errorf(driver.ErrInvalid, "scan needs a kind")
	}
	if q.Limit < 0 {
		return driver.Errorf(driver.ErrInvalid, "scan limit %d is negative", q.Limit)
	}
	return nil
}

// CapCount is what Count answers when n records match q: at most q.Limit,
// when q has a limit.
func CapCount(q *driver.Query, n int64) int64 {
	if q.Limit > 0 && n > int64(q.Limit) {
		n = int64(q.Limit)
	}
	return n
}

// CheckLock is the start of a driver.Locker's Lock: it refuses a store
// that check finds closed (check's error), and a lock without a name
// (driver.ErrInvalid).
func CheckLock(check func() error, name string) error {
	if err := check(); err != nil {
		return err
	}
	if name == "" {
		return driver.Errorf(driver.ErrInvalid, "a lock needs a name")
	}
	return nil
}

// Rows is a query's result being read: database/sql's *sql.Rows and pgx's
// Rows both are.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// AppendRows appends to page what read makes of each row of rows, in
// order. It stops at read's first error, returned as it is; an error of
// rows themselves (Err, once the rows are done) is returned through
// explain, the driver's reading of its database's errors. Closing rows is
// the caller's.
func AppendRows[T any](rows Rows, page []T, read func() (T, error), explain func(error) error) ([]T, error) {
	for rows.Next() {
		item, err := read()
		if err != nil {
			return nil, err
		}
		page = append(page, item)
	}
	if err := rows.Err(); err != nil {
		return nil, explain(err)
	}
	return page, nil
}

// AuditColumns are the columns of the audit table that ReadAudit reads, in
// its order.
const AuditColumns = `seq, t, actor, action, reason, changes, prev_hash, hash, format, key_id`

// Scanner is one row being read (Rows, or database/sql's *sql.Row).
type Scanner interface {
	Scan(dest ...any) error
}

// ReadAudit reads one audit row of AuditColumns; fromMicro turns the
// stored time into the entry's. A scan error is returned as it is; stored
// changes that are not JSON say which entry holds them.
func ReadAudit(row Scanner, fromMicro func(int64) time.Time) (driver.AuditEntry, error) {
	var e driver.AuditEntry
	var t int64
	var cj []byte
	if err := row.Scan(&e.Seq, &t, &e.Actor, &e.Action, &e.Reason, &cj, &e.PrevHash, &e.Hash, &e.Format, &e.KeyID); err != nil {
		return e, err
	}
	e.Time = fromMicro(t)
	if err := json.Unmarshal(cj, &e.Changes); err != nil {
		return e, fmt.Errorf("audit entry %d: stored changes are corrupt: %w", e.Seq, err)
	}
	return e, nil
}

// AppendAudit appends to page the audit entries (rows of AuditColumns) of
// rows, in order, each read by ReadAudit with fromMicro. Every error, a
// row's or the rows' own, is returned through explain, the driver's
// reading of its database's errors, which passes a corrupt entry's error
// through as it is. Closing rows is the caller's.
func AppendAudit(rows Rows, page []driver.AuditEntry, fromMicro func(int64) time.Time, explain func(error) error) ([]driver.AuditEntry, error) {
	return AppendRows(rows, page, func() (driver.AuditEntry, error) {
		e, err := ReadAudit(rows, fromMicro)
		return e, explain(err)
	}, explain)
}
