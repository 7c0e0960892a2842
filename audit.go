package relaciona

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"
	"sort"
	"time"

	"github.com/relaciona/relaciona/plugins/driver"
)

// AuditEntry is one entry of the store's audit log: who did what, when and
// why, and the records it changed with their versions before and after.
// Entries are numbered from 1 without gaps, and each one's Hash covers the
// previous entry's hash, so the log is tamper-evident. Format is 1 for
// entries written before digests covered attributes and time, 2 after;
// KeyID names the audit key of a keyed entry ("" for an unkeyed one).
type AuditEntry struct {
	Format   int
	KeyID    string
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
// record was created; After is 0 when it was deleted. Digest is the
// record's digest as written: driver.RecordDigest (time, attributes, body)
// in a format-2 entry, the SHA-256 of the body in a format-1 entry.
type AuditChange struct {
	Kind   string
	ID     string
	Before int64
	After  int64
	Digest []byte
}

func auditFromDriver(e driver.AuditEntry) AuditEntry {
	a := AuditEntry{Format: max(e.Format, driver.FormatV1), KeyID: e.KeyID, Seq: e.Seq, Time: e.Time, Actor: e.Actor, Action: e.Action, Reason: e.Reason, PrevHash: e.PrevHash, Hash: e.Hash}
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
	// KeyID is the audit key id of the last entry ("" when it is not
	// keyed, or the log is empty); KeyedFrom the first keyed entry (0:
	// none). Every entry from KeyedFrom on is keyed with KeyID and was
	// verified with the store's key. A log rewritten entirely without
	// the key shows up here as unkeyed: whoever records Head outside the
	// store should record KeyID beside it and treat a log found unkeyed
	// after it was keyed as tampered.
	KeyID     string
	KeyedFrom int64
}

// auditKey is the store's audit key and its id (driver.AuditKeyID).
type auditKey struct {
	id  string
	key []byte
}

// WithAuditKey gives the store an audit key, as UseAuditKey does. NewStore
// cannot return an error: a key it refuses (too short, or a driver that
// cannot key its log) makes OpenStore fail, and every Commit of a Store
// made by NewStore fail, with that error. The key is copied.
func WithAuditKey(key []byte) StoreOption {
	k := append([]byte(nil), key...)
	return func(s *Store) {
		if err := s.UseAuditKey(k); err != nil {
			s.keyErr = err
		}
	}
}

// UseAuditKey keys the store's audit chain: every entry written from now on
// is chained with HMAC-SHA256 under key (format 2, carrying the key's id,
// driver.AuditKeyID), and VerifyAudit checks keyed entries with it. Whoever
// rewrites the log (a body changed and the whole chain recomputed) without
// the key is then found out.
//
// The key is a secret of the deployment: at least driver.MinAuditKeyLen
// bytes (32 random bytes recommended), read from the environment or from a
// file named in the deployment, never from the store itself, and never
// logged (its id may be). Give every process that writes to the store the
// same key: once the log's last entry is keyed, a store holding no key or
// another key refuses to write (an error wrapping ErrInvalid that names the
// log's key id), so the log is never continued unkeyed. Changing the key
// of a keyed log is not supported. Older unkeyed entries still verify; the
// first write after UseAuditKey starts the keyed part of the chain.
//
// It fails with ErrInvalid for a short key and ErrUnsupported when the
// driver cannot key its log (it lacks driver.AuditKeyer).
func (s *Store) UseAuditKey(key []byte) error {
	id, err := driver.CheckAuditKey(key)
	if err != nil {
		return fmt.Errorf("use audit key: %w", err)
	}
	kd, ok := s.d.(driver.AuditKeyer)
	if !ok {
		return fmt.Errorf("%w: use audit key: the store's driver cannot key its audit log", ErrUnsupported)
	}
	k := &auditKey{id: id, key: append([]byte(nil), key...)}
	if err := kd.UseAuditKey(id, k.key); err != nil {
		return fmt.Errorf("use audit key %s: %w", id, err)
	}
	s.key.Store(k)
	return nil
}

// AuditKeyID is the id of the store's audit key ("" when it has none).
func (s *Store) AuditKeyID() string {
	if k := s.key.Load(); k != nil {
		return k.id
	}
	return ""
}

// AuditKeyError says that a keyed audit log cannot be verified with the
// key the store holds: none, or another one. It is not tampering by
// itself: give the store the log's key. It wraps ErrInvalid.
type AuditKeyError struct {
	Seq      int64  // the first keyed entry
	LogKeyID string // the key id the log's entries carry
	KeyID    string // the store's key id; "" for none
}

// Error describes the problem in English.
func (e *AuditKeyError) Error() string { return "verify audit log: " + e.Problem(English) }

// Problem says what is wrong, in l.
func (e *AuditKeyError) Problem(l Lang) string {
	if e.KeyID == "" {
		return l.Tf("la auditoría está firmada con la clave %s desde la entrada %d, y el almacén no tiene clave de auditoría: désela para verificarla",
			"the audit log is keyed with key %s from entry %d and the store has no audit key: give it that key to verify it", e.LogKeyID, e.Seq)
	}
	return l.Tf("la auditoría está firmada con la clave %s desde la entrada %d, pero la clave del almacén es otra (%s)",
		"the audit log is keyed with key %s from entry %d, but the store's key is another one (%s)", e.LogKeyID, e.Seq, e.KeyID)
}

// Unwrap makes errors.Is(err, ErrInvalid) true.
func (e *AuditKeyError) Unwrap() error { return ErrInvalid }

// VerifyAudit walks the whole audit log and recomputes the hash chain, each
// entry by its format: format 1 with SHA-256, format 2 with SHA-256 or,
// for a keyed entry, HMAC-SHA256 under the store's key (UseAuditKey). It
// returns an *AuditError for the first entry that was altered, removed or
// reordered, or that breaks the order of formats and keys (a format-1 or
// unkeyed entry after a keyed format-2 one, a key that changes); an
// *AuditKeyError when the log is keyed and the store holds no key or
// another; and otherwise the summary.
func (s *Store) VerifyAudit(ctx context.Context) (AuditSummary, error) {
	var sum AuditSummary
	cc := chainChecker{key: s.key.Load(), prev: []byte{}, want: 1}
	var bad error
	err := s.snapshot(ctx, func(rd driver.Reader) error {
		return rd.ScanAudit(ctx, 1, func(e driver.AuditEntry) error {
			if bad = cc.check(&e); bad != nil {
				return bad
			}
			sum.Entries++
			sum.Head = e.Hash
			sum.Last = e.Time
			sum.KeyID = e.KeyID
			sum.KeyedFrom = cc.keyedFrom
			return nil
		})
	})
	switch {
	case bad != nil:
		return sum, bad
	case err != nil:
		return sum, fmt.Errorf("verify audit log: %w", err)
	}
	return sum, nil
}

// chainChecker checks audit entries in order: their numbering and links,
// the order of formats and keys, and each one's hash, by its format and
// under the store's key for a keyed entry. Each entry that passes moves it
// on.
type chainChecker struct {
	key        *auditKey
	prev       []byte // the hash the next entry must link to
	want       int64  // the next entry's number
	prevFormat int
	prevKeyID  string
	keyedFrom  int64 // the first keyed entry seen (0: none)
}

// check checks e, the next entry, and returns an *AuditError or an
// *AuditKeyError when it fails.
func (c *chainChecker) check(e *driver.AuditEntry) error {
	format := max(e.Format, driver.FormatV1)
	var k []byte
	if c.key != nil {
		k = c.key.key
	}
	switch {
	case e.Seq != c.want:
		return &AuditError{Seq: c.want, Problem: fmt.Sprintf("entry %d is missing or out of order (found %d)", c.want, e.Seq)}
	case !bytes.Equal(e.PrevHash, c.prev):
		return &AuditError{Seq: e.Seq, Problem: "its link to the previous entry does not match (an entry before it was removed, reordered or altered)"}
	case format != driver.FormatV1 && format != driver.FormatV2:
		return &AuditError{Seq: e.Seq, Problem: fmt.Sprintf("its format %d is unknown (it was altered, or written by a newer program)", e.Format)}
	case format < c.prevFormat:
		return &AuditError{Seq: e.Seq, Problem: "it is format 1 after a format-2 entry (no driver writes that: the log was rewritten)"}
	case format == driver.FormatV1 && e.KeyID != "":
		return &AuditError{Seq: e.Seq, Problem: "it is format 1 but carries a key id (it was altered)"}
	case c.prevKeyID != "" && e.KeyID == "":
		return &AuditError{Seq: e.Seq, Problem: fmt.Sprintf("it is not keyed, but the entry before is keyed with key %s (no driver continues a keyed log unkeyed: the log was rewritten without the key)", c.prevKeyID)}
	case c.prevKeyID != "" && e.KeyID != c.prevKeyID:
		return &AuditError{Seq: e.Seq, Problem: fmt.Sprintf("it is keyed with key %s, but the entry before with key %s (keys do not change within a log: it was altered)", e.KeyID, c.prevKeyID)}
	case e.KeyID != "" && c.prevKeyID == "" && (c.key == nil || c.key.id != e.KeyID):
		kerr := &AuditKeyError{Seq: e.Seq, LogKeyID: e.KeyID}
		if c.key != nil {
			kerr.KeyID = c.key.id
		}
		return kerr
	case !bytes.Equal(driver.ChainHash(k, c.prev, e), e.Hash):
		problem := "its content does not match its hash (it was altered)"
		if e.KeyID != "" {
			problem = fmt.Sprintf("its content does not match its hash under key %s (it was altered, or the chain recomputed without the key)", e.KeyID)
		}
		return &AuditError{Seq: e.Seq, Problem: problem}
	}
	if e.KeyID != "" && c.prevKeyID == "" {
		c.keyedFrom = e.Seq
	}
	c.prev = e.Hash
	c.prevFormat, c.prevKeyID = format, e.KeyID
	c.want = e.Seq + 1
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
	// BodyDiffers: the record's body is not the one written at its version
	// (a format-1 entry, whose digest covers the body only).
	BodyDiffers
	// Missing: the log wrote the record and never deleted it, but it is gone.
	Missing
	// ContentDiffers: the record's body, attributes or time are not the
	// ones written at its version (a format-2 entry, whose digest covers
	// all three: driver.RecordDigest).
	ContentDiffers
	// IndexDiffers: the attribute index filters read (kept apart from the
	// records by some drivers, as SQLite's attrs table) does not match the
	// records' attributes: a filter would miss or wrongly find records.
	// ID is the first record found so ("" when it could not be told).
	IndexDiffers
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
	// Detail says what differs in the index (IndexDiffers), in English,
	// naming attributes but never their values.
	Detail string
}

// Error describes the mismatch in English.
func (e *RecordMismatch) Error() string {
	if e.ID == "" {
		return fmt.Sprintf("records of %s do not match the audit log: %s", e.Kind, e.Problem(English))
	}
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
	case ContentDiffers:
		return l.Tf("su contenido no es el escrito en la versión %d (el cuerpo, los atributos o la fecha)", "its body, attributes or time are not the ones written at version %d", e.Logged)
	case IndexDiffers:
		return l.Tf("el índice de atributos que leen los filtros no coincide con sus atributos (%s)", "the attribute index filters read does not match its attributes (%s)", e.Detail)
	}
	return l.T("difiere de la auditoría", "it differs from the log")
}

