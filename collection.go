package relaciona

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"reflect"
	"time"
)

// Key is what a Collection needs to know about a value to store it: its
// id, the attributes to index for equality filters, and the time to index
// for range filters.
type Key struct {
	ID    string
	Attrs map[string]string
	Time  time.Time
}

// Doc is a value read from a Collection with its id and version.
type Doc[T any] struct {
	ID      string
	Version int64
	Value   T
}

// Collection is a typed view of one kind of record: values of T are stored
// as JSON bodies, with the id, attributes and time that key returns.
//
// Process packages define their collections once:
//
//	issues := relaciona.NewCollection(store, "stakeholder.issue", func(i *Issue) relaciona.Key {
//		return relaciona.Key{ID: i.ID, Attrs: map[string]string{"status": i.Status}, Time: i.Opened}
//	})
type Collection[T any] struct {
	s    *Store
	kind string
	key  func(*T) Key
	// salt: T holds personal data, so each body gets a SaltField.
	salt bool
}

// NewCollection returns the collection of kind in s.
func NewCollection[T any](s *Store, kind string, key func(*T) Key) *Collection[T] {
	return &Collection[T]{s: s, kind: kind, key: key, salt: holdsPersonal(reflect.TypeFor[T]())}
}

// Kind is the record kind the collection stores.
func (c *Collection[T]) Kind() string { return c.kind }

// Store is the store the collection lives in.
func (c *Collection[T]) Store() *Store { return c.s }

// Decode decodes a record body of this collection. It fails with ErrInvalid
// (never a panic) on a body that is not a valid T.
func (c *Collection[T]) Decode(r Record) (Doc[T], error) {
	var v T
	if err := json.Unmarshal(r.Body, &v); err != nil {
		return Doc[T]{}, fmt.Errorf("%w: record %s/%s: stored body does not decode: %v", ErrInvalid, c.kind, r.ID, err)
	}
	return Doc[T]{ID: r.ID, Version: r.Version, Value: v}, nil
}

// Get reads one value; an error wraps ErrNotFound when there is none.
func (c *Collection[T]) Get(ctx context.Context, id string) (Doc[T], error) {
	r, err := c.s.Get(ctx, c.kind, id)
	if err != nil {
		return Doc[T]{}, err
	}
	return c.Decode(r)
}

// GetMany reads the values with the given ids that exist, in order.
func (c *Collection[T]) GetMany(ctx context.Context, ids []string) ([]Doc[T], error) {
	rs, err := c.s.GetMany(ctx, c.kind, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Doc[T], 0, len(rs))
	for _, r := range rs {
		d, err := c.Decode(r)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// Scan streams the values that match f, in (Time, ID) order, in constant
// memory.
func (c *Collection[T]) Scan(ctx context.Context, f Filter) iter.Seq2[Doc[T], error] {
	return func(yield func(Doc[T], error) bool) {
		// Each body is decoded before the next record is read, and
		// encoding/json copies what it keeps, so the driver may lend it.
		for r, err := range c.s.scan(ctx, c.kind, f, true) {
			if err != nil {
				yield(Doc[T]{}, err)
				return
			}
			d, err := c.Decode(r)
			if !yield(d, err) || err != nil {
				return
			}
		}
	}
}

// All reads every value that matches f into a slice. Use Scan for large sets.
func (c *Collection[T]) All(ctx context.Context, f Filter) ([]Doc[T], error) {
	var out []Doc[T]
	for d, err := range c.Scan(ctx, f) {
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// Values reads every value that matches f into a slice, in scan order
// ((Time, ID)): All without the ids and versions. Like All it returns nil
// when nothing matches, and nil with the error when the scan fails. Use
// Scan for large sets.
func (c *Collection[T]) Values(ctx context.Context, f Filter) ([]T, error) {
	var out []T
	for d, err := range c.Scan(ctx, f) {
		if err != nil {
			return nil, err
		}
		out = append(out, d.Value)
	}
	return out, nil
}

// Count returns how many values match f.
func (c *Collection[T]) Count(ctx context.Context, f Filter) (int64, error) {
	return c.s.Count(ctx, c.kind, f)
}

// Put adds the write of v to b, expecting the stored version expect (0 to
// create). An encoding failure or an empty id makes b's Commit fail. When
// T holds personal data (PersonalTag), the body carries a fresh random
// SaltField, so that the audit log's digest of this version cannot be
// recomputed from guessed personal data once the version is overwritten.
func (c *Collection[T]) Put(b *Batch, v *T, expect int64) {
	k := c.key(v)
	if k.ID == "" {
		b.Fail(Invalid(c.kind+".id", "a %s needs an id", c.kind))
		return
	}
	body, err := json.Marshal(v)
	if err != nil {
		b.Fail(fmt.Errorf("%w: encode %s/%s: %v", ErrInvalid, c.kind, k.ID, err))
		return
	}
	if c.salt {
		body = salted(body)
	}
	b.Put(Record{Kind: c.kind, ID: k.ID, Attrs: k.Attrs, Time: k.Time, Body: body}, expect)
}

// Delete adds the removal of id at version expect to b.
func (c *Collection[T]) Delete(b *Batch, id string, expect int64) { b.Delete(c.kind, id, expect) }
