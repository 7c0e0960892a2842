package driver

import (
	"crypto/sha256"
	"encoding/binary"
	"time"
)

// AuditHash computes an audit entry's chain hash from the previous entry's
// hash and the entry's own fields (everything but Hash). Every driver uses
// this one function, so an audit log can be verified whatever stored it.
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

// BodyDigest is the SHA-256 of a record body, as stored in a Change.
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