// Unwrap makes errors.Is(err, ErrAuditBroken) true.
func (e *RecordMismatch) Unwrap() error { return ErrAuditBroken }

// VerifyRecords compares the records of the given kinds (none: every kind
// the audit log has written) with what the log last wrote for each: the
// same version and the same digest (time, attributes and body for a
// record last written by a format-2 entry, the body alone for format 1), a
// record the log deleted absent, and no record the log never wrote. When
// the driver keeps an attribute index apart from the records
// (driver.IndexVerifier, as SQLite), it also proves the index of each kind
// matches the records' attributes, since filters read the index. The hash chain (VerifyAudit)
// proves the log itself intact; this proves the records are the ones the
// log describes, so a change made to the records behind the store's back
// (an UPDATE in a database console) is found. Run VerifyAudit first: a
// broken log makes this comparison meaningless. A kind the log never
// wrote is not looked at unless named.
//
// It returns the number of records checked, or a *RecordMismatch for the
// first difference (kinds in order, then ids; the index of a kind after its
// records). It reads the whole log once, whatever the number of kinds, and
// holds one version, digest and format per record in memory (about 100
// bytes each).
func (s *Store) VerifyRecords(ctx context.Context, kinds ...string) (int64, error) {
	for _, k := range kinds {
		if k == "" {
			return 0, fmt.Errorf("%w: verify records: a kind is empty", ErrInvalid)
		}
	}
	var n int64
	var checked []string
	// The log and the records are read from one snapshot, so a batch
	// committed meanwhile is seen in both or in neither.
	err := s.snapshot(ctx, func(rd driver.Reader) error {
		var err error
		n, checked, err = verifyRecords(ctx, rd, kinds)
		return err
	})
	if err != nil {
		return n, err
	}
	return n, s.verifyIndexes(ctx, checked)
}

