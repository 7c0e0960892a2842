package driver

import (
	"context"
	"errors"
	"time"
)

// Errors a store driver returns. The root package maps them to its own
// sentinels (relaciona.ErrConflict, ...), so a driver only needs these.
var (
	// ErrConflict: a write's expected version did not match; the whole batch
	// was rejected and nothing of it was applied.
	ErrConflict = errors.New("conflict: record changed since it was read")
	// ErrNotFound: the record does not exist.
	ErrNotFound = errors.New("not found")
	// ErrInvalid: the request is malformed (empty kind or id, duplicate key in
	// one batch, ...).
	ErrInvalid = errors.New("invalid")
	// ErrClosed: the driver has been closed.
	ErrClosed = errors.New("closed")
	// ErrUnavailable: the backend cannot be reached or failed (a 5xx, a
	// timeout, a plugin that exited). Retrying later may succeed.
	ErrUnavailable = errors.New("backend unavailable")
	// ErrAuth: the backend refused the credentials.
	ErrAuth = errors.New("authentication refused")
	// ErrUnsupported: the backend lacks an optional capability.
	ErrUnsupported = errors.New("unsupported by this backend")
)

// Record is one stored record. Kind and ID identify it. Version starts at 1
// when the record is created and grows by one with every write. Attrs are
// indexed for equality filters; Time (UTC, microsecond precision; zero for
// none) is indexed for range filters; Body is the record's JSON document.
type Record struct {
	Kind    string
	ID      string
	Version int64
	Attrs   map[string]string
	Time    time.Time
	Body    []byte
}

// Op is what a Write does.
type Op int

// Write operations.
const (
	OpPut    Op = iota // create or replace the record
	OpDelete           // remove the record
)

// AnyVersion as a Write's Expect skips the version check.
const AnyVersion int64 = -1

// Write is one change of a batch. Expect is the version the record must have
// now: 0 means it must not exist, AnyVersion skips the check. Record.Version
// is ignored on input: the driver sets it.
//
// A put with Expect 0 is a create, and a create is the store's uniqueness
// claim (relaciona.Batch.Claim builds on it): a (kind, id) exists at most
// once, so of concurrent batches that create the same key exactly one
// commits, and every other fails with ErrConflict and applies nothing (see
// Store.Apply).
type Write struct {
	Op     Op
	Record Record
	Expect int64
}

// Batch is a set of writes applied atomically together with one audit entry
// that describes them. Either every write and the audit entry are stored, or
// nothing is.
type Batch struct {
	Writes []Write
	Audit  AuditEntry // Seq, PrevHash, Hash, Changes, Format and KeyID are filled by the driver
}

// Change is one record's part of an audit entry.
type Change struct {
	Kind   string `json:"kind"`
	ID     string `json:"id"`
	Before int64  `json:"before"`           // version before the write; 0 when created
	After  int64  `json:"after"`            // version after the write; 0 when deleted
	Digest []byte `json:"digest,omitempty"` // RecordDigest (format 2) or BodyDigest (format 1) of the record written; empty for a delete
}

// AuditEntry is one link of the store's append-only, hash-chained audit log.
// Seq numbers are contiguous from 1. Hash is ChainHash(key, PrevHash,
// entry); the first entry's PrevHash is empty. Format says how Hash and the
// changes' digests were made (FormatV1, FormatV2); KeyID names the key of a
// keyed (HMAC) format-2 entry, "" for an unkeyed one.
type AuditEntry struct {
	Format   int
	KeyID    string
	Seq      int64
	Time     time.Time // UTC, microsecond precision
	Actor    string    // actor id
	Action   string
	Reason   string
	Changes  []Change
	PrevHash []byte
	Hash     []byte
}

// Position is a point in the scan order (Time, then ID).
type Position struct {
	Time time.Time
	ID   string
}

// Query selects records of one kind for Scan. All Attrs must match exactly.
// From and To bound Time to [From, To) when non-zero. After, when set,
// resumes after that position. Limit caps the number of records (0: none).
// Records come in ascending (Time, ID) order.
type Query struct {
	Kind  string
	Attrs map[string]string
	From  time.Time
	To    time.Time
	After *Position
	Limit int
}

