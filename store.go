package relaciona

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/relaciona/relaciona/plugins/driver"
	_ "github.com/relaciona/relaciona/plugins/sqlite" // the embedded default: sqlite:// URLs
)

// Store is the portable store every process package uses. It wraps a
// driver.Store (the embedded SQLite default, PostgreSQL, or any plugin) and
// adds what is written once for all backends: typed collections, batches
// with optimistic concurrency and their audit entry, cursors, and audit
// verification.
//
// A Store is safe for concurrent use.
type Store struct {
	d   driver.Store
	log hclog.Logger
	now func() time.Time
	// key is the audit key (UseAuditKey); keyErr why WithAuditKey's key
	// was refused (OpenStore and Commit return it).
	key    atomic.Pointer[auditKey]
	keyErr error
}

// StoreOption configures a Store.
type StoreOption func(*Store)

// WithLogger sends the store's log lines to l. Log lines carry kinds, ids and
// counts, never record bodies, which may hold personal data.
func WithLogger(l hclog.Logger) StoreOption { return func(s *Store) { s.log = l } }

// WithClock sets the clock that stamps audit entries (the default is
// time.Now). A deterministic clock makes reproducible demos and tests.
func WithClock(now func() time.Time) StoreOption { return func(s *Store) { s.now = now } }

// NewStore wraps a driver in a Store.
func NewStore(d driver.Store, opts ...StoreOption) *Store {
	s := &Store{d: d, log: hclog.NewNullLogger(), now: time.Now}
	for _, o := range opts {
		o(s)
	}
	return s
}

// lookupOpener returns the opener registered (with lookup) for url's
// scheme, or an ErrInvalid that names the kind of URL (what: "store",
// "directory", "tickets"), the URL as shown, an example of the kind and
// the schemes registered.
func lookupOpener[O any](what, url, shown, example string, lookup func(scheme string) (O, bool), schemes func() []string) (O, error) {
	var none O
	scheme, _, ok := strings.Cut(url, "://")
	if !ok || scheme == "" {
		return none, fmt.Errorf("%w: %s URL %q has no scheme (want e.g. %s)", ErrInvalid, what, shown, example)
	}
	open, ok := lookup(scheme)
	if !ok {
		return none, fmt.Errorf("%w: %s URL %q: unknown scheme %q (known: %s)", ErrInvalid, what, shown, scheme, strings.Join(schemes(), ", "))
	}
	return open, nil
}

// OpenStore opens a store by URL, in the Go CDK style. The scheme picks the
// driver: "sqlite" (built in: sqlite:///var/lib/agency.db, sqlite://file.db,
// sqlite://:memory:) or any scheme a driver package registered with
// driver.RegisterStore (import the package for its side effect).
func OpenStore(ctx context.Context, url string, opts ...StoreOption) (*Store, error) {
	open, err := lookupOpener("store", url, url, "sqlite:///path/file.db", driver.LookupStore, driver.StoreSchemes)
	if err != nil {
		return nil, err
	}
	d, err := open(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", redactURL(url), err)
	}
	s := NewStore(d, opts...)
	if s.keyErr != nil {
		d.Close()
		return nil, fmt.Errorf("open store %s: %w", redactURL(url), s.keyErr)
	}
	return s, nil
}

// redactURL drops a URL's user info and query, where secrets may hide.
func redactURL(u string) string {
	if i := strings.IndexByte(u, '?'); i >= 0 {
		u = u[:i] + "?…"
	}
	if scheme, rest, ok := strings.Cut(u, "://"); ok {
		// The user info ends at the authority's last "@", as url.Parse
		// reads it: a password may hold a raw "@".
		auth := rest[:strings.IndexByte(rest+"/", '/')]
		if at := strings.LastIndexByte(auth, '@'); at >= 0 {
			rest = "…@" + rest[at+1:]
		}
		u = scheme + "://" + rest
	}
	return u
}

// Driver returns the driver the store wraps, for code that needs an
// optional driver interface.
func (s *Store) Driver() driver.Store { return s.d }

// Close closes the underlying driver.
func (s *Store) Close() error { return s.d.Close() }

// Record is one stored record: a JSON body identified by kind and id, with
// a version for optimistic concurrency, attributes indexed for equality
// filters and a time indexed for range filters. Time is kept to the
// microsecond; the zero time means none, and the instant
// 1970-01-01T00:00:00Z, which the stores keep as the same number, reads
// back as none too.
type Record struct {
	Kind    string
	ID      string
	Version int64
	Attrs   map[string]string
	Time    time.Time
	Body    json.RawMessage
}

// Cursor returns a resume point just after this record in scan order; pass
// it as Filter.After to continue a scan.
func (r Record) Cursor() string {
	return encodeCursor(driver.Position{Time: r.Time, ID: r.ID})
}