// verifyIndexes compares, for each kind, the driver's attribute index with
// the records, when the driver keeps one apart (driver.IndexVerifier). The
// index is compared with the records, not with the log: the driver reads
// both from one view of its own, outside any snapshot (which may hold the
// only connection of an in-memory database).
func (s *Store) verifyIndexes(ctx context.Context, kinds []string) error {
	iv, ok := s.d.(driver.IndexVerifier)
	if !ok {
		return nil
	}
	for _, kind := range kinds {
		if err := iv.VerifyIndex(ctx, kind); err != nil {
			var im *driver.IndexMismatch
			if errors.As(err, &im) {
				return &RecordMismatch{Kind: kind, ID: im.ID, Cause: IndexDiffers, Detail: im.Detail}
			}
			return fmt.Errorf("verify attribute index of %s: %w", kind, err)
		}
	}
	return nil
}

// changeMatches says whether record r is the one change c wrote, c being
// part of an entry of the given format (driver.FormatV1 or V2; 0 counts as
// 1): the same version, and the same digest (driver.RecordDigest for
// format 2, the body's SHA-256 for format 1). When it is not, it returns
// the cause: VersionDiffers, ContentDiffers (format 2) or BodyDiffers
// (format 1). c must not be a delete (After 0).
func changeMatches(c driver.Change, format int, r driver.Record) (MismatchCause, bool) {
	if c.After != r.Version {
		return VersionDiffers, false
	}
	if format == driver.FormatV2 {
		if !bytes.Equal(c.Digest, driver.RecordDigest(&r)) {
			return ContentDiffers, false
		}
		return 0, true
	}
	if !bytes.Equal(c.Digest, driver.BodyDigest(r.Body)) {
		return BodyDiffers, false
	}
	return 0, true
}

