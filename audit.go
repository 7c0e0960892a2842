package relaciona

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"iter"
	"sort"
	"time"

	"github.com/relaciona/relaciona/plugins/driver"
)

// AuditEntry is one entry of the store's audit log: who did what, when and
// why, and the records it changed with their versions before and after.
// Entries are numbered from 1 without gaps, and each one's Hash covers the
// previous entry's hash, so the log is tamper-evident.
type AuditEntry struct {
	Seq      int64
	Time     time.Time
	Actor    string
	Action   string
	Reason   string
	Changes  []AuditChange
	PrevHash []byte
	Hash     []byte
}

// AuditChange is one record's part of an audit entry. Before is 0 when the
// record was created; After is 0 when it was deleted. Digest is the SHA-256
// of the body written.
type AuditChange struct {
	Kind   string
	ID     string
	Before int64
	After  int64
	Digest []byte
}

func auditFromDriver(e driver.AuditEntry) AuditEntry {
	a := AuditEntry{Seq: e.Seq, Time: e.Time, Actor: e.Actor, Action: e.Action, Reason: e.Reason, PrevHash: e.PrevHash, Hash: e.Hash}
	a.Changes = make([]AuditChange, len(e.Changes))
	for i, c := range e.Changes {
		a.Changes[i] = AuditChange{Kind: c.Kind, ID: c.ID, Before: c.Before, After: c.After, Digest: c.Digest}
	}
	return a
}

// Audit streams the audit log from entry from (1 for the start).
func (s *Store) Audit(ctx context.Context, from int64) iter.Seq2[AuditEntry, error] {
	return func(yield func(AuditEntry, error) bool) {
		stopped := errors.New("stopped")
		err := s.d.ScanAudit(ctx, from, func(e driver.AuditEntry) error {
			if !yield(auditFromDriver(e), nil) {
				return stopped
			}
			return nil
		})
		if err != nil && err != stopped {
			yield(AuditEntry{}, fmt.Errorf("read audit log: %w", err))
		}
	}
}

// History streams the audit entries that changed one record, oldest first.
// It reads the whole log: use it for one record's story, not in a loop.
func (s *Store) History(ctx context.Context, kind, id string) iter.Seq2[AuditEntry, error] {
	return func(yield func(AuditEntry, error) bool) {
		for e, err := range s.Audit(ctx, 1) {
			if err != nil {
				yield(e, err)
				return
			}
			for _, c := range e.Changes {
				if c.Kind == kind && c.ID == id {
					if !yield(e, nil) {
						return
					}
					break
				}
			}
		}
	}
}

// AuditError says which audit entry failed verification and how. It wraps
// ErrAuditBroken.
type AuditError struct {
	Seq     int64  // the first entry found wrong (for a gap: the first missing one)
	Problem string // what is wrong with it
}

// Error describes the break.
func (e *AuditError) Error() string {
	return fmt.Sprintf("audit chain broken at entry %d: %s", e.Seq, e.Problem)
}

// Unwrap makes errors.Is(err, ErrAuditBroken) true.
func (e *AuditError) Unwrap() error { return ErrAuditBroken }

// AuditSummary is the result of a successful verification: the number of
// entries and the hash of the last one. Publishing Head somewhere outside
// the store (a report, a signed minute) also makes the removal of entries
// at the end detectable.
type AuditSummary struct {
	Entries int64
	Head    []byte
	Last    time.Time // time of the last entry; zero for an empty log
}

// VerifyAudit walks the whole audit log and recomputes the hash chain. It
// returns an *AuditError for the first entry that was altered, removed or
// reordered, and otherwise the summary.
func (s *Store) VerifyAudit(ctx context.Context) (AuditSummary, error) {
	var sum AuditSummary
	prev := []byte{}
	want := int64(1)
	var brk *AuditError
	err := s.snapshot(ctx, func(rd driver.Reader) error {
		return rd.ScanAudit(ctx, 1, func(e driver.AuditEntry) error {
			if brk = checkAuditEntry(&e, want, prev); brk != nil {
				return brk
			}
			prev = e.Hash
			want++
			sum.Entries++
			sum.Head = e.Hash
			sum.Last = e.Time
			return nil
		})
	})
	if brk != nil {
		return sum, brk
	}
	if err != nil {
		return sum, fmt.Errorf("verify audit log: %w", err)
	}
	return sum, nil
}

// checkAuditEntry checks one entry of the chain: that it is entry want and
// that it links to prev and matches its hash. VerifyAudit and VerifySince
// both walk the chain with it.
func checkAuditEntry(e *driver.AuditEntry, want int64, prev []byte) *AuditError {
	switch {
	case e.Seq != want:
		return &AuditError{Seq: want, Problem: fmt.Sprintf("entry %d is missing or out of order (found %d)", want, e.Seq)}
	case !bytes.Equal(e.PrevHash, prev):
		return &AuditError{Seq: e.Seq, Problem: "its link to the previous entry does not match (an entry before it was removed, reordered or altered)"}
	case !bytes.Equal(driver.AuditHash(prev, e), e.Hash):
		return &AuditError{Seq: e.Seq, Problem: "its content does not match its hash (it was altered)"}
	}
	return nil
}

// MismatchCause is how a record differs from the audit log.
type MismatchCause int

// The causes of a RecordMismatch.
const (
	// NotInLog: the record exists but the log never wrote it, or deleted it.
	NotInLog MismatchCause = iota + 1
	// VersionDiffers: the record's version is not the one the log last wrote.
	VersionDiffers
	// BodyDiffers: the record's body is not the one written at its version.
	BodyDiffers
	// Missing: the log wrote the record and never deleted it, but it is gone.
	Missing
)

