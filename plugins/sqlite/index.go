package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"hash/maphash"

	"github.com/relaciona/relaciona/plugins/driver"
)

// VerifyIndex implements driver.IndexVerifier. The attrs table, which
// attribute filters read, is kept beside each record's own attrs column:
// someone editing the file can delete or change its rows (and so hide
// records from a filter) while every record still matches the audit log.
// VerifyIndex proves the table holds exactly the (name, value, id) rows the
// records' attrs say.
//
// Both sides are streamed in one read transaction and reduced to a count
// and two order-independent sums of 64-bit hashes (maphash, with seeds
// drawn afresh for each call so that nobody can prepare rows whose hashes
// cancel out), in constant memory. Only when they differ is the kind walked
// again, twice, to name the first record whose index rows differ.
func (s *Store) VerifyIndex(ctx context.Context, kind string) error {
	if err := s.check(); err != nil {
		return err
	}
	if kind == "" {
		return driver.Errorf(driver.ErrInvalid, "verify index: a kind is empty")
	}
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s.explain(err)
	}
	defer tx.Rollback()
	sum := newIndexSum()
	var fromRecords, fromIndex indexDigest
	rows, err := tx.QueryContext(ctx, `SELECT id, attrs FROM records WHERE kind = ?`, kind)
	if err != nil {
		return s.explain(err)
	}
	var id string
	var blob sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&id, &blob); err != nil {
			rows.Close()
			return s.explain(err)
		}
		err := walkAttrs(blob, func(name, value []byte) bool {
			fromRecords.add(sum.row(name, value, id))
			return true
		})
		if err != nil {
			rows.Close()
			return fmt.Errorf("verify index of %s: record %s: %w", kind, id, err)
		}
	}
	if err := rows.Close(); err != nil {
		return s.explain(err)
	}
	if err := rows.Err(); err != nil {
		return s.explain(err)
	}
	rows, err = tx.QueryContext(ctx, `SELECT name, value, id FROM attrs WHERE kind = ?`, kind)
	if err != nil {
		return s.explain(err)
	}
	var name, value sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&name, &value, &id); err != nil {
			rows.Close()
			return s.explain(err)
		}
		fromIndex.add(sum.row(name, value, id))
	}
	if err := rows.Close(); err != nil {
		return s.explain(err)
	}
	if err := rows.Err(); err != nil {
		return s.explain(err)
	}
	if fromRecords == fromIndex {
		return nil
	}
	bad, err := s.findIndexMismatch(ctx, tx, kind)
	if err != nil {
		return err
	}
	if bad == nil {
		bad = &driver.IndexMismatch{Kind: kind, Detail: fmt.Sprintf("the records have %d attribute rows, the index %d", fromRecords.n, fromIndex.n)}
	}
	return bad
}

// indexDigest is a multiset of rows reduced to a count and two sums.
type indexDigest struct {
	n        int64
	sum1, s2 uint64
}

func (d *indexDigest) add(h [2]uint64) {
	d.n++
	d.sum1 += h[0]
	d.s2 += h[1]
}

// indexSum hashes index rows with two random seeds.
type indexSum struct {
	h1, h2 maphash.Hash
	buf    []byte
}

func newIndexSum() *indexSum {
	s := &indexSum{}
	s.h1.SetSeed(maphash.MakeSeed())
	s.h2.SetSeed(maphash.MakeSeed())
	return s
}

// row hashes a length-prefixed (name, value, id).
func (s *indexSum) row(name, value []byte, id string) [2]uint64 {
	b := s.buf[:0]
	b = binary.AppendUvarint(b, uint64(len(name)))
	b = append(b, name...)
	b = binary.AppendUvarint(b, uint64(len(value)))
	b = append(b, value...)
	b = binary.AppendUvarint(b, uint64(len(id)))
	b = append(b, id...)
	s.buf = b
	s.h1.Reset()
	s.h1.Write(b)
	s.h2.Reset()
	s.h2.Write(b)
	return [2]uint64{s.h1.Sum64(), s.h2.Sum64()}
}