func encodeCursor(p driver.Position) string {
	b := make([]byte, 0, 16+len(p.ID))
	b = fmt.Appendf(b, "%d|", p.Time.UnixMicro())
	if p.Time.IsZero() {
		b = []byte("0|")
	}
	b = append(b, p.ID...)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(c string) (*driver.Position, error) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return nil, Invalid("after", "malformed cursor")
	}
	ts, id, ok := bytes.Cut(raw, []byte("|"))
	if !ok {
		return nil, Invalid("after", "malformed cursor")
	}
	var micro int64
	if _, err := fmt.Sscanf(string(ts), "%d", &micro); err != nil {
		return nil, Invalid("after", "malformed cursor")
	}
	p := &driver.Position{ID: string(id)}
	if micro != 0 {
		p.Time = time.UnixMicro(micro).UTC()
	}
	return p, nil
}

// Filter selects records in a scan: every attribute must equal the given
// value; Time must fall in [From, To) when those are set; After resumes
// after a Record.Cursor; Limit caps the count (0: no cap). Records come in
// ascending (Time, ID) order.
type Filter struct {
	Attrs map[string]string
	From  time.Time
	To    time.Time
	After string
	Limit int
}

func (f Filter) query(kind string) (driver.Query, error) {
	q := driver.Query{Kind: kind, Attrs: f.Attrs, From: f.From, To: f.To, Limit: f.Limit}
	if kind == "" {
		return q, Invalid("kind", "a kind is required")
	}
	if f.Limit < 0 {
		return q, Invalid("limit", "limit %d is negative", f.Limit)
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return q, Invalid("to", "time range ends (%s) before it starts (%s)", f.To.Format(time.RFC3339), f.From.Format(time.RFC3339))
	}
	if f.After != "" {
		p, err := decodeCursor(f.After)
		if err != nil {
			return q, err
		}
		q.After = p
	}
	return q, nil
}

func fromDriver(r driver.Record) Record {
	return Record{Kind: r.Kind, ID: r.ID, Version: r.Version, Attrs: r.Attrs, Time: r.Time, Body: r.Body}
}

// Get returns one record, or an error wrapping ErrNotFound.
func (s *Store) Get(ctx context.Context, kind, id string) (Record, error) {
	rs, err := s.d.Get(ctx, kind, []string{id})
	if err != nil {
		return Record{}, fmt.Errorf("get %s/%s: %w", kind, id, err)
	}
	if len(rs) == 0 {
		return Record{}, fmt.Errorf("get %s/%s: %w", kind, id, ErrNotFound)
	}
	return fromDriver(rs[0]), nil
}

// GetMany returns the records of kind with the given ids that exist, in the
// order of ids.
func (s *Store) GetMany(ctx context.Context, kind string, ids []string) ([]Record, error) {
	rs, err := s.d.Get(ctx, kind, ids)
	if err != nil {
		return nil, fmt.Errorf("get %d %s records: %w", len(ids), kind, err)
	}
	out := make([]Record, len(rs))
	for i, r := range rs {
		out[i] = fromDriver(r)
	}
	return out, nil
}

// Scan streams the records of kind that match f, in (Time, ID) order, in
// constant memory. Stop early by breaking out of the loop. A scan is not a
// snapshot: records written while it runs may or may not be seen.
func (s *Store) Scan(ctx context.Context, kind string, f Filter) iter.Seq2[Record, error] {
	return s.scan(ctx, kind, f, false)
}

// scanDriver runs the driver's scan; lent: fn copies what it keeps of a
// record's body, so a driver.LendingScanner may lend it.
func (s *Store) scanDriver(ctx context.Context, q driver.Query, lent bool, fn func(driver.Record) error) error {
	return scanReader(ctx, s.d, q, lent, fn)
}

// scanReader is scanDriver on any reader (the driver, or a snapshot).
func scanReader(ctx context.Context, r driver.Reader, q driver.Query, lent bool, fn func(driver.Record) error) error {
	if ls, ok := r.(driver.LendingScanner); ok && lent {
		return ls.ScanLent(ctx, q, fn)
	}
	return r.Scan(ctx, q, fn)
}

// snapshot runs fn on one consistent snapshot of the store when the driver
// offers it (driver.Snapshotter), and otherwise on the driver itself, whose
// reads may then see writes committed while fn runs.
func (s *Store) snapshot(ctx context.Context, fn func(r driver.Reader) error) error {
	if sn, ok := s.d.(driver.Snapshotter); ok {
		return sn.Snapshot(ctx, fn)
	}
	return fn(s.d)
}

// scan is Scan; lent: each record's body is valid only until the loop
// body's next iteration (Collection.Scan decodes it at once).
func (s *Store) scan(ctx context.Context, kind string, f Filter, lent bool) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		q, err := f.query(kind)
		if err != nil {
			yield(Record{}, err)
			return
		}
		stopped := errors.New("stopped")
		err = s.scanDriver(ctx, q, lent, func(r driver.Record) error {
			if !yield(fromDriver(r), nil) {
				return stopped
			}
			return nil
		})
		if err != nil && err != stopped {
			yield(Record{}, fmt.Errorf("scan %s: %w", kind, err))
		}
	}
}