func verifyRecords(ctx context.Context, rd driver.Reader, kinds []string) (int64, []string, error) {
	// Held by value, digest inline: one map entry per record, no pointer
	// for the collector to follow.
	type last struct {
		version int64
		digest  [sha256.Size]byte
		format  uint8 // of the entry that wrote it (driver.FormatV1, V2)
		odd     bool  // the log's digest is not a SHA-256: nothing matches it
		seen    bool  // found among the records
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
			l := last{version: c.After, format: uint8(min(max(e.Format, driver.FormatV1), 255)), odd: len(c.Digest) != sha256.Size}
			copy(l.digest[:], c.Digest)
			m[c.ID] = l
		}
		return nil
	})
	if err != nil {
		return 0, nil, fmt.Errorf("verify records: reading the audit log: %w", err)
	}
	order := slices.Sorted(maps.Keys(want))
	var n int64
	for _, kind := range order {
		m := want[kind]
		var bad *RecordMismatch
		err = scanReader(ctx, rd, driver.Query{Kind: kind}, true, func(r driver.Record) error {
			l, ok := m[r.ID]
			if !ok {
				bad = &RecordMismatch{Kind: kind, ID: r.ID, Cause: NotInLog}
				return bad
			}
			c := driver.Change{Kind: kind, ID: r.ID, After: l.version}
			if !l.odd {
				c.Digest = l.digest[:]
			}
			if cause, ok := changeMatches(c, int(l.format), r); !ok {
				bad = &RecordMismatch{Kind: kind, ID: r.ID, Cause: cause, Version: r.Version, Logged: l.version}
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
			return n, nil, bad
		}
		if err != nil {
			return n, nil, fmt.Errorf("verify records of %s: %w", kind, err)
		}
		var missing []string
		for id, l := range m {
			if !l.seen {
				missing = append(missing, id)
			}
		}
		if len(missing) > 0 {
			sort.Strings(missing)
			return n, nil, &RecordMismatch{Kind: kind, ID: missing[0], Cause: Missing, MissingCount: len(missing)}
		}
	}
	return n, order, nil
}