// RecordMismatch says which record differs from what the audit log last
// wrote for it. It wraps ErrAuditBroken. It never carries a body.
type RecordMismatch struct {
	Kind, ID string
	Cause    MismatchCause
	// Version is the record's version (VersionDiffers); Logged the version
	// the log last wrote (VersionDiffers, BodyDiffers).
	Version, Logged int64
	// MissingCount is how many records of Kind are Missing; ID is the first.
	MissingCount int
}

// Error describes the mismatch in English.
func (e *RecordMismatch) Error() string {
	return fmt.Sprintf("record %s/%s does not match the audit log: %s", e.Kind, e.ID, e.Problem(English))
}

// Problem says what differs, in l.
func (e *RecordMismatch) Problem(l Lang) string {
	switch e.Cause {
	case NotInLog:
		return l.T("la auditoría nunca lo escribió, o lo borró", "the log never wrote it, or deleted it")
	case VersionDiffers:
		return l.Tf("su versión es %d, la auditoría escribió por última vez la %d", "its version is %d, the log last wrote %d", e.Version, e.Logged)
	case BodyDiffers:
		return l.Tf("su contenido no es el escrito en la versión %d", "its body is not the one written at version %d", e.Logged)
	case Missing:
		return l.Tf("la auditoría lo escribió y nunca lo borró, pero falta (%d registros así)", "the log wrote it and never deleted it, but it is missing (%d such records)", e.MissingCount)
	}
	return l.T("difiere de la auditoría", "it differs from the log")
}

// Unwrap makes errors.Is(err, ErrAuditBroken) true.
func (e *RecordMismatch) Unwrap() error { return ErrAuditBroken }

// VerifyRecords compares the records of the given kinds (none: every kind
// the audit log has written) with what the log last wrote for each: the
// same version and the same body (by its SHA-256), a record the log deleted
// absent, and no record the log never wrote. The hash chain (VerifyAudit)
// proves the log itself intact; this proves the records are the ones the
// log describes, so a change made to the records behind the store's back
// (an UPDATE in a database console) is found. Run VerifyAudit first: a
// broken log makes this comparison meaningless. A kind the log never
// wrote is not looked at unless named.
//
// It returns the number of records checked, or a *RecordMismatch for the
// first difference (kinds in order, then ids). It reads the whole log once,
// whatever the number of kinds, and holds one version and digest per
// record in memory (about 100 bytes each).
func (s *Store) VerifyRecords(ctx context.Context, kinds ...string) (int64, error) {
	for _, k := range kinds {
		if k == "" {
			return 0, fmt.Errorf("%w: verify records: a kind is empty", ErrInvalid)
		}
	}
	var n int64
	// The log and the records are read from one snapshot, so a batch
	// committed meanwhile is seen in both or in neither.
	err := s.snapshot(ctx, func(rd driver.Reader) error {
		var err error
		n, err = verifyRecords(ctx, rd, kinds)
		return err
	})
	return n, err
}

func verifyRecords(ctx context.Context, rd driver.Reader, kinds []string) (int64, error) {
	// Held by value, digest inline: one map entry per record, no pointer
	// for the collector to follow.
	type last struct {
		version int64
		digest  [sha256.Size]byte
		odd     bool // the log's digest is not a SHA-256: nothing matches it
		seen    bool // found among the records
	}
	want := map[string]map[string]last{}
	for _, k := range kinds {
		want[k] = map[string]last{}
	}
	all := len(kinds) == 0
	err := rd.ScanAudit(ctx, 1, func(e driver.AuditEntry) error {
		for _, c := range e.Changes {
			m := want[c.Kind]
			if m == nil {
				if !all {
					continue
				}
				m = map[string]last{}
				want[c.Kind] = m
			}
			if c.After == 0 {
				delete(m, c.ID)
				continue
			}
			l := last{version: c.After, odd: len(c.Digest) != sha256.Size}
			copy(l.digest[:], c.Digest)
			m[c.ID] = l
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("verify records: reading the audit log: %w", err)
	}
	order := make([]string, 0, len(want))
	for k := range want {
		order = append(order, k)
	}
	sort.Strings(order)
	var n int64
	for _, kind := range order {
		m := want[kind]
		var bad *RecordMismatch
		err = scanReader(ctx, rd, driver.Query{Kind: kind}, true, func(r driver.Record) error {
			l, ok := m[r.ID]
			switch {
			case !ok:
				bad = &RecordMismatch{Kind: kind, ID: r.ID, Cause: NotInLog}
			case l.version != r.Version:
				bad = &RecordMismatch{Kind: kind, ID: r.ID, Cause: VersionDiffers, Version: r.Version, Logged: l.version}
			case l.odd || !bodyMatches(l.digest[:], r):
				bad = &RecordMismatch{Kind: kind, ID: r.ID, Cause: BodyDiffers, Logged: l.version}
			}
			if bad != nil {
				return bad
			}
			l.seen = true
			m[r.ID] = l
			n++
			return nil
		})
		if bad != nil {
			return n, bad
		}
		if err != nil {
			return n, fmt.Errorf("verify records of %s: %w", kind, err)
		}
		var missing []string
		for id, l := range m {
			if !l.seen {
				missing = append(missing, id)
			}
		}
		if len(missing) > 0 {
			sort.Strings(missing)
			return n, &RecordMismatch{Kind: kind, ID: missing[0], Cause: Missing, MissingCount: len(missing)}
		}
	}
	return n, nil
}

// bodyMatches says whether r is the record whose digest the log wrote.
func bodyMatches(digest []byte, r driver.Record) bool {
	return bytes.Equal(digest, driver.BodyDigest(r.Body))
}