// Count returns how many records of kind match f.
func (s *Store) Count(ctx context.Context, kind string, f Filter) (int64, error) {
	q, err := f.query(kind)
	if err != nil {
		return 0, err
	}
	if c, ok := s.d.(driver.Counter); ok {
		return c.Count(ctx, q)
	}
	var n int64
	err = s.scanDriver(ctx, q, true, func(driver.Record) error { n++; return nil })
	return n, err
}

// Batch collects writes that are applied atomically, with one audit entry,
// when committed. Build it with Store.Begin; it is not safe for concurrent
// use.
type Batch struct {
	s      *Store
	actor  Actor
	action string
	reason string
	at     time.Time
	writes []driver.Write
	keys   map[[2]string]int
	err    error
}

// Begin starts a batch of writes made by actor for action (a short verb
// such as "stakeholder.register"), with a reason for the audit log.
func (s *Store) Begin(actor Actor, action, reason string) *Batch {
	return &Batch{s: s, actor: actor, action: action, reason: reason}
}

// At sets the time of the batch's audit entry (default: the store's clock).
func (b *Batch) At(t time.Time) *Batch { b.at = t; return b }

// Len is the number of writes in the batch.
func (b *Batch) Len() int { return len(b.writes) }

// Put adds a write of rec. expect is the version the record must have now:
// 0 to create it, the version read to update it, AnyVersion to skip the
// check. rec.Version is ignored.
func (b *Batch) Put(rec Record, expect int64) {
	if b.err != nil {
		return
	}
	if !json.Valid(rec.Body) {
		b.err = Invalid(rec.Kind+"/"+rec.ID, "body is not valid JSON")
		return
	}
	b.add(driver.Write{Op: driver.OpPut, Expect: expect, Record: driver.Record{
		Kind: rec.Kind, ID: rec.ID, Attrs: rec.Attrs, Time: rec.Time, Body: rec.Body,
	}})
}

// Delete adds the removal of a record at version expect.
func (b *Batch) Delete(kind, id string, expect int64) {
	if b.err != nil {
		return
	}
	b.add(driver.Write{Op: driver.OpDelete, Expect: expect, Record: driver.Record{Kind: kind, ID: id}})
}

func (b *Batch) add(w driver.Write) {
	if b.keys == nil {
		b.keys = make(map[[2]string]int)
	}
	k := [2]string{w.Record.Kind, w.Record.ID}
	if _, dup := b.keys[k]; dup {
		b.err = Invalid(k[0]+"/"+k[1], "written twice in one batch")
		return
	}
	b.keys[k] = len(b.writes)
	b.writes = append(b.writes, w)
}

// Fail records an error; Commit will return it and write nothing. Typed
// helpers use it to report an encoding failure.
func (b *Batch) Fail(err error) {
	if b.err == nil {
		b.err = err
	}
}

// AnyVersion as an expected version skips the optimistic-concurrency check.
const AnyVersion = driver.AnyVersion

// Commit applies the batch atomically with its audit entry and returns the
// version each write left (0 for a delete). A stale expected version fails
// with an error wrapping ErrConflict and nothing is written; so does a
// claim (Batch.Claim) held already, with a *ClaimError naming the holder.
// An empty batch
// commits nothing and returns no error.
func (b *Batch) Commit(ctx context.Context) ([]int64, error) {
	if b.err != nil {
		return nil, b.err
	}
	if b.s.keyErr != nil {
		return nil, fmt.Errorf("%s: %w", b.action, b.s.keyErr)
	}
	if err := b.actor.Validate(); err != nil {
		return nil, err
	}
	if b.action == "" {
		return nil, Invalid("action", "a batch needs an action")
	}
	if len(b.writes) == 0 {
		return nil, nil
	}
	at := b.at
	if at.IsZero() {
		at = b.s.now()
	}
	vs, err := b.s.d.Apply(ctx, driver.Batch{Writes: b.writes, Audit: driver.AuditEntry{
		Time: at, Actor: b.actor.ID, Action: b.action, Reason: b.reason,
	}})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", b.action, b.claimConflict(ctx, err))
	}
	b.s.log.Debug("batch committed", "action", b.action, "actor", b.actor.ID, "writes", len(b.writes))
	return vs, nil
}

// Update runs fn to build a batch and commits it; when the commit fails with
// ErrConflict (someone else wrote a record fn read), it runs fn again with a
// fresh batch, up to attempts times in all. fn must read what it needs
// inside, so each attempt sees current data.
func (s *Store) Update(ctx context.Context, actor Actor, action, reason string, attempts int, fn func(b *Batch) error) error {
	if attempts < 1 {
		attempts = 1
	}
	var err error
	for range attempts {
		b := s.Begin(actor, action, reason)
		if err = fn(b); err != nil {
			return err
		}
		if _, err = b.Commit(ctx); !errors.Is(err, ErrConflict) {
			return err
		}
	}
	return err
}