// walkAttrs calls fn for each pair of encodeAttrs's encoding, without
// copying, until fn returns false.
func walkAttrs(b []byte, fn func(name, value []byte) bool) error {
	for len(b) > 0 {
		var kv [2][]byte
		for j := range kv {
			l, n := binary.Uvarint(b)
			if n <= 0 || l > uint64(len(b)-n) {
				return fmt.Errorf("stored attributes are corrupt")
			}
			kv[j] = b[n : n+int(l)]
			b = b[n+int(l):]
		}
		if !fn(kv[0], kv[1]) {
			return nil
		}
	}
	return nil
}

// findIndexMismatch names the first record whose index rows differ: an
// index row whose record is gone or lacks that attribute, then a record
// attribute without its index row. It runs only after the sums differ.
func (s *Store) findIndexMismatch(ctx context.Context, tx *sql.Tx, kind string) (*driver.IndexMismatch, error) {
	rows, err := tx.QueryContext(ctx, `SELECT a.name, a.value, a.id, r.attrs FROM attrs a LEFT JOIN records r ON r.kind = a.kind AND r.id = a.id WHERE a.kind = ?`, kind)
	if err != nil {
		return nil, s.explain(err)
	}
	var name, value, blob []byte
	var id string
	for rows.Next() {
		if err := rows.Scan(&name, &value, &id, &blob); err != nil {
			rows.Close()
			return nil, s.explain(err)
		}
		if blob == nil {
			rows.Close()
			return &driver.IndexMismatch{Kind: kind, ID: id, Detail: fmt.Sprintf("the index has an attribute %q for a record that does not exist", name)}, nil
		}
		found := false
		if err := walkAttrs(blob, func(n, v []byte) bool {
			found = bytes.Equal(n, name) && bytes.Equal(v, value)
			return !found
		}); err != nil {
			rows.Close()
			return nil, fmt.Errorf("verify index of %s: record %s: %w", kind, id, err)
		}
		if !found {
			rows.Close()
			return &driver.IndexMismatch{Kind: kind, ID: id, Detail: fmt.Sprintf("the index has a value of attribute %q the record does not have", name)}, nil
		}
	}
	if err := rows.Close(); err != nil {
		return nil, s.explain(err)
	}
	probe, err := tx.PrepareContext(ctx, `SELECT COUNT(*) FROM attrs WHERE kind = ? AND name = ? AND value = ? AND id = ?`)
	if err != nil {
		return nil, s.explain(err)
	}
	defer probe.Close()
	// Read a page of records at a time, so the probes do not run while the
	// page's statement is open.
	after := ""
	for {
		page, err := s.indexPage(ctx, tx, kind, after)
		if err != nil {
			return nil, err
		}
		if len(page) == 0 {
			return nil, nil
		}
		for _, r := range page {
			var bad *driver.IndexMismatch
			var perr error
			err := walkAttrs(r.attrs, func(n, v []byte) bool {
				var c int
				if perr = probe.QueryRowContext(ctx, kind, string(n), string(v), r.id).Scan(&c); perr != nil {
					return false
				}
				if c == 0 {
					bad = &driver.IndexMismatch{Kind: kind, ID: r.id, Detail: fmt.Sprintf("the index lacks the record's attribute %q", n)}
					return false
				}
				return true
			})
			if err != nil {
				return nil, fmt.Errorf("verify index of %s: record %s: %w", kind, r.id, err)
			}
			if perr != nil {
				return nil, s.explain(perr)
			}
			if bad != nil {
				return bad, nil
			}
		}
		after = page[len(page)-1].id
	}
}

type idAttrs struct {
	id    string
	attrs []byte
}

func (s *Store) indexPage(ctx context.Context, tx *sql.Tx, kind, after string) ([]idAttrs, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, attrs FROM records WHERE kind = ? AND id > ? ORDER BY id LIMIT ?`, kind, after, pageSize)
	if err != nil {
		return nil, s.explain(err)
	}
	defer rows.Close()
	var out []idAttrs
	for rows.Next() {
		var r idAttrs
		if err := rows.Scan(&r.id, &r.attrs); err != nil {
			return nil, s.explain(err)
		}
		out = append(out, r)
	}
	return out, s.explain(rows.Err())
}
