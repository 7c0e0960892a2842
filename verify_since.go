package relaciona

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/relaciona/relaciona/plugins/driver"
)

// AuditCheckpoint is one point of the audit log: entry Seq, its Hash and
// its Time. The zero value is the point before the first entry (nothing
// verified yet). Kept outside the store (a head file, a report), it lets a
// later check prove that the store has not gone back: the entry must still
// be there with the same hash.
type AuditCheckpoint struct {
	Seq  int64
	Hash []byte
	Time time.Time // time of entry Seq; zero for the zero checkpoint
}

// IsZero says whether cp is the point before the first entry.
func (cp AuditCheckpoint) IsZero() bool { return cp.Seq == 0 }

// String is "SEQ:HASH-HEX", or "0" for the zero checkpoint.
func (cp AuditCheckpoint) String() string {
	if cp.IsZero() {
		return "0"
	}
	return fmt.Sprintf("%d:%x", cp.Seq, cp.Hash)
}

// ShortHash is the first 12 hex digits of the hash, to show to people.
func (cp AuditCheckpoint) ShortHash() string {
	h := hex.EncodeToString(cp.Hash)
	if len(h) > 12 {
		h = h[:12]
	}
	return h
}

// check validates a checkpoint given by a caller or read from a file.
func (cp AuditCheckpoint) check(name string) error {
	switch {
	case cp.Seq < 0:
		return fmt.Errorf("%w: %s: entry number %d is negative", ErrInvalid, name, cp.Seq)
	case cp.Seq == 0 && len(cp.Hash) != 0:
		return fmt.Errorf("%w: %s: entry 0 (nothing verified) has a hash", ErrInvalid, name)
	case cp.Seq > 0 && len(cp.Hash) != sha256.Size:
		return fmt.Errorf("%w: %s: the hash of entry %d has %d bytes, want %d", ErrInvalid, name, cp.Seq, len(cp.Hash), sha256.Size)
	case !cp.Time.IsZero() && (cp.Time.UTC().Year() < 1 || cp.Time.UTC().Year() > 9999):
		return fmt.Errorf("%w: %s: the time of entry %d is out of range", ErrInvalid, name, cp.Seq)
	}
	return nil
}

func checkpointOf(e *driver.AuditEntry) AuditCheckpoint {
	return AuditCheckpoint{Seq: e.Seq, Hash: bytes.Clone(e.Hash), Time: e.Time}
}

// AuditHead is what a deployment keeps outside its store about the audit
// log: Verified, the point up to which the log and the records it wrote
// were checked, and Seen, the last entry the store had when the head was
// written (at or after Verified). The next check starts from Verified, so
// the records written after it (by the job that wrote the head, or by
// anyone) are checked then, and proves Seen is still there, so entries
// removed at the end (with the records they wrote) are found.
type AuditHead struct {
	Verified AuditCheckpoint
	Seen     AuditCheckpoint
}

// IsZero says whether nothing was verified yet.
func (h AuditHead) IsZero() bool { return h.Verified.IsZero() && h.Seen.IsZero() }

func (h AuditHead) check() error {
	if err := h.Verified.check("audit head: verified"); err != nil {
		return err
	}
	if err := h.Seen.check("audit head: seen"); err != nil {
		return err
	}
	switch {
	case h.Seen.Seq < h.Verified.Seq:
		return fmt.Errorf("%w: audit head: the entry seen (%d) is before the entry verified (%d)", ErrInvalid, h.Seen.Seq, h.Verified.Seq)
	case h.Seen.Seq == h.Verified.Seq && !bytes.Equal(h.Seen.Hash, h.Verified.Hash):
		return fmt.Errorf("%w: audit head: entry %d has two different hashes", ErrInvalid, h.Seen.Seq)
	}
	return nil
}

// VerifyStats says what a verification looked at.
type VerifyStats struct {
	// Full: the whole log and every record were checked (no checkpoint).
	Full bool
	// Entries is the number of entries checked after the checkpoint.
	Entries int64
	// Records is the number of records compared with the log.
	Records int64
}

// HeadError says that the store went back or diverged from a checkpoint
// kept outside it: entries were removed at the end of the log (together,
// perhaps, with the records they wrote), or rewritten. It wraps
// ErrAuditBroken.
type HeadError struct {
	// Seq is the checkpoint's entry.
	Seq int64
	// Last is the last entry the log has now when it ends before Seq, and
	// -1 when that is not known (the log has no entry Seq or after it).
	Last int64
	// Diverged: entry Seq is there, with another hash (Found).
	Diverged bool
	Want     []byte
	Found    []byte
}

// Error describes the problem in English.
func (e *HeadError) Error() string { return "audit log: " + e.Problem(English) }

