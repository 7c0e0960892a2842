package driver

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"sort"
	"time"
)

// Audit entry formats (AuditEntry.Format).
const (
	// FormatV1: entries written before format 2. Change.Digest is
	// BodyDigest (the body only) and Hash is AuditHash (SHA-256, unkeyed).
	FormatV1 = 1
	// FormatV2: Change.Digest is RecordDigest (time, attributes and body)
	// and Hash is AuditHashV2, keyed with HMAC-SHA256 when KeyID is set.
	FormatV2 = 2
)

// ChainHash computes e's chain hash by its format: AuditHash for format 1
// (0, from a peer that predates formats, counts as 1), AuditHashV2 for
// format 2. key is used only for an entry with a KeyID; an entry of an
// unknown format hashes to nil, which matches no stored hash.
func ChainHash(key, prev []byte, e *AuditEntry) []byte {
	switch e.Format {
	case 0, FormatV1:
		return AuditHash(prev, e)
	case FormatV2:
		return AuditHashV2(key, prev, e)
	}
	return nil
}

// encoder writes the length-prefixed encoding the digests hash.
type encoder struct {
	h   hash.Hash
	buf [8]byte
}

func (w *encoder) int(v int64) {
	binary.BigEndian.PutUint64(w.buf[:], uint64(v))
	w.h.Write(w.buf[:])
}

func (w *encoder) bytes(b []byte) {
	w.int(int64(len(b)))
	w.h.Write(b)
}

func (w *encoder) str(s string) {
	w.int(int64(len(s)))
	w.h.Write([]byte(s))
}

// AuditHashV2 is a format-2 entry's chain hash: HMAC-SHA256 under key when
// e.KeyID is set (key must then be the key whose AuditKeyID is KeyID),
// SHA-256 otherwise, over a length-prefixed encoding of the tag
// "relaciona-audit-v2", Format, KeyID, prev and every field but Hash.
func AuditHashV2(key, prev []byte, e *AuditEntry) []byte {
	var w encoder
	if e.KeyID != "" {
		w.h = hmac.New(sha256.New, key)
	} else {
		w.h = sha256.New()
	}
	w.str("relaciona-audit-v2")
	w.int(int64(e.Format))
	w.str(e.KeyID)
	w.bytes(prev)
	w.int(e.Seq)
	w.int(microOf(e.Time))
	w.str(e.Actor)
	w.str(e.Action)
	w.str(e.Reason)
	w.int(int64(len(e.Changes)))
	for _, c := range e.Changes {
		w.str(c.Kind)
		w.str(c.ID)
		w.int(c.Before)
		w.int(c.After)
		w.bytes(c.Digest)
	}
	return w.h.Sum(nil)
}

// RecordDigest is the digest a format-2 Change carries: SHA-256 over a
// length-prefixed encoding of the tag "relaciona-record-v2", the record's
// normalized time (Unix microseconds, 0 for none), its attributes sorted by
// name and its body. It covers everything a reader relies on (a filter
// reads attributes and time), so changing any of them behind the store's
// back is found. Kind, ID and Version are in the Change itself.
func RecordDigest(r *Record) []byte {
	w := encoder{h: sha256.New()}
	w.str("relaciona-record-v2")
	w.int(microOf(NormalizeTime(r.Time)))
	names := make([]string, 0, len(r.Attrs))
	for k := range r.Attrs {
		names = append(names, k)
	}
	sort.Strings(names)
	w.int(int64(len(names)))
	for _, k := range names {
		w.str(k)
		w.str(r.Attrs[k])
	}
	w.bytes(r.Body)
	return w.h.Sum(nil)
}

func microOf(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

// AuditHash computes a format-1 audit entry's chain hash from the previous
// entry's hash and the entry's own fields (everything but Hash, Format and
// KeyID). Drivers wrote it until format 2 (see ChainHash); it is kept so
// that those entries still verify.
//
// The encoding is length-prefixed, so no two different entries encode alike.
func AuditHash(prev []byte, e *AuditEntry) []byte {
	h := sha256.New()
	var buf [8]byte
	putInt := func(v int64) {
		binary.BigEndian.PutUint64(buf[:], uint64(v))
		h.Write(buf[:])
	}
	putBytes := func(b []byte) {
		putInt(int64(len(b)))
		h.Write(b)
	}
	putStr := func(s string) {
		putInt(int64(len(s)))
		h.Write([]byte(s))
	}
	putStr("relaciona-audit-v1")
	putBytes(prev)
	putInt(e.Seq)
	putInt(e.Time.UnixMicro())
	putStr(e.Actor)
	putStr(e.Action)
	putStr(e.Reason)
	putInt(int64(len(e.Changes)))
	for _, c := range e.Changes {
		putStr(c.Kind)
		putStr(c.ID)
		putInt(c.Before)
		putInt(c.After)
		putBytes(c.Digest)
	}
	return h.Sum(nil)
}

// BodyDigest is the SHA-256 of a record body, as a format-1 Change stored
// it (format 2 stores RecordDigest).
func BodyDigest(body []byte) []byte {
	s := sha256.Sum256(body)
	return s[:]
}

// NormalizeTime returns t in UTC truncated to the microsecond, the precision
// every driver stores.
func NormalizeTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Microsecond)
}

// CheckBatch validates a batch before a driver applies it: kinds and ids
// non-empty, no record twice, valid ops and expectations, and an audit
// actor and action. It returns an error wrapping ErrInvalid.
func CheckBatch(b *Batch) error {
	if len(b.Writes) == 0 {
		return wrapf(ErrInvalid, "empty batch")
	}
	if b.Audit.Actor == "" || b.Audit.Action == "" {
		return wrapf(ErrInvalid, "batch audit entry needs an actor and an action")
	}
	seen := make(map[[2]string]struct{}, len(b.Writes))
	for i := range b.Writes {
		w := &b.Writes[i]
		if w.Record.Kind == "" || w.Record.ID == "" {
			return wrapf(ErrInvalid, "write %d: kind and id must not be empty", i)
		}
		if w.Op != OpPut && w.Op != OpDelete {
			return wrapf(ErrInvalid, "write %d: unknown op %d", i, w.Op)
		}
		if w.Expect < AnyVersion {
			return wrapf(ErrInvalid, "write %d: expected version %d is negative", i, w.Expect)
		}
		k := [2]string{w.Record.Kind, w.Record.ID}
		if _, dup := seen[k]; dup {
			return wrapf(ErrInvalid, "write %d: %s/%s appears twice in one batch", i, k[0], k[1])
		}
		seen[k] = struct{}{}
	}
	return nil
}