// Store is the interface a storage backend implements.
//
// Implementations must be safe for concurrent use. Every method honours its
// context's deadline and cancellation.
type Store interface {
	// Apply stores the batch atomically and returns the version each write
	// left (0 for a delete), in order. A stale Expect fails the whole batch
	// with ErrConflict; nothing is applied and no audit entry is written.
	//
	// This holds under concurrency, across connections and processes:
	// of concurrent batches that create (Expect 0) the same key, exactly
	// one commits; each other fails with an error wrapping ErrConflict
	// (never another error such as a raw "database is locked", a
	// serialization failure, a unique violation or ErrUnavailable) and
	// applies nothing, none of its other writes and no audit entry. The
	// same goes for concurrent batches that update one record from the
	// same version. The conformance suite checks both with concurrent
	// writers (Concurrency/ClaimOneWinner).
	// The batch belongs to the caller: Apply must not modify it (records
	// of one batch may share an Attrs map) nor keep it after returning.
	Apply(ctx context.Context, b Batch) ([]int64, error)
	// Get returns the records of kind with the given ids that exist, in the
	// order of ids; missing ids are left out.
	Get(ctx context.Context, kind string, ids []string) ([]Record, error)
	// Scan calls fn for each record matching q, in order, without holding
	// more than a bounded number of records in memory. It stops at the
	// first error fn returns and returns it.
	Scan(ctx context.Context, q Query, fn func(Record) error) error
	// ScanAudit calls fn for each audit entry with Seq >= from, in Seq order.
	ScanAudit(ctx context.Context, from int64, fn func(AuditEntry) error) error
	// Close releases the driver's resources.
	Close() error
}

// Reader is the read half of a Store: what a consistent snapshot offers.
type Reader interface {
	// Get is Store.Get.
	Get(ctx context.Context, kind string, ids []string) ([]Record, error)
	// Scan is Store.Scan.
	Scan(ctx context.Context, q Query, fn func(Record) error) error
	// ScanAudit is Store.ScanAudit.
	ScanAudit(ctx context.Context, from int64, fn func(AuditEntry) error) error
}

// Snapshotter is an optional interface: a Store that can read from one
// consistent snapshot implements it. Snapshot calls fn with a Reader whose
// every read (records and audit log alike) sees the store as it was at one
// moment: a batch committed by anyone while fn runs is wholly invisible to
// it, and a batch committed before is wholly visible. The Reader is valid
// only until fn returns. Anything that compares two parts of the store
// (the audit log with the records) reads through a snapshot, so that a
// concurrent writer is never taken for tampering. The Reader may also
// implement LendingScanner.
//
// SQLite gives it with a read transaction in WAL mode, PostgreSQL with a
// REPEATABLE READ, READ ONLY transaction. The store conformance suite checks
// that writes committed during fn are not seen and that fn's reads agree.
type Snapshotter interface {
	Snapshot(ctx context.Context, fn func(r Reader) error) error
}

// Counter is an optional interface: a Store that can count matching records
// faster than scanning them implements it.
type Counter interface {
	Count(ctx context.Context, q Query) (int64, error)
}

// LendingScanner is an optional interface: a Store whose scan can lend its
// records instead of giving them. ScanLent behaves exactly as Scan (same
// records, order, bounds, errors; fn may write to the store) except that a
// record's Body, and the memory behind it, belong to the driver and are
// valid only until fn returns: fn copies what it keeps. A driver then reads
// a page of bodies into one buffer it uses again, instead of allocating
// each. The plugin server uses it to stream a scan (it copies every record
// into the outgoing chunk at once); the store conformance suite checks it
// agrees with Scan.
type LendingScanner interface {
	ScanLent(ctx context.Context, q Query, fn func(Record) error) error
}

// Opener opens a Store from a URL such as sqlite:///var/lib/agency.db. It
// receives the whole URL as given, since some (sqlite://:memory:) are not
// valid for net/url.
type Opener func(ctx context.Context, rawURL string) (Store, error)

// URLOpener is the Opener of a driver whose settings all come from its URL:
// it parses the URL with parse, then opens the store with open. A failed
// open gives a nil Store, never a nil *S inside a non-nil one.
func URLOpener[O any, S Store](parse func(rawURL string) (O, error), open func(context.Context, O) (S, error)) Opener {
	return func(ctx context.Context, rawURL string) (Store, error) {
		o, err := parse(rawURL)
		if err != nil {
			return nil, err
		}
		s, err := open(ctx, o)
		if err != nil {
			return nil, err
		}
		return s, nil
	}
}