// Problem says what is wrong, in l.
func (e *HeadError) Problem(l Lang) string {
	switch {
	case e.Diverged:
		return l.Tf("el almacenamiento divergió de la cabeza verificada: la entrada %d tiene el hash %x y la cabeza guarda %x (se reescribieron entradas)",
			"the store diverged from the verified head: entry %d has hash %x where the head holds %x (entries were rewritten)", e.Seq, e.Found, e.Want)
	case e.Last >= 0:
		return l.Tf("el almacenamiento retrocedió: la cabeza verificada llega a la entrada %d y la auditoría termina en la %d (se quitaron entradas)",
			"the store went back: the verified head reaches entry %d and the log ends at entry %d (entries were removed)", e.Seq, e.Last)
	}
	return l.Tf("el almacenamiento retrocedió: la auditoría ya no tiene la entrada %d de la cabeza verificada (se quitaron entradas)",
		"the store went back: the log no longer has entry %d of the verified head (entries were removed)", e.Seq)
}

// Unwrap makes errors.Is(err, ErrAuditBroken) true.
func (e *HeadError) Unwrap() error { return ErrAuditBroken }

// VerifySince checks the audit log and the records from checkpoint from,
// the result of an earlier verification, and returns the new checkpoint:
// the log's last entry. Inside one consistent snapshot it checks that
// entry from.Seq is still there with from.Hash (else a *HeadError: the
// store went back or diverged), that the chain after it is intact (else an
// *AuditError), and that each record changed after it is the one the log
// last wrote: same version, same content (body, attributes and time for
// entries of format 2), absent when the log deleted it (else a
// *RecordMismatch). Keyed entries are checked under the store's key (an
// *AuditKeyError when it holds none or another). Its cost and memory
// follow the entries after from, not the size of the store.
//
// A record changed before from and untouched since is not read: a change
// made to it behind the store's back is found only by a full check
// (VerifyAudit and VerifyRecords, or VerifySince from the zero
// checkpoint), and so are a record the log never wrote and an edit of a
// driver's separate attribute index (driver.IndexVerifier). The zero
// checkpoint checks the whole log and every record, in one snapshot, and
// then the attribute index.
func (s *Store) VerifySince(ctx context.Context, from AuditCheckpoint) (AuditCheckpoint, VerifyStats, error) {
	if err := from.check("verify since"); err != nil {
		return AuditCheckpoint{}, VerifyStats{}, err
	}
	return s.verifySince(ctx, from, from, true)
}

// VerifyHead is VerifySince from h.Verified that also proves entry h.Seen
// is still in the log with its hash, in the same snapshot. It returns the
// new head, with Verified and Seen both at the log's last entry.
func (s *Store) VerifyHead(ctx context.Context, h AuditHead) (AuditHead, VerifyStats, error) {
	if err := h.check(); err != nil {
		return AuditHead{}, VerifyStats{}, err
	}
	cp, st, err := s.verifySince(ctx, h.Verified, h.Seen, true)
	if err != nil {
		return AuditHead{}, st, err
	}
	return AuditHead{Verified: cp, Seen: cp}, st, nil
}

// AdvanceHead moves h.Seen to the log's last entry, checking the chain
// from h.Seen on (and that h.Seen is still there) but not the records:
// those are checked by the next VerifyHead, which starts from h.Verified.
// A job calls it after its own writes, so that removing them (and the
// entries) before the next check is found. Its cost follows the entries
// after h.Seen.
func (s *Store) AdvanceHead(ctx context.Context, h AuditHead) (AuditHead, error) {
	if err := h.check(); err != nil {
		return AuditHead{}, err
	}
	cp, _, err := s.verifySince(ctx, h.Seen, h.Seen, false)
	if err != nil {
		return AuditHead{}, err
	}
	h.Seen = cp
	return h, nil
}

// verifySince walks the chain from from, proving pin (at or after from) is
// in it, and, when records is set, compares the records changed after from
// with the log; all in one snapshot.
func (s *Store) verifySince(ctx context.Context, from, pin AuditCheckpoint, records bool) (AuditCheckpoint, VerifyStats, error) {
	st := VerifyStats{Full: from.IsZero() && records}
	var last AuditCheckpoint
	var fullKinds []string
	err := s.snapshot(ctx, func(rd driver.Reader) error {
		var changes map[string]map[string]loggedChange
		if records && !st.Full {
			changes = map[string]map[string]loggedChange{}
		}
		var err error
		last, st.Entries, err = walkSince(ctx, rd, s.key.Load(), from, pin, changes)
		if err != nil {
			return err
		}
		switch {
		case st.Full:
			st.Records, fullKinds, err = verifyRecords(ctx, rd, nil)
		case records:
			st.Records, err = verifyChanged(ctx, rd, changes)
		}
		return err
	})
	if err == nil && st.Full {
		err = s.verifyIndexes(ctx, fullKinds)
	}
	if err != nil {
		return AuditCheckpoint{}, st, err
	}
	return last, st, nil
}

