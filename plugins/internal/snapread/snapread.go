// Package snapread is the driver.Reader a store's Snapshot hands its fn
// (plugins/postgres, plugins/sqlite, and the host's client of a store
// plugin): every read goes to the snapshot's Source, and none once the
// snapshot has ended.
package snapread

import (
	"context"
	"sync/atomic"

	"github.com/relaciona/relaciona/plugins/driver"
)

// Source reads from one snapshot; lent says the records may be lent (see
// driver.LendingScanner).
type Source interface {
	Get(ctx context.Context, kind string, ids []string) ([]driver.Record, error)
	Scan(ctx context.Context, q driver.Query, lent bool, fn func(driver.Record) error) error
	ScanAudit(ctx context.Context, from int64, fn func(driver.AuditEntry) error) error
}

var (
	_ driver.Reader         = (*Reader)(nil)
	_ driver.Reader         = (*Lending)(nil)
	_ driver.LendingScanner = (*Lending)(nil)
)

// Reader is a driver.Reader over a Source, valid until End.
type Reader struct {
	src    Source
	prefix string
	check  func() error
	done   atomic.Bool
}

// New returns the Reader of src; prefix starts its errors ("postgres: "),
// and check, when not nil, is asked before each read (a closed store).
func New(src Source, prefix string, check func() error) *Reader {
	return &Reader{src: src, prefix: prefix, check: check}
}

// End ends the Reader: every later read fails with driver.ErrClosed.
func (r *Reader) End() { r.done.Store(true) }

func (r *Reader) ok() error {
	if r.check != nil {
		if err := r.check(); err != nil {
			return err
		}
	}
	if r.done.Load() {
		return driver.Errorf(driver.ErrClosed, "%sthe snapshot has ended (a Reader is valid only until its Snapshot's fn returns)", r.prefix)
	}
	return nil
}

// Get implements driver.Reader.
func (r *Reader) Get(ctx context.Context, kind string, ids []string) ([]driver.Record, error) {
	if err := r.ok(); err != nil {
		return nil, err
	}
	return r.src.Get(ctx, kind, ids)
}

// Scan implements driver.Reader.
func (r *Reader) Scan(ctx context.Context, q driver.Query, fn func(driver.Record) error) error {
	if err := r.ok(); err != nil {
		return err
	}
	return r.src.Scan(ctx, q, false, fn)
}

// ScanAudit implements driver.Reader.
func (r *Reader) ScanAudit(ctx context.Context, from int64, fn func(driver.AuditEntry) error) error {
	if err := r.ok(); err != nil {
		return err
	}
	return r.src.ScanAudit(ctx, from, fn)
}

// Lending is a Reader that also lends records (driver.LendingScanner).
type Lending struct{ *Reader }

// NewLending is New for a Source that can lend records.
func NewLending(src Source, prefix string, check func() error) Lending {
	return Lending{New(src, prefix, check)}
}

// ScanLent implements driver.LendingScanner.
func (r Lending) ScanLent(ctx context.Context, q driver.Query, fn func(driver.Record) error) error {
	if err := r.ok(); err != nil {
		return err
	}
	return r.src.Scan(ctx, q, true, fn)
}