// loggedChange is the last change the log made to a record: the version
// (0: deleted), the record's digest and the format of the entry.
type loggedChange struct {
	version int64
	digest  [sha256.Size]byte
	format  uint8 // of the entry that wrote it (driver.FormatV1, V2)
	odd     bool  // the log's digest is not a SHA-256: nothing matches it
}

// walkSince checks the chain after from, and that from and pin are in it
// with their hashes; it returns the last entry and the number of entries
// after from. When changes is not nil it keeps there the last change of
// each record changed after from.
func walkSince(ctx context.Context, rd driver.Reader, key *auditKey, from, pin AuditCheckpoint, changes map[string]map[string]loggedChange) (AuditCheckpoint, int64, error) {
	last := from
	cc := chainChecker{key: key, prev: []byte{}, want: 1}
	var n int64
	start := from.Seq
	if start == 0 {
		start = 1
	}
	anchored := from.IsZero() // from's own entry was found (or there is none to find)
	var bad error
	err := rd.ScanAudit(ctx, start, func(e driver.AuditEntry) error {
		if !anchored && e.Seq == from.Seq {
			// The checkpoint's own entry: it must be the same, and
			// consistent with its own link.
			if !bytes.Equal(e.Hash, from.Hash) {
				bad = &HeadError{Seq: from.Seq, Diverged: true, Want: from.Hash, Found: bytes.Clone(e.Hash)}
				return bad
			}
			cc = chainChecker{key: key, prev: bytes.Clone(e.PrevHash), want: from.Seq}
			if bad = cc.check(&e); bad != nil {
				return bad
			}
			anchored = true
			last = checkpointOf(&e)
			return nil
		}
		if !anchored {
			// The log has no entry from.Seq: entries after it only.
			bad = &HeadError{Seq: from.Seq, Last: -1}
			return bad
		}
		if bad = cc.check(&e); bad != nil {
			return bad
		}
		if e.Seq == pin.Seq && !bytes.Equal(e.Hash, pin.Hash) {
			bad = &HeadError{Seq: pin.Seq, Diverged: true, Want: pin.Hash, Found: bytes.Clone(e.Hash)}
			return bad
		}
		if changes != nil {
			for _, c := range e.Changes {
				m := changes[c.Kind]
				if m == nil {
					m = map[string]loggedChange{}
					changes[c.Kind] = m
				}
				l := loggedChange{version: c.After, format: uint8(max(e.Format, driver.FormatV1))}
				if c.After != 0 {
					l.odd = len(c.Digest) != sha256.Size
					copy(l.digest[:], c.Digest)
				}
				m[c.ID] = l
			}
		}
		last = checkpointOf(&e)
		n++
		return nil
	})
	if bad != nil {
		return AuditCheckpoint{}, n, bad
	}
	if err != nil {
		return AuditCheckpoint{}, n, fmt.Errorf("verify audit log from entry %d: %w", start, err)
	}
	switch {
	case !anchored:
		return AuditCheckpoint{}, n, &HeadError{Seq: from.Seq, Last: -1}
	case pin.Seq > last.Seq:
		return AuditCheckpoint{}, n, &HeadError{Seq: pin.Seq, Last: last.Seq}
	}
	return last, n, nil
}

// verifyChangedChunk is how many records verifyChanged reads per Get.
const verifyChangedChunk = 256

// verifyChanged compares the records in changes with the last change the
// log made to each (kinds in order, then ids), reading them by id.
func verifyChanged(ctx context.Context, rd driver.Reader, changes map[string]map[string]loggedChange) (int64, error) {
	var n int64
	for _, kind := range slices.Sorted(maps.Keys(changes)) {
		m := changes[kind]
		ids := slices.Sorted(maps.Keys(m))
		var missing []string
		for lo := 0; lo < len(ids); lo += verifyChangedChunk {
			chunk := ids[lo:min(lo+verifyChangedChunk, len(ids))]
			rs, err := rd.Get(ctx, kind, chunk)
			if err != nil {
				return n, fmt.Errorf("verify records of %s: %w", kind, err)
			}
			got := make(map[string]driver.Record, len(rs))
			for _, r := range rs {
				got[r.ID] = r
			}
			for _, id := range chunk {
				l := m[id]
				r, ok := got[id]
				switch {
				case !ok && l.version == 0:
					continue // deleted, and absent
				case !ok:
					missing = append(missing, id)
					continue
				case l.version == 0:
					return n, &RecordMismatch{Kind: kind, ID: id, Cause: NotInLog}
				}
				c := driver.Change{Kind: kind, ID: id, After: l.version}
				if !l.odd {
					c.Digest = l.digest[:]
				}
				if cause, ok := changeMatches(c, int(l.format), r); !ok {
					return n, &RecordMismatch{Kind: kind, ID: id, Cause: cause, Version: r.Version, Logged: l.version}
				}
				n++
			}
		}
		if len(missing) > 0 {
			return n, &RecordMismatch{Kind: kind, ID: missing[0], Cause: Missing, MissingCount: len(missing)}
		}
	}
	return n, nil
}
